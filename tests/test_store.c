/*
 * test_store.c - the SQLite product store: products written through the
 * sink come back from the queries; a window is all-or-nothing; a writer
 * killed with SIGKILL in the middle of its commits leaves an intact
 * database holding every window it had reported committed.
 *
 * The products here are TEST FIXTURES built in the test (the analysis
 * engine is another module); real H3 cells near Seoul are used.
 */
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jamwatch/store.h"
#include "testutil.h"

static void tmp_db(char *path, size_t cap, const char *tag)
{
    snprintf(path, cap, "/tmp/jw-test-store-%s-%d.db", tag, (int)getpid());
    char side[300];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* A fixture cell row at (lat, lon) over [t0, t0 + 600). */
static jw_cell_row fixture_cell(double lat, double lon, double t0, uint32_t good, uint32_t bad)
{
    jw_cell_row c;
    memset(&c, 0, sizeof c);
    if (jw_h3_from_latlng(lat, lon, 4, &c.cell) != JW_OK)
        abort(); /* no cr_assert: also used in a forked writer */
    c.t0 = t0, c.t1 = t0 + 600;
    c.good[0] = good, c.degraded[0] = bad;
    c.level = (double)bad / (good + bad);
    c.level_lo = c.level * 0.8, c.level_hi = fmin(1, c.level * 1.2 + 0.01);
    c.cls = c.level < 0.02 ? JW_CLASS_GREEN : c.level < 0.1 ? JW_CLASS_YELLOW : JW_CLASS_RED;
    c.alarm = c.level > 0.1;
    return c;
}

static void write_window(jw_store *s, double t0, int ncells)
{
    jw_products_sink k = jw_store_sink(s);
    for (int i = 0; i < ncells; i++) {
        jw_cell_row c =
            fixture_cell(30.0 + 0.5 * (i % 20), 120.0 + 0.5 * (i / 20), t0, 20, (uint32_t)(i % 20));
        k.cell(k.user, &c);
    }
    k.window_closed(k.user, t0, t0 + 600);
}

Test(store, cells_round_trip_as_geojson)
{
    char path[256];
    tmp_db(path, sizeof path, "rt");
    jw_store *s;
    cr_assert_eq(jw_store_open(path, false, 0, &s), JW_OK);
    write_window(s, 1000, 5);
    write_window(s, 1600, 3);
    double last = 0;
    cr_assert_eq(jw_store_last_window(s, &last), JW_OK);
    cr_assert_float_eq(last, 2200, 1e-9);

    jw_store *r;
    cr_assert_eq(jw_store_open(path, true, 0, &r), JW_OK);
    jw_store_query q;
    jw_store_query_init(&q);
    q.window = 1000;
    json_t *fc = NULL;
    cr_assert_eq(jw_store_cells(r, &q, &fc), JW_OK);
    json_t *feats = json_object_get(fc, "features");
    cr_assert_eq(json_array_size(feats), 5);
    json_t *f0 = json_array_get(feats, 0);
    json_t *ring =
        json_array_get(json_object_get(json_object_get(f0, "geometry"), "coordinates"), 0);
    cr_assert_geq(json_array_size(ring), 7, "a hexagon closes its ring");
    cr_assert(json_equal(json_array_get(ring, 0), json_array_get(ring, json_array_size(ring) - 1)));
    json_decref(fc);

    /* min_level filters: only cells with level >= 0.1 (bad >= 3 of 20+bad). */
    q.min_level = 0.1;
    cr_assert_eq(jw_store_cells(r, &q, &fc), JW_OK);
    cr_assert_eq(json_array_size(json_object_get(fc, "features")), 2);
    json_decref(fc);

    json_t *w = NULL;
    jw_store_query_init(&q);
    cr_assert_eq(jw_store_windows(r, &q, &w), JW_OK);
    cr_assert_eq(json_array_size(w), 2);
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(w, 0), "cells")), 3);
    json_decref(w);
    jw_store_close(r);
    jw_store_close(s);
    unlink(path);
}

