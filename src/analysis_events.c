/*
 * analysis_events.c - interference episodes: alarmed cells of a closed
 * window join the open event of their kind that holds the cell or one of its
 * cells within grid distance 3 (jw_h3_disk k = 3, about 130 km at resolution 4) in the previous or
 * the same window, else start a new event; an event not continued for two windows in a row is
 * closed and its source estimated (analysis_emit.c). Bounded: at most
 * EV_MAX open events of EV_MAX_CELLS cells, EV_OBS observations each.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "jamwatch/geo.h"

/* Observations kept per event. A study build may keep more (every one an
 * event is offered, for tools/locate_profile.py: docs/locate.md, Limits):
 * CPPFLAGS=-DJW_EV_OBS=65536 make, in a clone of its own. */
#ifndef JW_EV_OBS
#define JW_EV_OBS 2048
#endif

enum { EV_MAX = 128, EV_MAX_CELLS = 2048, EV_OBS = JW_EV_OBS, EV_NEAR_KM = 300 };

/* Distinct affected targets of an event: an exact open-addressing set of
 * (target << 1 | domain) + 1 keys, filled up to 3/4 of EV_TSET slots; past
 * that, targets not in the set are counted in `over` once per window they
 * appear in (so the count becomes an upper bound only above 3,072). */
enum { EV_TSET = 4096 };

typedef struct ev_tset {
    uint32_t key[EV_TSET]; /* 0 empty */
    uint32_t n;            /* keys held */
    uint32_t over[2];      /* per domain: not held, counted per window (saturated) */
} ev_tset;

typedef struct an_event {
    jw_event_row row;          /* id, kind, times, centroid, counts, severity */
    jw_h3 cells[EV_MAX_CELLS]; /* every affected cell, distinct */
    uint32_t ncells;           /* used */
    jw_h3 prev[EV_MAX_CELLS];  /* cells alarmed in the latest closed window */
    uint32_t nprev;            /* used */
    jw_h3 cur[EV_MAX_CELLS];   /* cells alarmed in the window being closed */
    uint32_t ncur;             /* used */
    double sum_lat, sum_lon;   /* for the centroid, over distinct cells */
    uint32_t ndistinct;        /* distinct cells */
    int missed;                /* windows in a row without continuation */
    double near_km;            /* unaffected observations are kept within this of the centroid */
    bool touched;              /* continued in the window being closed */
    an_obs obs[EV_OBS];        /* reservoir of observations */
    size_t nobs;               /* kept */
    uint64_t seen;             /* offered */
    uint64_t est_seen;         /* seen at the latest interim estimate */
    ev_tset targets;           /* distinct affected targets (row.n_targets) */
} an_event;

/* The grid disk (k = 3) of a cell, kept: jw_h3_disk finds neighbours
 * geometrically (~170,000 instructions a disk) and the same cells alarm
 * window after window. A direct-mapped cache of EV_DISKS entries (a
 * colliding cell replaces the one held), so exact and bounded. */
enum { EV_DISK_K = 3, EV_DISK_N = 37, EV_DISKS = 1024 };

typedef struct ev_disk {
    jw_h3 cell;            /* 0 = empty */
    size_t n;              /* cells in the disk */
    jw_h3 disk[EV_DISK_N]; /* jw_h3_disk(cell, EV_DISK_K) */
} ev_disk;

struct an_events {
    an_event *ev[EV_MAX]; /* open events */
    int n;                /* how many */
    uint64_t next_id;     /* next id */
    ev_disk *disks;       /* EV_DISKS cached disks (pages touched as used) */
};

jw_err an_events_open(an_events **out)
{
    an_events *e = calloc(1, sizeof *e);
    if (!e || !(e->disks = calloc(EV_DISKS, sizeof *e->disks))) {
        free(e);
        return JW_ENOMEM;
    }
    e->next_id = 1;
    *out = e;
    return JW_OK;
}

void an_events_close(an_events *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->n; i++)
        free(e->ev[i]);
    free(e->disks);
    free(e);
}

