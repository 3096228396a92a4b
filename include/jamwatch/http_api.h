/*
 * http_api.h - the live service's read-only HTTP server (libmicrohttpd):
 * the JSON API over the store and the live snapshot, Server-Sent Events,
 * Prometheus /metrics and the web app's static files. docs/api.md lists
 * every endpoint.
 *
 * Each connection has its own thread (bounded by max_connections); store
 * queries run on a small pool of read-only SQLite handles. Responses of
 * store queries are cached until the writer commits the next window
 * (jw_http_invalidate).
 */
#ifndef JAMWATCH_HTTP_API_H
#define JAMWATCH_HTTP_API_H

#include <stdint.h>

#include "jamwatch/error.h"
#include "jamwatch/live.h"
#include "jamwatch/sse.h"

typedef struct jw_http_config {
    const char *bind_addr;    /* IPv4 address to bind (default "127.0.0.1") */
    int port;                 /* TCP port (default 8080; 0 = any free port) */
    const char *web_dir;      /* static files root; NULL = no static files */
    const char *db_path;      /* the store (must exist: the writer creates it) */
    jw_live *live;            /* the snapshot; required */
    jw_sse *sse;              /* the SSE hub; NULL = no /api/stream */
    unsigned max_connections; /* default 256 */
    unsigned db_handles;      /* read-only SQLite handles (default 4) */
} jw_http_config;

/* Counters for /metrics. */
typedef struct jw_http_stats {
    uint64_t requests; /* requests answered */
    uint64_t status_2xx, status_4xx, status_5xx;
    uint64_t cache_hits; /* store responses served from the cache */
} jw_http_stats;

typedef struct jw_http jw_http;

/* Starts the server (threads running on return). Free with jw_http_stop(). */
jw_err jw_http_start(const jw_http_config *cfg, jw_http **out);

/* The port actually bound. */
int jw_http_port(const jw_http *h);

/* The store changed: cached responses are stale. Thread-safe. */
void jw_http_invalidate(jw_http *h);

void jw_http_stats_get(jw_http *h, jw_http_stats *out);

/* Stops the server, waits for its threads, frees. NULL is allowed. */
void jw_http_stop(jw_http *h);

#endif
