/*
 * sea_evidence.c - the vessel evidence generator (see sea_evidence.h and
 * docs/sea-evidence.md for the rules).
 *
 * Per vessel it keeps a "trusted" position (the latest report consistent
 * with the ship's possible motion) and, after a jump, a "chain": the reports
 * that agree with one another but not with the trusted position. Two
 * reports in the chain confirm a jump; a report back near the trusted
 * position before that makes it a glitch. Land, cluster and track checks
 * hang off the same states; fixed stations and position loss have their own
 * counters. Every record says where the vessel really was: its trusted
 * position, dead-reckoned with its trusted speed and course for at most
 * DR_MAX_S.
 */
#include "jamwatch/sea_evidence.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/geo.h"
#include "sea_cluster.h"

enum { WAYS = 8, DUP_S = 5 };

#define KN         0.514444 /* metres per second in a knot */
#define DR_MAX_S   900.0    /* longest dead reckoning of a placement */
#define STALE_S    3600.0   /* a trusted position older than this is dropped */
#define TRACK_MIN  30.0     /* shortest interval the track rule judges */
#define TRACK_GAP  600.0    /* longer intervals restart it */
#define TRACK_LAST 180.0    /* how long a disagreement must last */
#define LOST_LAST  30.0     /* how long a loss must last */
#define LATE_S     4.0      /* report second vs time stamp: beyond this it is late */
#define FLIPS_MAX  2        /* returns to the trusted track before an MMSI counts as shared */

/* What the generator remembers of one vessel or station. */
typedef struct track {
    /* hot: read on every report (the first two cache lines) */
    uint32_t mmsi;            /* key; 0 = free */
    int32_t raw_lat, raw_lon; /* raw position of the latest report (duplicates) */
    uint8_t raw_second;       /* its UTC second field */
    bool has_raw;             /* raw_* valid */
    bool has_trust;           /* t_* valid */
    uint8_t t_count;          /* consistent reports in a row behind it (capped) */
    bool moving;              /* the trusted track really moved (> 2 kn) */
    uint8_t chain;            /* reports in the jump chain; 0 = none */
    bool spoofed;             /* the chain is confirmed */
    bool shared;              /* flips between two tracks: shared MMSI, no jump rules */
    uint8_t flips;            /* returns to the trusted track so far */
    uint8_t land_n;           /* chain reports on land in a row */
    uint8_t trk_bad;          /* disagreeing intervals in a row */
    uint8_t lost_n;           /* lost/frozen reports in a row */
    bool has_origin;          /* o_* valid (fixed station) */
    uint8_t fixed_n;          /* moved reports in a row */
    double last_seen;         /* latest message time */
    double raw_time;          /* time of the latest report */
    double t_lat, t_lon;      /* trusted position */
    double t_time;            /* its time */
    double t_sog, t_cog;      /* speed and course reported with it (NaN unknown) */
    double a_lat, a_lon;      /* track-rule anchor */
    double a_time;            /* its time */
    double a_sog;             /* speed reported at the anchor */
    uint64_t cluster_cookie;  /* its latest (slice, cell) in the spatial hash */
    /* cold: read when a rule fires */
    double c_lat, c_lon, c_time;        /* latest chain position and time */
    double c_since;                     /* when the chain began */
    double trk_since;                   /* when the track disagreement began */
    double trk_lat, trk_lon;            /* the anchor then */
    double lost_since;                  /* when the loss began */
    double o_lat, o_lon;                /* fixed station's first position */
    double fixed_since;                 /* when it began to move */
    double last_emit[JW_EV_KIND_COUNT]; /* latest record time by kind; -inf none */
} track;

struct jw_sea_evidence {
    jw_sea_evidence_config cfg; /* with defaults filled */
    jw_evidence_fn fn;          /* record sink */
    void *user;                 /* its argument */
    track *tracks;              /* nsets * WAYS */
    uint32_t *keys;             /* their MMSIs (0 free), apart so a set's scan is one line */
    size_t mask;                /* nsets - 1 */
    sea_cluster *cluster;       /* positions per slice */
    jw_sea_evidence_stats st;   /* counters */
    double cosl;                /* scratch: cosine of the current report's latitude */
};