/* The cells within EV_DISK_K steps of cell (*n of them), NULL when
 * jw_h3_disk fails; valid until the next call. */
static const jw_h3 *disk_of(an_events *e, jw_h3 cell, size_t *n)
{
    ev_disk *d = &e->disks[(cell * 0x9E3779B97F4A7C15ull) >> 54]; /* 10 bits: EV_DISKS */
    if (d->cell != cell) {
        d->cell = 0;
        if (jw_h3_disk(cell, EV_DISK_K, d->disk, EV_DISK_N, &d->n) != JW_OK)
            return NULL;
        d->cell = cell;
    }
    *n = d->n;
    return d->disk;
}

static bool in_list(const jw_h3 *v, uint32_t n, jw_h3 cell)
{
    for (uint32_t i = 0; i < n; i++)
        if (v[i] == cell)
            return true;
    return false;
}

static bool has_cell(const an_event *ev, jw_h3 cell)
{
    return in_list(ev->cells, ev->ncells, cell);
}

static void add_to(jw_h3 *v, uint32_t *n, jw_h3 cell)
{
    if (*n < EV_MAX_CELLS && !in_list(v, *n, cell))
        v[(*n)++] = cell;
}

uint64_t an_events_of(const an_events *e, int kind, jw_h3 cell)
{
    for (int i = 0; i < e->n; i++)
        if (e->ev[i]->row.kind == kind && has_cell(e->ev[i], cell))
            return e->ev[i]->row.id;
    return 0;
}

/* Does the open event ev hold a cell within 3 rings of cell in the latest window? */
static bool near_event(const an_event *ev, const jw_h3 *disk, size_t nd)
{
    for (size_t k = 0; k < nd; k++)
        if (in_list(ev->prev, ev->nprev, disk[k]) || in_list(ev->cur, ev->ncur, disk[k]))
            return true;
    return false;
}

static an_event *new_event(an_events *e, int kind, double start)
{
    if (e->n == EV_MAX)
        return NULL;
    an_event *ev = calloc(1, sizeof *ev);
    if (!ev)
        return NULL;
    ev->row.id = e->next_id++;
    ev->row.kind = (uint8_t)kind;
    ev->row.open = 1;
    ev->row.start = start;
    ev->row.end = start;
    e->ev[e->n++] = ev;
    return ev;
}

static void add_cell(an_event *ev, const jw_cell_row *r, const an_cell_extra *x, int kind)
{
    ev->touched = true;
    add_to(ev->cur, &ev->ncur, r->cell);
    if (!has_cell(ev, r->cell) && ev->ncells < EV_MAX_CELLS) {
        ev->cells[ev->ncells++] = r->cell;
        jw_h3_latlng c;
        if (jw_h3_to_latlng(r->cell, &c) == JW_OK)
            ev->sum_lat += c.lat, ev->sum_lon += c.lon, ev->ndistinct++;
    }
    double lvl = kind == JW_EVENT_JAMMING ? r->level : r->spoof_level;
    if (lvl > ev->row.severity)
        ev->row.severity = lvl;
    if (isfinite(x->onset) && x->onset < ev->row.start)
        ev->row.start = x->onset;
    if (r->t1 > ev->row.end)
        ev->row.end = r->t1;
}

/* Adds one affected target to the event's distinct set. */
static void tset_add(an_event *ev, uint32_t target, uint8_t domain)
{
    ev_tset *t = &ev->targets;
    uint32_t key = (target << 1 | (domain & 1)) + 1;
    uint32_t s = (key * 2654435761u) >> 20; /* 12 bits: EV_TSET slots */
    while (t->key[s] && t->key[s] != key)
        s = (s + 1) & (EV_TSET - 1);
    if (t->key[s])
        return;
    if (t->n >= EV_TSET / 4 * 3) {
        t->over[domain & 1]++;
        return;
    }
    t->key[s] = key;
    t->n++;
    ev->row.n_targets[domain & 1]++;
}

static int row_cmp(const void *k, const void *r)
{
    jw_h3 c = *(const jw_h3 *)k, d = ((const jw_cell_row *)r)->cell;
    return c < d ? -1 : c > d;
}

