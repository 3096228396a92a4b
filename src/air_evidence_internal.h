/*
 * air_evidence_internal.h - what the aircraft evidence generator's two
 * files share: the per-aircraft entry, the address index and the generator
 * itself. air_evidence.c is the state machine fed per message;
 * air_evidence_table.c opens, closes and hands out the entries. Not a
 * public interface.
 */
#ifndef JAMWATCH_AIR_EVIDENCE_INTERNAL_H
#define JAMWATCH_AIR_EVIDENCE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/air_cluster.h"
#include "jamwatch/air_evidence.h"
#include "jamwatch/geo.h"

#define WAYS 4 /* slots per bucket */

enum { ST_NORMAL = 0, ST_DEGRADED, ST_LOST, ST_SPOOF };

/* Fields are grouped by use so that a message touches few cache lines: the
 * first line holds what every message reads, the next two what velocity
 * and position messages update, the rest what a change of state does. */
typedef struct ae_ac {
    _Alignas(64) uint32_t addr;       /* ICAO address; entries start a cache line */
    uint8_t state;                    /* ST_* */
    uint8_t kind;                     /* evidence kind of the current bad state */
    bool ever_good;                   /* seen with good integrity at least once ... */
    bool good_guessed;                /* ... only while its version was unknown (a NACp derived
                                       * from the type code): void once TC31 tells the version */
    bool pending_release;             /* spoofed, jumped: release if kinematics stay plausible */
    bool announced;                   /* the current bad state's first record went out */
    bool has_ref;                     /* ref_* hold the reported track's latest position */
    bool has_trusted;                 /* tr_* hold the latest trusted fix and velocity */
    uint32_t other_since;             /* other messages since the latest position message */
    uint32_t cpr_lat;                 /* CPR code of the latest position message (dedup) */
    uint32_t cpr_lon;                 /* ... */
    uint32_t cross_slot;              /* jw_air_cluster_note_slot's hint (0 none) */
    double last_seen;                 /* latest message time */
    double last_emit;                 /* latest periodic record */
    double last_count;                /* latest message counted (copies within 0.2 s skipped) */
    double last_pos;                  /* latest position message time */
    double gs, track;                 /* latest velocity, knots / degrees */
    uint64_t vel_key;                 /* ground-speed components of vk_* (0 none) */
    double vk_gs, vk_track;           /* their speed and track (cache: copies repeat them) */
    double vel_time;                  /* its time, < 0 none */
    double alt_ft;                    /* latest barometric altitude */
    double alt_time;                  /* its time, < 0 none */
    double dr_time;                   /* (non-GNSS while jammed) velocity, advanced per message */
    double dr_lat, dr_lon;            /* dead reckoning from the trusted fix with the reported */
    double ref_lat, ref_lon;          /* reported track */
    double ref_time;                  /* ... */
    int cand_n;                       /* consistent positions off the reported track */
    int bad_n, good_n, slow_n, gmb_n; /* persistence counters */
    uint32_t half_lat[2];             /* own even [0] / odd [1] airborne CPR halves: the table */
    uint32_t half_lon[2];             /* drops a half whose pair jumps, a spoofed track does */
    double half_time[2];              /* when received, < 0 none */
    double tr_lat, tr_lon, tr_time;   /* last position while NORMAL with good integrity */
    double tr_gs, tr_track;           /* velocity then */
    double tr_alt_ft;                 /* altitude then */
    double first_pos;                 /* first position message time */
    double sin_track;                 /* sine and cosine of sc_track (cache) */
    double cos_track;                 /* ... */
    double sc_track;                  /* the track they are of (NAN none) */
    double cos_lat;                   /* cosine of cos_lat_at (cache) */
    double cos_lat_at;                /* the latitude it is of (1e9 none) */
    jw_geo_lat_trig dr_trig;          /* dead reckoning's latitude trigonometry (cache) */
    double cand_lat, cand_lon, cand_time, cand_first;
    double onset;                /* start of the current bad state */
    double onset_lat, onset_lon; /* where the target was then (NAN unknown) */
    double bad_lat, bad_lon;     /* position of the first low-integrity message of a run */
    double fake_lat, fake_lon;   /* spoofing: latest reported position */
    double release_time;         /* when pending_release was set */
    double spoof_pos;            /* spoofed: latest position report before any jump back */
    double bad_first, good_first, slow_first, gmb_first;
} ae_ac;

/* One bucket of the address index: small, so that a lookup touches one
 * cache line of the index and then only the entry itself. */
typedef struct ae_bucket {
    uint32_t addr[WAYS]; /* ICAO addresses of the ways */
    uint32_t idx[WAYS];  /* 1 + entry index in the pool, 0 = way empty */
} ae_bucket;

struct jw_air_evidence {
    jw_air_evidence_config cfg; /* with defaults filled */
    jw_evidence_fn fn;          /* record receiver */
    void *user;                 /* its argument */
    ae_bucket *buckets;         /* nbuckets: address -> pool entry */
    size_t nbuckets;            /* power of two */
    ae_ac *pool;                /* nbuckets * WAYS entries, used densely from the start
                                 * (few pages touched for few aircraft); an entry is
                                 * initialised when handed out (npool) */
    uint32_t npool;             /* entries handed out */
    uint32_t hand;              /* where the search for a stale entry to reuse resumes */
    size_t evicted;             /* live aircraft evicted when a bucket was full */
    double bad_every_s;         /* good_every_s / 3: a bad state's record period */
    jw_air_cluster *cross;      /* cross-aircraft checks, NULL when off */
    double next_cross;          /* feed time of the next check */
};

/* The bucket of the address index that holds addr. */
static inline ae_bucket *bucket_of(const jw_air_evidence *g, uint32_t addr)
{
    return &g->buckets[((addr * 2654435761u) >> 8) & (g->nbuckets - 1)];
}

/* The entry of addr, NULL when not in the table. */
static inline ae_ac *find(const jw_air_evidence *g, uint32_t addr)
{
    const ae_bucket *b = bucket_of(g, addr);
    for (int i = 0; i < WAYS; i++)
        if (b->idx[i] && b->addr[i] == addr)
            return &g->pool[b->idx[i] - 1];
    return NULL;
}

/* The entry of addr, created if needed (evicting the bucket's stalest;
 * air_evidence_table.c). */
ae_ac *ae_lookup(jw_air_evidence *g, uint32_t addr, double t);

/* Sends the record of ac's current state at t (air_evidence.c). */
void ae_emit_state(jw_air_evidence *g, ae_ac *ac, double t);

#endif
