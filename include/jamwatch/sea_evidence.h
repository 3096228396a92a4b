/*
 * sea_evidence.h - the vessel evidence generator: decoded AIS messages (with
 * the vessel table's updated record) in, jw_evidence records (domain
 * JW_DOMAIN_SEA) out.
 *
 * It keeps its own bounded per-vessel memory (a set-associative table keyed
 * by MMSI: the least recently heard of a set is evicted) and a small
 * spatial hash of the latest positions per time slice, and applies
 * persistence rules so that no record comes from a single message:
 *   spoof_jump     a position beyond what the ship could sail since its last
 *                  trusted one, confirmed by a second report that agrees with
 *                  the new position (a lone outlier that returns is a glitch)
 *   spoof_track    positions that disagree with the reported speed and course
 *                  for minutes
 *   spoof_cluster  many MMSIs within a few hundred metres at once, away from
 *                  the coast (ports) or with several of them having jumped
 *   spoof_land     a vessel that jumped onto land (coastal margin applied)
 *   spoof_fixed    a base station or aid to navigation reporting a position
 *                  moved beyond a tolerance, several times in a row
 *   lost           position "not available" or frozen while the vessel says
 *                  it is moving, several times in a row
 *   good           a healthy vessel, at most once per vessel per period
 * The rules and thresholds are in docs/sea-evidence.md. Time is a parameter
 * (data time, seconds); messages without a finite time are ignored, and
 * reports whose own UTC second disagrees with their time (stamped on
 * arrival, not sent then) are not judged by the motion rules.
 */
#ifndef JAMWATCH_SEA_EVIDENCE_H
#define JAMWATCH_SEA_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "jamwatch/ais.h"
#include "jamwatch/error.h"
#include "jamwatch/evidence.h"
#include "jamwatch/landmask.h"
#include "jamwatch/vessel.h"

/* Receives each record; ev is valid only during the call. (The same type as
 * in air_evidence.h: C11 allows the identical typedef twice.) */
typedef void (*jw_evidence_fn)(void *user, const jw_evidence *ev);

/* Thresholds; zero fields take the defaults shown. */
typedef struct jw_sea_evidence_config {
    size_t capacity;          /* vessels remembered at once; 0 = 65536 */
    const jw_landmask *land;  /* land raster (not owned, must outlive the
                               * generator); NULL disables the land checks */
    double max_speed_kn;      /* fastest plausible ship; 0 = 50 */
    double jump_slack_s;      /* timing slack added to every interval; 0 = 10 */
    double jump_slack_m;      /* position slack, metres; 0 = 300 */
    double fixed_tolerance_m; /* fixed station move that counts; 0 = 200 (1000 floating aids) */
    double cluster_radius_m;  /* "one point"; 0 = 300 */
    unsigned cluster_min;     /* distinct MMSIs at one point; 0 = 5 */
    double coast_margin_m;    /* land/coast margin; 0 = 1000 */
    double moving_kn;         /* reported speed that counts as moving; 0 = 3 */
    unsigned persist;         /* reports a condition must last; 0 = 3 */
    double period_s;          /* GOOD period and repeat period of bad records; 0 = 300 */
} jw_sea_evidence_config;

/* Counters since open. */
typedef struct jw_sea_evidence_stats {
    uint64_t messages;                  /* messages fed */
    uint64_t no_time;                   /* of which ignored: time not finite */
    uint64_t glitches;                  /* single-report jumps that came back */
    uint64_t late;                      /* reports whose UTC second disagrees with their
                                         * time (stamped on arrival): not judged */
    uint64_t evicted;                   /* vessels evicted: table set full */
    uint64_t emitted[JW_EV_KIND_COUNT]; /* records emitted, by kind */
} jw_sea_evidence_stats;

typedef struct jw_sea_evidence jw_sea_evidence;

/* cfg may be NULL for defaults; fn receives the records. Free with
 * jw_sea_evidence_close(). JW_EINVAL without fn, JW_ENOMEM. */
jw_err jw_sea_evidence_open(const jw_sea_evidence_config *cfg, jw_evidence_fn fn, void *user,
                            jw_sea_evidence **out);

/*
 * Feeds one decoded message m heard at time now, with v its vessel's record
 * as jw_vessels_update() left it (v may be NULL: only m is used then).
 * Emits zero or more records through the callback.
 */
void jw_sea_evidence_feed(jw_sea_evidence *g, const jw_ais_msg *m, const jw_vessel *v, double now);

/* Copies the counters into *out. */
void jw_sea_evidence_get_stats(const jw_sea_evidence *g, jw_sea_evidence_stats *out);

/* Frees the generator. NULL is allowed. */
void jw_sea_evidence_close(jw_sea_evidence *g);

#endif
