/*
 * air_cluster.h - cross-aircraft spoofing checks over the latest reported
 * positions (src/air_cluster.c), run periodically (once per second of feed
 * time), not per message:
 *
 *  - cluster: at least min_members distinct airborne aircraft reporting
 *    positions within radius_km of each other at the same time (positions at
 *    most fresh_s old) while their barometric altitudes (>= 1,000 ft apart)
 *    or velocities (>= 100 kt or >= 45 degrees apart) say they are not one
 *    formation: one fake point (levant puts every captured aircraft on
 *    Beirut airport). Held for persist_s before it counts.
 *  - range: a reported position beyond the radio horizon of every known
 *    receiver (air_los.h): nobody could have heard the aircraft there. Held
 *    for 5 s (3 checks) before it counts.
 *
 * Each finding has a time (its onset), a place (the reported position) and
 * a kind; findings end (hits with `ended`) after 30 s of fresh positions
 * without the condition (an aircraft that stops reporting positions keeps
 * its finding: its loss of position is the spoofer's doing, not a release).
 * Bounded: a fixed table of positions (4-way buckets, stalest evicted) and
 * one scratch array of the same size, allocated at open.
 */
#ifndef JAMWATCH_AIR_CLUSTER_H
#define JAMWATCH_AIR_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "jamwatch/air_los.h"
#include "jamwatch/error.h"

typedef struct jw_air_cluster_config {
    size_t capacity;              /* aircraft remembered; 0 = 16384 */
    double radius_km;             /* "one point"; 0 = 1.0 */
    int min_members;              /* aircraft at one point, itself included; 0 = 3 */
    double persist_s;             /* cluster held this long; 0 = 20 */
    double fresh_s;               /* positions older than this are not "now"; 0 = 5 */
    const jw_receiver *receivers; /* known receivers (copied at open); NULL none */
    size_t nreceivers;            /* how many (at most 256 are kept) */
} jw_air_cluster_config;

typedef struct jw_air_cluster_hit {
    uint32_t addr;   /* ICAO address */
    uint8_t kind;    /* JW_EV_SPOOF_CLUSTER or JW_EV_SPOOF_RANGE */
    uint8_t ended;   /* 0: the finding begins (held long enough); 1: it ended */
    double since;    /* onset of the condition */
    double lat, lon; /* the reported (fake) position */
} jw_air_cluster_hit;

typedef struct jw_air_cluster jw_air_cluster;

/* cfg may be NULL for defaults. Free with jw_air_cluster_close(). */
jw_err jw_air_cluster_open(const jw_air_cluster_config *cfg, jw_air_cluster **out);

/* The latest reported position of addr at t; alt_ft, gs_kt, track_deg NAN when unknown. */
void jw_air_cluster_note(jw_air_cluster *c, uint32_t addr, double t, double lat, double lon,
                         double alt_ft, double gs_kt, double track_deg);

/* The same, with *slot a hint kept by the caller per aircraft (0 at first):
 * where addr's position was kept, updated. Saves the search of the table. */
void jw_air_cluster_note_slot(jw_air_cluster *c, uint32_t addr, double t, double lat, double lon,
                              double alt_ft, double gs_kt, double track_deg, uint32_t *slot);

/* Runs both checks at now; writes at most max findings (new ones and ended
 * ones) to hits and returns how many. Findings beyond max wait for the next
 * check. */
size_t jw_air_cluster_check(jw_air_cluster *c, double now, jw_air_cluster_hit *hits, size_t max);

void jw_air_cluster_close(jw_air_cluster *c);

#endif
