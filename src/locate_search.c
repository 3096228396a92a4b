/*
 * locate_search.c - the locator's search (locate.c's likelihood, refined
 * here): a coarse grid over position x source height scores each cell by the
 * best hard boundary (a sweep over the reach, with a memo of the per-cell
 * codes for repeated searches of one problem), the best few separated cells
 * are kept as starts, and Nelder-Mead minimises the soft likelihood from
 * them (docs/locate.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/geo.h"
#include "jamwatch/sim_physics.h"
#include "locate_internal.h"

/* What the optimiser minimises: nll over all parameters, or over the
 * nuisance ones (ln reach, a) with the position held. */
static double objective(const loc_prob *p, const double *v)
{
    if (!p->hold)
        return loc_nll(p, v, p->n);
    double w[LOC_NPAR] = {p->hx, p->hy, v[0], v[1]};
    return loc_nll(p, w, p->n);
}

/* ---- coarse grid ------------------------------------------------------- */

#define LOC_CBINS 64

/* Coarse search state: one cell's histograms per tried source height. */
typedef struct loc_hist {
    /* [0] unaffected, [1] affected weight by reach bin, within the horizon; bin
     * LOC_CBINS takes what no tried height reaches (never read) */
    double w[2][LOC_NHS][LOC_CBINS + 1];
} loc_hist;

const double loc_coarse_h_m[LOC_NHS] = {10, 60, 300, 1500};

/* log2(x) for x >= 1 to about 0.01: exponent plus a quadratic in the
 * mantissa, enough to bin reaches on the coarse grid without a libm call. */
