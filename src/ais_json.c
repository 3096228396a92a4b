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

/* ,"key": */
static void put_key(jbuf *b, const char *key)
{
    size_t n = strlen(key);
    b->p[0] = ',';
    b->p[1] = '"';
    memcpy(b->p + 2, key, n);
    b->p[n + 2] = '"';
    b->p[n + 3] = ':';
    b->p += n + 4;
}

static void put_u(jbuf *b, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *b->p++ = tmp[--n];
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

/* q / 10^decimals with exactly that many decimals, like printf "%.*f". */
static void put_fixed(jbuf *b, int64_t q, int decimals)
{
    uint64_t pow = 1;
    for (int i = 0; i < decimals; i++)
        pow *= 10;
    uint64_t a = q < 0 ? (uint64_t)0 - (uint64_t)q : (uint64_t)q;
    if (q < 0)
        *b->p++ = '-';
    put_u(b, a / pow);
    *b->p++ = '.';
    uint64_t frac = a % pow;
    for (int i = decimals - 1; i >= 0; i--) {
        b->p[i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    b->p += decimals;
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

static void kv_u(jbuf *b, const char *key, uint64_t v)
{
    put_key(b, key);
    put_u(b, v);
}

static void kv_bool(jbuf *b, const char *key, bool v)
{
    put_key(b, key);
    put_bool(b, v);
}

static void kv_str(jbuf *b, const char *key, const char *s)
{
    put_key(b, key);
    put_str(b, s);
}

/* Rounds num / den to the nearest integer, halves away from zero. */
static int64_t div_round(int64_t num, int64_t den)
{
    return num >= 0 ? (num * 2 + den) / (2 * den) : -((-num * 2 + den) / (2 * den));
}

/* lon, lat: raw 1/10000 min (1/10 min for type 27) as degrees, 6 decimals. */
static void put_position(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    put_key(b, "lon");
    if (!scaled) {
        put_i(b, m->lon);
        put_key(b, "lat");
        put_i(b, m->lat);
        return;
    }
    int64_t mul = m->type == 27 ? 5000 : 5; /* 10^6 / 600 = 5000 / 3; 10^6 / 600000 = 5 / 3 */
    put_fixed(b, div_round((int64_t)m->lon * mul, 3), 6);
    put_key(b, "lat");
    put_fixed(b, div_round((int64_t)m->lat * mul, 3), 6);
}

/* 0.1-unit raw value (speed, course, draught) as x.y when scaled. */
static void put_tenths(jbuf *b, const char *key, unsigned raw, bool scaled)
{
    put_key(b, key);
    if (scaled)
        put_fixed(b, raw, 1);
    else
        put_u(b, raw);
}

/* Rate of turn: raw, or degrees per minute (sign kept) with its specials. */
static void put_turn(jbuf *b, int turn, bool scaled)
{
    put_key(b, "turn");
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
    kv_u(b, "to_bow", m->to_bow);
    kv_u(b, "to_stern", m->to_stern);
    kv_u(b, "to_port", m->to_port);
    kv_u(b, "to_starboard", m->to_starboard);
}

static void put_epfd(jbuf *b, const jw_ais_msg *m)
{
    kv_u(b, "epfd", m->epfd);
    kv_str(b, "epfd_text", jw_ais_epfd_text(m->epfd));
}

static void put_shiptype(jbuf *b, const jw_ais_msg *m)
{
    kv_u(b, "shiptype", m->shiptype);
    kv_str(b, "shiptype_text", jw_ais_shiptype_text(m->shiptype));
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
    kv_u(b, "status", m->status);
    kv_str(b, "status_text", jw_ais_status_text(m->status));
    put_turn(b, m->turn, scaled);
    put_key(b, "speed");
    if (scaled && m->speed == JW_AIS_SPEED_NA)
        put_raw(b, "\"nan\"", 5);
    else if (scaled)
        put_fixed(b, m->speed, 1);
    else
        put_u(b, m->speed);
    kv_bool(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_tenths(b, "course", m->course, scaled);
    kv_u(b, "heading", m->heading);
    kv_u(b, "second", m->second);
    kv_u(b, "maneuver", m->maneuver);
    kv_bool(b, "raim", m->raim);
    kv_u(b, "radio", m->radio);
}

static void json_base(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    put_key(b, "timestamp");
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
    kv_bool(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_epfd(b, m);
    kv_bool(b, "raim", m->raim);
    kv_u(b, "radio", m->radio);
}

static void json_static(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    kv_u(b, "imo", m->imo);
    kv_u(b, "ais_version", m->ais_version);
    kv_str(b, "callsign", m->callsign);
    kv_str(b, "shipname", m->shipname);
    put_shiptype(b, m);
    put_dims(b, m);
    put_epfd(b, m);
    put_key(b, "eta");
    *b->p++ = '"';
    put_2d(b, m->month);
    *b->p++ = '-';
    put_2d(b, m->day);
    *b->p++ = 'T';
    put_2d(b, m->hour);
    *b->p++ = ':';
    put_2d(b, m->minute);
    put_raw(b, "Z\"", 2);
    put_tenths(b, "draught", m->draught, scaled);
    kv_str(b, "destination", m->destination);
    kv_u(b, "dte", m->dte);
}

static void json_sar(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    kv_u(b, "alt", m->alt);
    kv_u(b, "speed", m->speed);
    kv_bool(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_tenths(b, "course", m->course, scaled);
    kv_u(b, "second", m->second);
    kv_u(b, "regional", m->regional);
    kv_u(b, "dte", m->dte);
    kv_bool(b, "assigned", m->assigned);
    kv_bool(b, "raim", m->raim);
    kv_u(b, "radio", m->radio);
}

/* The part of 18 and 19 up to the regional bits. */
static void json_classb_head(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    kv_u(b, "reserved", m->reserved);
    put_key(b, "speed");
    if (scaled && m->speed == JW_AIS_SPEED_NA)
        put_raw(b, "\"nan\"", 5);
    else if (scaled)
        put_fixed(b, m->speed, 1);
    else
        put_u(b, m->speed);
    kv_bool(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_tenths(b, "course", m->course, scaled);
    kv_u(b, "heading", m->heading);
    kv_u(b, "second", m->second);
    kv_u(b, "regional", m->regional);
}

static void json_classb(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    json_classb_head(b, m, scaled);
    kv_bool(b, "cs", m->cs);
    kv_bool(b, "display", m->display);
    kv_bool(b, "dsc", m->dsc);
    kv_bool(b, "band", m->band);
    kv_bool(b, "msg22", m->msg22);
    kv_bool(b, "assigned", m->assigned);
    kv_bool(b, "raim", m->raim);
    kv_u(b, "radio", m->radio);
}

static void json_classb_ext(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    json_classb_head(b, m, scaled);
    kv_str(b, "shipname", m->shipname);
    put_shiptype(b, m);
    put_dims(b, m);
    put_epfd(b, m);
    kv_bool(b, "raim", m->raim);
    kv_u(b, "dte", m->dte);
    kv_bool(b, "assigned", m->assigned);
}

static void json_aton(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    kv_u(b, "aid_type", m->aid_type);
    kv_str(b, "aid_type_text", jw_ais_aid_type_text(m->aid_type));
    kv_str(b, "name", m->shipname);
    kv_bool(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    put_dims(b, m);
    put_epfd(b, m);
    kv_u(b, "second", m->second);
    kv_u(b, "regional", m->regional);
    kv_bool(b, "off_position", m->off_position);
    kv_bool(b, "raim", m->raim);
    kv_bool(b, "virtual_aid", m->virtual_aid);
    kv_bool(b, "assigned", m->assigned);
}

static void json_static_b(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    (void)scaled;
    kv_u(b, "partno", m->partno);
    if (m->partno == 0) {
        kv_str(b, "shipname", m->shipname);
        return;
    }
    put_shiptype(b, m);
    kv_str(b, "vendorid", m->vendorid);
    kv_u(b, "model", m->model);
    kv_u(b, "serial", m->serial);
    kv_str(b, "callsign", m->callsign);
    if (JW_AIS_HAS(m, JW_AF_MOTHERSHIP))
        kv_u(b, "mothership_mmsi", m->mothership_mmsi);
    else
        put_dims(b, m);
}

static void json_long_range(jbuf *b, const jw_ais_msg *m, bool scaled)
{
    kv_u(b, "status", m->status);
    kv_str(b, "status_text", jw_ais_status_text(m->status));
    kv_bool(b, "accuracy", m->accuracy);
    put_position(b, m, scaled);
    kv_u(b, "speed", m->speed);
    kv_u(b, "course", m->course);
    kv_bool(b, "raim", m->raim);
    kv_bool(b, "gnss", m->gnss);
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
    kv_u(&b, "type", m->type);
    kv_u(&b, "repeat", m->repeat);
    kv_u(&b, "mmsi", m->mmsi);
    kv_bool(&b, "scaled", scaled);
    if (m->full && m->type < 28 && json_writers[m->type])
        json_writers[m->type](&b, m, scaled);
    put_raw(&b, "}\n", 2);
    *len = (size_t)(b.p - buf);
    return JW_OK;
}
