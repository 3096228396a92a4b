/*
 * ais.c - AIS payload decoder: one small function per message type,
 * dispatched through a table indexed by type that also holds each type's
 * accepted bit lengths.
 *
 * Length rules follow AIVDM.adoc and gpsd: fixed-size position and static
 * reports accept longer payloads (the extra bits are ignored: "accept
 * messages that are up to 5 bits over", and real feeds carry 204-bit type 1
 * reports) but not shorter ones, with two exceptions seen in the wild and
 * tolerated by gpsd: type 5 at 420 and 422 bits (the destination is cut),
 * and types 1-3 at 163 bits (the radio status is cut; USCG NAVCEN lists
 * them). Variable-length types have a range.
 */
#include "jamwatch/ais.h"

#include <math.h>
#include <string.h>

#include "sixbit.h"

/* Six-bit characters 0-63 as ASCII (AIVDM.adoc, "Sixbit ASCII"). */
static const char sixbit_ascii[64] =
    "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/* Removes trailing spaces and '@' from s (of length n); returns the new length. */
static size_t trim_right(char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '@'))
        n--;
    s[n] = '\0';
    return n;
}

/* Reads up to nchars six-bit characters from bit first, stopping at the first
 * '@' (value 0); out needs nchars + 1 bytes. Not trimmed. Returns the length. */
static size_t sixbit_raw(const uint8_t *b, unsigned first, unsigned nchars, char *out)
{
    size_t n = 0;
    for (unsigned i = 0; i < nchars; i++) {
        unsigned v = jw_bits_u(b, first + 6 * i, 6);
        if (v == 0)
            break;
        out[n++] = sixbit_ascii[v];
    }
    out[n] = '\0';
    return n;
}

/* Six-bit text, cut at '@' and trimmed of trailing spaces. */
static void sixbit_text(const uint8_t *b, unsigned first, unsigned nchars, char *out)
{
    trim_right(out, sixbit_raw(b, first, nchars, out));
}

/* Types 1, 2, 3: the common navigation block. */
static void decode_cnb(const uint8_t *b, jw_ais_msg *m)
{
    m->status = (uint8_t)jw_bits_u(b, 39, 4);
    m->turn = (int8_t)jw_bits_s(b, 43, 8);
    m->speed = (uint16_t)jw_bits_u(b, 51, 10);
    m->accuracy = jw_bits_u(b, 61, 1);
    m->lon = jw_bits_s(b, 62, 28);
    m->lat = jw_bits_s(b, 90, 27);
    m->course = (uint16_t)jw_bits_u(b, 117, 12);
    m->heading = (uint16_t)jw_bits_u(b, 129, 9);
    m->second = (uint8_t)jw_bits_u(b, 138, 6);
    m->maneuver = (uint8_t)jw_bits_u(b, 144, 2);
    m->raim = jw_bits_u(b, 149, 1);
    /* A 163-bit report carries only the first 14 bits of the radio status. */
    m->radio = jw_bits_u(b, 150, m->nbits >= 168 ? 19 : (unsigned)m->nbits - 149);
    m->has |= 1u << JW_AF_STATUS | 1u << JW_AF_TURN | 1u << JW_AF_SPEED | 1u << JW_AF_ACCURACY |
              1u << JW_AF_POS | 1u << JW_AF_COURSE | 1u << JW_AF_HEADING | 1u << JW_AF_SECOND |
              1u << JW_AF_MANEUVER | 1u << JW_AF_RAIM | 1u << JW_AF_RADIO;
}

/* Types 4 and 11: base station report, UTC/date response. */
static void decode_base(const uint8_t *b, jw_ais_msg *m)
{
    m->year = (uint16_t)jw_bits_u(b, 39, 14);
    m->month = (uint8_t)jw_bits_u(b, 53, 4);
    m->day = (uint8_t)jw_bits_u(b, 57, 5);
    m->hour = (uint8_t)jw_bits_u(b, 62, 5);
    m->minute = (uint8_t)jw_bits_u(b, 67, 6);
    m->second = (uint8_t)jw_bits_u(b, 73, 6);
    m->accuracy = jw_bits_u(b, 79, 1);
    m->lon = jw_bits_s(b, 80, 28);
    m->lat = jw_bits_s(b, 108, 27);
    m->epfd = (uint8_t)jw_bits_u(b, 135, 4);
    m->raim = jw_bits_u(b, 149, 1);
    m->radio = jw_bits_u(b, 150, 19);
    m->has |= 1u << JW_AF_DATETIME | 1u << JW_AF_ACCURACY | 1u << JW_AF_POS | 1u << JW_AF_EPFD |
              1u << JW_AF_RAIM | 1u << JW_AF_RADIO;
}

