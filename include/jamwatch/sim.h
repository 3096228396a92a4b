/*
 * sim.h - the traffic simulator behind `jamwatch sim`: aircraft and ships
 * seen by a receiver network, with jammers and spoofers whose effect is
 * known, written as real feeds plus a ground-truth record.
 *
 * A scenario (JSON, documented in docs/sim.md) is loaded into a
 * jw_sim_scenario value; jw_sim_open() turns it into a running simulation
 * driven by its own seeded PRNG (same seed, same output, no clock, no
 * globals). jw_sim_step() advances one second and hands back what the
 * receivers got in that second, in time order; the caller writes it.
 */
#ifndef JAMWATCH_SIM_H
#define JAMWATCH_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "jamwatch/error.h"
#include "jamwatch/feed_write.h"
#include "jamwatch/frame.h"

enum {
    JW_SIM_NAME_MAX = 32,   /* names of airports, receivers, emitters, lanes */
    JW_SIM_MAX_RX = 32,     /* receivers per scenario */
    JW_SIM_MAX_EMIT = 64,   /* jammers + spoofers per scenario */
    JW_SIM_MAX_SCHED = 64,  /* on-windows per emitter */
    JW_SIM_MAX_PATH = 256,  /* waypoints per moving emitter or lane */
    JW_SIM_MAX_OBJ = 20000, /* aircraft or vessels alive at once */
    JW_SIM_MAX_PORTS = 20000,
    JW_SIM_MAX_ROUTES = 200000
};

/* An on-window of an emitter, seconds from the scenario start. */
typedef struct jw_sim_window {
    double start, end;
} jw_sim_window;

/* A point of a moving emitter's path or of a shipping lane. */
typedef struct jw_sim_waypoint {
    double t;        /* seconds from start (emitter paths only) */
    double lat, lon; /* degrees */
} jw_sim_waypoint;

typedef struct jw_sim_airport {
    char code[8];    /* ICAO (or IATA) code */
    double lat, lon; /* degrees */
    double elev_ft;  /* field elevation */
    double weight;   /* relative traffic */
} jw_sim_airport;

typedef struct jw_sim_route {
    uint32_t from, to; /* indices into airports */
    double weight;     /* relative frequency */
} jw_sim_route;

typedef struct jw_sim_lane {
    char name[JW_SIM_NAME_MAX];
    jw_sim_waypoint *pts; /* polyline, owned */
    size_t npts;
    double speed_kn[2]; /* min, max */
    double weight;
} jw_sim_lane;

/* A fixed AIS station: type 4 base station or type 21 aid to navigation. */
typedef struct jw_sim_station {
    uint32_t mmsi;
    char name[21];
    uint8_t msg_type; /* 4 or 21 */
    uint8_t aid_type; /* type 21 aid type */
    double lat, lon;
    bool gnss; /* position from its own GNSS receiver (can be jammed/spoofed) */
} jw_sim_station;

typedef struct jw_sim_receiver {
    char name[JW_SIM_NAME_MAX];
    double lat, lon, height_m;
    double range_km;       /* ADS-B range limit (line of sight applies too) */
    double ais_range_km;   /* AIS (VHF) range limit */
    bool adsb, ais;        /* which feeds it contributes to */
    double crc_error_rate; /* share of received Mode S frames with a bit error */
} jw_sim_receiver;

typedef enum jw_sim_fake_mode {
    JW_FAKE_FIXED = 0,  /* everyone at one point (an airport) */
    JW_FAKE_OFFSET = 1, /* true position shifted by a constant vector */
    JW_FAKE_DRIFT = 2,  /* true position plus a growing drift */
    JW_FAKE_CIRCLE = 3  /* on a circle around a point */
} jw_sim_fake_mode;

/* A jammer (kind 0) or a spoofer (kind 1). */
typedef struct jw_sim_emitter {
    char name[JW_SIM_NAME_MAX];
    uint8_t kind;         /* 0 jammer, 1 spoofer */
    double lat, lon;      /* fixed position (or first waypoint) */
    double height_m;      /* antenna height above ground */
    double eirp_w;        /* jammer power; spoofers: also used for horizon only */
    double reach_km;      /* spoofer: capture radius */
    jw_sim_window *sched; /* on-windows, owned; none = always on */
    size_t nsched;
    jw_sim_waypoint *path; /* moving emitter, owned; NULL = fixed */
    size_t npath;
    /* Spoofer fake solution. */
    uint8_t mode;               /* jw_sim_fake_mode */
    double fake_lat, fake_lon;  /* FIXED point, CIRCLE centre */
    double off_n_km, off_e_km;  /* OFFSET vector */
    double drift_kt, drift_brg; /* DRIFT speed and bearing */
    double radius_km, period_s; /* CIRCLE */
    bool dip;                   /* integrity dips / position is lost before capture */
    double dip_s;               /* length of that dip */
    bool has_height;            /* GNSS height jumps to height_ft while captured */
    double height_ft;
} jw_sim_emitter;

