/*
 * ais.h - decoding one AIS payload (ITU-R M.1371, as described by gpsd's
 * AIVDM.adoc) into a jw_ais_msg.
 *
 * jw_ais_decode() is pure: packed payload bits in, a struct out. Types 1, 2,
 * 3, 4, 5, 9, 11, 18, 19, 21, 24 (parts A and B) and 27 are decoded in full;
 * every other type 1-27 is recognised (header, length check) and reported
 * with only type, repeat and mmsi. Fields hold the raw (unscaled) values of
 * the standard; jw_ais_position() and friends give them in degrees and knots.
 *
 * Bits are numbered from 1 (the first transmitted bit); AIVDM.adoc numbers
 * from 0, so its field "61-88" is bits 62-89 here.
 */
#ifndef JAMWATCH_AIS_H
#define JAMWATCH_AIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"

/* Presence bits of jw_ais_msg.has: a field group is valid only when set. */
typedef enum jw_ais_field {
    JW_AF_STATUS,      /* status: navigation status (1-3, 27) */
    JW_AF_TURN,        /* turn: raw rate of turn (1-3) */
    JW_AF_SPEED,       /* speed: raw SOG (0.1 kn; 1 kn for 9 and 27) */
    JW_AF_ACCURACY,    /* accuracy: position accuracy flag */
    JW_AF_POS,         /* lon, lat raw (1/10000 min; 1/10 min for 27) */
    JW_AF_COURSE,      /* course: raw COG (0.1 deg; 1 deg for 27) */
    JW_AF_HEADING,     /* heading: degrees, 511 = n/a */
    JW_AF_SECOND,      /* second: UTC second, 60-63 special */
    JW_AF_MANEUVER,    /* maneuver (1-3) */
    JW_AF_RAIM,        /* raim flag */
    JW_AF_RADIO,       /* radio: communication state */
    JW_AF_DATETIME,    /* year, month, day, hour, minute, second (4, 11) */
    JW_AF_EPFD,        /* epfd: position fixing device type */
    JW_AF_VOYAGE,      /* ais_version, imo, eta month/day/hour/minute, draught (5) */
    JW_AF_CALLSIGN,    /* callsign */
    JW_AF_SHIPNAME,    /* shipname (5, 19, 24A; name of 21) */
    JW_AF_SHIPTYPE,    /* shiptype */
    JW_AF_DIMENSIONS,  /* to_bow, to_stern, to_port, to_starboard */
    JW_AF_DESTINATION, /* destination (5) */
    JW_AF_DTE,         /* dte */
    JW_AF_ALT,         /* alt: SAR aircraft altitude, metres (9) */
    JW_AF_REGIONAL,    /* regional reserved bits */
    JW_AF_RESERVED,    /* reserved bits (18, 19) */
    JW_AF_CSFLAGS,     /* cs, display, dsc, band, msg22 (18) */
    JW_AF_ASSIGNED,    /* assigned-mode flag */
    JW_AF_AID,         /* aid_type, off_position, virtual_aid (21) */
    JW_AF_PARTNO,      /* partno (24) */
    JW_AF_VENDOR,      /* vendorid, model, serial (24B) */
    JW_AF_MOTHERSHIP,  /* mothership_mmsi (24B of an auxiliary craft) */
    JW_AF_GNSS,        /* gnss: 1 = not a current GNSS position (27) */
    JW_AF_COUNT
} jw_ais_field;

#define JW_AIS_HAS(m, f) (((m)->has >> (f)) & 1u)
#define JW_AIS_SET(m, f) ((m)->has |= (uint32_t)1 << (f))

/* Raw "not available" values of the standard. */
enum {
    JW_AIS_LON_NA = 181 * 600000, /* 0x6791AC0 */
    JW_AIS_LAT_NA = 91 * 600000,  /* 0x3412140 */
    JW_AIS_LON27_NA = 181 * 600,  /* 181000 in 1/10 min */
    JW_AIS_LAT27_NA = 91 * 600,
    JW_AIS_SPEED_NA = 1023,
    JW_AIS_COURSE_NA = 3600,
    JW_AIS_HEADING_NA = 511,
    JW_AIS_TURN_NA = -128
};

/*
 * One decoded message. Plain data: copy it freely. Only fields whose
 * JW_AF_* bit is set in has are meaningful; the rest are zero.
 */
