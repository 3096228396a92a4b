/*
 * locate.c - maximum-likelihood location of a GNSS jammer or spoofer from
 * affected and unaffected targets (see locate.h and docs/locate.md).
 *
 * Steps: validate and subsample the observations (deterministic, bounded);
 * put them on unit vectors and a gnomonic frame centred on the affected
 * centroid; a coarse grid over position x source height scores each cell by
 * the best hard boundary (a sweep over the reach); the best few cells start
 * Nelder-Mead (both in locate_search.c) on the soft (logistic, floored) likelihood over (east,
 * north, log reach, horizon offset); the label floors adapt to the residuals; the 95 % ellipse
 * takes its shape from the numerical Hessian (nuisance parameters profiled out: position block of
 * the inverse) and its size from the profile likelihood ratio along its axes (chi-square 2 dof).
 */
#include "jamwatch/locate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/geo.h"
#include "jamwatch/sim_physics.h"
#include "locate_internal.h"

void jw_locate_defaults(jw_locate_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->src_height_m = 30;
    cfg->tolerance_db = 30;
    cfg->search_km = 500;
    cfg->grid_km = 10;
    cfg->fix_height = 0;
    cfg->boundary_db = 2.0;
    cfg->label_floor = 0.02;
    cfg->band_db = 8;
}

/* cfg with unset or invalid fields replaced by the defaults. */
jw_locate_config loc_effective_config(const jw_locate_config *in)
{
    jw_locate_config d, c;
    jw_locate_defaults(&d);
    if (!in)
        return d;
    c = *in;
    if (!(c.src_height_m >= 0 && c.src_height_m <= LOC_HMAX_M))
        c.src_height_m = d.src_height_m;
    if (!(c.tolerance_db > 0 && c.tolerance_db < 100))
        c.tolerance_db = d.tolerance_db;
    if (!(c.search_km > 0 && c.search_km <= 2000))
        c.search_km = d.search_km;
    if (!(c.grid_km > 0 && c.grid_km <= c.search_km))
        c.grid_km = d.grid_km;
    if (c.grid_km < c.search_km / ((LOC_MAX_CELLS - 1) / 2))
        c.grid_km = c.search_km / ((LOC_MAX_CELLS - 1) / 2);
    if (!(c.boundary_db > 0.05 && c.boundary_db <= 20))
        c.boundary_db = d.boundary_db;
    if (!(c.label_floor > 0 && c.label_floor < 0.4))
        c.label_floor = d.label_floor;
    if (!(c.band_db > 0 && c.band_db <= 30))
        c.band_db = d.band_db;
    return c;
}

/* ---- geometry ---------------------------------------------------------- */

void loc_to_unit(double lat, double lon, double u[3])
{
    double cl = cos(lat * DEG);
    u[0] = cl * cos(lon * DEG), u[1] = cl * sin(lon * DEG), u[2] = sin(lat * DEG);
}

static void normalize(double v[3])
{
    double r = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (r > 0)
        v[0] /= r, v[1] /= r, v[2] /= r;
}

/* Great-circle distance (km) between two unit vectors, by the chord. */
double loc_unit_dist_km(const double a[3], const double b[3])
{
    return loc_dist_inline(a, b);
}

/* The unit vector at gnomonic offsets (x east, y north, km) from the centre. */
void loc_frame_point(const loc_prob *p, double x, double y, double u[3])
{
    double sx = x / JW_EARTH_RADIUS_KM, sy = y / JW_EARTH_RADIUS_KM;
    for (int k = 0; k < 3; k++)
        u[k] = p->c[k] + sx * p->e[k] + sy * p->no[k];
    normalize(u);
}

void loc_frame_init(loc_prob *p, const double c[3])
{
    memcpy(p->c, c, sizeof p->c);
    double z[3] = {0, 0, 1};
    if (fabs(c[2]) > 0.999)
        z[0] = 1, z[2] = 0; /* at a pole any east will do */
    p->e[0] = z[1] * c[2] - z[2] * c[1];
    p->e[1] = z[2] * c[0] - z[0] * c[2];
    p->e[2] = z[0] * c[1] - z[1] * c[0];
    normalize(p->e);
    p->no[0] = c[1] * p->e[2] - c[2] * p->e[1];
    p->no[1] = c[2] * p->e[0] - c[0] * p->e[2];
    p->no[2] = c[0] * p->e[1] - c[1] * p->e[0];
}