/* A scenario: everything jw_sim_open() needs. Freed by jw_sim_scenario_free. */
typedef struct jw_sim_scenario {
    char name[64];
    char *description;  /* owned, may be NULL */
    int64_t start_unix; /* UTC start */
    double duration_s;
    double lat_min, lat_max, lon_min, lon_max; /* region */

    size_t aircraft; /* aircraft in the region at once */
    jw_sim_airport *airports;
    size_t nairports;
    jw_sim_route *routes; /* owned; NULL = all pairs of airports */
    size_t nroutes;
    double cruise_ft[2], cruise_kt[2], climb_fpm[2], descent_fpm[2];
    double version_share[3]; /* v0, v1, v2 */
    char airlines[64][4];    /* ICAO airline designators for callsigns */
    size_t nairlines;

    size_t vessels; /* vessels at once */
    jw_sim_lane *lanes;
    size_t nlanes;
    double class_b_share;
    double anchored_share;
    jw_sim_station *stations;
    size_t nstations;

    jw_sim_receiver *receivers;
    size_t nreceivers;
    jw_sim_emitter *emitters;
    size_t nemitters;

    /* Receiver model. */
    double tolerance_db;    /* J/S at which GNSS tracking is lost */
    double tolerance_sd_db; /* spread of the tolerance between receivers */
    double degrade_db;      /* integrity falls within this much below the tolerance */
    double recovery_s[2];   /* reacquisition delay range after interference ends */
    double shielding_db;    /* airframe attenuation toward a ground jammer */

    /* Ordinary equipment faults (also in clean skies). */
    double fault_low_nacp; /* share of aircraft with permanently low NACp */
    double fault_no_gnss;  /* share of aircraft whose ADS-B has no position source */
    double fault_ais_na;   /* share of vessels reporting position not available */
} jw_sim_scenario;

/*
 * Parses a scenario from JSON text. On error returns JW_EPARSE (or
 * JW_ERANGE) and writes a message naming the field into errbuf. On success
 * *out is owned by the caller: free with jw_sim_scenario_free().
 */
jw_err jw_sim_scenario_parse(const char *json, char *errbuf, size_t errlen, jw_sim_scenario **out);

/* Reads and parses a scenario file (see jw_sim_scenario_parse). */
jw_err jw_sim_scenario_load(const char *path, char *errbuf, size_t errlen, jw_sim_scenario **out);

/*
 * Replaces the scenario's airports and routes with the OpenFlights network
 * (airports.dat, routes.dat) restricted to routes that cross the region.
 * The new arrays belong to the scenario (freed by jw_sim_scenario_free).
 * Returns JW_EIO when a file cannot be read, JW_ENOTFOUND when no route
 * crosses the region; errbuf says which.
 */
jw_err jw_sim_scenario_openflights(jw_sim_scenario *sc, const char *airports_path,
                                   const char *routes_path, char *errbuf, size_t errlen);

void jw_sim_scenario_free(jw_sim_scenario *sc);

typedef struct jw_sim_options {
    uint64_t seed;        /* PRNG seed */
    double duration_s;    /* 0 = the scenario's */
    bool want_sbs;        /* fill jw_sim_batch.sbs */
    double track_every_s; /* truth track sampling period (0 = 10 s) */
} jw_sim_options;

/* One Mode S frame as a receiver delivered it. */
typedef struct jw_sim_frame {
    jw_frame f;  /* ts_raw: 12 MHz ticks since the scenario start; time: UNIX */
    uint16_t rx; /* receiver index */
} jw_sim_frame;

/* What the receivers got in one step, valid until the next call. */
typedef struct jw_sim_batch {
    const jw_sim_frame *frames; /* in time order */
    const jw_sbs_rec *sbs;      /* parallel to frames when want_sbs, else NULL */
    size_t nframes;
    const char *ais; /* NMEA sentences with tag blocks, time order */
    size_t ais_len;
    size_t ais_sentences;
    const char *tracks; /* truth track CSV lines (see docs/sim.md) */
    size_t tracks_len;
    double t0, t1; /* seconds from start covered by this batch */
    bool done;     /* the scenario's end was reached: nothing was produced */
} jw_sim_batch;

typedef struct jw_sim jw_sim;

/* Starts a simulation. The scenario must outlive the handle. Free with jw_sim_close. */
jw_err jw_sim_open(const jw_sim_scenario *sc, const jw_sim_options *opt, jw_sim **out);

/* Advances one second. */
jw_err jw_sim_step(jw_sim *s, jw_sim_batch *out);

/* The header line of the tracks CSV. */
const char *jw_sim_tracks_header(void);

/* Writes truth.json (emitters, schedules, every object's intervals, counts). */
jw_err jw_sim_write_truth(const jw_sim *s, FILE *f);

void jw_sim_close(jw_sim *s);

#endif
