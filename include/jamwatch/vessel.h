/*
 * vessel.h - per-vessel state keyed by MMSI, built from decoded AIS messages.
 *
 * The table has a fixed capacity chosen at open; lookup is O(1) (open
 * addressing on the MMSI). When it is full, the stalest of a small sample
 * of vessels (an O(1) approximation of the least recently heard) is
 * evicted, and jw_vessels_expire() drops every vessel not heard for a given
 * age (a scan of the table). Time is always a parameter (seconds, any epoch); nothing reads a
 * clock. The record keeps what maritime GNSS-interference evidence needs
 * later: the last two positions with their times, speed, course, accuracy
 * and RAIM flags, counts of "not available" positions, and, for fixed
 * stations (base stations, type 4; aids to navigation, type 21), the first
 * position reported and the largest distance from it since.
 */
#ifndef JAMWATCH_VESSEL_H
#define JAMWATCH_VESSEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/ais.h"
#include "jamwatch/error.h"

typedef struct jw_vessels jw_vessels;

/* One vessel or station. Doubles are NaN when unknown. */
typedef struct jw_vessel {
    uint32_t mmsi;                        /* key */
    double first_seen;                    /* time of the first message */
    double last_seen;                     /* time of the latest message */
    uint32_t messages;                    /* messages of any type */
    uint32_t pos_reports;                 /* messages of a type that carries a position */
    uint32_t pos_na;                      /* of which position "not available" (181/91) */
    uint32_t pos_invalid;                 /* of which out of range (neither valid nor n/a) */
    uint32_t accuracy_high;               /* position reports with the accuracy flag set */
    uint32_t raim_on;                     /* position reports with the RAIM flag set */
    uint8_t last_type;                    /* message type of the latest position */
    bool has_pos;                         /* lat, lon, pos_time valid */
    double lat, lon;                      /* latest valid position, degrees */
    double pos_time;                      /* its time */
    bool has_prev;                        /* prev_* valid */
    double prev_lat, prev_lon, prev_time; /* the valid position before it */
    bool accuracy;                        /* accuracy flag of the latest position */
    bool raim;                            /* RAIM flag of the latest position */
    uint8_t second;        /* UTC second field of the latest position (60-63 special) */
    double speed_kn;       /* latest speed over ground, knots */
    double course_deg;     /* latest course over ground, degrees */
    uint16_t heading;      /* latest true heading, 511 = n/a */
    uint8_t status;        /* latest navigation status (15 = undefined) */
    uint8_t epfd;          /* latest EPFD type reported (4, 5, 19, 21) */
    bool fixed;            /* a type 4 or 21 was heard from this MMSI */
    bool has_fixed_origin; /* fixed_lat, fixed_lon valid */
    double fixed_lat, fixed_lon, fixed_time; /* first valid position of the fixed station */
    double fixed_max_move_m; /* largest distance of a later fixed report from it, metres */
    uint32_t imo;            /* from type 5 */
    char shipname[35];       /* from 5, 19, 24A or the name of 21 */
    char callsign[8];        /* from 5, 24B */
    char destination[21];    /* from 5 */
    uint8_t shiptype;        /* from 5, 19, 24B */
    uint16_t length_m;       /* to_bow + to_stern, 0 unknown */
    uint8_t beam_m;          /* to_port + to_starboard, 0 unknown */
} jw_vessel;

typedef struct jw_vessels_config {
    size_t capacity; /* vessels kept at most (default 65536) */
} jw_vessels_config;

/* Creates a table (cfg may be NULL). Free with jw_vessels_close. */
jw_err jw_vessels_open(const jw_vessels_config *cfg, jw_vessels **out);

/* Frees the table. NULL is allowed. */
void jw_vessels_close(jw_vessels *t);

/*
 * Folds one decoded message heard at time now into its vessel's record
 * (creating it, evicting the least recently heard vessel when full). *out,
 * when out is not NULL, points to the record until the next call that
 * changes the table. Returns JW_EINVAL for MMSI 0 or a message without a
 * type.
 */
jw_err jw_vessels_update(jw_vessels *t, const jw_ais_msg *m, double now, const jw_vessel **out);

/* The record of mmsi, or NULL. Valid until the next change of the table. */
const jw_vessel *jw_vessels_find(const jw_vessels *t, uint32_t mmsi);

/* Drops vessels whose last_seen is older than now - max_age; returns how
 * many. O(capacity): call it now and then, not per message. */
size_t jw_vessels_expire(jw_vessels *t, double now, double max_age);

/* Vessels in the table, and vessels evicted because it was full. */
size_t jw_vessels_count(const jw_vessels *t);
uint64_t jw_vessels_evicted(const jw_vessels *t);

/* Calls fn for every vessel, in no particular order. fn must not change t. */
void jw_vessels_foreach(const jw_vessels *t, void (*fn)(void *user, const jw_vessel *v),
                        void *user);

/* Great-circle distance in metres between two points in degrees. */
double jw_vessel_distance_m(double lat1, double lon1, double lat2, double lon2);

#endif
