/*
 * vessel.c - the per-vessel state table (see vessel.h).
 *
 * Records live in one array of `capacity` slots. An open-addressing index
 * (linear probing, twice the capacity rounded up to a power of two, deletion
 * by backward shift so no tombstones accumulate) maps an MMSI to its slot. A
 * doubly linked list through the slots orders them by the last time heard,
 * most recent first, so eviction of the stalest vessel is O(1).
 */
#include "jamwatch/vessel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { NIL = -1 };

typedef struct vslot {
    jw_vessel v;  /* the record */
    int32_t prev; /* more recently heard neighbour, NIL at the head */
    int32_t next; /* less recently heard neighbour, NIL at the tail */
} vslot;

struct jw_vessels {
    vslot *slots;     /* capacity records */
    size_t capacity;  /* records at most */
    size_t used;      /* records in use */
    int32_t *index;   /* mask + 1 entries: slot number, NIL when empty */
    size_t mask;      /* index size - 1 */
    int32_t head;     /* most recently heard, NIL when empty */
    int32_t tail;     /* least recently heard */
    int32_t free;     /* first free slot (linked through next) */
    uint64_t evicted; /* vessels evicted because the table was full */
};

jw_err jw_vessels_open(const jw_vessels_config *cfg, jw_vessels **out)
{
    if (!out)
        return JW_EINVAL;
    size_t cap = cfg && cfg->capacity ? cfg->capacity : 65536;
    if (cap > (1u << 28))
        return JW_ERANGE;
    jw_vessels *t = calloc(1, sizeof *t);
    if (!t)
        return JW_ENOMEM;
    size_t isize = 16;
    while (isize < 2 * cap)
        isize <<= 1;
    t->slots = malloc(cap * sizeof *t->slots);
    t->index = malloc(isize * sizeof *t->index);
    if (!t->slots || !t->index) {
        jw_vessels_close(t);
        return JW_ENOMEM;
    }
    t->capacity = cap;
    t->mask = isize - 1;
    for (size_t i = 0; i < isize; i++)
        t->index[i] = NIL;
    for (size_t i = 0; i < cap; i++)
        t->slots[i].next = i + 1 < cap ? (int32_t)(i + 1) : NIL;
    t->free = 0;
    t->head = t->tail = NIL;
    *out = t;
    return JW_OK;
}

void jw_vessels_close(jw_vessels *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t->index);
    free(t);
}

static size_t hash_mmsi(uint32_t mmsi)
{
    return (size_t)((mmsi * 2654435761u) ^ (mmsi >> 15));
}

/* Index position holding mmsi, or of the empty entry where it would go. */
static size_t index_pos(const jw_vessels *t, uint32_t mmsi)
{
    size_t i = hash_mmsi(mmsi) & t->mask;
    while (t->index[i] != NIL && t->slots[t->index[i]].v.mmsi != mmsi)
        i = (i + 1) & t->mask;
    return i;
}

/* Removes index entry i, shifting later entries of its cluster back. */
static void index_delete(jw_vessels *t, size_t i)
{
    size_t j = i;
    for (;;) {
        t->index[i] = NIL;
        for (;;) {
            j = (j + 1) & t->mask;
            if (t->index[j] == NIL)
                return;
            size_t home = hash_mmsi(t->slots[t->index[j]].v.mmsi) & t->mask;
            /* Entry j may move to i unless its home lies cyclically in (i, j]. */
            bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!stays)
                break;
        }
        t->index[i] = t->index[j];
        i = j;
    }
}

static void list_unlink(jw_vessels *t, int32_t s)
{
    vslot *v = &t->slots[s];
    if (v->prev != NIL)
        t->slots[v->prev].next = v->next;
    else
        t->head = v->next;
    if (v->next != NIL)
        t->slots[v->next].prev = v->prev;
    else
        t->tail = v->prev;
}

static void list_push_front(jw_vessels *t, int32_t s)
{
    t->slots[s].prev = NIL;
    t->slots[s].next = t->head;
    if (t->head != NIL)
        t->slots[t->head].prev = s;
    t->head = s;
    if (t->tail == NIL)
        t->tail = s;
}

/* Frees slot s: out of the index, the list, onto the free list. */
static void remove_slot(jw_vessels *t, int32_t s)
{
    index_delete(t, index_pos(t, t->slots[s].v.mmsi));
    list_unlink(t, s);
    t->slots[s].next = t->free;
    t->free = s;
    t->used--;
}

static void init_vessel(jw_vessel *v, uint32_t mmsi, double now)
{
    memset(v, 0, sizeof *v);
    v->mmsi = mmsi;
    v->first_seen = v->last_seen = now;
    v->lat = v->lon = v->pos_time = NAN;
    v->prev_lat = v->prev_lon = v->prev_time = NAN;
    v->fixed_lat = v->fixed_lon = v->fixed_time = NAN;
    v->speed_kn = v->course_deg = NAN;
    v->heading = JW_AIS_HEADING_NA;
    v->status = 15;
}

/* The record of mmsi, created (and made most recent) if needed. */
static jw_vessel *lookup_or_add(jw_vessels *t, uint32_t mmsi, double now)
{
    size_t i = index_pos(t, mmsi);
    int32_t s = t->index[i];
    if (s != NIL) {
        list_unlink(t, s);
        list_push_front(t, s);
        return &t->slots[s].v;
    }
    if (t->free == NIL) {
        remove_slot(t, t->tail);
        t->evicted++;
        i = index_pos(t, mmsi);
    }
    s = t->free;
    t->free = t->slots[s].next;
    t->used++;
    init_vessel(&t->slots[s].v, mmsi, now);
    t->index[i] = s;
    list_push_front(t, s);
    return &t->slots[s].v;
}

