/*
 * api_params.h - validation of the HTTP API's query parameters.
 *
 * Pure: key/value strings in, a filled query or a clear error message out.
 * Every route states which parameters it accepts; anything else, a repeated
 * parameter, a malformed or out-of-range value is an error whose message
 * names the parameter (the HTTP layer answers 400 with it). See docs/api.md.
 */
#ifndef JAMWATCH_API_PARAMS_H
#define JAMWATCH_API_PARAMS_H

#include <stddef.h>

#include "jamwatch/error.h"
#include "jamwatch/live.h"
#include "jamwatch/store.h"

/* Parameters, as bits of a route's "allowed" mask. */
enum {
    JW_P_FROM = 1u << 0,      /* from=UNIX seconds */
    JW_P_TO = 1u << 1,        /* to=UNIX seconds (> from) */
    JW_P_WINDOW = 1u << 2,    /* window=t0 of a stored window */
    JW_P_LIMIT = 1u << 3,     /* limit=1..max */
    JW_P_KIND = 1u << 4,      /* kind=jamming|spoofing */
    JW_P_EVENT = 1u << 5,     /* event=id */
    JW_P_TARGET = 1u << 6,    /* target=ICAO hex (1-6 digits) or MMSI (9 digits) */
    JW_P_CELL = 1u << 7,      /* cell=H3 index (hex) */
    JW_P_BBOX = 1u << 8,      /* bbox=minlon,minlat,maxlon,maxlat */
    JW_P_MIN_LEVEL = 1u << 9, /* min_level=0..1 */
    JW_P_DOMAIN = 1u << 10,   /* domain=air|sea */
    JW_P_STATE = 1u << 11     /* state=ok|bad|unknown */
};

enum {
    JW_API_MAX_PARAMS = 16, /* parameters in one request at most */
    JW_API_MAX_VALUE = 256  /* longest key or value */
};

/* What a request asked for. */
typedef struct jw_api_params {
    jw_store_query q;  /* store queries */
    jw_live_filter lf; /* live snapshot filter (domain, state, bbox, limit) */
    unsigned seen;     /* JW_P_* bits present */
} jw_api_params;

/*
 * Validates n key/value pairs (a value may be NULL: "?key" without '=')
 * against the allowed mask. limit defaults to def_limit and may not exceed
 * max_limit. On error returns JW_EINVAL and writes a one-line message.
 */
jw_err jw_api_params_parse(unsigned allowed, const char *const *keys, const char *const *vals,
                           size_t n, unsigned def_limit, unsigned max_limit, jw_api_params *out,
                           char *err, size_t errlen);

#endif
