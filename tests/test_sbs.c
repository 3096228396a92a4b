/* test_sbs.c - the SBS reader on what readsb 3.14 and dump1090-mutability
 * 1.15 printed on port 30003 for sample_data_adsb.csv (shared data
 * modes/peers/): every line parses, and every field matches an independent
 * parse of the same line (strsep, strtol, timegm). Record types, squawk,
 * flags and malformed lines by hand. */
#define _XOPEN_SOURCE 700 /* strptime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feedutil.h"
#include "testutil.h"

static const jw_feed_config sbs_cfg = {JW_FMT_SBS, JW_TS_12MHZ, 0, false};

/* The expected message for one line, computed without the reader's code. */
static void expect_line(char *line, const jw_msg *m)
{
    char *f[22], *p = line;
    for (int i = 0; i < 22; i++)
        f[i] = strsep(&p, ",");
    cr_assert(f[21] != NULL);
    int type = (int)strtol(f[1], NULL, 10);
    static const int df_of_type[9] = {0, 17, 17, 17, 17, 4, 5, 16, 11};
    cr_assert_eq(m->df, df_of_type[type]);
    cr_assert_eq(m->addr, (uint32_t)strtoul(f[4], NULL, 16));
    struct tm tm = {0};
    char *end = strptime(f[6], "%Y/%m/%d", &tm);
    cr_assert(end && !*end);
    end = strptime(f[7], "%H:%M:%S", &tm);
    cr_assert(end && *end == '.');
    double want = (double)timegm(&tm) + strtod(end, NULL);
    cr_assert_float_eq(m->time, want, 1e-6, "time %.3f vs %.3f", m->time, want);
    char cs[9] = {0};
    size_t n = strlen(f[10]);
    while (n && f[10][n - 1] == ' ')
        n--;
    memcpy(cs, f[10], n);
    cr_assert_eq(JW_HAS(m, JW_F_CALLSIGN), n > 0);
    if (n)
        cr_assert_str_eq(m->callsign, cs);
    cr_assert_eq(JW_HAS(m, JW_F_ALT_BARO), *f[11] != 0);
    if (*f[11])
        cr_assert_eq(m->alt_baro, strtol(f[11], NULL, 10));
    cr_assert_eq(JW_HAS(m, JW_F_GS), *f[12] != 0);
    if (*f[12])
        cr_assert_float_eq(jw_velocity_gs(&m->vel), strtod(f[12], NULL), 1e-9);
    if (*f[13])
        cr_assert_float_eq(jw_velocity_track(&m->vel), strtod(f[13], NULL), 1e-9);
    cr_assert_eq(JW_HAS(m, JW_F_POS), *f[14] != 0);
    if (*f[14]) {
        cr_assert_float_eq(m->lat, strtod(f[14], NULL), 1e-9);
        cr_assert_float_eq(m->lon, strtod(f[15], NULL), 1e-9);
    }
    cr_assert_eq(JW_HAS(m, JW_F_VRATE), *f[16] != 0);
    if (*f[16])
        cr_assert_eq(m->vrate, strtol(f[16], NULL, 10));
    cr_assert_eq(JW_HAS(m, JW_F_AIRGROUND), *f[21] != 0);
    if (*f[21])
        cr_assert_eq(m->airground, strcmp(f[21], "0") ? JW_AG_GROUND : JW_AG_AIRBORNE);
}

static void peer_file(const char *rel)
{
    TU_DATA_OR_SKIP(path, rel);
    size_t len;
    char *text = tu_read_file(path, &len);
    cr_assert(text);
    fu_collect c;
    jw_feed_stats st;
    size_t chunk = 1000;
    cr_assert_eq(fu_run(&sbs_cfg, (const uint8_t *)text, len, &chunk, 1, &c, &st), JW_OK);
    cr_assert_eq(st.bad_lines, 0);
    cr_assert_eq(st.too_long_lines, 0);
    cr_assert_eq(st.sbs_msgs, 2000);
    cr_assert_eq(c.nmsgs, 2000);
    size_t i = 0, callsigns = 0, positions = 0, velocities = 0;
    for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n"), i++) {
        cr_assert_lt(i, c.nmsgs);
        expect_line(line, &c.msgs[i]);
        callsigns += JW_HAS(&c.msgs[i], JW_F_CALLSIGN);
        positions += JW_HAS(&c.msgs[i], JW_F_POS);
        velocities += JW_HAS(&c.msgs[i], JW_F_GS);
    }
    cr_assert_eq(i, 2000);
    cr_expect_eq(callsigns, 98); /* MSG,1 lines: the TC4 messages of the sample */
    cr_expect_gt(positions, 800);
    cr_expect_eq(velocities, 965); /* MSG,4: the TC19 messages */
    cr_expect_str_eq(c.msgs[7].callsign, "EZY85MH");
    fu_collect_free(&c);
    free(text);
    free(path);
}

Test(sbs, readsb_peer_output_parses_completely)
{
    peer_file("modes/peers/readsb_sbs_adsb2k.txt");
}

