/*
 * store.h - the live service's SQLite store of analysis products.
 *
 * One writer (the ingest thread) receives products through a
 * jw_products_sink. Cells, events, emitters and incidents are buffered in
 * memory and written when a window closes, in ONE transaction: a crash
 * (kill -9) loses at most the window in progress and never leaves a half
 * written window. The database runs in WAL mode, so any number of readers
 * (the HTTP threads, each with its own read-only handle) query it while the
 * writer writes. Writing is idempotent (INSERT OR REPLACE on natural keys):
 * replaying data that was already stored rewrites the same rows.
 *
 * Query functions build jansson values for the HTTP API (docs/api.md); the
 * caller owns the returned json_t and frees it with json_decref().
 */
#ifndef JAMWATCH_STORE_H
#define JAMWATCH_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"
#include "jamwatch/products.h"

typedef struct jw_store jw_store;

enum {
    JW_STORE_MAX_PENDING = 200000,   /* buffered rows of the window in progress at most */
    JW_STORE_MAX_EVENT_CELLS = 4096, /* affected cells kept per event */
    JW_STORE_CACHE_KB_WRITER = 1024, /* SQLite page cache of the writer, KiB */
    JW_STORE_CACHE_KB_READER = 512   /* SQLite page cache of each read-only handle, KiB */
};

/* Counters of a writer since open. */
typedef struct jw_store_stats {
    uint64_t windows;       /* windows committed */
    uint64_t cells;         /* cell rows written */
    uint64_t events;        /* event rows written (updates included) */
    uint64_t emitters;      /* emitter rows written */
    uint64_t incidents;     /* target incidents written */
    uint64_t dropped;       /* rows dropped because the pending buffer was full */
    uint64_t errors;        /* failed transactions (rolled back) */
    uint64_t retained_away; /* windows deleted by the retention rule */
} jw_store_stats;

/*
 * Opens (creating when writable) the database at path. A writable store
 * creates the schema, switches to WAL and starts a new run (event ids of
 * the engine are unique within a run only). retention_s > 0 deletes
 * windows (and their cells, emitters and incidents) older than that many
 * seconds of data time behind the newest window, at each commit.
 * Returns JW_EIO when SQLite cannot open or initialise the file.
 * Free with jw_store_close().
 */
jw_err jw_store_open(const char *path, bool readonly, double retention_s, jw_store **out);

/* Flushes nothing (the window in progress is dropped) and closes. NULL is allowed. */
void jw_store_close(jw_store *s);

/* A sink writing into s (a writable store). Its user pointer is s. */
jw_products_sink jw_store_sink(jw_store *s);

/* Writes the buffered events, emitters and incidents without a window
 * (at shutdown, after jw_analysis_finish()). */
jw_err jw_store_flush(jw_store *s);

/* End of the newest stored window; JW_ENOTFOUND when there is none. */
jw_err jw_store_last_window(jw_store *s, double *t1_out);

/* Number of stored windows. */
jw_err jw_store_window_count(jw_store *s, uint64_t *out);

void jw_store_stats_get(const jw_store *s, jw_store_stats *out);

/* Runs PRAGMA integrity_check; JW_OK when it answers "ok". */
jw_err jw_store_check(jw_store *s);

/* ---- Queries (any store; the HTTP threads use read-only ones) ---- */

/* What a query selects; unused fields keep their zero/NAN defaults from
 * jw_store_query_init(). */
typedef struct jw_store_query {
    double from, to;  /* data-time range [from, to); NAN = open */
    double window;    /* a window's t0; NAN = by range */
    double min_level; /* cells: level at least this (0 = all) */
    double bbox[4];   /* min lon, min lat, max lon, max lat; NAN = world */
    int kind;         /* events/emitters: jw_event_kind, -1 any */
    uint64_t event;   /* emitters/events: one event's uid, 0 any */
    uint32_t target;  /* incidents: one target, 0 any */
    bool has_target;  /* target is set */
    jw_h3 cell;       /* cell series: the cell */
    unsigned limit;   /* rows at most (the API bounds it) */
} jw_store_query;

void jw_store_query_init(jw_store_query *q);

/* [{t0, t1, cells, alarms, spoof_alarms}] newest first. */
jw_err jw_store_windows(jw_store *s, const jw_store_query *q, json_t **out);

/* GeoJSON FeatureCollection of cell rows (polygons with their properties). */
jw_err jw_store_cells(jw_store *s, const jw_store_query *q, json_t **out);

/* One cell's rows over time: {cell, series: [{t0, t1, level, ...}]}. */
jw_err jw_store_cell_series(jw_store *s, const jw_store_query *q, json_t **out);

/* Events overlapping the range, newest first. */
jw_err jw_store_events(jw_store *s, const jw_store_query *q, json_t **out);

/* Latest emitter estimate of each event in the range (or all of one event's). */
jw_err jw_store_emitters(jw_store *s, const jw_store_query *q, json_t **out);

/* Target incidents overlapping the range. */
jw_err jw_store_incidents(jw_store *s, const jw_store_query *q, json_t **out);

/* {windows, cells, events, emitters, incidents, first, last}. */
jw_err jw_store_summary(jw_store *s, json_t **out);

#endif
