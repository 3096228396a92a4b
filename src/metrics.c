/*
 * metrics.c - Prometheus text format for the service counters, and the
 * process's memory by owner (resident set, malloc heap, SQLite).
 */
#include <fcntl.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "jamwatch/metrics.h"

typedef struct out_buf {
    char *p;
    size_t cap, len;
    int overflow;
} out_buf;

static void emit(out_buf *o, const char *name, const char *type, const char *help, double v)
{
    int n = snprintf(o->p + o->len, o->cap - o->len, "# HELP %s %s\n# TYPE %s %s\n%s %.17g\n", name,
                     help, name, type, name, v);
    if (n < 0 || (size_t)n >= o->cap - o->len)
        o->overflow = 1;
    else
        o->len += (size_t)n;
}

static long rss_kb(void)
{
    char buf[128] = "";
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *end = NULL;
    strtol(buf, &end, 10); /* total pages */
    long rss = strtol(end, NULL, 10);
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

void jw_metrics_memory_get(jw_metrics_memory *out)
{
    out->rss_kb = rss_kb();
    struct mallinfo2 mi = mallinfo2();
    out->heap_in_use = mi.uordblks + mi.hblkhd;
    out->heap_free = mi.fordblks;
    out->heap_arenas = mi.arena;
    sqlite3_int64 cur = 0, hi = 0;
    out->sqlite_bytes = (uint64_t)sqlite3_memory_used();
    out->sqlite_peak = (uint64_t)sqlite3_memory_highwater(0);
    /* Page-cache memory taken from the general allocator (the default). */
    sqlite3_status64(SQLITE_STATUS_PAGECACHE_OVERFLOW, &cur, &hi, 0);
    out->sqlite_pcache = (uint64_t)cur;
}

size_t jw_metrics_render(const jw_live_counters *c, const jw_metrics_extra *x, double now,
                         char *buf, size_t cap)
{
    out_buf o = {buf, cap, 0, 0};
    emit(&o, "jamwatch_uptime_seconds", "gauge", "Seconds since the service started.",
         now - c->started);
    emit(&o, "jamwatch_data_time_seconds", "gauge", "Latest data time seen (UNIX seconds).",
         c->data_time);
    emit(&o, "jamwatch_input_bytes_total", "counter", "Bytes read from all inputs.",
         (double)c->bytes);
    emit(&o, "jamwatch_frames_total", "counter", "Mode S frames and SBS messages read.",
         (double)c->frames);
    emit(&o, "jamwatch_messages_total", "counter", "Messages accepted by the aircraft table.",
         (double)c->messages);
    emit(&o, "jamwatch_ais_messages_total", "counter", "AIS payloads decoded.",
         (double)c->ais_messages);
    emit(&o, "jamwatch_bad_crc_total", "counter", "Mode S frames with a failed CRC.",
         (double)c->bad_crc);
    emit(&o, "jamwatch_garbage_total", "counter", "Garbage bytes and bad lines in the inputs.",
         (double)c->garbage);
    emit(&o, "jamwatch_aircraft", "gauge", "Aircraft in the table.", (double)c->aircraft);
    emit(&o, "jamwatch_vessels", "gauge", "Vessels in the table.", (double)c->vessels);
    emit(&o, "jamwatch_windows_total", "counter", "Windows committed to the store.",
         (double)c->windows);
    emit(&o, "jamwatch_cells_total", "counter", "Cell rows committed.", (double)c->cells);
    emit(&o, "jamwatch_events_total", "counter", "Event rows written.", (double)c->events);
    emit(&o, "jamwatch_emitters_total", "counter", "Emitter estimates written.",
         (double)c->emitters);
    emit(&o, "jamwatch_store_errors_total", "counter", "Store transactions rolled back.",
         (double)c->store_errors);
    emit(&o, "jamwatch_store_dropped_total", "counter", "Product rows dropped (buffer full).",
         (double)c->store_dropped);
    emit(&o, "jamwatch_analysis_running", "gauge", "1 when an analysis engine runs.",
         c->analysis ? 1 : 0);
    emit(&o, "jamwatch_http_requests_total", "counter", "HTTP requests answered.",
         (double)x->http_requests);
    emit(&o, "jamwatch_http_4xx_total", "counter", "HTTP answers 4xx.", (double)x->http_4xx);
    emit(&o, "jamwatch_http_5xx_total", "counter", "HTTP answers 5xx.", (double)x->http_5xx);
    emit(&o, "jamwatch_http_cache_hits_total", "counter", "Store answers served from cache.",
         (double)x->http_cache_hits);
    emit(&o, "jamwatch_http_cache_bytes", "gauge", "Bytes of cached store answers.",
         (double)x->http_cache_bytes);
    emit(&o, "jamwatch_sse_clients", "gauge", "Server-Sent Events clients connected.",
         (double)x->sse_clients);
    emit(&o, "jamwatch_sse_dropped_total", "counter", "SSE clients dropped for being slow.",
         (double)x->sse_dropped);
    emit(&o, "jamwatch_resident_memory_kilobytes", "gauge", "Resident set size.",
         (double)x->mem.rss_kb);
    emit(&o, "jamwatch_heap_in_use_bytes", "gauge", "malloc'd bytes in use (all arenas).",
         (double)x->mem.heap_in_use);
    emit(&o, "jamwatch_heap_free_bytes", "gauge", "Bytes malloc holds free in its arenas.",
         (double)x->mem.heap_free);
    emit(&o, "jamwatch_sqlite_memory_bytes", "gauge", "Bytes allocated by SQLite now.",
         (double)x->mem.sqlite_bytes);
    emit(&o, "jamwatch_sqlite_memory_peak_bytes", "gauge", "SQLite's allocation high-water mark.",
         (double)x->mem.sqlite_peak);
    emit(&o, "jamwatch_sqlite_page_cache_bytes", "gauge",
         "SQLite page-cache bytes, all connections.", (double)x->mem.sqlite_pcache);
    return o.overflow ? 0 : o.len;
}