double jw_vessel_distance_m(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = M_PI / 180.0, r_earth = 6371008.8;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r_earth * asin(sqrt(a < 1 ? a : 1));
}

/* Position part of a message: counts, last/previous fix, fixed-station drift. */
static void update_position(jw_vessel *v, const jw_ais_msg *m, double now)
{
    v->pos_reports++;
    double lat, lon;
    if (!jw_ais_position(m, &lat, &lon)) {
        bool na = m->type == 27 ? (m->lon == JW_AIS_LON27_NA || m->lat == JW_AIS_LAT27_NA)
                                : (m->lon == JW_AIS_LON_NA || m->lat == JW_AIS_LAT_NA);
        if (na)
            v->pos_na++;
        else
            v->pos_invalid++;
        return;
    }
    if (v->has_pos) {
        v->has_prev = true;
        v->prev_lat = v->lat;
        v->prev_lon = v->lon;
        v->prev_time = v->pos_time;
    }
    v->has_pos = true;
    v->lat = lat;
    v->lon = lon;
    v->pos_time = now;
    v->last_type = m->type;
    v->accuracy = m->accuracy;
    v->raim = m->raim;
    v->accuracy_high += m->accuracy;
    v->raim_on += m->raim;
    if (JW_AIS_HAS(m, JW_AF_SECOND))
        v->second = m->second;
    if (m->type == 4 || m->type == 21) {
        if (!v->has_fixed_origin) {
            v->has_fixed_origin = true;
            v->fixed_lat = lat;
            v->fixed_lon = lon;
            v->fixed_time = now;
        } else {
            double d = jw_vessel_distance_m(v->fixed_lat, v->fixed_lon, lat, lon);
            if (d > v->fixed_max_move_m)
                v->fixed_max_move_m = d;
        }
    }
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Static data: names, type, dimensions. */
static void update_static(jw_vessel *v, const jw_ais_msg *m)
{
    if (JW_AIS_HAS(m, JW_AF_SHIPNAME) && m->shipname[0])
        copy_text(v->shipname, sizeof v->shipname, m->shipname);
    if (JW_AIS_HAS(m, JW_AF_CALLSIGN) && m->callsign[0])
        copy_text(v->callsign, sizeof v->callsign, m->callsign);
    if (JW_AIS_HAS(m, JW_AF_DESTINATION))
        copy_text(v->destination, sizeof v->destination, m->destination);
    if (JW_AIS_HAS(m, JW_AF_SHIPTYPE))
        v->shiptype = m->shiptype;
    if (JW_AIS_HAS(m, JW_AF_VOYAGE))
        v->imo = m->imo;
    if (JW_AIS_HAS(m, JW_AF_EPFD))
        v->epfd = m->epfd;
    if (JW_AIS_HAS(m, JW_AF_DIMENSIONS) && m->type != 21) {
        v->length_m = (uint16_t)(m->to_bow + m->to_stern);
        v->beam_m = (uint8_t)(m->to_port + m->to_starboard);
    }
}

jw_err jw_vessels_update(jw_vessels *t, const jw_ais_msg *m, double now, const jw_vessel **out)
{
    if (!t || !m || m->mmsi == 0 || m->type == 0)
        return JW_EINVAL;
    jw_vessel *v = lookup_or_add(t, m->mmsi, now);
    v->messages++;
    if (now > v->last_seen || isnan(v->last_seen))
        v->last_seen = now;
    if (m->type == 4 || m->type == 21)
        v->fixed = true;
    if (m->full && JW_AIS_HAS(m, JW_AF_POS) && m->type != 11)
        update_position(v, m, now);
    if (m->full) {
        double sog = jw_ais_speed_kn(m), cog = jw_ais_course_deg(m);
        if (JW_AIS_HAS(m, JW_AF_SPEED))
            v->speed_kn = sog;
        if (JW_AIS_HAS(m, JW_AF_COURSE))
            v->course_deg = cog;
        if (JW_AIS_HAS(m, JW_AF_HEADING))
            v->heading = m->heading;
        if (JW_AIS_HAS(m, JW_AF_STATUS))
            v->status = m->status;
        update_static(v, m);
    }
    if (out)
        *out = v;
    return JW_OK;
}

const jw_vessel *jw_vessels_find(const jw_vessels *t, uint32_t mmsi)
{
    if (!t)
        return NULL;
    int32_t s = t->index[index_pos(t, mmsi)];
    return s == NIL ? NULL : &t->slots[s].v;
}

size_t jw_vessels_expire(jw_vessels *t, double now, double max_age)
{
    size_t n = 0;
    if (!t)
        return 0;
    while (t->tail != NIL && now - t->slots[t->tail].v.last_seen > max_age) {
        remove_slot(t, t->tail);
        n++;
    }
    return n;
}

size_t jw_vessels_count(const jw_vessels *t)
{
    return t ? t->used : 0;
}

uint64_t jw_vessels_evicted(const jw_vessels *t)
{
    return t ? t->evicted : 0;
}

void jw_vessels_foreach(const jw_vessels *t, void (*fn)(void *user, const jw_vessel *v), void *user)
{
    if (!t || !fn)
        return;
    for (int32_t s = t->head; s != NIL; s = t->slots[s].next)
        fn(user, &t->slots[s].v);
}