static double coarse_log2(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    int ex = (int)((b >> 52) & 0x7ff) - 1023;
    b = (b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double m;
    memcpy(&m, &b, sizeof m); /* mantissa in [1, 2) */
    return ex + (m - 1.0) * (1.3466 - 0.3466 * (m - 1.0));
}

/* The reach bin of an observation at ground distance d (slant for jammers). */
static int reach_bin(const loc_prob *p, const loc_pt *q, double d)
{
    double r2 = p->spoof ? d * d : (d * d + q->h_km * q->h_km) / q->band_f;
    double w = log2(LOC_RMAX_KM / LOC_RMIN_KM) / LOC_CBINS;
    double b = r2 > LOC_RMIN_KM * LOC_RMIN_KM
                   ? 0.5 * coarse_log2(r2 / (LOC_RMIN_KM * LOC_RMIN_KM)) / w
                   : 0;
    return b >= LOC_CBINS - 1 ? LOC_CBINS - 1 : (int)b;
}

/* Observation q's code on the coarse grid from a cell at distance d: its
 * reach bin times 4 plus the lowest tried height whose horizon reaches it
 * (the heights increase, so every higher one does too); 255 below them all. */
static uint8_t cell_code(const loc_prob *p, const loc_pt *q, double d, const double *a, int nh)
{
    int b = reach_bin(p, q, d);
    for (int j = 0; j < nh; j++)
        if (d <= a[j] + q->hz_km)
            return (uint8_t)(b * 4 + j);
    return 255;
}

/*
 * Scores one cell: the least weighted number of mislabelled observations
 * over a hard boundary (reach bin x tried height). Fills *st's v[2], v[3].
 * codes: NULL, or every observation's cell_code here, read (fill 0) or
 * written as they are computed (fill 1).
 */
static double score_cell(const loc_prob *p, const double u[3], loc_hist *hs, loc_start *st,
                         uint8_t *codes, int fill)
{
    int nh = p->fix_a ? 1 : LOC_NHS;
    double a[LOC_NHS], a_all = 0;
    for (int j = 0; j < nh; j++)
        a[j] = p->fix_a ? p->a_fixed : jw_radio_horizon_km(loc_coarse_h_m[j], 0);
    memset(hs, 0, sizeof *hs);
    for (size_t i = 0; i < p->n; i++) {
        const loc_pt *q = &p->pt[i];
        uint8_t code = 0;
        if (fill)
            codes[i] = code = cell_code(p, q, loc_dist_inline(u, q->u), a, nh);
        /* Explained by the held sources, or this one is off: no say here. */
        if ((p->bg && p->bg[i] > 0.5) || (p->bgp && p->bgp[i] > 1) || (p->act && !p->act[q->slot]))
            continue;
        if (!fill)
            code = codes ? codes[i] : cell_code(p, q, loc_dist_inline(u, q->u), a, nh);
        a_all += q->y ? q->w : 0;
        /* Every height from the code's on (adding 0 to the others leaves
         * them as they were: no branch on the height). */
        int j0 = code == 255 ? LOC_NHS : code & 3, b = code == 255 ? LOC_CBINS : code >> 2;
        double(*h)[LOC_CBINS + 1] = hs->w[q->y != 0];
        for (int j = 0; j < LOC_NHS; j++)
            h[j][b] += j >= j0 ? q->w : 0.0;
    }
    double best = a_all + 1;
    double w = log(LOC_RMAX_KM / LOC_RMIN_KM) / LOC_CBINS;
    for (int j = 0; j < nh; j++) {
        double ca = 0, cu = 0, e = a_all; /* k = -1: nobody affected */
        int bk = -1;
        for (int k = 0; k < LOC_CBINS; k++) {
            ca += hs->w[1][j][k], cu += hs->w[0][j][k];
            if (a_all - ca + cu < e)
                e = a_all - ca + cu, bk = k;
        }
        if (e < best) {
            best = e;
            st->v[2] = log(LOC_RMIN_KM) + (bk + 1) * w;
            st->v[3] = a[j];
        }
    }
    return best;
}

/* Does p's grid memo hold the codes of the first grid (m cells either side of
 * step)? When it can, it is set up for them: *fill becomes 1. */
static uint8_t *memo_codes(const loc_prob *p, int m, double step, int *fill)
{
    loc_grid_memo *g = p->memo;
    *fill = 0;
    if (!g)
        return NULL;
    if (g->code && g->pt == p->pt && g->n == p->n && g->m == m && g->step == step &&
        g->fix_a == p->fix_a && g->a_fixed == p->a_fixed && g->spoof == p->spoof)
        return g->code;
    size_t need = (size_t)(2 * m + 1) * (size_t)(2 * m + 1) * p->n;
    if (need > LOC_MEMO_MAX)
        return NULL;
    uint8_t *c = realloc(g->code, need);
    if (!c)
        return NULL;
    *g = (loc_grid_memo){.code = c,
                         .pt = p->pt,
                         .n = p->n,
                         .m = m,
                         .step = step,
                         .fix_a = p->fix_a,
                         .a_fixed = p->a_fixed,
                         .spoof = p->spoof};
    *fill = 1;
    return c;
}

/* Scores the side x side cells of step around (x0, y0) into cells (with
 * the memo's codes, when given: the first grid). */
static void score_grid(const loc_prob *p, double x0, double y0, int m, double step,
                       loc_start *cells, loc_hist *hs, uint8_t *codes, int fill)
{
    int side = 2 * m + 1;
    for (int iy = 0; iy < side; iy++)
        for (int ix = 0; ix < side; ix++) {
            size_t k = (size_t)iy * (size_t)side + (size_t)ix;
            loc_start *c = &cells[k];
            double u[3];
            c->v[0] = x0 + (ix - m) * step, c->v[1] = y0 + (iy - m) * step;
            loc_frame_point(p, c->v[0], c->v[1], u);
            c->score = score_cell(p, u, hs, c, codes ? codes + k * p->n : NULL, fill);
        }
}

void loc_memo_free(loc_grid_memo *g)
{
    if (g)
        free(g->code), g->code = NULL;
}

/* Picks the k best of ncell cells into st, at least sep km apart; returns how many. */
static int pick_best(const loc_start *cells, size_t ncell, double sep, loc_start *st, int k)
{
    int got = 0;
    for (; got < k; got++) {
        size_t bi = ncell;
        for (size_t i = 0; i < ncell; i++) {
            int near = 0;
            for (int j = 0; j < got && !near; j++)
                near = hypot(cells[i].v[0] - st[j].v[0], cells[i].v[1] - st[j].v[1]) < sep;
            if (!near && (bi == ncell || cells[i].score < cells[bi].score))
                bi = i;
        }
        if (bi == ncell)
            break;
        st[got] = cells[bi];
    }
    return got;
}

/*
 * Grid over (x, y) in [-half, half] around the frame centre, first at twice
 * step, then at step within two coarse cells of the LOC_STARTS best (kept at
 * least 3 coarse steps and 30 km apart). The best cell of each neighbourhood
 * goes to st. Returns how many (0 on allocation failure).
 */
int loc_coarse_search(const loc_prob *p, double half, double step, loc_start *st)
{
    int m = (int)floor(half / (2 * step));
    size_t side = (size_t)(2 * m + 1), ncell = side * side;
    loc_start *cells = malloc((ncell > 25 ? ncell : 25) * sizeof *cells);
    loc_hist *hs = malloc(sizeof *hs);
    int k = 0;
    if (cells && hs) {
        int fill;
        uint8_t *codes = memo_codes(p, m, 2 * step, &fill);
        score_grid(p, 0, 0, m, 2 * step, cells, hs, codes, fill);
        k = pick_best(cells, ncell, 6 * step > 30 ? 6 * step : 30, st, LOC_STARTS);
        for (int i = 0; i < k; i++) {
            score_grid(p, st[i].v[0], st[i].v[1], 2, step, cells, hs, NULL, 0);
            pick_best(cells, 25, 0, &st[i], 1);
        }
    }
    free(cells), free(hs);
    return k;
}

/* ---- Nelder-Mead ------------------------------------------------------- */

/* Minimises nll over the first dim parameters of v from a simplex of the
 * given steps, until the simplex's values differ by less than tol or after
 * maxeval evaluations; returns the minimum. */
double loc_nelder_mead(const loc_prob *p, double *v, const double *step, int dim, int maxeval,
                       double tol)
{
    double x[LOC_NPAR + 1][LOC_NPAR], f[LOC_NPAR + 1], xr[LOC_NPAR], xe[LOC_NPAR], c[LOC_NPAR];
    for (int i = 0; i <= dim; i++) {
        memcpy(x[i], v, sizeof x[i]);
        if (i > 0)
            x[i][i - 1] += step[i - 1];
        f[i] = objective(p, x[i]);
    }
    int ev = dim + 1;
    while (ev < maxeval) {
        int lo = 0, hi = 0, nh = 0;
        for (int i = 1; i <= dim; i++) {
            if (f[i] < f[lo])
                lo = i;
            if (f[i] > f[hi])
                hi = i;
        }
        nh = hi == 0 ? 1 : 0;
        for (int i = 0; i <= dim; i++)
            if (i != hi && f[i] > f[nh])
                nh = i;
        if (f[hi] - f[lo] < tol)
            break;
        for (int k = 0; k < dim; k++) {
            c[k] = 0;
            for (int i = 0; i <= dim; i++)
                c[k] += i == hi ? 0 : x[i][k] / dim;
            xr[k] = c[k] + (c[k] - x[hi][k]);
        }
        double fr = objective(p, xr);
        ev++;
        if (fr < f[lo]) {
            for (int k = 0; k < dim; k++)
                xe[k] = c[k] + 2 * (c[k] - x[hi][k]);
            double fe = objective(p, xe);
            ev++;
            memcpy(x[hi], fe < fr ? xe : xr, sizeof x[hi]);
            f[hi] = fe < fr ? fe : fr;
        } else if (fr < f[nh]) {
            memcpy(x[hi], xr, sizeof x[hi]), f[hi] = fr;
        } else {
            for (int k = 0; k < dim; k++)
                xe[k] = c[k] + 0.5 * ((fr < f[hi] ? xr[k] : x[hi][k]) - c[k]);
            double fc = objective(p, xe);
            ev++;
            if (fc < (fr < f[hi] ? fr : f[hi])) {
                memcpy(x[hi], xe, sizeof x[hi]), f[hi] = fc;
            } else {
                for (int i = 0; i <= dim; i++) {
                    if (i == lo)
                        continue;
                    for (int k = 0; k < dim; k++)
                        x[i][k] = x[lo][k] + 0.5 * (x[i][k] - x[lo][k]);
                    f[i] = objective(p, x[i]);
                    ev++;
                }
            }
        }
    }
    int lo = 0;
    for (int i = 1; i <= dim; i++)
        if (f[i] < f[lo])
            lo = i;
    memcpy(v, x[lo], sizeof x[lo]);
    return f[lo];
}
