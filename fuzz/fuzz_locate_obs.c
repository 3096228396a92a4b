/*
 * fuzz_locate_obs.c - a row of locate_obs.csv (locate.h) on arbitrary
 * bytes: a row it accepts is written again and reads back the same.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/locate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char line[1100];
    if (size >= sizeof line)
        return 0;
    memcpy(line, data, size);
    line[size] = 0;
    uint64_t id, id2;
    int kind, kind2;
    jw_locate_obs o, b;
    if (jw_locate_obs_parse(line, &id, &kind, &o) != JW_OK)
        return 0;
    char row[256];
    int len = jw_locate_obs_format(row, sizeof row, id, kind, &o);
    if (len <= 0 || len >= (int)sizeof row || jw_locate_obs_parse(row, &id2, &kind2, &b) != JW_OK)
        abort();
    if (id2 != id || kind2 != kind || b.lat != o.lat || b.lon != o.lon || b.alt_m != o.alt_m ||
        b.time != o.time || b.weight != o.weight || b.affected != o.affected || b.band != o.band ||
        b.target != o.target)
        abort();
    return 0;
}
