/* fuzz_receivers.c - the receiver readers (air_los.h) on arbitrary bytes:
 * "LAT,LON[,HEIGHT_M]" (jw_receiver_parse, `analyze --receiver`) and the JSON
 * list (jw_receivers_json, `analyze --receivers`), with room for 0 to 3.
 * Every receiver read is valid; a JSON list refused reads none and names an
 * element within the room, the first past it (too many), or none. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/air_los.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fz_text(data, size, 1 << 16);
    if (!s)
        return 0;
    jw_receiver r;
    if (jw_receiver_parse(s, &r) == 0 && !jw_receiver_valid(&r))
        abort();
    jw_receiver rx[3];
    size_t cap = size % 4, n = 99, bad = 0;
    jw_err e = jw_receivers_json(s, size, rx, cap, &n, &bad);
    if (e == JW_OK) {
        if (n > cap || bad != SIZE_MAX)
            abort();
        for (size_t i = 0; i < n; i++)
            if (!jw_receiver_valid(&rx[i]))
                abort();
    } else if (n != 0 || (bad != SIZE_MAX && bad > cap)) {
        abort();
    }
    free(s);
    return 0;
}