static void defaults(jw_sea_evidence_config *c)
{
    if (!c->capacity)
        c->capacity = 65536;
    if (!(c->max_speed_kn > 0))
        c->max_speed_kn = 50;
    if (!(c->jump_slack_s > 0))
        c->jump_slack_s = 10;
    if (!(c->jump_slack_m > 0))
        c->jump_slack_m = 300;
    if (!(c->fixed_tolerance_m > 0))
        c->fixed_tolerance_m = 200;
    if (!(c->cluster_radius_m > 0))
        c->cluster_radius_m = 300;
    if (!c->cluster_min)
        c->cluster_min = 5;
    if (!(c->coast_margin_m > 0))
        c->coast_margin_m = 1000;
    if (!(c->moving_kn > 0))
        c->moving_kn = 3;
    if (!c->persist)
        c->persist = 3;
    if (c->persist < 2)
        c->persist = 2; /* never from a single message */
    if (!(c->period_s > 0))
        c->period_s = 300;
}

jw_err jw_sea_evidence_open(const jw_sea_evidence_config *cfg, jw_evidence_fn fn, void *user,
                            jw_sea_evidence **out)
{
    if (!fn || !out)
        return JW_EINVAL;
    jw_sea_evidence *g = calloc(1, sizeof *g);
    if (!g)
        return JW_ENOMEM;
    if (cfg)
        g->cfg = *cfg;
    defaults(&g->cfg);
    if (g->cfg.capacity > (1u << 26)) {
        free(g);
        return JW_ERANGE;
    }
    size_t nsets = 1;
    while (nsets * WAYS < g->cfg.capacity)
        nsets <<= 1;
    g->mask = nsets - 1;
    g->fn = fn;
    g->user = user;
    g->tracks = calloc(nsets * WAYS, sizeof *g->tracks);
    g->keys = calloc(nsets * WAYS, sizeof *g->keys);
    if (!g->tracks || !g->keys || sea_cluster_open(nsets, &g->cluster) != JW_OK) {
        jw_sea_evidence_close(g);
        return JW_ENOMEM;
    }
    *out = g;
    return JW_OK;
}

void jw_sea_evidence_close(jw_sea_evidence *g)
{
    if (!g)
        return;
    free(g->tracks);
    free(g->keys);
    sea_cluster_close(g->cluster);
    free(g);
}

void jw_sea_evidence_get_stats(const jw_sea_evidence *g, jw_sea_evidence_stats *out)
{
    if (g && out)
        *out = g->st;
}

/* First slot of mmsi's set. */
static size_t set_of(const jw_sea_evidence *g, uint32_t mmsi)
{
    size_t h = (size_t)((mmsi * UINT64_C(0x9E3779B97F4A7C15)) >> 32);
    return (h & g->mask) * WAYS;
}

static track *track_find(const jw_sea_evidence *g, uint32_t mmsi)
{
    size_t s = set_of(g, mmsi);
    for (size_t w = s; w < s + WAYS; w++)
        if (g->keys[w] == mmsi)
            return &g->tracks[w];
    return NULL;
}

/* The track of mmsi, created in a free way or in place of the least recently
 * heard of its set. */
static track *track_get(jw_sea_evidence *g, uint32_t mmsi, double now)
{
    track *t = track_find(g, mmsi);
    if (t) {
        if (now > t->last_seen)
            t->last_seen = now;
        return t;
    }
    size_t s = set_of(g, mmsi), victim = s;
    for (size_t w = s; w < s + WAYS && g->keys[victim]; w++)
        if (!g->keys[w] || g->tracks[w].last_seen < g->tracks[victim].last_seen)
            victim = w;
    if (g->keys[victim])
        g->st.evicted++;
    t = &g->tracks[victim];
    memset(t, 0, sizeof *t);
    g->keys[victim] = t->mmsi = mmsi;
    t->last_seen = now;
    for (int k = 0; k < JW_EV_KIND_COUNT; k++)
        t->last_emit[k] = -INFINITY;
    return t;
}

/* Where the vessel really was at time now: trusted position, dead-reckoned. */
static void place(const track *t, double now, double *lat, double *lon)
{
    *lat = t->t_lat;
    *lon = t->t_lon;
    double dt = now - t->t_time;
    if (dt > DR_MAX_S)
        dt = DR_MAX_S;
    if (dt > 0 && isfinite(t->t_sog) && isfinite(t->t_cog) && t->t_sog > 0.5 && t->t_sog < 60)
        jw_geo_destination(t->t_lat, t->t_lon, t->t_cog, t->t_sog * KN * dt, lat, lon);
}

