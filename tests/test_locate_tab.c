/*
 * test_locate_tab.c - the locator's fast likelihood (locate_internal.h):
 * the label cost table against the exact cost over random logits and
 * floors, the power ratio's logit against the former pow() form, and
 * loc_nll with the table against loc_nll without it on random problems
 * (jammer alone, jammer with a held background and activity slots,
 * spoofer), so the fast path is the same likelihood; the on-list of
 * off-slot costs against the full sum, and its generation check.
 */
#include "locate_internal.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

Test(locate_tab, table_matches_exact_cost)
{
    uint64_t s = 7;
    loc_tab *t = malloc(sizeof *t);
    cr_assert(t);
    double worst = 0;
    for (int k = 0; k < 40; k++) {
        double fl = exp(log(1e-4) + (log(0.3) - log(1e-4)) * tu_rand(&s));
        double cm = exp(log(1e-4) + (log(0.3) - log(1e-4)) * tu_rand(&s));
        cr_assert(loc_tab_build(t, fl, cm));
        for (int i = 0; i < 20000; i++) {
            double u = -100 + 200 * tu_rand(&s);
            int y = i & 1;
            double e = fabs(loc_tab_cost(t, y, u) - loc_label_cost(fl, cm, y, u));
            worst = e > worst ? e : worst;
        }
    }
    cr_assert(worst < 1e-9, "worst table error %g", worst);
    /* Floors the table cannot hold are refused, and then never used. */
    cr_assert_not(loc_tab_build(t, 1e-13, 0.02));
    loc_prob p = {.floor = 1e-13, .ceil_miss = 0.02, .tab = t};
    cr_assert_null(loc_tab_of(&p));
    free(t);
}

Test(locate_tab, ratio_logit_matches_pow_form)
{
    uint64_t s = 11;
    loc_prob p = {.s_db = 2};
    for (int i = 0; i < 100000; i++) {
        double t = exp(-40 + 80 * tu_rand(&s));
        p.s_db = 0.5 + 5 * tu_rand(&s);
        double old = 1.0 / (1.0 + pow(t, -10.0 / (log(10.0) * p.s_db)));
        cr_assert(fabs(loc_ratio_q(&p, t) - old) < 1e-12, "t %g", t);
        cr_assert(fabs(1.0 / (1.0 + exp(-loc_ratio_logit(&p, t))) - old) < 1e-12);
    }
    cr_assert(loc_ratio_q(&p, 0) == 0);
}

/* A random problem around (lat0, lon0): n observations up to 700 km out. */
static void random_problem(uint64_t *s, loc_pt *pt, size_t n, loc_prob *p)
{
    memset(p, 0, sizeof *p);
    double c[3];
    loc_to_unit(50, 20, c);
    for (size_t i = 0; i < n; i++) {
        double lat = 50 + 12 * (tu_rand(s) - 0.5), lon = 20 + 18 * (tu_rand(s) - 0.5);
        double h = tu_rand(s) < 0.1 ? 10 : 12000 * tu_rand(s);
        loc_to_unit(lat, lon, pt[i].u);
        pt[i].h_km = h / 1000, pt[i].hz_km = 4.12 * sqrt(h);
        pt[i].w = 0.2 + 0.8 * tu_rand(s), pt[i].y = tu_rand(s) < 0.4;
        pt[i].slot = (int)(tu_rand(s) * 4), pt[i].t = NAN;
        pt[i].band_db = tu_rand(s) < 0.5 ? 8 : 0, pt[i].band_f = pow(10, pt[i].band_db / 10);
    }
    p->pt = pt, p->n = n, p->s_db = 2, p->s_km = 3, p->floor = 0.02, p->ceil_miss = 0.05;
    loc_frame_init(p, c);
}

Test(locate_tab, nll_with_table_matches_exact)
{
    enum { N = 1500 };
    uint64_t s = 3;
    loc_pt *pt = malloc(N * sizeof *pt);
    loc_tab *t = malloc(sizeof *t);
    double *bg = malloc(N * sizeof *bg);
    cr_assert(pt && t && bg);
    const uint8_t act[4] = {1, 0, 1, 1};
    double worst = 0;
    for (int k = 0; k < 60; k++) {
        loc_prob p;
        random_problem(&s, pt, N, &p);
        p.spoof = k % 3 == 2;
        if (k % 3 == 1) { /* a held jammer's power and this one's activity */
            for (int i = 0; i < N; i++)
                bg[i] = tu_rand(&s) < 0.3 ? 0 : exp(-8 + 10 * tu_rand(&s));
            p.bgp = bg, p.act = act;
        }
        cr_assert(loc_tab_build(t, p.floor, p.ceil_miss));
        double v[LOC_NPAR] = {300 * (tu_rand(&s) - 0.5), 300 * (tu_rand(&s) - 0.5),
                              log(20 + 400 * tu_rand(&s)), 60 * tu_rand(&s)};
        double exact = loc_nll(&p, v, p.n);
        p.tab = t;
        double fast = loc_nll(&p, v, p.n);
        worst = fmax(worst, fabs(fast - exact));
        cr_assert(fabs(fast - exact) < 1e-6, "event %d: %.12f vs %.12f", k, fast, exact);
    }
    cr_log_info("nll table vs exact: worst %.3g over 60 problems", worst);
    free(pt), free(t), free(bg);
}

/* The on-list (the off-slot observations' cost summed once) gives loc_nll's
 * full sum; once the held sources' powers change and bg_gen says so, a list
 * built before is not used (without the bump it would be: the value would
 * be stale), and a rebuilt one gives the new sum. */
Test(locate_tab, onlist_follows_background_generation)
{
    enum { N = 1200 };
    uint64_t s = 5;
    loc_pt *pt = malloc(N * sizeof *pt);
    double *bg = malloc(N * sizeof *bg);
    cr_assert(pt && bg);
    const uint8_t act[4] = {1, 0, 0, 1};
    loc_prob p;
    random_problem(&s, pt, N, &p);
    for (int i = 0; i < N; i++)
        bg[i] = exp(-8 + 10 * tu_rand(&s));
    p.bgp = bg, p.act = act;
    double v[LOC_NPAR] = {40, -30, log(250), 20};
    double full = loc_nll(&p, v, p.n);
    loc_onlist ol = {0};
    p.on = &ol;
    loc_onlist_build(&p);
    cr_assert(ol.valid && ol.n_on > 0 && ol.n_on < N);
    cr_assert(fabs(loc_nll(&p, v, p.n) - full) < 1e-6);

    for (int i = 0; i < N; i++) /* the held sources move */
        bg[i] *= 4;
    p.on = NULL;
    double moved = loc_nll(&p, v, p.n);
    p.on = &ol;
    cr_assert(fabs(loc_nll(&p, v, p.n) - moved) > 1e-3, "a stale list must differ here");
    p.bg_gen++;
    cr_assert(fabs(loc_nll(&p, v, p.n) - moved) < 1e-6, "a list of an older generation is used");
    loc_onlist_build(&p);
    cr_assert(ol.valid);
    cr_assert(fabs(loc_nll(&p, v, p.n) - moved) < 1e-6);
    loc_onlist_free(&ol);
    free(pt), free(bg);
}
