/*
 * store_query.c - the store's read side: the queries behind the HTTP API,
 * each building a jansson value (the caller frees it with json_decref).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/evidence.h"
#include "store_priv.h"

void jw_store_query_init(jw_store_query *q)
{
    memset(q, 0, sizeof *q);
    q->from = q->to = q->window = NAN;
    for (int i = 0; i < 4; i++)
        q->bbox[i] = NAN;
    q->kind = -1;
    q->limit = 1000;
}

/* Range bounds as SQL parameters: open ends become +-infinity. */
static double lo(double v)
{
    return isnan(v) ? -HUGE_VAL : v;
}
static double hi(double v)
{
    return isnan(v) ? HUGE_VAL : v;
}

/* A column as JSON: null, integer or real. */
static json_t *col(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL:
        return json_null();
    case SQLITE_INTEGER:
        return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_TEXT:
        return json_string((const char *)sqlite3_column_text(st, i));
    default:
        return json_real(sqlite3_column_double(st, i));
    }
}

/* Every column of the current row as an object keyed by column name. */
static json_t *row_object(sqlite3_stmt *st, int first)
{
    json_t *o = json_object();
    int n = sqlite3_column_count(st);
    for (int i = first; o && i < n; i++)
        json_object_set_new(o, sqlite3_column_name(st, i), col(st, i));
    return o;
}

static json_t *h3_string(jw_h3 cell)
{
    char buf[20];
    return jw_h3_to_string(cell, buf, sizeof buf) == JW_OK ? json_string(buf) : json_null();
}

/* Runs a prepared statement and collects rows through fn. */
static jw_err collect(sqlite3_stmt *st, json_t *arr, json_t *(*fn)(sqlite3_stmt *))
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, fn(st));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? JW_OK : JW_EIO;
}

static json_t *plain_row(sqlite3_stmt *st)
{
    return row_object(st, 0);
}

static jw_err prepare(jw_store *s, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        fprintf(stderr, "store: %s\n", sqlite3_errmsg(s->db));
        return JW_EIO;
    }
    return JW_OK;
}

jw_err jw_store_windows(jw_store *s, const jw_store_query *q, json_t **out)
{
    sqlite3_stmt *st;
    if (prepare(s,
                "SELECT t0, t1, n_cells AS cells, n_alarm AS alarms, n_spoof AS spoof_alarms "
                "FROM windows WHERE t1 > ?1 AND t0 < ?2 ORDER BY t0 DESC LIMIT ?3",
                &st))
        return JW_EIO;
    sqlite3_bind_double(st, 1, lo(q->from));
    sqlite3_bind_double(st, 2, hi(q->to));
    sqlite3_bind_int(st, 3, (int)q->limit);
    json_t *a = json_array();
    jw_err err = collect(st, a, plain_row);
    *out = a;
    return err;
}

/* One cell row as a GeoJSON Feature (columns from index 1; 0 is the cell). */
static json_t *cell_feature(sqlite3_stmt *st)
{
    jw_h3 cell = (jw_h3)sqlite3_column_int64(st, 0);
    json_t *props = row_object(st, 1);
    json_object_set_new(props, "cell", h3_string(cell));
    json_t *ring = json_array();
    jw_h3_cell_boundary b;
    if (jw_h3_boundary(cell, &b) == JW_OK) {
        for (int i = 0; i <= b.n; i++) {
            const jw_h3_latlng *v = &b.verts[i % b.n];
            json_array_append_new(ring, json_pack("[f,f]", v->lon, v->lat));
        }
    }
    return json_pack("{s:s,s:o,s:{s:s,s:[o]}}", "type", "Feature", "properties", props, "geometry",
                     "type", "Polygon", "coordinates", ring);
}

