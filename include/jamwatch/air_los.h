/*
 * air_los.h - line of sight between receivers and aircraft (src/air_los.c):
 * the radio horizon over a 4/3 earth, d = 4.12 (sqrt(h_rx) + sqrt(h_ac)) km
 * with heights in metres (REFERENCE §4; jw_radio_horizon_km, sim_physics.h). A position that no
 * known receiver could have heard is impossible for the aircraft that reported it: the position is
 * false (spoofed), whatever its integrity says. Pure functions.
 */
#ifndef JAMWATCH_AIR_LOS_H
#define JAMWATCH_AIR_LOS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct jw_receiver {
    double lat, lon; /* degrees */
    double height_m; /* antenna height above mean sea level, metres (>= 0) */
} jw_receiver;

/* Could any of the n receivers hear an aircraft at (lat, lon, alt_m)? The
 * horizon is stretched by margin (a factor, e.g. 1.1 for anomalous
 * propagation) plus slack_km. n == 0: true (nothing is known). */
bool jw_los_heard_possible(const jw_receiver *rx, size_t n, double lat, double lon, double alt_m,
                           double margin, double slack_km);

/* Parses "LAT,LON[,HEIGHT_M]" (height 10 m when absent). Returns 0 or -1. */
int jw_receiver_parse(const char *s, jw_receiver *out);

#endif
