/*
 * locate_multi.c - several sources in one event (locate.h,
 * jw_locate_jammers): jammers' powers add, spoofers combine as a union
 * P(affected) = 1 - prod(1 - q_k), each source on or off per time slot,
 * fitted by backfitting: every source is
 * located by the single-source machinery (coarse grid, Nelder-Mead) with the
 * others held as a per-observation background, the on/off pattern of every
 * slot is chosen by likelihood, and sources are added one at a time while
 * each of them pays for itself (docs/locate.md, "Several sources").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/geo.h"
#include "jamwatch/sim_physics.h"
#include "locate_internal.h"

#define MS_SLOTS       48    /* activity slots per event, at most */
#define MS_SLOT_S      300.0 /* shortest slot, s */
#define MS_K           JW_LOCATE_MAX_SOURCES
#define MS_TRACK_MIN_S 1200.0 /* a source on for less is not tried as moving */
#define MS_PIECE_KM    20.0   /* a moving source's track is reported in pieces this long */
#define MS_CHI2_2_99   9.210  /* chi-square, 2 dof, 99 %: the velocity's Wald test */
/* The fastest track accepted, km/h: ships and road vehicles are slower; an
 * airborne jammer's track is not what the model describes (its height, and so
 * its horizon, is held constant), and two static jammers on different
 * schedules fitted as one source look like a fast track (korea seed 4: 600
 * km/h from one to the other before the lost aircraft's altitude rule; 139
 * km/h after it, which this bound lets through: one reason the track is
 * opt-in, jw_locate_config.moving). */
#define MS_MAX_KMH    200.0
#define MS_SPLITS     4   /* starts of a split (split_dir) */
#define MS_ROUNDS     6   /* global refit rounds of a K + 1 candidate, at most */
#define MS_ROUND_GAIN 0.5 /* nats: a round that gains less ends them */
#define MS_SPAN_GAIN  0.5 /* nats: a slot whose source gains less by being on is not in its span */

/* The state of a multi-source fit. */
typedef struct ms_fit {
    loc_prob full, coarse;       /* the observations (full and coarse samples) */
    jw_locate_config cfg;        /* effective configuration */
    int k;                       /* sources in the model */
    double v[MS_K][LOC_NPAR];    /* their parameters */
    uint8_t act[MS_K][MS_SLOTS]; /* on (1) / off per slot */
    int nslots;                  /* slots used */
    double t0, slot_s;           /* slot 0 starts at t0; slot length */
    double *qf[MS_K], *qc[MS_K]; /* each source's term (jammer: J/S ratio; spoofer: q) */
    double *raw;                 /* each source's term ignoring activity, full: [k][n] */
    double *bgf, *bgc;           /* background scratch, full/coarse */
    double wsum, aff_w;          /* total weight, affected weight (full) */
    loc_tab *tab;                /* label cost table, shared by full and coarse */
    loc_grid_memo memo;          /* the coarse grid's codes (coarse) */
    loc_onlist onf, onc;         /* the on observations of the source fitted, full/coarse */
    int deep;                    /* 1: the thorough K + 1 search (search(), second pass) */
} ms_fit;

static int slot_of(const ms_fit *m, double t)
{
    if (!isfinite(t))
        return 0;
    int s = (int)floor((t - m->t0) / m->slot_s);
    return s < 0 ? 0 : s >= m->nslots ? m->nslots - 1 : s;
}

static void set_slots(ms_fit *m, loc_pt *pf, loc_pt *pc)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < m->full.n; i++)
        if (isfinite(pf[i].t))
            lo = fmin(lo, pf[i].t), hi = fmax(hi, pf[i].t);
    m->t0 = isfinite(lo) ? lo : 0;
    double span = isfinite(lo) ? hi - lo : 0;
    m->slot_s = fmax(MS_SLOT_S, span / MS_SLOTS * 1.0001);
    m->nslots = (int)floor(span / m->slot_s) + 1;
    if (m->nslots > MS_SLOTS)
        m->nslots = MS_SLOTS;
    for (size_t i = 0; i < m->full.n; i++)
        pf[i].slot = slot_of(m, pf[i].t);
    for (size_t i = 0; i < m->coarse.n; i++)
        pc[i].slot = slot_of(m, pc[i].t);
}