Test(sbs, dump1090_peer_output_parses_completely)
{
    peer_file("modes/peers/d1090m_sbs_adsb2k.txt");
}

Test(sbs, squawk_flags_types_and_bad_lines)
{
    const char *text =
        "MSG,6,1,1,4CA2D6,1,2026/11/23,23:59:59.999,,,,,,,,,,7700,-1,-1,0,-1\r\n"
        "MSG,8,1,1,~A1B2C3,1,,,2026/11/23,00:00:00,,,,,,,,,,,,\n"
        "MSG,2,1,1,400001,1,,,,,,,12.5,90.0,-33.5,151.25,,,,,,1\n"
        "SEL,,496,2286,4CA4E5,27215,2010/02/19,18:06:07.710,2010/02/19,18:06:07.710,RYR1427\n"
        "ID,,496,7162,405637,27928,2010/02/19,18:06:07.115,2010/02/19,18:06:07.115,EZY691A\n"
        "AIR,,496,5906,400705,27866,2010/02/19,18:06:07.115,2010/02/19,18:06:07.115\n"
        "STA,,5,179,400AE7,10103,2008/11/28,14:58:51.153,2008/11/28,14:58:51.153,RM\n"
        "CLK,,496,,,,2010/02/19,18:18:19.036,2010/02/19,18:18:19.036\n"
        "MSG,9,1,1,4CA2D6,1,,,,,,,,,,,,,,,,\n"             /* no such type */
        "MSG,3,1,1,4CA2D6,1,,,,,\n"                        /* too few fields */
        "MSG,3,1,1,XYZ,1,,,,,,,,,,,,,,,,\n"                /* bad address */
        "MSG,6,1,1,4CA2D6,1,,,,,,,,,,,,7800,,,,\n"         /* squawk not octal */
        "MSG,3,1,1,4CA2D6,1,,,,,,3000,,,95.0,10.0,,,,,,\n" /* latitude out of range */
        "MSG,3,1,1,4CA2D6,1,,,,,,3000,,,45.0,,,,,,,\n"     /* latitude without longitude */
        "HELLO,world\n";
    fu_collect c;
    jw_feed_stats st;
    cr_assert_eq(fu_run(&sbs_cfg, (const uint8_t *)text, strlen(text), NULL, 0, &c, &st), JW_OK);
    cr_assert_eq(st.sbs_msgs, 3);
    cr_assert_eq(st.sbs_other, 5);
    cr_assert_eq(st.bad_lines, 7);
    const jw_msg *m = &c.msgs[0];
    cr_expect_eq(m->df, 5);
    cr_expect_eq(m->squawk, 0x7700);
    cr_expect(JW_HAS(m, JW_F_SQUAWK));
    cr_expect_eq(m->emergency, 1);
    cr_expect_eq(m->airground, JW_AG_GROUND);
    struct tm tm = {
        .tm_year = 126, .tm_mon = 10, .tm_mday = 23, .tm_hour = 23, .tm_min = 59, .tm_sec = 59};
    cr_expect_float_eq(m->time, (double)timegm(&tm) + 0.999, 1e-6);
    m = &c.msgs[1]; /* generated time empty: the logged one */
    cr_expect_eq(m->df, 11);
    cr_expect_eq(m->non_icao, 1);
    cr_expect_eq(m->addr, 0xA1B2C3);
    cr_expect_float_eq(m->time, (double)timegm(&tm) - 86399, 1e-6);
    m = &c.msgs[2]; /* no time at all: arrival */
    cr_expect_float_eq(m->time, 1000.0, 1e-9);
    cr_expect(JW_HAS(m, JW_F_POS));
    cr_expect_float_eq(m->lat, -33.5, 1e-12);
    cr_expect_float_eq(m->lon, 151.25, 1e-12);
    cr_expect_float_eq(jw_velocity_gs(&m->vel), 12.5, 1e-12);
    cr_expect_eq(m->airground, JW_AG_GROUND);
    cr_expect(!JW_HAS(m, JW_F_ALT_BARO));
    fu_collect_free(&c);
}

Test(sbs, a_date_out_of_range_is_no_time)
{
    /* Year 0000 is no date (the calendar helper takes 1-9999): the logged
     * date stands in for the generated one, as for an empty one. */
    const char *text = "MSG,8,1,1,A1B2C4,1,0000/01/01,00:00:00,2026/11/23,00:00:01,,,,,,,,,,,,\n";
    fu_collect c;
    jw_feed_stats st;
    cr_assert_eq(fu_run(&sbs_cfg, (const uint8_t *)text, strlen(text), NULL, 0, &c, &st), JW_OK);
    cr_assert_eq(st.sbs_msgs, 1);
    struct tm tm = {.tm_year = 126, .tm_mon = 10, .tm_mday = 23, .tm_sec = 1};
    cr_expect_float_eq(c.msgs[0].time, (double)timegm(&tm), 1e-6);
    fu_collect_free(&c);
}
