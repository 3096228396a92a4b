/*
 * service.c - the live service's ingest thread: the poll loop, the products
 * sink (store + SSE + cache invalidation), the snapshot for the HTTP
 * threads, startup and shutdown. Inputs are in service_inputs.c.
 */
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "jamwatch/log.h"
#include "service_priv.h"

double svc_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double svc_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void jw_service_defaults(jw_service_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->db_path = "jamwatch.db";
    cfg->http_bind = "127.0.0.1";
    cfg->http_port = 8080;
    cfg->sse_clients = 32;
    cfg->sse_buffer = 256 * 1024;
    cfg->backoff_max_s = 60;
    cfg->stall_s = 60;
    cfg->seed = 1;
}

/* ---- Products: store, then tell the live clients ---- */

static void p_cell(void *user, const jw_cell_row *row)
{
    svc *s = user;
    jw_store_sink(s->store).cell(s->store, row);
}

static void publish_json(svc *s, const char *event, json_t *o)
{
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (text && s->sse)
        jw_sse_publish(s->sse, event, text);
    free(text);
    json_decref(o);
}

static void p_window(void *user, double t0, double t1)
{
    svc *s = user;
    jw_store_sink(s->store).window_closed(s->store, t0, t1);
    if (s->http)
        jw_http_invalidate(s->http);
    /* The closed window's tables, the store's buffers and the answers just
     * invalidated went back to malloc, which keeps them in its arenas (the
     * main one for this thread, one per HTTP thread group): give whole free
     * pages back to the system, so that the resident set follows the memory
     * in use instead of each arena's high-water mark (docs/service.md,
     * "Memory"). Once a window: a walk of the arenas' free lists. */
    malloc_trim(0);
    jw_store_stats st;
    jw_store_stats_get(s->store, &st);
    jw_log("info", "window_closed", "t0=%.0f t1=%.0f windows=%llu cells=%llu", t0, t1,
           (unsigned long long)st.windows, (unsigned long long)st.cells);
    publish_json(s, "window", json_pack("{s:f,s:f}", "t0", t0, "t1", t1));
}

static void p_event(void *user, const jw_event_row *row)
{
    svc *s = user;
    jw_store_sink(s->store).event(s->store, row);
    publish_json(s, row->open ? "alarm" : "event",
                 json_pack("{s:s,s:I,s:b,s:f,s:f,s:f,s:f,s:f}", "kind",
                           row->kind ? "spoofing" : "jamming", "id", (json_int_t)row->id, "open",
                           row->open, "start", row->start, "end", row->end, "lat", row->lat, "lon",
                           row->lon, "severity", row->severity));
}

static void p_emitter(void *user, const jw_emitter_row *row)
{
    svc *s = user;
    jw_store_sink(s->store).emitter(s->store, row);
    publish_json(s, "emitter",
                 json_pack("{s:I,s:f,s:f,s:f,s:f}", "event_id", (json_int_t)row->event_id, "time",
                           row->time, "lat", row->lat, "lon", row->lon, "err_major_km",
                           row->err_major_km));
}

static void p_target(void *user, const jw_target_row *row)
{
    svc *s = user;
    jw_store_sink(s->store).target(s->store, row);
}

/* ---- Pipeline callbacks ---- */

static void on_msg(void *user, const jw_msg *m, const jw_aircraft *a)
{
    svc *s = user;
    if (m->time > s->data_time)
        s->data_time = m->time;
    if (s->engine)
        jw_svc_engine_air(s->engine, m, a);
}

void svc_ais_payload(void *user, const jw_nmea_msg *p)
{
    svc *s = user;
    jw_ais_msg m;
    if (jw_ais_decode(p->bits, p->nbits, &m) != JW_OK)
        return;
    double t = isnan(p->time) ? svc_wall() : p->time;
    if (t > s->data_time)
        s->data_time = t;
    s->c.ais_messages++;
    const jw_vessel *v = NULL;
    if (jw_vessels_update(s->vessels, &m, t, &v) == JW_OK && s->engine)
        jw_svc_engine_sea(s->engine, &m, v, t);
}

/* ---- Snapshot ---- */

static bool add_aircraft(void *user, const jw_aircraft *a)
{
    svc *s = user;
    if (s->ntargets >= JW_LIVE_MAX_TARGETS)
        return false;
    jw_live_target *t = &s->targets[s->ntargets++];
    memset(t, 0, sizeof *t);
    t->id = a->addr;
    t->domain = 0;
    t->state = a->gnss == JW_GNSS_OK    ? JW_LIVE_OK
               : a->gnss == JW_GNSS_BAD ? JW_LIVE_BAD
                                        : JW_LIVE_UNKNOWN;
    t->nacp = a->nacp_known ? a->nacp : 0;
    t->nic = a->nic;
    t->has_pos = a->pos_valid;
    t->lat = a->lat, t->lon = a->lon;
    t->alt_ft = a->alt_time >= 0 ? a->alt_baro : NAN;
    t->speed_kn = a->vel_time >= 0 ? jw_velocity_gs(&a->vel) : NAN;
    t->track_deg = a->vel_time >= 0 ? jw_velocity_track(&a->vel) : NAN;
    t->last_seen = a->last_seen;
    snprintf(t->name, sizeof t->name, "%s", a->callsign);
    return true;
}