void loc_unit_to_latlon(const double u[3], double *lat, double *lon)
{
    double z = u[2] > 1 ? 1 : u[2] < -1 ? -1 : u[2];
    *lat = asin(z) / DEG;
    *lon = atan2(u[1], u[0]) / DEG;
    if (!(*lon >= -180 && *lon <= 180))
        *lon = 0;
    if (!(*lat >= -90 && *lat <= 90))
        *lat = 0;
}

/* ---- observations ------------------------------------------------------ */

static int obs_valid(const jw_locate_obs *o)
{
    return isfinite(o->lat) && isfinite(o->lon) && o->lat >= -90 && o->lat <= 90 &&
           o->lon >= -360 && o->lon <= 360 && isfinite(o->alt_m) && o->alt_m > -1000 &&
           o->alt_m < 100000 && o->weight > 0 && isfinite(o->weight);
}

static void prep_one(const jw_locate_obs *o, double wscale, double band_db, loc_pt *pt)
{
    loc_to_unit(o->lat, o->lon, pt->u);
    double h = o->alt_m > 0 ? o->alt_m : 0;
    pt->h_km = h / 1000.0;
    pt->hz_km = jw_radio_horizon_km(0, h);
    pt->w = (o->weight > 1 ? 1.0 : o->weight) * wscale;
    pt->y = o->affected != 0;
    pt->t = o->time;
    pt->slot = 0;
    pt->band_db = o->band ? band_db : 0;
    pt->band_f = pow(10.0, pt->band_db / 10.0);
    pt->tgt = o->target;
}

/*
 * Copies the valid observations into pt (at most cap), each class sampled
 * evenly by stride when there are too many and weighted up accordingly.
 * Returns the number copied; *n_aff, *n_un get the valid counts per class.
 */
size_t loc_prep_obs(const jw_locate_obs *obs, size_t n, double band_db, loc_pt *pt, size_t cap,
                    size_t *n_aff, size_t *n_un)
{
    size_t na = 0, nu = 0;
    for (size_t i = 0; i < n; i++)
        if (obs_valid(&obs[i]))
            obs[i].affected ? na++ : nu++;
    *n_aff = na, *n_un = nu;
    size_t qa = na, qu = nu;
    if (na + nu > cap) {
        qa = na < cap / 2 ? na : (nu < cap / 2 ? cap - nu : cap / 2);
        qu = cap - qa;
    }
    size_t m = 0, ia = 0, iu = 0;
    for (size_t i = 0; i < n; i++) {
        if (!obs_valid(&obs[i]))
            continue;
        int y = obs[i].affected != 0;
        size_t idx = y ? ia++ : iu++, tot = y ? na : nu, q = y ? qa : qu;
        /* Keep the observation whose index crosses the next stride mark. */
        if (q == 0 || (idx * q) / tot == ((idx + 1) * q) / tot)
            continue;
        prep_one(&obs[i], (double)tot / (double)q, band_db, &pt[m++]);
    }
    return m;
}

/* The weighted mean direction of the affected observations. */
void loc_affected_centre(const loc_pt *pt, size_t n, double c[3])
{
    c[0] = c[1] = c[2] = 0;
    for (size_t i = 0; i < n; i++)
        if (pt[i].y)
            for (int k = 0; k < 3; k++)
                c[k] += pt[i].w * pt[i].u[k];
    double r = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    for (size_t i = 0; r < 1e-9 && i < n; i++)
        if (pt[i].y)
            memcpy(c, pt[i].u, sizeof pt[i].u), r = 1;
    normalize(c);
}

/* ---- likelihood -------------------------------------------------------- */

/* The source height (km) of a horizon offset a = 4.12 sqrt(h m). */
double loc_a_to_hkm(double a)
{
    double s = a / 4.12;
    return s * s / 1000.0;
}

