/*
 * locate_track.c - a source that moves (a jammer on a ship, a vehicle, an
 * aircraft): the static source's model with its position a straight track
 * at constant velocity, x(t) = x0 + vx (t - tm), y(t) = y0 + vy (t - tm) in
 * the gnomonic frame, two more parameters. Fitted by Nelder-Mead from the
 * static fit (the static position is the track's position near the middle
 * of the data), with the other sources held as for a static one; its
 * cluster-robust covariance (targets as clusters, as locate_region.c) gives
 * the 95 % region of the position at any time and the Wald test of the
 * velocity. See docs/locate.md, "A moving source".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "locate_internal.h"

/* Observation i's term of the negative log-likelihood with the source of
 * track w (reference time tm) at the observation's time; c0 carries the
 * track's power and height. */
static double tr_term(const loc_prob *p, size_t i, const loc_src *c0, const double *w, double tm)
{
    const loc_pt *q = &p->pt[i];
    int on = !p->act || p->act[q->slot];
    loc_src c = *c0;
    if (on) {
        double dt = isfinite(q->t) ? (q->t - tm) / 3600.0 : 0;
        loc_frame_point(p, w[0] + w[4] * dt, w[1] + w[5] * dt, c.u);
    }
    double qa;
    if (p->bgp) {
        qa = loc_ratio_q(p, (on ? loc_jam_ratio(p, q, &c) : 0) + p->bgp[i]);
    } else {
        qa = on ? loc_q_affected(p, q, &c) : 0;
        qa = p->bg ? 1.0 - (1.0 - qa) * (1.0 - p->bg[i]) : qa;
    }
    double pa = p->floor + (1.0 - p->floor - p->ceil_miss) * qa;
    return -q->w * log(q->y ? pa : 1.0 - pa);
}

double loc_track_nll(const loc_prob *p, const double *w, double tm)
{
    loc_src c0;
    loc_make_src(p, w, &c0);
    double s = 0;
    for (size_t i = 0; i < p->n; i++)
        s += tr_term(p, i, &c0, w, tm);
    return s;
}

/* The free parameters: all but the horizon offset when it is held. */
static int free_params(const loc_prob *p, int fr[LOC_TRACK_NPAR])
{
    int nf = 0;
    for (int k = 0; k < LOC_TRACK_NPAR; k++)
        if (k != 3 || !p->fix_a)
            fr[nf++] = k;
    return nf;
}

/* The point c + coef (c - worst) over the free parameters, into xt;
 * returns its nll. */
static double tr_point(const loc_prob *p, double tm, const double *c, const double *worst,
                       const int *fr, int nf, double coef, double *xt)
{
    memcpy(xt, c, LOC_TRACK_NPAR * sizeof *xt);
    for (int k = 0; k < nf; k++)
        xt[fr[k]] = c[fr[k]] + coef * (c[fr[k]] - worst[fr[k]]);
    return loc_track_nll(p, xt, tm);
}

/* Nelder-Mead over the free parameters of w (steps per parameter), until
 * the simplex's values differ by less than tol or after maxeval
 * evaluations; returns the minimum, w its place. */
