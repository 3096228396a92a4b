/*
 * ais_json.c - JSON Lines writer for decoded AIS messages (see ais_json.h).
 *
 * Numbers are formatted by hand from the raw integers, which is exact (the
 * scaled position q = raw * 10^6 / 600000 never falls on a rounding tie, as
 * 5 * raw / 3 has a fractional part of 0, 1/3 or 2/3) and many times faster
 * than printf. The caller guarantees JW_AIS_JSON_MAX bytes, so no write
 * below needs a bound check: the longest line is well under 1 KB.
 */
#include "jamwatch/ais_json.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

typedef struct jbuf {
    char *p; /* next byte to write */
} jbuf;

static void put_raw(jbuf *b, const char *s, size_t n)
{
    memcpy(b->p, s, n);
    b->p += n;
}

/* ,"key": for a string literal key (its length is known at compile time). */
#define PUT_KEY(b, key) put_raw((b), ",\"" key "\":", sizeof(",\"" key "\":") - 1)

/* A vocabulary text: known to need no escaping. */
static void put_plain(jbuf *b, const char *s)
{
    size_t n = strlen(s);
    b->p[0] = '"';
    memcpy(b->p + 1, s, n);
    b->p[n + 1] = '"';
    b->p += n + 2;
}

static const char digit_pairs[201] = "00010203040506070809101112131415161718192021222324"
                                     "25262728293031323334353637383940414243444546474849"
                                     "50515253545556575859606162636465666768697071727374"
                                     "75767778798081828384858687888990919293949596979899";

/* Digits of a 32-bit value. */
static int ndigits(uint32_t x)
{
    if (x < 100000)
        return x < 100 ? (x < 10 ? 1 : 2) : x < 1000 ? 3 : x < 10000 ? 4 : 5;
    return x < 10000000 ? (x < 1000000 ? 6 : 7) : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
}

static void put_u_slow(jbuf *b, uint64_t v);

/* Unsigned decimal. Most AIS fields are below 100: those are written
 * inline; the rest go to put_u_slow. */
static inline void put_u(jbuf *b, uint64_t v)
{
    if (v < 10) {
        *b->p++ = (char)('0' + v);
    } else if (v < 100) {
        b->p[0] = digit_pairs[v * 2];
        b->p[1] = digit_pairs[v * 2 + 1];
        b->p += 2;
    } else {
        put_u_slow(b, v);
    }
}

/* Unsigned decimal of any size, written backwards two digits at a time. */
static void put_u_slow(jbuf *b, uint64_t v)
{
    if (v > UINT32_MAX) {
        put_u_slow(b, v / 1000000000u);
        uint32_t low = (uint32_t)(v % 1000000000u);
        for (int k = 9 - ndigits(low); k > 0; k--)
            *b->p++ = '0';
        put_u_slow(b, low);
        return;
    }
    uint32_t x = (uint32_t)v;
    char *e = b->p + ndigits(x);
    b->p = e;
    while (x >= 100) {
        unsigned d = (x % 100) * 2;
        x /= 100;
        *--e = digit_pairs[d + 1];
        *--e = digit_pairs[d];
    }
    if (x >= 10) {
        *--e = digit_pairs[x * 2 + 1];
        *--e = digit_pairs[x * 2];
    } else {
        *--e = (char)('0' + x);
    }
}

static void put_i(jbuf *b, int64_t v)
{
    if (v < 0) {
        *b->p++ = '-';
        put_u(b, (uint64_t)0 - (uint64_t)v);
    } else {
        put_u(b, (uint64_t)v);
    }
}

/* q / 10^6 with six decimals, like printf "%.6f" (32-bit arithmetic with
 * constant divisors: q is at most 181 * 10^6 in magnitude). */
