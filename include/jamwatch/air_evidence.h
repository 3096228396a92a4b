/*
 * air_evidence.h - the aircraft evidence generator: decoded messages (with
 * the aircraft table's state) in, jw_evidence records out.
 *
 * It keeps its own small per-aircraft memory (a bounded table keyed by
 * address, least recently heard evicted) and applies persistence rules, so
 * that no evidence comes from a single message: integrity loss (low NIC or
 * NACp over several positions), position loss (no positions while other
 * messages keep coming), spoofing (position jumps the reported velocity
 * cannot explain, airborne aircraft reporting walking-pace ground speed for
 * a minute, GNSS-minus-baro saturating, several aircraft at one point and
 * positions beyond every known receiver's horizon, checked once per second
 * of feed time by air_cluster.h) and feed gaps. It also emits
 * JW_EV_GOOD periodically so that cells get denominators. The rules and
 * their thresholds are in docs/analysis.md. Time comes only from messages.
 */
#ifndef JAMWATCH_AIR_EVIDENCE_H
#define JAMWATCH_AIR_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "jamwatch/air_los.h"
#include "jamwatch/aircraft.h"
#include "jamwatch/error.h"
#include "jamwatch/evidence.h"
#include "jamwatch/modes.h"

typedef struct jw_air_evidence_config {
    size_t capacity;              /* aircraft remembered at once; 0 = 16384 */
    double good_every_s;          /* period of JW_EV_GOOD (and repeated bad) records; 0 = 30 */
    double gap_s;                 /* silence after which a target's data counts as a gap; 0 = 120 */
    bool gpsjam;                  /* gpsjam.org mode: one GOOD/DEGRADED record per positioned
                                   * message from the aircraft table's readsb-style flag only */
    bool no_cross;                /* no cross-aircraft checks (air_cluster.h: several aircraft at
                                   * one point, positions beyond every receiver's horizon) */
    const jw_receiver *receivers; /* known receivers for the horizon check (copied) */
    size_t nreceivers;            /* how many; 0: no horizon check */
} jw_air_evidence_config;

/* Receives each record; ev is valid only during the call. */
typedef void (*jw_evidence_fn)(void *user, const jw_evidence *ev);

typedef struct jw_air_evidence jw_air_evidence;

/* cfg may be NULL for defaults. Free with jw_air_evidence_close(). */
jw_err jw_air_evidence_open(const jw_air_evidence_config *cfg, jw_evidence_fn fn, void *user,
                            jw_air_evidence **out);

/* Feeds one message; a is its aircraft (may be NULL: feeds without a table,
 * e.g. OpenSky state vectors, where only kinematics and gaps are judged). */
void jw_air_evidence_feed(jw_air_evidence *g, const jw_msg *m, const jw_aircraft *a);

/* Emits, for every aircraft still in a bad state, one last record at its
 * last message time (so incidents can be closed). */
void jw_air_evidence_finish(jw_air_evidence *g);

/* Aircraft evicted because the table was full (a bound, not an error). */
size_t jw_air_evidence_evicted(const jw_air_evidence *g);

void jw_air_evidence_close(jw_air_evidence *g);

#endif
