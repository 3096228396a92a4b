/*
 * store.c - the SQLite store of analysis products: schema, the buffered
 * writer (one transaction per closed window), retention. Queries are in
 * store_query.c.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/store.h"
#include "store_priv.h"

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);"
    "CREATE TABLE IF NOT EXISTS runs(run INTEGER PRIMARY KEY, started REAL);"
    "CREATE TABLE IF NOT EXISTS windows(t0 REAL PRIMARY KEY, t1 REAL NOT NULL,"
    " n_cells INTEGER, n_alarm INTEGER, n_spoof INTEGER, run INTEGER);"
    "CREATE TABLE IF NOT EXISTS cells(t0 REAL NOT NULL, t1 REAL NOT NULL, cell INTEGER NOT NULL,"
    " lat REAL, lon REAL, good_air INTEGER, good_sea INTEGER, deg_air INTEGER, deg_sea INTEGER,"
    " spoof_air INTEGER, spoof_sea INTEGER, level REAL, level_lo REAL, level_hi REAL,"
    " spoof_level REAL, cls INTEGER, alarm INTEGER, spoof_alarm INTEGER,"
    " PRIMARY KEY(t0, cell)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS cells_cell ON cells(cell, t0);"
    "CREATE TABLE IF NOT EXISTS events(uid INTEGER PRIMARY KEY, kind INTEGER, open INTEGER,"
    " start REAL, end REAL, lat REAL, lon REAL, n_cells INTEGER, n_air INTEGER, n_sea INTEGER,"
    " severity REAL, cells TEXT);"
    "CREATE INDEX IF NOT EXISTS events_end ON events(end);"
    "CREATE TABLE IF NOT EXISTS emitters(uid INTEGER NOT NULL, time REAL NOT NULL, kind INTEGER,"
    " lat REAL, lon REAL, err_major_km REAL, err_minor_km REAL, err_orient_deg REAL,"
    " reach_km REAL, eirp_dbw REAL, fake_lat REAL, fake_lon REAL, n_obs INTEGER,"
    " source INTEGER NOT NULL DEFAULT 0, t_from REAL, t_to REAL,"
    " PRIMARY KEY(uid, time, source)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS incidents(target INTEGER NOT NULL, domain INTEGER NOT NULL,"
    " kind INTEGER NOT NULL, start REAL NOT NULL, end REAL, last_good_lat REAL,"
    " last_good_lon REAL, first_good_lat REAL, first_good_lon REAL, fake_lat REAL,"
    " fake_lon REAL, max_jump_km REAL, uid INTEGER, confidence REAL,"
    " PRIMARY KEY(target, domain, kind, start)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS incidents_end ON incidents(end);";

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "store: %s\n", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
    }
    return rc;
}

/* Schema version (PRAGMA user_version). 2: emitters keyed by (uid, time,
 * source) with the source's on-span; a version-1 database (emitters keyed by
 * (uid, time)) is migrated in place, its rows becoming source 0. */
enum { STORE_SCHEMA = 2 };

static int user_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* 1: the emitters table exists without the source column (version 1). */
static int old_emitters(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int rows = 0, has_source = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA table_info(emitters)", -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) {
            const unsigned char *name = sqlite3_column_text(st, 1);
            rows++;
            has_source |= name && !strcmp((const char *)name, "source");
        }
    sqlite3_finalize(st);
    return rows > 0 && !has_source;
}

static const char *const migrate_v1_sql =
    "INSERT INTO emitters(uid, time, kind, lat, lon, err_major_km, err_minor_km,"
    " err_orient_deg, reach_km, eirp_dbw, fake_lat, fake_lon, n_obs)"
    " SELECT uid, time, kind, lat, lon, err_major_km, err_minor_km, err_orient_deg,"
    " reach_km, eirp_dbw, fake_lat, fake_lon, n_obs FROM emitters_v1;"
    "DROP TABLE emitters_v1;";

/* Creates or migrates the schema in one transaction; JW_EIO when the
 * database is newer than this program. */
static jw_err schema(jw_store *s)
{
    int v = user_version(s->db);
    if (v > STORE_SCHEMA) {
        fprintf(stderr, "store: database schema %d is newer than this jamwatch (%d)\n", v,
                STORE_SCHEMA);
        return JW_EIO;
    }
    int migrate = v < STORE_SCHEMA && old_emitters(s->db);
    char ver[48];
    snprintf(ver, sizeof ver, "PRAGMA user_version=%d;", STORE_SCHEMA);
    if (exec(s->db, "BEGIN IMMEDIATE") != SQLITE_OK)
        return JW_EIO;
    if ((migrate && exec(s->db, "ALTER TABLE emitters RENAME TO emitters_v1") != SQLITE_OK) ||
        exec(s->db, schema_sql) != SQLITE_OK ||
        (migrate && exec(s->db, migrate_v1_sql) != SQLITE_OK) || exec(s->db, ver) != SQLITE_OK) {
        exec(s->db, "ROLLBACK");
        return JW_EIO;
    }
    if (migrate)
        fprintf(stderr, "store: migrated the emitters table to schema %d\n", STORE_SCHEMA);
    return exec(s->db, "COMMIT") == SQLITE_OK ? JW_OK : JW_EIO;
}

static jw_err start_run(jw_store *s)
{
    if (schema(s) != JW_OK ||
        exec(s->db, "INSERT INTO runs(started) VALUES(strftime('%s','now'))") != SQLITE_OK)
        return JW_EIO;
    s->run = (uint64_t)sqlite3_last_insert_rowid(s->db);
    return JW_OK;
}

