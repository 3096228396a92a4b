/*
 * modes_es.c - the ME field of DF17/18 extended squitters, every type code,
 * dispatched through a table indexed by the type code (ME bits 1-5).
 *
 * Field layouts and units follow DO-260B 2.2.3.2 (ICAO Doc 9871 Appendix C);
 * docs/decoder.md lists every field, its unit and the quirks chosen.
 * ME bit n is frame bit 32 + n; the ME field is read once into a word
 * (jw_me_word()) and its bits taken from there with jw_me_bits().
 */
#include <math.h>

#include "bits.h"
#include "modes_internal.h"

typedef void (*es_fn)(uint64_t me, int imf, jw_msg *m);

/* Airborne and surface position share the CPR layout: T (21), F (22),
 * latitude 23-39, longitude 40-56. */
static void set_cpr(uint64_t me, int surface, jw_msg *m)
{
    m->cpr_odd = (uint8_t)jw_me_bits(me, 22, 1);
    m->cpr_lat = jw_me_bits(me, 23, 17);
    m->cpr_lon = jw_me_bits(me, 40, 17);
    m->cpr_surface = (uint8_t)surface;
    JW_SET(m, JW_F_CPR);
}

/* TC 0: no position information; the altitude field may still be set. */
static void es_no_position(uint64_t me, int imf, jw_msg *m)
{
    (void)imf;
    if (jw_modes_alt_ac12(jw_me_bits(me, 9, 12), &m->alt_baro) == JW_OK)
        JW_SET(m, JW_F_ALT_BARO);
}

/* TC 1-4: identification and category. The category set is A for TC 4
 * down to D for TC 1; the number is ME bits 6-8. */
static void es_ident(uint64_t me, int imf, jw_msg *m)
{
    static const char charset[64] =
        "#ABCDEFGHIJKLMNOPQRSTUVWXYZ##### ###############0123456789######";
    (void)imf;
    m->category = (uint8_t)((0xE - m->tc) << 4 | jw_me_bits(me, 6, 3));
    JW_SET(m, JW_F_CATEGORY);
    /* Two reads of four 6-bit characters each. */
    uint32_t half[2] = {jw_me_bits(me, 9, 24), jw_me_bits(me, 33, 24)};
    int len = 0; /* one past the last non-space: a conditional move, no branch */
    for (int i = 0; i < 8; i++) {
        char c = charset[(half[i >> 2] >> (18 - 6 * (i & 3))) & 0x3F];
        m->callsign[i] = c;
        len = c != ' ' ? i + 1 : len;
    }
    m->callsign[len] = '\0';
    JW_SET(m, JW_F_CALLSIGN);
}

/* Surface movement (ME bits 6-12) to knots: the lower bound of each
 * quantisation band of DO-260B 2.2.3.2.4.2 (movement). Returns -1 for "no information"
 * (0) and the reserved codes 125-127. */
static double movement_knots(unsigned q)
{
    /* Band starts: first code, its speed, and the step of the band. */
    static const struct {
        uint8_t first;
        double base, step;
    } band[] = {{1, 0.0, 0.0},   {2, 0.125, 0.125}, {9, 1.0, 0.25},    {13, 2.0, 0.5},
                {39, 15.0, 1.0}, {94, 70.0, 2.0},   {109, 100.0, 5.0}, {124, 175.0, 0.0}};
    if (q == 0 || q > 124)
        return -1.0;
    int b = (int)(sizeof band / sizeof band[0]) - 1;
    while (q < band[b].first)
        b--;
    return band[b].base + (q - band[b].first) * band[b].step;
}

/* TC 5-8: surface position, movement, ground track. */
static void es_surface(uint64_t me, int imf, jw_msg *m)
{
    double gs = movement_knots(jw_me_bits(me, 6, 7));
    if (gs >= 0) {
        m->vel.gs = gs;
        JW_SET(m, JW_F_GS);
    }
    if (jw_me_bits(me, 13, 1)) {
        m->vel.track = jw_me_bits(me, 14, 7) * (360.0 / 128.0);
        JW_SET(m, JW_F_TRACK);
    }
    if (imf)
        m->non_icao = (uint8_t)jw_me_bits(me, 21, 1);
    m->airground = JW_AG_GROUND;
    JW_SET(m, JW_F_AIRGROUND);
    set_cpr(me, 1, m);
}

/* TC 9-18 and 20-22: airborne position with barometric altitude (9-18) or
 * GNSS height (20-22, same altitude code, feet). ME bit 8 is NIC
 * supplement B for ADS-B and IMF for TIS-B/ADS-R. */