/* The model's probability, before the label floor, that observation q is
 * affected by source c; exactly 0 well below the horizon. */
double loc_q_affected(const loc_prob *p, const loc_pt *q, const loc_src *c)
{
    double d = loc_dist_inline(c->u, q->u);
    double zh = (c->a + q->hz_km - d) / p->s_km, z;
    if (zh < -40)
        return 0; /* sigma < 1e-17 */
    if (p->spoof) {
        z = (c->r - d) / c->r_sc;
    } else {
        double dh = q->h_km - c->hs_km;
        double s2 = d * d + dh * dh;
        s2 = s2 > 1e-4 ? s2 : 1e-4;
        z = (LOC_DB_PER_NEP * (c->ln_r - 0.5 * log(s2)) + q->band_db) / p->s_db;
    }
    return 1.0 / (1.0 + exp(-z)) / (zh > 40 ? 1.0 : 1.0 + exp(-zh));
}

void loc_make_src(const loc_prob *p, const double *v, loc_src *c)
{
    loc_frame_point(p, v[0], v[1], c->u);
    c->ln_r = loc_clamp(v[2], log(LOC_RMIN_KM), log(LOC_RMAX_KM));
    c->r = exp(c->ln_r);
    c->r2x = exp(2.0 * c->ln_r);
    c->r_sc = p->s_km > 0.01 * c->r ? p->s_km : 0.01 * c->r;
    c->a = p->fix_a ? p->a_fixed : loc_clamp(v[3], 0, jw_radio_horizon_km(LOC_HMAX_M, 0));
    c->hs_km = loc_a_to_hkm(c->a);
}

/* P(affected) of observation i before the floors: this source (when on in
 * the observation's slot) or any of the held ones (background). */
static inline double jam_ratio(const loc_prob *p, const loc_pt *q, const loc_src *c)
{
    double d = loc_dist_inline(c->u, q->u);
    double zh = (c->a + q->hz_km - d) / p->s_km;
    if (zh < -40)
        return 0;
    double dh = q->h_km - c->hs_km, s2 = d * d + dh * dh;
    s2 = s2 > 1e-4 ? s2 : 1e-4;
    return q->band_f * c->r2x / s2 / (zh > 40 ? 1.0 : 1.0 + exp(-zh));
}

double loc_jam_ratio(const loc_prob *p, const loc_pt *q, const loc_src *c)
{
    return jam_ratio(p, q, c);
}

double loc_ratio_q(const loc_prob *p, double t)
{
    return t > 0 ? 1.0 / (1.0 + exp(-loc_ratio_logit(p, t))) : 0;
}

double loc_ratio_logit(const loc_prob *p, double t)
{
    return 0.5 * LOC_DB_PER_NEP * log(t) / p->s_db;
}

/* ---- label cost table -------------------------------------------------- */

double loc_label_cost(double floor, double ceil_miss, int y, double u)
{
    double q = 1.0 / (1.0 + exp(-u)), pa = floor + (1.0 - floor - ceil_miss) * q;
    return -log(y ? pa : 1.0 - pa);
}

/* d(cost)/du of loc_label_cost. */
static double label_slope(double floor, double ceil_miss, int y, double u)
{
    double e = exp(-u), q = 1.0 / (1.0 + e), span = 1.0 - floor - ceil_miss;
    double pa = floor + span * q, dq = q * q * e; /* sigma' = e / (1 + e)^2 */
    return y ? -span * dq / pa : span * dq / (1.0 - pa);
}

int loc_tab_build(loc_tab *t, double floor, double ceil_miss)
{
    t->floor = t->ceil_miss = NAN;
    /* The cost's steps sit at logits ln(floor / (1 - ceil_miss)) and
     * ln((1 - floor) / ceil_miss): both must lie well inside the table. */
    if (!(floor > 0 && ceil_miss > 0 && floor + ceil_miss < 1) ||
        !(log((1.0 - ceil_miss) / floor) <= LOC_TAB_SHIFT) ||
        !(log((1.0 - floor) / ceil_miss) <= LOC_TAB_SHIFT))
        return 0;
    for (int y = 0; y < 2; y++)
        for (int k = 0; k < LOC_TAB_N; k++) {
            double u = LOC_TAB_LO + (double)k / LOC_TAB_PER;
            t->node[y][k][0] = loc_label_cost(floor, ceil_miss, y, u);
            t->node[y][k][1] = label_slope(floor, ceil_miss, y, u) / LOC_TAB_PER;
        }
    t->floor = floor, t->ceil_miss = ceil_miss;
    return 1;
}

