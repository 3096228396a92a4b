/*
 * ais_encode.h - building AIS messages (ITU-R M.1371) and the NMEA 0183
 * sentences that carry them, the inverse of an AIVDM decoder.
 *
 * Messages are first packed into a jw_ais_bits buffer (bit 0 first, as in
 * gpsd's AIVDM.adoc tables), then armored and split into !AIVDM sentences,
 * optionally each preceded by an NMEA 4.10 tag block with source and UNIX
 * time. Everything here is pure: no I/O, no clock.
 */
#ifndef JAMWATCH_AIS_ENCODE_H
#define JAMWATCH_AIS_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"

enum {
    JW_AIS_MAX_BITS = 1008, /* five slots, the longest AIS message */
    JW_AIS_LINE_MAX = 160   /* one sentence with its tag block, with room to spare */
};

/* A message under construction: bits in transmission order. */
typedef struct jw_ais_bits {
    uint8_t b[JW_AIS_MAX_BITS / 8]; /* bit 0 = MSB of b[0] */
    unsigned n;                     /* bits written */
} jw_ais_bits;

/* Types 1-3 (class A) and 18 (class B) position reports. */
typedef struct jw_ais_pos {
    uint8_t type;     /* 1, 2, 3 or 18 */
    uint32_t mmsi;    /* 9 digits */
    uint8_t status;   /* navigation status 0-15 (types 1-3; 15 = not defined) */
    int8_t rot;       /* rate of turn field as sent, -128 = not available (types 1-3) */
    double sog;       /* knots; negative = not available */
    uint8_t accuracy; /* 1 = high (< 10 m, DGNSS), 0 = low */
    bool pos_valid;   /* false sends 181, 91: not available */
    double lat, lon;  /* degrees */
    double cog;       /* degrees; negative = not available */
    uint16_t heading; /* degrees 0-359, 511 = not available */
    uint8_t second;   /* UTC second of the fix, 60 = not available */
    uint8_t raim;     /* RAIM in use */
    uint32_t radio;   /* radio status (19 bits types 1-3, 20 bits type 18) */
} jw_ais_pos;

/* Type 4 base station report. */
typedef struct jw_ais_base {
    uint32_t mmsi;
    int64_t unix_time; /* the UTC date and time the station reports */
    uint8_t accuracy;
    bool pos_valid;
    double lat, lon;
    uint8_t epfd; /* position fix type: 1 GPS, 7 surveyed, 15 internal GNSS */
    uint8_t raim;
} jw_ais_base;

/* Type 5 static and voyage data (class A). */
typedef struct jw_ais_static {
    uint32_t mmsi;
    uint32_t imo;
    char callsign[8]; /* up to 7 characters */
    char name[21];    /* up to 20 characters */
    uint8_t shiptype; /* 0-99 */
    uint16_t to_bow, to_stern;
    uint8_t to_port, to_starboard;
    uint8_t epfd;
    uint8_t month, day, hour, minute; /* ETA; 0/0/24/60 = not available */
    uint8_t draught;                  /* 0.1 m */
    char destination[21];             /* up to 20 characters */
} jw_ais_static;

/* Type 21 aid to navigation report. */
typedef struct jw_ais_aton {
    uint32_t mmsi;
    uint8_t aid_type; /* 0-31 */
    char name[21];
    uint8_t accuracy;
    bool pos_valid;
    double lat, lon;
    uint16_t to_bow, to_stern;
    uint8_t to_port, to_starboard;
    uint8_t epfd;
    uint8_t second;
    uint8_t off_position;
    uint8_t raim;
    uint8_t virtual_aid;
} jw_ais_aton;

/* Type 24 class B static data, part A (name) or part B (type, callsign, size). */
typedef struct jw_ais_static_b {
    uint32_t mmsi;
    uint8_t part; /* 0 = A, 1 = B */
    char name[21];
    uint8_t shiptype;
    char vendor[4]; /* up to 3 characters */
    char callsign[8];
    uint16_t to_bow, to_stern;
    uint8_t to_port, to_starboard;
} jw_ais_static_b;

jw_err jw_ais_enc_pos(const jw_ais_pos *in, jw_ais_bits *out);
jw_err jw_ais_enc_base(const jw_ais_base *in, jw_ais_bits *out);
jw_err jw_ais_enc_static(const jw_ais_static *in, jw_ais_bits *out);
jw_err jw_ais_enc_aton(const jw_ais_aton *in, jw_ais_bits *out);
jw_err jw_ais_enc_static_b(const jw_ais_static_b *in, jw_ais_bits *out);

/* Puts v (n <= 32 bits) at the end of bits; JW_EFULL past JW_AIS_MAX_BITS. */
jw_err jw_ais_put(jw_ais_bits *bits, unsigned n, uint32_t v);

/* Puts nchars six-bit characters of text, padded with spaces as real transmitters do. */
jw_err jw_ais_put_text(jw_ais_bits *bits, unsigned nchars, const char *text);

/* Where and when the sentences of one message were received. */
typedef struct jw_nmea_opts {
    char channel;       /* 'A' or 'B' */
    uint8_t seq_id;     /* 0-9, used for multipart messages */
    const char *source; /* tag block s: value, or NULL for no tag block */
    int64_t unix_time;  /* tag block c: value (seconds) */
    uint32_t group_id;  /* tag block g: group number for multipart messages */
} jw_nmea_opts;

/*
 * Armors bits into one or more '\n'-terminated !AIVDM sentences (60 payload
 * characters each at most) written to out. *len is the bytes written.
 * Returns JW_EFULL when cap is too small (JW_AIS_LINE_MAX per fragment is).
 */
jw_err jw_ais_nmea(const jw_ais_bits *bits, const jw_nmea_opts *opt, char *out, size_t cap,
                   size_t *len);

#endif
