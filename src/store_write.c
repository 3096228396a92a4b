/*
 * store_write.c - the store's writer: everything buffered for a window goes
 * to SQLite in one transaction (rolled back as a whole on any failure), then
 * the retention rule deletes what is too old.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "store_priv.h"

void jw_store_pending_clear(jw_store *s)
{
    for (size_t i = 0; i < s->nevents; i++)
        free(s->events[i].cells_json);
    s->ncells = s->nevents = s->nemitters = s->ntargets = 0;
}

uint64_t jw_store_uid(const jw_store *s, uint64_t id)
{
    return (s->run << 32) | (id & 0xffffffffu);
}

/* Binds a double, NULL for NAN. */
static void bind_d(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

static int step_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int write_cells(jw_store *s, unsigned *alarms, unsigned *spoofs)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(
            s->db, "INSERT OR REPLACE INTO cells VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1,
            &st, NULL) != SQLITE_OK)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < s->ncells && rc == 0; i++) {
        const jw_cell_row *c = &s->cells[i];
        jw_h3_latlng ll = {NAN, NAN};
        jw_h3_to_latlng(c->cell, &ll);
        double v[] = {c->t0,         c->t1,      (double)0,      ll.lat,         ll.lon,
                      c->good[0],    c->good[1], c->degraded[0], c->degraded[1], c->spoofed[0],
                      c->spoofed[1], c->level,   c->level_lo,    c->level_hi,    c->spoof_level,
                      c->cls,        c->alarm,   c->spoof_alarm};
        for (int k = 0; k < 18; k++)
            bind_d(st, k + 1, v[k]);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)c->cell);
        rc = step_reset(st);
        *alarms += c->alarm;
        *spoofs += c->spoof_alarm;
    }
    sqlite3_finalize(st);
    s->stats.cells += rc == 0 ? s->ncells : 0;
    return rc;
}

static int write_events(jw_store *s)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO events VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < s->nevents && rc == 0; i++) {
        const jw_event_row *e = &s->events[i].row;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)jw_store_uid(s, e->id));
        double v[] = {e->kind, e->open,    e->start,        e->end,          e->lat,
                      e->lon,  e->n_cells, e->n_targets[0], e->n_targets[1], e->severity};
        for (int k = 0; k < 10; k++)
            bind_d(st, k + 2, v[k]);
        sqlite3_bind_text(st, 12, s->events[i].cells_json ? s->events[i].cells_json : "[]", -1,
                          SQLITE_STATIC);
        rc = step_reset(st);
    }
    sqlite3_finalize(st);
    s->stats.events += rc == 0 ? s->nevents : 0;
    return rc;
}

static int write_emitters(jw_store *s)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(
            s->db, "INSERT OR REPLACE INTO emitters VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1,
            &st, NULL) != SQLITE_OK)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < s->nemitters && rc == 0; i++) {
        const jw_emitter_row *e = &s->emitters[i];
        sqlite3_bind_int64(st, 1, (sqlite3_int64)jw_store_uid(s, e->event_id));
        double v[] = {e->time,         e->kind,           e->lat,      e->lon,      e->err_major_km,
                      e->err_minor_km, e->err_orient_deg, e->reach_km, e->eirp_dbw, e->fake_lat,
                      e->fake_lon,     e->n_obs,          e->source,   e->t_from,   e->t_to};
        for (int k = 0; k < 15; k++)
            bind_d(st, k + 2, v[k]);
        rc = step_reset(st);
    }
    sqlite3_finalize(st);
    s->stats.emitters += rc == 0 ? s->nemitters : 0;
    return rc;
}

static int write_targets(jw_store *s)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT OR REPLACE INTO incidents VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < s->ntargets && rc == 0; i++) {
        const jw_target_row *t = &s->targets[i];
        double v[] = {
            t->target,        t->domain,        t->kind,           t->start,          t->end,
            t->last_good_lat, t->last_good_lon, t->first_good_lat, t->first_good_lon, t->fake_lat,
            t->fake_lon,      t->max_jump_km};
        for (int k = 0; k < 12; k++)
            bind_d(st, k + 1, v[k]);
        if (t->event_id)
            sqlite3_bind_int64(st, 13, (sqlite3_int64)jw_store_uid(s, t->event_id));
        else
            sqlite3_bind_null(st, 13);
        sqlite3_bind_double(st, 14, t->confidence);
        rc = step_reset(st);
    }
    sqlite3_finalize(st);
    s->stats.incidents += rc == 0 ? s->ntargets : 0;
    return rc;
}

static int write_window(jw_store *s, double t0, double t1, unsigned alarms, unsigned spoofs)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO windows VALUES(?,?,?,?,?,?)", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_double(st, 1, t0);
    sqlite3_bind_double(st, 2, t1);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)s->ncells);
    sqlite3_bind_int(st, 4, (int)alarms);
    sqlite3_bind_int(st, 5, (int)spoofs);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)s->run);
    int rc = step_reset(st);
    sqlite3_finalize(st);
    return rc;
}

/* Deletes windows more than retention_s older than t1, and what hangs on them. */
static int retain(jw_store *s, double t1)
{
    if (s->retention_s <= 0)
        return 0;
    const char *sql[] = {"DELETE FROM cells WHERE t0 < ?1", "DELETE FROM windows WHERE t0 < ?1",
                         "DELETE FROM emitters WHERE time < ?1",
                         "DELETE FROM incidents WHERE end < ?1",
                         "DELETE FROM events WHERE open = 0 AND end < ?1"};
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(s->db, sql[i], -1, &st, NULL) != SQLITE_OK)
            return -1;
        sqlite3_bind_double(st, 1, t1 - s->retention_s);
        int rc = step_reset(st);
        if (i == 1)
            s->stats.retained_away += (uint64_t)sqlite3_changes(s->db);
        sqlite3_finalize(st);
        if (rc)
            return -1;
    }
    return 0;
}

jw_err jw_store_commit(jw_store *s, bool with_window, double t0, double t1)
{
    if (s->readonly)
        return JW_EINVAL;
    unsigned alarms = 0, spoofs = 0;
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0)
        rc = write_cells(s, &alarms, &spoofs);
    if (rc == 0)
        rc = write_events(s);
    if (rc == 0)
        rc = write_emitters(s);
    if (rc == 0)
        rc = write_targets(s);
    if (rc == 0 && with_window)
        rc = write_window(s, t0, t1, alarms, spoofs);
    if (rc == 0 && with_window)
        rc = retain(s, t1);
    if (rc == 0)
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    if (rc != 0) {
        fprintf(stderr, "store: commit failed: %s\n", sqlite3_errmsg(s->db));
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        s->stats.errors++;
    } else if (with_window) {
        s->stats.windows++;
    }
    jw_store_pending_clear(s);
    return rc == 0 ? JW_OK : JW_EIO;
}
