/*
 * score.c - results against the simulator's truth (score.h). Truth
 * cell-windows come from tracks.csv: a sample of an aircraft whose state is
 * degraded/lost caused by a jammer (spoofed caused by a spoofer) marks the
 * cell of its TRUE position in the window holding its time. Per-target
 * spoofing and onsets come from truth.json's intervals, emitters from its
 * emitter list. All definitions are in docs/analysis.md, "Scoring".
 */
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/geo.h"
#include "jamwatch/h3.h"
#include "jamwatch/score.h"
#include "parse_num.h"

typedef struct cw {
    jw_h3 cell; /* cell */
    long win;   /* window index */
} cw;

typedef struct cwset {
    cw *v; /* items */
    size_t n, cap;
} cwset;

static int cw_cmp(const void *a, const void *b)
{
    const cw *x = a, *y = b;
    if (x->cell != y->cell)
        return x->cell < y->cell ? -1 : 1;
    return (x->win > y->win) - (x->win < y->win);
}

static void cw_add(cwset *s, jw_h3 cell, long win)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        cw *nv = realloc(s->v, nc * sizeof *nv);
        if (!nv)
            return;
        s->v = nv, s->cap = nc;
    }
    s->v[s->n++] = (cw){cell, win};
}

static void cw_sort(cwset *s)
{
    if (!s->n)
        return;
    qsort(s->v, s->n, sizeof *s->v, cw_cmp);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++)
        if (cw_cmp(&s->v[i], &s->v[k - 1]))
            s->v[k++] = s->v[i];
    s->n = k;
}

/* Whether the sorted set s holds k (an empty set has no array at all). */
static bool cw_has(const cwset *s, const cw *k)
{
    return s->n && bsearch(k, s->v, s->n, sizeof *s->v, cw_cmp) != NULL;
}

static long cw_common(const cwset *a, const cwset *b)
{
    long n = 0;
    for (size_t i = 0; i < a->n; i++)
        n += cw_has(b, &a->v[i]);
    return n;
}

static double ratio(long a, long b)
{
    return b ? (double)a / (double)b : NAN;
}

/* A whole NUL-terminated field as a finite number (parse_num.h). */
static bool num_field(const char *f, double *out)
{
    return jw_parse_finite(f, f + strlen(f), out);
}

/* The index of the window holding t (rounded to the nearest when round, for
 * window starts); false when t is no time in such windows. */
static bool window_index(double t, double window_s, bool round, long *w)
{
    double x = t / window_s;
    if (!(window_s > 0) || !(fabs(x) < 1e12))
        return false;
    *w = round ? lround(x) : (long)floor(x);
    return true;
}

/* Reads cells.csv: alarmed cell-windows into jam/spoof, and the window/res. */
static jw_err read_cells(const char *dir, jw_score *s, cwset *jam, cwset *spoof)
{
    char path[4096], line[512];
    snprintf(path, sizeof path, "%s/cells.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return JW_EIO;
    while (fgets(line, sizeof line, f)) {
        char *fld[13];
        int n = 0;
        for (char *p = strtok(line, ",\n"); p && n < 13; p = strtok(NULL, ",\n"))
            fld[n++] = p;
        jw_h3 cell;
        if (n != 13 || jw_h3_from_string(fld[0], &cell) != JW_OK)
            continue;
        /* Every row has the first row's window; a row that does not, or
         * whose times are no window, is skipped. */
        double t0, t1;
        long w;
        if (!num_field(fld[1], &t0) || !num_field(fld[2], &t1) || !(t1 - t0 > 0 && t1 - t0 < 1e9) ||
            (s->window_s > 0 && fabs(t1 - t0 - s->window_s) > 1e-6 * s->window_s) ||
            !window_index(t0, t1 - t0, true, &w))
            continue;
        if (!(s->window_s > 0))
            s->window_s = t1 - t0;
        s->res = jw_h3_resolution(cell);
        if (!strcmp(fld[11], "1"))
            cw_add(jam, cell, w);
        if (!strcmp(fld[12], "1"))
            cw_add(spoof, cell, w);
    }
    fclose(f);
    return s->window_s > 0 ? JW_OK : JW_EFORMAT;
}

/* Kind ("jammer"/"spoofer") of the emitter named name; "" when there is no
 * such emitter or it has no kind. */
static const char *cause_kind(json_t *truth, const char *name)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(truth, "emitters"), i, e)
    {
        const char *nm = json_string_value(json_object_get(e, "name"));
        const char *kind = json_string_value(json_object_get(e, "kind"));
        if (nm && !strcmp(nm, name))
            return kind ? kind : "";
    }
    return "";
}

