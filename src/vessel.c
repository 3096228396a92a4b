/*
 * vessel.c - the per-vessel state table (see vessel.h).
 *
 * Records live in one array of `capacity` slots; a free slot has MMSI 0
 * (which no message may carry: jw_vessels_update refuses it). An
 * open-addressing index (linear probing, twice the capacity rounded up to a
 * power of two, deletion by backward shift so no tombstones accumulate) maps
 * an MMSI to its slot. When the table is full, the least recently heard of
 * the next EVICT_SAMPLE slots after a rotating hand is evicted: an O(1)
 * approximation of "evict the oldest" that, unlike a recency list, does not
 * touch other records on every update (a list costs three cache misses per
 * message with ten thousand vessels).
 */
#include "jamwatch/vessel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { NIL = -1, EVICT_SAMPLE = 16 };

struct jw_vessels {
    jw_vessel *slots; /* capacity records; mmsi 0 marks a free one */
    size_t capacity;  /* records at most */
    size_t used;      /* records in use */
    int32_t *index;   /* mask + 1 entries: slot number, NIL when empty */
    size_t mask;      /* index size - 1 */
    int32_t *free;    /* stack of free slot numbers */
    size_t nfree;     /* entries on it */
    size_t hand;      /* where the next eviction sample starts */
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
    t->slots = calloc(cap, sizeof *t->slots);
    t->index = malloc(isize * sizeof *t->index);
    t->free = malloc(cap * sizeof *t->free);
    if (!t->slots || !t->index || !t->free) {
        jw_vessels_close(t);
        return JW_ENOMEM;
    }
    t->capacity = cap;
    t->mask = isize - 1;
    for (size_t i = 0; i < isize; i++)
        t->index[i] = NIL;
    for (size_t i = 0; i < cap; i++)
        t->free[i] = (int32_t)(cap - 1 - i);
    t->nfree = cap;
    *out = t;
    return JW_OK;
}

void jw_vessels_close(jw_vessels *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t->index);
    free(t->free);
    free(t);
}

/* Fibonacci hashing, taking the high bits: MMSIs often end in zeros, so
 * their low bits are poor. */
static size_t hash_mmsi(uint32_t mmsi)
{
    return (size_t)((mmsi * UINT64_C(0x9E3779B97F4A7C15)) >> 32);
}

/* Index position holding mmsi, or of the empty entry where it would go. */
static size_t index_pos(const jw_vessels *t, uint32_t mmsi)
{
    size_t i = hash_mmsi(mmsi) & t->mask;
    while (t->index[i] != NIL && t->slots[t->index[i]].mmsi != mmsi)
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
            size_t home = hash_mmsi(t->slots[t->index[j]].mmsi) & t->mask;
            /* Entry j may move to i unless its home lies cyclically in (i, j]. */
            bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!stays)
                break;
        }
        t->index[i] = t->index[j];
        i = j;
    }
}

/* Frees slot s: out of the index, onto the free stack. */
static void remove_slot(jw_vessels *t, int32_t s)
{
    index_delete(t, index_pos(t, t->slots[s].mmsi));
    t->slots[s].mmsi = 0;
    t->free[t->nfree++] = s;
    t->used--;
}

/* Evicts the least recently heard of EVICT_SAMPLE slots after the hand. */
static void evict_one(jw_vessels *t)
{
    int32_t victim = NIL;
    for (size_t k = 0; k < EVICT_SAMPLE && k < t->capacity; k++) {
        int32_t s = (int32_t)((t->hand + k) % t->capacity);
        if (t->slots[s].mmsi &&
            (victim == NIL || t->slots[s].last_seen < t->slots[victim].last_seen))
            victim = s;
    }
    t->hand = (t->hand + EVICT_SAMPLE) % t->capacity;
    if (victim != NIL) {
        remove_slot(t, victim);
        t->evicted++;
    }
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

/* The record of mmsi, created if needed. */
static jw_vessel *lookup_or_add(jw_vessels *t, uint32_t mmsi, double now)
{
    size_t i = index_pos(t, mmsi);
    int32_t s = t->index[i];
    if (s != NIL)
        return &t->slots[s];
    while (t->nfree == 0) {
        evict_one(t);
        i = index_pos(t, mmsi);
    }
    s = t->free[--t->nfree];
    t->used++;
    init_vessel(&t->slots[s], mmsi, now);
    t->index[i] = s;
    return &t->slots[s];
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
    if (mmsi == 0)
        return NULL;
    int32_t s = t->index[index_pos(t, mmsi)];
    return s == NIL ? NULL : &t->slots[s];
}

size_t jw_vessels_expire(jw_vessels *t, double now, double max_age)
{
    size_t n = 0;
    if (!t)
        return 0;
    for (size_t s = 0; s < t->capacity; s++) {
        if (t->slots[s].mmsi && now - t->slots[s].last_seen > max_age) {
            remove_slot(t, (int32_t)s);
            n++;
        }
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
    for (size_t s = 0; s < t->capacity; s++)
        if (t->slots[s].mmsi)
            fn(user, &t->slots[s]);
}
