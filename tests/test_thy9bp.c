/*
 * test_thy9bp.c - real data: THY9BP on 2024-09-17 as OpenSky state vectors
 * (one per second). From about 09:25 to 09:58 UTC it reports positions near
 * 49.7N 23.9E at FL380 and 50-68 kt, jumps 30 km at 09:39 and 563 km at
 * 09:58 to where it really was; before that, 09:06-09:24, every field is
 * frozen. Expected: one spoofing incident with those times, the frozen stretch
 * as a gap, nothing else. Skips visibly without the data.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/air_evidence.h"
#include "jamwatch/analysis.h"
#include "jamwatch/geo.h"
#include "jamwatch/opensky.h"
#include "testutil.h"

typedef struct thy {
    jw_evidence spoof[4096]; /* spoofing records */
    int nspoof;
    double gap_since, gap_until; /* the longest gap */
    jw_analysis *eng;            /* the engine, for the incidents */
    jw_target_row rows[64];      /* incidents */
    int nrows;
} thy;

static void on_row(void *u, const jw_target_row *r)
{
    thy *t = u;
    if (t->nrows < 64)
        t->rows[t->nrows++] = *r;
}

static void on_ev(void *u, const jw_evidence *ev)
{
    thy *t = u;
    if (JW_EV_IS_SPOOF(ev->kind) && t->nspoof < 4096)
        t->spoof[t->nspoof++] = *ev;
    if (ev->kind == JW_EV_GAP && ev->time - ev->since > t->gap_until - t->gap_since)
        t->gap_since = ev->since, t->gap_until = ev->time;
    cr_assert_eq(jw_analysis_add(t->eng, ev), JW_OK);
}

Test(thy9bp, spoofing_episode_gap_and_nothing_else)
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
    jw_analysis_config ac;
    jw_analysis_defaults(&ac);
    ac.locate = false;
    jw_products_sink sink = {.target = on_row, .user = &t};
    cr_assert_eq(jw_analysis_open(&ac, &sink, &t.eng), JW_OK);
    char buf[2048];
    while (fgets(buf, sizeof buf, f)) {
        jw_msg m;
        bool has;
        size_t n = strcspn(buf, "\n");
        if (jw_opensky_line(r, buf, n, &m, &has) == JW_OK && has)
            jw_air_evidence_feed(g, &m, NULL);
    }
    jw_air_evidence_finish(g);
    cr_assert_eq(jw_analysis_finish(t.eng), JW_OK);
    fclose(f);
    const double day = 1726531200; /* 2024-09-17 00:00 UTC */
    /* the incidents: one spoofing episode 09:2x-09:58 ending 500+ km from the
     * fake position, the long gap before it, nothing else but gaps */
    int spoofs = 0, long_gaps = 0;
    for (int i = 0; i < t.nrows; i++) {
        const jw_target_row *x = &t.rows[i];
        if (JW_EV_IS_SPOOF(x->kind)) {
            spoofs++;
            cr_expect(x->start >= day + 9 * 3600 + 20 * 60 && x->start <= day + 9 * 3600 + 27 * 60,
                      "spoofing from %.0f", x->start - day);
            cr_expect(fabs(x->end - (day + 9 * 3600 + 58 * 60)) < 180, "to %.0f", x->end - day);
            cr_expect_gt(
                jw_geo_distance_km(x->fake_lat, x->fake_lon, x->first_good_lat, x->first_good_lon),
                500, "it really was 563 km away");
            cr_expect_lt(x->last_good_lat, 48, "last good fix before the episode");
        } else {
            cr_expect_eq(x->kind, JW_EV_GAP, "only gaps besides: %s",
                         jw_evidence_kind_name((jw_evidence_kind)x->kind));
            long_gaps += x->end - x->start > 15 * 60;
        }
    }
    cr_expect_eq(spoofs, 1);
    cr_expect_eq(long_gaps, 1, "the 18-minute gap");
    jw_analysis_close(t.eng);
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