/* Emits one record, at most once per period per kind and vessel. */
static void emit(jw_sea_evidence *g, track *t, jw_evidence_kind kind, double now, double fake_lat,
                 double fake_lon, double since, double conf)
{
    if (now - t->last_emit[kind] < g->cfg.period_s)
        return;
    t->last_emit[kind] = now;
    jw_evidence ev = {.time = now,
                      .alt_m = 15,
                      .fake_lat = fake_lat,
                      .fake_lon = fake_lon,
                      .since = since <= now ? since : now,
                      .target = t->mmsi,
                      .domain = JW_DOMAIN_SEA,
                      .kind = (uint8_t)kind,
                      .confidence = (float)(conf > 1 ? 1 : conf)};
    if (t->has_trust) {
        place(t, now, &ev.lat, &ev.lon);
    } else {
        ev.lat = ev.lon = NAN;
    }
    g->st.emitted[kind]++;
    g->fn(g->user, &ev);
}

/* Distance in metres from (lat1, lon1) to the current report at (lat2,
 * lon2), on the plane tangent there (g->cosl): within 0.5 % up to a few
 * hundred kilometres, which is all the rules compare, and far cheaper than
 * the great circle on a per-report path. */
static double flat_m(const jw_sea_evidence *g, double lat1, double lon1, double lat2, double lon2)
{
    const double m_per_deg = JW_EARTH_RADIUS_M * M_PI / 180.0;
    double dlon = lon2 - lon1;
    if (dlon > 180)
        dlon -= 360;
    else if (dlon < -180)
        dlon += 360;
    double dx = dlon * g->cosl, dy = lat2 - lat1;
    return m_per_deg * sqrt(dx * dx + dy * dy);
}

/* Metres a ship may have moved in dt seconds. */
static double allowed_m(const jw_sea_evidence *g, double dt)
{
    return g->cfg.max_speed_kn * KN * (fabs(dt) + g->cfg.jump_slack_s) + g->cfg.jump_slack_m;
}

static double angle_diff(double a, double b)
{
    double d = fmod(fabs(a - b), 360.0);
    return d > 180 ? 360 - d : d;
}

/* Track rule: implied velocity between anchor and an accepted report against
 * the reported speed and course. */
static void track_rule(jw_sea_evidence *g, track *t, double lat, double lon, double sog, double cog,
                       double now)
{
    double dt = now - t->a_time;
    if (!(dt >= TRACK_MIN) && t->a_time > 0)
        return;
    if (dt >= TRACK_MIN && dt <= TRACK_GAP && isfinite(sog) && isfinite(t->a_sog)) {
        double d = flat_m(g, t->a_lat, t->a_lon, lat, lon);
        double v = d / dt / KN, rep = (sog + t->a_sog) / 2;
        double tol = 5 + 0.5 * (v > rep ? v : rep);
        bool bad = fabs(v - rep) > tol;
        if (!bad && isfinite(cog) && v > 5 && rep > 5)
            bad = angle_diff(jw_geo_bearing(t->a_lat, t->a_lon, lat, lon), cog) > 60;
        if (bad) {
            if (t->trk_bad++ == 0) {
                t->trk_since = t->a_time;
                t->trk_lat = t->a_lat;
                t->trk_lon = t->a_lon;
            }
            if (t->trk_bad >= g->cfg.persist + 1 && now - t->trk_since >= TRACK_LAST)
                emit(g, t, JW_EV_SPOOF_TRACK, now, lat, lon, t->trk_since, 0.5);
        } else {
            t->trk_bad = 0;
        }
        if (t->trk_bad > 250)
            t->trk_bad = 250;
    }
    t->a_lat = lat;
    t->a_lon = lon;
    t->a_time = now;
    t->a_sog = sog;
}

/* A report consistent with the trusted track: it becomes the trusted one. */
static void accept(jw_sea_evidence *g, track *t, double lat, double lon, double sog, double cog,
                   double now)
{
    if (t->has_trust && now > t->t_time + 1) {
        double v = flat_m(g, t->t_lat, t->t_lon, lat, lon) / (now - t->t_time) / KN;
        t->moving = v > 2;
    }
    if (t->chain) {
        if (!t->spoofed)
            g->st.glitches++;
        if (++t->flips >= FLIPS_MAX && !t->spoofed)
            t->shared = true;
        t->chain = 0;
        t->spoofed = false;
        t->land_n = 0;
    }
    track_rule(g, t, lat, lon, sog, cog, now);
    t->has_trust = true;
    t->t_lat = lat;
    t->t_lon = lon;
    t->t_time = now;
    t->t_sog = sog;
    t->t_cog = cog;
    if (t->t_count < 250)
        t->t_count++;
    if (t->t_count >= 2 && t->lost_n == 0 && t->trk_bad == 0)
        emit(g, t, JW_EV_GOOD, now, NAN, NAN, now, 0.9);
}

