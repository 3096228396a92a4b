/*
 * ais_encode.c - AIS message packing, six-bit armoring and !AIVDM sentences.
 *
 * Field widths and order follow gpsd's AIVDM.adoc (which follows ITU-R
 * M.1371). Positions are 1/10000 minute; speeds 0.1 kn; courses 0.1 degree.
 */
#include "jamwatch/ais_encode.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum {
    AIS_FRAG_CHARS = 60, /* payload characters per sentence */
    AIS_MAX_FRAGS = 9    /* fragment count is one digit */
};

jw_err jw_ais_put(jw_ais_bits *bits, unsigned n, uint32_t v)
{
    if (n > 32 || bits->n + n > JW_AIS_MAX_BITS)
        return JW_EFULL;
    for (unsigned i = 0; i < n; i++) {
        unsigned bit = (v >> (n - 1 - i)) & 1u, pos = bits->n + i;
        if (bit)
            bits->b[pos / 8] |= (uint8_t)(0x80u >> (pos % 8));
        else
            bits->b[pos / 8] &= (uint8_t) ~(0x80u >> (pos % 8));
    }
    bits->n += n;
    return JW_OK;
}

/* Six-bit value of an ASCII character ('@' for anything unknown). */
static uint32_t sixbit(char ch)
{
    unsigned c = (unsigned char)ch;
    if (c >= 'a' && c <= 'z')
        c -= 32;
    if (c >= 64 && c <= 95)
        return c - 64;
    if (c >= 32 && c <= 63)
        return c;
    return 0;
}

jw_err jw_ais_put_text(jw_ais_bits *bits, unsigned nchars, const char *text)
{
    size_t len = text ? strlen(text) : 0;
    jw_err err = JW_OK;
    for (unsigned i = 0; i < nchars && err == JW_OK; i++)
        err = jw_ais_put(bits, 6, i < len ? sixbit(text[i]) : 32);
    return err;
}

static uint32_t sbits(long v, unsigned n)
{
    return (uint32_t)v & (n == 32 ? 0xFFFFFFFFu : ((1u << n) - 1));
}

static long rnd(double x)
{
    return (long)floor(x + 0.5);
}

/* Longitude (28 bits) then latitude (27 bits) in 1/10000 minute. */
static void put_latlon(jw_ais_bits *b, bool valid, double lat, double lon)
{
    jw_ais_put(b, 28, sbits(valid ? rnd(lon * 600000.0) : 181 * 600000L, 28));
    jw_ais_put(b, 27, sbits(valid ? rnd(lat * 600000.0) : 91 * 600000L, 27));
}

static uint32_t sog10(double sog)
{
    if (sog < 0)
        return 1023;
    long v = rnd(sog * 10.0);
    return (uint32_t)(v > 1022 ? 1022 : v);
}

static uint32_t cog10(double cog)
{
    if (cog < 0)
        return 3600;
    long v = rnd(fmod(cog, 360.0) * 10.0);
    return (uint32_t)(v >= 3600 ? 0 : v);
}

static void header(jw_ais_bits *b, unsigned type, uint32_t mmsi)
{
    memset(b, 0, sizeof *b);
    jw_ais_put(b, 6, type);
    jw_ais_put(b, 2, 0);
    jw_ais_put(b, 30, mmsi);
}

jw_err jw_ais_enc_pos(const jw_ais_pos *in, jw_ais_bits *out)
{
    if (!in || !out || !((in->type >= 1 && in->type <= 3) || in->type == 18) ||
        in->mmsi > 999999999u)
        return JW_EINVAL;
    header(out, in->type, in->mmsi);
    bool a = in->type != 18;
    if (a) {
        jw_ais_put(out, 4, in->status);
        jw_ais_put(out, 8, sbits(in->rot, 8));
    } else {
        jw_ais_put(out, 8, 0);
    }
    jw_ais_put(out, 10, sog10(in->sog));
    jw_ais_put(out, 1, in->accuracy);
    put_latlon(out, in->pos_valid, in->lat, in->lon);
    jw_ais_put(out, 12, cog10(in->cog));
    jw_ais_put(out, 9, in->heading > 359 ? 511 : in->heading);
    jw_ais_put(out, 6, in->second > 60 ? 60 : in->second);
    if (a) {
        jw_ais_put(out, 2, 0); /* maneuver */
        jw_ais_put(out, 3, 0);
        jw_ais_put(out, 1, in->raim);
        return jw_ais_put(out, 19, in->radio & 0x7FFFFu);
    }
    jw_ais_put(out, 2, 0); /* regional */
    jw_ais_put(out, 1, 1); /* CS unit */
    jw_ais_put(out, 1, 0); /* display */
    jw_ais_put(out, 1, 1); /* DSC */
    jw_ais_put(out, 1, 1); /* band */
    jw_ais_put(out, 1, 1); /* message 22 */
    jw_ais_put(out, 1, 0); /* assigned */
    jw_ais_put(out, 1, in->raim);
    return jw_ais_put(out, 20, in->radio & 0xFFFFFu);
}