/* The sources' terms combine: a spoofer's term is its q and they combine as
 * a union (acc: the chance of escaping them all, from 1); a jammer's is its
 * J/S power ratio and powers add, as in the simulator (acc: the sum, from
 * 0). */
static double acc0(const ms_fit *m)
{
    return m->full.spoof ? 1.0 : 0.0;
}

static double acc_add(const ms_fit *m, double acc, double x)
{
    return m->full.spoof ? acc * (1.0 - x) : acc + x;
}

static double acc_q(const ms_fit *m, double acc)
{
    return m->full.spoof ? 1.0 - acc : loc_ratio_q(&m->full, acc);
}

/* Observation q's cost, -w log P(its label), when the sources' terms sum to
 * acc (the floors of the full sample). */
static double label_cost(const ms_fit *m, const loc_pt *q, double acc)
{
    const loc_prob *p = &m->full;
    double pa = p->floor + (1.0 - p->floor - p->ceil_miss) * acc_q(m, acc);
    return -q->w * log(q->y ? pa : 1.0 - pa);
}

/* The term of source j on one sample (with its activity when act). */
static void q_fill(const ms_fit *m, const loc_prob *p, int j, const uint8_t *act, double *q)
{
    loc_src c;
    loc_make_src(p, m->v[j], &c);
    for (size_t i = 0; i < p->n; i++)
        q[i] = act && !act[p->pt[i].slot] ? 0
                                          : (p->spoof ? loc_q_affected(p, &p->pt[i], &c)
                                                      : loc_jam_ratio(p, &p->pt[i], &c));
}

static void q_update(ms_fit *m, int j)
{
    q_fill(m, &m->full, j, m->act[j], m->qf[j]);
    q_fill(m, &m->coarse, j, m->act[j], m->qc[j]);
}

/* Background of every source but skip (-1: none skipped): spoofers, the
 * chance that the others capture; jammers, the others' power ratio. */
static void background(const ms_fit *m, int skip, double *const q[MS_K], size_t n, double *bg)
{
    for (size_t i = 0; i < n; i++) {
        double acc = acc0(m);
        for (int j = 0; j < m->k; j++)
            if (j != skip)
                acc = acc_add(m, acc, q[j][i]);
        bg[i] = m->full.spoof ? 1.0 - acc : acc;
    }
}

static int active_slots(const ms_fit *m, int j);

/* Sets the problems up for fitting source j with the others held. */
static void hold_others(ms_fit *m, int j)
{
    background(m, j, m->qf, m->full.n, m->bgf);
    background(m, j, m->qc, m->coarse.n, m->bgc);
    m->full.bg_gen++, m->coarse.bg_gen++; /* the on-lists built before are stale */
    if (m->full.spoof)
        m->full.bg = m->bgf, m->coarse.bg = m->bgc;
    else
        m->full.bgp = m->bgf, m->coarse.bgp = m->bgc;
    m->full.act = m->coarse.act = m->act[j];
    m->full.on = &m->onf, m->coarse.on = &m->onc;
    loc_onlist_build(&m->full);
    loc_onlist_build(&m->coarse);
}

/* Locates source j with the others held: by polishing its current
 * parameters (global 0), and from the coarse grid too, keeping the better
 * (1), or only from the coarse grid (2: a new source). */
