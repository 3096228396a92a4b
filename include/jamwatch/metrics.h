/*
 * metrics.h - the Prometheus text exposition of the service's counters
 * (format version 0.0.4).
 */
#ifndef JAMWATCH_METRICS_H
#define JAMWATCH_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "jamwatch/live.h"

/* The process's memory by owner, to tell a leak from a cache filling up. */
typedef struct jw_metrics_memory {
    long rss_kb;            /* resident set size, kB (0 unknown) */
    uint64_t heap_in_use;   /* malloc'd bytes in use, all arenas (mallinfo2 uordblks + hblkhd) */
    uint64_t heap_free;     /* bytes malloc holds free in its arenas (fordblks) */
    uint64_t heap_arenas;   /* bytes of the arenas (arena), mmapped blocks excluded */
    uint64_t sqlite_bytes;  /* bytes SQLite has allocated now (sqlite3_memory_used) */
    uint64_t sqlite_peak;   /* its high-water mark since start */
    uint64_t sqlite_pcache; /* page-cache pages in use, all connections (bytes) */
} jw_metrics_memory;

/* Reads the process's memory figures now (/proc/self/statm, mallinfo2,
 * sqlite3_status64). Any thread may call it. */
void jw_metrics_memory_get(jw_metrics_memory *out);

/* What /metrics reports besides the live counters. */
typedef struct jw_metrics_extra {
    uint64_t http_requests, http_2xx, http_4xx, http_5xx, http_cache_hits;
    size_t sse_clients;        /* SSE clients connected */
    uint64_t sse_dropped;      /* SSE clients dropped for being slow */
    uint64_t http_cache_bytes; /* bytes of cached store answers */
    jw_metrics_memory mem;     /* where the memory is (jw_metrics_memory_get) */
} jw_metrics_extra;

/* Writes the exposition into buf (cap bytes); returns the length, or 0 if it did not fit. */
size_t jw_metrics_render(const jw_live_counters *c, const jw_metrics_extra *x, double now,
                         char *buf, size_t cap);

#endif