static void es_airborne(uint64_t me, int imf, jw_msg *m)
{
    int gnss = m->tc >= 20;
    int32_t *alt = gnss ? &m->alt_geom : &m->alt_baro;
    if (jw_modes_alt_ac12(jw_me_bits(me, 9, 12), alt) == JW_OK)
        JW_SET(m, gnss ? JW_F_ALT_GEOM : JW_F_ALT_BARO);
    if (imf) {
        m->non_icao = (uint8_t)jw_me_bits(me, 8, 1);
    } else {
        m->nic_b = (uint8_t)jw_me_bits(me, 8, 1);
        JW_SET(m, JW_F_NIC_B);
    }
    m->airground = JW_AG_AIRBORNE;
    JW_SET(m, JW_F_AIRGROUND);
    set_cpr(me, 0, m);
}

/* Vertical rate (ME 36-46) and GNSS-minus-baro difference (ME 49-56). */
static void velocity_vertical(uint64_t me, jw_msg *m)
{
    unsigned vr = jw_me_bits(me, 38, 9);
    if (vr) {
        int32_t rate = (int32_t)(vr - 1) * 64;
        m->vrate = jw_me_bits(me, 37, 1) ? -rate : rate;
        m->vrate_geom = jw_me_bits(me, 36, 1) == 0;
        JW_SET(m, JW_F_VRATE);
    }
    unsigned dif = jw_me_bits(me, 50, 7);
    if (dif) {
        int32_t d = (int32_t)(dif - 1) * 25;
        m->geo_minus_baro = jw_me_bits(me, 49, 1) ? -d : d;
        JW_SET(m, JW_F_GEO_MINUS_BARO);
    }
}

/*
 * atan(t) in degrees for 0 <= t = num / den <= 1, with one division and no
 * libm call: t is first moved next to 0, pi/8 or pi/4 by
 * atan(t) = atan(c) + atan((t - c) / (1 + t c)), leaving |u| <= tan(pi/16);
 * seven Taylor terms then leave an error below u^15/15 < 3e-12 rad.
 * tests/test_modes_fields.c compares it with atan2() over every pair of
 * velocity components a subsonic message can carry.
 */
static double atan_deg(double num, double den)
{
    const double tan_pi16 = 0.19891236737965800691, tan_3pi16 = 0.66817863791929891999;
    const double tan_pi8 = 0.41421356237309504880, deg = 180.0 / M_PI;
    double c = 0.0, base = 0.0;
    if (num > tan_3pi16 * den) {
        c = 1.0;
        base = 45.0;
    } else if (num > tan_pi16 * den) {
        c = tan_pi8;
        base = 22.5;
    }
    double u = (num - c * den) / (den + c * num), z = u * u, z2 = z * z;
    double p = (1.0 - z / 3.0) +
               z2 * ((1.0 / 5.0 - z / 7.0) + z2 * ((1.0 / 9.0 - z / 11.0) + z2 * (1.0 / 13.0)));
    return base + u * p * deg;
}

/* Track over ground (degrees true, [0, 360)) of the speed components
 * east (ve) and north (vn), given as magnitudes and direction bits. */
static double track_deg(double ve, int west, double vn, int south)
{
    /* a: angle from the north-south axis towards the east-west one. */
    double a = ve <= vn ? atan_deg(ve, vn) : 90.0 - atan_deg(vn, ve);
    double t = south ? 180.0 - a : a;
    if (west)
        t = 360.0 - t;
    return t >= 360.0 ? t - 360.0 : t;
}

double jw_velocity_gs(const jw_velocity *v)
{
    if (!v->from_components)
        return v->gs;
    double ve = v->ew, vn = v->ns;
    return sqrt(ve * ve + vn * vn);
}

double jw_velocity_track(const jw_velocity *v)
{
    if (!v->from_components)
        return v->track;
    if (!v->ew && !v->ns)
        return 0.0; /* not moving: no track (JW_F_TRACK is not set), as for a zeroed field */
    return track_deg(v->ew, v->west, v->ns, v->south);
}

/* Subtypes 1-2: east-west and north-south ground speed components, kept as
 * they are; speed and track are computed when read (jw_velocity_gs/_track). */
static void velocity_ground(uint64_t me, int scale, jw_msg *m)
{
    unsigned ew = jw_me_bits(me, 15, 10), ns = jw_me_bits(me, 26, 10);
    if (!ew || !ns)
        return;
    m->vel.ew = (uint16_t)((ew - 1) * (unsigned)scale); /* at most 1022 x 4 */
    m->vel.ns = (uint16_t)((ns - 1) * (unsigned)scale);
    m->vel.west = (uint8_t)jw_me_bits(me, 14, 1);
    m->vel.south = (uint8_t)jw_me_bits(me, 25, 1);
    m->vel.from_components = 1;
    JW_SET(m, JW_F_GS);
    if (ew == 1 && ns == 1)
        return; /* no track when not moving */
    JW_SET(m, JW_F_TRACK);
}