/* Domains the result covers: run.json's "domains" (written by analyze),
 * else the domains of targets.jsonl's incidents, else air. Bit 0 air, 1 sea. */
static int result_domains(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/run.json", dir);
    json_t *j = json_load_file(path, 0, NULL), *d;
    int m = 0;
    size_t i;
    json_array_foreach(json_object_get(j, "domains"), i, d)
    {
        const char *s = json_string_value(d);
        m |= s && !strcmp(s, "air") ? 1 : s && !strcmp(s, "sea") ? 2 : 0;
    }
    json_decref(j);
    if (m)
        return m;
    snprintf(path, sizeof path, "%s/targets.jsonl", dir);
    FILE *f = fopen(path, "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f))
        m |= strstr(line, "\"domain\":\"sea\"") ? 2 : 1;
    if (f)
        fclose(f);
    return m ? m : 1;
}

/* A truth sample of a jammed aircraft that a monitor can see as such: its
 * position lost, or its reported integrity below the 14 CFR 91.227
 * performance requirement (NACp >= 8 and NIC >= 7); a "degraded" sample
 * still meeting it looks like any healthy aircraft (docs/analysis.md,
 * "Scoring"). Vessels: the state alone. */
static bool jam_visible(char kind, const char *state, const char *nacp, const char *nic)
{
    if (!strcmp(state, "lost") || kind != 'A')
        return true;
    return (*nacp && strtol(nacp, NULL, 10) < 8) || (*nic && strtol(nic, NULL, 10) < 7);
}

/* How far from each jammer the truth has aircraft it affected. */
typedef struct jam_far {
    const char *name[64]; /* jammer names (truth.json's strings) */
    double lat[64], lon[64];
    double km[64]; /* farthest affected truth sample */
    int n;
} jam_far;

static void far_update(jam_far *f, json_t *truth, const char *name, double lat, double lon)
{
    int i = 0;
    while (i < f->n && strcmp(f->name[i], name))
        i++;
    if (i == f->n) {
        size_t k;
        json_t *e;
        if (f->n == 64)
            return;
        json_array_foreach(json_object_get(truth, "emitters"), k, e)
        {
            const char *nm = json_string_value(json_object_get(e, "name"));
            if (nm && !strcmp(nm, name)) {
                f->name[i] = nm;
                f->lat[i] = json_number_value(json_object_get(e, "lat"));
                f->lon[i] = json_number_value(json_object_get(e, "lon"));
                f->km[i] = 0;
                f->n++;
                break;
            }
        }
        if (i == f->n)
            return;
    }
    double d = jw_geo_distance_km(f->lat[i], f->lon[i], lat, lon);
    if (d > f->km[i])
        f->km[i] = d;
}

/* Opens tracks.csv beside truth_path; NULL when it cannot. */
static FILE *open_tracks(const char *truth_path)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", truth_path);
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0),
             "tracks.csv");
    return fopen(path, "r");
}

/* Splits a tracks.csv line in place into at most 12 fields; their number. */
static int split_track(char *line, char *fld[12])
{
    int n = 0;
    for (char *p = line; n < 12;) {
        fld[n++] = p;
        char *c = strpbrk(p, ",\n");
        if (!c)
            break;
        *c = 0;
        p = c + 1;
    }
    return n;
}

/* A tracks.csv row's time, true position, cell and window; false when the
 * row has no such place and time. */
typedef struct track_at {
    double t, lat, lon;
    jw_h3 cell;
    long win;
} track_at;

static bool track_place(char *const fld[12], const jw_score *s, track_at *at)
{
    return num_field(fld[0], &at->t) && num_field(fld[3], &at->lat) &&
           num_field(fld[4], &at->lon) &&
           jw_h3_from_latlng(at->lat, at->lon, s->res, &at->cell) == JW_OK &&
           window_index(at->t, s->window_s, false, &at->win);
}