static jw_err fit_source(ms_fit *m, int j, int global)
{
    hold_others(m, j);
    int dim = m->full.fix_a ? 3 : 4;
    double fine[LOC_NPAR] = {m->cfg.grid_km / 2, m->cfg.grid_km / 2, 0.1, 3};
    double finer[LOC_NPAR] = {1, 1, 0.03, 1};
    double f = INFINITY;
    if (global && m->deep && active_slots(m, j) == 0) { /* off everywhere: nothing to fit it to */
        memset(m->act[j], 1, sizeof m->act[j]);
        hold_others(m, j);
    }
    if (global < 2) { /* it has a place: polish it */
        loc_nelder_mead(&m->full, m->v[j], fine, dim, 400, 1e-4);
        f = loc_nelder_mead(&m->full, m->v[j], finer, dim, 300, 1e-4);
    }
    if (global) { /* and from the coarse grid: the better one stays */
        loc_start st[LOC_STARTS];
        double w[LOC_NPAR];
        int nst = loc_coarse_search(&m->coarse, m->cfg.search_km, m->cfg.grid_km, st);
        if (nst == 0)
            return JW_ENOMEM;
        if (loc_fit(&m->full, &m->coarse, st, nst, m->cfg.grid_km, w) < f)
            memcpy(m->v[j], w, sizeof w);
    }
    q_update(m, j);
    return JW_OK;
}

/* The lowest negative log-likelihood any model can reach: every label at
 * its ceiling, P(affected) = 1 - ceil_miss, P(unaffected) = 1 - floor. */
static double nll_bound(const ms_fit *m)
{
    const loc_prob *p = &m->full;
    double ca = -log(1.0 - p->ceil_miss), cu = -log(1.0 - p->floor), s = 0;
    for (size_t i = 0; i < p->n; i++)
        s += p->pt[i].w * (p->pt[i].y ? ca : cu);
    return s;
}

/* The model's negative log-likelihood with every source; with source skip
 * left out when skip >= 0. */
static double total_nll(ms_fit *m, int skip)
{
    const loc_prob *p = &m->full;
    double s = 0;
    for (size_t i = 0; i < p->n; i++) {
        double acc = acc0(m);
        for (int j = 0; j < m->k; j++)
            if (j != skip)
                acc = acc_add(m, acc, m->qf[j][i]);
        s += label_cost(m, &p->pt[i], acc);
    }
    return s;
}

/* Chooses, slot by slot, which sources are on: the pattern of the highest
 * likelihood (ties: more sources on; a slot without observations: all on). */
static void update_activity(ms_fit *m)
{
    if (m->k == 1)
        return; /* one source: on whenever there is an event */
    const loc_prob *p = &m->full;
    size_t n = p->n;
    for (int j = 0; j < m->k; j++)
        q_fill(m, p, j, NULL, m->raw + (size_t)j * n);
    int ncomb = 1 << m->k;
    for (int s = 0; s < m->nslots; s++) {
        double best = INFINITY;
        int bc = ncomb - 1;
        for (int c = ncomb - 1; c >= 0; c--) {
            double ll = 0;
            for (size_t i = 0; i < n; i++) {
                if (p->pt[i].slot != s)
                    continue;
                double acc = acc0(m);
                for (int j = 0; j < m->k; j++)
                    if (c >> j & 1)
                        acc = acc_add(m, acc, m->raw[(size_t)j * n + i]);
                ll += label_cost(m, &p->pt[i], acc);
            }
            if (ll < best - 1e-9)
                best = ll, bc = c;
        }
        for (int j = 0; j < m->k; j++)
            m->act[j][s] = (uint8_t)(bc >> j & 1);
    }
    for (int j = 0; j < m->k; j++)
        q_update(m, j);
}

/* Affected weight that source j alone explains: what its removal loses. */
static double unique_weight(const ms_fit *m, int j)
{
    double u = 0;
    for (size_t i = 0; i < m->full.n; i++) {
        if (!m->full.pt[i].y)
            continue;
        double with = acc0(m), without = acc0(m);
        for (int l = 0; l < m->k; l++) {
            with = acc_add(m, with, m->qf[l][i]);
            if (l != j)
                without = acc_add(m, without, m->qf[l][i]);
        }
        u += m->full.pt[i].w * (acc_q(m, with) - acc_q(m, without));
    }
    return u;
}

