/*
 * analysis_targets.c - per-target incidents: a stretch of degraded/lost GNSS
 * or of spoofing, from its onset to the first good record after it, with
 * the last good position before and the first good one after; gaps are
 * reported as their own incidents. Bounded table; an evicted target's open
 * incident is emitted as it stands.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "jamwatch/geo.h"

enum { TG_CAP = 65536, TG_WAYS = 4 };

typedef struct tg_entry {
    uint32_t target;           /* address / MMSI */
    uint8_t domain;            /* jw_domain */
    uint8_t used;              /* slot in use */
    uint8_t open;              /* an incident is open */
    double last_seen;          /* latest record */
    double good_lat, good_lon; /* last good position, NAN unknown ... */
    double good_time;          /* ... and its time */
    double prev_lat, prev_lon; /* the good position before that, NAN unknown ... */
    double prev_time;          /* ... and its time */
    jw_target_row row;         /* the open incident */
    jw_h3 cell;                /* cell of its latest record */
} tg_entry;

/* An ended incident not yet tied to an event: an event opens only when its
 * first window closes, so an incident ending before that waits for the
 * close of the window holding its end (bounded; when full, the oldest goes
 * out with event_id 0). */
enum { TG_PENDING = 4096 };

typedef struct tg_pending {
    jw_target_row row; /* the incident, event_id still 0 */
    jw_h3 cell;        /* cell of its latest record */
    double due;        /* end of the window holding row.end */
} tg_pending;

/* The slots index a pool used densely from its start, so that the memory
 * touched follows the number of targets seen, not the table's size. */
struct an_targets {
    uint32_t *index;     /* TG_CAP slots: 1 + pool entry, 0 = empty */
    tg_entry *pool;      /* TG_CAP entries, handed out in order (not zeroed before) */
    uint32_t npool;      /* handed out (a slot keeps its entry for good) */
    tg_pending *pending; /* ring of TG_PENDING */
    size_t p_head, p_n;  /* oldest, how many */
};

jw_err an_targets_open(an_targets **out)
{
    an_targets *t = calloc(1, sizeof *t);
    if (!t || !(t->index = calloc(TG_CAP, sizeof *t->index)) ||
        !(t->pool = malloc(TG_CAP * sizeof *t->pool)) ||
        !(t->pending = malloc(TG_PENDING * sizeof *t->pending))) {
        if (t) {
            free(t->index);
            free(t->pool);
        }
        free(t);
        return JW_ENOMEM;
    }
    *out = t;
    return JW_OK;
}

void an_targets_close(an_targets *t)
{
    if (!t)
        return;
    free(t->index);
    free(t->pool);
    free(t->pending);
    free(t);
}

static uint64_t event_of(const jw_analysis *a, const jw_target_row *r, jw_h3 cell)
{
    int ek = JW_EV_IS_SPOOF(r->kind) ? JW_EVENT_SPOOFING : JW_EVENT_JAMMING;
    return an_events_of(a->events, ek, cell);
}

static void pending_pop(jw_analysis *a)
{
    an_targets *t = a->targets;
    tg_pending *p = &t->pending[t->p_head];
    p->row.event_id = event_of(a, &p->row, p->cell);
    if (a->sink.target)
        a->sink.target(a->sink.user, &p->row);
    t->p_head = (t->p_head + 1) % TG_PENDING;
    t->p_n--;
}

static void emit_row(jw_analysis *a, tg_entry *e, double end)
{
    e->row.end = end;
    e->row.event_id = event_of(a, &e->row, e->cell);
    e->open = 0;
    an_targets *t = a->targets;
    if (e->row.event_id == 0 && a->nwin > 0) { /* its event may open when its window closes */
        if (t->p_n == TG_PENDING)
            pending_pop(a);
        double w = a->cfg.window_s;
        t->pending[(t->p_head + t->p_n++) % TG_PENDING] =
            (tg_pending){.row = e->row, .cell = e->cell, .due = (floor(end / w) + 1) * w};
        return;
    }
    if (a->sink.target)
        a->sink.target(a->sink.user, &e->row);
}

void an_targets_window(jw_analysis *a, double t1)
{
    an_targets *t = a->targets;
    while (t->p_n > 0 && t->pending[t->p_head].due <= t1)
        pending_pop(a);
}

static tg_entry *slot_entry(const an_targets *t, size_t s)
{
    return t->index[s] ? &t->pool[t->index[s] - 1] : NULL;
}

