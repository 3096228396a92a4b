/*
 * opensky.c - OpenSky state-vector CSV rows to jw_msg (see opensky.h).
 * Keeps, per address (direct-mapped, 65536 slots), the previous row's
 * values to recognise frozen rows; bounded, collisions only weaken that.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/opensky.h"

enum { OS_FIELDS = 16, OS_SLOTS = 65536 };

typedef struct os_prev {
    uint32_t addr; /* address + 1 (0 empty) */
    double v[6];   /* lat, lon, velocity, heading, baro, geo as read (NAN empty) */
} os_prev;

struct jw_opensky {
    os_prev *prev; /* OS_SLOTS */
};

jw_err jw_opensky_open(jw_opensky **out)
{
    jw_opensky *r = calloc(1, sizeof *r);
    if (!r || !(r->prev = calloc(OS_SLOTS, sizeof *r->prev))) {
        free(r);
        return JW_ENOMEM;
    }
    *out = r;
    return JW_OK;
}

void jw_opensky_close(jw_opensky *r)
{
    if (!r)
        return;
    free(r->prev);
    free(r);
}

bool jw_opensky_is_header(const char *line, size_t len)
{
    return len >= 12 && !memcmp(line, "time,icao24,", 12);
}

/* A field as a double; NAN when empty; false when not a number. */
static bool num(const char *s, double *out)
{
    if (!*s) {
        *out = NAN;
        return true;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static int split(char *buf, char **f)
{
    int n = 0;
    f[n++] = buf;
    for (char *p = buf; *p; p++)
        if (*p == ',') {
            if (n == OS_FIELDS)
                return -1;
            *p = 0;
            f[n++] = p + 1;
        }
    return n;
}

static bool frozen(jw_opensky *r, uint32_t addr, const double *v)
{
    os_prev *p = &r->prev[(addr * 2654435761u) >> 16 & (OS_SLOTS - 1)];
    bool same = p->addr == addr + 1;
    for (int i = 0; i < 6 && same; i++)
        same = (isnan(v[i]) && isnan(p->v[i])) || v[i] == p->v[i];
    p->addr = addr + 1;
    memcpy(p->v, v, sizeof p->v);
    return same;
}

static void fill(jw_msg *m, char **f, const double *v, double t, double posupd)
{
    const double kt = 1 / 0.514444, ft = 1 / 0.3048;
    if (isfinite(v[0]) && isfinite(v[1]) && fabs(v[0]) <= 90 && fabs(v[1]) <= 180 &&
        !(isfinite(posupd) && t - posupd > 15)) {
        m->lat = v[0], m->lon = v[1];
        JW_SET(m, JW_F_POS);
    }
    if (isfinite(v[2]) && isfinite(v[3])) {
        m->vel.gs = v[2] * kt, m->vel.track = fmod(v[3] + 360, 360);
        JW_SET(m, JW_F_GS), JW_SET(m, JW_F_TRACK);
    }
    if (isfinite(v[4]))
        m->alt_baro = (int32_t)lround(v[4] * ft), JW_SET(m, JW_F_ALT_BARO);
    if (isfinite(v[5]))
        m->alt_geom = (int32_t)lround(v[5] * ft), JW_SET(m, JW_F_ALT_GEOM);
    if (isfinite(v[4]) && isfinite(v[5]))
        m->geo_minus_baro = m->alt_geom - m->alt_baro, JW_SET(m, JW_F_GEO_MINUS_BARO);
    size_t cl = strlen(f[7]);
    if (cl > 0 && cl < sizeof m->callsign) {
        memcpy(m->callsign, f[7], cl + 1);
        while (cl > 0 && m->callsign[cl - 1] == ' ')
            m->callsign[--cl] = 0;
        JW_SET(m, JW_F_CALLSIGN);
    }
    if (!strcmp(f[8], "True") || !strcmp(f[8], "False")) {
        m->airground = f[8][0] == 'T' ? JW_AG_GROUND : JW_AG_AIRBORNE;
        JW_SET(m, JW_F_AIRGROUND);
    }
}

jw_err jw_opensky_line(jw_opensky *r, const char *line, size_t len, jw_msg *out, bool *has_msg)
{
    *has_msg = false;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (len == 0 || jw_opensky_is_header(line, len))
        return JW_OK;
    if (len >= JW_OPENSKY_LINE_MAX)
        return JW_EPARSE;
    char buf[JW_OPENSKY_LINE_MAX];
    memcpy(buf, line, len);
    buf[len] = 0;
    if (memchr(buf, 0, len))
        return JW_EPARSE;
    char *f[OS_FIELDS];
    if (split(buf, f) != OS_FIELDS)
        return JW_EPARSE;
    double t, v[6], vr, posupd;
    char *end;
    errno = 0;
    unsigned long addr = strtoul(f[1], &end, 16);
    if (!num(f[0], &t) || !isfinite(t) || *end || errno || end == f[1] || addr > 0xFFFFFF ||
        !num(f[2], &v[0]) || !num(f[3], &v[1]) || !num(f[4], &v[2]) || !num(f[5], &v[3]) ||
        !num(f[6], &vr) || !num(f[12], &v[4]) || !num(f[13], &v[5]) || !num(f[14], &posupd))
        return JW_EPARSE;
    if (frozen(r, (uint32_t)addr, v))
        return JW_OK;
    memset(out, 0, sizeof *out);
    out->time = t;
    out->addr = (uint32_t)addr;
    out->df = 17;
    out->addr_src = JW_ADDR_CRC;
    fill(out, f, v, t, posupd);
    if (isfinite(vr))
        out->vrate = (int32_t)lround(vr / 0.3048 * 60), JW_SET(out, JW_F_VRATE);
    *has_msg = true;
    return JW_OK;
}