static double tr_nm(const loc_prob *p, double tm, double *w, const double *step, int maxeval,
                    double tol)
{
    enum { NP = LOC_TRACK_NPAR };
    int fr[NP], nf = free_params(p, fr);
    double x[NP + 1][NP], f[NP + 1], c[NP], xr[NP], xt[NP];
    for (int i = 0; i <= nf; i++) {
        memcpy(x[i], w, sizeof x[i]);
        if (i > 0)
            x[i][fr[i - 1]] += step[fr[i - 1]];
        f[i] = loc_track_nll(p, x[i], tm);
    }
    for (int ev = nf + 1; ev < maxeval;) {
        int lo = 0, hi = 0, nh;
        for (int i = 1; i <= nf; i++)
            lo = f[i] < f[lo] ? i : lo, hi = f[i] > f[hi] ? i : hi;
        nh = hi == 0 ? 1 : 0;
        for (int i = 0; i <= nf; i++)
            nh = i != hi && f[i] > f[nh] ? i : nh;
        if (f[hi] - f[lo] < tol)
            break;
        memcpy(c, x[hi], sizeof c);
        for (int k = 0; k < nf; k++) {
            double s = 0;
            for (int i = 0; i <= nf; i++)
                s += i == hi ? 0 : x[i][fr[k]];
            c[fr[k]] = s / nf;
        }
        /* Reflect; expand when that is the best yet; else contract inside. */
        double fr_ = tr_point(p, tm, c, x[hi], fr, nf, 1.0, xr), fn;
        int took = 1;
        ev++;
        if (fr_ < f[lo]) {
            fn = tr_point(p, tm, c, x[hi], fr, nf, 2.0, xt), ev++;
            if (fn < fr_)
                memcpy(x[hi], xt, sizeof xt), f[hi] = fn;
            else
                memcpy(x[hi], xr, sizeof xr), f[hi] = fr_;
        } else if (fr_ < f[nh]) {
            memcpy(x[hi], xr, sizeof xr), f[hi] = fr_;
        } else {
            fn = tr_point(p, tm, c, x[hi], fr, nf, -0.5, xt), ev++;
            took = fn < f[hi];
            if (took)
                memcpy(x[hi], xt, sizeof xt), f[hi] = fn;
        }
        if (!took) { /* shrink toward the best */
            for (int i = 0; i <= nf; i++) {
                if (i == lo)
                    continue;
                for (int k = 0; k < nf; k++)
                    x[i][fr[k]] = x[lo][fr[k]] + 0.5 * (x[i][fr[k]] - x[lo][fr[k]]);
                f[i] = loc_track_nll(p, x[i], tm);
            }
            ev += nf;
        }
    }
    int lo = 0;
    for (int i = 1; i <= nf; i++)
        lo = f[i] < f[lo] ? i : lo;
    memcpy(w, x[lo], sizeof x[lo]);
    return f[lo];
}

/* The clusters' scores at the track's parameters (central differences of
 * steps h over the free parameters) into sc (p->n of them); returns their
 * number. */
static size_t tr_cluster_scores(const loc_prob *p, const loc_track *tr, const double *h,
                                loc_score *sc)
{
    for (int k = 0; k < tr->nf; k++) {
        double wp[LOC_TRACK_NPAR], wm[LOC_TRACK_NPAR];
        memcpy(wp, tr->w, sizeof wp), memcpy(wm, tr->w, sizeof wm);
        wp[tr->fr[k]] += h[tr->fr[k]], wm[tr->fr[k]] -= h[tr->fr[k]];
        loc_src cp, cm;
        loc_make_src(p, wp, &cp), loc_make_src(p, wm, &cm);
        for (size_t i = 0; i < p->n; i++)
            sc[i].g[k] = (tr_term(p, i, &cp, wp, tr->tm) - tr_term(p, i, &cm, wm, tr->tm)) /
                         (2 * h[tr->fr[k]]);
    }
    for (size_t i = 0; i < p->n; i++)
        sc[i].tgt = p->pt[i].tgt;
    return loc_cluster_sum(sc, p->n, tr->nf);
}

/* 1 when the symmetric dim x dim matrix a is positive definite (Cholesky). */
static int positive_definite(double a[LOC_TRACK_NPAR][LOC_TRACK_NPAR], int dim)
{
    double l[LOC_TRACK_NPAR][LOC_TRACK_NPAR] = {{0}};
    for (int j = 0; j < dim; j++) {
        double d = a[j][j];
        for (int k = 0; k < j; k++)
            d -= l[j][k] * l[j][k];
        if (!(d > 0))
            return 0;
        l[j][j] = sqrt(d);
        for (int i = j + 1; i < dim; i++) {
            double s = a[i][j];
            for (int k = 0; k < j; k++)
                s -= l[i][k] * l[j][k];
            l[i][j] = s / l[j][j];
        }
    }
    return 1;
}

/* The numerical Hessian of the track's nll over the free parameters,
 * inverted into tr->hinv; 0 when singular. */
static int tr_hessian(const loc_prob *p, loc_track *tr, const double *h)
{
    double hm[LOC_TRACK_NPAR][LOC_TRACK_NPAR], t[LOC_TRACK_NPAR];
    double f0 = loc_track_nll(p, tr->w, tr->tm);
    for (int i = 0; i < tr->nf; i++)
        for (int j = i; j < tr->nf; j++) {
            int a = tr->fr[i], b = tr->fr[j];
            double f[4];
            for (int s = 0; s < 4; s++) {
                memcpy(t, tr->w, sizeof t);
                t[a] += (s & 1 ? -1 : 1) * h[a];
                t[b] += (s & 2 ? -1 : 1) * h[b];
                f[s] = i == j && (s == 1 || s == 2) ? f0 : loc_track_nll(p, t, tr->tm);
            }
            hm[i][j] = hm[j][i] = i == j ? (f[0] - 2 * f0 + f[3]) / (4 * h[a] * h[a])
                                         : (f[0] - f[1] - f[2] + f[3]) / (4 * h[a] * h[b]);
        }
    if (!positive_definite(hm, tr->nf) || !loc_invert(&hm[0][0], tr->nf, LOC_TRACK_NPAR))
        return 0; /* not a minimum in every direction: no covariance */
    memcpy(tr->hinv, hm, sizeof hm);
    return 1;
}