/* Truth cell-windows from tracks.csv beside truth_path. */
static jw_err read_tracks(const char *truth_path, json_t *truth, jw_score *s, cwset *jam,
                          cwset *jam_seen, cwset *spoof, cwset *jam_all, jam_far *far)
{
    uint8_t *seen = calloc(1 << 21, 1); /* bit per address: a position was reported before */
    if (!seen)
        return JW_ENOMEM;
    char line[512];
    FILE *f = open_tracks(truth_path);
    if (!f) {
        free(seen);
        return JW_EIO;
    }
    while (fgets(line, sizeof line, f)) {
        char *fld[12];
        if (split_track(line, fld) < 12)
            continue;
        char kind = fld[1][0];
        bool air = kind == 'A';
        if (!(air ? s->domains & 1 : (kind == 'S' || kind == 'F') && s->domains & 2))
            continue;
        uint32_t addr = (uint32_t)strtoul(fld[2], NULL, air ? 16 : 10);
        addr = air ? addr & 0xFFFFFF : addr * 2654435761u >> 8; /* vessels: a hash of the MMSI */
        if (*fld[6])
            seen[addr >> 3] |= (uint8_t)(1u << (addr & 7));
        bool bad = !strcmp(fld[8], "degraded") || !strcmp(fld[8], "lost");
        bool spoofed = !strcmp(fld[8], "spoofed");
        if (!bad && !spoofed)
            continue;
        track_at at;
        if (!track_place(fld, s, &at))
            continue;
        if (bad && !strcmp(cause_kind(truth, fld[9]), "jammer")) {
            cw_add(jam_all, at.cell, at.win);
            far_update(far, truth, fld[9], at.lat, at.lon);
            if (!jam_visible(kind, fld[8], fld[10], fld[11]))
                continue;
            cw_add(jam, at.cell, at.win);
            if (seen[addr >> 3] & (1u << (addr & 7)))
                cw_add(jam_seen, at.cell, at.win);
        } else if (spoofed) {
            cw_add(spoof, at.cell, at.win);
        }
    }
    fclose(f);
    free(seen);
    return JW_OK;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(double *v, int n, double q)
{
    if (n == 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, dbl_cmp);
    int i = (int)ceil(q * n) - 1;
    return v[i < 0 ? 0 : i];
}

static int key_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Calls fn for every JSON line of dir/name. */
static void each_line(const char *dir, const char *name, void (*fn)(void *, json_t *), void *user)
{
    char path[4096];
    static char line[1 << 16];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        json_t *j = json_loads(line, 0, NULL);
        if (j)
            fn(user, j);
        json_decref(j);
    }
    fclose(f);
}

/* Targets keyed by domain and identity: (domain << 32) | address or MMSI,
 * so that a ship and an aircraft never match each other. */
typedef struct keyset {
    uint64_t *v; /* items */
    size_t n;    /* used */
    size_t cap;  /* allocated */
} keyset;

static uint64_t tkey(int domain, uint32_t id)
{
    return (uint64_t)domain << 32 | id;
}

static void key_add(keyset *s, uint64_t x)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 256;
        uint64_t *nv = realloc(s->v, nc * sizeof *nv);
        if (!nv)
            return;
        s->v = nv, s->cap = nc;
    }
    s->v[s->n++] = x;
}

static void key_sort(keyset *s)
{
    if (!s->n)
        return;
    qsort(s->v, s->n, sizeof *s->v, key_cmp);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++)
        if (s->v[i] != s->v[k - 1])
            s->v[k++] = s->v[i];
    s->n = k;
}

static void on_target_line(void *user, json_t *j)
{
    const char *kind = json_string_value(json_object_get(j, "kind"));
    const char *tgt = json_string_value(json_object_get(j, "target"));
    const char *dom = json_string_value(json_object_get(j, "domain"));
    bool sea = dom && !strcmp(dom, "sea");
    if (kind && tgt && !strncmp(kind, "spoof_", 6))
        key_add(user, tkey(sea, (uint32_t)strtoul(tgt, NULL, sea ? 10 : 16)));
}

/* Truth spoofed targets of one truth.json list (aircraft, vessels, stations). */
static void truth_spoofed(json_t *list, int domain, const char *id_key, keyset *t, double *hours)
{
    size_t i, k;
    json_t *a, *iv;
    json_array_foreach(list, i, a)
    {
        if (hours)
            *hours += (json_number_value(json_object_get(a, "last_seen")) -
                       json_number_value(json_object_get(a, "first_seen"))) /
                      3600.0;
        const char *id = json_string_value(json_object_get(a, id_key));
        json_array_foreach(json_object_get(a, "intervals"), k, iv)
        {
            const char *st = json_string_value(json_object_get(iv, "state"));
            if (st && !strcmp(st, "spoofed"))
                key_add(t, tkey(domain, (uint32_t)strtoul(id ? id : "0", NULL, domain ? 10 : 16)));
        }
    }
}

