/*
 * modes.h - decoding one Mode S frame into a jw_msg.
 *
 * jw_modes_decode() is pure: a frame (bytes + time) and a configuration in, a
 * message out. It knows nothing about other messages, so it cannot resolve
 * CPR positions nor decide whether an address recovered from parity belongs
 * to a real aircraft: the aircraft table (aircraft.h) does both.
 *
 * Bits are numbered as in DO-260B: bit 1 is the first transmitted bit (the
 * MSB of byte 0); ME bit n is frame bit 32 + n.
 */
#ifndef JAMWATCH_MODES_H
#define JAMWATCH_MODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"
#include "jamwatch/frame.h"

/* Presence bits of jw_msg.has: a field is valid only when its bit is set. */
typedef enum jw_field {
    JW_F_ALT_BARO,       /* alt_baro */
    JW_F_ALT_GEOM,       /* alt_geom: GNSS height (TC 20-22) */
    JW_F_CPR,            /* cpr_* raw position */
    JW_F_POS,            /* lat, lon resolved (set by the aircraft table) */
    JW_F_GS,             /* gs */
    JW_F_TRACK,          /* track (TC19 subtypes 1/2; surface ground track) */
    JW_F_HEADING,        /* heading (TC19 airspeed subtypes 3/4) */
    JW_F_IAS,            /* ias */
    JW_F_TAS,            /* tas */
    JW_F_VRATE,          /* vrate, vrate_geom */
    JW_F_GEO_MINUS_BARO, /* geo_minus_baro */
    JW_F_CALLSIGN,       /* callsign */
    JW_F_CATEGORY,       /* category */
    JW_F_SQUAWK,         /* squawk */
    JW_F_FLIGHT_STATUS,  /* flight_status (DF4/5/20/21) */
    JW_F_AIRGROUND,      /* airground */
    JW_F_NIC,            /* nic, rc (computed by the aircraft table) */
    JW_F_NIC_A,          /* nic_a (TC31) */
    JW_F_NIC_B,          /* nic_b (TC9-18 ME bit 8) */
    JW_F_NIC_C,          /* nic_c (TC31 surface) */
    JW_F_NACP,           /* nacp */
    JW_F_NACV,           /* nacv */
    JW_F_SIL,            /* sil, sil_supp */
    JW_F_VERSION,        /* version (TC31) */
    JW_F_NIC_BARO,       /* nic_baro */
    JW_F_GVA,            /* gva */
    JW_F_SDA,            /* sda */
    JW_F_SEL_ALT,        /* sel_alt, sel_alt_fms */
    JW_F_BARO_SETTING,   /* baro_setting */
    JW_F_SEL_HEADING,    /* sel_heading */
    JW_F_AP_MODES,       /* ap_modes */
    JW_F_EMERGENCY,      /* emergency */
    JW_F_MODEAC,         /* modeac (Mode A/C reply code) */
    JW_F_HRD,            /* hrd (TC31 horizontal reference direction) */
    JW_F_OPSTATUS,       /* op_cc, op_om (TC31 capability class, operational mode) */
    JW_F_COUNT
} jw_field;

#define JW_HAS(m, f) (((m)->has >> (f)) & 1u)
#define JW_SET(m, f) ((m)->has |= (uint64_t)1 << (f))

/* Where the 24-bit address came from. */
typedef enum jw_addr_src {
    JW_ADDR_CRC = 0,    /* DF11/17/18: address in the clear, CRC verified */
    JW_ADDR_PARITY = 1, /* DF0/4/5/16/20/21: recovered from the AP field; unverified */
    JW_ADDR_NONE = 2    /* Mode A/C: no address */
} jw_addr_src;

typedef enum jw_airground { JW_AG_UNKNOWN = 0, JW_AG_AIRBORNE = 1, JW_AG_GROUND = 2 } jw_airground;