jw_err jw_store_open(const char *path, bool readonly, double retention_s, jw_store **out)
{
    if (!path || !out || !(retention_s >= 0))
        return JW_EINVAL;
    jw_store *s = calloc(1, sizeof *s);
    if (!s)
        return JW_ENOMEM;
    s->readonly = readonly;
    s->retention_s = retention_s;
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX;
    jw_err err = JW_EIO;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(s->db, 5000);
        /* An explicit page-cache bound per connection (SQLite's default is
         * 2 MiB, the same kind of bound, but implicit). */
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d",
                 readonly ? JW_STORE_CACHE_KB_READER : JW_STORE_CACHE_KB_WRITER);
        if (exec(s->db, pragma) != SQLITE_OK)
            err = JW_EIO;
        else if (readonly)
            err = JW_OK;
        else if (exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") == SQLITE_OK)
            err = start_run(s);
    }
    if (err != JW_OK) {
        jw_store_close(s);
        return err;
    }
    *out = s;
    return JW_OK;
}

void jw_store_close(jw_store *s)
{
    if (!s)
        return;
    jw_store_pending_clear(s);
    free(s->cells);
    free(s->events);
    free(s->emitters);
    free(s->targets);
    sqlite3_close(s->db);
    free(s);
}

/* Grows a pending array by one slot, within JW_STORE_MAX_PENDING rows in all. */
static void *slot(jw_store *s, void **arr, size_t *n, size_t *cap, size_t size)
{
    if (s->ncells + s->nevents + s->nemitters + s->ntargets >= JW_STORE_MAX_PENDING) {
        s->stats.dropped++;
        return NULL;
    }
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        void *p = realloc(*arr, nc * size);
        if (!p) {
            s->stats.dropped++;
            return NULL;
        }
        *arr = p, *cap = nc;
    }
    return (char *)*arr + (*n)++ * size;
}

static void on_cell(void *user, const jw_cell_row *row)
{
    jw_store *s = user;
    jw_cell_row *r = slot(s, (void **)&s->cells, &s->ncells, &s->cap_cells, sizeof *r);
    if (r)
        *r = *row;
}

/* The affected cells as a JSON array of H3 strings (malloc'd text). */
static char *cells_json(const jw_event_row *row)
{
    json_t *a = json_array();
    size_t n = row->n_cells < JW_STORE_MAX_EVENT_CELLS ? row->n_cells : JW_STORE_MAX_EVENT_CELLS;
    for (size_t i = 0; a && row->cells && i < n; i++) {
        char buf[20];
        if (jw_h3_to_string(row->cells[i], buf, sizeof buf) == JW_OK)
            json_array_append_new(a, json_string(buf));
    }
    char *text = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return text;
}

static void on_event(void *user, const jw_event_row *row)
{
    jw_store *s = user;
    jw_store_event *e = slot(s, (void **)&s->events, &s->nevents, &s->cap_events, sizeof *e);
    if (!e)
        return;
    e->row = *row;
    e->row.cells = NULL;
    e->cells_json = cells_json(row);
}

static void on_emitter(void *user, const jw_emitter_row *row)
{
    jw_store *s = user;
    jw_emitter_row *r = slot(s, (void **)&s->emitters, &s->nemitters, &s->cap_emitters, sizeof *r);
    if (r)
        *r = *row;
}

static void on_target(void *user, const jw_target_row *row)
{
    jw_store *s = user;
    jw_target_row *r = slot(s, (void **)&s->targets, &s->ntargets, &s->cap_targets, sizeof *r);
    if (r)
        *r = *row;
}

static void on_window(void *user, double t0, double t1)
{
    jw_store *s = user;
    jw_store_commit(s, true, t0, t1);
}

jw_products_sink jw_store_sink(jw_store *s)
{
    jw_products_sink k = {.cell = on_cell,
                          .window_closed = on_window,
                          .event = on_event,
                          .emitter = on_emitter,
                          .target = on_target,
                          .user = s};
    return k;
}

jw_err jw_store_flush(jw_store *s)
{
    if (!s || s->readonly)
        return JW_EINVAL;
    return jw_store_commit(s, false, 0, 0);
}

void jw_store_stats_get(const jw_store *s, jw_store_stats *out)
{
    *out = s->stats;
}

jw_err jw_store_check(jw_store *s)
{
    sqlite3_stmt *st = NULL;
    jw_err err = JW_EIO;
    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        err = t && !strcmp((const char *)t, "ok") ? JW_OK : JW_EFORMAT;
    }
    sqlite3_finalize(st);
    return err;
}

jw_err jw_store_last_window(jw_store *s, double *t1_out)
{
    sqlite3_stmt *st = NULL;
    jw_err err = JW_EIO;
    if (sqlite3_prepare_v2(s->db, "SELECT max(t1) FROM windows", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        err = sqlite3_column_type(st, 0) == SQLITE_NULL ? JW_ENOTFOUND : JW_OK;
        if (err == JW_OK)
            *t1_out = sqlite3_column_double(st, 0);
    }
    sqlite3_finalize(st);
    return err;
}

jw_err jw_store_window_count(jw_store *s, uint64_t *out)
{
    sqlite3_stmt *st = NULL;
    jw_err err = JW_EIO;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM windows", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        *out = (uint64_t)sqlite3_column_int64(st, 0);
        err = JW_OK;
    }
    sqlite3_finalize(st);
    return err;
}