/* Spoofed targets of cell in the window's rows (sorted by cell). */
static uint32_t spoofed_in(const jw_cell_row *rows, size_t n, jw_h3 cell)
{
    const jw_cell_row *r = bsearch(&cell, rows, n, sizeof *rows, row_cmp);
    return r ? r->spoofed[0] + r->spoofed[1] : 0;
}

/* The affected targets of window w in each touched event's cells of it; a
 * target at a spoofer's capture edge (an_spoof_edge) is no jamming target. */
static void count_targets(jw_analysis *a, const an_window *w, const jw_cell_row *rows, size_t n)
{
    an_events *e = a->events;
    for (size_t i = 0; i < w->cap; i++) {
        const an_entry *x = &w->tab[i];
        if (!x->cell || !(x->flags & (CF_BAD | CF_WEAK | CF_SPOOF)))
            continue;
        bool edge = (x->flags & CF_LOST) && an_spoof_edge(x, spoofed_in(rows, n, x->cell));
        for (int k = 0; k < e->n; k++) {
            an_event *ev = e->ev[k];
            bool hit = ev->row.kind == JW_EVENT_JAMMING
                           ? !edge && ((x->flags & CF_BAD) ||
                                       ((x->flags & CF_WEAK) && !(x->flags & CF_SPOOF)))
                           : (x->flags & CF_SPOOF) != 0;
            if (hit && ev->touched && in_list(ev->cur, ev->ncur, x->cell))
                tset_add(ev, x->target, x->domain);
        }
    }
    for (int k = 0; k < e->n; k++)
        for (int d = 0; d < 2; d++) {
            e->ev[k]->row.n_targets[d] += e->ev[k]->targets.over[d];
            e->ev[k]->targets.over[d] = 0;
        }
}

/* Cells and centroid of the row, then to the sink. */
static void publish(jw_analysis *a, an_event *ev)
{
    ev->row.n_cells = ev->ncells;
    ev->row.cells = ev->cells;
    ev->row.lat = ev->ndistinct ? ev->sum_lat / ev->ndistinct : NAN;
    ev->row.lon = ev->ndistinct ? ev->sum_lon / ev->ndistinct : NAN;
    if (a->sink.event)
        a->sink.event(a->sink.user, &ev->row);
}

static void close_event(jw_analysis *a, int i)
{
    an_events *e = a->events;
    an_event *ev = e->ev[i];
    ev->row.open = 0;
    if (a->cfg.locate)
        an_emit_estimate(a, ev->row.id, ev->row.kind, ev->row.end, ev->obs, ev->nobs);
    publish(a, ev);
    free(ev);
    e->ev[i] = e->ev[--e->n];
}

static void offer(jw_analysis *a, an_event *ev, const an_obs *o)
{
    ev->seen++;
    size_t slot = ev->nobs;
    if (ev->nobs == EV_OBS) {
        uint64_t r = an_rand(&a->rng) % ev->seen;
        if (r >= EV_OBS)
            return;
        slot = (size_t)r;
    } else {
        ev->nobs++;
    }
    ev->obs[slot] = *o;
}

