/*
 * test_locate_multi.c - several sources per event (jw_locate_jammers):
 * synthetic events made with the simulator's physics (jw_jam_effect, powers
 * of the jammers that are on added as the simulator adds them), targets
 * uniform within 500 km at ship, climb and cruise altitudes, receivers'
 * tolerance 30 +- 3 dB, 2 % of labels flipped. Checks that two separate
 * jammers are both found, that jammers switching on and off at different
 * times are told apart with their on-spans, that a jammer's on-span ends
 * where it stopped when nobody near it is seen later, that two nested
 * jammers seen from one side are both found, that a single jammer is not
 * split, and the degenerate inputs.
 */
#include "jamwatch/geo.h"
#include "jamwatch/locate.h"
#include "jamwatch/sim_physics.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

/* One jammer: place, height, power, on during [t_on, t_off). */
typedef struct jam {
    double lat, lon, height_m, eirp_w, t_on, t_off;
} jam;

/* Labels n targets uniform within 500 km of (clat, clon) at times uniform
 * in [0, t_max): lost when the jammers on at that time, powers added, bring
 * J/S over the receiver's tolerance. */
static void make_obs(uint64_t *s, const jam *j, int nj, double clat, double clon, double t_max,
                     jw_locate_obs *o, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        jw_geo_destination_km(clat, clon, 360 * tu_rand(s), 500 * sqrt(tu_rand(s)), &o[i].lat,
                              &o[i].lon);
        double k = tu_rand(s);
        o[i].alt_m = k < 0.1 ? 10 : k < 0.65 ? 9000 + 3000 * tu_rand(s) : 300 + 8700 * tu_rand(s);
        o[i].time = t_max * tu_rand(s);
        double tol = 30 + 3 * tu_rand_normal(s), sum = 0;
        for (int q = 0; q < nj; q++) {
            if (o[i].time < j[q].t_on || o[i].time >= j[q].t_off)
                continue;
            jw_jam_model m = {j[q].eirp_w, j[q].height_m, tol, 0, 0};
            double margin, d = jw_geo_distance_km(j[q].lat, j[q].lon, o[i].lat, o[i].lon);
            if (jw_jam_effect(&m, d, o[i].alt_m, &margin) == JW_JAM_NONE && margin < -100)
                continue;
            sum += pow(10.0, margin / 10.0);
        }
        int aff = sum >= 1.0;
        if (tu_rand(s) < 0.02)
            aff = !aff;
        o[i].affected = (uint8_t)aff;
        o[i].weight = 1;
    }
}

/* Distance from jammer q to the nearest estimate. */
static double nearest(const jw_locate_sources *r, const jam *q)
{
    double best = INFINITY;
    for (int k = 0; k < r->k; k++)
        best = fmin(best, jw_geo_distance_km(q->lat, q->lon, r->src[k].lat, r->src[k].lon));
    return best;
}

#define NOBS 3000

Test(locate_multi, two_separate_jammers_both_found)
{
    static jw_locate_obs o[NOBS];
    uint64_t s = 11;
    jam j[2] = {{50.0, 10.0, 50, 20, 0, 1e9}, {50.2, 13.5, 30, 10, 0, 1e9}}; /* 250 km apart */
    make_obs(&s, j, 2, 50.1, 11.75, 3600, o, NOBS);
    jw_locate_sources r;
    cr_assert_eq(jw_locate_jammers(o, NOBS, NULL, 3, &r), JW_OK);
    cr_assert_eq(r.k, 2, "k = %d", r.k);
    /* The weaker one (10 W) is found within 15 km (12.6 measured). */
    for (int q = 0; q < 2; q++)
        cr_expect_leq(nearest(&r, &j[q]), 15.0, "jammer %d: %.1f km", q, nearest(&r, &j[q]));
    for (int k = 0; k < r.k; k++) {
        cr_expect_eq(r.src[k].source, k);
        cr_expect_eq(r.src[k].n_sources, 2);
        cr_expect(r.src[k].err_major_km >= r.src[k].err_minor_km && r.src[k].err_minor_km > 0);
    }
    cr_expect(r.nll[1] < r.nll[0], "two sources explain better: %g vs %g", r.nll[1], r.nll[0]);
}