Test(store, events_emitters_incidents)
{
    char path[256];
    tmp_db(path, sizeof path, "ev");
    jw_store *s;
    cr_assert_eq(jw_store_open(path, false, 0, &s), JW_OK);
    jw_products_sink k = jw_store_sink(s);
    jw_h3 cells[2];
    jw_h3_from_latlng(38.0, 126.8, 4, &cells[0]);
    jw_h3_from_latlng(38.1, 127.0, 4, &cells[1]);
    jw_event_row e = {.id = 7,
                      .kind = JW_EVENT_JAMMING,
                      .open = 1,
                      .start = 1000,
                      .end = 1300,
                      .lat = 38.05,
                      .lon = 126.9,
                      .n_cells = 2,
                      .n_targets = {12, 1},
                      .severity = 0.6,
                      .cells = cells};
    k.event(k.user, &e);
    e.open = 0, e.end = 1500; /* the same event, closed later in the window */
    k.event(k.user, &e);
    jw_emitter_row m = {.event_id = 7,
                        .kind = 0,
                        .time = 1400,
                        .lat = 38.3,
                        .lon = 126.6,
                        .err_major_km = 20,
                        .err_minor_km = 8,
                        .err_orient_deg = 30,
                        .reach_km = 250,
                        .eirp_dbw = NAN,
                        .fake_lat = NAN,
                        .fake_lon = NAN,
                        .n_obs = 40};
    k.emitter(k.user, &m);
    jw_target_row t = {.target = 0x71c012,
                       .domain = 0,
                       .kind = 1,
                       .start = 1100,
                       .end = 1250,
                       .last_good_lat = 37.9,
                       .last_good_lon = 126.7,
                       .first_good_lat = NAN,
                       .first_good_lon = NAN,
                       .fake_lat = NAN,
                       .fake_lon = NAN,
                       .event_id = 7,
                       .confidence = 0.9f};
    k.target(k.user, &t);
    k.window_closed(k.user, 1200, 1800);

    jw_store_query q;
    jw_store_query_init(&q);
    json_t *a = NULL;
    cr_assert_eq(jw_store_events(s, &q, &a), JW_OK);
    cr_assert_eq(json_array_size(a), 1, "an event updated twice is one row");
    json_t *ev = json_array_get(a, 0);
    cr_assert_str_eq(json_string_value(json_object_get(ev, "kind")), "jamming");
    cr_assert(json_is_false(json_object_get(ev, "open")));
    cr_assert_eq(json_array_size(json_object_get(ev, "cells")), 2);
    json_int_t uid = json_integer_value(json_object_get(ev, "id"));
    json_decref(a);

    cr_assert_eq(jw_store_emitters(s, &q, &a), JW_OK);
    cr_assert_eq(json_array_size(a), 1);
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(a, 0), "event_id")), uid);
    cr_assert(json_is_null(json_object_get(json_array_get(a, 0), "eirp_dbw")));
    json_decref(a);

    q.has_target = true, q.target = 0x71c012;
    cr_assert_eq(jw_store_incidents(s, &q, &a), JW_OK);
    cr_assert_eq(json_array_size(a), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(a, 0), "kind")), "degraded");
    json_decref(a);
    q.target = 0x123456;
    cr_assert_eq(jw_store_incidents(s, &q, &a), JW_OK);
    cr_assert_eq(json_array_size(a), 0);
    json_decref(a);
    jw_store_close(s);
    unlink(path);
}

Test(store, retention_deletes_old_windows)
{
    char path[256];
    tmp_db(path, sizeof path, "ret");
    jw_store *s;
    cr_assert_eq(jw_store_open(path, false, 1800, &s), JW_OK);
    for (int i = 0; i < 6; i++)
        write_window(s, 600.0 * i, 2);
    uint64_t n = 0;
    cr_assert_eq(jw_store_window_count(s, &n), JW_OK);
    /* newest ends at 3600: windows starting before 1800 are gone. */
    cr_assert_eq(n, 3);
    jw_store_stats st;
    jw_store_stats_get(s, &st);
    cr_assert_eq(st.retained_away, 3);
    jw_store_close(s);
    unlink(path);
}

Test(store, restart_resumes_and_rewrites_idempotently)
{
    char path[256];
    tmp_db(path, sizeof path, "rs");
    jw_store *s;
    cr_assert_eq(jw_store_open(path, false, 0, &s), JW_OK);
    write_window(s, 0, 4);
    jw_products_sink k = jw_store_sink(s);
    jw_cell_row c = fixture_cell(37, 127, 600, 10, 1);
    k.cell(k.user, &c); /* a window in progress, never closed */
    jw_store_close(s);
    cr_assert_eq(jw_store_open(path, false, 0, &s), JW_OK);
    double last = 0;
    cr_assert_eq(jw_store_last_window(s, &last), JW_OK);
    cr_assert_float_eq(last, 600, 1e-9, "the unfinished window is not there");
    write_window(s, 0, 4); /* replayed data: same rows */
    uint64_t n = 0;
    jw_store_window_count(s, &n);
    cr_assert_eq(n, 1);
    json_t *fc;
    jw_store_query q;
    jw_store_query_init(&q);
    jw_store_cells(s, &q, &fc);
    cr_assert_eq(json_array_size(json_object_get(fc, "features")), 4);
    json_decref(fc);
    jw_store_close(s);
    unlink(path);
}