/* Per-target spoofing over the domains analysed; false alarms per
 * aircraft-hours count aircraft only (ships: false_spoof_sea). */
static void score_targets(json_t *truth, const char *dir, jw_score *out)
{
    keyset t = {0}, p = {0};
    truth_spoofed(json_object_get(truth, "aircraft"), 0, "icao", &t, &out->aircraft_hours);
    if (out->domains & 2) {
        truth_spoofed(json_object_get(truth, "vessels"), 1, "mmsi", &t, NULL);
        truth_spoofed(json_object_get(truth, "stations"), 1, "mmsi", &t, NULL);
    }
    each_line(dir, "targets.jsonl", on_target_line, &p);
    key_sort(&t), key_sort(&p);
    long hit = 0, pred = 0, false_air = 0, false_sea = 0;
    for (size_t n = 0; n < p.n; n++) {
        int dom = (int)(p.v[n] >> 32);
        if (!(out->domains & (1 << dom)))
            continue;
        pred++;
        bool ok = t.n && bsearch(&p.v[n], t.v, t.n, sizeof *t.v, key_cmp) != NULL;
        hit += ok;
        if (!ok)
            *(dom ? &false_sea : &false_air) += 1;
    }
    out->tgt_truth = (long)t.n, out->tgt_pred = pred, out->tgt_hit = hit;
    out->tgt_precision = ratio(hit, out->tgt_pred);
    out->tgt_recall = ratio(hit, out->tgt_truth);
    out->false_spoof = false_air;
    out->false_spoof_sea = false_sea;
    out->false_spoof_per_10k_h =
        out->aircraft_hours > 0 ? out->false_spoof / out->aircraft_hours * 1e4 : NAN;
    free(t.v), free(p.v);
}

typedef struct ev_list {
    double start[8192], lat[8192], lon[8192]; /* jamming incidents tied to an event */
    int n;                                    /* used */
} ev_list;

static void on_incident_line(void *user, json_t *j)
{
    ev_list *l = user;
    const char *kind = json_string_value(json_object_get(j, "kind"));
    json_t *lat = json_object_get(j, "last_good_lat"), *lon = json_object_get(j, "last_good_lon");
    if (!kind || (strcmp(kind, "degraded") && strcmp(kind, "lost")) || l->n == 8192 ||
        !json_is_number(lat) || json_integer_value(json_object_get(j, "event_id")) == 0)
        return;
    l->start[l->n] = json_number_value(json_object_get(j, "start"));
    l->lat[l->n] = json_number_value(lat);
    l->lon[l->n] = json_number_value(lon);
    l->n++;
}

/* Earliest true onset caused by name within [t0, t1]; INFINITY none. */
static double true_onset(json_t *truth, const char *name, double t0, double t1)
{
    double best = INFINITY;
    size_t i, k;
    json_t *a, *iv;
    json_array_foreach(json_object_get(truth, "aircraft"), i, a)
    {
        json_array_foreach(json_object_get(a, "intervals"), k, iv)
        {
            const char *c = json_string_value(json_object_get(iv, "cause"));
            double s = json_number_value(json_object_get(iv, "start"));
            if (c && !strcmp(c, name) && s >= t0 && s <= t1 && s < best)
                best = s;
        }
    }
    return best;
}

/* The truth jammer nearest to (lat, lon): an incident is matched to one
 * jammer only (korea's two are 75 km apart). */
static json_t *nearest_jammer(json_t *truth, double lat, double lon)
{
    json_t *best = NULL, *e;
    double bd = INFINITY;
    size_t i;
    json_array_foreach(json_object_get(truth, "emitters"), i, e)
    {
        const char *kind = json_string_value(json_object_get(e, "kind"));
        double d = jw_geo_distance_km(lat, lon, json_number_value(json_object_get(e, "lat")),
                                      json_number_value(json_object_get(e, "lon")));
        if (kind && !strcmp(kind, "jammer") && d < bd)
            bd = d, best = e;
    }
    return best;
}