/* Ship dimensions in the layout of types 5, 19, 21 and 24B. */
static void decode_dims(const uint8_t *b, unsigned first, jw_ais_msg *m)
{
    m->to_bow = (uint16_t)jw_bits_u(b, first, 9);
    m->to_stern = (uint16_t)jw_bits_u(b, first + 9, 9);
    m->to_port = (uint8_t)jw_bits_u(b, first + 18, 6);
    m->to_starboard = (uint8_t)jw_bits_u(b, first + 24, 6);
    JW_AIS_SET(m, JW_AF_DIMENSIONS);
}

/* Type 5: static and voyage related data. */
static void decode_static(const uint8_t *b, jw_ais_msg *m)
{
    m->ais_version = (uint8_t)jw_bits_u(b, 39, 2);
    m->imo = jw_bits_u(b, 41, 30);
    sixbit_text(b, 71, 7, m->callsign);
    sixbit_text(b, 113, 20, m->shipname);
    m->shiptype = (uint8_t)jw_bits_u(b, 233, 8);
    decode_dims(b, 241, m);
    m->epfd = (uint8_t)jw_bits_u(b, 271, 4);
    m->month = (uint8_t)jw_bits_u(b, 275, 4);
    m->day = (uint8_t)jw_bits_u(b, 279, 5);
    m->hour = (uint8_t)jw_bits_u(b, 284, 5);
    m->minute = (uint8_t)jw_bits_u(b, 289, 6);
    m->draught = (uint8_t)jw_bits_u(b, 295, 8);
    sixbit_text(b, 303, 20, m->destination);
    /* 420- and 422-bit type 5 are tolerated: DTE is then missing (0). */
    if (m->nbits >= 423)
        m->dte = jw_bits_u(b, 423, 1);
    m->has |= 1u << JW_AF_VOYAGE | 1u << JW_AF_CALLSIGN | 1u << JW_AF_SHIPNAME |
              1u << JW_AF_SHIPTYPE | 1u << JW_AF_EPFD | 1u << JW_AF_DESTINATION | 1u << JW_AF_DTE;
}

/* Type 9: standard SAR aircraft position report. */
static void decode_sar(const uint8_t *b, jw_ais_msg *m)
{
    m->alt = (uint16_t)jw_bits_u(b, 39, 12);
    m->speed = (uint16_t)jw_bits_u(b, 51, 10);
    m->accuracy = jw_bits_u(b, 61, 1);
    m->lon = jw_bits_s(b, 62, 28);
    m->lat = jw_bits_s(b, 90, 27);
    m->course = (uint16_t)jw_bits_u(b, 117, 12);
    m->second = (uint8_t)jw_bits_u(b, 129, 6);
    m->regional = (uint8_t)jw_bits_u(b, 135, 8);
    m->dte = jw_bits_u(b, 143, 1);
    m->assigned = jw_bits_u(b, 147, 1);
    m->raim = jw_bits_u(b, 148, 1);
    m->radio = jw_bits_u(b, 149, 20);
    m->has |= 1u << JW_AF_ALT | 1u << JW_AF_SPEED | 1u << JW_AF_ACCURACY | 1u << JW_AF_POS |
              1u << JW_AF_COURSE | 1u << JW_AF_SECOND | 1u << JW_AF_REGIONAL | 1u << JW_AF_DTE |
              1u << JW_AF_ASSIGNED | 1u << JW_AF_RAIM | 1u << JW_AF_RADIO;
}

