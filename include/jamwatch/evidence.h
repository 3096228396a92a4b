/*
 * evidence.h - one observation about a target's GNSS, the currency between
 * the per-target trackers (aircraft, vessels) and the analysis engine.
 *
 * Evidence generators (src/air_evidence.c for aircraft, src/sea_evidence.c
 * for vessels) look at a target's state as messages arrive and emit
 * jw_evidence records; the analysis engine (analysis.h) aggregates them into
 * cells, events, emitters and per-target incidents. Nothing is inferred from
 * a single message: a generator emits a degraded/lost/spoofed record only
 * once its own persistence rule is met, and says how sure it is.
 */
#ifndef JAMWATCH_EVIDENCE_H
#define JAMWATCH_EVIDENCE_H

#include <stdint.h>

typedef enum jw_domain {
    JW_DOMAIN_AIR = 0, /* aircraft (ADS-B, SBS, OpenSky) */
    JW_DOMAIN_SEA = 1  /* vessels and fixed AIS stations */
} jw_domain;

typedef enum jw_evidence_kind {
    JW_EV_GOOD = 0,      /* the target's GNSS looked healthy here (denominator, "unaffected") */
    JW_EV_DEGRADED,      /* integrity degraded (NIC/NACp low, AIS accuracy/RAIM) */
    JW_EV_LOST,          /* position lost while other messages keep coming (TC0, AIS n/a, frozen) */
    JW_EV_SPOOF_JUMP,    /* position jumped: implied speed far above the reported one */
    JW_EV_SPOOF_TRACK,   /* positions disagree with reported velocity for minutes */
    JW_EV_SPOOF_HEIGHT,  /* GNSS height minus baro jumped or is implausible */
    JW_EV_SPOOF_CLUSTER, /* several targets reported at one point at once */
    JW_EV_SPOOF_RANGE,   /* position beyond the line of sight of the receiver that heard it */
    JW_EV_SPOOF_LAND,    /* a vessel reported on land */
    JW_EV_SPOOF_FIXED,   /* a fixed AIS station (type 4/21) reported a moved position */
    JW_EV_GAP,           /* no data / every field frozen: a feed gap, not interference */
    JW_EV_KIND_COUNT
} jw_evidence_kind;

/* True for the spoofing kinds. */
#define JW_EV_IS_SPOOF(k) ((k) >= JW_EV_SPOOF_JUMP && (k) <= JW_EV_SPOOF_FIXED)

typedef struct jw_evidence {
    double time;     /* seconds (data time) the observation refers to */
    double lat, lon; /* degrees: where the target really was, as best known (for
                      * jamming the last good or an extrapolated position; for
                      * spoofing the last trusted position) */
    double alt_m;    /* target altitude above mean sea level in metres; NAN unknown
                      * (ships: antenna height, a few metres) */
    double fake_lat; /* spoofing: the reported (fake) position; NAN otherwise */
    double fake_lon;
    double since;     /* onset: when this condition began for this target (<= time) */
    uint32_t target;  /* ICAO address or MMSI */
    uint8_t domain;   /* a jw_domain */
    uint8_t kind;     /* a jw_evidence_kind */
    float confidence; /* 0..1: how sure the generator is */
    float gs_ms;      /* ground speed at time, m/s, of where the target really was
                       * (jamming: the velocity it keeps reporting); 0 unknown */
    float track_deg;  /* its track, degrees from north */
    uint8_t fix; /* degraded: the target reported a position within 5 s of time: it has a fix */
} jw_evidence;

/* Name of a kind: "good", "degraded", "lost", "spoof_jump", ... ; "?" if out of range. */
const char *jw_evidence_kind_name(jw_evidence_kind k);

/* Name of a domain: "air" or "sea". */
const char *jw_domain_name(jw_domain d);

#endif
