/*
 * locate_internal.h - the parts of the emitter locator shared between its
 * files: locate.c (observations, likelihood, coarse grid, Nelder-Mead, one
 * source), locate_region.c (the 95 % region) and locate_multi.c (several
 * sources per event, with per-time-slot activity). Not a public interface.
 */
#ifndef JAMWATCH_LOCATE_INTERNAL_H
#define JAMWATCH_LOCATE_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/geo.h"
#include "jamwatch/locate.h"

#ifndef JW_LOC_MAX_OBS
#define JW_LOC_MAX_OBS 2048 /* a study build may evaluate more (-DJW_LOC_MAX_OBS=N) */
#endif

#define DEG            (3.14159265358979323846 / 180.0)
#define LOC_MAX_OBS    JW_LOC_MAX_OBS    /* observations the fit evaluates (subsampled above) */
#define LOC_COARSE_OBS 512               /* observations the coarse grid evaluates */
#define LOC_MIN_OBS    3                 /* fewer valid observations: JW_EINVAL */
#define LOC_BINS       128               /* reach bins of the coarse sweep */
#define LOC_RMIN_KM    1.0               /* reach searched from ... */
#define LOC_RMAX_KM    3000.0            /* ... to */
#define LOC_NHS        4                 /* source heights tried on the coarse grid */
#define LOC_STARTS     4                 /* coarse cells refined */
#define LOC_MAX_CELLS  201               /* coarse grid cells per side, at most */
#define LOC_HMAX_M     5000.0            /* highest source fitted (airborne jammer) */
#define LOC_CHI2_2_95  5.991             /* chi-square, 2 degrees of freedom, 95 % */
#define LOC_DB_PER_NEP 8.685889638065035 /* 20 / ln 10 */
#define LOC_NPAR       4
#define LOC_TAB_LO     (-64.0) /* the label cost table covers logits from ... */
#define LOC_TAB_PER    32      /* ... in steps of 1/32 ... */
#define LOC_TAB_N      4097    /* ... to +64 (nodes) */
#define LOC_TAB_SHIFT  24.0    /* floors whose logit shifts exceed this: no table */

/*
 * The cost -log P(label) of an observation whose P(affected) before the
 * floors is the logistic sigma(u), as a function of u, for both labels:
 * cubic Hermite nodes (value, slope / LOC_TAB_PER) every 1/LOC_TAB_PER over
 * [LOC_TAB_LO, -LOC_TAB_LO], built for one pair of floors (loc_tab_build).
 * Within 1e-10 of the exact cost (tests/test_locate_tab.c); beyond the
 * ends the cost is constant to double precision.
 */
typedef struct loc_tab {
    double floor, ceil_miss;      /* the floors it was built for */
    double node[2][LOC_TAB_N][2]; /* [label][node]: cost, slope x step */
} loc_tab;

/* One observation, prepared. */
typedef struct loc_pt {
    double u[3];    /* unit vector of the true position */
    double h_km;    /* altitude, km (>= 0) */
    double hz_km;   /* the target's own share of the horizon, 4.12 sqrt(h m) */
    double w;       /* weight > 0 (includes the subsampling factor) */
    int y;          /* 1 affected */
    int slot;       /* activity time slot (multi-source fits; 0 otherwise) */
    double t;       /* observation time, s (NAN unknown) */
    double band_db; /* jammers: dB added to J/S (band = 1 observations), else 0 */
    double band_f;  /* 10^(band_db / 10): the same as a power factor */
    uint32_t tgt;   /* target identity (jw_locate_obs.target), 0 unknown */
} loc_pt;

#define LOC_MEMO_MAX (8u << 20) /* bytes of coarse grid codes kept, at most */

/* The first coarse grid's code of every (cell, observation) pair (reach bin
 * and lowest height in reach: locate.c, cell_code), kept between coarse
 * searches over the same observations (a multi-source fit runs many). */
