/* test_msg_json.c - the decode output is valid JSON with the documented
 * names and units, whatever the message holds. */
#include "jamwatch/msg_json.h"
#include "testutil.h"

#include <jansson.h>
#include <string.h>

static json_t *to_json(const jw_msg *m)
{
    char buf[JW_MSG_JSON_MAX];
    size_t n = jw_msg_to_json(m, buf, sizeof buf);
    cr_assert_eq(n, strlen(buf));
    json_error_t err;
    json_t *j = json_loads(buf, 0, &err);
    cr_assert_not_null(j, "invalid JSON (%s): %s", err.text, buf);
    return j;
}

Test(msg_json, position_message)
{
    jw_msg m = {0};
    m.time = 1457996400.25;
    m.addr = 0x406B90;
    m.df = 17;
    m.tc = 11;
    m.signal = 128;
    m.lat = 51.14566;
    m.lon = 7.244296;
    m.alt_baro = 36000;
    m.nic = 8;
    m.rc = 185.2;
    m.nacp = 8;
    JW_SET(&m, JW_F_POS);
    JW_SET(&m, JW_F_ALT_BARO);
    JW_SET(&m, JW_F_NIC);
    JW_SET(&m, JW_F_NACP);
    json_t *j = to_json(&m);
    cr_expect_str_eq(json_string_value(json_object_get(j, "icao")), "406b90");
    cr_expect_eq(json_integer_value(json_object_get(j, "df")), 17);
    cr_expect_eq(json_integer_value(json_object_get(j, "tc")), 11);
    cr_expect_float_eq(json_real_value(json_object_get(j, "time")), 1457996400.25, 1e-6);
    cr_expect_float_eq(json_real_value(json_object_get(j, "lat")), 51.14566, 1e-6);
    cr_expect_float_eq(json_real_value(json_object_get(j, "lon")), 7.244296, 1e-6);
    cr_expect_eq(json_integer_value(json_object_get(j, "alt_baro")), 36000);
    cr_expect_eq(json_integer_value(json_object_get(j, "nic")), 8);
    cr_expect_float_eq(json_real_value(json_object_get(j, "rc")), 185.2, 1e-9);
    cr_expect_eq(json_integer_value(json_object_get(j, "nacp")), 8);
    cr_expect_float_eq(json_real_value(json_object_get(j, "rssi")), -6.0, 0.05);
    cr_expect_null(json_object_get(j, "gs"), "absent fields are omitted");
    json_decref(j);
}

Test(msg_json, identity_squawk_and_escaping)
{
    jw_msg m = {0};
    m.addr = 0xABCDEF;
    m.df = 17;
    m.tc = 4;
    memcpy(m.callsign, "A\"B\\C\x01", 7);
    m.category = 0xA3;
    m.squawk = 0x7700;
    JW_SET(&m, JW_F_CALLSIGN);
    JW_SET(&m, JW_F_CATEGORY);
    JW_SET(&m, JW_F_SQUAWK);
    json_t *j = to_json(&m);
    cr_expect_str_eq(json_string_value(json_object_get(j, "callsign")), "A\"B\\C\x01");
    cr_expect_str_eq(json_string_value(json_object_get(j, "category")), "A3");
    cr_expect_str_eq(json_string_value(json_object_get(j, "squawk")), "7700");
    json_decref(j);
}

Test(msg_json, every_field_at_once_fits_and_parses)
{
    jw_msg m;
    memset(&m, 0xFF, sizeof m); /* worst case: every bit, every extreme value */
    m.time = 1e12;
    m.lat = -90;
    m.lon = -180;
    m.vel.gs = m.vel.track = m.heading = m.ias = m.tas = m.rc = m.baro_setting = m.sel_heading =
        -1e9;
    memset(m.callsign, 'W', sizeof m.callsign - 1);
    m.callsign[8] = '\0';
    m.addr_src = JW_ADDR_PARITY;
    json_t *j = to_json(&m);
    cr_expect_eq(json_array_size(json_object_get(j, "ap_modes")), 6);
    json_decref(j);
}

Test(msg_json, truncation_is_bounded)
{
    jw_msg m = {0};
    m.df = 4;
    m.alt_baro = 12345;
    JW_SET(&m, JW_F_ALT_BARO);
    char small[16];
    memset(small, 'x', sizeof small);
    size_t n = jw_msg_to_json(&m, small, sizeof small);
    cr_expect_eq(n, sizeof small - 1);
    cr_expect_eq(small[15], '\0');
}