typedef struct jw_ais_msg {
    uint32_t has;       /* presence bits, 1 << jw_ais_field */
    uint8_t type;       /* message type 1-27 */
    uint8_t repeat;     /* repeat indicator 0-3 */
    bool full;          /* true when the type is decoded in full */
    uint16_t nbits;     /* payload length in bits */
    uint32_t mmsi;      /* source MMSI */
    uint8_t status;     /* navigation status 0-15 */
    int8_t turn;        /* raw ROT -128..127 */
    uint16_t speed;     /* raw SOG */
    bool accuracy;      /* 1 = high (< 10 m, DGNSS) */
    int32_t lon, lat;   /* raw, signed */
    uint16_t course;    /* raw COG */
    uint16_t heading;   /* degrees, 511 n/a */
    uint8_t second;     /* UTC second field */
    uint8_t maneuver;   /* 0 n/a, 1 none, 2 special */
    bool raim;          /* RAIM in use */
    uint32_t radio;     /* radio status bits */
    uint16_t year;      /* 4, 11: UTC year (0 n/a) */
    uint8_t month, day; /* 4, 11: UTC date; 5: ETA month, day */
    uint8_t hour;       /* 4, 11: UTC hour; 5: ETA hour */
    uint8_t minute;     /* 4, 11: UTC minute; 5: ETA minute */
    uint8_t epfd;       /* EPFD type 0-15 */
    uint8_t ais_version;
    uint32_t imo;      /* IMO number (5) */
    char callsign[8];  /* six-bit text, trimmed */
    char shipname[35]; /* ship or aid name (21: with extension), trimmed */
    uint8_t shiptype;  /* ship and cargo type */
    uint16_t to_bow, to_stern;
    uint8_t to_port, to_starboard;
    uint8_t draught;                    /* raw, 0.1 m */
    char destination[21];               /* six-bit text, trimmed */
    bool dte;                           /* 1 = data terminal not ready */
    uint16_t alt;                       /* metres (9), 4095 n/a */
    uint8_t regional;                   /* regional reserved bits */
    uint8_t reserved;                   /* 18, 19 reserved byte */
    bool cs, display, dsc, band, msg22; /* 18 flags */
    bool assigned;                      /* assigned mode */
    uint8_t aid_type;                   /* 21 */
    bool off_position;                  /* 21 */
    bool virtual_aid;                   /* 21 */
    uint8_t partno;                     /* 24: 0 part A, 1 part B */
    char vendorid[8];                   /* 24B: 7 characters as ITU-R M.1371-3 */
    uint8_t model;                      /* 24B (M.1371-4 reading of the vendor field) */
    uint32_t serial;                    /* 24B */
    uint32_t mothership_mmsi;           /* 24B, auxiliary craft (98MIDxxxx) */
    bool gnss;                          /* 27: 1 = position not from current GNSS fix */
} jw_ais_msg;

/* Largest payload the decoder looks at, in bits (longer is malformed). */
#define JW_AIS_MAX_BITS 2160

/*
 * Decodes a payload: nbits bits packed MSB first in bits[0..(nbits+7)/8).
 * *out is cleared first. Returns JW_OK (check out->full for types decoded in
 * full); JW_EUNSUPPORTED for type 0 or 28-63 (out->type set); JW_ETRUNC when
 * the length is wrong for the type beyond what the specification tolerates
 * (out->type, repeat and mmsi set when the payload holds them).
 */
jw_err jw_ais_decode(const uint8_t *bits, size_t nbits, jw_ais_msg *out);

/* Position in degrees. Returns false (and leaves *lat, *lon) when the message
 * has none or it is "not available" (91/181) or out of range. */
bool jw_ais_position(const jw_ais_msg *m, double *lat, double *lon);

/* Speed over ground in knots; NaN when absent or not available. */
double jw_ais_speed_kn(const jw_ais_msg *m);

/* Course over ground in degrees; NaN when absent or not available. */
double jw_ais_course_deg(const jw_ais_msg *m);

/* True for the types that carry a position (1-3, 4, 9, 11, 18, 19, 21, 27). */
bool jw_ais_is_position_type(unsigned type);

/* Vocabulary texts (from AIVDM.adoc); never NULL. */
const char *jw_ais_status_text(unsigned status);
const char *jw_ais_epfd_text(unsigned epfd);
const char *jw_ais_shiptype_text(unsigned shiptype);
const char *jw_ais_aid_type_text(unsigned aid_type);

#endif