typedef struct loc_grid_memo {
    uint8_t *code;    /* [cell][observation], NULL until the first search */
    const loc_pt *pt; /* the observations ... */
    size_t n;         /* ... their number ... */
    int m;            /* ... the grid's cells either side of the centre ... */
    double step;      /* ... its step, km ... */
    int fix_a, spoof; /* ... and the model settings the codes depend on */
    double a_fixed;   /* (with fix_a) */
} loc_grid_memo;

#define LOC_ACT_SLOTS 64 /* activity slots an on-list checks, at most */

/* The observations whose activity slot is on, for a problem with an
 * activity pattern (act): the others' cost does not depend on the source
 * fitted (their P is the held sources' alone), so loc_nll adds it once.
 * loc_nll uses it only while the problem still has what it was built for
 * (act and its contents, bg/bgp and their generation, floors), and falls
 * back to the full sum otherwise. Whoever changes the contents of bg/bgp
 * increments loc_prob.bg_gen, so a list built before is never used; build
 * it again (loc_onlist_build) to get its speed back. */
typedef struct loc_onlist {
    uint32_t *idx;                   /* the on observations, ascending */
    size_t cap;                      /* capacity of idx */
    size_t n_on;                     /* how many */
    double off_cost;                 /* the others' summed cost, -w log P(label) */
    int valid;                       /* 1 when built for a problem with act */
    size_t n;                        /* built for: observations ... */
    const uint8_t *act;              /* ... activity ... */
    uint8_t act_seen[LOC_ACT_SLOTS]; /* ... and its contents (nslot slots) ... */
    int nslot;                       /* ... */
    const double *bg, *bgp;          /* ... backgrounds ... */
    unsigned bg_gen;                 /* ... of this generation ... */
    double floor, ceil_miss;         /* ... and floors */
} loc_onlist;

/* The problem: observations, frame and model settings. */
typedef struct loc_prob {
    const loc_pt *pt;    /* observations */
    size_t n;            /* their number */
    double c[3];         /* frame centre (unit vector) */
    double e[3];         /* east at the centre */
    double no[3];        /* north at the centre */
    int spoof;           /* 1: capture radius model; 0: jammer power model */
    int fix_a;           /* 1: the horizon offset is held at a_fixed */
    double a_fixed;      /* 4.12 sqrt(src height m), km */
    double s_db;         /* jammer: logistic scale of the power boundary, dB */
    double s_km;         /* logistic scale of sharp boundaries (horizon, radius), km */
    double floor;        /* P(labelled affected) far out of reach: false alarms */
    double ceil_miss;    /* P(labelled unaffected) well within reach: misses */
    int hold;            /* 1: position held at (hx, hy); the parameters are (ln reach, a) */
    double hx, hy;       /* the held position, km in the frame */
    const double *bg;    /* NULL, or per observation the probability that the other
                          * (held) sources affect it: P = 1 - (1 - q)(1 - bg) */
    const uint8_t *act;  /* NULL (always on), or per time slot 1 when this source is on */
    const double *bgp;   /* jammers in a multi-source fit: NULL, or per observation the J/S
                          * power ratio (1 = at the tolerance) of the held sources; powers
                          * add: P = sigma(10 log10(own + bgp) / s_db) (bg is then unused) */
    unsigned bg_gen;     /* incremented whenever the contents of bg or bgp change */
    loc_tab *tab;        /* NULL, or the label cost table; used only while its floors are
                          * this problem's (owned by the caller) */
    loc_grid_memo *memo; /* NULL, or the coarse grid's memo (the caller frees its codes
                          * with loc_memo_free) */
    loc_onlist *on;      /* NULL, or the on observations (the caller frees them with
                          * loc_onlist_free) */
} loc_prob;

/* A coarse cell kept for refinement. */
typedef struct loc_start {
    double v[LOC_NPAR]; /* x km, y km, ln reach, horizon offset a km */
    double score;       /* weighted errors, lower is better */
} loc_start;

/* One candidate source, with what every observation's term needs. */
typedef struct loc_src {
    double u[3];  /* position (unit vector) */
    double ln_r;  /* ln slant reach (jammer) or ln capture radius (spoofer), km */
    double r2x;   /* exp(2 ln_r): the jammer's power term (per source, not per observation) */
    double r;     /* capture radius, km (spoofer) */
    double r_sc;  /* logistic scale of the radius, km (spoofer) */
    double a;     /* horizon offset 4.12 sqrt(h_s m), km */
    double hs_km; /* source height, km */
} loc_src;