static int active_slots(const ms_fit *m, int j)
{
    int a = 0;
    for (int s = 0; s < m->nslots; s++)
        a += m->act[j][s];
    return a;
}

/* Does every source pay for itself? Dropping it must cost more than BIC's
 * price of its parameters, and it must alone explain 3 % of the affected
 * weight (at least 2 observations' worth). */
static int every_source_pays(ms_fit *m)
{
    double f = total_nll(m, -1), lw = log(fmax(m->wsum, 2));
    for (int j = 0; j < m->k; j++) {
        double price = 0.5 * (LOC_NPAR + active_slots(m, j)) * lw;
        if (total_nll(m, j) - f < price || unique_weight(m, j) < fmax(0.03 * m->aff_w, 2.0))
            return 0;
    }
    return 1;
}

/* Affected weight that the model leaves unexplained (P < 0.2). */
static double unexplained(const ms_fit *m)
{
    double u = 0;
    for (size_t i = 0; i < m->full.n; i++) {
        if (!m->full.pt[i].y)
            continue;
        double acc = acc0(m);
        for (int j = 0; j < m->k; j++)
            acc = acc_add(m, acc, m->qf[j][i]);
        u += acc_q(m, acc) < 0.2 ? m->full.pt[i].w : 0;
    }
    return u;
}

/* Split starts: distance either side (standard deviations of the affected
 * observations along their principal axis) and angle from that axis (deg). */
static const double split_dir[MS_SPLITS][2] = {{1.5, 0}, {0.5, 0}, {1.0, 45}, {1.0, -45}};

/* Splits source j in two: both at its reach, placed either side of the
 * centre of the affected observations it explains, along a direction and at
 * a distance (in standard deviations) from split_dir[d]: two sources fitted
 * as one sit between their affected areas, but where exactly is not known,
 * and one start often ends in a poorer optimum (korea: one of the two was
 * switched off everywhere, or both went to one jammer). The new one is
 * source k. */
static void split_source(ms_fit *m, int j, int d)
{
    const loc_prob *p = &m->full;
    double sw = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < p->n; i++) {
        const loc_pt *q = &p->pt[i];
        double cu = q->u[0] * p->c[0] + q->u[1] * p->c[1] + q->u[2] * p->c[2];
        if (!q->y || cu < 0.5)
            continue;
        double x =
            JW_EARTH_RADIUS_KM * (q->u[0] * p->e[0] + q->u[1] * p->e[1] + q->u[2] * p->e[2]) / cu;
        double y = JW_EARTH_RADIUS_KM *
                   (q->u[0] * p->no[0] + q->u[1] * p->no[1] + q->u[2] * p->no[2]) / cu;
        double w = q->w * acc_q(m, acc_add(m, acc0(m), m->qf[j][i]));
        sw += w, sx += w * x, sy += w * y, sxx += w * x * x, syy += w * y * y, sxy += w * x * y;
    }
    int k = m->k++;
    memcpy(m->v[k], m->v[j], sizeof m->v[k]);
    memcpy(m->act[k], m->act[j], sizeof m->act[k]);
    if (!(sw > 0))
        return;
    double mx = sx / sw, my = sy / sw, cxx = sxx / sw - mx * mx, cyy = syy / sw - my * my;
    double cxy = sxy / sw - mx * my, th = 0.5 * atan2(2 * cxy, cxx - cyy);
    double tr = 0.5 * (cxx + cyy),
           disc = sqrt(fmax(0, 0.25 * (cxx - cyy) * (cxx - cyy) + cxy * cxy));
    double sd = sqrt(fmax(tr + disc, 1)) * split_dir[d][0], a = th + split_dir[d][1] * DEG;
    m->v[j][0] = mx + sd * cos(a), m->v[j][1] = my + sd * sin(a);
    m->v[k][0] = mx - sd * cos(a), m->v[k][1] = my - sd * sin(a);
    q_update(m, j), q_update(m, k);
}