/* The part types 18 and 19 share, up to the UTC second. */
static void decode_classb_head(const uint8_t *b, jw_ais_msg *m)
{
    m->reserved = (uint8_t)jw_bits_u(b, 39, 8);
    m->speed = (uint16_t)jw_bits_u(b, 47, 10);
    m->accuracy = jw_bits_u(b, 57, 1);
    m->lon = jw_bits_s(b, 58, 28);
    m->lat = jw_bits_s(b, 86, 27);
    m->course = (uint16_t)jw_bits_u(b, 113, 12);
    m->heading = (uint16_t)jw_bits_u(b, 125, 9);
    m->second = (uint8_t)jw_bits_u(b, 134, 6);
    m->has |= 1u << JW_AF_RESERVED | 1u << JW_AF_SPEED | 1u << JW_AF_ACCURACY | 1u << JW_AF_POS |
              1u << JW_AF_COURSE | 1u << JW_AF_HEADING | 1u << JW_AF_SECOND | 1u << JW_AF_REGIONAL |
              1u << JW_AF_RAIM | 1u << JW_AF_ASSIGNED;
}

/* Type 18: standard class B CS position report. */
static void decode_classb(const uint8_t *b, jw_ais_msg *m)
{
    decode_classb_head(b, m);
    m->regional = (uint8_t)jw_bits_u(b, 140, 2);
    m->cs = jw_bits_u(b, 142, 1);
    m->display = jw_bits_u(b, 143, 1);
    m->dsc = jw_bits_u(b, 144, 1);
    m->band = jw_bits_u(b, 145, 1);
    m->msg22 = jw_bits_u(b, 146, 1);
    m->assigned = jw_bits_u(b, 147, 1);
    m->raim = jw_bits_u(b, 148, 1);
    m->radio = jw_bits_u(b, 149, 20);
    m->has |= 1u << JW_AF_CSFLAGS | 1u << JW_AF_RADIO;
}

/* Type 19: extended class B position report. */
static void decode_classb_ext(const uint8_t *b, jw_ais_msg *m)
{
    decode_classb_head(b, m);
    m->regional = (uint8_t)jw_bits_u(b, 140, 4);
    sixbit_text(b, 144, 20, m->shipname);
    m->shiptype = (uint8_t)jw_bits_u(b, 264, 8);
    decode_dims(b, 272, m);
    m->epfd = (uint8_t)jw_bits_u(b, 302, 4);
    m->raim = jw_bits_u(b, 306, 1);
    m->dte = jw_bits_u(b, 307, 1);
    m->assigned = jw_bits_u(b, 308, 1);
    m->has |= 1u << JW_AF_SHIPNAME | 1u << JW_AF_SHIPTYPE | 1u << JW_AF_EPFD | 1u << JW_AF_DTE;
}

/* Type 21: aid-to-navigation report; the name extension follows bit 272. */
static void decode_aton(const uint8_t *b, jw_ais_msg *m)
{
    m->aid_type = (uint8_t)jw_bits_u(b, 39, 5);
    size_t n = sixbit_raw(b, 44, 20, m->shipname);
    m->accuracy = jw_bits_u(b, 164, 1);
    m->lon = jw_bits_s(b, 165, 28);
    m->lat = jw_bits_s(b, 193, 27);
    decode_dims(b, 220, m);
    m->epfd = (uint8_t)jw_bits_u(b, 250, 4);
    m->second = (uint8_t)jw_bits_u(b, 254, 6);
    m->off_position = jw_bits_u(b, 260, 1);
    m->regional = (uint8_t)jw_bits_u(b, 261, 8);
    m->raim = jw_bits_u(b, 269, 1);
    m->virtual_aid = jw_bits_u(b, 270, 1);
    m->assigned = jw_bits_u(b, 271, 1);
    /* "If this field is full (has no trailing @) ... concatenate" the
     * extension: (nbits - 272) / 6 characters, at most 14. */
    if (n == 20 && m->nbits > 272) {
        unsigned ext = (unsigned)(m->nbits - 272) / 6;
        sixbit_raw(b, 273, ext > 14 ? 14 : ext, m->shipname + 20);
    }
    trim_right(m->shipname, strlen(m->shipname));
    m->has |= 1u << JW_AF_AID | 1u << JW_AF_SHIPNAME | 1u << JW_AF_ACCURACY | 1u << JW_AF_POS |
              1u << JW_AF_EPFD | 1u << JW_AF_SECOND | 1u << JW_AF_REGIONAL | 1u << JW_AF_RAIM |
              1u << JW_AF_ASSIGNED;
}