static void score_onsets(json_t *truth, const char *dir, const jam_far *far, jw_score *out)
{
    static ev_list ev;
    ev.n = 0;
    each_line(dir, "targets.jsonl", on_incident_line, &ev);
    double delays[256];
    int n = 0;
    size_t i, k;
    json_t *e, *sc;
    json_array_foreach(json_object_get(truth, "emitters"), i, e)
    {
        const char *kind = json_string_value(json_object_get(e, "kind"));
        const char *name = json_string_value(json_object_get(e, "name"));
        if (!kind || strcmp(kind, "jammer") || !name)
            continue;
        /* where it affected aircraft: its 35,000 ft reach (where fixes are lost),
         * or farther when the truth has aircraft it degraded farther out */
        double reach =
            json_number_value(json_object_get(json_object_get(e, "reach_km"), "alt_35000ft"));
        for (int f = 0; f < far->n; f++)
            if (!strcmp(far->name[f], name) && far->km[f] > reach)
                reach = far->km[f];
        double jlat = json_number_value(json_object_get(e, "lat"));
        double jlon = json_number_value(json_object_get(e, "lon"));
        json_array_foreach(json_object_get(e, "schedule"), k, sc)
        {
            double t0 = json_number_value(json_object_get(sc, "start"));
            double t1 = json_number_value(json_object_get(sc, "end"));
            double on = true_onset(truth, name, t0, t1), best = INFINITY;
            if (!isfinite(on) || n == 256)
                continue;
            for (int m = 0; m < ev.n; m++)
                if (ev.start[m] >= on - 60 && ev.start[m] <= t1 &&
                    jw_geo_distance_km(jlat, jlon, ev.lat[m], ev.lon[m]) < reach + 50 &&
                    nearest_jammer(truth, ev.lat[m], ev.lon[m]) == e && ev.start[m] < best)
                    best = ev.start[m];
            if (isfinite(best))
                delays[n++] = best - on;
        }
    }
    out->onsets = n;
    out->onset_median_s = quantile(delays, n, 0.5);
}

/* Where truth emitter e was at time t: its path interpolated (moving),
 * else its fixed place. */
static void emitter_at(json_t *e, double t, double *lat, double *lon)
{
    *lat = json_number_value(json_object_get(e, "lat"));
    *lon = json_number_value(json_object_get(e, "lon"));
    json_t *p = json_object_get(e, "path");
    size_t n = json_array_size(p);
    for (size_t i = 0; i < n; i++) {
        json_t *w = json_array_get(p, i);
        double wt = json_number_value(json_object_get(w, "t"));
        double la = json_number_value(json_object_get(w, "lat"));
        double lo = json_number_value(json_object_get(w, "lon"));
        if (i == 0 || t >= wt)
            *lat = la, *lon = lo;
        if (i > 0 && t < wt) {
            json_t *v = json_array_get(p, i - 1);
            double vt = json_number_value(json_object_get(v, "t")), f = (t - vt) / (wt - vt);
            if (t > vt && wt > vt) {
                *lat = json_number_value(json_object_get(v, "lat")) * (1 - f) + la * f;
                *lon = json_number_value(json_object_get(v, "lon")) * (1 - f) + lo * f;
            }
            break;
        }
    }
}

/* The time an estimate describes: the middle of the span its source was
 * seen on (t_from..t_to), else the estimate's time. */
static double estimate_time(json_t *pr)
{
    double a = json_number_value(json_object_get(pr, "t_from"));
    double b = json_number_value(json_object_get(pr, "t_to"));
    return b > 0 && b >= a ? 0.5 * (a + b) : json_number_value(json_object_get(pr, "time"));
}

/* Per estimate: the distance to the nearest true emitter of its kind (where
 * that one was at the estimate's time) and whether that truth is inside the
 * estimate's 95 % ellipse. Per true emitter: found when an estimate of its
 * kind is within JW_SCORE_FOUND_KM. */
