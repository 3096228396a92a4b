/*
 * store_priv.h - internals shared by store.c (schema, buffering),
 * store_write.c (the per-window transaction) and store_query.c (queries).
 */
#ifndef JW_STORE_PRIV_H
#define JW_STORE_PRIV_H

#include <sqlite3.h>

#include "jamwatch/store.h"

/* An event waiting for its window's commit. */
typedef struct jw_store_event {
    jw_event_row row; /* row.cells is NULL: the cells are in cells_json */
    char *cells_json; /* JSON array of H3 strings, malloc'd, owned */
} jw_store_event;

struct jw_store {
    sqlite3 *db;          /* the connection (one per handle, one thread at a time) */
    bool readonly;        /* opened read-only: no sink, no schema */
    double retention_s;   /* 0 keep everything */
    uint64_t run;         /* this writer's run number (event uid = run << 32 | id) */
    jw_store_stats stats; /* writer counters */
    /* The window in progress: rows buffered until window_closed. */
    jw_cell_row *cells;
    size_t ncells, cap_cells;
    jw_store_event *events;
    size_t nevents, cap_events;
    jw_emitter_row *emitters;
    size_t nemitters, cap_emitters;
    jw_target_row *targets;
    size_t ntargets, cap_targets;
};

/* Writes everything buffered in one transaction; with_window records the
 * window [t0, t1) as closed. Clears the buffer either way. */
jw_err jw_store_commit(jw_store *s, bool with_window, double t0, double t1);

/* Drops the buffered rows. */
void jw_store_pending_clear(jw_store *s);

/* The uid under which an engine event id is stored for this run. */
uint64_t jw_store_uid(const jw_store *s, uint64_t id);

#endif
