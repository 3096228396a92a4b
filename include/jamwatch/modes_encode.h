/*
 * modes_encode.h - building Mode S frames from field values (the inverse of
 * modes.h), for the simulator and for tests.
 *
 * Every function is pure: values in, one jw_frame out (time fields zero; the
 * caller stamps them). Parity is computed with jw_modes_crc(). Values are
 * quantised as DO-260B says (altitude 25 ft, velocity 1 kt, heading
 * 360/1024 degree, CPR 17 bits); out-of-range values are clamped to the
 * field, never wrapped. Field layouts are those of DO-260B / ICAO Annex 10
 * Vol. IV; see docs/sim.md for the list.
 */
#ifndef JAMWATCH_MODES_ENCODE_H
#define JAMWATCH_MODES_ENCODE_H

#include <stdbool.h>
#include <stdint.h>

#include "jamwatch/error.h"
#include "jamwatch/frame.h"
#include "jamwatch/modes.h"

/* TC 1-4 aircraft identification. */
typedef struct jw_enc_ident {
    uint8_t tc;       /* 1-4: category set D, C, B, A */
    uint8_t category; /* 0-7 within the set */
    char callsign[9]; /* up to 8 characters A-Z 0-9 space; padded with spaces */
} jw_enc_ident;

/* TC 0, 9-18, 20-22 airborne position. */
typedef struct jw_enc_airpos {
    uint8_t tc;       /* 0 (no position), 9-18 (baro altitude) or 20-22 (GNSS height) */
    uint8_t ss;       /* surveillance status 0-3 */
    uint8_t nic_b;    /* NIC supplement B (single antenna flag in v0) */
    bool alt_valid;   /* false: altitude field 0 (not available) */
    int32_t alt_ft;   /* feet, coded in 25 ft steps (-1000 .. 50175) */
    uint8_t odd;      /* CPR format: 0 even, 1 odd */
    uint8_t utc_sync; /* T bit */
    double lat, lon;  /* degrees; ignored for TC 0 */
} jw_enc_airpos;

/* TC 19 airborne velocity, subtype 1 (ground speed) or 3 (airspeed). */
typedef struct jw_enc_velocity {
    uint8_t subtype;       /* 1 or 3 */
    uint8_t nacv;          /* 0-4 */
    uint8_t intent_change; /* ME bit 9 */
    uint8_t ifr;           /* ME bit 10: IFR capability (v0/v1; reserved in v2) */
    double v_ew, v_ns;     /* subtype 1: knots, east and north positive */
    bool heading_valid;    /* subtype 3 */
    double heading;        /* subtype 3: degrees */
    uint8_t airspeed_tas;  /* subtype 3: 1 = TAS, 0 = IAS */
    bool airspeed_valid;   /* subtype 3 */
    double airspeed;       /* subtype 3: knots */
    bool vrate_valid;      /* false: vertical rate not available */
    uint8_t vrate_baro;    /* 1 = barometric source, 0 = GNSS */
    int32_t vrate_fpm;     /* feet per minute, 64 fpm steps */
    bool gmb_valid;        /* false: GNSS minus baro not available */
    int32_t gmb_ft;        /* GNSS height minus baro altitude, 25 ft steps, |x| <= 3150 */
} jw_enc_velocity;

/* TC 31 airborne operational status (version 1 or 2 layout). */
typedef struct jw_enc_opstatus {
    uint8_t version;  /* 1 or 2 (0 is written as 0 with the v1 layout) */
    uint16_t cc;      /* capability class codes, 16 bits */
    uint16_t om;      /* operational mode codes, 16 bits */
    uint8_t nic_a;    /* NIC supplement A */
    uint8_t nacp;     /* 0-11 */
    uint8_t gva;      /* v2: 0-3 (BAQ in v1) */
    uint8_t sil;      /* 0-3 */
    uint8_t nic_baro; /* 0-1 */
    uint8_t hrd;      /* 0 true north, 1 magnetic */
    uint8_t sil_supp; /* v2: 0 per hour, 1 per sample */
} jw_enc_opstatus;

/* TC 29 subtype 1 target state and status (version 2). */
typedef struct jw_enc_tstate {
    uint8_t sil_supp;   /* SIL supplement */
    uint8_t alt_fms;    /* 1: selected altitude from FMS, 0 MCP/FCU */
    bool sel_alt_valid; /* false: field 0 */
    int32_t sel_alt_ft; /* 32 ft steps */
    bool baro_valid;    /* false: field 0 */
    double baro_hpa;    /* 800 + n * 0.8 */
    bool sel_hdg_valid; /* heading status bit */
    double sel_hdg;     /* degrees, 180/256 steps */
    uint8_t nacp;       /* 0-11 */
    uint8_t nic_baro;   /* 0-1 */
    uint8_t sil;        /* 0-3 */
    bool modes_valid;   /* status of MCP/FCU mode bits */
    uint8_t ap_modes;   /* JW_AP_* bits of modes.h */
} jw_enc_tstate;

/* DF17 extended squitters; ca is the capability (5 = airborne, level 2+). */
jw_err jw_modes_enc_ident(uint32_t icao, uint8_t ca, const jw_enc_ident *in, jw_frame *out);
jw_err jw_modes_enc_airpos(uint32_t icao, uint8_t ca, const jw_enc_airpos *in, jw_frame *out);
jw_err jw_modes_enc_velocity(uint32_t icao, uint8_t ca, const jw_enc_velocity *in, jw_frame *out);
jw_err jw_modes_enc_opstatus(uint32_t icao, uint8_t ca, const jw_enc_opstatus *in, jw_frame *out);
jw_err jw_modes_enc_tstate(uint32_t icao, uint8_t ca, const jw_enc_tstate *in, jw_frame *out);

/* TC 28 subtype 1: emergency state 0-7 and squawk as four octal digits (0x7700). */
jw_err jw_modes_enc_status(uint32_t icao, uint8_t ca, uint8_t emergency, uint16_t squawk,
                           jw_frame *out);

/* DF11 all-call reply; ic is the interrogator code overlaid on parity (0 = squitter). */
jw_err jw_modes_enc_df11(uint32_t icao, uint8_t ca, uint8_t ic, jw_frame *out);

/* Surveillance and Comm-B replies (DF4/5/20/21). */
typedef struct jw_enc_surv {
    uint8_t df;      /* 4, 5, 20 or 21 */
    uint8_t fs;      /* flight status 0-7 */
    uint8_t dr;      /* downlink request 0-31 */
    uint8_t um;      /* utility message 0-63 */
    bool alt_valid;  /* DF4/20: false writes altitude 0 */
    int32_t alt_ft;  /* DF4/20: 25 ft steps (Q = 1) */
    uint16_t squawk; /* DF5/21: four octal digits packed as nibbles */
    uint8_t mb[7];   /* DF20/21: the 56-bit Comm-B message */
} jw_enc_surv;

/* The AP field is the CRC XOR icao, as a transponder sends it. */
jw_err jw_modes_enc_surv(uint32_t icao, const jw_enc_surv *in, jw_frame *out);

/* BDS 2,0 aircraft identification as a Comm-B MB field. */
void jw_modes_bds20(const char *callsign, uint8_t mb[7]);

/* The 13-bit identity (Gillham-interleaved) field for a squawk like 0x7700. */
uint16_t jw_modes_id13(uint16_t squawk);

#endif
