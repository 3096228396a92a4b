/*
 * fuzz_api_params.c - libFuzzer target for the HTTP API's query-parameter
 * validator: the input is split into key=value pairs at '&' and '=' like a
 * query string, then validated for every route mask.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/api_params.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fz_text(data, size, 4096);
    if (!s)
        return 0;
    const char *keys[JW_API_MAX_PARAMS + 2], *vals[JW_API_MAX_PARAMS + 2];
    size_t n = 0;
    for (char *p = s; p && n < JW_API_MAX_PARAMS + 2;) {
        char *amp = strchr(p, '&');
        if (amp)
            *amp = '\0';
        char *eq = strchr(p, '=');
        if (eq)
            *eq = '\0';
        keys[n] = p;
        vals[n++] = eq ? eq + 1 : NULL;
        p = amp ? amp + 1 : NULL;
    }
    static const unsigned masks[] = {0u, ~0u, JW_P_FROM | JW_P_TO | JW_P_LIMIT,
                                     JW_P_BBOX | JW_P_CELL | JW_P_TARGET};
    for (size_t m = 0; m < sizeof masks / sizeof masks[0]; m++) {
        jw_api_params out;
        char err[160];
        if (jw_api_params_parse(masks[m], keys, vals, n, 100, 50000, &out, err, sizeof err) ==
            JW_OK) {
            if (out.q.limit < 1 || out.q.limit > 50000)
                abort();
        } else if (!memchr(err, '\0', sizeof err) || !err[0]) {
            abort(); /* every refusal has a message */
        }
    }
    free(s);
    return 0;
}
