/*
 * test_modes_golden.c - field-by-field comparison with pyModeS 2.21.1 over
 * the 600 real messages of ../shared/data/modes/golden_v2.json (200 each of
 * DF17, DF20, DF21).
 *
 * Compared: df, icao, typecode, callsign, category, altitude, cpr_format,
 * groundspeed, track, vertical_rate, squawk. pyModeS quirks not followed
 * (see docs/decoder.md): icao is lowercase for DF17 and uppercase for
 * DF20/21 (compared as numbers); callsigns are padded with '_' (we trim
 * trailing spaces: the '_' are stripped before comparing); "category" is the
 * number within the set (we pack set and number: the low nibble is
 * compared); groundspeed is truncated to an integer (our exact value is truncated
 * before comparing).
 * Comm-B register fields (bds and its BDS 1,0/2,0/4,0/5,0/6,0 values) are
 * not decoded here and not compared; every other key must be known.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/modes.h"
#include "testutil.h"

/* Keys pyModeS gives for Comm-B replies, which we do not decode. */
static int commb_key(const char *k)
{
    static const char *const keys[] = {"bds",
                                       "baro_pressure_setting",
                                       "baro_vertical_rate",
                                       "indicated_airspeed",
                                       "mach",
                                       "magnetic_heading",
                                       "inertial_vertical_rate",
                                       "roll",
                                       "track_rate",
                                       "true_airspeed",
                                       "true_track",
                                       "selected_altitude_fms",
                                       "selected_altitude_mcp"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strcmp(k, keys[i]))
            return 1;
    return 0;
}

/* Compares one golden key with our message; returns 1 if compared. */
static int compare(const char *hex, const char *k, json_t *v, const jw_msg *m)
{
    if (!strcmp(k, "df")) {
        cr_expect_eq(m->df, json_integer_value(v), "%s df", hex);
    } else if (!strcmp(k, "icao")) {
        cr_expect_eq(m->addr, (uint32_t)strtoul(json_string_value(v), NULL, 16), "%s icao %06x",
                     hex, m->addr);
    } else if (!strcmp(k, "typecode")) {
        cr_expect_eq(m->tc, json_integer_value(v), "%s tc", hex);
    } else if (!strcmp(k, "callsign")) {
        char want[16];
        snprintf(want, sizeof want, "%s", json_string_value(v));
        for (int i = (int)strlen(want) - 1; i >= 0 && want[i] == '_'; i--)
            want[i] = '\0';
        cr_expect(JW_HAS(m, JW_F_CALLSIGN) || m->df != 17, "%s no callsign", hex);
        if (m->df == 17)
            cr_expect_str_eq(m->callsign, want, "%s callsign", hex);
        else
            return 0; /* DF20/21: a BDS 2,0 callsign, not decoded */
    } else if (!strcmp(k, "category")) {
        cr_expect_eq(m->category & 0x0F, json_integer_value(v), "%s category", hex);
    } else if (!strcmp(k, "altitude")) {
        cr_expect(JW_HAS(m, JW_F_ALT_BARO), "%s no altitude", hex);
        cr_expect_eq(m->alt_baro, json_integer_value(v), "%s altitude", hex);
    } else if (!strcmp(k, "cpr_format")) {
        cr_expect_eq(m->cpr_odd, json_integer_value(v), "%s cpr_format", hex);
    } else if (!strcmp(k, "groundspeed") && m->df == 17) {
        /* pyModeS truncates the speed to an integer. */
        cr_expect_eq((int)jw_velocity_gs(&m->vel), json_integer_value(v), "%s gs %f", hex,
                     jw_velocity_gs(&m->vel));
    } else if (!strcmp(k, "track") && m->df == 17) {
        cr_expect(fabs(jw_velocity_track(&m->vel) - json_number_value(v)) <= 1e-6, "%s track %f",
                  hex, jw_velocity_track(&m->vel));
    } else if (!strcmp(k, "vertical_rate") && m->df == 17) {
        cr_expect_eq(m->vrate, json_integer_value(v), "%s vrate", hex);
    } else if (!strcmp(k, "squawk")) {
        cr_expect_eq(m->squawk, strtol(json_string_value(v), NULL, 16), "%s squawk", hex);
    } else if (commb_key(k) ||
               ((!strcmp(k, "groundspeed") || !strcmp(k, "track")) && m->df != 17)) {
        return 0; /* Comm-B content */
    } else {
        cr_expect_fail("%s: unknown golden key %s", hex, k);
        return 0;
    }
    return 1;
}

Test(modes_golden, pymodes_v2_field_by_field)
{
    TU_DATA_OR_SKIP(path, "modes/golden_v2.json");
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    cr_assert(root, "%s: %s", path, err.text);
    const char *hex;
    json_t *fields;
    int msgs = 0, compared = 0;
    json_object_foreach(root, hex, fields)
    {
        jw_frame f = {0};
        int n = tu_hex(hex, f.data, sizeof f.data);
        cr_assert(n == 7 || n == 14, "%s", hex);
        f.len = (uint8_t)n;
        f.kind = n == 7 ? JW_FRAME_SHORT : JW_FRAME_LONG;
        jw_decode_config cfg = {0};
        jw_msg m;
        cr_assert_eq(jw_modes_decode(&cfg, &f, &m), JW_OK, "%s", hex);
        const char *k;
        json_t *v;
        json_object_foreach(fields, k, v)
        {
            compared += compare(hex, k, v, &m);
        }
        msgs++;
    }
    cr_expect_eq(msgs, 600);
    cr_log_info("golden: %d messages, %d fields compared", msgs, compared);
    cr_expect_gt(compared, 2000);
    json_decref(root);
    free(path);
}