static int uf_find(int *parent, int i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

static int h3_cmp(const void *a, const void *b)
{
    jw_h3 x = *(const jw_h3 *)a, y = *(const jw_h3 *)b;
    return (x > y) - (x < y);
}

/* Moves everything of src into dst (same kind) and frees src's slot. */
static void absorb(jw_analysis *a, an_event *dst, int src_i)
{
    an_events *e = a->events;
    an_event *src = e->ev[src_i];
    for (uint32_t i = 0; i < src->ncells && dst->ncells < EV_MAX_CELLS; i++) {
        if (has_cell(dst, src->cells[i]))
            continue;
        dst->cells[dst->ncells++] = src->cells[i];
        jw_h3_latlng c;
        if (jw_h3_to_latlng(src->cells[i], &c) == JW_OK)
            dst->sum_lat += c.lat, dst->sum_lon += c.lon, dst->ndistinct++;
    }
    for (uint32_t i = 0; i < src->nprev; i++)
        add_to(dst->prev, &dst->nprev, src->prev[i]);
    for (uint32_t i = 0; i < src->ncur; i++)
        add_to(dst->cur, &dst->ncur, src->cur[i]);
    dst->touched |= src->touched;
    if (src->row.start < dst->row.start)
        dst->row.start = src->row.start;
    if (src->row.end > dst->row.end)
        dst->row.end = src->row.end;
    if (src->row.severity > dst->row.severity)
        dst->row.severity = src->row.severity;
    uint32_t held[2] = {0, 0}; /* src's counts beyond its set (saturated) carry over */
    for (size_t i = 0; i < EV_TSET; i++)
        if (src->targets.key[i]) {
            uint32_t k = src->targets.key[i] - 1;
            held[k & 1]++;
            tset_add(dst, k >> 1, (uint8_t)(k & 1));
        }
    for (int d = 0; d < 2; d++)
        dst->row.n_targets[d] += src->row.n_targets[d] - held[d];
    for (size_t i = 0; i < src->nobs; i++)
        offer(a, dst, &src->obs[i]);
    free(src);
    e->ev[src_i] = e->ev[--e->n];
}

/* One connected group of alarmed cells (members idx[0..m)) of one kind. */
static void assign_group(jw_analysis *a, int kind, const jw_cell_row *rows,
                         const an_cell_extra *extra, const size_t *idx, size_t m)
{
    an_events *e = a->events;
    an_event *keep = NULL;
    for (size_t k = 0; k < m; k++) {
        size_t nd = 0;
        const jw_h3 *disk = disk_of(e, rows[idx[k]].cell, &nd);
        if (!disk)
            continue;
        for (int i = e->n - 1; i >= 0; i--) {
            an_event *ev = e->ev[i];
            if (ev == keep || ev->row.kind != kind || !near_event(ev, disk, nd))
                continue;
            if (!keep) {
                keep = ev;
            } else if (ev->row.id < keep->row.id) {
                for (int j = 0; j < e->n; j++)
                    if (e->ev[j] == keep) {
                        absorb(a, ev, j);
                        break;
                    }
                keep = ev;
                i = e->n; /* the list changed: look again */
            } else {
                absorb(a, keep, i);
            }
        }
    }
    if (!keep) {
        double st = INFINITY;
        for (size_t k = 0; k < m; k++)
            st = fmin(st, isfinite(extra[idx[k]].onset) ? extra[idx[k]].onset : rows[idx[k]].t0);
        if (!(keep = new_event(e, kind, st)))
            return;
    }
    for (size_t k = 0; k < m; k++)
        add_cell(keep, &rows[idx[k]], &extra[idx[k]], kind);
}

/* Groups the alarmed cells of one kind (within 3 rings of each other) and
 * hands each group to assign_group. */
static void assign_kind(jw_analysis *a, int kind, const jw_cell_row *rows,
                        const an_cell_extra *extra, size_t n)
{
    size_t *idx = malloc((n ? n : 1) * sizeof *idx), m = 0;
    jw_h3 *cells = malloc((n ? n : 1) * sizeof *cells);
    int *parent = malloc((n ? n : 1) * sizeof *parent);
    size_t *grp = malloc((n ? n : 1) * sizeof *grp);
    if (!idx || !cells || !parent || !grp)
        goto out;
    for (size_t i = 0; i < n; i++)
        if (kind == JW_EVENT_JAMMING ? rows[i].alarm : rows[i].spoof_alarm) {
            cells[m] = rows[i].cell; /* rows are sorted by cell */
            idx[m] = i;
            parent[m] = (int)m;
            m++;
        }
    for (size_t i = 0; i < m; i++) {
        size_t nd = 0;
        const jw_h3 *disk = disk_of(a->events, cells[i], &nd);
        if (!disk)
            continue;
        for (size_t k = 0; k < nd; k++) {
            const jw_h3 *hit = bsearch(&disk[k], cells, m, sizeof *cells, h3_cmp);
            if (hit)
                parent[uf_find(parent, (int)i)] = uf_find(parent, (int)(hit - cells));
        }
    }
    for (size_t r = 0; r < m; r++) {
        if (uf_find(parent, (int)r) != (int)r)
            continue;
        size_t g = 0;
        for (size_t i = 0; i < m; i++)
            if (uf_find(parent, (int)i) == (int)r)
                grp[g++] = idx[i];
        assign_group(a, kind, rows, extra, grp, g);
    }
out:
    free(idx), free(cells), free(parent), free(grp);
}

static void assign_cells(jw_analysis *a, const jw_cell_row *rows, const an_cell_extra *extra,
                         size_t n)
{
    assign_kind(a, JW_EVENT_JAMMING, rows, extra, n);
    assign_kind(a, JW_EVENT_SPOOFING, rows, extra, n);
}

/* The radius around an event's centroid from which unaffected observations
 * are taken: its farthest cell plus EV_NEAR_KM, so that the edge of its
 * reach is on both sides. */
static void near_radius(an_event *ev)
{
    double clat = ev->sum_lat / ev->ndistinct, clon = ev->sum_lon / ev->ndistinct, far = 0;
    for (uint32_t i = 0; i < ev->ncells; i++) {
        jw_h3_latlng c;
        if (jw_h3_to_latlng(ev->cells[i], &c) == JW_OK)
            far = fmax(far, jw_geo_distance_km(clat, clon, c.lat, c.lon));
    }
    ev->near_km = far + EV_NEAR_KM;
}

static void assign_obs(jw_analysis *a, const an_window *w)
{
    an_events *e = a->events;
    for (int i = 0; i < e->n; i++)
        if (e->ev[i]->touched && e->ev[i]->ndistinct > 0)
            near_radius(e->ev[i]);
    for (size_t k = 0; k < w->nobs; k++) {
        const an_obs *o = &w->obs[k];
        for (int i = 0; i < e->n; i++) {
            an_event *ev = e->ev[i];
            if (!ev->touched)
                continue;
            if (o->o.affected) {
                if (o->kind == ev->row.kind && in_list(ev->cur, ev->ncur, o->cell))
                    offer(a, ev, o);
            } else if (ev->ndistinct > 0) {
                double clat = ev->sum_lat / ev->ndistinct, clon = ev->sum_lon / ev->ndistinct;
                if (jw_geo_distance_km(clat, clon, o->o.lat, o->o.lon) < ev->near_km)
                    offer(a, ev, o);
            }
        }
    }
}

void an_events_window(jw_analysis *a, const jw_cell_row *rows, const an_cell_extra *extra, size_t n,
                      const an_window *w)
{
    an_events *e = a->events;
    for (int i = 0; i < e->n; i++) {
        e->ev[i]->touched = false;
        e->ev[i]->ncur = 0;
    }
    assign_cells(a, rows, extra, n);
    count_targets(a, w, rows, n);
    assign_obs(a, w);
    for (int i = e->n - 1; i >= 0; i--) {
        an_event *ev = e->ev[i];
        if (ev->touched) {
            ev->missed = 0;
            memcpy(ev->prev, ev->cur, ev->ncur * sizeof ev->cur[0]);
            ev->nprev = ev->ncur;
            ev->ncur = 0;
            /* Live: refresh the estimate when the evidence has grown by a
             * quarter, so an open event has a source long before it ends
             * while the number of estimates stays logarithmic. */
            if (a->cfg.locate && a->cfg.interim &&
                ev->seen >= ev->est_seen + ev->est_seen / 4 + 20) {
                ev->est_seen = ev->seen;
                an_emit_estimate(a, ev->row.id, ev->row.kind, ev->row.end, ev->obs, ev->nobs);
            }
            publish(a, ev);
        } else if (++ev->missed >= 2) {
            close_event(a, i);
        }
    }
}

void an_events_finish(jw_analysis *a)
{
    while (a->events->n > 0)
        close_event(a, a->events->n - 1);
}
