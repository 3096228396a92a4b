/*
 * test_sea_replay.c - the sea evidence generator on whole feeds: the
 * simulated blacksea scenario (ships spoofed onto Gelendzhik airport and
 * round a circle off Sevastopol) scored per vessel against truth.json and
 * placed against tracks.csv; the land rule on it; and real Norwegian
 * (Kystverket) and Danish (DMA) traffic, where no alarm may be raised.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jamwatch/ais.h"
#include "jamwatch/geo.h"
#include "jamwatch/input.h"
#include "jamwatch/landmask.h"
#include "jamwatch/nmea.h"
#include "jamwatch/sea_evidence.h"
#include "jamwatch/vessel.h"
#include "testutil.h"

/* A growing list of records plus the decoding state of one replay. */
typedef struct replay {
    jw_evidence *ev;
    size_t n, cap;
    size_t by_kind[JW_EV_KIND_COUNT];
    jw_vessels *vessels;
    jw_sea_evidence *gen;
    /* per MMSI: time of each decoded position report (for "heard while spoofed") */
    uint32_t *rep_mmsi;
    double *rep_time;
    size_t nrep, caprep;
} replay;

static void collect(void *user, const jw_evidence *ev)
{
    replay *r = user;
    r->by_kind[ev->kind]++;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        r->ev = realloc(r->ev, r->cap * sizeof *r->ev);
        cr_assert(r->ev);
    }
    r->ev[r->n++] = *ev;
}

static void on_payload(void *user, const jw_nmea_msg *p)
{
    replay *r = user;
    jw_ais_msg m;
    if (jw_ais_decode(p->bits, p->nbits, &m) != JW_OK)
        return;
    const jw_vessel *v = NULL;
    jw_vessels_update(r->vessels, &m, isnan(p->time) ? 0 : p->time, &v);
    jw_sea_evidence_feed(r->gen, &m, v, p->time);
    double lat, lon;
    if (jw_ais_position(&m, &lat, &lon) && isfinite(p->time)) {
        if (r->nrep == r->caprep) {
            r->caprep = r->caprep ? 2 * r->caprep : 4096;
            r->rep_mmsi = realloc(r->rep_mmsi, r->caprep * sizeof *r->rep_mmsi);
            r->rep_time = realloc(r->rep_time, r->caprep * sizeof *r->rep_time);
            cr_assert(r->rep_mmsi && r->rep_time);
        }
        r->rep_mmsi[r->nrep] = m.mmsi;
        r->rep_time[r->nrep++] = p->time;
    }
}

static jw_landmask *open_mask(void)
{
    const char *p = getenv("JW_LANDMASK");
    jw_landmask *m = NULL;
    if (!p || jw_landmask_open(p, &m) != JW_OK)
        if (jw_landmask_open("build/landmask.bin", &m) != JW_OK)
            return NULL;
    return m;
}

/* Decodes a whole NMEA file through the generator into *r. */
static void run_file(const char *path, const jw_landmask *land, replay *r)
{
    memset(r, 0, sizeof *r);
    jw_sea_evidence_config cfg = {.land = land};
    cr_assert_eq(jw_vessels_open(NULL, &r->vessels), JW_OK);
    cr_assert_eq(jw_sea_evidence_open(&cfg, collect, r, &r->gen), JW_OK);
    jw_nmea *nm;
    jw_input *in;
    cr_assert_eq(jw_nmea_open(NULL, &nm), JW_OK);
    cr_assert_eq(jw_input_open(path, &in), JW_OK, "%s", path);
    static uint8_t buf[1 << 16];
    size_t got;
    while (jw_input_read(in, buf, sizeof buf, &got) == JW_OK && got)
        jw_nmea_push(nm, buf, got, NAN, on_payload, r);
    jw_nmea_finish(nm, NAN, on_payload, r);
    jw_input_close(in);
    jw_nmea_close(nm);
}

static void free_replay(replay *r)
{
    jw_sea_evidence_close(r->gen);
    jw_vessels_close(r->vessels);
    free(r->ev);
    free(r->rep_mmsi);
    free(r->rep_time);
}

/* One truth track sample. */
typedef struct sample {
    uint32_t id;
    long t;
    double lat, lon;
} sample;

