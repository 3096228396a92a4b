/*
 * analyze_out.c - the files of `jamwatch analyze` (docs/analysis.md,
 * "Output files"): a jw_products_sink writing cells.csv, cells.geojson,
 * events.jsonl, emitters.geojson and targets.jsonl.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_out.h"
#include "jamwatch/geo.h"
#include "jamwatch/locate.h"

static const char *const class_names[] = {"none", "green", "yellow", "red"};

enum { AO_CELL_TEXTS = 1024, AO_COORDS_MAX = 300 };

/* One cell's name and GeoJSON ring as on_cell writes them. */
typedef struct ao_cell_text {
    jw_h3 cell;                  /* 0: none */
    char hex[JW_H3_STRING_SIZE]; /* jw_h3_to_string */
    char coords[AO_COORDS_MAX];  /* "[lon,lat],..." closed ring (fits: <= 11 points of 25) */
} ao_cell_text;

/* The texts of cell, formatted on first use (direct-mapped cache); NULL
 * when the cell has no name or boundary. */
static const ao_cell_text *cell_text(analyze_out *o, jw_h3 cell, ao_cell_text *own)
{
    ao_cell_text *t = own;
    if (o->cell_text) {
        uint64_t h = cell * 0x9E3779B97F4A7C15ull;
        t = &o->cell_text[(h >> 40) % AO_CELL_TEXTS];
        if (t->cell == cell)
            return t;
    }
    jw_h3_cell_boundary b;
    t->cell = 0;
    if (jw_h3_to_string(cell, t->hex, sizeof t->hex) != JW_OK || jw_h3_boundary(cell, &b) != JW_OK)
        return NULL;
    size_t n = 0;
    for (int i = 0; i <= b.n && n < sizeof t->coords; i++) {
        int k = snprintf(t->coords + n, sizeof t->coords - n, "%s[%.6f,%.6f]", i ? "," : "",
                         b.verts[i % b.n].lon, b.verts[i % b.n].lat);
        n += k > 0 ? (size_t)k : sizeof t->coords;
    }
    if (n >= sizeof t->coords)
        return NULL; /* cannot happen: at most 11 points of at most 25 characters */
    t->cell = cell;
    return t;
}

/* A number, or null when not finite. */
static void num(FILE *f, int prec, double v)
{
    if (isfinite(v))
        fprintf(f, "%.*f", prec, v);
    else
        fputs("null", f);
}

static void on_cell(void *user, const jw_cell_row *r)
{
    analyze_out *o = user;
    ao_cell_text own;
    char hex[JW_H3_STRING_SIZE];
    const ao_cell_text *t = cell_text(o, r->cell, &own);
    if (!t && jw_h3_to_string(r->cell, hex, sizeof hex) != JW_OK)
        return;
    const char *name = t ? t->hex : hex;
    uint32_t good = r->good[0] + r->good[1], bad = r->degraded[0] + r->degraded[1];
    uint32_t spoof = r->spoofed[0] + r->spoofed[1];
    if (o->gpsjam) {
        fprintf(o->cells_csv, "%s,%u,%u\n", name, good, bad);
    } else {
        fprintf(o->cells_csv, "%s,%.0f,%.0f,%u,%u,%u,%.4f,%.4f,%.4f,%.4f,%s,%u,%u\n", name, r->t0,
                r->t1, good, bad, spoof, r->level, r->level_lo, r->level_hi, r->spoof_level,
                class_names[r->cls & 3], r->alarm, r->spoof_alarm);
    }
    if (!t)
        return; /* no boundary */
    FILE *g = o->cells_geo;
    fprintf(g,
            "%s{\"type\":\"Feature\",\"properties\":{\"hex\":\"%s\",\"t0\":%.0f,\"t1\":%.0f,"
            "\"good\":%u,\"degraded\":%u,\"spoofed\":%u,\"level\":%.4f,\"level_lo\":%.4f,"
            "\"level_hi\":%.4f,\"class\":\"%s\",\"alarm\":%u,\"spoof_alarm\":%u},"
            "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[",
            o->ncells++ ? ",\n" : "", name, r->t0, r->t1, good, bad, spoof, r->level, r->level_lo,
            r->level_hi, class_names[r->cls & 3], r->alarm, r->spoof_alarm);
    fputs(t->coords, g);
    fputs("]]}}", g);
}

