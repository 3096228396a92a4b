/*
 * fuzz_nmea.c - libFuzzer target for the NMEA reader and everything behind
 * it: the input is a byte stream cut into pieces at positions taken from
 * its first byte, pushed with tiny limits (short lines, a 4-slot fragment
 * table) so that overlong lines, evictions and timeouts are all reached.
 * Every payload is decoded, written as JSON both ways and folded into a
 * small vessel table. Crashes, leaks and sanitizer reports are findings.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/ais.h"
#include "jamwatch/ais_json.h"
#include "jamwatch/nmea.h"
#include "jamwatch/vessel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_payload(void *user, const jw_nmea_msg *p)
{
    jw_vessels *t = user;
    jw_ais_msg m;
    char buf[JW_AIS_JSON_MAX];
    size_t n;
    if (jw_ais_decode(p->bits, p->nbits, &m) != JW_OK)
        return;
    jw_ais_json(&m, true, buf, sizeof buf, &n);
    jw_ais_json(&m, false, buf, sizeof buf, &n);
    jw_vessels_update(t, &m, isnan(p->time) ? 0.0 : p->time, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    jw_nmea_config cfg = {.max_line = 200, .max_partial = 4, .frag_timeout = 3};
    jw_vessels_config vcfg = {.capacity = 8};
    jw_nmea *r;
    jw_vessels *t;
    if (jw_nmea_open(&cfg, &r) != JW_OK)
        return 0;
    if (jw_vessels_open(&vcfg, &t) != JW_OK) {
        jw_nmea_close(r);
        return 0;
    }
    size_t step = (size_t)(data[0] % 61) + 1;
    double now = 0;
    for (size_t i = 1; i < size; i += step, now += 1.0) {
        size_t k = size - i < step ? size - i : step;
        if (data[0] & 0x80)
            jw_nmea_datagram(r, data + i, k, now, on_payload, t);
        else
            jw_nmea_push(r, data + i, k, now, on_payload, t);
    }
    jw_nmea_finish(r, now, on_payload, t);
    jw_vessels_expire(t, now, 2.0);
    jw_nmea_close(r);
    jw_vessels_close(t);
    return 0;
}