/* The robust covariance of the free parameters a and b (indices into fr). */
static double tr_robust(const loc_track *tr, int a, int b)
{
    double s = 0;
    for (size_t t = 0; t < tr->nz; t++)
        s += tr->z[t][a] * tr->z[t][b];
    return tr->nz > 1 ? s * (double)tr->nz / (double)(tr->nz - 1) : NAN;
}

/* The velocity's Wald statistic (chi-square, 2 dof under no motion) with
 * the covariance (vxx, vyy, vxy). */
static double wald2(double vxx, double vyy, double vxy, double vx, double vy)
{
    double det = vxx * vyy - vxy * vxy;
    if (!(det > 0))
        return 0;
    return (vyy * vx * vx + vxx * vy * vy - 2 * vxy * vx * vy) / det;
}

/* The velocity's Wald statistic, the smaller of the robust and the naive
 * one (the robust covariance is not allowed to claim more than the naive). */
static double tr_wald_v(const loc_track *tr)
{
    int a = tr->nf - 2, b = tr->nf - 1;
    double r =
        wald2(tr_robust(tr, a, a), tr_robust(tr, b, b), tr_robust(tr, a, b), tr->w[4], tr->w[5]);
    double n = wald2(tr->hinv[a][a], tr->hinv[b][b], tr->hinv[a][b], tr->w[4], tr->w[5]);
    return fmin(r, n);
}

/* The design effect of the velocity: how much the targets' clustering
 * inflates its variance over the naive one, the mean of the eigenvalues of
 * C^-1 V (C naive, V robust, 2 x 2 velocity blocks); at least 1. A
 * likelihood-ratio statistic over clustered data is that much too large. */
static double tr_design_effect(const loc_track *tr)
{
    int a = tr->nf - 2, b = tr->nf - 1;
    double cxx = tr->hinv[a][a], cyy = tr->hinv[b][b], cxy = tr->hinv[a][b];
    double det = cxx * cyy - cxy * cxy;
    double vxx = tr_robust(tr, a, a), vyy = tr_robust(tr, b, b), vxy = tr_robust(tr, a, b);
    if (!(det > 0))
        return 1;
    /* trace(C^-1 V) / 2 */
    double t = (cyy * vxx - 2 * cxy * vxy + cxx * vyy) / det;
    return isfinite(t) && t / 2 > 1 ? t / 2 : 1;
}

jw_err loc_track_fit(const loc_prob *p, const double *v, double tm, loc_track *tr)
{
    memset(tr, 0, sizeof *tr);
    memcpy(tr->w, v, LOC_NPAR * sizeof *v);
    tr->tm = tm;
    tr->nf = free_params(p, tr->fr);
    tr->nll0 = loc_track_nll(p, tr->w, tm);
    /* Start: the best of no motion and 16 velocities (30, 100 km/h). */
    double best = tr->nll0, w[LOC_TRACK_NPAR];
    for (int k = 0; k < 16; k++) {
        memcpy(w, tr->w, sizeof w);
        double sp = k < 8 ? 30 : 100, az = (k % 8) * 3.14159265358979323846 / 4;
        w[4] = sp * cos(az), w[5] = sp * sin(az);
        double f = loc_track_nll(p, w, tm);
        if (f < best)
            best = f, tr->w[4] = w[4], tr->w[5] = w[5];
    }
    double st1[LOC_TRACK_NPAR] = {3, 3, 0.05, 2, 20, 20},
           st2[LOC_TRACK_NPAR] = {1, 1, 0.02, 1, 5, 5};
    tr_nm(p, tm, tr->w, st1, 600, 1e-4);
    tr->nll = tr_nm(p, tm, tr->w, st2, 300, 1e-4);
    double h[LOC_TRACK_NPAR] = {0.5, 0.5, 0.02, 0.5, 2, 2};
    tr->cov_ok = tr_hessian(p, tr, h);
    if (!tr->cov_ok)
        return JW_OK;
    loc_score *sc = calloc(p->n ? p->n : 1, sizeof *sc);
    size_t nc = sc ? tr_cluster_scores(p, tr, h, sc) : 0;
    tr->z = nc > 1 ? malloc(nc * sizeof *tr->z) : NULL;
    if (!tr->z) {
        free(sc);
        return JW_ENOMEM;
    }
    tr->nz = nc;
    for (size_t t = 0; t < nc; t++)
        for (int r = 0; r < tr->nf; r++) {
            tr->z[t][r] = 0;
            for (int k = 0; k < tr->nf; k++)
                tr->z[t][r] += tr->hinv[r][k] * sc[t].g[k];
        }
    free(sc);
    tr->wald_v = tr_wald_v(tr);
    tr->deff = tr_design_effect(tr);
    return JW_OK;
}