static void on_event(void *user, const jw_event_row *r)
{
    analyze_out *o = user;
    if (r->open)
        return; /* only final rows are written */
    FILE *f = o->events;
    fprintf(f, "{\"id\":%llu,\"kind\":\"%s\",\"start\":%.1f,\"end\":%.1f,\"lat\":",
            (unsigned long long)r->id, r->kind == JW_EVENT_JAMMING ? "jamming" : "spoofing",
            r->start, r->end);
    num(f, 5, r->lat);
    fputs(",\"lon\":", f);
    num(f, 5, r->lon);
    fprintf(f,
            ",\"n_cells\":%u,\"n_targets_air\":%u,\"n_targets_sea\":%u,\"severity\":%.4f,"
            "\"cells\":[",
            r->n_cells, r->n_targets[0], r->n_targets[1], r->severity);
    for (uint32_t i = 0; i < r->n_cells; i++) {
        char hex[JW_H3_STRING_SIZE];
        if (jw_h3_to_string(r->cells[i], hex, sizeof hex) == JW_OK)
            fprintf(f, "%s\"%s\"", i ? "," : "", hex);
    }
    fputs("]}\n", f);
    o->nevents++;
}

/* The 95 % ellipse as a closed ring of 36 points. */
static void ellipse(FILE *g, const jw_emitter_row *r)
{
    double a = fmax(r->err_major_km, 0.1), b = fmax(r->err_minor_km, 0.1);
    for (int i = 0; i <= 36; i++) {
        double th = (i % 36) * (2 * M_PI / 36), x = a * cos(th), y = b * sin(th);
        double d = hypot(x, y), brg = r->err_orient_deg + atan2(y, x) * 180 / M_PI;
        double lat, lon;
        jw_geo_destination_km(r->lat, r->lon, brg, d, &lat, &lon);
        fprintf(g, "%s[%.6f,%.6f]", i ? "," : "", lon, lat);
    }
}

static void on_emitter(void *user, const jw_emitter_row *r)
{
    analyze_out *o = user;
    FILE *g = o->emitters;
    const char *kind = r->kind == JW_EVENT_JAMMING ? "jammer" : "spoofer";
    for (int part = 0; part < 2; part++) {
        fprintf(g,
                "%s{\"type\":\"Feature\",\"properties\":{\"event_id\":%llu,\"kind\":\"%s\","
                "\"part\":\"%s\",\"time\":%.1f,\"err_major_km\":%.3f,\"err_minor_km\":%.3f,"
                "\"err_orient_deg\":%.1f,\"reach_km\":",
                o->nemitters++ ? ",\n" : "", (unsigned long long)r->event_id, kind,
                part ? "region95" : "source", r->time, r->err_major_km, r->err_minor_km,
                r->err_orient_deg);
        num(g, 2, r->reach_km);
        fputs(",\"eirp_dbw\":", g);
        num(g, 2, r->eirp_dbw);
        fputs(",\"fake_lat\":", g);
        num(g, 5, r->fake_lat);
        fputs(",\"fake_lon\":", g);
        num(g, 5, r->fake_lon);
        fprintf(g,
                ",\"n_obs\":%u,\"source\":%u,\"n_sources\":%u,\"t_from\":%.1f,\"t_to\":%.1f},"
                "\"geometry\":",
                r->n_obs, r->source, r->n_sources ? r->n_sources : 1u, r->t_from, r->t_to);
        if (part == 0) {
            fprintf(g, "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}}", r->lon, r->lat);
        } else {
            fputs("{\"type\":\"Polygon\",\"coordinates\":[[", g);
            ellipse(g, r);
            fputs("]]}}", g);
        }
    }
}