jw_err jw_store_cells(jw_store *s, const jw_store_query *q, json_t **out)
{
    sqlite3_stmt *st;
    const char *sql =
        "SELECT cell, t0, t1, lat, lon, good_air, good_sea, deg_air, deg_sea, spoof_air, "
        "spoof_sea, level, level_lo, level_hi, spoof_level, cls, alarm, spoof_alarm FROM cells "
        "WHERE (?1 IS NULL OR t0 = ?1) AND t1 > ?2 AND t0 < ?3 AND "
        "(level >= ?4 OR spoof_level >= ?4) AND lat BETWEEN ?5 AND ?6 AND lon BETWEEN ?7 AND ?8 "
        "ORDER BY t0 DESC, cell LIMIT ?9";
    if (prepare(s, sql, &st))
        return JW_EIO;
    if (!isnan(q->window))
        sqlite3_bind_double(st, 1, q->window);
    sqlite3_bind_double(st, 2, lo(q->from));
    sqlite3_bind_double(st, 3, hi(q->to));
    sqlite3_bind_double(st, 4, q->min_level);
    bool box = !isnan(q->bbox[0]);
    sqlite3_bind_double(st, 5, box ? q->bbox[1] : -90);
    sqlite3_bind_double(st, 6, box ? q->bbox[3] : 90);
    sqlite3_bind_double(st, 7, box ? q->bbox[0] : -180);
    sqlite3_bind_double(st, 8, box ? q->bbox[2] : 180);
    sqlite3_bind_int(st, 9, (int)q->limit);
    json_t *feats = json_array();
    jw_err err = collect(st, feats, cell_feature);
    *out = json_pack("{s:s,s:o}", "type", "FeatureCollection", "features", feats);
    return err;
}

static json_t *series_row(sqlite3_stmt *st)
{
    return row_object(st, 0);
}

jw_err jw_store_cell_series(jw_store *s, const jw_store_query *q, json_t **out)
{
    sqlite3_stmt *st;
    if (prepare(s,
                "SELECT t0, t1, good_air, good_sea, deg_air, deg_sea, spoof_air, spoof_sea, "
                "level, level_lo, level_hi, spoof_level, cls, alarm, spoof_alarm FROM cells "
                "WHERE cell = ?1 AND t1 > ?2 AND t0 < ?3 ORDER BY t0 DESC LIMIT ?4",
                &st))
        return JW_EIO;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)q->cell);
    sqlite3_bind_double(st, 2, lo(q->from));
    sqlite3_bind_double(st, 3, hi(q->to));
    sqlite3_bind_int(st, 4, (int)q->limit);
    json_t *a = json_array();
    jw_err err = collect(st, a, series_row);
    jw_h3_latlng c = {NAN, NAN};
    jw_h3_to_latlng(q->cell, &c);
    *out = json_pack("{s:o,s:f,s:f,s:o}", "cell", h3_string(q->cell), "lat", c.lat, "lon", c.lon,
                     "series", a);
    return err;
}

/* Events and emitters: a statement over ?1 from, ?2 to, ?3 kind (< 0 any),
 * ?4 event (0 any) and ?5 limit, each row made by row_fn. */
static jw_err query_events(jw_store *s, const char *sql, const jw_store_query *q,
                           json_t *(*row_fn)(sqlite3_stmt *), json_t **out)
{
    sqlite3_stmt *st;
    if (prepare(s, sql, &st))
        return JW_EIO;
    sqlite3_bind_double(st, 1, lo(q->from));
    sqlite3_bind_double(st, 2, hi(q->to));
    sqlite3_bind_int(st, 3, q->kind);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)q->event);
    sqlite3_bind_int(st, 5, (int)q->limit);
    json_t *a = json_array();
    jw_err err = collect(st, a, row_fn);
    *out = a;
    return err;
}

static json_t *event_row(sqlite3_stmt *st)
{
    json_t *o = row_object(st, 0);
    json_t *cells = json_loads(json_string_value(json_object_get(o, "cells")), 0, NULL);
    json_object_set_new(o, "cells", cells ? cells : json_array());
    json_t *k = json_object_get(o, "kind");
    json_object_set_new(o, "kind", json_string(json_integer_value(k) ? "spoofing" : "jamming"));
    json_object_set_new(o, "open", json_boolean(json_integer_value(json_object_get(o, "open"))));
    return o;
}

