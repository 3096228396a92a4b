/*
 * locate_region.c - the 95 % region of a located source: shape and
 * orientation from the numerical Hessian of the log-likelihood (nuisance
 * parameters profiled out), size from the profile likelihood ratio along the
 * ellipse's axes (chi-square, 2 degrees of freedom). See docs/locate.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "locate_internal.h"

int loc_invert(double *a, int dim, int ld)
{
    double b[LOC_TRACK_NPAR][2 * LOC_TRACK_NPAR];
    if (dim < 1 || dim > LOC_TRACK_NPAR)
        return 0;
    for (int i = 0; i < dim; i++)
        for (int j = 0; j < 2 * dim; j++)
            b[i][j] = j < dim ? a[i * ld + j] : (j - dim == i);
    for (int c = 0; c < dim; c++) {
        int piv = c;
        for (int r = c + 1; r < dim; r++)
            if (fabs(b[r][c]) > fabs(b[piv][c]))
                piv = r;
        if (!(fabs(b[piv][c]) > 1e-12))
            return 0;
        for (int j = 0; j < 2 * dim; j++) {
            double t = b[c][j];
            b[c][j] = b[piv][j], b[piv][j] = t;
        }
        double d = b[c][c];
        for (int j = 0; j < 2 * dim; j++)
            b[c][j] /= d;
        for (int r = 0; r < dim; r++) {
            double f = b[r][c];
            if (r != c)
                for (int j = 0; j < 2 * dim; j++)
                    b[r][j] -= f * b[c][j];
        }
    }
    for (int i = 0; i < dim; i++)
        for (int j = 0; j < dim; j++)
            a[i * ld + j] = b[i][j + dim];
    return 1;
}

/* Numerical Hessian of nll at v (central differences with steps h). */
static void hessian(const loc_prob *p, const double *v, const double *h, int dim,
                    double hm[LOC_NPAR][LOC_NPAR])
{
    double f0 = loc_nll(p, v, p->n), t[LOC_NPAR];
    for (int i = 0; i < dim; i++)
        for (int j = i; j < dim; j++) {
            double f[4];
            for (int s = 0; s < 4; s++) {
                memcpy(t, v, sizeof t);
                t[i] += (s & 1 ? -1 : 1) * h[i];
                t[j] += (s & 2 ? -1 : 1) * h[j];
                f[s] = i == j && (s == 1 || s == 2) ? f0 : loc_nll(p, t, p->n);
            }
            if (i == j)
                hm[i][i] = (f[0] - 2 * f0 + f[3]) / (4 * h[i] * h[i]);
            else
                hm[i][j] = hm[j][i] = (f[0] - f[1] - f[2] + f[3]) / (4 * h[i] * h[j]);
        }
}

/* The profile nll at offset (dx, dy) km from the position of v: the
 * nuisance parameters (ln reach, horizon offset) re-optimised from v's. */
static double profile_nll(const loc_prob *p, const double *v, double dx, double dy)
{
    loc_prob q = *p;
    q.hold = 1, q.hx = v[0] + dx, q.hy = v[1] + dy;
    double w[LOC_NPAR] = {v[2], v[3], 0, 0}, st[LOC_NPAR] = {0.05, 3, 0, 0};
    return loc_nelder_mead(&q, w, st, p->fix_a ? 1 : 2, 60, 1e-3);
}

/*
 * The distance along the unit direction (ux, uy) from v's position at which
 * twice the profile log-likelihood ratio reaches the chi-square (2 dof)
 * 95 % level, from a first guess t: a few steps of t *= sqrt(5.99 / 2dL),
 * exact for a quadratic profile.
 */
static double lr_extent(const loc_prob *p, const double *v, double f0, double ux, double uy,
                        double t, double tmax)
{
    for (int it = 0; it < 4 && t < tmax; it++) {
        double d = 2 * (profile_nll(p, v, t * ux, t * uy) - f0);
        double r = d > 0.05 ? loc_clamp(sqrt(LOC_CHI2_2_95 / d), 0.4, 2.5) : 2.5;
        t *= r;
        if (fabs(r - 1) < 0.05)
            break;
    }
    return t < tmax ? t : tmax;
}

/* Observation i's term of the negative log-likelihood with source c (as
 * loc_nll: background, activity and floors included). */
static double obs_nll(const loc_prob *p, size_t i, const loc_src *c)
{
    const loc_pt *q = &p->pt[i];
    int on = !p->act || p->act[q->slot];
    double qa;
    if (p->bgp) {
        qa = loc_ratio_q(p, (on ? loc_jam_ratio(p, q, c) : 0) + p->bgp[i]);
    } else {
        qa = on ? loc_q_affected(p, q, c) : 0;
        qa = p->bg ? 1.0 - (1.0 - qa) * (1.0 - p->bg[i]) : qa;
    }
    double pa = p->floor + (1.0 - p->floor - p->ceil_miss) * qa;
    return -q->w * log(q->y ? pa : 1.0 - pa);
}