static void score_emitters(json_t *truth, const char *dir, jw_score *out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/emitters.geojson", dir);
    json_t *g = json_load_file(path, 0, NULL), *te = json_object_get(truth, "emitters");
    int n = 0, inside = 0;
    bool found[256] = {false};
    size_t i, k;
    json_t *f, *e;
    json_array_foreach(json_object_get(g, "features"), i, f)
    {
        json_t *pr = json_object_get(f, "properties");
        const char *part = json_string_value(json_object_get(pr, "part"));
        const char *kind = json_string_value(json_object_get(pr, "kind"));
        json_t *c = json_object_get(json_object_get(f, "geometry"), "coordinates");
        if (!part || strcmp(part, "source") || !kind || n == JW_SCORE_MAX_EMIT)
            continue;
        double lon = json_number_value(json_array_get(c, 0)), t = estimate_time(pr);
        double lat = json_number_value(json_array_get(c, 1)), best = INFINITY, blat = 0, blon = 0;
        json_array_foreach(te, k, e)
        {
            const char *tk = json_string_value(json_object_get(e, "kind"));
            double tl, tn;
            emitter_at(e, t, &tl, &tn);
            double d = jw_geo_distance_km(lat, lon, tl, tn);
            if (tk && !strcmp(tk, kind) && d < best)
                best = d, blat = tl, blon = tn;
            if (tk && !strcmp(tk, kind) && d <= JW_SCORE_FOUND_KM && k < 256)
                found[k] = true;
        }
        if (!isfinite(best))
            continue;
        double a = json_number_value(json_object_get(pr, "err_major_km"));
        double b = json_number_value(json_object_get(pr, "err_minor_km"));
        double th = (jw_geo_bearing(lat, lon, blat, blon) -
                     json_number_value(json_object_get(pr, "err_orient_deg"))) *
                    M_PI / 180;
        double x = best * cos(th) / fmax(a, 1e-3), y = best * sin(th) / fmax(b, 1e-3);
        out->emit_in[n] = x * x + y * y <= 1;
        inside += out->emit_in[n];
        out->emit_err_km[n++] = best;
    }
    json_decref(g);
    out->emit_truth = (int)json_array_size(te);
    for (k = 0; k < json_array_size(te) && k < 256; k++)
        out->emit_found += found[k];
    out->emit_recall = out->emit_truth ? (double)out->emit_found / out->emit_truth : NAN;
    double err[JW_SCORE_MAX_EMIT];
    memcpy(err, out->emit_err_km, sizeof err);
    out->emitters = n;
    out->emit_inside = n ? (double)inside / n : NAN;
    out->emit_p95_km = quantile(err, n, 0.95);
    out->emit_median_km = quantile(err, n, 0.5);
}

jw_err jw_score_run(const char *truth_path, const char *result_dir, jw_score *out)
{
    memset(out, 0, sizeof *out);
    json_t *truth = json_load_file(truth_path, 0, NULL);
    if (!truth)
        return JW_EIO;
    cwset pj = {0}, ps = {0}, tj = {0}, ts = {0}, tjs = {0}, tja = {0};
    jam_far far = {.n = 0};
    out->domains = result_domains(result_dir);
    jw_err err = read_cells(result_dir, out, &pj, &ps);
    if (err == JW_OK)
        err = read_tracks(truth_path, truth, out, &tj, &tjs, &ts, &tja, &far);
    if (err == JW_OK) {
        cw_sort(&pj), cw_sort(&ps), cw_sort(&tj), cw_sort(&ts), cw_sort(&tjs), cw_sort(&tja);
        out->jam_truth_all = (long)tja.n;
        out->jam_recall_all = ratio(cw_common(&tja, &pj), out->jam_truth_all);
        out->jam_truth_seen = (long)tjs.n;
        out->jam_recall_seen = ratio(cw_common(&tjs, &pj), out->jam_truth_seen);
        out->jam_truth = (long)tj.n, out->jam_pred = (long)pj.n;
        out->jam_hit = cw_common(&pj, &tj);
        out->spoof_truth = (long)ts.n, out->spoof_pred = (long)ps.n;
        out->spoof_hit = cw_common(&ps, &ts);
        out->jam_precision = ratio(out->jam_hit, out->jam_pred);
        out->jam_recall = ratio(out->jam_hit, out->jam_truth);
        out->spoof_precision = ratio(out->spoof_hit, out->spoof_pred);
        out->spoof_recall = ratio(out->spoof_hit, out->spoof_truth);
        score_targets(truth, result_dir, out);
        score_onsets(truth, result_dir, &far, out);
        score_emitters(truth, result_dir, out);
    }
    free(pj.v), free(ps.v), free(tj.v), free(ts.v), free(tjs.v), free(tja.v);
    json_decref(truth);
    return err;
}