Test(locate_multi, on_off_jammers_told_apart_in_time)
{
    static jw_locate_obs o[NOBS];
    uint64_t s = 23;
    /* 130 km apart, A on for the first 40 min, B from minute 20 to the end. */
    jam j[2] = {{37.9, 126.0, 60, 30, 0, 2400}, {37.6, 127.4, 60, 30, 1200, 1e9}};
    make_obs(&s, j, 2, 37.75, 126.7, 3600, o, NOBS);
    jw_locate_sources r;
    cr_assert_eq(jw_locate_jammers(o, NOBS, NULL, 3, &r), JW_OK);
    cr_assert_eq(r.k, 2, "k = %d", r.k);
    for (int q = 0; q < 2; q++)
        cr_expect_leq(nearest(&r, &j[q]), 10.0, "jammer %d: %.1f km", q, nearest(&r, &j[q]));
    for (int k = 0; k < r.k; k++) {
        int a = jw_geo_distance_km(j[0].lat, j[0].lon, r.src[k].lat, r.src[k].lon) < 30;
        if (a)
            cr_expect(r.src[k].t_from < 300 && r.src[k].t_to <= 2400 + 300 &&
                          r.src[k].t_to >= 2400 - 300,
                      "A on %g..%g", r.src[k].t_from, r.src[k].t_to);
        else
            cr_expect(r.src[k].t_from >= 1200 - 300 && r.src[k].t_from <= 1200 + 300 &&
                          r.src[k].t_to > 3300,
                      "B on %g..%g", r.src[k].t_from, r.src[k].t_to);
    }
}

/* A jammer that stops while the event goes on elsewhere, with nobody
 * within its reach afterwards (baltic seed 1's ship: the event's last
 * observations were all near Kaliningrad): its on-span ends where it
 * stopped, not where the event did. Before the span kept only slots whose
 * observations are likelier with it on (locate_multi.c, on_span), slots it
 * was on in by a tie stretched B's span to 2,700 s. */
Test(locate_multi, on_span_ends_where_the_observations_say)
{
    static jw_locate_obs o[NOBS];
    uint64_t s = 11;
    jam j[2] = {{50.0, 10.0, 50, 20, 0, 1e9}, {50.2, 13.5, 30, 10, 0, 1800}}; /* 250 km apart */
    size_t n1 = 2 * NOBS / 3, n = n1;
    make_obs(&s, j, 2, 50.1, 11.75, 2400, o, n1); /* both seen for 40 minutes */
    /* then only A's surroundings, over 350 km from B (B off: its schedule
     * shifted out of the labels' time, 0..1200 s, then moved to 2400..3600) */
    jam late[2] = {j[0], {50.2, 13.5, 30, 10, -1e9, -1e8}};
    make_obs(&s, late, 2, 50.0, 10.0, 1200, o + n1, NOBS - n1);
    for (size_t i = n1; i < NOBS; i++)
        if (jw_geo_distance_km(j[1].lat, j[1].lon, o[i].lat, o[i].lon) > 350)
            o[n] = o[i], o[n++].time += 2400;
    jw_locate_sources r;
    cr_assert_eq(jw_locate_jammers(o, n, NULL, 3, &r), JW_OK);
    cr_assert_eq(r.k, 2, "k = %d", r.k);
    for (int k = 0; k < r.k; k++) {
        int b = jw_geo_distance_km(j[1].lat, j[1].lon, r.src[k].lat, r.src[k].lon) < 30;
        if (b)
            cr_expect(r.src[k].t_from < 300 && r.src[k].t_to <= 1800 + 300,
                      "B on %g..%g (stopped at 1800)", r.src[k].t_from, r.src[k].t_to);
        else
            cr_expect(r.src[k].t_to > 3300, "A on %g..%g", r.src[k].t_from, r.src[k].t_to);
    }
}

/* Two jammers whose areas nest (korea's: the weaker 74 km from the stronger,
 * its area almost inside the other's), on different schedules, targets only
 * south of both (as korea's traffic): the first two-source fit ends in a
 * poorer optimum whose second source does not pay (K = 1, 219 km off, though
 * two sources gain 255 nats), and the thorough second search
 * (locate_multi.c, search) finds both (3 and 11 km). Other seeds of this
 * case place the weaker one 42-61 km off: one-sided labels of a nested
 * area say little about it (docs/locate.md). */
