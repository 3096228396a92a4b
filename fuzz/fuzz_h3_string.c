/*
 * fuzz_h3_string.c - libFuzzer target for jw_h3_from_string: any bytes (up
 * to 64, as a C string) either fail cleanly or give a valid cell whose
 * string form parses back to it and whose centre and boundary compute.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/h3.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[65];
    size_t n = size < 64 ? size : 64;
    memcpy(s, data, n);
    s[n] = '\0';
    jw_h3 h = 0, back = 0;
    jw_err e = jw_h3_from_string(s, &h);
    if (e != JW_OK) {
        if (e != JW_EPARSE && e != JW_ECELL)
            abort();
        return 0;
    }
    if (!jw_h3_is_valid(h))
        abort();
    char buf[JW_H3_STRING_SIZE];
    if (jw_h3_to_string(h, buf, sizeof buf) != JW_OK || jw_h3_from_string(buf, &back) != JW_OK ||
        back != h)
        abort();
    jw_h3_latlng c;
    jw_h3_cell_boundary b;
    if (jw_h3_to_latlng(h, &c) != JW_OK || jw_h3_boundary(h, &b) != JW_OK)
        abort();
    if (b.n < 5 || b.n > JW_H3_MAX_VERTS || !(c.lat >= -90.0 && c.lat <= 90.0))
        abort();
    jw_h3 p;
    if (jw_h3_parent(h, 0, &p) != JW_OK || !jw_h3_is_valid(p))
        abort();
    return 0;
}