static int by_target(const void *a, const void *b)
{
    uint32_t x = ((const loc_score *)a)->tgt, y = ((const loc_score *)b)->tgt;
    return x < y ? -1 : x > y;
}

size_t loc_cluster_sum(loc_score *sc, size_t n, int dim)
{
    qsort(sc, n, sizeof *sc, by_target);
    size_t nc = 0;
    for (size_t i = 0; i < n;) {
        loc_score g = {sc[i].tgt, {0}};
        size_t j = i;
        do {
            for (int k = 0; k < dim; k++)
                g.g[k] += sc[j].g[k];
            j++;
        } while (j < n && sc[i].tgt != 0 && sc[j].tgt == sc[i].tgt);
        sc[nc++] = g, i = j;
    }
    return nc;
}

/*
 * The scores of the clusters: for each target the sum of its observations'
 * scores (central differences with steps h; an observation without a target
 * is a cluster of its own), into sc[0..return) (sc holds p->n).
 */
static size_t cluster_scores(const loc_prob *p, const double *v, const double *h, int dim,
                             loc_score *sc)
{
    for (int k = 0; k < dim; k++) {
        double vp[LOC_NPAR], vm[LOC_NPAR];
        memcpy(vp, v, sizeof vp), memcpy(vm, v, sizeof vm);
        vp[k] += h[k], vm[k] -= h[k];
        loc_src cp, cm;
        loc_make_src(p, vp, &cp), loc_make_src(p, vm, &cm);
        for (size_t i = 0; i < p->n; i++)
            sc[i].g[k] = (obs_nll(p, i, &cp) - obs_nll(p, i, &cm)) / (2 * h[k]);
    }
    for (size_t i = 0; i < p->n; i++)
        sc[i].tgt = p->pt[i].tgt;
    return loc_cluster_sum(sc, p->n, dim);
}

/* The robust covariance's parts: each cluster's influence on the position,
 * H^-1 g_t (its first two components). */
typedef struct loc_infl {
    double (*z)[2]; /* per cluster */
    size_t n;       /* clusters */
} loc_infl;

/* Eigen-decomposition of the symmetric 2 x 2 matrix (sxx sxy; sxy syy):
 * eigenvalues l1 >= l2 and the angle th of l1's axis from east; 0 unless
 * both are positive and finite. */
static int eigen2(double sxx, double syy, double sxy, double *l1, double *l2, double *th)
{
    double tr = 0.5 * (sxx + syy), det = sxx * syy - sxy * sxy;
    double disc = sqrt(fmax(0, tr * tr - det));
    if (!(tr - disc > 0 && isfinite(tr + disc)))
        return 0;
    *l1 = tr + disc, *l2 = tr - disc, *th = 0.5 * atan2(2 * sxy, sxx - syy);
    return 1;
}

/*
 * The position covariances at v: naive (position block of H^-1, into c[3]
 * as xx, yy, xy) and cluster-robust (sandwich H^-1 B H^-1, B the sum over
 * targets of g_t g_t^T, times G / (G - 1) for G clusters: into s, with the
 * clusters' influences into *z, which the caller frees). Returns 0 when the
 * Hessian is singular (then nothing is set); s is c and z empty when the
 * scores cannot be had.
 */
static int covariances(const loc_prob *p, const double *v, double c[3], double s[3], loc_infl *z)
{
    int dim = p->fix_a ? 3 : 4;
    double hm[LOC_NPAR][LOC_NPAR] = {{0}};
    double h[LOC_NPAR] = {0.5, 0.5, 0.02, 0.5};
    hessian(p, v, h, dim, hm);
    if (!loc_invert(&hm[0][0], dim, LOC_NPAR))
        return 0;
    c[0] = hm[0][0], c[1] = hm[1][1], c[2] = hm[0][1];
    memcpy(s, c, 3 * sizeof *s);
    loc_score *sc = calloc(p->n ? p->n : 1, sizeof *sc);
    size_t nc = sc ? cluster_scores(p, v, h, dim, sc) : 0;
    z->z = nc > 1 ? malloc(nc * sizeof *z->z) : NULL;
    if (!z->z) {
        free(sc);
        return 1;
    }
    z->n = nc;
    double f = (double)nc / (double)(nc - 1);
    s[0] = s[1] = s[2] = 0;
    for (size_t t = 0; t < nc; t++) {
        for (int r = 0; r < 2; r++) {
            z->z[t][r] = 0;
            for (int k = 0; k < dim; k++)
                z->z[t][r] += hm[r][k] * sc[t].g[k];
        }
        s[0] += f * z->z[t][0] * z->z[t][0], s[1] += f * z->z[t][1] * z->z[t][1];
        s[2] += f * z->z[t][0] * z->z[t][1];
    }
    free(sc);
    return 1;
}

