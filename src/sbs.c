/*
 * sbs.c - the SBS/BaseStation text reader (TCP port 30003): 22
 * comma-separated fields per line, already decoded by the sender.
 *
 *   MSG,type,sid,aid,ICAO,fid,date_gen,time_gen,date_log,time_log,
 *   callsign,alt,gs,track,lat,lon,vrate,squawk,alert,emerg,spi,ground
 *
 * MSG types 1-8 become a jw_msg (fields present only when non-empty); the
 * other record types (SEL, ID, AIR, STA, CLK) are counted and skipped. SBS
 * carries no integrity (NIC/NACp) and no type code: see docs/feeds.md for
 * how its messages are marked.
 */
#include "feed_priv.h"
#include "civil_date.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    SBS_FIELDS = 22, /* fields of a MSG line */
    FIELD_MAX = 40   /* longest field value we convert */
};

/* One field: a pointer into the line and its length (not NUL-terminated). */
typedef struct field {
    const char *s; /* first character */
    size_t n;      /* length */
} field;

/* Downlink format a BaseStation MSG type stands for (index = type 1-8). */
static const uint8_t sbs_df[9] = {0, 17, 17, 17, 17, 4, 5, 16, 11};

/* Record types that are valid SBS but carry no aircraft state. */
static const char *const sbs_other[] = {"SEL", "ID", "AIR", "STA", "CLK"};

/* Splits s at commas into at most max fields; returns the count. */
static size_t split(const char *s, size_t n, field *out, size_t max)
{
    size_t k = 0;
    const char *p = s, *end = s + n;
    while (k < max) {
        const char *c = memchr(p, ',', (size_t)(end - p));
        const char *e = c ? c : end;
        out[k].s = p;
        out[k].n = (size_t)(e - p);
        k++;
        if (!c)
            break;
        p = c + 1;
    }
    return k;
}

static bool field_is(const field *f, const char *lit)
{
    size_t n = strlen(lit);
    return f->n == n && memcmp(f->s, lit, n) == 0;
}

/* Copies a field into buf as a C string; false when empty or too long. */
static bool field_str(const field *f, char *buf)
{
    if (f->n == 0 || f->n >= FIELD_MAX)
        return false;
    memcpy(buf, f->s, f->n);
    buf[f->n] = '\0';
    return true;
}

/* Parses an integer field. Returns 0 empty, 1 ok, -1 malformed. */
static int field_long(const field *f, long *out)
{
    char buf[FIELD_MAX], *end;
    if (f->n == 0)
        return 0;
    if (!field_str(f, buf))
        return -1;
    errno = 0;
    *out = strtol(buf, &end, 10);
    return (*end || errno) ? -1 : 1;
}

/* Parses a decimal field. Returns 0 empty, 1 ok, -1 malformed. */
static int field_double(const field *f, double *out)
{
    char buf[FIELD_MAX], *end;
    if (f->n == 0)
        return 0;
    if (!field_str(f, buf))
        return -1;
    errno = 0;
    *out = strtod(buf, &end);
    return (*end || errno || !isfinite(*out)) ? -1 : 1;
}

/* Reads exactly n decimal digits at s. */
static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* "YYYY/MM/DD" and "HH:MM:SS[.fff]" (UTC) to UNIX seconds; false if malformed. */
static bool sbs_time(const field *date, const field *tod, double *out)
{
    int y, mo, d, h, mi, s;
    const char *a = date->s, *t = tod->s;
    if (date->n != 10 || a[4] != '/' || a[7] != '/' || tod->n < 8 || t[2] != ':' || t[5] != ':')
        return false;
    if (!digits(a, 4, &y) || !digits(a + 5, 2, &mo) || !digits(a + 8, 2, &d) || !digits(t, 2, &h) ||
        !digits(t + 3, 2, &mi) || !digits(t + 6, 2, &s))
        return false;
    if (!jw_civil_date_ok(y, mo, d) || h > 23 || mi > 59 || s > 60)
        return false;
    double frac = 0, scale = 0.1;
    if (tod->n > 8) {
        if (t[8] != '.' || tod->n == 9 || tod->n > 18)
            return false;
        for (size_t i = 9; i < tod->n; i++, scale *= 0.1) {
            if (t[i] < '0' || t[i] > '9')
                return false;
            frac += (t[i] - '0') * scale;
        }
    }
    *out = (double)jw_days_from_civil(y, mo, d) * 86400.0 + h * 3600 + mi * 60 + s + frac;
    return true;
}

/* ICAO address: 6 hex digits, optionally '~'-prefixed (readsb: non-ICAO). */
static bool sbs_addr(const field *f, jw_msg *m)
{
    const char *s = f->s;
    size_t n = f->n;
    if (n && *s == '~') {
        m->non_icao = 1;
        s++, n--;
    }
    if (n == 0 || n > 6)
        return false;
    uint32_t a = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int v = (c >= '0' && c <= '9')   ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (v < 0)
            return false;
        a = a << 4 | (uint32_t)v;
    }
    m->addr = a;
    return true;
}

/* Callsign: printable characters, trailing spaces removed, at most 8. */
static bool sbs_callsign(const field *f, jw_msg *m)
{
    size_t n = f->n;
    while (n && f->s[n - 1] == ' ')
        n--;
    if (n == 0)
        return true;
    if (n > 8)
        return false;
    for (size_t i = 0; i < n; i++)
        if (f->s[i] < 0x20 || f->s[i] > 0x7E)
            return false;
    memcpy(m->callsign, f->s, n);
    m->callsign[n] = '\0';
    JW_SET(m, JW_F_CALLSIGN);
    return true;
}

