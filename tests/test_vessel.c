/* test_vessel.c - the per-vessel table: positions and previous positions,
 * "not available" counts, static data merged from several types, fixed
 * stations' first position and drift, bounded size with eviction of the
 * stalest, expiry by age. Messages are built as the decoder fills them. */
#include "jamwatch/vessel.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static jw_ais_msg pos_msg(uint8_t type, uint32_t mmsi, double lat, double lon)
{
    jw_ais_msg m;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.mmsi = mmsi;
    m.full = true;
    m.lat = (int32_t)lround(lat * 600000.0);
    m.lon = (int32_t)lround(lon * 600000.0);
    m.speed = 123;
    m.course = 2240;
    m.heading = 215;
    m.accuracy = true;
    m.raim = true;
    m.has = 1u << JW_AF_POS | 1u << JW_AF_SPEED | 1u << JW_AF_COURSE | 1u << JW_AF_HEADING |
            1u << JW_AF_ACCURACY | 1u << JW_AF_RAIM;
    return m;
}

Test(vessel, positions_and_not_available)
{
    jw_vessels *t;
    cr_assert_eq(jw_vessels_open(NULL, &t), JW_OK);
    jw_ais_msg a = pos_msg(1, 371798000, 48.381633, -123.395383);
    const jw_vessel *v;
    cr_assert_eq(jw_vessels_update(t, &a, 10.0, &v), JW_OK);
    cr_expect(v->has_pos);
    cr_expect_not(v->has_prev);
    cr_expect_float_eq(v->lat, 48.381633, 1e-6);
    cr_expect_float_eq(v->speed_kn, 12.3, 1e-9);
    cr_expect_float_eq(v->course_deg, 224.0, 1e-9);
    jw_ais_msg b = pos_msg(1, 371798000, 48.40, -123.40);
    jw_vessels_update(t, &b, 20.0, &v);
    cr_expect(v->has_prev);
    cr_expect_float_eq(v->prev_lat, 48.381633, 1e-6);
    cr_expect_float_eq(v->prev_time, 10.0, 1e-9);
    cr_expect_float_eq(v->pos_time, 20.0, 1e-9);
    jw_ais_msg na = pos_msg(1, 371798000, 0, 0);
    na.lat = JW_AIS_LAT_NA;
    na.lon = JW_AIS_LON_NA;
    jw_vessels_update(t, &na, 30.0, &v);
    cr_expect_eq(v->pos_na, 1);
    cr_expect_eq(v->pos_reports, 3);
    cr_expect_float_eq(v->lat, 48.40, 1e-6); /* the last valid one stays */
    cr_expect_float_eq(v->last_seen, 30.0, 1e-9);
    cr_expect_eq(v->raim_on, 2); /* flags are counted on valid positions only */
    cr_expect_eq(jw_vessels_find(t, 371798000), v);
    cr_expect_null(jw_vessels_find(t, 1));
    cr_expect_eq(jw_vessels_update(t, &(jw_ais_msg){.type = 1}, 1.0, NULL), JW_EINVAL);
    jw_vessels_close(t);
}

Test(vessel, fixed_station_origin_and_drift)
{
    jw_vessels *t;
    cr_assert_eq(jw_vessels_open(NULL, &t), JW_OK);
    jw_ais_msg a = pos_msg(4, 3669702, 36.883767, -76.352362);
    const jw_vessel *v;
    jw_vessels_update(t, &a, 1.0, &v);
    cr_expect(v->fixed);
    cr_expect(v->has_fixed_origin);
    jw_ais_msg b = pos_msg(4, 3669702, 36.893767, -76.352362); /* 0.01 deg north */
    jw_vessels_update(t, &b, 2.0, &v);
    cr_expect_float_eq(v->fixed_lat, 36.883767, 1e-6);
    cr_expect_float_eq(v->fixed_max_move_m, 1111.95, 1.0);
    jw_vessels_close(t);
}

Test(vessel, static_data_merged)
{
    jw_vessels *t;
    cr_assert_eq(jw_vessels_open(NULL, &t), JW_OK);
    jw_ais_msg a = {.type = 24, .mmsi = 338091445, .full = true, .partno = 0};
    snprintf(a.shipname, sizeof a.shipname, "%s", "WHITEBIRDS");
    a.has = 1u << JW_AF_SHIPNAME | 1u << JW_AF_PARTNO;
    jw_ais_msg b = {.type = 24,
                    .mmsi = 338091445,
                    .full = true,
                    .partno = 1,
                    .shiptype = 37,
                    .to_bow = 20,
                    .to_stern = 2,
                    .to_port = 2,
                    .to_starboard = 2};
    snprintf(b.callsign, sizeof b.callsign, "%s", "VMQ9877");
    b.has = 1u << JW_AF_CALLSIGN | 1u << JW_AF_SHIPTYPE | 1u << JW_AF_DIMENSIONS;
    const jw_vessel *v;
    jw_vessels_update(t, &a, 1.0, &v);
    jw_vessels_update(t, &b, 2.0, &v);
    cr_expect_str_eq(v->shipname, "WHITEBIRDS");
    cr_expect_str_eq(v->callsign, "VMQ9877");
    cr_expect_eq(v->shiptype, 37);
    cr_expect_eq(v->length_m, 22);
    cr_expect_eq(v->beam_m, 4);
    jw_vessels_close(t);
}

Test(vessel, bounded_with_eviction_and_expiry)
{
    jw_vessels_config cfg = {.capacity = 100};
    jw_vessels *t;
    cr_assert_eq(jw_vessels_open(&cfg, &t), JW_OK);
    for (uint32_t i = 1; i <= 1000; i++) {
        jw_ais_msg m = pos_msg(1, 200000000 + i * 1000, 10, 10);
        cr_assert_eq(jw_vessels_update(t, &m, (double)i, NULL), JW_OK);
        cr_assert_leq(jw_vessels_count(t), 100);
    }
    cr_expect_eq(jw_vessels_count(t), 100);
    cr_expect_eq(jw_vessels_evicted(t), 900);
    /* The most recent vessel is always kept; every kept one can be found. */
    cr_expect_not_null(jw_vessels_find(t, 200000000 + 1000 * 1000));
    size_t dropped = jw_vessels_expire(t, 1000.0, 50.0);
    cr_expect_eq(jw_vessels_count(t) + dropped, 100);
    cr_expect_not_null(jw_vessels_find(t, 200000000 + 1000 * 1000));
    size_t left = jw_vessels_count(t);
    cr_expect_eq(jw_vessels_expire(t, 1e9, 1.0), left);
    cr_expect_eq(jw_vessels_count(t), 0);
    jw_vessels_close(t);
}