static void on_target(void *user, const jw_target_row *r)
{
    analyze_out *o = user;
    FILE *f = o->targets;
    /* aircraft: ICAO address in hex; vessels: MMSI in 9 decimal digits */
    fprintf(
        f,
        r->domain == JW_DOMAIN_SEA
            ? "{\"target\":\"%09u\",\"domain\":\"%s\",\"kind\":\"%s\",\"start\":%.1f,\"end\":%.1f"
            : "{\"target\":\"%06X\",\"domain\":\"%s\",\"kind\":\"%s\",\"start\":%.1f,\"end\":%.1f",
        r->target, jw_domain_name((jw_domain)r->domain),
        jw_evidence_kind_name((jw_evidence_kind)r->kind), r->start, r->end);
    const char *keys[] = {"last_good_lat",  "last_good_lon", "first_good_lat",
                          "first_good_lon", "fake_lat",      "fake_lon"};
    double vals[] = {r->last_good_lat,  r->last_good_lon, r->first_good_lat,
                     r->first_good_lon, r->fake_lat,      r->fake_lon};
    for (int i = 0; i < 6; i++) {
        fprintf(f, ",\"%s\":", keys[i]);
        num(f, 5, vals[i]);
    }
    fprintf(f, ",\"max_jump_km\":%.2f,\"event_id\":%llu,\"confidence\":%.2f}\n", r->max_jump_km,
            (unsigned long long)r->event_id, r->confidence);
    o->ntargets++;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fopen(path, "w");
}

/* The locator's input, one row per observation (docs/analysis.md). */
static void on_locate_input(void *user, uint64_t event_id, int kind, const jw_locate_obs *obs,
                            size_t n)
{
    analyze_out *o = user;
    for (size_t i = 0; i < n; i++) {
        char row[256];
        jw_locate_obs_format(row, sizeof row, event_id, kind, &obs[i]);
        fprintf(o->locate_obs, "%s\n", row);
    }
}

int analyze_out_open(analyze_out *o, const char *dir, bool gpsjam, bool locate_obs)
{
    memset(o, 0, sizeof *o);
    o->gpsjam = gpsjam;
    o->cell_text = calloc(AO_CELL_TEXTS, sizeof *o->cell_text); /* NULL: formatted each time */
    o->cells_csv = open_in(dir, "cells.csv");
    o->cells_geo = open_in(dir, "cells.geojson");
    o->events = open_in(dir, "events.jsonl");
    o->emitters = open_in(dir, "emitters.geojson");
    o->targets = open_in(dir, "targets.jsonl");
    o->locate_obs = locate_obs ? open_in(dir, "locate_obs.csv") : NULL;
    if (!o->cells_csv || !o->cells_geo || !o->events || !o->emitters || !o->targets ||
        (locate_obs && !o->locate_obs))
        return -1;
    if (o->locate_obs)
        fputs(JW_LOCATE_OBS_HEADER "\n", o->locate_obs);
    fputs(gpsjam ? "hex,count_good_aircraft,count_bad_aircraft\n"
                 : "hex,t0,t1,good,degraded,spoofed,level,level_lo,level_hi,spoof_level,class,"
                   "alarm,spoof_alarm\n",
          o->cells_csv);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", o->cells_geo);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", o->emitters);
    return 0;
}

jw_products_sink analyze_out_sink(analyze_out *o)
{
    jw_products_sink s = {
        .cell = on_cell, .event = on_event, .emitter = on_emitter, .target = on_target, .user = o};
    if (o->locate_obs)
        s.locate_input = on_locate_input;
    return s;
}

int analyze_out_close(analyze_out *o)
{
    int rc = 0;
    if (o->cells_geo)
        fputs("\n]}\n", o->cells_geo);
    if (o->emitters)
        fputs("\n]}\n", o->emitters);
    FILE *fs[] = {o->cells_csv, o->cells_geo, o->events, o->emitters, o->targets, o->locate_obs};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        if (fs[i] && fclose(fs[i]) != 0)
            rc = -1;
    free(o->cell_text);
    o->cell_text = NULL;
    return rc;
}