/* One aircraft's samples in a listed cell-window (jw_score_list). */
typedef struct list_row {
    cw key;         /* cell-window */
    bool missed;    /* true: truth not alarmed; false: alarmed, not truth */
    char id[16];    /* target id as tracks.csv spells it */
    char state[12]; /* truth state */
    char cause[32]; /* its cause ("" none) */
    double t0, t1;  /* first and last sample */
    int n;          /* samples */
    int nacp, nic;  /* lowest reported */
} list_row;

/* Aggregates one tracks.csv row into rows (a linear search: few listed). */
static void list_note(list_row **rows, size_t *n, size_t *cap, const list_row *r)
{
    for (size_t i = 0; i < *n; i++) {
        list_row *x = &(*rows)[i];
        if (!cw_cmp(&x->key, &r->key) && !strcmp(x->id, r->id) && !strcmp(x->state, r->state) &&
            !strcmp(x->cause, r->cause)) {
            x->t1 = r->t0, x->n++;
            x->nacp = x->nacp < r->nacp ? x->nacp : r->nacp;
            x->nic = x->nic < r->nic ? x->nic : r->nic;
            return;
        }
    }
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        list_row *nv = realloc(*rows, nc * sizeof *nv);
        if (!nv)
            return;
        *rows = nv, *cap = nc;
    }
    (*rows)[(*n)++] = *r;
}

/* A tracks.csv integrity field (0-11) as an int, clamped to -1..99. */
static int small_int(const char *f)
{
    long v = strtol(f, NULL, 10);
    return v < -1 ? -1 : v > 99 ? 99 : (int)v;
}

/* The aircraft samples (true positions) inside the false and missed
 * jamming cell-windows of pj (alarmed) against tj (truth). */
static void list_tracks(const char *truth_path, const jw_score *s, const cwset *pj, const cwset *tj,
                        FILE *out)
{
    char line[512];
    FILE *f = open_tracks(truth_path);
    list_row *rows = NULL;
    size_t n = 0, cap = 0;
    while (f && fgets(line, sizeof line, f)) {
        char *fld[12];
        int k = split_track(line, fld);
        track_at at;
        if (k < 12 || fld[1][0] != 'A' || !track_place(fld, s, &at))
            continue;
        list_row r = {.key = {at.cell, at.win}};
        bool in_p = cw_has(pj, &r.key), in_t = cw_has(tj, &r.key);
        if (in_p == in_t || (in_t && !strcmp(fld[8], "good")))
            continue;
        r.missed = in_t;
        snprintf(r.id, sizeof r.id, "%s", fld[2]);
        snprintf(r.state, sizeof r.state, "%s", fld[8]);
        snprintf(r.cause, sizeof r.cause, "%s", fld[9]);
        r.t0 = r.t1 = at.t, r.n = 1;
        r.nacp = *fld[10] ? small_int(fld[10]) : 99;
        r.nic = *fld[11] ? small_int(fld[11]) : 99;
        list_note(&rows, &n, &cap, &r);
    }
    if (f)
        fclose(f);
    for (size_t i = 0; i < n; i++) {
        char hex[17];
        jw_h3_to_string(rows[i].key.cell, hex, sizeof hex);
        fprintf(out, "%s %s %.0f %s %s %s %.0f-%.0f n=%d nacp_min=%d nic_min=%d\n",
                rows[i].missed ? "missed" : "false", hex, rows[i].key.win * s->window_s, rows[i].id,
                rows[i].state, *rows[i].cause ? rows[i].cause : "-", rows[i].t0, rows[i].t1,
                rows[i].n, rows[i].nacp, rows[i].nic);
    }
    free(rows);
}

jw_err jw_score_list(const char *truth_path, const char *result_dir, FILE *out)
{
    jw_score s = {0};
    json_t *truth = json_load_file(truth_path, 0, NULL);
    if (!truth)
        return JW_EIO;
    cwset pj = {0}, ps = {0}, tj = {0}, ts = {0}, tjs = {0}, tja = {0};
    jam_far far = {.n = 0};
    s.domains = result_domains(result_dir);
    jw_err err = read_cells(result_dir, &s, &pj, &ps);
    if (err == JW_OK)
        err = read_tracks(truth_path, truth, &s, &tj, &tjs, &ts, &tja, &far);
    if (err == JW_OK) {
        cw_sort(&pj), cw_sort(&tj);
        list_tracks(truth_path, &s, &pj, &tj, out);
    }
    free(pj.v), free(ps.v), free(tj.v), free(ts.v), free(tjs.v), free(tja.v);
    json_decref(truth);
    return err;
}