Test(locate_multi, nested_jammers_on_one_side_both_found)
{
    static jw_locate_obs o[NOBS];
    uint64_t s = 2;
    jam j[2] = {{38.04, 125.71, 100, 50, 600, 2400}, {37.97, 126.55, 60, 20, 1200, 3000}};
    make_obs(&s, j, 2, 37.0, 126.2, 3600, o, NOBS);
    size_t m = 0;
    for (size_t i = 0; i < NOBS; i++)
        if (o[i].lat < 37.9)
            o[m++] = o[i];
    jw_locate_sources r;
    cr_assert_eq(jw_locate_jammers(o, m, NULL, 3, &r), JW_OK);
    cr_expect_eq(r.k, 2, "k = %d (nll %g %g)", r.k, r.nll[0], r.nll[1]);
    for (int q = 0; q < 2; q++)
        cr_expect_leq(nearest(&r, &j[q]), 20.0, "jammer %d: %.1f km", q, nearest(&r, &j[q]));
}

Test(locate_multi, single_jammer_not_split)
{
    static jw_locate_obs o[NOBS];
    uint64_t s = 5;
    for (int e = 0; e < 4; e++) {
        double clat = -50 + 100 * tu_rand(&s), clon = -180 + 360 * tu_rand(&s);
        jam j = {0, 0, 10 + 90 * tu_rand(&s), pow(10, 1 + 2 * tu_rand(&s)), 0, 1e9};
        jw_geo_destination_km(clat, clon, 360 * tu_rand(&s), 100 * tu_rand(&s), &j.lat, &j.lon);
        make_obs(&s, &j, 1, clat, clon, 3600, o, NOBS);
        jw_locate_sources r;
        cr_assert_eq(jw_locate_jammers(o, NOBS, NULL, 3, &r), JW_OK);
        cr_expect_eq(r.k, 1, "event %d: split into %d", e, r.k);
        cr_expect_leq(nearest(&r, &j), 10.0, "event %d: %.1f km", e, nearest(&r, &j));
    }
}

/* The explained share tells a located source from labels no source makes:
 * one jammer's event (100 W: its footprint holds most affected labels; the
 * 2 % flipped labels outside it count as unexplained) is explained (> 0.8),
 * while affected labels scattered
 * at random over 500 km (2 % of targets: faults, other causes; levant
 * seed 2's jamming event was of this kind) are not (< 0.5), whatever small
 * source the fit settles on. */
Test(locate_multi, explained_share_tells_a_source_from_scattered_labels)
{
    static jw_locate_obs o[NOBS];
    uint64_t s = 31;
    jam j = {45.0, 30.0, 100, 100, 0, 1e9};
    make_obs(&s, &j, 1, 45.1, 30.2, 3600, o, NOBS);
    jw_locate_sources r;
    cr_assert_eq(jw_locate_jammers(o, NOBS, NULL, 3, &r), JW_OK);
    cr_expect_gt(r.explained, 0.8, "one jammer: explained %.2f", r.explained);
    for (int e = 0; e < 3; e++) {
        make_obs(&s, &j, 0, 45.1, 30.2, 3600, o, NOBS); /* no jammer: 2 % flipped labels */
        cr_assert_eq(jw_locate_jammers(o, NOBS, NULL, 3, &r), JW_OK);
        cr_expect_lt(r.explained, 0.5, "scattered %d: explained %.2f", e, r.explained);
    }
}

Test(locate_multi, degenerate_inputs)
{
    jw_locate_obs o[4] = {{50, 10, 10000, 0, 1, 1, 0, 0}, {50.1, 10, 10000, 0, 1, 1, 0, 0}};
    jw_locate_sources r;
    cr_expect_eq(jw_locate_jammers(NULL, 4, NULL, 2, &r), JW_EINVAL);
    cr_expect_eq(jw_locate_jammers(o, 4, NULL, 2, NULL), JW_EINVAL);
    cr_expect_eq(jw_locate_jammers(o, 2, NULL, 2, &r), JW_EINVAL);
    cr_expect_eq(jw_locate_jammers(o, 4, NULL, 2, &r), JW_EINVAL); /* none unaffected */
    cr_expect_eq(jw_locate_spoofers(o, 4, NULL, 2, &r), JW_EINVAL);
}
