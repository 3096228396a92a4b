/*
 * analysis_internal.h - the parts of the analysis engine shared between its
 * files: analysis.c (windows, dispatch), analysis_cells.c (distinct target
 * sets per cell and window, levels), analysis_events.c (episodes across
 * windows), analysis_emit.c (observations and emitter estimates) and
 * analysis_targets.c (per-target incidents). Not a public interface.
 */
#ifndef JAMWATCH_ANALYSIS_INTERNAL_H
#define JAMWATCH_ANALYSIS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/analysis.h"
#include "jamwatch/locate.h"

/* Flags of one target in one cell-window. */
enum {
    CF_GOOD = 1,
    CF_BAD = 2,
    CF_SPOOF = 4,
    CF_WEAK = 8,
    CF_LOST = 16 /* a confident position-loss record */
};

/* One (cell, target) of a window. */
typedef struct an_entry {
    jw_h3 cell;         /* 0 = empty slot */
    uint32_t target;    /* address / MMSI */
    uint8_t domain;     /* jw_domain */
    uint8_t flags;      /* CF_* */
    uint16_t bad_first; /* earliest CF_BAD record, 2-s units after the window start
                         * (0xFFFF none; fits the struct's padding) */
    float onset;        /* earliest onset of bad evidence, seconds after the window start */
    float spoof_first;  /* earliest CF_SPOOF record, seconds after the window start */
    float bad_last;     /* latest CF_BAD record, seconds after the window start (-INF none) */
    float good_after;   /* first CF_GOOD record after the latest CF_BAD one, seconds after
                         * the window start (-INF none) */
} an_entry;

/* A target spoofed in a cell-window counts there as degraded too only when its
 * first confident degraded record there came at least this long before its first
 * spoofing record: a spoofer's own loss of fix before capture is shorter
 * (air_evidence.c's 30 s hold; 60 s was measured too: levant seed 1 recall
 * 0.85 -> 0.76, seed 2 precision 0.86 -> 0.90). */
#define AN_DIP_S 30.0

/* A spoofer's capture edge (docs/analysis.md, "Cells"): a target that lost
 * its position and got it back within this long of the loss's onset, in a
 * cell-window where another target was spoofed, was at the edge of the
 * spoofer's capture (its dip before a capture, or the reacquisition after a
 * release), not jammed. Reacquisition takes seconds to about two minutes
 * (REFERENCE.md 4; the simulator's receivers 15-120 s); a jammer strong
 * enough to take the fix keeps it while the target is within its reach. */
#define AN_EDGE_S 120.0

/* A sampled observation for the locators, with the cell it fell in. */
typedef struct an_obs {
    jw_locate_obs o; /* position, altitude, time, affected, weight */
    jw_h3 cell;      /* its cell */
    uint8_t kind;    /* JW_EVENT_JAMMING or JW_EVENT_SPOOFING for affected ones */
    uint8_t lost;    /* jamming with the fix lost (not only degraded) */
    uint8_t fix;     /* degraded with a fresh position (jw_evidence.fix): it also gets a
                      * "not lost" label, with the same weight (analysis_emit.c) */
    double fake_lat; /* spoofing: fake position, NAN otherwise */
    double fake_lon;
} an_obs;

enum { AN_WIN_OBS = 16384 }; /* observations kept per window (reservoir) */

/* One open window. */
typedef struct an_window {
    double t0, t1;     /* [t0, t1) */
    an_entry *tab;     /* open addressing, cap slots */
    size_t cap, n;     /* capacity (power of two), used */
    an_obs *obs;       /* AN_WIN_OBS slots */
    size_t nobs;       /* kept */
    uint64_t seen_obs; /* offered (for reservoir sampling) */
} an_window;

/* Extra per-cell facts of a closed window, beside its jw_cell_row. */
typedef struct an_cell_extra {
    double onset; /* earliest onset of bad evidence in the cell (NAN none) */
} an_cell_extra;

typedef struct an_events an_events;
typedef struct an_targets an_targets;

struct jw_analysis {
    jw_analysis_config cfg; /* with defaults */
    jw_products_sink sink;  /* where products go */
    an_window win[8];       /* open windows, oldest first */
    int nwin;               /* how many */
    double now;             /* latest data time */
    size_t max_entries;     /* bound of a window's (cell, target) table */
    uint64_t dropped;       /* entries dropped at the bound */
    uint64_t rng;           /* deterministic sampler state */
    an_events *events;      /* episodes */
    an_targets *targets;    /* incidents */
};

/* analysis_cells.c */
jw_err an_window_add(jw_analysis *a, an_window *w, jw_h3 cell, const jw_evidence *ev);
/* Aggregates w into rows sorted by cell (*rows, *extra malloc'd; caller frees). */
jw_err an_window_rows(const jw_analysis *a, const an_window *w, jw_cell_row **rows,
                      an_cell_extra **extra, size_t *n);
void an_wilson(uint32_t k, uint32_t n, double *lo, double *hi);
/* Whether entry e, in a cell-window with nspoof spoofed targets, is at a
 * spoofer's capture edge (AN_EDGE_S): then not jammed there. */
bool an_spoof_edge(const an_entry *e, uint32_t nspoof);

/* analysis_events.c */
jw_err an_events_open(an_events **out);
void an_events_close(an_events *e);
/* Feeds the rows of one closed window (and its observations). */
void an_events_window(jw_analysis *a, const jw_cell_row *rows, const an_cell_extra *extra, size_t n,
                      const an_window *w);
/* Closes every open event. */
void an_events_finish(jw_analysis *a);
/* The open event of kind containing cell, 0 none. */
uint64_t an_events_of(const an_events *e, int kind, jw_h3 cell);

/* analysis_emit.c: estimates and emits the source of an event from its observations. */
void an_emit_estimate(jw_analysis *a, uint64_t event_id, int kind, double time, const an_obs *obs,
                      size_t n);

/* analysis_targets.c */
jw_err an_targets_open(an_targets **out);
void an_targets_close(an_targets *t);
/* ev's cell at the configured resolution, 0 when it has none. */
void an_targets_add(jw_analysis *a, const jw_evidence *ev, jw_h3 cell);
/* After window [.., t1) closed and events took it: incidents that waited for it get their event. */
void an_targets_window(jw_analysis *a, double t1);
void an_targets_finish(jw_analysis *a);

/* Deterministic 64-bit random numbers (xorshift64*). */
uint64_t an_rand(uint64_t *state);

#endif
