/*
 * air_cluster.c - cross-aircraft spoofing checks (air_cluster.h): several
 * aircraft at one point at once, and positions no known receiver could
 * have heard. The latest position of every aircraft is kept in a bounded
 * table; a check sorts the fresh airborne ones by (latitude row, longitude)
 * and looks, for each, at the rows above and below within radius_km: a
 * spatial index rebuilt once per check, never per message. A second apart
 * few aircraft change places in it, so the sort starts from the previous
 * check's order (insertion sort, O(n) when nothing moved; qsort when much
 * did) and the rows' extents replace binary searches.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/air_cluster.h"
#include "jamwatch/evidence.h"
#include "jamwatch/geo.h"

#define WAYS         4
#define ROW_DEG      0.01 /* latitude rows of the index (~1.1 km) */
#define MIN_ALT_FT   1000 /* airborne: above this barometric altitude */
#define ALT_DIFF_FT  1000 /* "not one formation": altitudes this far apart ... */
#define GS_DIFF_KT   100  /* ... or ground speeds ... */
#define TRK_DIFF     45   /* ... or tracks (degrees, both moving) */
#define END_S        30.0 /* a finding ends after this long without its condition */
#define RANGE_S      5.0  /* beyond every horizon this long (>= 3 checks) */
#define LOS_MARGIN   1.15 /* horizon stretched for anomalous propagation ... */
#define LOS_SLACK    20.0 /* ... plus this (km) */
#define MAX_RX       256  /* receivers kept */
#define COS_SPAN_DEG 0.5  /* latitude span of a cached cosine bound */

/* The persistence of one finding of one aircraft. */
typedef struct cl_run {
    double first, last; /* current run of checks with the condition */
    double free_since;  /* first check of the current run of fresh positions
                         * without it (NAN: none) */
    bool flag;          /* the finding is open */
} cl_run;

typedef struct cl_pos {
    uint32_t addr;          /* ICAO address */
    bool used;              /* slot in use */
    bool listed;            /* in the active list */
    double t, lat, lon;     /* latest reported position */
    double alt_ft, gs, trk; /* NAN unknown */
    cl_run cl, los;         /* several at one point; beyond every horizon */
    double a_lat, a_lon;    /* where it was when its current cluster run began: a
                             * member must stay there (a spoofed fix is pinned; an
                             * airborne aircraft cannot stand still) */
    double cos_lb;          /* a lower bound of cos(latitude) within COS_SPAN_DEG of ... */
    double cos_at;          /* ... this latitude (1e9 none): widens the search, never narrows */
    uint32_t gen;           /* the check that last put it in the index ... */
    uint32_t seq_now;       /* ... at this place of scratch (UINT32_MAX once sorted) */
} cl_pos;

typedef struct cl_ref {
    long row;        /* floor(lat / ROW_DEG) */
    double lon;      /* longitude */
    cl_pos *p;       /* the entry */
    uint32_t seq;    /* place in the active list this check: ties keep it (a stable sort) */
    uint32_t rs, re; /* [rs, re): the index's entries of this row, once sorted */
} cl_ref;

struct jw_air_cluster {
    jw_air_cluster_config cfg; /* defaults filled; receivers point at rx */
    jw_receiver rx[MAX_RX];    /* copy of the receivers */
    cl_pos *slots;             /* nbuckets * WAYS */
    size_t nbuckets;           /* power of two */
    cl_ref *scratch;           /* nbuckets * WAYS: one check's entries, active-list order */
    cl_ref *prev;              /* nbuckets * WAYS: the latest check's sorted index (the
                                * next sort starts from its nearly right order) */
    size_t nprev;              /* entries in prev */
    uint32_t gen;              /* checks so far */
    cl_pos **active;           /* nbuckets * WAYS: slots noted within fresh_s (a check
                                * visits these, not the whole table) */
    size_t nactive;            /* used */
};

