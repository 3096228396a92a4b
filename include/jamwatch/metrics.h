/*
 * metrics.h - the Prometheus text exposition of the service's counters
 * (format version 0.0.4).
 */
#ifndef JAMWATCH_METRICS_H
#define JAMWATCH_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "jamwatch/live.h"

/* What /metrics reports besides the live counters. */
typedef struct jw_metrics_extra {
    uint64_t http_requests, http_2xx, http_4xx, http_5xx, http_cache_hits;
    size_t sse_clients;   /* SSE clients connected */
    uint64_t sse_dropped; /* SSE clients dropped for being slow */
    long rss_kb;          /* resident memory, kB (0 unknown) */
} jw_metrics_extra;

/* Writes the exposition into buf (cap bytes); returns the length, or 0 if it did not fit. */
size_t jw_metrics_render(const jw_live_counters *c, const jw_metrics_extra *x, double now,
                         char *buf, size_t cap);

#endif