/* Land rule: chain reports on land, in a row. */
static void land_rule(jw_sea_evidence *g, track *t, double lat, double lon, double now)
{
    jw_land_class cls = JW_LAND_SEA;
    if (!g->cfg.land ||
        jw_landmask_classify(g->cfg.land, lat, lon, g->cfg.coast_margin_m, &cls) != JW_OK ||
        cls != JW_LAND_LAND) {
        t->land_n = 0;
        return;
    }
    if (t->land_n < 250)
        t->land_n++;
    if (t->land_n >= g->cfg.persist)
        emit(g, t, JW_EV_SPOOF_LAND, now, lat, lon, t->c_since, 0.95);
}

/* A report the trusted track cannot explain: start, extend or confirm a chain. */
static void jump(jw_sea_evidence *g, track *t, double lat, double lon, double now)
{
    bool extends =
        t->chain && flat_m(g, t->c_lat, t->c_lon, lat, lon) <= allowed_m(g, now - t->c_time);
    if (!extends) {
        t->chain = 0;
        t->land_n = 0;
        t->c_since = now;
    }
    if (t->chain < 250)
        t->chain++;
    t->c_lat = lat;
    t->c_lon = lon;
    t->c_time = now;
    if (t->shared)
        return;
    land_rule(g, t, lat, lon, now);
    if (t->chain >= 2) {
        t->spoofed = true;
        double conf = 0.6 + 0.1 * (t->chain - 2);
        emit(g, t, JW_EV_SPOOF_JUMP, now, lat, lon, t->c_since, conf > 0.9 ? 0.9 : conf);
    }
}

/* Position rules of a moving vessel's report with a valid position. */
static void motion(jw_sea_evidence *g, track *t, double lat, double lon, double sog, double cog,
                   double now)
{
    if (!t->has_trust || now - t->t_time > STALE_S || now < t->t_time - STALE_S) {
        t->has_trust = false;
        t->t_count = 0;
        t->chain = 0;
        t->spoofed = false;
        t->a_time = 0;
        accept(g, t, lat, lon, sog, cog, now);
        return;
    }
    double d = flat_m(g, t->t_lat, t->t_lon, lat, lon);
    bool fits = d <= allowed_m(g, now - t->t_time);
    bool in_chain =
        t->spoofed && flat_m(g, t->c_lat, t->c_lon, lat, lon) <= allowed_m(g, now - t->c_time);
    if (fits && !in_chain) {
        accept(g, t, lat, lon, sog, cog, now);
    } else if (t->t_count < 2) {
        /* one report is no track to judge by: start again from this one */
        t->t_count = 0;
        t->chain = 0;
        accept(g, t, lat, lon, sog, cog, now);
    } else {
        jump(g, t, lat, lon, now);
    }
}

/* Cluster rule: many MMSIs at this report's point, away from the coast or
 * with several of them having jumped there. */
static void cluster_rule(jw_sea_evidence *g, track *t, double lat, double lon, double now)
{
    uint32_t members[SEA_CLUSTER_MAX_OUT];
    unsigned n = sea_cluster_add(g->cluster, t->mmsi, lat, lon, now, g->cfg.cluster_radius_m,
                                 &t->cluster_cookie, members);
    if (n < g->cfg.cluster_min)
        return;
    unsigned jumped = 0;
    for (unsigned i = 0; i < n; i++) {
        const track *m = track_find(g, members[i]);
        jumped += m && m->chain > 0;
    }
    /* ports: a cluster counts only in open water (twice the coastal margin)
     * unless several of its members jumped there */
    jw_land_class cls = JW_LAND_COAST;
    if (g->cfg.land && jumped < 3)
        jw_landmask_classify(g->cfg.land, lat, lon, 2 * g->cfg.coast_margin_m, &cls);
    if (cls != JW_LAND_SEA && jumped < 3)
        return;
    double conf = 0.5 + 0.05 * n + 0.05 * jumped;
    for (unsigned i = 0; i < n; i++) {
        track *m = track_find(g, members[i]);
        /* only members whose real position is known and elsewhere */
        if (m && m->has_trust && !m->shared &&
            jw_geo_distance_m(m->t_lat, m->t_lon, lat, lon) > 1000)
            emit(g, m, JW_EV_SPOOF_CLUSTER, now, lat, lon, m->chain ? m->c_since : now,
                 conf > 0.95 ? 0.95 : conf);
    }
}

/* Loss rule: position not available, or frozen while the vessel says it
 * moves, several reports in a row. */
