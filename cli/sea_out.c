/* sea_out.c - evidence JSON lines and the land raster lookup (see sea_out.h). */
#include "sea_out.h"

#include "cli_util.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes v with the given decimals (at most 9) into buf without stdio:
 * printf's exact binary-to-decimal conversion is most of the cost of a
 * record. Returns the length, or -1 when |v| is too large to scale. */
static int fixed(char *buf, double v, int decimals)
{
    static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    double scaled = fabs(v) * pow10[decimals] + 0.5;
    if (!(scaled < 9e18))
        return -1;
    uint64_t u = (uint64_t)scaled;
    char tmp[32];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
        if (n == decimals)
            tmp[n++] = '.';
    } while (u || n <= decimals + 1);
    int len = 0;
    if (v < 0 && scaled >= 1)
        buf[len++] = '-';
    while (n)
        buf[len++] = tmp[--n];
    return len;
}

/* Appends ,"name":number (or null). */
static int num(char *buf, size_t cap, const char *name, double v, int decimals)
{
    char digits[40];
    int d = isfinite(v) ? fixed(digits, v, decimals) : -1;
    if (d < 0)
        return snprintf(buf, cap, isfinite(v) ? ",\"%s\":%.0f" : ",\"%s\":null", name, v);
    return snprintf(buf, cap, ",\"%s\":%.*s", name, d, digits);
}

size_t jw_cli_evidence_json(const jw_evidence *ev, char *buf, size_t cap)
{
    const struct {
        const char *name;
        double v;
        int dec;
    } f[] = {{"time", ev->time, 3},
             {"lat", ev->lat, 6},
             {"lon", ev->lon, 6},
             {"fake_lat", ev->fake_lat, 6},
             {"fake_lon", ev->fake_lon, 6},
             {"since", ev->since, 3},
             {"confidence", ev->confidence, 2}};
    int k = snprintf(buf, cap, "{\"domain\":\"%s\",\"kind\":\"%s\",\"target\":%u",
                     jw_domain_name((jw_domain)ev->domain),
                     jw_evidence_kind_name((jw_evidence_kind)ev->kind), (unsigned)ev->target);
    if (k < 0 || (size_t)k >= cap)
        return 0;
    size_t n = (size_t)k;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        k = num(buf + n, cap - n, f[i].name, f[i].v, f[i].dec);
        if (k < 0 || (size_t)k >= cap - n)
            return 0;
        n += (size_t)k;
    }
    k = snprintf(buf + n, cap - n, "}\n");
    if (k < 0 || (size_t)k >= cap - n)
        return 0;
    return n + (size_t)k;
}

jw_err jw_cli_open_landmask(const char *path, jw_landmask **out)
{
    *out = NULL;
    if (path)
        return jw_landmask_open(path, out);
    const char *env = getenv("JW_LANDMASK");
    if (env && *env && jw_landmask_open(env, out) == JW_OK)
        return JW_OK;
    char dir[PATH_MAX], p[PATH_MAX + 16];
    if (cli_exe_dir(dir, sizeof dir) != 0)
        return JW_OK;
    snprintf(p, sizeof p, "%s/landmask.bin", dir);
    if (jw_landmask_open(p, out) != JW_OK)
        *out = NULL;
    return JW_OK;
}