static void add_vessel(void *user, const jw_vessel *v)
{
    svc *s = user;
    if (s->ntargets >= JW_LIVE_MAX_TARGETS)
        return;
    jw_live_target *t = &s->targets[s->ntargets++];
    memset(t, 0, sizeof *t);
    t->id = v->mmsi;
    t->domain = 1;
    bool lost = v->pos_na > 0 && (!v->has_pos || v->last_seen - v->pos_time > 30);
    t->state = lost ? JW_LIVE_BAD : v->has_pos ? JW_LIVE_OK : JW_LIVE_UNKNOWN;
    t->nacp = v->accuracy;
    t->has_pos = v->has_pos;
    t->lat = v->lat, t->lon = v->lon;
    t->alt_ft = NAN;
    t->speed_kn = v->speed_kn;
    t->track_deg = v->course_deg;
    t->last_seen = v->last_seen;
    snprintf(t->name, sizeof t->name, "%.20s", v->shipname);
}

static void publish_snapshot(svc *s)
{
    jw_pipeline_stats ps;
    jw_pipeline_stats_get(s->pipe, &ps);
    jw_store_stats st;
    jw_store_stats_get(s->store, &st);
    s->c.frames = ps.frames + ps.sbs;
    s->c.messages = ps.emitted;
    s->c.bad_crc = ps.bad_crc;
    s->c.windows = st.windows;
    s->c.cells = st.cells;
    s->c.events = st.events;
    s->c.emitters = st.emitters;
    s->c.store_errors = st.errors;
    s->c.store_dropped = st.dropped;
    s->c.data_time = s->data_time;
    s->c.aircraft = jw_aircraft_count(jw_pipeline_aircraft(s->pipe));
    s->c.vessels = jw_vessels_count(s->vessels);
    s->c.analysis = s->c.analysis || s->engine != NULL;
    s->ntargets = 0;
    jw_aircraft_foreach(jw_pipeline_aircraft(s->pipe), add_aircraft, s);
    jw_vessels_foreach(s->vessels, add_vessel, s);
    jw_live_feed lf[SVC_MAX_FEEDS];
    size_t nf = 0;
    s->c.bytes = s->c.garbage = 0;
    for (int i = 0; i < SVC_MAX_FEEDS; i++) {
        if (!s->feeds[i].used)
            continue;
        s->c.bytes += s->feeds[i].live.bytes;
        s->c.garbage += s->feeds[i].live.garbage;
        lf[nf++] = s->feeds[i].live;
    }
    jw_live_publish(s->live, s->targets, s->ntargets, lf, nf, &s->c);
    publish_json(s, "stats",
                 json_pack("{s:f,s:I,s:I,s:I}", "data_time", s->data_time, "messages",
                           (json_int_t)s->c.messages, "aircraft", (json_int_t)s->c.aircraft,
                           "vessels", (json_int_t)s->c.vessels));
}

/* ---- Startup ---- */

static jw_err open_core(svc *s)
{
    const jw_service_config *cfg = s->cfg;
    jw_err err = jw_store_open(cfg->db_path, false, cfg->retention_s, &s->store);
    if (err != JW_OK) {
        jw_log("error", "store_open", "path=\"%s\" error=\"%s\"", cfg->db_path, jw_strerror(err));
        return err;
    }
    double last = 0;
    if (jw_store_last_window(s->store, &last) == JW_OK)
        jw_log("info", "store_resume", "path=\"%s\" last_window_end=%.0f", cfg->db_path, last);
    if ((err = jw_pipeline_open(NULL, on_msg, s, &s->pipe)) != JW_OK ||
        (err = jw_vessels_open(NULL, &s->vessels)) != JW_OK ||
        (err = jw_live_open(&s->live)) != JW_OK ||
        (err = jw_sse_open(cfg->sse_clients, cfg->sse_buffer, &s->sse)) != JW_OK)
        return err;
    s->buf = malloc(SVC_READ);
    s->targets = calloc(JW_LIVE_MAX_TARGETS, sizeof *s->targets);
    if (!s->buf || !s->targets)
        return JW_ENOMEM;
    s->sink = (jw_products_sink){.cell = p_cell,
                                 .window_closed = p_window,
                                 .event = p_event,
                                 .emitter = p_emitter,
                                 .target = p_target,
                                 .user = s};
    jw_svc_engine_config ec = {.res = cfg->res, .window_s = cfg->window_s};
    if (!cfg->no_analysis) {
        err = jw_svc_engine_open(&ec, &s->sink, &s->engine);
        if (err != JW_OK)
            jw_log("warn", "analysis_unavailable", "reason=\"%s\"",
                   err == JW_EUNSUPPORTED ? "this build has no analysis engine" : jw_strerror(err));
    }
    s->c.started = svc_wall();
    return JW_OK;
}

static jw_err open_signals(svc *s)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGPIPE);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
        return JW_EIO;
    sigdelset(&set, SIGPIPE);
    s->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    return s->sigfd >= 0 ? JW_OK : JW_EIO;
}