/* An MMSI of the form 98MIDxxxx belongs to an auxiliary craft (24B). */
static bool auxiliary_mmsi(uint32_t mmsi)
{
    return mmsi / 10000000u == 98;
}

/* Type 24: static data report, part A (name) or B (type, vendor, callsign). */
static void decode_static_b(const uint8_t *b, jw_ais_msg *m)
{
    JW_AIS_SET(m, JW_AF_PARTNO);
    if (m->partno == 0) {
        sixbit_text(b, 41, 20, m->shipname);
        JW_AIS_SET(m, JW_AF_SHIPNAME);
        return;
    }
    m->shiptype = (uint8_t)jw_bits_u(b, 41, 8);
    sixbit_text(b, 49, 7, m->vendorid);
    m->model = (uint8_t)jw_bits_u(b, 67, 4);
    m->serial = jw_bits_u(b, 71, 20);
    sixbit_text(b, 91, 7, m->callsign);
    if (auxiliary_mmsi(m->mmsi)) {
        m->mothership_mmsi = jw_bits_u(b, 133, 30);
        JW_AIS_SET(m, JW_AF_MOTHERSHIP);
    } else {
        decode_dims(b, 133, m);
    }
    m->has |= 1u << JW_AF_SHIPTYPE | 1u << JW_AF_VENDOR | 1u << JW_AF_CALLSIGN;
}

/* Type 27: long-range broadcast (positions in 1/10 minute). */
static void decode_long_range(const uint8_t *b, jw_ais_msg *m)
{
    m->accuracy = jw_bits_u(b, 39, 1);
    m->raim = jw_bits_u(b, 40, 1);
    m->status = (uint8_t)jw_bits_u(b, 41, 4);
    m->lon = jw_bits_s(b, 45, 18);
    m->lat = jw_bits_s(b, 63, 17);
    m->speed = (uint16_t)jw_bits_u(b, 80, 6);
    m->course = (uint16_t)jw_bits_u(b, 86, 9);
    m->gnss = jw_bits_u(b, 95, 1);
    m->has |= 1u << JW_AF_ACCURACY | 1u << JW_AF_RAIM | 1u << JW_AF_STATUS | 1u << JW_AF_POS |
              1u << JW_AF_SPEED | 1u << JW_AF_COURSE | 1u << JW_AF_GNSS;
}

/* Accepted lengths and decoder of one type. exact_alt, when non-zero, is a
 * second accepted length and makes the rule "min or exact_alt" (type 27). */
typedef struct ais_type_rule {
    uint16_t min_bits;                               /* shortest accepted payload */
    uint16_t max_bits;                               /* longest accepted payload */
    uint16_t exact_alt;                              /* type 27: 96 or 168 only */
    void (*decode)(const uint8_t *b, jw_ais_msg *m); /* NULL: header only */
} ais_type_rule;

enum { UNBOUNDED = JW_AIS_MAX_BITS };

static const ais_type_rule ais_rules[28] = {
    [1] = {163, UNBOUNDED, 0, decode_cnb},
    [2] = {163, UNBOUNDED, 0, decode_cnb},
    [3] = {163, UNBOUNDED, 0, decode_cnb},
    [4] = {168, UNBOUNDED, 0, decode_base},
    [5] = {420, UNBOUNDED, 0, decode_static},
    [6] = {88, 1008, 0, NULL},
    [7] = {72, 168, 0, NULL},
    [8] = {56, 1008, 0, NULL},
    [9] = {168, UNBOUNDED, 0, decode_sar},
    [10] = {72, UNBOUNDED, 0, NULL},
    [11] = {168, UNBOUNDED, 0, decode_base},
    [12] = {72, 1008, 0, NULL},
    [13] = {72, 168, 0, NULL},
    [14] = {40, 1008, 0, NULL},
    [15] = {88, 168, 0, NULL},
    [16] = {96, 168, 0, NULL},
    [17] = {80, 816, 0, NULL},
    [18] = {168, UNBOUNDED, 0, decode_classb},
    [19] = {312, UNBOUNDED, 0, decode_classb_ext},
    [20] = {72, 186, 0, NULL},
    [21] = {272, 368, 0, decode_aton},
    [22] = {168, UNBOUNDED, 0, NULL},
    [23] = {160, UNBOUNDED, 0, NULL},
    [24] = {160, UNBOUNDED, 0, decode_static_b},
    [25] = {40, 168, 0, NULL},
    [26] = {60, 1004, 0, NULL},
    [27] = {96, 96, 168, decode_long_range},
};