/* Rounds of activity and refits: global (each source from the coarse grid
 * with the others held), repeated while a round gains at least MS_ROUND_GAIN
 * (at most global_rounds), then a polish. One round is not enough to move
 * two sources away from where a single one sat: korea's two jammers (seeds 2,
 * 3) stayed 38 and 32 nats short of their true places and schedules after
 * one round, which rejected the second source; a few more reach them. */
static jw_err refit_all(ms_fit *m, int global_rounds)
{
    jw_err err = JW_OK;
    double prev = INFINITY;
    for (int round = 0; round < global_rounds && err == JW_OK; round++) {
        update_activity(m);
        for (int l = 0; l < m->k && err == JW_OK; l++)
            err = fit_source(m, l, 1);
        double f = total_nll(m, -1);
        if (!(f < prev - MS_ROUND_GAIN))
            break;
        prev = f;
    }
    if (err == JW_OK) {
        update_activity(m);
        for (int l = 0; l < m->k && err == JW_OK; l++)
            err = fit_source(m, l, 0);
    }
    return err;
}

/* Adds source k from the coarse grid, the others held (the affected
 * observations they leave unexplained), then refits all. */
static jw_err add_source(ms_fit *m)
{
    int j = m->k++;
    memset(m->act[j], 1, sizeof m->act[j]);
    jw_err err = fit_source(m, j, 2);
    return err == JW_OK ? refit_all(m, j == 0 ? 0 : m->deep ? MS_ROUNDS : 1) : err;
}
/* Copies the model state (parameters, activity) between fits. */
typedef struct ms_saved {
    int k;
    double v[MS_K][LOC_NPAR];
    uint8_t act[MS_K][MS_SLOTS];
} ms_saved;

static void save(const ms_fit *m, ms_saved *s)
{
    s->k = m->k;
    memcpy(s->v, m->v, sizeof s->v), memcpy(s->act, m->act, sizeof s->act);
}

static void restore(ms_fit *m, const ms_saved *s)
{
    m->k = s->k;
    memcpy(m->v, s->v, sizeof s->v), memcpy(m->act, s->act, sizeof s->act);
    for (int j = 0; j < m->k; j++)
        q_update(m, j);
}

/* Per source and slot, the log-likelihood the source gains by being on
 * rather than off there, the others as they are (into gain[j][0..nslots)). */
static void on_gains(ms_fit *m, double gain[MS_K][MS_SLOTS])
{
    const loc_prob *p = &m->full;
    size_t n = p->n;
    for (int l = 0; l < m->k; l++)
        q_fill(m, p, l, NULL, m->raw + (size_t)l * n);
    memset(gain, 0, MS_K * sizeof *gain);
    for (size_t i = 0; i < n; i++) {
        const loc_pt *q = &p->pt[i];
        for (int j = 0; j < m->k; j++) {
            double acc = acc0(m);
            for (int l = 0; l < m->k; l++)
                if (l != j && m->act[l][q->slot])
                    acc = acc_add(m, acc, m->raw[(size_t)l * n + i]);
            gain[j][q->slot] += label_cost(m, q, acc) -
                                label_cost(m, q, acc_add(m, acc, m->raw[(size_t)j * n + i]));
        }
    }
}

/* Span of data time over which source j is on: its first to last on slot
 * whose observations are at least MS_SPAN_GAIN likelier with it on than off
 * under the final model (gain, from on_gains; NULL with one source: the
 * event's span), or all its on slots when none is. The slots' activity was
 * chosen before the last refits and floors, and a tie keeps a source on: a
 * slot with nobody within its reach (baltic seed 1's ship, on in the
 * event's last slot, 50 minutes after it stopped, where off was likelier by
 * 0.09 nats) says nothing of when it transmitted, and the scorer compares a
 * moving source with the truth at the middle of this span. */