jw_err jw_ais_enc_base(const jw_ais_base *in, jw_ais_bits *out)
{
    if (!in || !out || in->mmsi > 999999999u)
        return JW_EINVAL;
    time_t t = (time_t)in->unix_time;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return JW_ERANGE;
    header(out, 4, in->mmsi);
    jw_ais_put(out, 14, (uint32_t)tm.tm_year + 1900);
    jw_ais_put(out, 4, (uint32_t)tm.tm_mon + 1);
    jw_ais_put(out, 5, (uint32_t)tm.tm_mday);
    jw_ais_put(out, 5, (uint32_t)tm.tm_hour);
    jw_ais_put(out, 6, (uint32_t)tm.tm_min);
    jw_ais_put(out, 6, (uint32_t)tm.tm_sec);
    jw_ais_put(out, 1, in->accuracy);
    put_latlon(out, in->pos_valid, in->lat, in->lon);
    jw_ais_put(out, 4, in->epfd);
    jw_ais_put(out, 10, 0);
    jw_ais_put(out, 1, in->raim);
    return jw_ais_put(out, 19, 0);
}

static void put_dims(jw_ais_bits *b, uint16_t bow, uint16_t stern, uint8_t port, uint8_t stbd)
{
    jw_ais_put(b, 9, bow > 511 ? 511 : bow);
    jw_ais_put(b, 9, stern > 511 ? 511 : stern);
    jw_ais_put(b, 6, port > 63 ? 63 : port);
    jw_ais_put(b, 6, stbd > 63 ? 63 : stbd);
}

jw_err jw_ais_enc_static(const jw_ais_static *in, jw_ais_bits *out)
{
    if (!in || !out || in->mmsi > 999999999u)
        return JW_EINVAL;
    header(out, 5, in->mmsi);
    jw_ais_put(out, 2, 0); /* AIS version: ITU-R M.1371-1 */
    jw_ais_put(out, 30, in->imo);
    jw_ais_put_text(out, 7, in->callsign);
    jw_ais_put_text(out, 20, in->name);
    jw_ais_put(out, 8, in->shiptype);
    put_dims(out, in->to_bow, in->to_stern, in->to_port, in->to_starboard);
    jw_ais_put(out, 4, in->epfd);
    jw_ais_put(out, 4, in->month);
    jw_ais_put(out, 5, in->day);
    jw_ais_put(out, 5, in->hour);
    jw_ais_put(out, 6, in->minute);
    jw_ais_put(out, 8, in->draught);
    jw_ais_put_text(out, 20, in->destination);
    jw_ais_put(out, 1, 0); /* DTE ready */
    return jw_ais_put(out, 1, 0);
}

jw_err jw_ais_enc_aton(const jw_ais_aton *in, jw_ais_bits *out)
{
    if (!in || !out || in->mmsi > 999999999u || in->aid_type > 31)
        return JW_EINVAL;
    header(out, 21, in->mmsi);
    jw_ais_put(out, 5, in->aid_type);
    jw_ais_put_text(out, 20, in->name);
    jw_ais_put(out, 1, in->accuracy);
    put_latlon(out, in->pos_valid, in->lat, in->lon);
    put_dims(out, in->to_bow, in->to_stern, in->to_port, in->to_starboard);
    jw_ais_put(out, 4, in->epfd);
    jw_ais_put(out, 6, in->second > 60 ? 60 : in->second);
    jw_ais_put(out, 1, in->off_position);
    jw_ais_put(out, 8, 0);
    jw_ais_put(out, 1, in->raim);
    jw_ais_put(out, 1, in->virtual_aid);
    jw_ais_put(out, 1, 0);
    return jw_ais_put(out, 1, 0);
}

