/*
 * api_params.c - the HTTP API's query-parameter validator (pure; fuzzed by
 * fuzz/fuzz_api_params.c).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/api_params.h"

typedef struct param_def {
    const char *name;
    unsigned bit;
    int (*parse)(const char *v, jw_api_params *p, char *err, size_t errlen);
} param_def;

/* A finite number using the whole string. */
static int number(const char *v, double *out)
{
    char *end = NULL;
    errno = 0;
    double d = strtod(v, &end);
    if (!*v || end == v || *end || errno || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

static int p_time(const char *v, double *out, const char *name, char *err, size_t errlen)
{
    double d;
    if (number(v, &d) || d < 0 || d > 4102444800.0) {
        snprintf(err, errlen, "%s must be a UNIX time in seconds (0 to 4102444800)", name);
        return -1;
    }
    *out = d;
    return 0;
}

static int p_from(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    return p_time(v, &p->q.from, "from", err, errlen);
}

static int p_to(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    return p_time(v, &p->q.to, "to", err, errlen);
}

static int p_window(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    return p_time(v, &p->q.window, "window", err, errlen);
}

static int p_limit(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < 1 || n > (long)p->lf.limit) {
        snprintf(err, errlen, "limit must be an integer from 1 to %u", p->lf.limit);
        return -1;
    }
    p->q.limit = p->lf.limit = (unsigned)n;
    return 0;
}

static int p_kind(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    p->q.kind = !strcmp(v, "jamming") ? 0 : !strcmp(v, "spoofing") ? 1 : -2;
    if (p->q.kind == -2) {
        snprintf(err, errlen, "kind must be jamming or spoofing");
        return -1;
    }
    return 0;
}

static int p_event(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    char *end = NULL;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (!*v || *end || errno || n == 0 || v[0] == '-' || v[0] == '+') {
        snprintf(err, errlen, "event must be a positive integer id");
        return -1;
    }
    p->q.event = n;
    return 0;
}

static int p_target(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    size_t len = strlen(v);
    int base = len == 9 && strspn(v, "0123456789") == 9 ? 10 : 16;
    char *end = NULL;
    unsigned long n = strtoul(v, &end, base);
    bool ok = base == 10 || (len >= 1 && len <= 6 && strspn(v, "0123456789abcdefABCDEF") == len);
    if (!ok || *end) {
        snprintf(err, errlen,
                 "target must be an ICAO address (1-6 hex digits) or an MMSI "
                 "(9 digits)");
        return -1;
    }
    p->q.target = (uint32_t)n;
    p->q.has_target = true;
    return 0;
}

static int p_cell(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    if (strlen(v) > 16 || jw_h3_from_string(v, &p->q.cell) != JW_OK || !jw_h3_is_valid(p->q.cell)) {
        snprintf(err, errlen, "cell must be a valid H3 index in hexadecimal");
        return -1;
    }
    return 0;
}

static int p_bbox(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    double b[4];
    const char *s = v;
    char part[64];
    for (int i = 0; i < 4; i++) {
        size_t k = strcspn(s, ",");
        if (k >= sizeof part || (i < 3 && s[k] != ',') || (i == 3 && s[k]))
            goto bad;
        memcpy(part, s, k);
        part[k] = '\0';
        if (number(part, &b[i]))
            goto bad;
        s += k + (i < 3);
    }
    if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 || b[0] > b[2] || b[1] > b[3])
        goto bad;
    memcpy(p->q.bbox, b, sizeof b);
    memcpy(p->lf.bbox, b, sizeof b);
    return 0;
bad:
    snprintf(err, errlen, "bbox must be minlon,minlat,maxlon,maxlat within -180..180, -90..90");
    return -1;
}

static int p_min_level(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    if (number(v, &p->q.min_level) || p->q.min_level < 0 || p->q.min_level > 1) {
        snprintf(err, errlen, "min_level must be a number from 0 to 1");
        return -1;
    }
    return 0;
}

static int p_domain(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    p->lf.domain = !strcmp(v, "air") ? 0 : !strcmp(v, "sea") ? 1 : -2;
    if (p->lf.domain == -2) {
        snprintf(err, errlen, "domain must be air or sea");
        return -1;
    }
    return 0;
}

static int p_state(const char *v, jw_api_params *p, char *err, size_t errlen)
{
    p->lf.state = !strcmp(v, "ok")        ? JW_LIVE_OK
                  : !strcmp(v, "bad")     ? JW_LIVE_BAD
                  : !strcmp(v, "unknown") ? JW_LIVE_UNKNOWN
                                          : -2;
    if (p->lf.state == -2) {
        snprintf(err, errlen, "state must be ok, bad or unknown");
        return -1;
    }
    return 0;
}

static const param_def defs[] = {
    {"from", JW_P_FROM, p_from},       {"to", JW_P_TO, p_to},
    {"window", JW_P_WINDOW, p_window}, {"limit", JW_P_LIMIT, p_limit},
    {"kind", JW_P_KIND, p_kind},       {"event", JW_P_EVENT, p_event},
    {"target", JW_P_TARGET, p_target}, {"cell", JW_P_CELL, p_cell},
    {"bbox", JW_P_BBOX, p_bbox},       {"min_level", JW_P_MIN_LEVEL, p_min_level},
    {"domain", JW_P_DOMAIN, p_domain}, {"state", JW_P_STATE, p_state},
};

static const param_def *find_def(const char *key)
{
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        if (!strcmp(defs[i].name, key))
            return &defs[i];
    return NULL;
}

static int one(unsigned allowed, const char *key, const char *val, jw_api_params *p, char *err,
               size_t errlen)
{
    if (!key || strlen(key) > JW_API_MAX_VALUE || (val && strlen(val) > JW_API_MAX_VALUE)) {
        snprintf(err, errlen, "parameter name or value longer than %d bytes", JW_API_MAX_VALUE);
        return -1;
    }
    const param_def *d = find_def(key);
    if (!d || !(allowed & d->bit)) {
        snprintf(err, errlen, "unknown parameter '%.40s' for this endpoint", key);
        return -1;
    }
    if (p->seen & d->bit) {
        snprintf(err, errlen, "parameter '%s' given twice", d->name);
        return -1;
    }
    if (!val || !*val) {
        snprintf(err, errlen, "parameter '%s' needs a value", d->name);
        return -1;
    }
    p->seen |= d->bit;
    return d->parse(val, p, err, errlen);
}

jw_err jw_api_params_parse(unsigned allowed, const char *const *keys, const char *const *vals,
                           size_t n, unsigned def_limit, unsigned max_limit, jw_api_params *out,
                           char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    jw_store_query_init(&out->q);
    out->lf.domain = out->lf.state = -1;
    for (int i = 0; i < 4; i++)
        out->lf.bbox[i] = NAN;
    out->lf.limit = max_limit; /* bound for p_limit, then the default */
    if (n > JW_API_MAX_PARAMS) {
        snprintf(err, errlen, "more than %d parameters", JW_API_MAX_PARAMS);
        return JW_EINVAL;
    }
    for (size_t i = 0; i < n; i++)
        if (one(allowed, keys[i], vals[i], out, err, errlen))
            return JW_EINVAL;
    if (!(out->seen & JW_P_LIMIT))
        out->q.limit = out->lf.limit = def_limit;
    if (!isnan(out->q.from) && !isnan(out->q.to) && out->q.to <= out->q.from) {
        snprintf(err, errlen, "to must be greater than from");
        return JW_EINVAL;
    }
    return JW_OK;
}