jw_err jw_air_cluster_open(const jw_air_cluster_config *cfg, jw_air_cluster **out)
{
    jw_air_cluster *c = calloc(1, sizeof *c);
    if (!c)
        return JW_ENOMEM;
    if (cfg)
        c->cfg = *cfg;
    if (c->cfg.capacity == 0)
        c->cfg.capacity = 16384;
    if (c->cfg.radius_km <= 0)
        c->cfg.radius_km = 1.0;
    if (c->cfg.min_members < 2)
        c->cfg.min_members = 3;
    if (c->cfg.persist_s <= 0)
        c->cfg.persist_s = 20;
    if (c->cfg.fresh_s <= 0)
        c->cfg.fresh_s = 5;
    if (c->cfg.nreceivers > MAX_RX)
        c->cfg.nreceivers = MAX_RX;
    if (c->cfg.nreceivers && c->cfg.receivers)
        memcpy(c->rx, c->cfg.receivers, c->cfg.nreceivers * sizeof c->rx[0]);
    else
        c->cfg.nreceivers = 0;
    c->cfg.receivers = c->rx;
    size_t nb = 1;
    while (nb * WAYS < c->cfg.capacity)
        nb <<= 1;
    c->nbuckets = nb;
    c->slots = calloc(nb * WAYS, sizeof *c->slots);
    c->scratch = malloc(nb * WAYS * sizeof *c->scratch);
    c->prev = malloc(nb * WAYS * sizeof *c->prev);
    c->active = malloc(nb * WAYS * sizeof *c->active);
    if (!c->slots || !c->scratch || !c->prev || !c->active) {
        jw_air_cluster_close(c);
        return JW_ENOMEM;
    }
    *out = c;
    return JW_OK;
}

void jw_air_cluster_close(jw_air_cluster *c)
{
    if (!c)
        return;
    free(c->slots);
    free(c->scratch);
    free(c->prev);
    free(c->active);
    free(c);
}

void jw_air_cluster_note(jw_air_cluster *c, uint32_t addr, double t, double lat, double lon,
                         double alt_ft, double gs_kt, double track_deg)
{
    uint32_t slot = 0;
    jw_air_cluster_note_slot(c, addr, t, lat, lon, alt_ft, gs_kt, track_deg, &slot);
}

void jw_air_cluster_note_slot(jw_air_cluster *c, uint32_t addr, double t, double lat, double lon,
                              double alt_ft, double gs_kt, double track_deg, uint32_t *slot)
{
    if (!isfinite(lat) || !isfinite(lon) || !isfinite(t))
        return;
    cl_pos *b = c->slots + (((addr * 2654435761u) >> 8) & (c->nbuckets - 1)) * WAYS, *p = NULL;
    /* A slot in use holding addr is in addr's bucket and its only one: the
     * one the search below would find, without looking at the others. */
    if (*slot && *slot <= c->nbuckets * WAYS && c->slots[*slot - 1].used &&
        c->slots[*slot - 1].addr == addr)
        p = &c->slots[*slot - 1];
    for (int i = 0; i < WAYS && !p; i++)
        if (b[i].used && b[i].addr == addr)
            p = &b[i];
    if (!p) {
        p = &b[0];
        for (int i = 0; i < WAYS; i++)
            if (!b[i].used || (p->used && b[i].t < p->t))
                p = &b[i];
        bool listed = p->listed; /* a reused slot keeps its place in the list */
        memset(p, 0, sizeof *p);
        p->listed = listed;
        p->used = true;
        p->addr = addr;
        p->cl.last = p->los.last = -INFINITY;
        p->cl.free_since = p->los.free_since = NAN;
        p->cos_at = 1e9;
    }
    *slot = (uint32_t)(p - c->slots) + 1;
    p->t = t, p->lat = lat, p->lon = lon;
    p->alt_ft = alt_ft, p->gs = gs_kt, p->trk = track_deg;
    if (!p->listed) {
        p->listed = true;
        c->active[c->nactive++] = p;
    }
}

/* (row, lon, seq): the order a stable sort by (row, lon) of the entries in
 * active-list order gives, whatever the algorithm. */
static bool ref_before(const cl_ref *x, const cl_ref *y)
{
    if (x->row != y->row)
        return x->row < y->row;
    if (x->lon != y->lon)
        return x->lon < y->lon;
    return x->seq < y->seq;
}

static int ref_cmp(const void *a, const void *b)
{
    return ref_before(a, b) ? -1 : ref_before(b, a) ? 1 : 0;
}

