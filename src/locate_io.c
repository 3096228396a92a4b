/*
 * locate_io.c - one row of locate_obs.csv (locate.h, docs/analysis.md):
 * what the locator was given, written by `jamwatch analyze --locate-obs`
 * and read back by `jamwatch locate`.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/locate.h"
#include "parse_num.h"

static const char *const kind_names[] = {"jamming", "spoofing"};

int jw_locate_obs_format(char *buf, size_t size, uint64_t event_id, int kind,
                         const jw_locate_obs *o)
{
    return snprintf(buf, size, "%" PRIu64 ",%s,%.17g,%.17g,%.17g,%.17g,%u,%.9g,%u,%06" PRIX32,
                    event_id, kind_names[kind == JW_EVENT_SPOOFING], o->lat, o->lon, o->alt_m,
                    o->time, o->affected, (double)o->weight, o->band, o->target);
}

/* The end of the field at s: the next comma, or for the last field the end
 * of the line ("", "\n" or "\r\n" after it); NULL when there is none. */
static const char *field_end(const char *s, int last)
{
    const char *e = s + strcspn(s, last ? "\r\n" : ",");
    if (!last)
        return *e == ',' ? e : NULL;
    return !strcmp(e, "") || !strcmp(e, "\n") || !strcmp(e, "\r\n") ? e : NULL;
}

/* An unsigned integer (base 10 or 16) filling exactly [s, e), at most max. */
static int whole(const char *s, const char *e, int base, uint64_t max, uint64_t *v)
{
    char *end;
    errno = 0;
    if (e == s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
        return -1;
    unsigned long long x = strtoull(s, &end, base);
    *v = x;
    return end == e && errno != ERANGE && x <= max ? 0 : -1;
}

jw_err jw_locate_obs_parse(const char *line, uint64_t *event_id, int *kind, jw_locate_obs *o)
{
    const char *f[10], *e[10], *s = line;
    for (int i = 0; i < 10; i++) {
        f[i] = s;
        e[i] = field_end(s, i == 9);
        if (!e[i])
            return JW_EINVAL;
        s = e[i] + 1;
    }
    jw_locate_obs x = {0};
    uint64_t ev, aff, band, tgt;
    double w;
    size_t kl = (size_t)(e[1] - f[1]);
    int k = kl == 7 && !strncmp(f[1], "jamming", 7)    ? JW_EVENT_JAMMING
            : kl == 8 && !strncmp(f[1], "spoofing", 8) ? JW_EVENT_SPOOFING
                                                       : -1;
    if (k < 0 || whole(f[0], e[0], 10, UINT64_MAX, &ev) || !jw_parse_finite(f[2], e[2], &x.lat) ||
        !jw_parse_finite(f[3], e[3], &x.lon) || !jw_parse_finite(f[4], e[4], &x.alt_m) ||
        !jw_parse_finite(f[5], e[5], &x.time) || whole(f[6], e[6], 10, 1, &aff) ||
        !jw_parse_finite(f[7], e[7], &w) || whole(f[8], e[8], 10, 1, &band) ||
        whole(f[9], e[9], 16, UINT32_MAX, &tgt))
        return JW_EINVAL;
    if (fabs(x.lat) > 90 || fabs(x.lon) > 360 || !(w >= 0 && w <= 1e6))
        return JW_EINVAL;
    x.affected = (uint8_t)aff, x.band = (uint8_t)band, x.target = (uint32_t)tgt;
    x.weight = (float)w;
    *event_id = ev, *kind = k, *o = x;
    return JW_OK;
}