jw_err jw_store_events(jw_store *s, const jw_store_query *q, json_t **out)
{
    return query_events(
        s,
        "SELECT uid AS id, kind, open, start, end, lat, lon, n_cells, n_air, n_sea, "
        "severity, cells FROM events WHERE end >= ?1 AND start < ?2 AND "
        "(?3 < 0 OR kind = ?3) AND (?4 = 0 OR uid = ?4) ORDER BY start DESC LIMIT ?5",
        q, event_row, out);
}

static json_t *emitter_row(sqlite3_stmt *st)
{
    json_t *o = row_object(st, 0);
    json_t *k = json_object_get(o, "kind");
    json_object_set_new(o, "kind", json_string(json_integer_value(k) ? "spoofing" : "jamming"));
    return o;
}

jw_err jw_store_emitters(jw_store *s, const jw_store_query *q, json_t **out)
{
    /* The latest estimate per event unless one event is asked for (then its history). */
    return query_events(
        s,
        "SELECT e.uid AS event_id, e.time, e.kind, e.lat, e.lon, e.err_major_km, "
        "e.err_minor_km, e.err_orient_deg, e.reach_km, e.eirp_dbw, e.fake_lat, "
        "e.fake_lon, e.n_obs, e.source, e.t_from, e.t_to FROM emitters e WHERE e.time >= "
        "?1 AND e.time < ?2 AND "
        "(?3 < 0 OR e.kind = ?3) AND (?4 = 0 OR e.uid = ?4) AND (?4 != 0 OR e.time = "
        "(SELECT max(time) FROM emitters x WHERE x.uid = e.uid AND x.time < ?2)) "
        "ORDER BY e.time DESC LIMIT ?5",
        q, emitter_row, out);
}

static json_t *incident_row(sqlite3_stmt *st)
{
    json_t *o = row_object(st, 0);
    json_int_t d = json_integer_value(json_object_get(o, "domain"));
    json_int_t k = json_integer_value(json_object_get(o, "kind"));
    json_object_set_new(o, "domain", json_string(jw_domain_name((jw_domain)d)));
    json_object_set_new(o, "kind", json_string(jw_evidence_kind_name((jw_evidence_kind)k)));
    return o;
}

jw_err jw_store_incidents(jw_store *s, const jw_store_query *q, json_t **out)
{
    sqlite3_stmt *st;
    if (prepare(s,
                "SELECT target, domain, kind, start, end, last_good_lat, last_good_lon, "
                "first_good_lat, first_good_lon, fake_lat, fake_lon, max_jump_km, uid AS "
                "event_id, confidence FROM incidents WHERE end >= ?1 AND start < ?2 AND "
                "(?3 = 0 OR target = ?4) AND (?5 = 0 OR uid = ?5) ORDER BY start DESC LIMIT ?6",
                &st))
        return JW_EIO;
    sqlite3_bind_double(st, 1, lo(q->from));
    sqlite3_bind_double(st, 2, hi(q->to));
    sqlite3_bind_int(st, 3, q->has_target);
    sqlite3_bind_int64(st, 4, q->target);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)q->event);
    sqlite3_bind_int(st, 6, (int)q->limit);
    json_t *a = json_array();
    jw_err err = collect(st, a, incident_row);
    *out = a;
    return err;
}

jw_err jw_store_summary(jw_store *s, json_t **out)
{
    sqlite3_stmt *st;
    if (prepare(s,
                "SELECT (SELECT count(*) FROM windows) AS windows, (SELECT count(*) FROM cells) "
                "AS cells, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM "
                "emitters) AS emitters, (SELECT count(*) FROM incidents) AS incidents, (SELECT "
                "min(t0) FROM windows) AS first, (SELECT max(t1) FROM windows) AS last",
                &st))
        return JW_EIO;
    jw_err err = JW_EIO;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *out = row_object(st, 0);
        err = JW_OK;
    }
    sqlite3_finalize(st);
    return err;
}
