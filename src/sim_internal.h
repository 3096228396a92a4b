/*
 * sim_internal.h - internal: the state of a running simulation, shared by
 * sim.c (the step loop), sim_traffic.c (motion), sim_effects.c (GNSS
 * state machines), sim_emit.c (transponders, AIS units, receivers) and
 * sim_truth.c (ground truth). Names with jw__ are library-internal.
 */
#ifndef JW_SIM_INTERNAL_H
#define JW_SIM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>

#include "jamwatch/sim.h"

/* xoshiro256** seeded through splitmix64: the simulation's only randomness. */
typedef struct sim_rng {
    uint64_t s[4];
} sim_rng;

void jw__rng_seed(sim_rng *r, uint64_t seed);
uint64_t jw__rng_next(sim_rng *r);

static inline double rng_unit(sim_rng *r)
{
    return (double)(jw__rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline double rng_uniform(sim_rng *r, double a, double b)
{
    return a + (b - a) * rng_unit(r);
}

/* A point on the unit sphere: distances by chord, one asin per pair. */
typedef struct sim_xyz {
    double x, y, z;
} sim_xyz;

static inline sim_xyz xyz_of(double lat, double lon)
{
    const double d = 0.017453292519943295;
    double cl = cos(lat * d);
    return (sim_xyz){cl * cos(lon * d), cl * sin(lon * d), sin(lat * d)};
}

/* Great-circle distance in km (same as jw_geo_dist_km, faster in loops). */
static inline double xyz_dist_km(sim_xyz a, sim_xyz b)
{
    double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
    double c = sqrt(dx * dx + dy * dy + dz * dz) / 2;
    return 2.0 * 6371.0088 * asin(c < 1 ? c : 1);
}

/* Standard normal deviate (Box-Muller, one of the pair). */
double jw__rng_normal(sim_rng *r);

/* GNSS receiver states; the truth intervals use the same codes. */
enum { SIM_GOOD = 0, SIM_DEGRADED = 1, SIM_LOST = 2, SIM_SPOOFED = 3 };

/* Ordinary equipment faults of an aircraft or vessel. */
enum {
    SIM_FAULT_NONE = 0,
    SIM_FAULT_LOW_NACP = 1, /* integrity permanently low, position fine */
    SIM_FAULT_NO_GNSS = 2,  /* no position source at all */
    SIM_FAULT_AIS_NA = 3    /* AIS unit reports position not available */
};

/* The GNSS receiver of one aircraft, vessel or fixed station. */
typedef struct sim_gnss {
    uint8_t state;             /* SIM_GOOD .. SIM_SPOOFED */
    uint8_t capturing;         /* a spoofer is capturing: dip before SPOOFED */
    uint8_t base_nacp;         /* NACp (v0: NUCp) when all is well */
    uint8_t base_nic;          /* NIC when all is well */
    uint8_t nacp, nic;         /* reported now */
    int16_t cause;             /* emitter index behind the state, -1 none */
    double tol_db;             /* this receiver's J/S tolerance */
    double recovery_s;         /* reacquisition delay */
    double clear_since;        /* when the cause went out of reach, -1 = not clear */
    double cap_t;              /* when the spoofer began capturing */
    double phase;              /* circle-spoofing phase, radians */
    double jit_n, jit_e;       /* fixed-point spoofing scatter, km */
    bool rep_valid;            /* a position is reported */
    double rep_lat, rep_lon;   /* reported position at the current second */
    double rep_vn, rep_ve;     /* reported velocity, knots north/east */
    double rep_geo_ft;         /* reported GNSS height (absolute, feet) when spoofed, else 0 */
    double rep_dlat, rep_dlon; /* reported motion, degrees per second */
    uint32_t truth;            /* index of the truth record */
} sim_gnss;

/* Where a GNSS receiver is, for the effect computation. */
typedef struct sim_place {
    double lat, lon; /* true position */
    double h_m;      /* antenna height above ground */
    double gain_db;  /* antenna gain toward ground emitters */
    double vn, ve;   /* true velocity, knots */
    sim_xyz xyz;     /* lat, lon on the unit sphere */
} sim_place;

/* Mode S message kinds of a transponder schedule. */
enum {
    SIM_M_POS,
    SIM_M_VEL,
    SIM_M_IDENT,
    SIM_M_OPST,
    SIM_M_TSTATE,
    SIM_M_STATUS,
    SIM_M_DF11,
    SIM_M_SURV,
    SIM_M_COMMB,
    SIM_M_N
};

typedef struct sim_aircraft {
    uint32_t icao;                  /* 24-bit address */
    char callsign[9];               /* flight number */
    uint16_t squawk;                /* octal digits as nibbles */
    uint8_t category;               /* set A category 1-7 */
    uint8_t version;                /* ADS-B version 0, 1, 2 */
    uint8_t fault;                  /* SIM_FAULT_* */
    uint8_t lost_tc0;               /* without a position: 1 sends TC 0, 0 goes silent */
    uint8_t vrate_baro;             /* vertical rate source */
    uint8_t cpr_odd;                /* next CPR format */
    double gmb_ft;                  /* true GNSS height minus baro altitude */
    uint32_t from, to;              /* airports */
    double a_lat, a_lon, brg0;      /* route start and initial bearing */
    double b_lat, b_lon;            /* route end */
    double a_elev, b_elev;          /* field elevations, feet */
    double dist_km, s_km, s_end_km; /* route length, flown, where it leaves */
    double cruise_ft, cruise_kt, k_climb, k_desc; /* profile: feet per km */
    double climb_fpm, desc_fpm;
    double lat, lon, alt_ft, gs_kt, track, vrate_fpm; /* true state at t */
    double coslat;        /* cos(lat) at the last exact great-circle fix */
    uint8_t fix_age;      /* seconds since that fix: exact every 10 s, dead reckoning between */
    double next[SIM_M_N]; /* next transmission time of each kind */
    sim_gnss g;
    uint32_t rx_mask;              /* receivers in range this second */
    float rx_km[JW_SIM_MAX_RX];    /* their distances */
    float rx_p[JW_SIM_MAX_RX];     /* probability that each decodes a frame */
    uint8_t rx_sig[JW_SIM_MAX_RX]; /* Beast signal byte at each */
} sim_aircraft;

typedef struct sim_vessel {
    uint32_t mmsi;
    char name[21], callsign[8];
    uint8_t class_b, shiptype, anchored, fault, freeze; /* freeze: when lost, repeat last fix */
    uint16_t length_m;
    uint8_t beam_m;
    uint32_t lane, seg;        /* lane and segment index */
    int8_t dir;                /* +1 along the lane, -1 back */
    double seg_km, speed_kn;   /* position on the segment, speed */
    double seg_len, seg_brg;   /* current segment's length (km, < 0 = unknown) and bearing */
    double lat, lon, cog;      /* true state */
    double last_lat, last_lon; /* last good reported fix (freeze) */
    double next_pos, next_static;
    uint8_t static_part; /* class B: next type 24 part */
    sim_gnss g;
    uint32_t rx_mask;
} sim_vessel;

typedef struct sim_station {
    const jw_sim_station *def;
    double next;
    sim_gnss g;
    uint32_t rx_mask;
} sim_station;

/* One interval of a truth record. */
typedef struct sim_interval {
    double t0, t1; /* seconds from start; t1 < 0 while open */
    uint8_t state; /* SIM_DEGRADED, SIM_LOST, SIM_SPOOFED */
    int16_t cause; /* emitter index */
} sim_interval;

/* What the simulator knows about one aircraft, vessel or station. */
typedef struct sim_truth {
    uint8_t kind;  /* 0 aircraft, 1 vessel, 2 station */
    uint32_t id;   /* ICAO address or MMSI */
    char name[21]; /* callsign or vessel name */
    uint8_t version, fault, class_b;
    uint32_t from, to;  /* aircraft: airports */
    double first, last; /* seconds from start */
    sim_interval *iv;
    uint32_t niv, cap;
} sim_truth;

/* A received Mode S frame waiting for the time sort. */
typedef struct sim_ais_item {
    double t;     /* reception time, seconds from start */
    uint32_t off; /* text offset in ais_text */
    uint32_t len; /* bytes */
} sim_ais_item;

struct jw_sim {
    const jw_sim_scenario *sc;
    jw_sim_options opt;
    sim_rng rng;
    double t;          /* start of the next step, seconds from scenario start */
    double end;        /* duration */
    double *route_cum; /* cumulative route weights (or NULL: all pairs) */
    size_t nroutes;
    uint32_t *pair_from, *pair_to; /* routes when the scenario lists none */
    double *lane_cum;
    sim_aircraft *ac;
    size_t nac;
    sim_vessel *vs;
    size_t nvs;
    sim_station *st;
    size_t nst;
    double emit_lat[JW_SIM_MAX_EMIT], emit_lon[JW_SIM_MAX_EMIT]; /* at t */
    bool emit_on[JW_SIM_MAX_EMIT];
    sim_xyz emit_xyz[JW_SIM_MAX_EMIT]; /* emitter positions at t */
    sim_xyz rx_xyz[JW_SIM_MAX_RX];     /* receiver positions */
    sim_truth *truth;
    size_t ntruth, truth_cap, truth_dropped;
    /* Step outputs. */
    jw_sim_frame *fr, *fr_sorted;
    jw_sbs_rec *sbs, *sbs_sorted;
    uint64_t *keys, *keys_tmp;
    size_t nfr, fr_cap;
    char *ais_text, *ais_sorted;
    size_t ais_len, ais_cap;
    sim_ais_item *ais_items;
    size_t nais, ais_items_cap;
    char *tracks;
    size_t tracks_len, tracks_cap;
    uint32_t ais_seq, ais_group;
    /* Counts for the truth file. */
    uint64_t n_frames, n_crc_errors, n_ais, n_by_kind[SIM_M_N];
};

/* sim_traffic.c */
jw_err jw__traffic_init(jw_sim *s);
/* False when no route over the region was found (the flight ends at once). */
bool jw__aircraft_spawn(jw_sim *s, sim_aircraft *a, bool initial);
bool jw__aircraft_move(jw_sim *s, sim_aircraft *a, double t);
void jw__vessel_spawn(jw_sim *s, sim_vessel *v);
void jw__vessel_move(jw_sim *s, sim_vessel *v, double dt);

/* sim_effects.c */
void jw__emitters_update(jw_sim *s, double t);
void jw__gnss_init(jw_sim *s, sim_gnss *g, uint8_t nacp, uint8_t nic);
void jw__gnss_update(jw_sim *s, sim_gnss *g, const sim_place *pl, double t);

/* sim_emit.c */
void jw__emit_aircraft(jw_sim *s, sim_aircraft *a, double t0, double t1);
void jw__emit_vessel(jw_sim *s, sim_vessel *v, double t0, double t1);
void jw__emit_station(jw_sim *s, sim_station *st, double t0, double t1);
jw_err jw__emit_reserve(jw_sim *s, size_t frames, size_t ais_bytes);

/* sim_truth.c */
uint32_t jw__truth_new(jw_sim *s, uint8_t kind, uint32_t id, const char *name, double t);
void jw__truth_mark(jw_sim *s, uint32_t idx, uint8_t state, int16_t cause, double t);
void jw__truth_seen(jw_sim *s, uint32_t idx, double t);
void jw__tracks_sample(jw_sim *s, double t);
/* A tracks.csv row for an object whose GNSS state or cause changed at t from
 * (state, cause): short intervals between the periodic samples are in the
 * truth too (a 7 s jam before a spoofer's capture, levant seed 2). */
void jw__tracks_change(jw_sim *s, double t, char kind, uint32_t id, const sim_place *pl,
                       double alt_ft, const sim_gnss *g, uint8_t state, int16_t cause);
void jw__truth_free(jw_sim *s);

#endif