static void on_span(const ms_fit *m, int j, const double *gain, double tmax, double *from,
                    double *to)
{
    int a = -1, b = -1;
    for (int s = 0; s < m->nslots; s++)
        if (m->act[j][s] && (!gain || gain[s] >= MS_SPAN_GAIN))
            b = s, a = a < 0 ? s : a;
    if (a < 0)
        for (int s = 0; s < m->nslots; s++)
            if (m->act[j][s])
                b = s, a = a < 0 ? s : a;
    *from = m->t0 + (a < 0 ? 0 : a) * m->slot_s;
    *to = fmin(m->t0 + (b < 0 ? m->nslots : b + 1) * m->slot_s, tmax);
}

/*
 * Source j (its row r filled, the others held) as a moving source: a
 * constant-velocity track from its static fit, kept when it beats the static
 * source by the Bayesian information criterion's price of two parameters
 * (ln W; the gain divided by the velocity's design effect, the targets'
 * clustering), its velocity passes the Wald test at 99 % (the smaller of the
 * robust and the naive statistic: repeated observations of one target are
 * not independent evidence of motion) and it is at most MS_MAX_KMH. Then
 * r is the position at the middle of its on-span and the track goes into
 * out->part[] in pieces of about MS_PIECE_KM.
 */
static jw_err try_track(ms_fit *m, int j, jw_emitter_row *r, jw_locate_sources *out)
{
    if (!m->cfg.moving || !(r->t_to - r->t_from >= MS_TRACK_MIN_S) ||
        out->nparts >= JW_LOCATE_MAX_PARTS)
        return JW_OK;
    loc_track tr;
    double tm = 0.5 * (r->t_from + r->t_to), tmax = 2 * m->cfg.search_km;
    jw_err err = loc_track_fit(&m->full, m->v[j], tm, &tr);
    if (err == JW_OK && tr.cov_ok && (tr.nll0 - tr.nll) / tr.deff > log(fmax(m->wsum, 2)) &&
        tr.wald_v > MS_CHI2_2_99 && hypot(tr.w[4], tr.w[5]) <= MS_MAX_KMH) {
        double speed = hypot(tr.w[4], tr.w[5]), span = r->t_to - r->t_from;
        int np = (int)ceil(speed * span / 3600.0 / MS_PIECE_KM);
        np = np < 1                                   ? 1
             : np > JW_LOCATE_MAX_PARTS - out->nparts ? JW_LOCATE_MAX_PARTS - out->nparts
                                                      : np;
        out->vel_kmh[j][0] = tr.w[4], out->vel_kmh[j][1] = tr.w[5];
        loc_track_place(&m->full, &tr, tm, tmax, r);
        for (int k = 0; k < np; k++) {
            jw_emitter_row *q = &out->part[out->nparts++];
            *q = *r;
            q->t_from = r->t_from + span * k / np, q->t_to = r->t_from + span * (k + 1) / np;
            loc_track_place(&m->full, &tr, 0.5 * (q->t_from + q->t_to), tmax, q);
        }
    }
    loc_track_free(&tr);
    return err;
}

/* Floors from the residuals, then every source's row. */
static jw_err report_all(ms_fit *m, size_t n_valid, jw_locate_sources *out)
{
    hold_others(m, 0);
    if (loc_adapt_floors(&m->full, m->v[0], m->cfg.grid_km)) {
        m->coarse.floor = m->full.floor, m->coarse.ceil_miss = m->full.ceil_miss;
        q_update(m, 0);
        for (int j = 1; j < m->k; j++)
            fit_source(m, j, 0);
    }
    double tmax = -INFINITY;
    for (size_t i = 0; i < m->full.n; i++)
        tmax = isfinite(m->full.pt[i].t) ? fmax(tmax, m->full.pt[i].t) : tmax;
    out->k = m->k;
    for (int j = 0; j < m->k; j++)
        q_update(m, j);
    out->explained = m->aff_w > 0 ? 1.0 - unexplained(m) / m->aff_w : 0;
    double gain[MS_K][MS_SLOTS];
    if (m->k > 1)
        on_gains(m, gain);
    for (int j = 0; j < m->k; j++) {
        hold_others(m, j);
        jw_emitter_row *r = &out->src[j];
        loc_report(&m->full, &m->cfg, m->v[j], n_valid, r);
        r->source = (uint8_t)j, r->n_sources = (uint8_t)m->k;
        on_span(m, j, m->k > 1 ? gain[j] : NULL, isfinite(tmax) ? tmax : INFINITY, &r->t_from,
                &r->t_to);
        if (!isfinite(tmax))
            r->t_from = r->t_to = 0;
        else if (try_track(m, j, r, out) != JW_OK)
            return JW_ENOMEM;
    }
    return JW_OK;
}