static jw_err open_http(svc *s)
{
    const jw_service_config *cfg = s->cfg;
    if (cfg->http_port < 0)
        return JW_OK;
    jw_http_config hc = {.bind_addr = cfg->http_bind,
                         .port = cfg->http_port,
                         .web_dir = cfg->web_dir,
                         .db_path = cfg->db_path,
                         .live = s->live,
                         .sse = s->sse};
    jw_err err = jw_http_start(&hc, &s->http);
    if (err != JW_OK) {
        jw_log("error", "http_start", "bind=%s port=%d error=\"%s\"", cfg->http_bind,
               cfg->http_port, jw_strerror(err));
        return err;
    }
    jw_log("info", "http_listening", "url=http://%s:%d/ web_dir=\"%s\"", cfg->http_bind,
           jw_http_port(s->http), cfg->web_dir ? cfg->web_dir : "");
    return JW_OK;
}

static void shutdown_all(svc *s)
{
    jw_http_stop(s->http);          /* first: no reader left on the SSE hub or the store */
    jw_svc_engine_close(s->engine); /* emits what is still open */
    if (s->store && jw_store_flush(s->store) != JW_OK)
        jw_log("warn", "store_flush", "error=\"could not write the last rows\"");
    svc_inputs_close(s);
    jw_sse_close(s->sse);
    jw_live_close(s->live);
    jw_store_close(s->store);
    jw_vessels_close(s->vessels);
    jw_pipeline_close(s->pipe);
    if (s->sigfd >= 0)
        close(s->sigfd);
    free(s->buf);
    free(s->targets);
}

/* ---- The loop ---- */

/* When every input is a replay or simulation and all have ended, data time
 * stops: finish the engine so that the last windows and events are closed
 * and stored (the service keeps serving them). */
static void finish_when_inputs_done(svc *s)
{
    if (!s->engine || !s->has_timed)
        return;
    for (int i = 0; i < SVC_MAX_FEEDS; i++)
        if (s->feeds[i].used && s->feeds[i].state != FS_DONE)
            return;
    jw_log("info", "inputs_done", "action=\"analysis finished, still serving\"");
    jw_svc_engine_close(s->engine);
    s->engine = NULL;
    if (jw_store_flush(s->store) != JW_OK)
        jw_log("warn", "store_flush", "error=\"could not write the last rows\"");
    if (s->http)
        jw_http_invalidate(s->http);
}

static void loop(svc *s)
{
    double next_snap = 0, started = svc_mono(), next_expire = svc_mono() + 60;
    struct pollfd pfd[SVC_MAX_FEEDS + 1];
    int idx[SVC_MAX_FEEDS + 1];
    while (!s->stop) {
        int timeout = 200;
        pfd[0] = (struct pollfd){.fd = s->sigfd, .events = POLLIN};
        size_t n = 1 + svc_inputs_poll(s, pfd + 1, idx + 1, SVC_MAX_FEEDS, &timeout);
        int rc = poll(pfd, n, timeout);
        if (rc < 0 && errno != EINTR)
            break;
        if (pfd[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(s->sigfd, &si, sizeof si) == (ssize_t)sizeof si)
                jw_log("info", "signal", "signo=%u action=stop", si.ssi_signo);
            s->stop = true;
        }
        for (size_t i = 1; rc > 0 && i < n; i++)
            if (pfd[i].revents)
                svc_inputs_ready(s, idx[i], pfd[i].revents);
        svc_inputs_timers(s);
        double now = svc_mono();
        if (now >= next_snap) {
            if (s->engine)
                jw_svc_engine_advance(s->engine, s->has_timed ? s->data_time : svc_wall());
            finish_when_inputs_done(s);
            publish_snapshot(s);
            next_snap = now + 1.0;
        }
        if (now >= next_expire) {
            jw_vessels_expire(s->vessels, s->data_time, 3600);
            next_expire = now + 60;
        }
        if (s->cfg->exit_after_s > 0 && now - started >= s->cfg->exit_after_s)
            s->stop = true;
    }
}

jw_err jw_service_run(const jw_service_config *cfg)
{
    svc *s = calloc(1, sizeof *s);
    if (!s)
        return JW_ENOMEM;
    s->cfg = cfg;
    s->sigfd = -1;
    for (int i = 0; i < SVC_MAX_FEEDS; i++)
        s->feeds[i].fd = -1;
    jw_err err = open_signals(s); /* before any thread starts: they inherit the mask */
    if (err == JW_OK)
        err = open_core(s);
    if (err == JW_OK)
        err = svc_inputs_open(s);
    if (err == JW_OK)
        err = open_http(s);
    if (err == JW_OK) {
        jw_log("info", "service_started", "inputs=%zu db=\"%s\" analysis=%s", cfg->ninputs,
               cfg->db_path, s->engine ? "on" : "off");
        loop(s);
    }
    shutdown_all(s);
    jw_log("info", "service_stopped", "status=%s", err == JW_OK ? "ok" : jw_strerror(err));
    free(s);
    return err;
}