/* Subtypes 3-4: heading and airspeed. */
static void velocity_air(uint64_t me, int scale, jw_msg *m)
{
    if (jw_me_bits(me, 14, 1)) {
        m->heading = jw_me_bits(me, 15, 10) * (360.0 / 1024.0);
        JW_SET(m, JW_F_HEADING);
    }
    unsigned as = jw_me_bits(me, 26, 10);
    if (!as)
        return;
    double v = (double)((int)(as - 1) * scale);
    if (jw_me_bits(me, 25, 1)) {
        m->tas = v;
        JW_SET(m, JW_F_TAS);
    } else {
        m->ias = v;
        JW_SET(m, JW_F_IAS);
    }
}

/* TC 19: airborne velocity. Subtypes 2 and 4 are supersonic (4 kt units).
 * ME bit 9 is the intent change flag for ADS-B, IMF for TIS-B/ADS-R. */
static void es_velocity(uint64_t me, int imf, jw_msg *m)
{
    unsigned st = jw_me_bits(me, 6, 3); /* a local: m's byte stores may alias it */
    m->subtype = (uint8_t)st;
    if (st < 1 || st > 4)
        return;
    if (imf)
        m->non_icao = (uint8_t)jw_me_bits(me, 9, 1);
    m->nacv = (uint8_t)jw_me_bits(me, 11, 3);
    JW_SET(m, JW_F_NACV);
    int scale = (st & 1) ? 1 : 4; /* subtypes 2 and 4 are supersonic */
    if (st <= 2)
        velocity_ground(me, scale, m);
    else
        velocity_air(me, scale, m);
    velocity_vertical(me, m);
    m->airground = JW_AG_AIRBORNE;
    JW_SET(m, JW_F_AIRGROUND);
}

/* TC 28: aircraft status. Subtype 1 emergency/priority and Mode A code;
 * subtype 2 TCAS RA broadcast (recognised by tc/subtype, not decoded). */
static void es_status(uint64_t me, int imf, jw_msg *m)
{
    (void)imf;
    m->subtype = (uint8_t)jw_me_bits(me, 6, 3);
    if (m->subtype != 1)
        return;
    m->emergency = (uint8_t)jw_me_bits(me, 9, 3);
    JW_SET(m, JW_F_EMERGENCY);
    m->squawk = jw_modes_squawk(jw_me_bits(me, 12, 13));
    JW_SET(m, JW_F_SQUAWK);
}

static void set_nacp_nicbaro_sil(uint64_t me, int nacp_bit, jw_msg *m)
{
    m->nacp = (uint8_t)jw_me_bits(me, nacp_bit, 4);
    JW_SET(m, JW_F_NACP);
    m->nic_baro = (uint8_t)jw_me_bits(me, nacp_bit + 4, 1);
    JW_SET(m, JW_F_NIC_BARO);
    m->sil = (uint8_t)jw_me_bits(me, nacp_bit + 5, 2);
    JW_SET(m, JW_F_SIL);
}

/* TC 29 subtype 0 (DO-260A, version 1): target altitude and heading when
 * their source indicators are non-zero, NACp, NIC-baro, SIL. */
static void target_state_v1(uint64_t me, jw_msg *m)
{
    unsigned vda = jw_me_bits(me, 8, 2); /* 1 MCP/FCU, 2 holding altitude, 3 FMS/RNAV */
    if (vda) {
        m->sel_alt = (int32_t)jw_me_bits(me, 16, 10) * 100 - 1000;
        m->sel_alt_fms = vda == 3;
        JW_SET(m, JW_F_SEL_ALT);
    }
    if (jw_me_bits(me, 26, 2)) {
        m->sel_heading = jw_me_bits(me, 28, 9);
        JW_SET(m, JW_F_SEL_HEADING);
    }
    set_nacp_nicbaro_sil(me, 40, m);
}

/* TC 29 subtype 1 (DO-260B, version 2): selected altitude, barometric
 * setting, selected heading, NACp, NIC-baro, SIL, autopilot modes. */