jw_err jw_ais_enc_static_b(const jw_ais_static_b *in, jw_ais_bits *out)
{
    if (!in || !out || in->mmsi > 999999999u || in->part > 1)
        return JW_EINVAL;
    header(out, 24, in->mmsi);
    jw_ais_put(out, 2, in->part);
    if (in->part == 0) {
        jw_ais_put_text(out, 20, in->name);
        return jw_ais_put(out, 8, 0);
    }
    jw_ais_put(out, 8, in->shiptype);
    jw_ais_put_text(out, 3, in->vendor);
    jw_ais_put(out, 4, 0);  /* unit model */
    jw_ais_put(out, 20, 0); /* serial */
    jw_ais_put_text(out, 7, in->callsign);
    put_dims(out, in->to_bow, in->to_stern, in->to_port, in->to_starboard);
    return jw_ais_put(out, 6, 0);
}

/* Armors payload characters [first, first + count) of the message. */
static void armor(const jw_ais_bits *bits, unsigned first, unsigned count, char *out)
{
    for (unsigned c = 0; c < count; c++) {
        unsigned v = 0;
        for (unsigned i = 0; i < 6; i++) {
            unsigned pos = (first + c) * 6 + i;
            unsigned bit = pos < bits->n ? (bits->b[pos / 8] >> (7 - pos % 8)) & 1u : 0;
            v = v << 1 | bit;
        }
        out[c] = (char)(v < 40 ? v + 48 : v + 56);
    }
    out[count] = '\0';
}

static unsigned nmea_xor(const char *s, size_t n)
{
    unsigned x = 0;
    for (size_t i = 0; i < n; i++)
        x ^= (unsigned char)s[i];
    return x;
}

/* Writes the tag block of fragment k (1-based) of n, or nothing. */
static int tag_block(const jw_nmea_opts *o, int k, int n, char *out, size_t cap)
{
    if (!o->source)
        return 0;
    char body[96];
    int m;
    if (n == 1)
        m = snprintf(body, sizeof body, "s:%s,c:%lld", o->source, (long long)o->unix_time);
    else if (k == 1)
        m = snprintf(body, sizeof body, "g:%d-%d-%u,s:%s,c:%lld", k, n, (unsigned)o->group_id,
                     o->source, (long long)o->unix_time);
    else
        m = snprintf(body, sizeof body, "g:%d-%d-%u", k, n, (unsigned)o->group_id);
    if (m < 0 || (size_t)m >= sizeof body)
        return -1;
    return snprintf(out, cap, "\\%s*%02X\\", body, nmea_xor(body, (size_t)m));
}

jw_err jw_ais_nmea(const jw_ais_bits *bits, const jw_nmea_opts *opt, char *out, size_t cap,
                   size_t *len)
{
    if (!bits || !opt || !out || !len || bits->n == 0)
        return JW_EINVAL;
    unsigned chars = (bits->n + 5) / 6, fill = chars * 6 - bits->n;
    unsigned nfrag = (chars + AIS_FRAG_CHARS - 1) / AIS_FRAG_CHARS;
    if (nfrag > AIS_MAX_FRAGS)
        return JW_ERANGE;
    size_t used = 0;
    for (unsigned k = 1; k <= nfrag; k++) {
        unsigned first = (k - 1) * AIS_FRAG_CHARS;
        unsigned count = chars - first < AIS_FRAG_CHARS ? chars - first : AIS_FRAG_CHARS;
        char payload[AIS_FRAG_CHARS + 1], body[128];
        armor(bits, first, count, payload);
        char seq[2] = {nfrag > 1 ? (char)('0' + opt->seq_id % 10) : '\0', '\0'};
        int m = snprintf(body, sizeof body, "AIVDM,%u,%u,%s,%c,%s,%u", nfrag, k, seq, opt->channel,
                         payload, k == nfrag ? fill : 0);
        if (m < 0 || (size_t)m >= sizeof body)
            return JW_EFULL;
        int t = tag_block(opt, (int)k, (int)nfrag, out + used, cap - used);
        if (t < 0 || (size_t)t >= cap - used)
            return JW_EFULL;
        used += (size_t)t;
        int w = snprintf(out + used, cap - used, "!%s*%02X\n", body, nmea_xor(body, (size_t)m));
        if (w < 0 || (size_t)w >= cap - used)
            return JW_EFULL;
        used += (size_t)w;
    }
    *len = used;
    return JW_OK;
}