static inline double loc_clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Great-circle distance (km) between two unit vectors, by the chord (the
 * body of loc_unit_dist_km, inlined into the likelihood loops). */
static inline double loc_dist_inline(const double a[3], const double b[3])
{
    double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    double c = sqrt(dx * dx + dy * dy + dz * dz);
    if (c > 0.3)
        return 2.0 * JW_EARTH_RADIUS_KM * asin(c > 2 ? 1 : c / 2);
    double c2 = c * c;
    return JW_EARTH_RADIUS_KM * c * (1.0 + c2 / 24.0 + 3.0 * c2 * c2 / 640.0);
}

/* locate_search.c: the coarse grid, its source heights and Nelder-Mead */
extern const double loc_coarse_h_m[LOC_NHS]; /* source heights tried on the coarse grid, m */
/* The best separated coarse cells as starts into st (at most LOC_STARTS); their number. */
int loc_coarse_search(const loc_prob *p, double half, double step, loc_start *st);
void loc_memo_free(loc_grid_memo *g);
/* Minimises the objective (p->hold: the nuisance parameters only) from v in place; its value. */
double loc_nelder_mead(const loc_prob *p, double *v, const double *step, int dim, int maxeval,
                       double tol);

/* locate.c */
jw_locate_config loc_effective_config(const jw_locate_config *in);
void loc_to_unit(double lat, double lon, double u[3]);
double loc_unit_dist_km(const double a[3], const double b[3]);
void loc_frame_point(const loc_prob *p, double x, double y, double u[3]);
void loc_frame_init(loc_prob *p, const double c[3]);
void loc_unit_to_latlon(const double u[3], double *lat, double *lon);
/* Valid observations into pt (at most cap, each class subsampled evenly);
 * returns how many; *n_aff, *n_un get the valid counts per class. Slots 0. */
size_t loc_prep_obs(const jw_locate_obs *obs, size_t n, double band_db, loc_pt *pt, size_t cap,
                    size_t *n_aff, size_t *n_un);
void loc_affected_centre(const loc_pt *pt, size_t n, double c[3]);
double loc_a_to_hkm(double a);
/* The source of parameters v (x, y km, ln reach, horizon offset a km). */
void loc_make_src(const loc_prob *p, const double *v, loc_src *c);
/* P(affected) of observation q by source c alone, before the floors. */
double loc_q_affected(const loc_prob *p, const loc_pt *q, const loc_src *c);
/* Jammer c's J/S power ratio at observation q (1 = at the boundary), times
 * the chance that q is above c's horizon. */
double loc_jam_ratio(const loc_prob *p, const loc_pt *q, const loc_src *c);
/* P(affected) of a total power ratio t, before the floors. */
double loc_ratio_q(const loc_prob *p, double t);
/* The logit of loc_ratio_q: 10 log10(t) / s_db (t > 0). */
double loc_ratio_logit(const loc_prob *p, double t);
/* Fills t for the floors (floor, ceil_miss); returns 0 when they are outside
 * what a table covers (a floor below ~1e-10), t then unused. */
int loc_tab_build(loc_tab *t, double floor, double ceil_miss);
/* The table of p when it fits p's floors, else NULL. */
const loc_tab *loc_tab_of(const loc_prob *p);
/* The cost -log P(label y) of logit u from table t (see loc_tab). */
static inline double loc_tab_cost(const loc_tab *t, int y, double u)
{
    double x = (loc_clamp(u, LOC_TAB_LO, -LOC_TAB_LO) - LOC_TAB_LO) * LOC_TAB_PER;
    int k = (int)x;
    k = k < LOC_TAB_N - 1 ? k : LOC_TAB_N - 2;
    double s = x - k, r = 1.0 - s;
    const double *a = t->node[y != 0][k];
    /* Hermite basis: (1 + 2s) r^2, s r^2, s^2 (3 - 2s), -s^2 r. */
    return r * r * ((1.0 + 2.0 * s) * a[0] + s * a[1]) +
           s * s * ((3.0 - 2.0 * s) * a[2] - r * a[3]);
}
/* The exact cost the table stands for (tests, and its nodes). */
double loc_label_cost(double floor, double ceil_miss, int y, double u);
/* Negative log-likelihood at v over the first n observations (with p's
 * background and activity, when set). */