/* Autopilot mode bits of jw_msg.ap_modes (TC29 subtype 1). */
enum {
    JW_AP_ENGAGED = 1 << 0,
    JW_AP_VNAV = 1 << 1,
    JW_AP_ALT_HOLD = 1 << 2,
    JW_AP_APPROACH = 1 << 3,
    JW_AP_LNAV = 1 << 4,
    JW_AP_TCAS = 1 << 5
};

/*
 * A velocity over ground. TC19 subtypes 1/2 carry it as east-west and
 * north-south components, from which speed and track follow by a square root
 * and an arctangent; those are computed when read, so that a consumer that
 * never reads them (decode --count, most of the aircraft table) does not pay
 * for them. Other sources (surface movement, SBS, OpenSky) set gs and track.
 * Read it only through jw_velocity_gs() and jw_velocity_track(): every reader
 * then gets the same bits.
 */
typedef struct jw_velocity {
    double gs;               /* knots; meaningful when from_components is 0 */
    double track;            /* degrees true, [0, 360); when from_components is 0 */
    uint16_t ew, ns;         /* east-west and north-south speed magnitudes, knots */
    uint8_t west, south;     /* 1 when ew points west, ns south */
    uint8_t from_components; /* 1: gs and track derive from ew, ns, west, south */
} jw_velocity;

/* Ground speed in knots of v. */
double jw_velocity_gs(const jw_velocity *v);

/* Track over ground of v, degrees true in [0, 360); 0 for components that
 * are both zero (no track: JW_F_TRACK is not set on such a message). */
double jw_velocity_track(const jw_velocity *v);

/*
 * One decoded message. Plain data: copy it freely. Only the fields whose
 * JW_F_* bit is set in has are meaningful; the rest are zero.
 */
typedef struct jw_msg {
    double time;           /* seconds, from the frame (see frame.h) */
    uint64_t has;          /* presence bits, 1 << jw_field */
    uint32_t addr;         /* 24-bit ICAO address (or TIS-B/anonymous) */
    uint8_t df;            /* downlink format 0-24; 32 for Mode A/C */
    uint8_t ca;            /* CA (DF11/17), CF (DF18) or FS (DF4/5/20/21) */
    uint8_t tc;            /* ES type code 0-31 (DF17/18 only) */
    uint8_t subtype;       /* ES subtype (velocity 1-4, status, op status) */
    uint8_t addr_src;      /* a jw_addr_src */
    uint8_t non_icao;      /* 1 when DF18 CF says the address is not an ICAO one */
    uint8_t corrected;     /* bits corrected by error correction (0 or 1) */
    uint8_t signal;        /* frame signal byte, 0 = unknown */
    uint8_t airground;     /* a jw_airground */
    uint8_t flight_status; /* FS field of DF4/5/20/21 */
    uint8_t dr;            /* DR downlink request of DF4/5/20/21 (with FS) */
    uint8_t um;            /* UM utility message of DF4/5/20/21 (with FS) */

    /* Position (TC 5-8 surface, 9-18 and 20-22 airborne). */
    uint8_t cpr_odd;     /* 0 even, 1 odd */
    uint8_t cpr_surface; /* 1 for a surface position */
    uint32_t cpr_lat;    /* 17-bit encoded latitude */
    uint32_t cpr_lon;    /* 17-bit encoded longitude */
    double lat, lon;     /* degrees WGS-84, set once resolved */
    int32_t alt_baro;    /* feet, barometric */
    int32_t alt_geom;    /* feet, GNSS height (HAE) */

    /* Velocity (TC19, surface movement). */
    jw_velocity vel;        /* gs (JW_F_GS) and track (JW_F_TRACK): use jw_velocity_gs/_track */
    double heading;         /* degrees (magnetic or true, see heading_true) */
    uint8_t heading_true;   /* 1 when true north: never set by the decoder (TC31 HRD) */
    double ias, tas;        /* knots */
    int32_t vrate;          /* feet/minute */
    uint8_t vrate_geom;     /* 1 when vrate is from GNSS, 0 barometric */
    int32_t geo_minus_baro; /* feet, GNSS height minus baro altitude */

    /* Identity. */
    char callsign[9];  /* NUL-terminated, trailing spaces removed */
    uint8_t category;  /* set in high nibble (0xA0..0xD0), number low: 0xA3 = A3 */
    uint16_t squawk;   /* four octal digits packed as hex nibbles: 0x7700 */
    uint16_t modeac;   /* Mode A/C reply as received */
    uint8_t emergency; /* TC28 emergency state 0-7 */

    /* Integrity. */
    uint8_t nic;                 /* navigation integrity category 0-11 */
    double rc;                   /* containment radius, metres; 0 = unknown */
    uint8_t nic_a, nic_b, nic_c; /* NIC supplements */
    uint8_t nacp;                /* 0-11 */
    uint8_t nacv;                /* 0-4 */
    uint8_t sil;                 /* 0-3 */
    uint8_t sil_supp;            /* 0 per hour, 1 per sample */
    uint8_t version;             /* ADS-B version 0, 1, 2 */
    uint8_t nic_baro;
    uint8_t gva;
    uint8_t sda;

    /* Target state and status (TC29 subtype 1). */
    int32_t sel_alt;     /* feet */
    uint8_t sel_alt_fms; /* 1 when sel_alt comes from the FMS, 0 MCP/FCU */
    double baro_setting; /* hPa */
    double sel_heading;  /* degrees */
    uint8_t ap_modes;    /* JW_AP_* bits */

    /* Operational status (TC31), raw subfields; see docs/decoder.md. */
    uint8_t hrd;    /* heading reference: 0 true north, 1 magnetic north */
    uint16_t op_cc; /* capability class codes (16 bits airborne, 12 surface) */
    uint16_t op_om; /* operational mode codes (16 bits) */
} jw_msg;