static void put_fixed6(jbuf *b, int64_t q)
{
    uint32_t a = (uint32_t)(q < 0 ? -q : q);
    if (q < 0)
        *b->p++ = '-';
    put_u(b, a / 1000000u);
    *b->p++ = '.';
    uint32_t frac = a % 1000000u;
    for (int i = 5; i >= 0; i -= 2) {
        unsigned d = (frac % 100) * 2;
        frac /= 100;
        b->p[i] = digit_pairs[d + 1];
        b->p[i - 1] = digit_pairs[d];
    }
    b->p += 6;
}

/* raw / 10 with one decimal, like printf "%.1f". */
static void put_fixed1(jbuf *b, unsigned raw)
{
    put_u(b, raw / 10);
    b->p[0] = '.';
    b->p[1] = (char)('0' + raw % 10);
    b->p += 2;
}

static void put_bool(jbuf *b, bool v)
{
    if (v)
        put_raw(b, "true", 4);
    else
        put_raw(b, "false", 5);
}

/* A JSON string; six-bit text may hold '"' and '\\', which are escaped. */
static void put_str(jbuf *b, const char *s)
{
    *b->p++ = '"';
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            *b->p++ = '\\';
        *b->p++ = *s;
    }
    *b->p++ = '"';
}

/* "key":value pairs; key must be a string literal. */
#define KV_U(b, key, v)    (PUT_KEY(b, key), put_u((b), (v)))
#define KV_BOOL(b, key, v) (PUT_KEY(b, key), put_bool((b), (v)))
#define KV_STR(b, key, s)  (PUT_KEY(b, key), put_str((b), (s)))
#define KV_TEXT(b, key, s) (PUT_KEY(b, key), put_plain((b), (s)))

/* Rounds num / den to the nearest integer, halves away from zero. */
static int64_t div_round(int64_t num, int64_t den)
{
    return num >= 0 ? (num * 2 + den) / (2 * den) : -((-num * 2 + den) / (2 * den));
}

/* lon, lat: raw 1/10000 min (1/10 min for type 27) as degrees, 6 decimals. */
static void put_position(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    PUT_KEY(b, "lon");
    if (!scaled) {
        put_i(b, m->lon);
        PUT_KEY(b, "lat");
        put_i(b, m->lat);
        return;
    }
    int64_t mul = m->type == 27 ? 5000 : 5; /* 10^6 / 600 = 5000 / 3; 10^6 / 600000 = 5 / 3 */
    put_fixed6(b, div_round((int64_t)m->lon * mul, 3));
    PUT_KEY(b, "lat");
    put_fixed6(b, div_round((int64_t)m->lat * mul, 3));
}

/* 0.1-unit raw value (speed, course, draught) as x.y when scaled; key is the
 * whole ,"name": prefix. */
static void put_tenths(jbuf *b, const char *key, unsigned raw, bool scaled)
{
    put_raw(b, key, strlen(key));
    if (scaled)
        put_fixed1(b, raw);
    else
        put_u(b, raw);
}

/* Rate of turn: raw, or degrees per minute (sign kept) with its specials. */
static void put_turn(jbuf *b, int turn, bool scaled)
{
    PUT_KEY(b, "turn");
    if (!scaled)
        put_i(b, turn);
    else if (turn == JW_AIS_TURN_NA)
        put_raw(b, "\"nan\"", 5);
    else if (turn == 127)
        put_raw(b, "\"fastright\"", 11);
    else if (turn == -127)
        put_raw(b, "\"fastleft\"", 10);
    else {
        double r = turn / 4.733;
        long v = lround(r * r);
        put_i(b, turn < 0 ? -v : v);
    }
}

static void put_dims(jbuf *b, const jw_ais_msg *m)
{
    KV_U(b, "to_bow", m->to_bow);
    KV_U(b, "to_stern", m->to_stern);
    KV_U(b, "to_port", m->to_port);
    KV_U(b, "to_starboard", m->to_starboard);
}

