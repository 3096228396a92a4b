/*
 * test_locate_sim.c - the locator end to end on the simulator: run a
 * built-in scenario for an hour, take its truth tracks (true position and
 * GNSS state of every aircraft and ship each minute), make the observations
 * of one emitter (affected: degraded or lost, or spoofed, with that emitter
 * as the cause; unaffected: good; each target's samples weighted to sum to
 * 1, since they are not independent) while it is on, and check that the
 * estimate is within 10 km of the scenario's emitter and that the emitter is
 * within the region's major semi-axis.
 */
#include "jamwatch/geo.h"
#include "jamwatch/locate.h"
#include "jamwatch/sim.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SAMPLES 200000

/* One truth-track sample. */
typedef struct sample {
    double t, lat, lon, alt_m; /* time (UNIX s), true position, altitude */
    uint64_t id;               /* hash of kind + id */
    int8_t y;                  /* 1 affected by the emitter, 0 good, -1 other */
} sample;

/* The comma-separated field k (0-based) of line [p, end): start and length. */
static const char *field(const char *p, const char *end, int k, size_t *len)
{
    for (; k > 0 && p < end; p++)
        if (*p == ',')
            k--;
    const char *q = p;
    while (q < end && *q != ',')
        q++;
    *len = (size_t)(q - p);
    return p;
}

static uint64_t hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)p[i]) * 1099511628211ULL;
    return h;
}

/* Parses one tracks.csv line for emitter name (spoof: the spoofed state). */
static int parse_line(const char *p, const char *end, const char *name, int spoof, sample *s)
{
    size_t n, nk, ns, nc;
    const char *kind = field(p, end, 1, &nk), *id = field(p, end, 2, &n);
    const char *st = field(p, end, 8, &ns), *cause = field(p, end, 9, &nc);
    if (nk != 1 || ns == 0)
        return 0;
    s->t = strtod(field(p, end, 0, &n), NULL);
    s->lat = strtod(field(p, end, 3, &n), NULL);
    s->lon = strtod(field(p, end, 4, &n), NULL);
    s->alt_m = kind[0] == 'A' ? 0.3048 * strtod(field(p, end, 5, &n), NULL) : 10.0;
    s->id = hash(kind, (size_t)(id + n - kind));
    int mine = nc == strlen(name) && memcmp(cause, name, nc) == 0;
    if (ns == 4 && memcmp(st, "good", 4) == 0)
        s->y = 0;
    else if (mine && (spoof ? (ns == 7 && memcmp(st, "spoofed", 7) == 0)
                            : ((ns == 4 && memcmp(st, "lost", 4) == 0) ||
                               (ns == 8 && memcmp(st, "degraded", 8) == 0))))
        s->y = 1;
    else
        s->y = -1;
    return 1;
}

/* Runs scenario for an hour and collects its track samples. */
static size_t run_sim(const char *scenario, const char *name, int spoof, sample *out,
                      const jw_sim_emitter **em, jw_sim_scenario **scp)
{
    char err[256], path[128];
    snprintf(path, sizeof path, "scenarios/%s.json", scenario);
    cr_assert_eq(jw_sim_scenario_load(path, err, sizeof err, scp), JW_OK, "%s", err);
    jw_sim_scenario *sc = *scp;
    *em = NULL;
    for (size_t i = 0; i < sc->nemitters; i++)
        if (strcmp(sc->emitters[i].name, name) == 0)
            *em = &sc->emitters[i];
    cr_assert(*em, "emitter %s", name);
    jw_sim_options opt = {.seed = 1, .duration_s = 3600, .track_every_s = 60};
    jw_sim *s;
    cr_assert_eq(jw_sim_open(sc, &opt, &s), JW_OK);
    jw_sim_batch b;
    size_t n = 0;
    while (jw_sim_step(s, &b) == JW_OK && !b.done) {
        const char *p = b.tracks, *end = b.tracks + b.tracks_len;
        while (p && p < end && n < MAX_SAMPLES) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *le = nl ? nl : end;
            n += (size_t)parse_line(p, le, name, spoof, &out[n]);
            p = le + 1;
        }
    }
    jw_sim_close(s);
    return n;
}

static int cmp_id(const void *a, const void *b)
{
    uint64_t x = ((const sample *)a)->id, y = ((const sample *)b)->id;
    return (x > y) - (x < y);
}

/* Locates emitter name of scenario from its truth tracks and checks it. */
static void check_scenario(const char *scenario, const char *name, int spoof, double max_km)
{
    sample *s = malloc(MAX_SAMPLES * sizeof *s);
    jw_locate_obs *o = malloc(MAX_SAMPLES * sizeof *o);
    cr_assert(s && o);
    const jw_sim_emitter *em;
    jw_sim_scenario *sc;
    size_t n = run_sim(scenario, name, spoof, s, &em, &sc);
    /* While it is on: from 2 minutes after the first affected sample. */
    double t0 = INFINITY, t1 = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (s[i].y == 1)
            t0 = fmin(t0, s[i].t), t1 = fmax(t1, s[i].t);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i].y >= 0 && s[i].t >= t0 + 120 && s[i].t <= t1)
            s[m++] = s[i];
    qsort(s, m, sizeof *s, cmp_id);
    size_t k = 0, naff = 0, ntarget = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && s[j].id == s[i].id)
            j++;
        for (size_t q = i; q < j; q++, k++) {
            o[k] = (jw_locate_obs){s[q].lat, s[q].lon,         s[q].alt_m,
                                   s[q].t,   (uint8_t)s[q].y,  (float)(1.0 / (double)(j - i)),
                                   0,        (uint32_t)s[q].id};
            naff += s[q].y == 1;
        }
        ntarget++;
        i = j;
    }
    jw_emitter_row r;
    jw_err rc = spoof ? jw_locate_spoofer(o, k, NULL, &r) : jw_locate_jammer(o, k, NULL, &r);
    cr_assert_eq(rc, JW_OK, "%s", jw_strerror(rc));
    double err = jw_geo_distance_km(r.lat, r.lon, em->lat, em->lon);
    cr_log_info("locate %s/%s: %zu samples of %zu targets (%zu affected): error %.2f km, "
                "ellipse %.1f x %.1f km, reach at 10 km %.0f km",
                scenario, name, k, ntarget, naff, err, r.err_major_km, r.err_minor_km, r.reach_km);
    cr_expect_leq(err, max_km, "%s/%s: error %.2f km", scenario, name, err);
    cr_expect_leq(err, r.err_major_km, "%s/%s: truth beyond the major semi-axis", scenario, name);
    free(s), free(o);
    jw_sim_scenario_free(sc);
}

Test(locate_sim, baltic_kaliningrad_jammer)
{
    check_scenario("baltic", "kaliningrad", 0, 10.0);
}

Test(locate_sim, levant_spoofer)
{
    check_scenario("levant", "beirut-fix", 1, 10.0);
}

Test(locate_sim, blacksea_spoofer)
{
    check_scenario("blacksea", "novorossiysk-airport", 1, 10.0);
}
