/*
 * products.h - what the analysis produces, as plain rows, and the sink that
 * receives them. The batch command writes them to files (docs/analysis.md),
 * the live service to SQLite and to its API (docs/api.md); both get exactly
 * the same rows from the same engine.
 */
#ifndef JAMWATCH_PRODUCTS_H
#define JAMWATCH_PRODUCTS_H

#include <stddef.h>
#include <stdint.h>

#include "jamwatch/evidence.h"
#include "jamwatch/h3.h"

/* gpsjam.org's classes of a cell. */
typedef enum jw_cell_class {
    JW_CLASS_NONE = 0,   /* too little traffic to say */
    JW_CLASS_GREEN = 1,  /* < 2 % */
    JW_CLASS_YELLOW = 2, /* < 10 % */
    JW_CLASS_RED = 3     /* otherwise */
} jw_cell_class;

/* One H3 cell over one closed time window. */
typedef struct jw_cell_row {
    jw_h3 cell;           /* H3 index */
    double t0, t1;        /* window [t0, t1), seconds */
    uint32_t good[2];     /* distinct targets with good GNSS, by jw_domain */
    uint32_t degraded[2]; /* distinct targets degraded or lost, by jw_domain */
    uint32_t spoofed[2];  /* distinct targets spoofed (by where they really were), by domain */
    double level;         /* interference level 0..1: degraded share of targets */
    double level_lo;      /* its 95 % interval (Wilson), lower bound */
    double level_hi;      /* upper bound */
    double spoof_level;   /* spoofed share 0..1 */
    uint8_t cls;          /* jw_cell_class under the rule in use */
    uint8_t alarm;        /* 1 when the cell is above the alarm level (jamming) */
    uint8_t spoof_alarm;  /* 1 when spoofing is established in the cell */
} jw_cell_row;

typedef enum jw_event_kind { JW_EVENT_JAMMING = 0, JW_EVENT_SPOOFING = 1 } jw_event_kind;

/* One interference episode, continued across windows (same id while it lasts). */
typedef struct jw_event_row {
    uint64_t id;           /* stable id, unique within a run */
    uint8_t kind;          /* a jw_event_kind */
    uint8_t open;          /* 1 while the event is still going on */
    double start, end;     /* seconds; end = last evidence so far while open */
    double lat, lon;       /* centroid of the affected cells */
    uint32_t n_cells;      /* affected cells so far */
    uint32_t n_targets[2]; /* distinct affected targets, by domain */
    double severity;       /* 0..1: peak level */
    const jw_h3 *cells;    /* the affected cells (n_cells), valid during the callback */
} jw_event_row;

/* The estimated source of one event. */
typedef struct jw_emitter_row {
    uint64_t event_id;   /* the event it explains */
    uint8_t kind;        /* a jw_event_kind */
    double time;         /* when the estimate was made (data time) */
    double lat, lon;     /* best estimate of the source position */
    double err_major_km; /* 95 % region: ellipse semi-axes (km) ... */
    double err_minor_km;
    double err_orient_deg; /* ... and orientation of the major axis, degrees from north */
    double reach_km;       /* jamming: estimated reach for a target at 10 km altitude */
    double eirp_dbw;       /* jamming: estimated power, dBW (NAN when not estimated) */
    double fake_lat;       /* spoofing: the fake position targets were moved to (NAN) */
    double fake_lon;
    uint32_t n_obs; /* observations the estimate used */
    /* Several sources in one event (locate.h, jw_locate_jammers): */
    uint8_t source;    /* index of this source among its event's (0..n_sources-1) */
    uint8_t n_sources; /* sources of the event in this estimate (0 = not told: 1) */
    double t_from;     /* data time span over which this source was seen on (its */
    double t_to;       /* position is for that span: a moving one is located per span);
                        * 0 and 0 when not told */
} jw_emitter_row;

/* One target's incident (a stretch of degraded, lost or spoofed GNSS, or a gap). */
typedef struct jw_target_row {
    uint32_t target;      /* ICAO address or MMSI */
    uint8_t domain;       /* a jw_domain */
    uint8_t kind;         /* jw_evidence_kind of the incident (degraded, lost, spoof_*, gap) */
    double start, end;    /* seconds */
    double last_good_lat; /* last good position before, NAN unknown */
    double last_good_lon;
    double first_good_lat; /* first good position after, NAN unknown */
    double first_good_lon;
    double fake_lat; /* spoofing: a representative fake position, NAN otherwise */
    double fake_lon;
    double max_jump_km; /* spoofing: largest position jump seen */
    uint64_t event_id;  /* the event it belongs to, 0 none */
    float confidence;   /* 0..1 */
} jw_target_row;

struct jw_locate_obs; /* locate.h */

/* Receives products as they are final (cells of a closed window, events as
 * they change, emitters as they are estimated, incidents as they end). Any
 * callback may be NULL. Rows are valid only during the call. */
typedef struct jw_products_sink {
    void (*cell)(void *user, const jw_cell_row *row);
    void (*window_closed)(void *user, double t0, double t1); /* after its cells */
    void (*event)(void *user, const jw_event_row *row);
    void (*emitter)(void *user, const jw_emitter_row *row);
    void (*target)(void *user, const jw_target_row *row);
    /* What the locator is given for one event (kind: jw_event_kind), just before it
     * is located: its sampled observations (locate.h), for study offline. NULL: not
     * wanted. obs is the engine's, valid during the call. */
    void (*locate_input)(void *user, uint64_t event_id, int kind, const struct jw_locate_obs *obs,
                         size_t n);
    void *user;
} jw_products_sink;

#endif