/*
 * The chi-square 2-dof 95 % level corrected for few clusters: the robust
 * variance along the unit direction (ux, uy) is a sum over the clusters,
 * and when a few of them carry it (effective number m = (sum c_t)^2 /
 * sum c_t^2, c_t the clusters' squared influences along it) it is itself
 * uncertain; the 95 % point of 2 F(2, m) = m (20^(2/m) - 1) replaces 5.99
 * (its limit for many clusters). Returned as the factor on a length.
 */
static double few_clusters(const loc_infl *z, double ux, double uy)
{
    double s1 = 0, s2 = 0;
    for (size_t t = 0; t < z->n; t++) {
        double d = z->z[t][0] * ux + z->z[t][1] * uy;
        s1 += d * d, s2 += d * d * d * d;
    }
    if (!(s2 > 0))
        return 1.0;
    double m = fmax(s1 * s1 / s2 - 1, 2.0);
    return sqrt(m * (pow(20.0, 2.0 / m) - 1) / LOC_CHI2_2_95);
}

/* How much wider than the naive one the robust covariance s is along the
 * unit direction (ux, uy), as a factor on a length: sqrt(u' S u u' C^-1 u)
 * (1 when the two agree), at least 1. */
static double inflation(const double c[3], const double s[3], double ux, double uy)
{
    double det = c[0] * c[1] - c[2] * c[2];
    double cinv = (c[1] * ux * ux + c[0] * uy * uy - 2 * c[2] * ux * uy) / det;
    double su = s[0] * ux * ux + s[1] * uy * uy + 2 * s[2] * ux * uy;
    double f = su * cinv;
    return det > 0 && isfinite(f) && f > 1 ? sqrt(fmin(f, 100.0)) : 1.0;
}

/*
 * The 95 % ellipse of the position. Shape and orientation from the
 * cluster-robust covariance (sandwich H^-1 B H^-1, B over targets: repeated
 * observations of one target are not independent), nuisance parameters
 * profiled out (position block); each semi-axis is where the profile
 * likelihood ratio along it (the larger of its two sides) reaches the
 * chi-square 2-dof 95 % level, 5.99 -- which follows the likelihood where
 * it is not quadratic -- widened by the ratio of the robust to the naive
 * standard deviation along that axis (never narrowed). Without a
 * positive-definite Hessian the shape is a circle.
 */
void loc_region(const loc_prob *p, const double *v, double tmax, jw_emitter_row *out)
{
    double l1 = 25, l2 = 25, th = 0; /* fallback: a circle, 5 km sigma to start */
    double cv[3], sv[3];
    loc_infl z = {NULL, 0};
    int have = covariances(p, v, cv, sv, &z);
    if (have && !eigen2(sv[0], sv[1], sv[2], &l1, &l2, &th) &&
        !eigen2(cv[0], cv[1], cv[2], &l1, &l2, &th))
        have = 0;
    double f0 = loc_nll(p, v, p->n), c = cos(th), s = sin(th);
    /* Widening factors along the two axes (robust over naive, few clusters). */
    double g1 = have ? inflation(cv, sv, c, s) : 1, g2 = have ? inflation(cv, sv, -s, c) : 1;
    if (have && z.n > 1)
        g1 *= few_clusters(&z, c, s), g2 *= few_clusters(&z, -s, c);
    free(z.z);
    /* The naive variance along the axes starts the profile search. */
    double t1 = sqrt(LOC_CHI2_2_95 * l1) / g1, t2 = sqrt(LOC_CHI2_2_95 * l2) / g2;
    double a1 = fmax(lr_extent(p, v, f0, c, s, t1, tmax), lr_extent(p, v, f0, -c, -s, t1, tmax));
    double a2 = fmax(lr_extent(p, v, f0, -s, c, t2, tmax), lr_extent(p, v, f0, s, -c, t2, tmax));
    a1 = fmin(a1 * g1, tmax), a2 = fmin(a2 * g2, tmax);
    if (a2 > a1) {
        double t = a1;
        a1 = a2, a2 = t, th += 3.14159265358979323846 / 2;
    }
    out->err_major_km = a1;
    out->err_minor_km = a2;
    /* th is the major axis's angle from east; the row wants degrees from north. */
    out->err_orient_deg = fmod(atan2(cos(th), sin(th)) / DEG + 360.0, 180.0);
}
