/* test_aircraft.c - the aircraft table: bounded size, eviction by age, O(1)
 * lookup under churn, parity addresses, CPR pairing on real frames, and the
 * readsb-style GNSS classifier's hysteresis. */
#include "jamwatch/aircraft.h"
#include "jamwatch/modes.h"
#include "testutil.h"

#include <string.h>

static jw_msg msg_at(uint32_t addr, double t)
{
    jw_msg m;
    memset(&m, 0, sizeof m);
    m.addr = addr;
    m.time = t;
    m.df = 17;
    m.tc = 19;
    return m;
}

static jw_msg decode_hex(const char *hex, double t)
{
    jw_frame f;
    memset(&f, 0, sizeof f);
    int n = tu_hex(hex, f.data, sizeof f.data);
    cr_assert(n == 7 || n == 14);
    f.len = (uint8_t)n;
    f.kind = n == 14 ? JW_FRAME_LONG : JW_FRAME_SHORT;
    f.time = t;
    jw_msg m;
    jw_decode_config cfg = {0};
    cr_assert_eq(jw_modes_decode(&cfg, &f, &m), JW_OK, "%s", hex);
    return m;
}

Test(aircraft, bounded_with_lru_eviction)
{
    jw_aircraft_config cfg = {.capacity = 100, .expire = 1e9};
    jw_aircraft_table *t;
    cr_assert_eq(jw_aircraft_table_open(&cfg, &t), JW_OK);
    for (uint32_t i = 0; i < 1000; i++) {
        jw_msg m = msg_at(0x100000 + i, i);
        cr_assert_eq(jw_aircraft_update(t, &m, NULL), JW_OK);
        cr_assert_leq(jw_aircraft_count(t), 100u);
    }
    cr_expect_eq(jw_aircraft_count(t), 100u);
    /* The 100 most recent survive, the others were evicted. */
    for (uint32_t i = 0; i < 1000; i++)
        cr_expect_eq(jw_aircraft_find(t, 0x100000 + i) != NULL, i >= 900, "addr %u", i);
    jw_aircraft_stats st;
    jw_aircraft_stats_get(t, &st);
    cr_expect_eq(st.evicted_full, 900u);
    jw_aircraft_table_close(t);
}

Test(aircraft, recently_heard_is_not_evicted)
{
    jw_aircraft_config cfg = {.capacity = 4, .expire = 1e9};
    jw_aircraft_table *t;
    jw_aircraft_table_open(&cfg, &t);
    for (uint32_t i = 0; i < 4; i++) {
        jw_msg m = msg_at(i + 1, i);
        jw_aircraft_update(t, &m, NULL);
    }
    jw_msg again = msg_at(1, 10); /* the oldest, heard again */
    jw_aircraft_update(t, &again, NULL);
    jw_msg fresh = msg_at(99, 11);
    jw_aircraft_update(t, &fresh, NULL);
    cr_expect_not_null(jw_aircraft_find(t, 1));
    cr_expect_null(jw_aircraft_find(t, 2), "the least recently heard goes");
    jw_aircraft_table_close(t);
}

Test(aircraft, expiry_by_data_time)
{
    jw_aircraft_config cfg = {.capacity = 1000, .expire = 60};
    jw_aircraft_table *t;
    jw_aircraft_table_open(&cfg, &t);
    for (uint32_t i = 0; i < 50; i++) {
        jw_msg m = msg_at(i + 1, 0);
        jw_aircraft_update(t, &m, NULL);
    }
    jw_msg late = msg_at(1000, 61);
    jw_aircraft_update(t, &late, NULL);
    cr_expect_eq(jw_aircraft_count(t), 1u);
    jw_aircraft_stats st;
    jw_aircraft_stats_get(t, &st);
    cr_expect_eq(st.expired, 50u);
    jw_aircraft_table_close(t);
}

Test(aircraft, churn_keeps_every_live_entry_findable)
{
    /* Many inserts and deletions exercise backward-shift deletion. */
    jw_aircraft_config cfg = {.capacity = 64, .expire = 1e9};
    jw_aircraft_table *t;
    jw_aircraft_table_open(&cfg, &t);
    uint32_t x = 1;
    for (int i = 0; i < 200000; i++) {
        x = x * 1664525u + 1013904223u;
        jw_msg m = msg_at((x >> 8) & 0x3FF, i); /* 1024 addresses into 64 places */
        jw_aircraft_update(t, &m, NULL);
        cr_assert_not_null(jw_aircraft_find(t, m.addr));
    }
    size_t n = 0;
    for (uint32_t a = 0; a < 1024; a++)
        n += jw_aircraft_find(t, a) != NULL;
    cr_expect_eq(n, jw_aircraft_count(t));
    cr_expect_eq(n, 64u);
    jw_aircraft_table_close(t);
}

