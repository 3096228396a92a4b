/*
 * test_opensky.c - the OpenSky state-vector reader: units, stale positions,
 * frozen rows, malformed rows; and the real THY9BP recording of 2024-09-17
 * (a spoofing episode from about 09:25 to 09:58 UTC after an 18-minute gap).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/air_evidence.h"
#include "jamwatch/opensky.h"
#include "testutil.h"

static jw_err line(jw_opensky *r, const char *s, jw_msg *m, bool *has)
{
    return jw_opensky_line(r, s, strlen(s), m, has);
}

Test(opensky, row_units_and_frozen_rows)
{
    jw_opensky *r;
    cr_assert_eq(jw_opensky_open(&r), JW_OK);
    jw_msg m;
    bool has;
    const char *hdr = "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,"
                      "spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact";
    cr_assert_eq(line(r, hdr, &m, &has), JW_OK);
    cr_assert(!has);
    const char *row = "1726560266,4baac6,41.379684,28.767639,119.865,334.093,6.177,THY9BP,False,"
                      "False,False,,1272.54,,1726560263.061,";
    cr_assert_eq(line(r, row, &m, &has), JW_OK);
    cr_assert(has);
    cr_assert_eq(m.addr, 0x4baac6);
    cr_assert(JW_HAS(&m, JW_F_POS));
    cr_assert_float_eq(m.gs, 119.865 / 0.514444, 1e-6);
    cr_assert_eq(m.alt_baro, 4175); /* 1272.54 m */
    cr_assert_str_eq(m.callsign, "THY9BP");
    /* the same values with new timestamps: frozen, no message */
    const char *frozen = "1726560267,4baac6,41.379684,28.767639,119.865,334.093,6.177,THY9BP,"
                         "False,False,False,,1272.54,,1726560263.061,";
    cr_assert_eq(line(r, frozen, &m, &has), JW_OK);
    cr_assert(!has);
    /* a stale position is left out */
    const char *stale = "1726560300,4baac6,41.4,28.7,120,334,0,THY9BP,False,False,False,,1300,,"
                        "1726560263.061,";
    cr_assert_eq(line(r, stale, &m, &has), JW_OK);
    cr_assert(has && !JW_HAS(&m, JW_F_POS));
    cr_assert_eq(line(r, "1,2,3", &m, &has), JW_EPARSE);
    cr_assert_eq(line(r, "x,4baac6,1,2,3,4,5,A,False,False,False,,1,,1,", &m, &has), JW_EPARSE);
    jw_opensky_close(r);
}

typedef struct thy {
    jw_evidence spoof[4096]; /* spoofing records */
    int nspoof;
    double gap_since, gap_until; /* the longest gap */
} thy;

static void on_ev(void *u, const jw_evidence *ev)
{
    thy *t = u;
    if (JW_EV_IS_SPOOF(ev->kind) && t->nspoof < 4096)
        t->spoof[t->nspoof++] = *ev;
    if (ev->kind == JW_EV_GAP && ev->time - ev->since > t->gap_until - t->gap_since)
        t->gap_since = ev->since, t->gap_until = ev->time;
}

Test(opensky, thy9bp_spoofing_episode)
{
    TU_DATA_OR_SKIP(path, "jam/thy9bp_2024-09-17_states.csv");
    FILE *f = fopen(path, "r");
    free(path);
    cr_assert(f);
    jw_opensky *r;
    jw_air_evidence *g;
    static thy t;
    memset(&t, 0, sizeof t);
    cr_assert_eq(jw_opensky_open(&r), JW_OK);
    cr_assert_eq(jw_air_evidence_open(NULL, on_ev, &t, &g), JW_OK);
    char buf[2048];
    while (fgets(buf, sizeof buf, f)) {
        jw_msg m;
        bool has;
        size_t n = strcspn(buf, "\n");
        if (jw_opensky_line(r, buf, n, &m, &has) == JW_OK && has)
            jw_air_evidence_feed(g, &m, NULL);
    }
    jw_air_evidence_finish(g);
    fclose(f);
    const double day = 1726531200; /* 2024-09-17 00:00 UTC */
    /* the gap: 09:06 to about 09:24 */
    cr_assert(fabs(t.gap_since - (day + 9 * 3600 + 6 * 60)) < 120, "gap from %.0f",
              t.gap_since - day);
    cr_assert(fabs(t.gap_until - (day + 9 * 3600 + 24 * 60)) < 180, "gap to %.0f",
              t.gap_until - day);
    cr_assert_gt(t.nspoof, 0, "no spoofing found");
    double first = INFINITY, last = -INFINITY;
    for (int i = 0; i < t.nspoof; i++) {
        first = fmin(first, t.spoof[i].since);
        last = fmax(last, t.spoof[i].time);
        /* every spoofing record is about the episode, nothing else of the flight */
        cr_assert(t.spoof[i].since >= day + 9 * 3600 + 20 * 60, "spoofing at %.0f",
                  t.spoof[i].since - day);
        cr_assert(t.spoof[i].time <= day + 10 * 3600 + 5 * 60, "spoofing at %.0f",
                  t.spoof[i].time - day);
        cr_assert(fabs(t.spoof[i].fake_lat - 49.7) < 0.3 && fabs(t.spoof[i].fake_lon - 23.9) < 0.5);
    }
    cr_assert(first <= day + 9 * 3600 + 27 * 60, "onset %.0f s of day", first - day);
    cr_assert(last >= day + 9 * 3600 + 45 * 60, "last %.0f s of day", last - day);
    jw_air_evidence_close(g);
    jw_opensky_close(r);
}