/* Sorts the index scratch[0..n) (built in active-list order) by ref_before,
 * starting from the previous check's order: a second later few aircraft
 * changed places, so an insertion sort has little to do. Falls back to
 * qsort when it would have much (the first check, many new entries).
 * Returns the sorted index: prev, kept for the next check. */
static cl_ref *sort_index(jw_air_cluster *c, size_t n)
{
    cl_ref *v = c->prev;
    size_t m = 0;
    for (size_t j = 0; j < c->nprev; j++) { /* m <= j: in place */
        cl_pos *p = v[j].p;
        if (p->gen == c->gen && p->seq_now != UINT32_MAX) {
            v[m++] = c->scratch[p->seq_now];
            p->seq_now = UINT32_MAX; /* placed */
        }
    }
    for (size_t k = 0; k < n; k++)
        if (c->scratch[k].p->seq_now != UINT32_MAX)
            v[m++] = c->scratch[k];
    size_t moves = 0, budget = 8 * n + 64;
    for (size_t i = 1; i < n && moves <= budget; i++) {
        cl_ref x = v[i];
        size_t j = i;
        while (j > 0 && ref_before(&x, &v[j - 1])) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
        moves += i - j;
    }
    if (moves > budget)
        qsort(v, n, sizeof *v, ref_cmp);
    for (size_t i = 0; i < n;) { /* the rows' extents */
        size_t e = i + 1;
        while (e < n && v[e].row == v[i].row)
            e++;
        for (size_t k = i; k < e; k++)
            v[k].rs = (uint32_t)i, v[k].re = (uint32_t)e;
        i = e;
    }
    c->nprev = n;
    return v;
}

/* Could p and q be one formation (same altitude band and velocity)? */
static bool alike(const cl_pos *p, const cl_pos *q)
{
    if (fabs(p->alt_ft - q->alt_ft) >= ALT_DIFF_FT)
        return false;
    if (isfinite(p->gs) && isfinite(q->gs)) {
        if (fabs(p->gs - q->gs) >= GS_DIFF_KT)
            return false;
        double d = fabs(fmod(p->trk - q->trk + 540.0, 360.0) - 180.0);
        if (p->gs > 50 && q->gs > 50 && isfinite(d) && d >= TRK_DIFF)
            return false;
    }
    return true;
}

/* First index of v[0..n) not below (row, lon). */
static size_t lower(const cl_ref *v, size_t n, long row, double lon)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid].row < row || (v[mid].row == row && v[mid].lon < lon))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Distinct other aircraft of row's entries v[a..b) within the radius of
 * v[i] (dlon: at least the radius in longitude) that are not its formation. */
static int unlike_in_row(const jw_air_cluster *c, const cl_ref *v, size_t n, size_t a, size_t b,
                         size_t i, double dlon)
{
    const cl_pos *p = v[i].p;
    double lo = p->lon - dlon, hi = p->lon + dlon;
    size_t j = a;
    if (b - a > 16)
        j = lower(v, n, v[a].row, lo);
    else
        while (j < b && v[j].lon < lo)
            j++;
    int k = 0;
    for (; j < b && !(v[j].lon > hi); j++)
        if (j != i && !alike(p, v[j].p) &&
            jw_geo_distance_km(p->lat, p->lon, v[j].p->lat, v[j].p->lon) <= c->cfg.radius_km)
            k++;
    return k;
}

/* Distinct other aircraft within the radius of v[i] that are not its
 * formation: in its row and the rows above and below. The longitude span
 * searched comes from a cached lower bound of cos(latitude), so it is never
 * narrower than the radius; the distance decides. */
