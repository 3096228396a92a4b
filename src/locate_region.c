/*
 * locate_region.c - the 95 % region of a located source: shape and
 * orientation from the numerical Hessian of the log-likelihood (nuisance
 * parameters profiled out), size from the profile likelihood ratio along the
 * ellipse's axes (chi-square, 2 degrees of freedom). See docs/locate.md.
 */
#include <math.h>
#include <string.h>

#include "locate_internal.h"

/* Inverts the dim x dim matrix a in place (Gauss-Jordan, partial pivot);
 * returns 0 when it is singular. */
static int invert(double a[LOC_NPAR][LOC_NPAR], int dim)
{
    double b[LOC_NPAR][2 * LOC_NPAR];
    for (int i = 0; i < dim; i++)
        for (int j = 0; j < 2 * dim; j++)
            b[i][j] = j < dim ? a[i][j] : (j - dim == i);
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
            a[i][j] = b[i][j + dim];
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

/*
 * The 95 % ellipse of the position. Shape and orientation from the
 * covariance of the numerical Hessian with the nuisance parameters profiled
 * out (position block of its inverse); each semi-axis then set where the
 * profile likelihood ratio along it (the larger of its two sides) reaches
 * the chi-square 2-dof 95 % level, 5.99. Without a positive-definite
 * Hessian the shape is a circle.
 */
void loc_region(const loc_prob *p, const double *v, double tmax, jw_emitter_row *out)
{
    int dim = p->fix_a ? 3 : 4;
    double hm[LOC_NPAR][LOC_NPAR] = {{0}};
    double h[LOC_NPAR] = {0.5, 0.5, 0.02, 0.5};
    double l1 = 25, l2 = 25, th = 0; /* fallback: a circle, 5 km sigma to start */
    hessian(p, v, h, dim, hm);
    if (invert(hm, dim)) {
        double sxx = hm[0][0], syy = hm[1][1], sxy = hm[0][1];
        double tr = 0.5 * (sxx + syy), det = sxx * syy - sxy * sxy;
        double disc = sqrt(fmax(0, tr * tr - det));
        if (tr - disc > 0 && isfinite(tr + disc))
            l1 = tr + disc, l2 = tr - disc, th = 0.5 * atan2(2 * sxy, sxx - syy);
    }
    double f0 = loc_nll(p, v, p->n), c = cos(th), s = sin(th);
    double t1 = sqrt(LOC_CHI2_2_95 * l1), t2 = sqrt(LOC_CHI2_2_95 * l2);
    double a1 = fmax(lr_extent(p, v, f0, c, s, t1, tmax), lr_extent(p, v, f0, -c, -s, t1, tmax));
    double a2 = fmax(lr_extent(p, v, f0, -s, c, t2, tmax), lr_extent(p, v, f0, s, -c, t2, tmax));
    if (a2 > a1) {
        double t = a1;
        a1 = a2, a2 = t, th += 3.14159265358979323846 / 2;
    }
    out->err_major_km = a1;
    out->err_minor_km = a2;
    /* th is the major axis's angle from east; the row wants degrees from north. */
    out->err_orient_deg = fmod(atan2(cos(th), sin(th)) / DEG + 360.0, 180.0);
}
