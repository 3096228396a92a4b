/*
 * live.c - the mutex-protected snapshot the HTTP threads read: targets,
 * feeds, counters, and their JSON forms.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/live.h"

struct jw_live {
    pthread_mutex_t mu;      /* guards everything below */
    jw_live_target *targets; /* JW_LIVE_MAX_TARGETS slots */
    size_t ntargets;         /* used */
    jw_live_feed feeds[JW_LIVE_MAX_FEEDS];
    size_t nfeeds;
    jw_live_counters counters;
};

jw_err jw_live_open(jw_live **out)
{
    jw_live *l = calloc(1, sizeof *l);
    if (!l)
        return JW_ENOMEM;
    l->targets = calloc(JW_LIVE_MAX_TARGETS, sizeof *l->targets);
    if (!l->targets || pthread_mutex_init(&l->mu, NULL) != 0) {
        free(l->targets);
        free(l);
        return JW_ENOMEM;
    }
    *out = l;
    return JW_OK;
}

void jw_live_close(jw_live *l)
{
    if (!l)
        return;
    pthread_mutex_destroy(&l->mu);
    free(l->targets);
    free(l);
}

void jw_live_publish(jw_live *l, const jw_live_target *t, size_t nt, const jw_live_feed *f,
                     size_t nf, const jw_live_counters *c)
{
    nt = nt < JW_LIVE_MAX_TARGETS ? nt : JW_LIVE_MAX_TARGETS;
    nf = nf < JW_LIVE_MAX_FEEDS ? nf : JW_LIVE_MAX_FEEDS;
    pthread_mutex_lock(&l->mu);
    if (nt)
        memcpy(l->targets, t, nt * sizeof *t);
    l->ntargets = nt;
    if (nf)
        memcpy(l->feeds, f, nf * sizeof *f);
    l->nfeeds = nf;
    l->counters = *c;
    pthread_mutex_unlock(&l->mu);
}

void jw_live_counters_get(jw_live *l, jw_live_counters *out)
{
    pthread_mutex_lock(&l->mu);
    *out = l->counters;
    pthread_mutex_unlock(&l->mu);
}

const char *jw_live_state_name(int s)
{
    return s == JW_LIVE_OK ? "ok" : s == JW_LIVE_BAD ? "bad" : "unknown";
}

static json_t *num_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static bool passes(const jw_live_target *t, const jw_live_filter *f)
{
    if ((f->domain >= 0 && t->domain != f->domain) || (f->state >= 0 && t->state != f->state))
        return false;
    if (isnan(f->bbox[0]))
        return true;
    return t->has_pos && t->lon >= f->bbox[0] && t->lat >= f->bbox[1] && t->lon <= f->bbox[2] &&
           t->lat <= f->bbox[3];
}

static json_t *target_feature(const jw_live_target *t)
{
    char id[16];
    snprintf(id, sizeof id, t->domain ? "%09u" : "%06x", (unsigned)t->id);
    json_t *props = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:f,s:i,s:i}", "id", id, "domain",
                              t->domain ? "sea" : "air", "state", jw_live_state_name(t->state),
                              "name", t->name, "alt_ft", num_or_null(t->alt_ft), "speed_kn",
                              num_or_null(t->speed_kn), "track_deg", num_or_null(t->track_deg),
                              "last_seen", t->last_seen, "nacp", t->nacp, "nic", t->nic);
    json_t *geom = t->has_pos
                       ? json_pack("{s:s,s:[f,f]}", "type", "Point", "coordinates", t->lon, t->lat)
                       : json_null();
    return json_pack("{s:s,s:o,s:o}", "type", "Feature", "properties", props, "geometry", geom);
}

json_t *jw_live_targets_json(jw_live *l, const jw_live_filter *f)
{
    json_t *feats = json_array();
    pthread_mutex_lock(&l->mu);
    unsigned n = 0;
    for (size_t i = 0; i < l->ntargets && n < f->limit; i++) {
        if (!passes(&l->targets[i], f))
            continue;
        json_array_append_new(feats, target_feature(&l->targets[i]));
        n++;
    }
    pthread_mutex_unlock(&l->mu);
    return json_pack("{s:s,s:o}", "type", "FeatureCollection", "features", feats);
}

json_t *jw_live_feeds_json(jw_live *l)
{
    json_t *a = json_array();
    pthread_mutex_lock(&l->mu);
    for (size_t i = 0; i < l->nfeeds; i++) {
        const jw_live_feed *f = &l->feeds[i];
        json_array_append_new(
            a,
            json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:o,s:s}", "name", f->name, "format", f->format,
                      "state", f->state, "bytes", (json_int_t)f->bytes, "messages",
                      (json_int_t)f->messages, "garbage", (json_int_t)f->garbage, "reconnects",
                      (json_int_t)f->reconnects, "last_data",
                      f->last_data > 0 ? json_real(f->last_data) : json_null(), "error", f->error));
    }
    pthread_mutex_unlock(&l->mu);
    return a;
}

json_t *jw_live_stats_json(jw_live *l, double now)
{
    size_t by_state[2][3] = {{0}};
    pthread_mutex_lock(&l->mu);
    jw_live_counters c = l->counters;
    for (size_t i = 0; i < l->ntargets; i++)
        by_state[l->targets[i].domain & 1][l->targets[i].state % 3]++;
    pthread_mutex_unlock(&l->mu);
    return json_pack(
        "{s:f,s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:b,s:{s:{s:I,s:I,s:I},s:{s:I,s:"
        "I,s:I}}}",
        "uptime_s", now - c.started, "data_time",
        c.data_time > 0 ? json_real(c.data_time) : json_null(), "bytes", (json_int_t)c.bytes,
        "frames", (json_int_t)c.frames, "messages", (json_int_t)c.messages, "ais_messages",
        (json_int_t)c.ais_messages, "bad_crc", (json_int_t)c.bad_crc, "garbage",
        (json_int_t)c.garbage, "windows", (json_int_t)c.windows, "cells", (json_int_t)c.cells,
        "events", (json_int_t)c.events, "emitters", (json_int_t)c.emitters, "store_errors",
        (json_int_t)c.store_errors, "analysis", c.analysis, "targets", "air", "ok",
        (json_int_t)by_state[0][1], "bad", (json_int_t)by_state[0][2], "unknown",
        (json_int_t)by_state[0][0], "sea", "ok", (json_int_t)by_state[1][1], "bad",
        (json_int_t)by_state[1][2], "unknown", (json_int_t)by_state[1][0]);
}
