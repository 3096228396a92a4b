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

#include "jamwatch/error.h"

typedef struct jw_receiver {
    double lat, lon; /* degrees */
    double height_m; /* antenna height above mean sea level, metres (>= 0) */
} jw_receiver;

/* Could any of the n receivers hear an aircraft at (lat, lon, alt_m)? The
 * horizon is stretched by margin (a factor, e.g. 1.1 for anomalous
 * propagation) plus slack_km. n == 0: true (nothing is known). */
bool jw_los_heard_possible(const jw_receiver *rx, size_t n, double lat, double lon, double alt_m,
                           double margin, double slack_km);

/* A receiver whose position is finite and in range (|lat| <= 90, |lon| <=
 * 180) and whose height is finite and >= 0. */
bool jw_receiver_valid(const jw_receiver *r);

/* Parses "LAT,LON[,HEIGHT_M]" (height 10 m when absent) into a valid
 * receiver. Returns 0 or -1. */
int jw_receiver_parse(const char *s, jw_receiver *out);

/*
 * Reads receivers from JSON text (`jamwatch analyze --receivers`): an array
 * of {"lat", "lon", "height_m"} objects (height 10 m when absent), or an
 * object holding such an array under "receivers" (the simulator's
 * truth.json). At most cap are read into out; *n gets their number. Returns
 * JW_OK; JW_EPARSE when the text is not JSON; JW_EFORMAT when it is not such
 * an array or an element lacks a numeric lat or lon or has a height that is
 * not a number; JW_ERANGE when an element is not a valid receiver
 * (jw_receiver_valid); JW_EFULL when there are more than cap. *bad (may be
 * NULL) gets the index of the element at fault, or SIZE_MAX.
 */
jw_err jw_receivers_json(const char *text, size_t len, jw_receiver *out, size_t cap, size_t *n,
                         size_t *bad);

#endif
