/*
 * service_config.c - parsing of the service's input specifications
 * ("HOST:PORT:FORMAT", "PORT:FORMAT", "PORT[:nmea]").
 */
#include <errno.h>
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