/* The best model with one source more than state s (into best; its nll, or
 * INFINITY when no candidate was tried). Candidates: a new source where the
 * affected observations are unexplained, or each existing source split in
 * two; m->deep: from MS_SPLITS starts each, refitted for up to MS_ROUNDS
 * rounds, otherwise the first start and one round. */
static double one_more(ms_fit *m, const ms_saved *s, ms_saved *best, jw_err *err)
{
    double fb = INFINITY;
    int nsplit = m->deep ? MS_SPLITS : 1;
    for (int c = -1; c < s->k * nsplit && *err == JW_OK; c++) {
        restore(m, s);
        if (c < 0 && unexplained(m) < fmax(0.03 * m->aff_w, 2.0))
            continue;
        if (c < 0) {
            *err = add_source(m);
        } else {
            split_source(m, c / nsplit, c % nsplit);
            *err = refit_all(m, m->deep ? MS_ROUNDS : 1);
        }
        double f = total_nll(m, -1);
        if (*err == JW_OK && f < fb)
            fb = f, save(m, best);
    }
    return fb;
}

/*
 * The search: K = 1, then one more source while the model leaves affected
 * observations unexplained and every source still pays for itself. When the
 * K + 1 model gains more than its price but one of its sources does not pay,
 * the data want more than K sources and the search has met a poorer optimum
 * (a source switched off everywhere, or two on one emitter: korea seeds 2
 * and 3, where the true places and schedules are 38 and 32 nats more likely
 * than what the first pass found); the K + 1 search is then run again
 * thoroughly (m->deep), and its result stands or falls by the same rules.
 * Jammers only: on spoofers (whose union model gains from any extra capture
 * disk) it found a false second spoofer on levant seed 3, 20 km off.
 */
static jw_err search(ms_fit *m, int max_k, size_t n_valid, jw_locate_sources *out)
{
    for (int j = 0; j < MS_K; j++)
        out->nll[j] = NAN;
    jw_err err = add_source(m);
    if (err != JW_OK)
        return err;
    out->nll[0] = total_nll(m, -1);
    double price = 0.5 * (LOC_NPAR + m->nslots) * log(fmax(m->wsum, 2)), bound = nll_bound(m);
    while (m->k < max_k) {
        /* One more source cannot gain more than the distance to the bound:
         * when that is below its price, it would be rejected; not tried. */
        if (out->nll[m->k - 1] - bound < price)
            break;
        ms_saved s, best;
        save(m, &s);
        int pays = 0;
        double fb = INFINITY;
        int passes = m->full.spoof ? 1 : 2; /* spoofers: see the comment above */
        for (m->deep = 0; m->deep < passes && err == JW_OK; m->deep++) {
            fb = one_more(m, &s, &best, &err);
            if (!(fb < INFINITY) || err != JW_OK)
                break;
            restore(m, &best);
            pays = every_source_pays(m);
            if (out->nll[s.k - 1] - fb < price || pays)
                break; /* not worth a source, or found */
        }
        m->deep = 0;
        if (err != JW_OK)
            return err;
        if (!(fb < INFINITY)) {
            restore(m, &s);
            break;
        }
        out->nll[m->k - 1] = fb;
        /* The new model must beat the best one with a source fewer by the
         * price of a source's parameters, too. */
        if (out->nll[m->k - 2] - out->nll[m->k - 1] < price || !pays) {
            restore(m, &s);
            break;
        }
    }
    return report_all(m, n_valid, out);
}

