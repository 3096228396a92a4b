/*
 * service_config.c - parsing of the service's input specifications
 * ("HOST:PORT:FORMAT", "PORT:FORMAT", "PORT[:nmea]") and of its
 * configuration file's "key = value" lines.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/service.h"

static jw_err parse_port(const char *s, size_t len, int *out)
{
    char buf[8];
    if (len == 0 || len >= sizeof buf)
        return JW_EINVAL;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    long p = strtol(buf, &end, 10);
    if (*end || errno || p < 1 || p > 65535)
        return JW_EINVAL;
    *out = (int)p;
    return JW_OK;
}

jw_err jw_service_parse_input(jw_service_input_kind kind, const char *spec, jw_service_input *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->speed = 1;
    if (!spec || !*spec)
        return JW_EINVAL;
    const char *last = strrchr(spec, ':');
    if (kind == JW_SVC_REPLAY || kind == JW_SVC_SIM) {
        size_t n = strlen(spec);
        if (n >= sizeof out->path)
            return JW_EINVAL;
        memcpy(out->path, spec, n + 1);
        out->format = JW_FMT_AUTO;
        return JW_OK;
    }
    if (kind == JW_SVC_UDP) {
        out->format = JW_FMT_NMEA;
        if (last && strcmp(last + 1, "nmea"))
            return JW_EINVAL;
        return parse_port(spec, last ? (size_t)(last - spec) : strlen(spec), &out->port);
    }
    if (!last || jw_format_parse(last + 1, &out->format) != JW_OK)
        return JW_EINVAL;
    if (kind == JW_SVC_LISTEN)
        return parse_port(spec, (size_t)(last - spec), &out->port);
    /* connect: HOST:PORT:FORMAT, HOST may be [v6] or a name. */
    const char *colon = NULL;
    for (const char *p = spec; p < last; p++)
        if (*p == ':')
            colon = p;
    if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof out->host)
        return JW_EINVAL;
    const char *h = spec;
    size_t hl = (size_t)(colon - spec);
    if (h[0] == '[' && h[hl - 1] == ']' && hl > 1)
        h++, hl -= 2;
    if (hl == 0)
        return JW_EINVAL;
    memcpy(out->host, h, hl);
    out->host[hl] = '\0';
    return parse_port(colon + 1, (size_t)(last - colon - 1), &out->port);
}

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

/* [*s, *e) without the blanks at both ends. */
static void trim(const char **s, const char **e)
{
    while (*s < *e && blank(**s))
        (*s)++;
    while (*e > *s && blank((*e)[-1]))
        (*e)--;
}

jw_err jw_service_conf_parse(const char *text, size_t len, jw_conf_fn fn, void *user, int *line)
{
    if (line)
        *line = 0;
    if ((!text && len) || !fn)
        return JW_EINVAL;
    char key[JW_CONF_LINE_MAX + 1], val[JW_CONF_LINE_MAX + 1];
    const char *p = text ? text : "", *end = p + len; /* no arithmetic on NULL */
    for (int n = 1; p < end; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        if (e > p && e[-1] == '\r')
            e--;
        if (line)
            *line = n;
        if ((size_t)(e - p) > JW_CONF_LINE_MAX || memchr(p, '\0', (size_t)(e - p)))
            return JW_EPARSE;
        trim(&p, &e);
        if (p == e || *p == '#') {
            p = next;
            continue;
        }
        const char *eq = memchr(p, '=', (size_t)(e - p));
        const char *ks = p, *ke = eq ? eq : e, *vs = eq ? eq + 1 : e, *ve = e;
        trim(&ks, &ke);
        trim(&vs, &ve);
        if (ks == ke)
            return JW_EPARSE;
        memcpy(key, ks, (size_t)(ke - ks));
        key[ke - ks] = '\0';
        memcpy(val, vs, (size_t)(ve - vs));
        val[ve - vs] = '\0';
        if (fn(user, key, eq ? val : NULL, n) != 0)
            return JW_EINVAL;
        p = next;
    }
    if (line)
        *line = 0;
    return JW_OK;
}