static void lost_rule(jw_sea_evidence *g, track *t, bool have, bool frozen, bool na, double sog,
                      double now)
{
    bool recent = t->has_trust && now - t->t_time < STALE_S;
    bool lost =
        recent && ((!have && na) || (have && frozen && t->moving && sog > g->cfg.moving_kn));
    if (!lost) {
        t->lost_n = 0;
        return;
    }
    if (t->lost_n++ == 0)
        t->lost_since = now;
    if (t->lost_n > 250)
        t->lost_n = 250;
    if (t->lost_n >= g->cfg.persist && now - t->lost_since >= LOST_LAST)
        emit(g, t, JW_EV_LOST, now, NAN, NAN, t->lost_since, have ? 0.5 : 0.6);
}

/* Fixed station rule: a base station or aid to navigation away from its
 * first position, several reports in a row. */
static void fixed_rule(jw_sea_evidence *g, track *t, const jw_ais_msg *m, double lat, double lon,
                       double now)
{
    if (m->type == 21 && m->virtual_aid)
        return; /* no receiver: its position is typed in */
    if (!t->has_origin) {
        t->has_origin = true;
        t->o_lat = lat;
        t->o_lon = lon;
    }
    t->has_trust = true;
    t->t_lat = t->o_lat;
    t->t_lon = t->o_lon;
    t->t_time = now;
    t->t_sog = t->t_cog = NAN;
    bool floating = m->type == 21 && m->aid_type >= 20;
    double tol = g->cfg.fixed_tolerance_m * (floating ? 5 : 1);
    double d = jw_geo_distance_m(t->o_lat, t->o_lon, lat, lon);
    if (d <= tol) {
        t->fixed_n = 0;
        emit(g, t, JW_EV_GOOD, now, NAN, NAN, now, 0.9);
        return;
    }
    if (t->fixed_n++ == 0)
        t->fixed_since = now;
    if (t->fixed_n > 250)
        t->fixed_n = 250;
    if (t->fixed_n >= g->cfg.persist)
        emit(g, t, JW_EV_SPOOF_FIXED, now, lat, lon, t->fixed_since, d > 1000 ? 0.9 : 0.7);
}

/* True when the report's own UTC second disagrees with its time by more
 * than LATE_S: the feed stamped it on arrival, long after it was sent
 * (aggregators, satellites), so the time says nothing about its motion. */
static bool late(const jw_ais_msg *m, double now)
{
    if (!JW_AIS_HAS(m, JW_AF_SECOND) || m->second >= 60)
        return false;
    double d = fabs(now - 60.0 * floor(now / 60.0) - m->second);
    return (d > 30 ? 60 - d : d) > LATE_S;
}

/* True for a second copy of the latest report (several receivers). */
static bool duplicate(track *t, const jw_ais_msg *m, double now)
{
    bool dup = t->has_raw && t->raw_lat == m->lat && t->raw_lon == m->lon &&
               t->raw_second == m->second && fabs(now - t->raw_time) < DUP_S;
    if (!dup) {
        t->has_raw = true;
        t->raw_lat = m->lat;
        t->raw_lon = m->lon;
        t->raw_second = m->second;
        t->raw_time = now;
    }
    return dup;
}

void jw_sea_evidence_feed(jw_sea_evidence *g, const jw_ais_msg *m, const jw_vessel *v, double now)
{
    (void)v;
    if (!g || !m)
        return;
    g->st.messages++;
    if (!isfinite(now)) {
        g->st.no_time++;
        return;
    }
    if (m->mmsi == 0 || !m->full || !JW_AIS_HAS(m, JW_AF_POS) ||
        !jw_ais_is_position_type(m->type) || m->type == 9 || m->type == 11)
        return;
    track *t = track_get(g, m->mmsi, now);
    bool had_raw = t->has_raw;
    int32_t prev_lat = t->raw_lat, prev_lon = t->raw_lon;
    if (duplicate(t, m, now))
        return;
    double lat, lon;
    bool have = jw_ais_position(m, &lat, &lon);
    if (m->type == 4 || m->type == 21) {
        if (have)
            fixed_rule(g, t, m, lat, lon, now);
        return;
    }
    bool na = m->type == 27 ? (m->lon == JW_AIS_LON27_NA || m->lat == JW_AIS_LAT27_NA)
                            : (m->lon == JW_AIS_LON_NA || m->lat == JW_AIS_LAT_NA);
    bool frozen = had_raw && prev_lat == m->lat && prev_lon == m->lon;
    double sog = jw_ais_speed_kn(m), cog = jw_ais_course_deg(m);
    lost_rule(g, t, have, frozen, na, sog, now);
    if (!have || (frozen && t->lost_n))
        return;
    if (late(m, now)) {
        g->st.late++;
        return;
    }
    g->cosl = cos(lat * M_PI / 180.0);
    motion(g, t, lat, lon, sog, cog, now);
    cluster_rule(g, t, lat, lon, now);
}