static void ms_free(ms_fit *m)
{
    for (int j = 0; j < MS_K; j++)
        free(m->qf[j]), free(m->qc[j]);
    free(m->raw), free(m->bgf), free(m->bgc), free(m->tab);
    loc_memo_free(&m->memo);
    loc_onlist_free(&m->onf), loc_onlist_free(&m->onc);
}

static jw_err ms_alloc(ms_fit *m)
{
    size_t nf = LOC_MAX_OBS, nc = LOC_COARSE_OBS;
    for (int j = 0; j < MS_K; j++) {
        m->qf[j] = calloc(nf, sizeof *m->qf[j]);
        m->qc[j] = calloc(nc, sizeof *m->qc[j]);
        if (!m->qf[j] || !m->qc[j])
            return JW_ENOMEM;
    }
    m->raw = calloc(nf * MS_K, sizeof *m->raw);
    m->bgf = calloc(nf, sizeof *m->bgf);
    m->bgc = calloc(nc, sizeof *m->bgc);
    m->tab = malloc(sizeof *m->tab);
    return m->raw && m->bgf && m->bgc && m->tab ? JW_OK : JW_ENOMEM;
}

static jw_err locate_multi(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                           int spoof, int max_k, jw_locate_sources *out)
{
    if (!out || !obs || n < LOC_MIN_OBS)
        return JW_EINVAL;
    memset(out, 0, sizeof *out);
    ms_fit *m = calloc(1, sizeof *m);
    loc_pt *pt = malloc((LOC_MAX_OBS + LOC_COARSE_OBS) * sizeof *pt);
    jw_err err = m && pt ? ms_alloc(m) : JW_ENOMEM;
    size_t na = 0, nu = 0;
    if (err == JW_OK) {
        m->cfg = loc_effective_config(cfg);
        loc_prob *f = &m->full;
        *f = (loc_prob){.pt = pt, .spoof = spoof, .fix_a = m->cfg.fix_height != 0};
        f->a_fixed = jw_radio_horizon_km(m->cfg.src_height_m, 0);
        f->s_db = m->cfg.boundary_db, f->s_km = 3.0;
        f->floor = f->ceil_miss = m->cfg.label_floor;
        f->tab = m->tab;
        loc_tab_build(m->tab, f->floor, f->ceil_miss);
        f->n = loc_prep_obs(obs, n, spoof ? 0 : m->cfg.band_db, pt, LOC_MAX_OBS, &na, &nu);
        m->coarse = *f;
        m->coarse.pt = pt + LOC_MAX_OBS;
        m->coarse.memo = &m->memo;
        m->coarse.n = loc_prep_obs(obs, n, spoof ? 0 : m->cfg.band_db, pt + LOC_MAX_OBS,
                                   LOC_COARSE_OBS, &na, &nu);
        if (na == 0 || nu == 0 || na + nu < LOC_MIN_OBS)
            err = JW_EINVAL;
    }
    if (err == JW_OK) {
        double ctr[3];
        loc_affected_centre(m->full.pt, m->full.n, ctr);
        loc_frame_init(&m->full, ctr);
        memcpy(m->coarse.c, m->full.c, sizeof ctr), memcpy(m->coarse.e, m->full.e, sizeof ctr);
        memcpy(m->coarse.no, m->full.no, sizeof ctr);
        set_slots(m, pt, pt + LOC_MAX_OBS);
        for (size_t i = 0; i < m->full.n; i++)
            m->wsum += pt[i].w, m->aff_w += pt[i].y ? pt[i].w : 0;
        err = search(m, max_k < 1 ? 1 : max_k > MS_K ? MS_K : max_k, na + nu, out);
    }
    if (m)
        ms_free(m);
    free(m), free(pt);
    return err;
}

jw_err jw_locate_jammers(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg, int max_k,
                         jw_locate_sources *out)
{
    return locate_multi(obs, n, cfg, 0, max_k, out);
}

jw_err jw_locate_spoofers(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                          int max_k, jw_locate_sources *out)
{
    return locate_multi(obs, n, cfg, 1, max_k, out);
}