static void target_state_v2(uint64_t me, jw_msg *m)
{
    m->sil_supp = (uint8_t)jw_me_bits(me, 8, 1);
    unsigned alt = jw_me_bits(me, 10, 11);
    if (alt) {
        m->sel_alt = (int32_t)(alt - 1) * 32;
        m->sel_alt_fms = (uint8_t)jw_me_bits(me, 9, 1);
        JW_SET(m, JW_F_SEL_ALT);
    }
    unsigned baro = jw_me_bits(me, 21, 9);
    if (baro) {
        m->baro_setting = 800.0 + (baro - 1) * 0.8;
        JW_SET(m, JW_F_BARO_SETTING);
    }
    if (jw_me_bits(me, 30, 1)) {
        m->sel_heading = jw_me_bits(me, 31, 9) * (180.0 / 256.0);
        JW_SET(m, JW_F_SEL_HEADING);
    }
    set_nacp_nicbaro_sil(me, 40, m);
    /* Mode bits 48-52 and 54 count only when ME bit 47 says they are valid;
     * TCAS operational (53) stands on its own. */
    uint8_t ap = jw_me_bits(me, 53, 1) ? JW_AP_TCAS : 0;
    if (jw_me_bits(me, 47, 1)) {
        ap |= (uint8_t)((jw_me_bits(me, 48, 1) ? JW_AP_ENGAGED : 0) |
                        (jw_me_bits(me, 49, 1) ? JW_AP_VNAV : 0) |
                        (jw_me_bits(me, 50, 1) ? JW_AP_ALT_HOLD : 0) |
                        (jw_me_bits(me, 52, 1) ? JW_AP_APPROACH : 0) |
                        (jw_me_bits(me, 54, 1) ? JW_AP_LNAV : 0));
    }
    m->ap_modes = ap;
    JW_SET(m, JW_F_AP_MODES);
}

/* TC 29: target state and status. */
static void es_target_state(uint64_t me, int imf, jw_msg *m)
{
    m->subtype = (uint8_t)jw_me_bits(me, 6, 2);
    if (m->subtype == 0) {
        target_state_v1(me, m);
    } else if (m->subtype == 1) {
        target_state_v2(me, m);
        if (imf)
            m->non_icao = (uint8_t)jw_me_bits(me, 51, 1);
    }
}

/* TC 31: operational status, subtype 0 airborne, 1 surface. Version 0
 * messages carry only the version; version 1 has no GVA, SIL supplement nor
 * NIC supplement C. */
static void es_opstatus(uint64_t me, int imf, jw_msg *m)
{
    m->subtype = (uint8_t)jw_me_bits(me, 6, 3);
    if (m->subtype > 1)
        return;
    int surface = m->subtype == 1;
    m->version = (uint8_t)jw_me_bits(me, 41, 3);
    JW_SET(m, JW_F_VERSION);
    m->op_cc = (uint16_t)(surface ? jw_me_bits(me, 9, 12) : jw_me_bits(me, 9, 16));
    m->op_om = (uint16_t)jw_me_bits(me, 25, 16);
    JW_SET(m, JW_F_OPSTATUS);
    if (m->version == 0)
        return;
    m->nic_a = (uint8_t)jw_me_bits(me, 44, 1);
    JW_SET(m, JW_F_NIC_A);
    m->nacp = (uint8_t)jw_me_bits(me, 45, 4);
    JW_SET(m, JW_F_NACP);
    m->sil = (uint8_t)jw_me_bits(me, 51, 2);
    JW_SET(m, JW_F_SIL);
    m->hrd = (uint8_t)jw_me_bits(me, 54, 1);
    JW_SET(m, JW_F_HRD);
    if (!surface) {
        m->nic_baro = (uint8_t)jw_me_bits(me, 53, 1);
        JW_SET(m, JW_F_NIC_BARO);
    }
    if (m->version >= 2) {
        m->sil_supp = (uint8_t)jw_me_bits(me, 55, 1);
        if (surface) {
            m->nic_c = (uint8_t)jw_me_bits(me, 20, 1); /* last bit of the surface CC */
            JW_SET(m, JW_F_NIC_C);
        } else {
            m->gva = (uint8_t)jw_me_bits(me, 49, 2);
            JW_SET(m, JW_F_GVA);
        }
    }
    if (imf)
        m->non_icao = (uint8_t)jw_me_bits(me, 56, 1);
    m->airground = surface ? JW_AG_GROUND : JW_AG_AIRBORNE;
    JW_SET(m, JW_F_AIRGROUND);
}

/* TC 23 test, 24 surface system status, 25-27 and 30 reserved: the type
 * code is all there is to report. */
static void es_recognised(uint64_t me, int imf, jw_msg *m)
{
    (void)me;
    (void)imf;
    (void)m;
}

static const es_fn es_table[32] = {
    es_no_position, es_ident,      es_ident,      es_ident,      es_ident,    es_surface,
    es_surface,     es_surface,    es_surface,    es_airborne,   es_airborne, es_airborne,
    es_airborne,    es_airborne,   es_airborne,   es_airborne,   es_airborne, es_airborne,
    es_airborne,    es_velocity,   es_airborne,   es_airborne,   es_airborne, es_recognised,
    es_recognised,  es_recognised, es_recognised, es_recognised, es_status,   es_target_state,
    es_recognised,  es_opstatus,
};

void jw__es_decode(const uint8_t *f, int imf, jw_msg *m)
{
    uint64_t me = jw_me_word(f);
    m->tc = (uint8_t)jw_me_bits(me, 1, 5);
    es_table[m->tc](me, imf, m);
}