double loc_nll(const loc_prob *p, const double *v, size_t n);
/* Builds p->on for p's activity, backgrounds and floors (invalid when p has
 * no activity or on allocation failure: loc_nll then sums every one). */
void loc_onlist_build(const loc_prob *p);
void loc_onlist_free(loc_onlist *ol);
double loc_fit(loc_prob *full, loc_prob *coarse, const loc_start *st, int nst, double step,
               double *v);
int loc_adapt_floors(loc_prob *p, double *v, double step);
void loc_report(const loc_prob *p, const jw_locate_config *c, const double *v, size_t n_valid,
                jw_emitter_row *out);

/* locate_region.c */
/* The 95 % ellipse of the position of v into out's err_* fields. */
void loc_region(const loc_prob *p, const double *v, double tmax, jw_emitter_row *out);

/* locate_track.c: a source moving at constant velocity. */
#define LOC_TRACK_NPAR (LOC_NPAR + 2)

/* One observation's (then one cluster's) score: the gradient of its term
 * over the free parameters, and its target (locate_region.c). */
typedef struct loc_score {
    uint32_t tgt;             /* target, 0 unknown (a cluster of its own) */
    double g[LOC_TRACK_NPAR]; /* d term / d parameter */
} loc_score;

/* Inverts the dim x dim matrix a (row-major, rows ld apart, dim <=
 * LOC_TRACK_NPAR) in place (Gauss-Jordan, partial pivot); 0 when singular. */
int loc_invert(double *a, int dim, int ld);

/* Sums sc[0..n)'s scores (dim of them) per target into sc[0..return): a
 * target's observations are one cluster, an observation without a target is
 * a cluster of its own. Reorders sc. */
size_t loc_cluster_sum(loc_score *sc, size_t n, int dim);
typedef struct loc_track {
    double w[LOC_TRACK_NPAR]; /* x0, y0 km (position at tm); ln reach; horizon offset a;
                               * east, north velocity km/h */
    double tm;                /* reference time, s */
    double nll0;              /* nll of the static source (velocity 0) it started from */
    double nll;               /* nll of the track */
    int nf;                   /* free parameters (a is not when held) */
    int fr[LOC_TRACK_NPAR];   /* which */
    int cov_ok;               /* 1: the Hessian was invertible, hinv and z set */
    double hinv[LOC_TRACK_NPAR][LOC_TRACK_NPAR]; /* inverse Hessian (free parameters) */
    double (*z)[LOC_TRACK_NPAR];                 /* per target cluster, its influence H^-1 g_t (free
                                                  * parameters); malloc'd, loc_track_free frees */
    size_t nz;                                   /* clusters */
    double wald_v; /* robust Wald statistic of the velocity (chi-square 2 dof) */
    double deff;   /* design effect of the velocity (robust over naive variance, >= 1) */
} loc_track;
/* nll of track w (reference time tm) over p's observations (with p's
 * background and activity). */
double loc_track_nll(const loc_prob *p, const double *w, double tm);
/* Fits the track from the static source v (x, y, ln reach, a) placed at tm:
 * velocity started from the best of 0 and 16 trial velocities, Nelder-Mead,
 * then the robust covariance. JW_ENOMEM when its scratch cannot be had. */
jw_err loc_track_fit(const loc_prob *p, const double *v, double tm, loc_track *tr);
void loc_track_free(loc_track *tr);
/* The position at time t and its 95 % ellipse (semi-axes at most tmax) into
 * out's lat, lon and err_* fields. */
void loc_track_place(const loc_prob *p, const loc_track *tr, double t, double tmax,
                     jw_emitter_row *out);

#endif
