/*
 * fuzz_opensky.c - the OpenSky state-vector reader on arbitrary lines,
 * through the evidence generator.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jamwatch/air_evidence.h"
#include "jamwatch/opensky.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jw_opensky *r;
    jw_air_evidence *g;
    if (jw_opensky_open(&r) != JW_OK)
        return 0;
    jw_air_evidence_config cfg = {.capacity = 64};
    if (jw_air_evidence_open(&cfg, NULL, NULL, &g) != JW_OK) {
        jw_opensky_close(r);
        return 0;
    }
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && data[i] != '\n')
            continue;
        jw_msg m;
        bool has;
        if (jw_opensky_line(r, (const char *)data + start, i - start, &m, &has) == JW_OK && has)
            jw_air_evidence_feed(g, &m, NULL);
        start = i + 1;
    }
    jw_air_evidence_finish(g);
    jw_air_evidence_close(g);
    jw_opensky_close(r);
    return 0;
}
