/*
 * fuzz_ais.c - libFuzzer target for the AIS payload decoder, the JSON writer
 * and the vessel table: the input is a packed payload whose bit length is
 * its byte length times 8 minus (first byte & 7), so every length from 0 to
 * the decoder's limit and beyond is tried, including the wrong ones.
 */
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/ais.h"
#include "jamwatch/ais_json.h"
#include "jamwatch/vessel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t nbits = (size - 1) * 8;
    nbits = nbits >= (size_t)(data[0] & 7) ? nbits - (data[0] & 7) : 0;
    jw_ais_msg m;
    if (jw_ais_decode(data + 1, nbits, &m) != JW_OK)
        return 0;
    char buf[JW_AIS_JSON_MAX];
    size_t n;
    jw_ais_json(&m, true, buf, sizeof buf, &n);
    jw_ais_json(&m, false, buf, sizeof buf, &n);
    double lat, lon;
    jw_ais_position(&m, &lat, &lon);
    jw_ais_speed_kn(&m);
    jw_ais_course_deg(&m);
    jw_vessels_config cfg = {.capacity = 2};
    jw_vessels *t;
    if (jw_vessels_open(&cfg, &t) == JW_OK) {
        jw_vessels_update(t, &m, 1.0, NULL);
        m.mmsi ^= 1;
        jw_vessels_update(t, &m, 2.0, NULL);
        m.mmsi ^= 3;
        jw_vessels_update(t, &m, 3.0, NULL);
        jw_vessels_close(t);
    }
    return 0;
}