Test(aircraft, parity_address_needs_crc_sighting)
{
    jw_aircraft_table *t;
    jw_aircraft_table_open(NULL, &t);
    jw_msg p = msg_at(0x4243D0, 1);
    p.df = 20;
    p.addr_src = JW_ADDR_PARITY;
    cr_expect_eq(jw_aircraft_update(t, &p, NULL), JW_ENOTFOUND);
    cr_expect_eq(jw_aircraft_count(t), 0u);
    jw_msg c = msg_at(0x4243D0, 2);
    cr_expect_eq(jw_aircraft_update(t, &c, NULL), JW_OK);
    p.time = 3;
    cr_expect_eq(jw_aircraft_update(t, &p, NULL), JW_OK);
    jw_aircraft_stats st;
    jw_aircraft_stats_get(t, &st);
    cr_expect_eq(st.parity_dropped, 1u);
    jw_aircraft_table_close(t);
}

Test(aircraft, global_pair_from_real_frames)
{
    /* pyModeS/rs1090 vector: odd newer -> 49.81755, 6.08442. */
    jw_aircraft_table *t;
    jw_aircraft_table_open(NULL, &t);
    jw_msg e = decode_hex("8D40058B58C901375147EFD09357", 100.0);
    jw_msg o = decode_hex("8D40058B58C904A87F402D3B8C59", 101.0);
    jw_aircraft_update(t, &e, NULL);
    cr_expect(!JW_HAS(&e, JW_F_POS), "one half alone has no position");
    const jw_aircraft *a;
    jw_aircraft_update(t, &o, &a);
    cr_assert(JW_HAS(&o, JW_F_POS));
    cr_expect_float_eq(o.lat, 49.81755, 1e-5);
    cr_expect_float_eq(o.lon, 6.08442, 1e-5);
    cr_expect(JW_HAS(&o, JW_F_NIC));
    cr_expect_eq(a->addr, 0x40058Bu);
    cr_expect(a->pos_valid);
    jw_aircraft_table_close(t);
}

Test(aircraft, pair_too_far_apart_in_time_is_not_paired)
{
    jw_aircraft_table *t;
    jw_aircraft_table_open(NULL, &t);
    jw_msg e = decode_hex("8D40058B58C901375147EFD09357", 100.0);
    jw_msg o = decode_hex("8D40058B58C904A87F402D3B8C59", 111.0);
    jw_aircraft_update(t, &e, NULL);
    jw_aircraft_update(t, &o, NULL);
    cr_expect(!JW_HAS(&o, JW_F_POS), "11 s apart: no global decode");
    jw_aircraft_table_close(t);
}

Test(aircraft, local_decode_against_receiver)
{
    jw_aircraft_config cfg = {.has_receiver = true, .rx_lat = 49.0, .rx_lon = 6.0};
    jw_aircraft_table *t;
    jw_aircraft_table_open(&cfg, &t);
    jw_msg e = decode_hex("8D40058B58C901375147EFD09357", 100.0);
    jw_aircraft_update(t, &e, NULL);
    cr_assert(JW_HAS(&e, JW_F_POS));
    cr_expect_float_eq(e.lat, 49.82410, 1e-3);
    cr_expect_float_eq(e.lon, 6.06785, 1e-3);
    jw_aircraft_table_close(t);
}

/* Feeds one position-like "good fix" by hand through the classifier. */
Test(aircraft, gnss_classifier_hysteresis)
{
    jw_aircraft_config cfg = {.has_receiver = true, .rx_lat = 49.0, .rx_lon = 6.0};
    jw_aircraft_table *t;
    jw_aircraft_table_open(&cfg, &t);
    const jw_aircraft *a;
    jw_msg v = decode_hex("8D485020994409940838175B284F", 0.0); /* velocity, 159 kt */
    v.addr = 0x40058B;
    jw_aircraft_update(t, &v, &a);
    jw_msg ver = msg_at(0x40058B, 0.1); /* a version 2 transponder with NACp 9 */
    ver.tc = 31;
    ver.version = 2;
    ver.nacp = 9;
    JW_SET(&ver, JW_F_VERSION);
    JW_SET(&ver, JW_F_NACP);
    jw_aircraft_update(t, &ver, &a);
    jw_msg e = decode_hex("8D40058B58C901375147EFD09357", 1.0);
    jw_aircraft_update(t, &e, &a);
    cr_assert(JW_HAS(&e, JW_F_POS));
    cr_expect_eq(a->gnss, JW_GNSS_OK);
    /* Within 10 s of the good fix nothing counts. */
    for (double s = 1.5; s < 10.5; s += 0.5) {
        v.time = s;
        jw_aircraft_update(t, &v, &a);
    }
    cr_expect_eq(a->gnss_counter, 0);
    /* Then 16 messages without a fix: not yet bad; the 17th flags it. */
    double s = 11;
    for (int i = 0; i < 16; i++, s += 0.5) {
        v.time = s;
        jw_aircraft_update(t, &v, &a);
    }
    cr_expect_eq(a->gnss, JW_GNSS_OK);
    v.time = s;
    jw_aircraft_update(t, &v, &a);
    cr_expect_eq(a->gnss, JW_GNSS_BAD);
    /* It saturates at 20 ... */
    for (int i = 0; i < 50; i++) {
        v.time = s += 0.5;
        jw_aircraft_update(t, &v, &a);
    }
    cr_expect_eq(a->gnss_counter, 20);
    /* ... and past 15 minutes without a good fix it stops rising. */
    jw_aircraft_table_close(t);
}
