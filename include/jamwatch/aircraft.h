/*
 * aircraft.h - the per-aircraft state table: the second stage of the
 * pipeline, after jw_modes_decode().
 *
 * The table follows every aircraft heard: it pairs CPR messages into
 * positions (global even/odd decoding, then local decoding against the last
 * good fix or the receiver), accepts addresses recovered from parity only for
 * aircraft already seen with a verified CRC, remembers the transponder
 * version and NIC supplements so that NIC/Rc are computed as the standard
 * says, and runs a first GNSS integrity classifier with readsb's hysteresis
 * (see docs/aircraft.md). Its size is bounded: when full, the aircraft heard
 * least recently is evicted; entries silent for longer than the expiry are
 * dropped as time advances. Lookup is O(1). Time comes only from messages.
 */
#ifndef JAMWATCH_AIRCRAFT_H
#define JAMWATCH_AIRCRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"
#include "jamwatch/modes.h"

typedef struct jw_aircraft_config {
    size_t capacity;     /* most aircraft held at once; 0 = 65536 */
    double expire;       /* seconds of silence before an entry is dropped; 0 = 600 */
    bool has_receiver;   /* rx_lat/rx_lon are set: a reference for local CPR */
    double rx_lat;       /* receiver latitude, degrees */
    double rx_lon;       /* receiver longitude, degrees */
    double max_speed_kt; /* a new position implying more than this is rejected; 0 = 2000 */
} jw_aircraft_config;

/* The GNSS integrity state of one aircraft (first classifier). */
typedef enum jw_gnss_state {
    JW_GNSS_UNKNOWN = 0, /* no good fix seen yet */
    JW_GNSS_OK = 1,      /* positions with NACp >= 4 recently */
    JW_GNSS_BAD = 2      /* readsb's "GPS not OK": counter at or above 17 */
} jw_gnss_state;

/* One CPR half remembered for pairing. */
typedef struct jw_cpr_half {
    uint32_t lat, lon; /* 17-bit encoded */
    double time;       /* when received; < 0 when empty */
    uint8_t nic;       /* NIC of that message */
    uint8_t surface;   /* 1 for a surface position */
    double rc;         /* its containment radius, metres (0 unknown) */
} jw_cpr_half;

/* What the table knows of one aircraft. Read-only for callers. */
typedef struct jw_aircraft {
    /* Fields are grouped by how often an update touches them: the first
     * three cache lines hold what every message reads or writes. */
    double last_seen;  /* time of the latest message */
    uint64_t messages; /* messages accepted */
    jw_velocity vel;   /* speed and track (jw_velocity_gs/_track); valid when vel_time >= 0 */
    double vel_time;
    double last_good;       /* time of the latest position with NACp >= 4; < 0 never */
    double lat, lon;        /* latest resolved position, degrees */
    double pos_time;        /* its time */
    double alt_time;        /* time of alt_baro; < 0 never */
    int32_t alt_baro;       /* feet; valid when alt_time >= 0 */
    int32_t geo_minus_baro; /* feet; valid when vel_time >= 0 and has_gmb */
    int gnss_counter;       /* 0..20: readsb-style counter, rises on messages without a good fix */
    jw_gnss_state gnss;     /* current integrity state */
    uint8_t airground;      /* a jw_airground */
    bool crc_seen;          /* heard at least once with a verified CRC */
    bool has_gmb;           /* geo_minus_baro is known */
    bool pos_valid;         /* lat/lon hold a resolved position */
    bool surface;           /* the latest position was a surface one */
    uint8_t version;        /* ADS-B version from TC31 */
    bool version_known;     /* a TC31 was heard */
    uint8_t nic_a, nic_c;   /* NIC supplements A and C from TC31 */
    uint8_t nacp;           /* latest NACp (TC29/TC31, or derived for version 0) */
    bool nacp_known;        /* nacp is meaningful */
    uint8_t nic;            /* NIC of the latest resolved position */
    jw_cpr_half cpr[2];     /* latest even [0] and odd [1] CPR halves */

    /* Read rarely. */
    uint32_t addr;        /* 24-bit address */
    uint8_t sil;          /* latest SIL */
    char callsign[9];     /* latest callsign, NUL-terminated */
    double first_seen;    /* time of the first message */
    uint64_t no_position; /* airborne-position type code 0 messages ("no position") */
    double rc;            /* containment radius of the latest position, metres */
    int32_t alt_geom;     /* feet; valid when geom_time >= 0 */
    double geom_time;
    uint32_t user; /* the caller's slot (air_evidence.c: its entry), zeroed when created */
} jw_aircraft;

/* The caller's slot of a table entry, writable: the table only zeroes it. */
static inline uint32_t *jw_aircraft_user(const jw_aircraft *a)
{
    return (uint32_t *)(uintptr_t)&a->user;
}

/* Counters for the decode summary and the metrics endpoint. */
typedef struct jw_aircraft_stats {
    uint64_t accepted;       /* messages applied to an aircraft */
    uint64_t parity_dropped; /* parity-derived address of no known aircraft */
    uint64_t cpr_global;     /* positions from an even/odd pair */
    uint64_t cpr_local;      /* positions relative to a reference */
    uint64_t cpr_rejected;   /* pairs or locals rejected (zone, range, speed) */
    uint64_t evicted_full;   /* aircraft evicted because the table was full */
    uint64_t expired;        /* aircraft dropped after the expiry */
} jw_aircraft_stats;

typedef struct jw_aircraft_table jw_aircraft_table;

/* Creates a table; cfg may be NULL for defaults. Free with jw_aircraft_table_close(). */
jw_err jw_aircraft_table_open(const jw_aircraft_config *cfg, jw_aircraft_table **out);

/* Frees the table and every entry. NULL is allowed. */
void jw_aircraft_table_close(jw_aircraft_table *t);

/*
 * Applies one decoded message. It may complete *m: a resolved position
 * (lat, lon and JW_F_POS) and NIC/Rc (JW_F_NIC). On success *out (if not
 * NULL) points at the aircraft's entry, valid until the next update.
 * Returns JW_OK, or JW_ENOTFOUND when m's address came from parity and no
 * aircraft with that address has been seen by CRC (m is then ignored).
 */
jw_err jw_aircraft_update(jw_aircraft_table *t, jw_msg *m, const jw_aircraft **out);

/* The entry for addr, or NULL. Valid until the next update. */
const jw_aircraft *jw_aircraft_find(const jw_aircraft_table *t, uint32_t addr);

/* Number of aircraft held. */
size_t jw_aircraft_count(const jw_aircraft_table *t);

/* Calls fn for every aircraft, most recently heard first; stops if fn returns false. */
void jw_aircraft_foreach(const jw_aircraft_table *t, bool (*fn)(void *user, const jw_aircraft *a),
                         void *user);

/* Copies the counters. */
void jw_aircraft_stats_get(const jw_aircraft_table *t, jw_aircraft_stats *out);

/* Name of a jw_gnss_state: "unknown", "ok", "bad". */
const char *jw_gnss_state_name(jw_gnss_state s);

#endif