static void put_epfd(jbuf *b, const jw_ais_msg *m)
{
    KV_U(b, "epfd", m->epfd);
    KV_TEXT(b, "epfd_text", jw_ais_epfd_text(m->epfd));
}

static void put_shiptype(jbuf *b, const jw_ais_msg *m)
{
    KV_U(b, "shiptype", m->shiptype);
    KV_TEXT(b, "shiptype_text", jw_ais_shiptype_text(m->shiptype));
}

/* Two-digit decimal. */
static void put_2d(jbuf *b, unsigned v)
{
    if (v < 10)
        *b->p++ = '0';
    put_u(b, v);
}

static void json_cnb(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    KV_U(b, "status", m->status);
    KV_TEXT(b, "status_text", jw_ais_status_text(m->status));
    put_turn(b, m->turn, scaled);
    PUT_KEY(b, "speed");
    if (scaled && m->speed == JW_AIS_SPEED_NA)
        put_raw(b, "\"nan\"", 5);
    else if (scaled)
        put_fixed1(b, m->speed);
    else
        put_u(b, m->speed);
    KV_BOOL(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_tenths(b, ",\"course\":", m->course, scaled);
    KV_U(b, "heading", m->heading);
    KV_U(b, "second", m->second);
    KV_U(b, "maneuver", m->maneuver);
    KV_BOOL(b, "raim", m->raim);
    KV_U(b, "radio", m->radio);
}

static void json_base(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    PUT_KEY(b, "timestamp");
    *b->p++ = '"';
    if (m->year < 1000)
        put_raw(b, "000", m->year < 10 ? 3 : m->year < 100 ? 2 : 1);
    put_u(b, m->year);
    *b->p++ = '-';
    put_2d(b, m->month);
    *b->p++ = '-';
    put_2d(b, m->day);
    *b->p++ = 'T';
    put_2d(b, m->hour);
    *b->p++ = ':';
    put_2d(b, m->minute);
    *b->p++ = ':';
    put_2d(b, m->second);
    put_raw(b, "Z\"", 2);
    KV_BOOL(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_epfd(b, m);
    KV_BOOL(b, "raim", m->raim);
    KV_U(b, "radio", m->radio);
}

static void json_static(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    KV_U(b, "imo", m->imo);
    KV_U(b, "ais_version", m->ais_version);
    KV_STR(b, "callsign", m->callsign);
    KV_STR(b, "shipname", m->shipname);
    put_shiptype(b, m);
    put_dims(b, m);
    put_epfd(b, m);
    PUT_KEY(b, "eta");
    *b->p++ = '"';
    put_2d(b, m->month);
    *b->p++ = '-';
    put_2d(b, m->day);
    *b->p++ = 'T';
    put_2d(b, m->hour);
    *b->p++ = ':';
    put_2d(b, m->minute);
    put_raw(b, "Z\"", 2);
    put_tenths(b, ",\"draught\":", m->draught, scaled);
    KV_STR(b, "destination", m->destination);
    KV_U(b, "dte", m->dte);
}

static void json_sar(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    KV_U(b, "alt", m->alt);
    KV_U(b, "speed", m->speed);
    KV_BOOL(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_tenths(b, ",\"course\":", m->course, scaled);
    KV_U(b, "second", m->second);
    KV_U(b, "regional", m->regional);
    KV_U(b, "dte", m->dte);
    KV_BOOL(b, "assigned", m->assigned);
    KV_BOOL(b, "raim", m->raim);
    KV_U(b, "radio", m->radio);
}

/* The part of 18 and 19 up to the regional bits. */
static void json_classb_head(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    KV_U(b, "reserved", m->reserved);
    /* AIVDM.adoc gives "nan" for unavailable speed in types 1-3 and 9 only. */
    put_tenths(b, ",\"speed\":", m->speed, scaled);
    KV_BOOL(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_tenths(b, ",\"course\":", m->course, scaled);
    KV_U(b, "heading", m->heading);
    KV_U(b, "second", m->second);
    KV_U(b, "regional", m->regional);
}

static void json_classb(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    json_classb_head(b, m, scaled);
    KV_BOOL(b, "cs", m->cs);
    KV_BOOL(b, "display", m->display);
    KV_BOOL(b, "dsc", m->dsc);
    KV_BOOL(b, "band", m->band);
    KV_BOOL(b, "msg22", m->msg22);
    KV_BOOL(b, "assigned", m->assigned);
    KV_BOOL(b, "raim", m->raim);
    KV_U(b, "radio", m->radio);
}

static void json_classb_ext(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    json_classb_head(b, m, scaled);
    KV_STR(b, "shipname", m->shipname);
    put_shiptype(b, m);
    put_dims(b, m);
    put_epfd(b, m);
    KV_BOOL(b, "raim", m->raim);
    KV_U(b, "dte", m->dte);
    KV_BOOL(b, "assigned", m->assigned);
}

static void json_aton(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    KV_U(b, "aid_type", m->aid_type);
    KV_TEXT(b, "aid_type_text", jw_ais_aid_type_text(m->aid_type));
    KV_STR(b, "name", m->shipname);
    KV_BOOL(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_dims(b, m);
    put_epfd(b, m);
    KV_U(b, "second", m->second);
    KV_U(b, "regional", m->regional);
    KV_BOOL(b, "off_position", m->off_position);
    KV_BOOL(b, "raim", m->raim);
    KV_BOOL(b, "virtual_aid", m->virtual_aid);
    KV_BOOL(b, "assigned", m->assigned);
}

static void json_static_b(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    (void)scaled;
    KV_U(b, "partno", m->partno);
    if (m->partno == 0) {
        KV_STR(b, "shipname", m->shipname);
        return;
    }
    put_shiptype(b, m);
    KV_STR(b, "vendorid", m->vendorid);
    KV_U(b, "model", m->model);
    KV_U(b, "serial", m->serial);
    KV_STR(b, "callsign", m->callsign);
    if (JW_AIS_HAS(m, JW_AF_MOTHERSHIP))
        KV_U(b, "mothership_mmsi", m->mothership_mmsi);
    else
        put_dims(b, m);
}

static void json_long_range(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    KV_U(b, "status", m->status);
    KV_TEXT(b, "status_text", jw_ais_status_text(m->status));
    KV_BOOL(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    KV_U(b, "speed", m->speed);
    KV_U(b, "course", m->course);
    KV_BOOL(b, "raim", m->raim);
    KV_BOOL(b, "gnss", m->gnss);
}

typedef void (*json_fn)(jbuf *b, const jw_ais_msg *m, bool scaled);

/* Writers of the types decoded in full; the others print the header only. */
static const json_fn json_writers[28] = {
    [1] = json_cnb,         [2] = json_cnb,   [3] = json_cnb,       [4] = json_base,
    [5] = json_static,      [9] = json_sar,   [11] = json_base,     [18] = json_classb,
    [19] = json_classb_ext, [21] = json_aton, [24] = json_static_b, [27] = json_long_range,
};

jw_err jw_ais_json(const jw_ais_msg *m, bool scaled, char *buf, size_t cap, size_t *len)
{
    if (!m || !buf || !len)
        return JW_EINVAL;
    if (cap < JW_AIS_JSON_MAX)
        return JW_ERANGE;
    jbuf b = {buf};
    put_raw(&b, "{\"class\":\"AIS\"", 14);
    KV_U(&b, "type", m->type);
    KV_U(&b, "repeat", m->repeat);
    KV_U(&b, "mmsi", m->mmsi);
    KV_BOOL(&b, "scaled", scaled);
    if (m->full && m->type < 28 && json_writers[m->type])
        json_writers[m->type](&b, m, scaled);
    put_raw(&b, "}\n", 2);
    *len = (size_t)(b.p - buf);
    return JW_OK;
}