static int cmp_sample(const void *a, const void *b)
{
    const sample *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return (x->t > y->t) - (x->t < y->t);
}

/* Vessel and station rows of tracks.csv, sorted by (id, t). */
static sample *load_tracks(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    cr_assert(f, "%s", path);
    size_t cap = 1 << 17;
    sample *s = malloc(cap * sizeof *s);
    char line[512];
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        char *fld[6];
        char *p = line;
        int k = 0;
        for (; k < 6 && p; k++) {
            fld[k] = p;
            p = strchr(p, ',');
            if (p)
                *p++ = '\0';
        }
        if (k < 6 || (strcmp(fld[1], "S") && strcmp(fld[1], "F")))
            continue;
        if (*n == cap)
            s = realloc(s, (cap *= 2) * sizeof *s);
        s[*n] = (sample){(uint32_t)strtoul(fld[2], NULL, 10), strtol(fld[0], NULL, 10),
                         strtod(fld[3], NULL), strtod(fld[4], NULL)};
        ++*n;
    }
    fclose(f);
    qsort(s, *n, sizeof *s, cmp_sample);
    return s;
}

/* True when mmsi has a spoofed interval in truth covering t (any t when t is NaN). */
static bool spoofed_at(json_t *truth, uint32_t mmsi, double t)
{
    const char *lists[] = {"vessels", "stations"};
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(truth, lists[l]), i, v)
        {
            if ((uint32_t)strtoul(json_string_value(json_object_get(v, "mmsi")), NULL, 10) != mmsi)
                continue;
            size_t j;
            json_t *iv;
            json_array_foreach(json_object_get(v, "intervals"), j, iv)
            {
                const char *st = json_string_value(json_object_get(iv, "state"));
                double a = json_number_value(json_object_get(iv, "start"));
                double b = json_number_value(json_object_get(iv, "end"));
                if (st && !strcmp(st, "spoofed") && (isnan(t) || (t >= a && t <= b)))
                    return true;
            }
        }
    }
    return false;
}

static bool has_mmsi(const uint32_t *list, size_t n, uint32_t x)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == x)
            return true;
    return false;
}