void loc_track_free(loc_track *tr)
{
    free(tr->z);
    tr->z = NULL, tr->nz = 0;
}

void loc_track_place(const loc_prob *p, const loc_track *tr, double t, double tmax,
                     jw_emitter_row *out)
{
    double dt = (t - tr->tm) / 3600.0, u[3];
    loc_frame_point(p, tr->w[0] + tr->w[4] * dt, tr->w[1] + tr->w[5] * dt, u);
    loc_unit_to_latlon(u, &out->lat, &out->lon);
    /* The position at t: J z_t per cluster, J = (1 0 .. dt 0; 0 1 .. 0 dt). */
    double sxx = 0, syy = 0, sxy = 0;
    int vx = tr->nf - 2, vy = tr->nf - 1;
    for (size_t k = 0; k < tr->nz; k++) {
        double zx = tr->z[k][0] + dt * tr->z[k][vx], zy = tr->z[k][1] + dt * tr->z[k][vy];
        sxx += zx * zx, syy += zy * zy, sxy += zx * zy;
    }
    double f = tr->nz > 1 ? (double)tr->nz / (double)(tr->nz - 1) : 0;
    sxx *= f, syy *= f, sxy *= f;
    double tr2 = 0.5 * (sxx + syy), det = sxx * syy - sxy * sxy;
    double disc = sqrt(fmax(0, tr2 * tr2 - det)), l[2] = {tr2 + disc, tr2 - disc};
    double th = 0.5 * atan2(2 * sxy, sxx - syy), ax[2];
    if (!(l[1] > 0 && isfinite(l[0]))) {
        out->err_major_km = out->err_minor_km = tmax, out->err_orient_deg = 0;
        return;
    }
    for (int a = 0; a < 2; a++) { /* few clusters: as locate_region.c */
        double ux = a ? -sin(th) : cos(th), uy = a ? cos(th) : sin(th), s1 = 0, s2 = 0;
        /* Never narrower than the naive covariance J H^-1 J' along the axis. */
        double jx[LOC_TRACK_NPAR] = {0}, jy[LOC_TRACK_NPAR] = {0}, cn = 0;
        jx[0] = 1, jx[vx] = dt, jy[1] = 1, jy[vy] = dt;
        for (int r = 0; r < tr->nf; r++)
            for (int q = 0; q < tr->nf; q++)
                cn += (ux * jx[r] + uy * jy[r]) * tr->hinv[r][q] * (ux * jx[q] + uy * jy[q]);
        l[a] = fmax(l[a], cn);
        for (size_t k = 0; k < tr->nz; k++) {
            double zx = tr->z[k][0] + dt * tr->z[k][vx], zy = tr->z[k][1] + dt * tr->z[k][vy];
            double d = zx * ux + zy * uy;
            s1 += d * d, s2 += d * d * d * d;
        }
        double m = s2 > 0 ? fmax(s1 * s1 / s2 - 1, 2.0) : 1e9;
        double lvl = m < 1e6 ? m * (pow(20.0, 2.0 / m) - 1) : LOC_CHI2_2_95;
        ax[a] = fmin(sqrt(lvl * l[a]), tmax);
    }
    if (ax[1] > ax[0]) {
        double sw = ax[0];
        ax[0] = ax[1], ax[1] = sw, th += 3.14159265358979323846 / 2;
    }
    out->err_major_km = ax[0];
    out->err_minor_km = ax[1];
    out->err_orient_deg = fmod(atan2(cos(th), sin(th)) / DEG + 360.0, 180.0);
}