/* The child commits windows forever, reporting each committed t0 on a pipe. */
static void writer_child(const char *path, int wfd)
{
    jw_store *s;
    if (jw_store_open(path, false, 0, &s) != JW_OK)
        _exit(3);
    signal(SIGPIPE, SIG_DFL);
    double last = -600;
    jw_store_last_window(s, &last);
    for (double t0 = last;;) {
        t0 += 600;
        write_window(s, t0, 200);
        if (write(wfd, &t0, sizeof t0) != (ssize_t)sizeof t0)
            _exit(4);
    }
}

Test(store, sigkill_during_writes_loses_no_committed_window)
{
    char path[256];
    tmp_db(path, sizeof path, "kill");
    double reported = -1;
    for (int round = 0; round < 4; round++) {
        int p[2];
        cr_assert_eq(pipe(p), 0);
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) {
            close(p[0]);
            writer_child(path, p[1]);
        }
        close(p[1]);
        double t0;
        /* Kill it at a moment unrelated to its commits, once it has made one. */
        if (read(p[0], &t0, sizeof t0) != (ssize_t)sizeof t0) {
            int ws = 0;
            waitpid(pid, &ws, 0);
            cr_assert_fail("the writer died: status %d", ws);
        }
        reported = t0;
        usleep(20000 + 37000 * round);
        kill(pid, SIGKILL);
        int st;
        waitpid(pid, &st, 0);
        while (read(p[0], &t0, sizeof t0) == (ssize_t)sizeof t0)
            reported = t0;
        close(p[0]);
        jw_store *s;
        cr_assert_eq(jw_store_open(path, false, 0, &s), JW_OK);
        cr_assert_eq(jw_store_check(s), JW_OK, "integrity_check after SIGKILL");
        double last = 0;
        cr_assert_eq(jw_store_last_window(s, &last), JW_OK, "round %d wrote nothing", round);
        cr_assert_geq(last, reported + 600, "window %g reported committed is lost", reported);
        jw_store_query q;
        jw_store_query_init(&q);
        q.window = last - 600;
        json_t *fc;
        jw_store_cells(s, &q, &fc);
        cr_assert_eq(json_array_size(json_object_get(fc, "features")), 200,
                     "a stored window has all its cells");
        json_decref(fc);
        jw_store_close(s);
    }
    unlink(path);
}

/* A database written by the first schema (emitters keyed by (uid, time), no
 * source column): opening it migrates the table in place, keeps its rows as
 * source 0, and a two-source estimate can then be written. */
Test(store, migrates_a_version_1_database)
{
    char path[256];
    tmp_db(path, sizeof path, "v1");
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db,
                              "CREATE TABLE emitters(uid INTEGER NOT NULL, time REAL NOT NULL,"
                              " kind INTEGER, lat REAL, lon REAL, err_major_km REAL,"
                              " err_minor_km REAL, err_orient_deg REAL, reach_km REAL,"
                              " eirp_dbw REAL, fake_lat REAL, fake_lon REAL, n_obs INTEGER,"
                              " PRIMARY KEY(uid, time)) WITHOUT ROWID;"
                              "INSERT INTO emitters VALUES(3, 900, 0, 38.0, 125.7, 9, 5, 10,"
                              " 200, 13, NULL, NULL, 50);",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(db);

    jw_store *s;
    cr_assert_eq(jw_store_open(path, false, 0, &s), JW_OK);
    jw_products_sink k = jw_store_sink(s);
    for (int src = 0; src < 2; src++) {
        jw_emitter_row m = {.event_id = 4,
                            .time = 1400,
                            .lat = 38.0 + src,
                            .lon = 126.0,
                            .err_major_km = 5,
                            .err_minor_km = 3,
                            .eirp_dbw = NAN,
                            .fake_lat = NAN,
                            .fake_lon = NAN,
                            .n_obs = 30,
                            .source = src,
                            .n_sources = 2,
                            .t_from = 1000,
                            .t_to = 1400};
        k.emitter(k.user, &m);
    }
    k.window_closed(k.user, 1200, 1800);
    jw_store_query q;
    jw_store_query_init(&q);
    json_t *a = NULL;
    cr_assert_eq(jw_store_emitters(s, &q, &a), JW_OK);
    cr_assert_eq(json_array_size(a), 3, "the old row and both sources of the new estimate");
    json_decref(a);
    jw_store_close(s);

    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(st, 0), 2);
    sqlite3_finalize(st);
    sqlite3_close(db);
    unlink(path);
}
