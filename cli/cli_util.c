/* cli_util.c - see cli_util.h. */
#include "cli_util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void vreport(const char *cmd, const char *fmt, va_list ap)
{
    fprintf(stderr, "jamwatch %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
    return 1;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cmd, fmt, ap);
    va_end(ap);
    return 2;
}

int cli_parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_duration(const char *s, double min_s, double max_s, double *out)
{
    static const struct {
        char unit;
        double s;
    } units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
    size_t n = s ? strlen(s) : 0;
    double mult = 1;
    for (size_t i = 0; n > 1 && i < sizeof units / sizeof units[0]; i++)
        if (s[n - 1] == units[i].unit) {
            mult = units[i].s, n--;
            break;
        }
    char num[64];
    if (n == 0 || n >= sizeof num || isspace((unsigned char)s[0]))
        return -1;
    memcpy(num, s, n);
    num[n] = '\0';
    double v;
    if (cli_parse_double(num, &v) || !(v * mult >= min_s && v * mult <= max_s))
        return -1;
    *out = v * mult;
    return 0;
}

int cli_parse_latlon(const char *s, double *lat, double *lon)
{
    const char *comma = s ? strchr(s, ',') : NULL;
    if (!comma || comma - s > 63)
        return -1;
    char a[64];
    memcpy(a, s, (size_t)(comma - s));
    a[comma - s] = '\0';
    double la, lo;
    if (cli_parse_double(a, &la) || cli_parse_double(comma + 1, &lo) || fabs(la) > 90 ||
        fabs(lo) > 180)
        return -1;
    *lat = la;
    *lon = lo;
    return 0;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int cli_read_file(const char *path, size_t max, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    int rc = !buf || ferror(f) ? -1 : n > max ? -2 : 0;
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *text = buf, *len = n;
    return 0;
}

int cli_exe_dir(char *out, size_t cap)
{
    ssize_t n = cap > 1 ? readlink("/proc/self/exe", out, cap - 1) : -1;
    char *slash = n > 0 ? (out[n] = '\0', strrchr(out, '/')) : NULL;
    if (!slash) {
        if (cap)
            *out = '\0';
        return -1;
    }
    *slash = '\0';
    return 0;
}

static int readable_path(char *out, size_t cap, const char *dir, const char *sub, const char *name)
{
    int len = snprintf(out, cap, "%s%s/%s.json", dir, sub, name);
    return len > 0 && (size_t)len < cap && access(out, R_OK) == 0;
}

int cli_find_scenario(const char *name, char *out, size_t cap)
{
    if (access(name, R_OK) == 0) {
        int len = snprintf(out, cap, "%s", name);
        return len > 0 && (size_t)len < cap ? 0 : -1;
    }
    char exe[PATH_MAX];
    cli_exe_dir(exe, sizeof exe);
    const char *env = getenv("JW_SCENARIOS");
    const char *dirs[] = {env ? env : "", "scenarios", exe, exe, exe};
    const char *subs[] = {"", "", "/../scenarios", "/scenarios", "/../../scenarios"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        if (*dirs[i] && readable_path(out, cap, dirs[i], subs[i], name))
            return 0;
    return -1;
}
