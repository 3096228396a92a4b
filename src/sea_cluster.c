/*
 * sea_cluster.c - the spatial hash of the sea evidence generator (see
 * sea_cluster.h).
 */
#include "sea_cluster.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "jamwatch/geo.h"

#define CELLS_PER_DEG 360.0

/* Which cell in which slice: kept apart from the members so that a set's
 * scan reads one cache line. */
typedef struct cell_key {
    int64_t slice; /* slice number; INT64_MIN when free */
    int32_t cy;    /* cell row */
    int32_t cx;    /* cell column */
} cell_key;

/* The members of one cell in one slice. */
typedef struct cell {
    uint8_t n;                          /* members held */
    uint8_t next;                       /* where the next member goes when full */
    uint32_t mmsi[SEA_CLUSTER_MEMBERS]; /* members */
    float lat[SEA_CLUSTER_MEMBERS];     /* their latest positions in the slice */
    float lon[SEA_CLUSTER_MEMBERS];
} cell;

struct sea_cluster {
    cell_key *keys; /* nsets * SEA_CLUSTER_WAYS */
    cell *cells;    /* their members */
    size_t mask;    /* nsets - 1 */
};

jw_err sea_cluster_open(size_t nsets, sea_cluster **out)
{
    if (!out || nsets == 0 || nsets > (1u << 24))
        return JW_EINVAL;
    size_t n = 1;
    while (n < nsets)
        n <<= 1;
    sea_cluster *c = calloc(1, sizeof *c);
    if (!c || !(c->cells = calloc(n * SEA_CLUSTER_WAYS, sizeof *c->cells)) ||
        !(c->keys = calloc(n * SEA_CLUSTER_WAYS, sizeof *c->keys))) {
        sea_cluster_close(c);
        return JW_ENOMEM;
    }
    for (size_t i = 0; i < n * SEA_CLUSTER_WAYS; i++)
        c->keys[i].slice = INT64_MIN;
    c->mask = n - 1;
    *out = c;
    return JW_OK;
}

void sea_cluster_close(sea_cluster *c)
{
    if (!c)
        return;
    free(c->cells);
    free(c->keys);
    free(c);
}

static size_t set_of(const sea_cluster *c, int64_t slice, int32_t cy, int32_t cx)
{
    uint64_t h = (uint64_t)slice * UINT64_C(0x9E3779B97F4A7C15);
    h ^= (uint64_t)(uint32_t)cy * UINT64_C(0xC2B2AE3D27D4EB4F);
    h ^= (uint64_t)(uint32_t)cx * UINT64_C(0x165667B19E3779F9);
    h ^= h >> 29;
    return (size_t)(h & c->mask) * SEA_CLUSTER_WAYS;
}

/* The cell of (slice, cy, cx), or NULL. */
static cell *find(sea_cluster *c, int64_t slice, int32_t cy, int32_t cx)
{
    size_t s = set_of(c, slice, cy, cx);
    for (size_t w = s; w < s + SEA_CLUSTER_WAYS; w++)
        if (c->keys[w].slice == slice && c->keys[w].cy == cy && c->keys[w].cx == cx)
            return &c->cells[w];
    return NULL;
}

/* The cell of (slice, cy, cx), created in place of the oldest of its set. */
static cell *find_or_add(sea_cluster *c, int64_t slice, int32_t cy, int32_t cx)
{
    size_t s = set_of(c, slice, cy, cx), victim = s;
    for (size_t w = s; w < s + SEA_CLUSTER_WAYS; w++) {
        if (c->keys[w].slice == slice && c->keys[w].cy == cy && c->keys[w].cx == cx)
            return &c->cells[w];
        if (c->keys[w].slice < c->keys[victim].slice)
            victim = w;
    }
    c->keys[victim] = (cell_key){slice, cy, cx};
    c->cells[victim].n = 0;
    c->cells[victim].next = 0;
    return &c->cells[victim];
}

/* Column of lon in a row whose cells are 1/(CELLS_PER_DEG * cosl) degrees wide. */
static int32_t col_of(double cosl, double lon)
{
    return (int32_t)floor(lon * CELLS_PER_DEG * cosl);
}

/* Records or moves mmsi in cell e; returns the number of other MMSIs there. */
static unsigned put(cell *e, uint32_t mmsi, double lat, double lon)
{
    int k = 0;
    while (k < e->n && e->mmsi[k] != mmsi)
        k++;
    if (k == e->n) {
        if (e->n < SEA_CLUSTER_MEMBERS) {
            e->n++;
        } else {
            k = e->next;
            e->next = (uint8_t)((e->next + 1) % SEA_CLUSTER_MEMBERS);
        }
    }
    e->mmsi[k] = mmsi;
    e->lat[k] = (float)lat;
    e->lon[k] = (float)lon;
    return e->n - 1u;
}

/* Adds the members of e within radius_m of (lat, lon) not yet in out
 * (flat-earth distance: exact enough over a few hundred metres). */
static unsigned gather(const cell *e, double lat, double lon, double cosl, double radius_m,
                       uint32_t *out, unsigned n)
{
    const double m_per_deg = JW_EARTH_RADIUS_M * M_PI / 180.0;
    double r2 = (radius_m / m_per_deg) * (radius_m / m_per_deg);
    for (int k = 0; k < e->n && n < SEA_CLUSTER_MAX_OUT; k++) {
        double dy = e->lat[k] - lat, dx = (e->lon[k] - lon) * cosl;
        if (dx * dx + dy * dy > r2)
            continue;
        bool seen = false;
        for (unsigned j = 0; j < n && !seen; j++)
            seen = out[j] == e->mmsi[k];
        if (!seen)
            out[n++] = e->mmsi[k];
    }
    return n;
}

unsigned sea_cluster_add(sea_cluster *c, uint32_t mmsi, double lat, double lon, double t,
                         double radius_m, uint64_t *cookie, uint32_t *members)
{
    int64_t slice = (int64_t)floor(t / SEA_SLICE_S);
    int32_t cy = (int32_t)floor(lat * CELLS_PER_DEG);
    double cosl = cos((cy + 0.5) / CELLS_PER_DEG * M_PI / 180.0);
    int32_t cx = col_of(cosl, lon);
    uint64_t key = (((uint64_t)slice * UINT64_C(0x9E3779B97F4A7C15)) ^
                    ((uint64_t)(uint32_t)cy << 32 | (uint32_t)cx)) |
                   1;
    if (*cookie == key)
        return 0;
    *cookie = key;
    members[0] = mmsi;
    /* the neighbourhood is searched only when this cell already holds two
     * other vessels: a cluster of several has that, a quay rarely */
    if (put(find_or_add(c, slice, cy, cx), mmsi, lat, lon) < 2)
        return 1;
    unsigned n = 1;
    for (int64_t s = slice - 1; s <= slice; s++)
        for (int32_t dy = -1; dy <= 1; dy++)
            for (int32_t dx = -1; dx <= 1; dx++) {
                const cell *e = find(c, s, cy + dy, cx + dx);
                if (e)
                    n = gather(e, lat, lon, cosl, radius_m, members, n);
            }
    return n;
}