static tg_entry *lookup(jw_analysis *a, const jw_evidence *ev)
{
    an_targets *t = a->targets;
    uint32_t h = (ev->target ^ (uint32_t)ev->domain << 31) * 2654435761u;
    size_t base = ((h >> 10) & (TG_CAP / TG_WAYS - 1)) * TG_WAYS, v = base;
    tg_entry *victim = slot_entry(t, base); /* NULL: an empty slot */
    for (size_t s = base; s < base + TG_WAYS; s++) {
        tg_entry *e = slot_entry(t, s);
        if (e && e->target == ev->target && e->domain == ev->domain)
            return e;
        if (!e)
            v = s, victim = NULL;
        else if (victim && e->last_seen < victim->last_seen)
            v = s, victim = e;
    }
    if (victim && victim->open)
        emit_row(a, victim, victim->row.end);
    if (!t->index[v])
        t->index[v] = ++t->npool;
    victim = &t->pool[t->index[v] - 1];
    memset(victim, 0, sizeof *victim);
    victim->used = 1;
    victim->target = ev->target;
    victim->domain = ev->domain;
    victim->good_lat = victim->good_lon = victim->prev_lat = victim->prev_lon = NAN;
    victim->good_time = victim->prev_time = -INFINITY;
    return victim;
}

static void open_incident(tg_entry *e, const jw_evidence *ev)
{
    /* the last good position BEFORE the onset (a good record may have come
     * between the onset and the evidence that confirmed it) */
    bool prev = e->good_time > ev->since && e->prev_time <= ev->since;
    double glat = prev ? e->prev_lat : e->good_lat, glon = prev ? e->prev_lon : e->good_lon;
    e->open = 1;
    e->row = (jw_target_row){.target = ev->target,
                             .domain = ev->domain,
                             .kind = ev->kind,
                             .start = ev->since,
                             .end = ev->time,
                             .last_good_lat = glat,
                             .last_good_lon = glon,
                             .first_good_lat = NAN,
                             .first_good_lon = NAN,
                             .fake_lat = NAN,
                             .fake_lon = NAN,
                             .confidence = ev->confidence};
}

static void gap_row(jw_analysis *a, const jw_evidence *ev)
{
    jw_target_row r = {.target = ev->target,
                       .domain = ev->domain,
                       .kind = JW_EV_GAP,
                       .start = ev->since,
                       .end = ev->time,
                       .last_good_lat = ev->lat,
                       .last_good_lon = ev->lon,
                       .first_good_lat = NAN,
                       .first_good_lon = NAN,
                       .fake_lat = NAN,
                       .fake_lon = NAN,
                       .confidence = ev->confidence};
    if (a->sink.target)
        a->sink.target(a->sink.user, &r);
}

void an_targets_add(jw_analysis *a, const jw_evidence *ev, jw_h3 cell)
{
    if (ev->kind == JW_EV_GAP) {
        gap_row(a, ev);
        return;
    }
    tg_entry *e = lookup(a, ev);
    e->last_seen = ev->time;
    if (ev->kind == JW_EV_GOOD) {
        if (e->open) {
            e->row.first_good_lat = ev->lat;
            e->row.first_good_lon = ev->lon;
            emit_row(a, e, ev->time);
        }
        e->prev_lat = e->good_lat, e->prev_lon = e->good_lon, e->prev_time = e->good_time;
        e->good_lat = ev->lat, e->good_lon = ev->lon, e->good_time = ev->time;
        return;
    }
    bool spoof = JW_EV_IS_SPOOF(ev->kind);
    if (e->open && spoof != JW_EV_IS_SPOOF(e->row.kind))
        emit_row(a, e, fmax(ev->since, e->row.end));
    if (!e->open)
        open_incident(e, ev);
    if (ev->kind == JW_EV_LOST && e->row.kind == JW_EV_DEGRADED)
        e->row.kind = JW_EV_LOST;
    if (ev->time > e->row.end)
        e->row.end = ev->time;
    if (ev->confidence > e->row.confidence)
        e->row.confidence = ev->confidence;
    if (cell)
        e->cell = cell;
    if (spoof && isfinite(ev->fake_lat)) {
        e->row.fake_lat = ev->fake_lat, e->row.fake_lon = ev->fake_lon;
        double j = jw_geo_distance_km(ev->lat, ev->lon, ev->fake_lat, ev->fake_lon);
        if (j > e->row.max_jump_km)
            e->row.max_jump_km = j;
    }
}

void an_targets_finish(jw_analysis *a)
{
    while (a->targets->p_n > 0)
        pending_pop(a);
    for (size_t i = 0; i < TG_CAP; i++) {
        tg_entry *e = slot_entry(a->targets, i);
        if (e && e->open)
            emit_row(a, e, e->row.end);
    }
}