/* Length check of one type; type 24 also depends on the part number. */
static bool length_ok(const ais_type_rule *r, const jw_ais_msg *m)
{
    size_t n = m->nbits;
    if (r->exact_alt && n == r->exact_alt)
        return true;
    if (n < r->min_bits || n > r->max_bits)
        return false;
    if (m->type == 24)
        return m->partno == 0 ? n <= 168 : (m->partno == 1 && n >= 168);
    return true;
}

jw_err jw_ais_decode(const uint8_t *bits, size_t nbits, jw_ais_msg *out)
{
    if (!bits || !out)
        return JW_EINVAL;
    /* A struct copy compiles to a few vector stores; memset of 168 bytes
     * became "rep stos", a tenth of the decoder's time. */
    static const jw_ais_msg empty;
    *out = empty;
    /* Work on a zero-padded copy so that every read stays inside it: no
     * decoder reads past bit 368 (46 bytes), and a read takes 8 bytes. */
    uint8_t b[JW_AIS_MAX_BITS / 8 + 64];
    size_t nbytes = (nbits + 7) / 8;
    if (nbits > JW_AIS_MAX_BITS)
        nbytes = JW_AIS_MAX_BITS / 8;
    /* Word copies: a variable-size memcpy of ~21 bytes costs more. */
    size_t i = 0;
    for (; i + 8 <= nbytes; i += 8)
        memcpy(b + i, bits + i, 8);
    for (; i < nbytes; i++)
        b[i] = bits[i];
    memset(b + nbytes, 0, 64);
    if (nbits % 8)
        b[nbytes - 1] &= (uint8_t)(0xFF00u >> (nbits % 8));
    out->nbits = (uint16_t)(nbits > JW_AIS_MAX_BITS ? JW_AIS_MAX_BITS : nbits);
    if (nbits < 6)
        return JW_ETRUNC;
    out->type = (uint8_t)jw_bits_u(b, 1, 6);
    if (out->type == 0 || out->type > 27)
        return JW_EUNSUPPORTED;
    if (nbits < 38 || nbits > JW_AIS_MAX_BITS)
        return JW_ETRUNC;
    out->repeat = (uint8_t)jw_bits_u(b, 7, 2);
    out->mmsi = jw_bits_u(b, 9, 30);
    out->partno = (uint8_t)jw_bits_u(b, 39, 2);
    const ais_type_rule *r = &ais_rules[out->type];
    if (!length_ok(r, out)) {
        out->partno = 0;
        return JW_ETRUNC;
    }
    if (out->type != 24)
        out->partno = 0;
    if (r->decode) {
        r->decode(b, out);
        out->full = true;
    }
    return JW_OK;
}

bool jw_ais_is_position_type(unsigned type)
{
    return (type >= 1 && type <= 4) || type == 9 || type == 11 || type == 18 || type == 19 ||
           type == 21 || type == 27;
}

bool jw_ais_position(const jw_ais_msg *m, double *lat, double *lon)
{
    if (!m || !JW_AIS_HAS(m, JW_AF_POS))
        return false;
    double div = m->type == 27 ? 600.0 : 600000.0;
    double la = m->lat / div, lo = m->lon / div;
    if (!(la >= -90.0 && la <= 90.0 && lo >= -180.0 && lo <= 180.0))
        return false;
    *lat = la;
    *lon = lo;
    return true;
}

double jw_ais_speed_kn(const jw_ais_msg *m)
{
    if (!m || !JW_AIS_HAS(m, JW_AF_SPEED))
        return NAN;
    if (m->type == 27)
        return m->speed == 63 ? NAN : (double)m->speed;
    if (m->speed == JW_AIS_SPEED_NA)
        return NAN;
    return m->type == 9 ? (double)m->speed : m->speed / 10.0;
}

double jw_ais_course_deg(const jw_ais_msg *m)
{
    if (!m || !JW_AIS_HAS(m, JW_AF_COURSE))
        return NAN;
    if (m->type == 27)
        return m->course >= 360 ? NAN : (double)m->course;
    return m->course >= 3600 ? NAN : m->course / 10.0;
}