const loc_tab *loc_tab_of(const loc_prob *p)
{
    return p->tab && p->tab->floor == p->floor && p->tab->ceil_miss == p->ceil_miss ? p->tab : NULL;
}

static double q_model(const loc_prob *p, size_t i, const loc_src *c)
{
    const loc_pt *q = &p->pt[i];
    if (p->bgp) {
        double r = p->act && !p->act[q->slot] ? 0 : jam_ratio(p, q, c);
        return loc_ratio_q(p, r + p->bgp[i]);
    }
    double qa = p->act && !p->act[q->slot] ? 0 : loc_q_affected(p, q, c);
    return p->bg ? 1.0 - (1.0 - qa) * (1.0 - p->bg[i]) : qa;
}

/*
 * Observation i's logit under source c (with p's background and activity):
 * into *u, returning 1; 0 when its P(affected) before the floors is exactly
 * 0; 2 when that P is not a plain logistic (within the horizon's own
 * transition): P itself into *u; -1 for a union with a spoofer's
 * background: q_model then.
 */
static int obs_logit(const loc_prob *p, size_t i, const loc_src *c, double *u)
{
    const loc_pt *q = &p->pt[i];
    int on = !(p->act && !p->act[q->slot]);
    if (p->bgp) {
        double t = (on ? jam_ratio(p, q, c) : 0) + p->bgp[i];
        if (!(t > 0))
            return 0;
        *u = loc_ratio_logit(p, t);
        return 1;
    }
    if (p->bg && p->bg[i] != 0)
        return -1;
    if (!on)
        return 0;
    double d = loc_dist_inline(c->u, q->u);
    double zh = (c->a + q->hz_km - d) / p->s_km;
    if (zh < -40)
        return 0;
    if (p->spoof) {
        *u = (c->r - d) / c->r_sc;
    } else {
        double dh = q->h_km - c->hs_km, s2 = d * d + dh * dh;
        s2 = s2 > 1e-4 ? s2 : 1e-4;
        *u = (LOC_DB_PER_NEP * (c->ln_r - 0.5 * log(s2)) + q->band_db) / p->s_db;
    }
    if (zh > 40)
        return 1;
    *u = 1.0 / (1.0 + exp(-*u)) / (1.0 + exp(-zh)); /* as loc_q_affected */
    return 2;
}

/* loc_nll's sum for a jammer with held sources' powers (p->bgp), by the
 * table: the multi-source fits' case, one log per observation. Over the
 * observations idx[0..m) (idx NULL: 0..m). */
static double nll_jam_held(const loc_prob *p, const loc_src *c, const loc_tab *tab,
                           const uint32_t *idx, size_t m)
{
    double k = 0.5 * LOC_DB_PER_NEP / p->s_db, s = 0;
    double none[2] = {-log(1.0 - p->floor), -log(p->floor)}; /* the cost of P = 0 */
    for (size_t j = 0; j < m; j++) {
        size_t i = idx ? idx[j] : j;
        const loc_pt *q = &p->pt[i];
        double t = p->bgp[i];
        if (!p->act || p->act[q->slot])
            t += jam_ratio(p, q, c);
        s += q->w * (t > 0 ? loc_tab_cost(tab, q->y, k * log(t)) : none[q->y != 0]);
    }
    return s;
}

/* Observation i's cost -w log P(label) under source c; lo: log of the
 * floor and of its complement. */