static int unlike_near(const jw_air_cluster *c, const cl_ref *v, size_t n, size_t i)
{
    cl_pos *p = v[i].p;
    if (!(fabs(p->lat - p->cos_at) <= COS_SPAN_DEG)) {
        p->cos_at = p->lat;
        p->cos_lb = cos(fmin(fabs(p->lat) + 1.2 * COS_SPAN_DEG, 90) * (M_PI / 180));
    }
    double dlon = c->cfg.radius_km / (111.195 * fmax(p->cos_lb, 0.01));
    size_t rs = v[i].rs, re = v[i].re;
    long row = v[i].row;
    int k = unlike_in_row(c, v, n, rs, re, i, dlon);
    if (rs > 0 && v[rs - 1].row == row - 1)
        k += unlike_in_row(c, v, n, v[rs - 1].rs, rs, i, dlon);
    if (re < n && v[re].row == row + 1)
        k += unlike_in_row(c, v, n, re, v[re].re, i, dlon);
    return k;
}

enum { NO_HIT = -1, BEGINS = 0, ENDS = 1 };

/* One check of a finding's persistence: BEGINS, ENDS or NO_HIT. It ends
 * only after END_S of fresh positions without the condition: an aircraft
 * that stops reporting keeps it. */
static int step(cl_run *r, bool fresh, bool cond, double now, double hold)
{
    if (!fresh) {
        r->free_since = NAN;
        return NO_HIT;
    }
    if (cond) {
        if (now - r->last > 4.5) /* not seen in the latest checks: a new run */
            r->first = now;
        r->last = now;
        r->free_since = NAN;
        if (!r->flag && now - r->first >= hold) {
            r->flag = true;
            return BEGINS;
        }
        return NO_HIT;
    }
    if (isnan(r->free_since))
        r->free_since = now;
    if (r->flag && now - r->free_since >= END_S) {
        r->flag = false;
        return ENDS;
    }
    return NO_HIT;
}

static size_t add_hit(jw_air_cluster_hit *hits, size_t n, const cl_pos *p, int kind, int what,
                      double since)
{
    if (what == NO_HIT)
        return n;
    hits[n] = (jw_air_cluster_hit){p->addr, (uint8_t)kind, (uint8_t)what, since, p->lat, p->lon};
    return n + 1;
}

size_t jw_air_cluster_check(jw_air_cluster *c, double now, jw_air_cluster_hit *hits, size_t max)
{
    size_t n = 0, nh = 0;
    c->gen++;
    for (size_t i = 0; i < c->nactive; i++) {
        cl_pos *p = c->active[i];
        bool fresh = now - p->t <= c->cfg.fresh_s;
        if (!fresh) { /* silent: no evidence either way until it reports again */
            p->cl.free_since = p->los.free_since = NAN;
            p->listed = false;
            c->active[i--] = c->active[--c->nactive];
            continue;
        }
        if (fresh && isfinite(p->alt_ft) && p->alt_ft > MIN_ALT_FT) {
            p->gen = c->gen, p->seq_now = (uint32_t)n;
            c->scratch[n] = (cl_ref){(long)floor(p->lat / ROW_DEG), p->lon, p, (uint32_t)n, 0, 0};
            n++;
        } else
            p->cl.free_since = NAN; /* not airborne now: no evidence either way */
        if (nh == max)
            continue; /* no room to report: the finding waits for the next check */
        bool beyond = !jw_los_heard_possible(c->rx, c->cfg.nreceivers, p->lat, p->lon,
                                             p->alt_ft * 0.3048, LOS_MARGIN, LOS_SLACK);
        int w = step(&p->los, fresh, beyond, now, RANGE_S);
        nh = add_hit(hits, nh, p, JW_EV_SPOOF_RANGE, w, p->los.first);
    }
    const cl_ref *v = sort_index(c, n);
    for (size_t i = 0; i < n && nh < max; i++) {
        cl_pos *p = v[i].p;
        bool in = unlike_near(c, v, n, i) >= c->cfg.min_members - 1;
        if (in && now - p->cl.last > 4.5) /* a new run (as step() decides): its anchor */
            p->a_lat = p->lat, p->a_lon = p->lon;
        /* Departure streams and crossings pass within the radius too, but keep
         * moving; only a point the members stay at for the hold is a fake fix. */
        in = in && jw_geo_distance_km(p->a_lat, p->a_lon, p->lat, p->lon) <= c->cfg.radius_km;
        int w = step(&p->cl, true, in, now, c->cfg.persist_s);
        nh = add_hit(hits, nh, p, JW_EV_SPOOF_CLUSTER, w, p->cl.first);
    }
    return nh;
}