Test(sea_replay, blacksea_spoofed_ships_found_and_placed, .timeout = 120)
{
    char dir[] = "/tmp/jw-sea-XXXXXX", cmd[512], path[256];
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "%s sim blacksea --out %s >/dev/null 2>&1", tu_bin(), dir);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    jw_landmask *land = open_mask();
    replay r;
    snprintf(path, sizeof path, "%s/ais.nmea", dir);
    run_file(path, land, &r);
    snprintf(path, sizeof path, "%s/truth.json", dir);
    json_error_t jerr;
    json_t *truth = json_load_file(path, 0, &jerr);
    cr_assert(truth, "%s", jerr.text);
    /* vessels heard while spoofed (the denominator of recall) */
    static uint32_t heard[4096], flagged[4096];
    size_t nh = 0, nf = 0, ntp = 0;
    for (size_t i = 0; i < r.nrep && nh < 4096; i++)
        if (!has_mmsi(heard, nh, r.rep_mmsi[i]) && spoofed_at(truth, r.rep_mmsi[i], r.rep_time[i]))
            heard[nh++] = r.rep_mmsi[i];
    for (size_t i = 0; i < r.n && nf < 4096; i++)
        if (JW_EV_IS_SPOOF(r.ev[i].kind) && !has_mmsi(flagged, nf, r.ev[i].target))
            flagged[nf++] = r.ev[i].target;
    for (size_t i = 0; i < nf; i++)
        ntp += spoofed_at(truth, flagged[i], NAN);
    double recall = nh ? (double)ntp / nh : 0, precision = nf ? (double)ntp / nf : 0;
    /* placement: each spoofing record's position against the truth at its time */
    size_t ns;
    snprintf(path, sizeof path, "%s/tracks.csv", dir);
    sample *tr = load_tracks(path, &ns);
    double *err = malloc((r.n + 1) * sizeof *err);
    size_t ne = 0;
    for (size_t i = 0; i < r.n; i++) {
        if (!JW_EV_IS_SPOOF(r.ev[i].kind) || isnan(r.ev[i].lat))
            continue;
        sample key = {r.ev[i].target, (long)r.ev[i].time / 10 * 10, 0, 0};
        const sample *s = bsearch(&key, tr, ns, sizeof *tr, cmp_sample);
        if (s)
            err[ne++] = jw_geo_distance_km(s->lat, s->lon, r.ev[i].lat, r.ev[i].lon);
    }
    for (size_t i = 1; i < ne; i++) /* insertion sort: a few thousand */
        for (size_t j = i; j > 0 && err[j - 1] > err[j]; j--) {
            double x = err[j];
            err[j] = err[j - 1];
            err[j - 1] = x;
        }
    double median = ne ? err[ne / 2] : INFINITY, p90 = ne ? err[ne * 9 / 10] : INFINITY;
    cr_log_info("blacksea: heard while spoofed %zu, flagged %zu, true %zu: recall %.3f, "
                "precision %.3f; placement of %zu spoofing records: median %.1f km, p90 %.1f km; "
                "records: jump %zu cluster %zu land %zu fixed %zu track %zu lost %zu good %zu",
                nh, nf, ntp, recall, precision, ne, median, p90, r.by_kind[JW_EV_SPOOF_JUMP],
                r.by_kind[JW_EV_SPOOF_CLUSTER], r.by_kind[JW_EV_SPOOF_LAND],
                r.by_kind[JW_EV_SPOOF_FIXED], r.by_kind[JW_EV_SPOOF_TRACK], r.by_kind[JW_EV_LOST],
                r.by_kind[JW_EV_GOOD]);
    cr_expect_geq(nh, 20, "the scenario spoofs dozens of ships");
    cr_expect_geq(recall, 0.9, "recall %.3f", recall);
    cr_expect_geq(precision, 0.95, "precision %.3f", precision);
    cr_expect_leq(median, 10.0, "median placement error %.1f km", median);
    cr_expect_gt(r.by_kind[JW_EV_SPOOF_FIXED], 0, "the GNSS-fed stations were spoofed");
    cr_expect_gt(r.by_kind[JW_EV_SPOOF_CLUSTER], 0, "ships gathered on the airport");
    if (land)
        cr_expect_gt(r.by_kind[JW_EV_SPOOF_LAND], 0, "the airport is on land");
    else
        tu_skip_part("land part: no land raster (make landmask)");
    free(err);
    free(tr);
    json_decref(truth);
    free_replay(&r);
    jw_landmask_close(land);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Real traffic: the alarms allowed are the documented ones (none so far). */
static void real_file(const char *rel, size_t min_good)
{
    TU_DATA_OR_SKIP(path, rel);
    jw_landmask *land = open_mask();
    replay r;
    run_file(path, land, &r);
    size_t alarms = 0;
    for (int k = JW_EV_DEGRADED; k < JW_EV_KIND_COUNT; k++)
        alarms += r.by_kind[k];
    for (size_t i = 0; i < r.n; i++)
        if (r.ev[i].kind != JW_EV_GOOD)
            cr_log_warn("%s: %s MMSI %u at %.5f %.5f", rel,
                        jw_evidence_kind_name((jw_evidence_kind)r.ev[i].kind), r.ev[i].target,
                        r.ev[i].lat, r.ev[i].lon);
    cr_log_info("%s: %zu position reports, good %zu, alarms %zu", rel, r.nrep,
                r.by_kind[JW_EV_GOOD], alarms);
    cr_expect_eq(alarms, 0, "%s: %zu alarms on real traffic", rel, alarms);
    cr_expect_geq(r.by_kind[JW_EV_GOOD], min_good, "%s: good %zu", rel, r.by_kind[JW_EV_GOOD]);
    free_replay(&r);
    jw_landmask_close(land);
    free(path);
}

Test(sea_replay, real_danish_stream_no_alarm)
{
    real_file("ais/real/dma-aislib/stream_example.txt", 500);
}

Test(sea_replay, real_danish_replay_dump_no_alarm)
{
    real_file("ais/real/dma-aislib/replay_dump.txt", 1);
}

/* Kystverket's sample holds one report per vessel: nothing may come of it. */
Test(sea_replay, real_norwegian_single_reports_no_evidence)
{
    real_file("ais/real/kystverket-ais.net/Ais1000Lines.nm4", 0);
}