static double obs_cost(const loc_prob *p, size_t i, const loc_src *c, const loc_tab *tab,
                       const double lo[2])
{
    const loc_pt *q = &p->pt[i];
    double u;
    int kind = tab ? obs_logit(p, i, c, &u) : -1;
    if (kind == 1)
        return q->w * loc_tab_cost(tab, q->y, u);
    double qa = kind == 0 ? 0 : kind == 2 ? u : q_model(p, i, c);
    if (qa == 0)
        return -(q->w * (q->y ? lo[0] : lo[1]));
    double pa = p->floor + (1.0 - p->floor - p->ceil_miss) * qa;
    return -(q->w * log(q->y ? pa : 1.0 - pa));
}

/* p's on-list when it still fits p (and the sum is over all n), else NULL. */
static const loc_onlist *onlist_of(const loc_prob *p, size_t n)
{
    const loc_onlist *ol = p->on;
    if (!ol || !ol->valid || n != p->n || ol->n != n || ol->act != p->act || ol->bg != p->bg ||
        ol->bgp != p->bgp || ol->bg_gen != p->bg_gen || ol->floor != p->floor ||
        ol->ceil_miss != p->ceil_miss)
        return NULL;
    return memcmp(ol->act_seen, p->act, (size_t)ol->nslot) == 0 ? ol : NULL;
}

void loc_onlist_build(const loc_prob *p)
{
    loc_onlist *ol = p->on;
    if (!ol)
        return;
    ol->valid = 0;
    int nslot = 0;
    for (size_t i = 0; i < p->n; i++)
        nslot = p->pt[i].slot >= nslot ? p->pt[i].slot + 1 : nslot;
    if (!p->act || nslot > LOC_ACT_SLOTS || p->n > UINT32_MAX)
        return;
    if (ol->cap < p->n) {
        uint32_t *x = realloc(ol->idx, p->n * sizeof *x);
        if (!x)
            return;
        ol->idx = x, ol->cap = p->n;
    }
    loc_src none = {.r2x = 0};
    const loc_tab *tab = loc_tab_of(p);
    double lo[2] = {log(p->floor), log(1.0 - p->floor)};
    ol->n_on = 0, ol->off_cost = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->act[p->pt[i].slot])
            ol->idx[ol->n_on++] = (uint32_t)i;
        else /* its own term is 0 whatever the source: the background's cost */
            ol->off_cost += obs_cost(p, i, &none, tab, lo);
    }
    ol->n = p->n, ol->act = p->act, ol->nslot = nslot;
    memcpy(ol->act_seen, p->act, (size_t)nslot);
    ol->bg = p->bg, ol->bgp = p->bgp, ol->bg_gen = p->bg_gen;
    ol->floor = p->floor, ol->ceil_miss = p->ceil_miss;
    ol->valid = 1;
}

void loc_onlist_free(loc_onlist *ol)
{
    if (ol)
        free(ol->idx), ol->idx = NULL, ol->cap = 0, ol->valid = 0;
}

double loc_nll(const loc_prob *p, const double *v, size_t n)
{
    loc_src c;
    loc_make_src(p, v, &c);
    const loc_tab *tab = loc_tab_of(p);
    const loc_onlist *ol = onlist_of(p, n);
    const uint32_t *idx = ol ? ol->idx : NULL;
    size_t m = ol ? ol->n_on : n;
    double s = ol ? ol->off_cost : 0;
    if (tab && p->bgp && !p->spoof) {
        s += nll_jam_held(p, &c, tab, idx, m);
    } else {
        double lo[2] = {log(p->floor), log(1.0 - p->floor)};
        for (size_t j = 0; j < m; j++)
            s += obs_cost(p, idx ? idx[j] : j, &c, tab, lo);
    }
    /* Out-of-bounds parameters cost a little more than their clamp. */
    s += (fabs(v[2] - c.ln_r) + (p->fix_a ? 0 : fabs(v[3] - c.a))) * 1e-3 * (double)n;
    return s;
}

/* ---- the estimate ------------------------------------------------------ */

