/*
 * live.h - the live service's in-memory snapshot: targets with their GNSS
 * integrity state, feeds with their health, and counters.
 *
 * The ingest thread builds a new snapshot now and then (about once a
 * second) and publishes it; the HTTP threads read it. A mutex protects the
 * copy; readers hold it only while turning the snapshot into JSON or text.
 * Sizes are bounded at open.
 */
#ifndef JAMWATCH_LIVE_H
#define JAMWATCH_LIVE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"

enum {
    JW_LIVE_MAX_TARGETS = 50000, /* targets in a snapshot at most */
    JW_LIVE_MAX_FEEDS = 64       /* feeds (inputs and accepted connections) at most */
};

/* Integrity state of a target as shown to users. */
typedef enum jw_live_state {
    JW_LIVE_UNKNOWN = 0, /* no good fix yet */
    JW_LIVE_OK = 1,      /* GNSS healthy */
    JW_LIVE_BAD = 2      /* GNSS degraded or lost */
} jw_live_state;

/* One aircraft or vessel. */
typedef struct jw_live_target {
    uint32_t id;       /* ICAO address or MMSI */
    uint8_t domain;    /* 0 air, 1 sea (jw_domain) */
    uint8_t state;     /* a jw_live_state */
    uint8_t nacp, nic; /* air: latest NACp and NIC; sea: accuracy flag in nacp */
    bool has_pos;      /* lat/lon valid */
    double lat, lon;   /* latest position, degrees */
    double alt_ft;     /* barometric altitude, feet; NAN unknown (ships: NAN) */
    double speed_kn;   /* ground speed, knots; NAN unknown */
    double track_deg;  /* track or course, degrees; NAN unknown */
    double last_seen;  /* data time of the latest message */
    char name[21];     /* callsign or ship name, "" unknown */
} jw_live_target;

/* One input's health. */
typedef struct jw_live_feed {
    char name[64];       /* "connect 1.2.3.4:30005", "listen :30005 from 127.0.0.1:4567", ... */
    char format[8];      /* beast, avr, sbs, nmea, auto */
    char state[16];      /* connected, connecting, backoff, listening, running, done, error */
    uint64_t bytes;      /* bytes read */
    uint64_t messages;   /* frames/sentences delivered */
    uint64_t garbage;    /* garbage bytes, bad lines, bad checksums */
    uint64_t reconnects; /* connection attempts after the first */
    double last_data;    /* wall-clock time of the latest bytes, 0 never */
    char error[96];      /* latest error, "" none */
} jw_live_feed;

/* Service-wide counters. */
typedef struct jw_live_counters {
    double started;         /* wall-clock start, UNIX seconds */
    double data_time;       /* latest data time seen */
    uint64_t bytes;         /* bytes from all inputs */
    uint64_t frames;        /* Mode S frames + SBS messages */
    uint64_t messages;      /* messages accepted by the aircraft table */
    uint64_t ais_messages;  /* AIS payloads decoded */
    uint64_t bad_crc;       /* Mode S frames with a bad CRC */
    uint64_t garbage;       /* garbage bytes/lines in all inputs */
    uint64_t windows;       /* windows committed to the store */
    uint64_t cells;         /* cell rows committed */
    uint64_t events;        /* event rows written */
    uint64_t emitters;      /* emitter rows written */
    uint64_t store_errors;  /* failed store transactions */
    uint64_t store_dropped; /* product rows dropped (buffer full) */
    uint64_t aircraft;      /* aircraft in the table */
    uint64_t vessels;       /* vessels in the table */
    bool analysis;          /* an analysis engine is running */
} jw_live_counters;

typedef struct jw_live jw_live;

/* Opens an empty snapshot holder. Free with jw_live_close(). */
jw_err jw_live_open(jw_live **out);
void jw_live_close(jw_live *l);

/* Replaces the snapshot (copies; arrays longer than the bounds are cut). */
void jw_live_publish(jw_live *l, const jw_live_target *t, size_t nt, const jw_live_feed *f,
                     size_t nf, const jw_live_counters *c);

/* Copies the counters. */
void jw_live_counters_get(jw_live *l, jw_live_counters *out);

/* Filter for jw_live_targets_json; NAN/-1 fields select everything. */
typedef struct jw_live_filter {
    int domain;     /* 0 air, 1 sea, -1 both */
    int state;      /* a jw_live_state, -1 any */
    double bbox[4]; /* min lon, min lat, max lon, max lat; bbox[0] NAN = world */
    unsigned limit; /* at most this many */
} jw_live_filter;

/* GeoJSON FeatureCollection of the targets that pass f (points; those
 * without a position are listed with a null geometry). */
json_t *jw_live_targets_json(jw_live *l, const jw_live_filter *f);

/* [{name, format, state, bytes, ...}] */
json_t *jw_live_feeds_json(jw_live *l);

/* {uptime_s, data_time, counters..., targets by state} */
json_t *jw_live_stats_json(jw_live *l, double now);

/* Name of a jw_live_state: "unknown", "ok", "bad". */
const char *jw_live_state_name(int s);

#endif