/* Squawk: four octal digits, packed as hex nibbles (7700 -> 0x7700). */
static bool sbs_squawk(const field *f, jw_msg *m)
{
    if (f->n == 0)
        return true;
    if (f->n != 4)
        return false;
    uint16_t v = 0;
    for (size_t i = 0; i < 4; i++) {
        if (f->s[i] < '0' || f->s[i] > '7')
            return false;
        v = (uint16_t)(v << 4 | (uint16_t)(f->s[i] - '0'));
    }
    m->squawk = v;
    JW_SET(m, JW_F_SQUAWK);
    return true;
}

/* Flag fields: "" unknown, "0" false, "-1" or "1" true. Returns -2 if malformed. */
static int sbs_flag(const field *f)
{
    if (f->n == 0)
        return -1;
    if (field_is(f, "0"))
        return 0;
    if (field_is(f, "-1") || field_is(f, "1"))
        return 1;
    return -2;
}

/* Altitude, speed, track, vertical rate. */
static bool sbs_kinematics(const field *fl, jw_msg *m)
{
    long l;
    double d;
    int r;
    if ((r = field_long(&fl[11], &l)) < 0 || (r && (l < -2000 || l > 200000)))
        return false;
    if (r) {
        m->alt_baro = (int32_t)l;
        JW_SET(m, JW_F_ALT_BARO);
    }
    if ((r = field_double(&fl[12], &d)) < 0 || (r && (d < 0 || d > 5000)))
        return false;
    if (r) {
        m->vel.gs = d;
        JW_SET(m, JW_F_GS);
    }
    if ((r = field_double(&fl[13], &d)) < 0 || (r && (d < 0 || d > 360)))
        return false;
    if (r) {
        m->vel.track = d;
        JW_SET(m, JW_F_TRACK);
    }
    if ((r = field_long(&fl[16], &l)) < 0 || (r && (l < -100000 || l > 100000)))
        return false;
    if (r) {
        m->vrate = (int32_t)l;
        JW_SET(m, JW_F_VRATE);
    }
    return true;
}

/* Latitude and longitude: both or neither. */
static bool sbs_position(const field *fl, jw_msg *m)
{
    double lat, lon;
    int a = field_double(&fl[14], &lat), b = field_double(&fl[15], &lon);
    if (a < 0 || b < 0 || a != b)
        return false;
    if (!a)
        return true;
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
        return false;
    m->lat = lat;
    m->lon = lon;
    JW_SET(m, JW_F_POS);
    return true;
}

/* Emergency and ground flags. */
static bool sbs_flags(const field *fl, jw_msg *m)
{
    int emerg = sbs_flag(&fl[19]), ground = sbs_flag(&fl[21]);
    if (emerg == -2 || ground == -2 || sbs_flag(&fl[18]) == -2 || sbs_flag(&fl[20]) == -2)
        return false;
    if (emerg >= 0) {
        m->emergency = (uint8_t)emerg; /* 1: some emergency, the kind unknown */
        JW_SET(m, JW_F_EMERGENCY);
    }
    if (ground >= 0) {
        m->airground = ground ? JW_AG_GROUND : JW_AG_AIRBORNE;
        JW_SET(m, JW_F_AIRGROUND);
    }
    return true;
}

static jw__sbs_res sbs_msg(const field *fl, size_t nf, double arrival, jw_msg *m)
{
    long type;
    if (nf < SBS_FIELDS || field_long(&fl[1], &type) != 1 || type < 1 || type > 8)
        return JW__SBS_BAD;
    memset(m, 0, sizeof *m);
    m->df = sbs_df[type];
    m->addr_src = JW_ADDR_CRC;
    if (!sbs_addr(&fl[4], m))
        return JW__SBS_BAD;
    if (!sbs_time(&fl[6], &fl[7], &m->time) && !sbs_time(&fl[8], &fl[9], &m->time))
        m->time = arrival;
    if (!sbs_callsign(&fl[10], m) || !sbs_kinematics(fl, m) || !sbs_position(fl, m) ||
        !sbs_squawk(&fl[17], m) || !sbs_flags(fl, m))
        return JW__SBS_BAD;
    return JW__SBS_MSG;
}

jw__sbs_res jw__sbs_parse(const char *s, size_t n, double arrival, jw_msg *m)
{
    field fl[SBS_FIELDS + 1];
    size_t nf = split(s, n, fl, SBS_FIELDS + 1);
    if (field_is(&fl[0], "MSG"))
        return sbs_msg(fl, nf, arrival, m);
    for (size_t i = 0; i < sizeof sbs_other / sizeof sbs_other[0]; i++)
        if (field_is(&fl[0], sbs_other[i]) && nf >= 2)
            return JW__SBS_OTHER;
    return JW__SBS_BAD;
}

void jw__sbs_line(void *ctx, const char *s, size_t n, const jw__out *o)
{
    (void)ctx;
    jw_msg m;
    switch (jw__sbs_parse(s, n, o->arrival, &m)) {
    case JW__SBS_MSG:
        o->stats->sbs_msgs++;
        if (o->sink && o->sink->msg)
            o->sink->msg(o->sink->user, &m);
        break;
    case JW__SBS_OTHER:
        o->stats->sbs_other++;
        break;
    default:
        o->stats->bad_lines++;
        break;
    }
}