/* Refines the coarse starts and returns the best parameters in v. */
double loc_fit(loc_prob *full, loc_prob *coarse, const loc_start *st, int nst, double step,
               double *v)
{
    int dim = full->fix_a ? 3 : 4;
    double steps[LOC_NPAR] = {2 * step, 2 * step, 0.3, 10};
    double cand[2][LOC_NPAR], fc[2] = {INFINITY, INFINITY};
    /* Every start with every coarse height (the height and the position
     * trade off: a wrong height is a local optimum); the two best distinct
     * results go on to the full set. */
    for (int i = 0; i < nst * (dim == 4 ? LOC_NHS : 1); i++) {
        double w[LOC_NPAR];
        memcpy(w, st[i % nst].v, sizeof w);
        if (dim == 4)
            w[3] = jw_radio_horizon_km(loc_coarse_h_m[i / nst], 0);
        loc_nelder_mead(coarse, w, steps, dim, 300, 1e-2);
        double f = loc_nll(full, w, full->n);
        int same = hypot(w[0] - cand[0][0], w[1] - cand[0][1]) < 2 && fc[0] < INFINITY;
        if (f < fc[0]) {
            if (!same)
                memcpy(cand[1], cand[0], sizeof cand[0]), fc[1] = fc[0];
            memcpy(cand[0], w, sizeof w), fc[0] = f;
        } else if (f < fc[1] && !same) {
            memcpy(cand[1], w, sizeof w), fc[1] = f;
        }
    }
    double best = INFINITY;
    for (int c = 0; c < 2 && fc[c] < INFINITY; c++) {
        double fine[LOC_NPAR] = {step / 2, step / 2, 0.1, 3};
        double finer[LOC_NPAR] = {1, 1, 0.03, 1};
        loc_nelder_mead(full, cand[c], fine, dim, 400, 1e-4);
        double f = loc_nelder_mead(full, cand[c], finer, dim, 300, 1e-4);
        if (f < best)
            best = f, memcpy(v, cand[c], sizeof cand[c]);
    }
    return best;
}

/*
 * Label noise beyond the floor: the weighted share of affected labels among
 * the observations the fit puts clearly out of reach (q < 0.05), and of
 * unaffected ones among those clearly within (q > 0.95). When either is
 * above the configured floor (false alarms or misses are commoner than
 * assumed), the floors become those shares (at most 0.3) and the fit is
 * polished again: a floor too low makes the region too small. Returns 1
 * when it changed the floors.
 */
int loc_adapt_floors(loc_prob *p, double *v, double step)
{
    loc_src c;
    loc_make_src(p, v, &c);
    double out_w = 0, out_aff = 0, in_w = 0, in_un = 0;
    for (size_t i = 0; i < p->n; i++) {
        const loc_pt *q = &p->pt[i];
        double qa = q_model(p, i, &c);
        if (qa < 0.05)
            out_w += q->w, out_aff += q->y ? q->w : 0;
        else if (qa > 0.95)
            in_w += q->w, in_un += q->y ? 0 : q->w;
    }
    double fa = out_w > 0 ? loc_clamp(out_aff / out_w, p->floor, 0.3) : p->floor;
    double fm = in_w > 0 ? loc_clamp(in_un / in_w, p->ceil_miss, 0.3) : p->ceil_miss;
    if (fa < 1.25 * p->floor && fm < 1.25 * p->ceil_miss)
        return 0;
    p->floor = fa, p->ceil_miss = fm;
    if (p->tab)
        loc_tab_build(p->tab, fa, fm);
    int dim = p->fix_a ? 3 : 4;
    double fine[LOC_NPAR] = {step / 2, step / 2, 0.1, 3}, finer[LOC_NPAR] = {1, 1, 0.03, 1};
    loc_nelder_mead(p, v, fine, dim, 400, 1e-4);
    loc_nelder_mead(p, v, finer, dim, 300, 1e-4);
    return 1;
}