typedef struct jw_decode_config {
    bool fix_errors; /* correct single-bit errors in DF17/18 (off by default) */
} jw_decode_config;

/*
 * Decodes frame into *out (which it clears first).
 * Returns JW_OK; JW_ECRC when a DF11/17/18 CRC fails (and cannot be
 * corrected); JW_ETRUNC when the length does not fit the DF; JW_EUNSUPPORTED
 * for a DF this decoder does not know. On error *out holds what was decoded
 * so far (at least df) for counting.
 */
jw_err jw_modes_decode(const jw_decode_config *cfg, const jw_frame *frame, jw_msg *out);

/* CRC-24 (generator 0xFFF409) over the first bits-24 bits of msg; bits is 56 or 112. */
uint32_t jw_modes_crc(const uint8_t *msg, int bits);

/* Frame length in bytes implied by the DF in the first 5 bits: 7 or 14. */
int jw_modes_len_for_df(unsigned df);

/*
 * Altitude codes (ICAO Annex 10 Vol IV 3.1.2.6.5.4). ac13 is the 13-bit AC
 * field of DF0/4/16/20 (C1 A1 C2 A2 C4 A4 M B1 Q B2 D2 B4 D4); ac12 the
 * 12-bit ES altitude (the same without M). Q=1: 25 ft steps from -1000 ft;
 * Q=0: Gillham (Mode C) 100 ft code; M=1: metres, converted to feet.
 * Returns JW_OK with *out_ft, or JW_ERANGE for "no altitude" (all zero) and
 * invalid Gillham codes.
 */
jw_err jw_modes_alt_ac13(unsigned ac13, int32_t *out_ft);
jw_err jw_modes_alt_ac12(unsigned ac12, int32_t *out_ft);

/* Gillham (Mode C) decode of a 13-bit AC/ID field whose M and Q bits are
 * ignored; D1 is taken from the Q position as in the ID13 layout. */
jw_err jw_modes_gillham(unsigned ac13, int32_t *out_ft);

/* 13-bit identity field (DF5/21, TC28) to four octal digits packed as hex
 * nibbles: squawk 7700 -> 0x7700. */
uint16_t jw_modes_squawk(unsigned id13);

#endif