/* Fills *out from the fitted parameters. */
void loc_report(const loc_prob *p, const jw_locate_config *c, const double *v, size_t n_valid,
                jw_emitter_row *out)
{
    double u[3];
    loc_frame_point(p, v[0], v[1], u);
    loc_unit_to_latlon(u, &out->lat, &out->lon);
    double a = p->fix_a ? p->a_fixed : loc_clamp(v[3], 0, jw_radio_horizon_km(LOC_HMAX_M, 0));
    double hs_m = loc_a_to_hkm(a) * 1000.0;
    double r = exp(loc_clamp(v[2], log(LOC_RMIN_KM), log(LOC_RMAX_KM)));
    loc_region(p, v, 2 * c->search_km, out);
    out->n_obs = (uint32_t)(n_valid > UINT32_MAX ? UINT32_MAX : n_valid);
    if (p->spoof) {
        out->reach_km = r;
        out->eirp_dbw = NAN;
        return;
    }
    double dbm = c->tolerance_db + JW_GPS_SIGNAL_DBM + jw_fspl_db(r, JW_GPS_L1_MHZ);
    jw_jam_model m = {pow(10.0, (dbm - 30.0) / 10.0), hs_m, c->tolerance_db, 0, 0};
    out->reach_km = jw_jam_reach_km(&m, 10000.0);
    /* A power the labels do not bound from above (every boundary at the
     * horizon) is not an estimate. */
    double vv[LOC_NPAR];
    memcpy(vv, v, sizeof vv);
    vv[2] += log(2.0);
    out->eirp_dbw = loc_nll(p, vv, p->n) - loc_nll(p, v, p->n) < 1.0 ? NAN : dbm - 30.0;
}

/* The estimate on prepared problems (frame set): coarse grid, fit, floors. */
static jw_err locate_prepared(loc_prob *full, loc_prob *coarse, const jw_locate_config *c,
                              size_t n_valid, jw_emitter_row *out)
{
    loc_start st[LOC_STARTS];
    int nst = loc_coarse_search(coarse, c->search_km, c->grid_km, st);
    if (nst == 0)
        return JW_ENOMEM;
    double v[LOC_NPAR];
    loc_fit(full, coarse, st, nst, c->grid_km, v);
    loc_adapt_floors(full, v, c->grid_km);
    loc_report(full, c, v, n_valid, out);
    return JW_OK;
}

static jw_err locate(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg, int spoof,
                     jw_emitter_row *out)
{
    if (!out || !obs || n < LOC_MIN_OBS)
        return JW_EINVAL;
    jw_locate_config c = loc_effective_config(cfg);
    loc_pt *pt = malloc((LOC_MAX_OBS + LOC_COARSE_OBS) * sizeof *pt);
    loc_tab *tab = malloc(sizeof *tab);
    if (!pt || !tab) {
        free(pt), free(tab);
        return JW_ENOMEM;
    }
    size_t na, nu;
    loc_prob full = {.pt = pt, .spoof = spoof, .fix_a = c.fix_height != 0, .tab = tab};
    full.a_fixed = jw_radio_horizon_km(c.src_height_m, 0);
    full.s_db = c.boundary_db, full.s_km = 3.0;
    full.floor = full.ceil_miss = c.label_floor;
    loc_tab_build(tab, full.floor, full.ceil_miss);
    full.n = loc_prep_obs(obs, n, spoof ? 0 : c.band_db, pt, LOC_MAX_OBS, &na, &nu);
    loc_prob coarse = full;
    coarse.pt = pt + LOC_MAX_OBS;
    coarse.n =
        loc_prep_obs(obs, n, spoof ? 0 : c.band_db, pt + LOC_MAX_OBS, LOC_COARSE_OBS, &na, &nu);
    jw_err err = JW_EINVAL;
    if (na > 0 && nu > 0 && na + nu >= LOC_MIN_OBS) {
        double ctr[3];
        loc_affected_centre(full.pt, full.n, ctr);
        loc_frame_init(&full, ctr);
        memcpy(coarse.c, full.c, sizeof full.c), memcpy(coarse.e, full.e, sizeof full.e);
        memcpy(coarse.no, full.no, sizeof full.no);
        err = locate_prepared(&full, &coarse, &c, na + nu, out);
    }
    free(pt), free(tab);
    return err;
}

jw_err jw_locate_jammer(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                        jw_emitter_row *out)
{
    return locate(obs, n, cfg, 0, out);
}

jw_err jw_locate_spoofer(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                         jw_emitter_row *out)
{
    return locate(obs, n, cfg, 1, out);
}
