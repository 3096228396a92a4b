/*
 * service_inputs.c - the live service's inputs: outbound connections with
 * exponential backoff and stall detection, listening ports and their
 * feeders, UDP NMEA, paced replays, and the simulator in real time.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "jamwatch/input.h"
#include "jamwatch/log.h"
#include "service_priv.h"

enum { REPLAY_CHUNK = 16384 };

static void feed_name(svc_feed *f)
{
    static const char *const kinds[] = {"connect", "listen", "udp", "replay", "sim"};
    const jw_service_input *in = &f->in;
    if (in->kind == JW_SVC_CONNECT)
        snprintf(f->live.name, sizeof f->live.name, "connect %.40s:%d", in->host, in->port);
    else if (in->kind == JW_SVC_LISTEN || in->kind == JW_SVC_UDP)
        snprintf(f->live.name, sizeof f->live.name, "%s :%d", kinds[in->kind], in->port);
    else
        snprintf(f->live.name, sizeof f->live.name, "%s %.50s", kinds[in->kind], in->path);
    snprintf(f->live.format, sizeof f->live.format, "%s",
             in->kind == JW_SVC_SIM ? "sim" : jw_format_name(in->format));
}

static void set_state(svc_feed *f, feed_state st, const char *label)
{
    f->state = st;
    snprintf(f->live.state, sizeof f->live.state, "%s", label);
}

static void set_error(svc_feed *f, const char *msg)
{
    snprintf(f->live.error, sizeof f->live.error, "%s", msg);
}

/* Fresh readers for a new connection or file. */
static void reader_counts(const svc_feed *f, uint64_t *messages, uint64_t *garbage);

static jw_err make_readers(svc_feed *f, bool arrival_time)
{
    uint64_t m, g;
    reader_counts(f, &m, &g);
    f->base_messages += m;
    f->base_garbage += g;
    jw_feed_close(f->feed);
    jw_nmea_close(f->nmea);
    f->feed = NULL, f->nmea = NULL;
    if (f->in.format == JW_FMT_NMEA || f->in.kind == JW_SVC_UDP || f->in.kind == JW_SVC_SIM) {
        jw_err err = jw_nmea_open(NULL, &f->nmea);
        if (err != JW_OK || f->in.kind != JW_SVC_SIM)
            return err;
    }
    jw_feed_config fc = {.format = f->in.format,
                         .use_arrival_time = arrival_time,
                         .time_base = f->in.has_time_base ? f->in.time_base : 0};
    return jw_feed_open(&fc, &f->feed);
}

static void close_fd(svc_feed *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}

/* A connection ended or failed: schedule the next attempt with backoff. */
static void retry_later(svc *s, svc_feed *f, const char *why)
{
    close_fd(f);
    if (f->connected_at > 0 && svc_mono() - f->connected_at > 30)
        f->backoff = 0; /* it was up for a while: start the delays again from 1 s */
    f->connected_at = 0;
    f->backoff = f->backoff > 0 ? f->backoff * 2 : 1;
    if (f->backoff > s->cfg->backoff_max_s)
        f->backoff = s->cfg->backoff_max_s;
    f->next_at = svc_mono() + f->backoff;
    f->live.reconnects++;
    set_error(f, why);
    set_state(f, FS_IDLE, "backoff");
    jw_log("warn", "feed_reconnect", "feed=\"%s\" reason=\"%s\" retry_in_s=%.0f", f->live.name, why,
           f->backoff);
}

/* A feed's end: connect feeds reconnect, accepted feeders free their slot. */
static void feed_closed(svc *s, svc_feed *f, const char *why)
{
    if (f->in.kind == JW_SVC_CONNECT) {
        retry_later(s, f, why);
        return;
    }
    jw_log("info", "feed_closed", "feed=\"%s\" reason=\"%s\" bytes=%llu", f->live.name, why,
           (unsigned long long)f->live.bytes);
    close_fd(f);
    set_state(f, FS_DONE, "closed");
    if (f->parent >= 0) {
        /* The listening port keeps the totals of its closed feeders. */
        jw_live_feed *pl = &s->feeds[f->parent].live;
        pl->bytes += f->live.bytes;
        pl->messages += f->live.messages;
        pl->garbage += f->live.garbage;
        pl->last_data = f->live.last_data > pl->last_data ? f->live.last_data : pl->last_data;
        s->feeds[f->parent].children--;
        jw_feed_close(f->feed);
        jw_nmea_close(f->nmea);
        memset(f, 0, sizeof *f);
        f->fd = -1;
    }
}

/* The name lookup is done: connect (non-blocking) to its first address. */
static void connect_to(svc *s, svc_feed *f, struct addrinfo *res)
{
    f->fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (f->fd < 0 || (connect(f->fd, res->ai_addr, res->ai_addrlen) != 0 && errno != EINPROGRESS)) {
        freeaddrinfo(res);
        retry_later(s, f, strerror(errno));
        return;
    }
    freeaddrinfo(res);
    set_state(f, FS_CONNECTING, "connecting");
}

enum { LOOKUP_POLL_MS = 50 }; /* how often a lookup in progress is looked at */

/* A connection attempt starts with an asynchronous name lookup. */
static void start_connect(svc *s, svc_feed *f)
{
    const char *why = "";
    if (svc_lookup_start(f->in.host, f->in.port, &f->lookup, &why) != JW_OK) {
        retry_later(s, f, why);
        return;
    }
    set_state(f, FS_RESOLVING, "resolving");
    f->lookup_started = svc_mono();
    f->next_at = f->lookup_started + LOOKUP_POLL_MS / 1000.0;
}

/* Looks at the lookup in progress (from the timers). */
static void lookup_turn(svc *s, svc_feed *f, double now)
{
    struct addrinfo *res = NULL;
    const char *why = "";
    int rc = svc_lookup_poll(f->lookup, &res, &why);
    if (rc == 0) {
        f->next_at = now + LOOKUP_POLL_MS / 1000.0;
        return;
    }
    svc_lookup_free(f->lookup);
    f->lookup = NULL;
    if (rc < 0) {
        retry_later(s, f, why);
        return;
    }
    jw_log("info", "feed_resolved", "feed=\"%s\" lookup_s=%.3f", f->live.name,
           now - f->lookup_started);
    connect_to(s, f, res);
}

static int bind_socket(svc *s, int type, int port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    const char *addr = s->cfg->input_bind ? s->cfg->input_bind : "127.0.0.1";
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        (type == SOCK_STREAM && listen(fd, 16) != 0) ||
        (type == SOCK_DGRAM &&
         setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &(int){1 << 20}, sizeof(int)) != 0)) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static jw_err open_sim(svc *s, svc_feed *f)
{
    char err[512] = "";
    jw_err e = jw_sim_scenario_load(f->in.path, err, sizeof err, &f->sc);
    if (e != JW_OK) {
        jw_log("error", "sim_load", "scenario=\"%s\" error=\"%s\"", f->in.path, err);
        return e;
    }
    jw_sim_options opt = {.seed = s->cfg->seed};
    if ((e = jw_sim_open(f->sc, &opt, &f->sim)) != JW_OK)
        return e;
    s->has_timed = true;
    set_state(f, FS_OPEN, "running");
    return make_readers(f, false);
}

static jw_err open_one(svc *s, svc_feed *f)
{
    switch (f->in.kind) {
    case JW_SVC_CONNECT:
        set_state(f, FS_IDLE, "connecting");
        f->next_at = 0;
        return make_readers(f, true);
    case JW_SVC_LISTEN:
    case JW_SVC_UDP:
        f->fd = bind_socket(s, f->in.kind == JW_SVC_UDP ? SOCK_DGRAM : SOCK_STREAM, f->in.port);
        if (f->fd < 0) {
            jw_log("error", "bind", "feed=\"%s\" error=\"%s\"", f->live.name, strerror(errno));
            return JW_EIO;
        }
        set_state(f, f->in.kind == JW_SVC_UDP ? FS_OPEN : FS_LISTENING, "listening");
        return f->in.kind == JW_SVC_UDP ? make_readers(f, true) : JW_OK;
    case JW_SVC_REPLAY:
        if (jw_input_open(f->in.path, &f->file) != JW_OK) {
            jw_log("error", "replay_open", "path=\"%s\" error=\"%s\"", f->in.path, strerror(errno));
            return JW_EIO;
        }
        s->has_timed = true;
        set_state(f, FS_OPEN, "running");
        return make_readers(f, false);
    case JW_SVC_SIM:
        return open_sim(s, f);
    }
    return JW_EINVAL;
}

jw_err svc_inputs_open(svc *s)
{
    for (size_t i = 0; i < s->cfg->ninputs; i++) {
        svc_feed *f = &s->feeds[i];
        f->used = true;
        f->in = s->cfg->inputs[i];
        f->parent = -1;
        feed_name(f);
        jw_err err = open_one(s, f);
        if (err != JW_OK)
            return err;
        jw_log("info", "feed_open", "feed=\"%s\" format=%s", f->live.name, f->live.format);
    }
    return JW_OK;
}

/* ---- Bytes to readers ---- */

/* A replay's frames keep the recording's times, or are moved to start at
 * the wall-clock time the replay began (retime). */
typedef struct replay_ctx {
    svc *s;
    svc_feed *f;
} replay_ctx;

/* Below this a "time" is a counter without a base (1973): not a date. */
#define REPLAY_MIN_DATE 1e8

static double rebase(svc_feed *f, double t)
{
    if (f->pace_data0 == 0) {
        f->pace_data0 = t, f->pace_wall0 = svc_wall(), f->pace_mono0 = svc_mono();
        f->retime = f->in.retime_now;
        if (!f->retime && t < REPLAY_MIN_DATE) {
            f->retime = true;
            jw_log("warn", "replay_time",
                   "feed=\"%s\" reason=\"no time base for the receiver "
                   "timestamps (give --time-base or a truth.json beside the file)\" "
                   "action=\"re-timed to now\"",
                   f->live.name);
        }
    }
    if (t > f->pace_last)
        f->pace_last = t;
    return f->retime ? f->pace_wall0 + (t - f->pace_data0) : t;
}

static void replay_frame(void *user, const jw_frame *fr)
{
    replay_ctx *c = user;
    jw_frame x = *fr;
    x.time = rebase(c->f, fr->time);
    jw_pipeline_frame(c->s->pipe, &x);
}

static void replay_msg(void *user, const jw_msg *m)
{
    replay_ctx *c = user;
    jw_msg x = *m;
    x.time = rebase(c->f, m->time);
    jw_pipeline_msg(c->s->pipe, &x);
}

/* AIS of a replay: timed sentences follow the replay's clock; untimed ones
 * are stamped with the time they are read (there is no other). */
static void replay_ais(void *user, const jw_nmea_msg *p)
{
    replay_ctx *c = user;
    jw_nmea_msg x = *p;
    if (!isnan(p->time))
        x.time = rebase(c->f, p->time);
    svc_ais_payload(c->s, &x);
}

/* Counts of the current readers plus those of readers replaced before
 * (reconnections, a switch to the NMEA reader). */
static void reader_counts(const svc_feed *f, uint64_t *messages, uint64_t *garbage)
{
    *messages = *garbage = 0;
    if (f->feed) {
        jw_feed_stats st;
        jw_feed_stats_get(f->feed, &st);
        *messages += st.frames + st.modeac + st.sbs_msgs;
        *garbage += st.garbage_bytes + st.bad_lines + st.too_long_lines;
    }
    if (f->nmea) {
        jw_nmea_stats st;
        jw_nmea_get_stats(f->nmea, &st);
        *messages += st.payloads;
        *garbage += st.bad_checksum + st.malformed + st.too_long;
    }
}

static void update_counts(svc_feed *f)
{
    uint64_t m, g;
    reader_counts(f, &m, &g);
    f->live.messages = f->base_messages + m;
    f->live.garbage = f->base_garbage + g;
}

void svc_feed_bytes(svc *s, svc_feed *f, const uint8_t *data, size_t n, double arrival)
{
    f->live.bytes += n;
    f->last_data = svc_mono();
    f->live.last_data = svc_wall();
    jw_err err = JW_OK;
    replay_ctx rc = {s, f};
    bool replay = f->in.kind == JW_SVC_REPLAY;
    jw_nmea_fn ais = replay ? replay_ais : svc_ais_payload;
    void *ais_user = replay ? (void *)&rc : (void *)s;
    if (f->nmea && !f->feed) {
        jw_nmea_push(f->nmea, data, n, arrival, ais, ais_user);
    } else if (f->feed) {
        jw_feed_sink rs = {replay_frame, replay_msg, &rc};
        jw_feed_sink ps = jw_pipeline_sink(s->pipe);
        err = jw_feed_push(f->feed, data, n, arrival, replay ? &rs : &ps);
        if (err == JW_EFORMAT && jw_feed_format(f->feed) == JW_FMT_NMEA) {
            /* An auto-detected AIS stream: hand it to the NMEA reader. */
            const uint8_t *held;
            size_t len;
            jw_feed_detect_buffer(f->feed, &held, &len);
            if (!f->nmea && jw_nmea_open(NULL, &f->nmea) == JW_OK)
                jw_nmea_push(f->nmea, held, len, arrival, ais, ais_user);
            jw_feed_stats fst;
            jw_feed_stats_get(f->feed, &fst);
            f->base_garbage += fst.garbage_bytes + fst.bad_lines;
            jw_feed_close(f->feed);
            f->feed = NULL;
            snprintf(f->live.format, sizeof f->live.format, "nmea");
            err = JW_OK;
        }
    }
    update_counts(f);
    if (err == JW_EFORMAT) {
        set_error(f, "unrecognised feed format");
        if (f->fd >= 0)
            feed_closed(s, f, "unrecognised feed format");
    }
}

/* ---- Readiness ---- */

static void accept_feeder(svc *s, int li)
{
    svc_feed *l = &s->feeds[li];
    struct sockaddr_in peer;
    socklen_t plen = sizeof peer;
    int fd = accept(l->fd, (struct sockaddr *)&peer, &plen);
    if (fd < 0)
        return;
    fcntl(fd, F_SETFL, O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    int slot = -1;
    for (int i = 0; i < SVC_MAX_FEEDS && slot < 0 && l->children < SVC_MAX_ACCEPT; i++)
        if (!s->feeds[i].used)
            slot = i;
    if (slot < 0) {
        jw_log("warn", "feeder_refused", "feed=\"%s\" reason=\"too many feeders\"", l->live.name);
        close(fd);
        return;
    }
    svc_feed *f = &s->feeds[slot];
    memset(f, 0, sizeof *f);
    f->used = true;
    f->in = l->in;
    f->fd = fd;
    f->parent = li;
    f->last_data = svc_mono();
    char ip[INET_ADDRSTRLEN] = "?";
    inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
    snprintf(f->live.name, sizeof f->live.name, "listen :%d from %s:%u", l->in.port, ip,
             (unsigned)ntohs(peer.sin_port));
    memcpy(f->live.format, l->live.format, sizeof f->live.format);
    set_state(f, FS_OPEN, "connected");
    if (make_readers(f, true) != JW_OK) {
        close(fd);
        memset(f, 0, sizeof *f);
        f->fd = -1;
        return;
    }
    l->children++;
    jw_log("info", "feeder_connected", "feed=\"%s\"", f->live.name);
}

static void read_stream(svc *s, svc_feed *f)
{
    for (int turn = 0; turn < 8; turn++) { /* bounded: other feeds get their turn */
        ssize_t n = read(f->fd, s->buf, SVC_READ);
        if (n > 0) {
            svc_feed_bytes(s, f, s->buf, (size_t)n, svc_wall());
            if (f->fd < 0)
                return;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return;
        feed_closed(s, f, n == 0 ? "closed by peer" : strerror(errno));
        return;
    }
}

static void read_udp(svc *s, svc_feed *f)
{
    for (int turn = 0; turn < 64; turn++) {
        ssize_t n = recv(f->fd, s->buf, SVC_READ, 0);
        if (n <= 0)
            return;
        f->live.bytes += (uint64_t)n;
        f->last_data = svc_mono();
        f->live.last_data = svc_wall();
        jw_nmea_datagram(f->nmea, s->buf, (size_t)n, svc_wall(), svc_ais_payload, s);
        update_counts(f);
    }
}

void svc_inputs_ready(svc *s, int i, short revents)
{
    svc_feed *f = &s->feeds[i];
    if (f->state == FS_LISTENING) {
        accept_feeder(s, i);
    } else if (f->state == FS_CONNECTING) {
        int soerr = 0;
        socklen_t len = sizeof soerr;
        getsockopt(f->fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
        if (soerr || (revents & (POLLERR | POLLHUP))) {
            retry_later(s, f, strerror(soerr ? soerr : ECONNREFUSED));
            return;
        }
        set_state(f, FS_OPEN, "connected");
        set_error(f, "");
        f->last_data = f->connected_at = svc_mono();
        make_readers(f, true);
        jw_log("info", "feed_connected", "feed=\"%s\"", f->live.name);
    } else if (f->in.kind == JW_SVC_UDP) {
        read_udp(s, f);
    } else if (f->state == FS_OPEN) {
        read_stream(s, f);
    }
}

size_t svc_inputs_poll(svc *s, struct pollfd *pfd, int *idx, size_t cap, int *timeout_ms)
{
    size_t n = 0;
    double now = svc_mono();
    for (int i = 0; i < SVC_MAX_FEEDS && n < cap; i++) {
        svc_feed *f = &s->feeds[i];
        if (!f->used)
            continue;
        if (f->fd >= 0 && f->state != FS_DONE) {
            pfd[n] = (struct pollfd){.fd = f->fd,
                                     .events = f->state == FS_CONNECTING ? POLLOUT : POLLIN};
            idx[n++] = i;
        }
        bool timed =
            ((f->state == FS_IDLE || f->state == FS_RESOLVING) && f->in.kind == JW_SVC_CONNECT) ||
            (f->state == FS_OPEN && (f->file || f->sim));
        if (timed) {
            int ms = f->next_at <= now ? 0 : (int)((f->next_at - now) * 1000) + 1;
            if (ms < *timeout_ms)
                *timeout_ms = ms;
        }
    }
    return n;
}

/* Reads one chunk of a replay, or waits when it is ahead of its pace. */
static void replay_turn(svc *s, svc_feed *f, double now)
{
    if (f->in.speed > 0 && f->pace_data0 != 0) {
        double ahead = (f->pace_last - f->pace_data0) / f->in.speed - (now - f->pace_mono0);
        if (ahead > 0) {
            f->next_at = now + (ahead < 0.2 ? ahead : 0.2);
            return;
        }
    }
    size_t got = 0;
    jw_err err = jw_input_read(f->file, s->buf, f->in.speed > 0 ? REPLAY_CHUNK : SVC_READ, &got);
    if (got)
        svc_feed_bytes(s, f, s->buf, got, svc_wall());
    if (err != JW_OK || got == 0) {
        replay_ctx rc = {s, f};
        jw_feed_sink rs = {replay_frame, replay_msg, &rc};
        if (f->feed)
            jw_feed_finish(f->feed, &rs);
        if (f->nmea)
            jw_nmea_finish(f->nmea, svc_wall(), replay_ais, &rc);
        update_counts(f);
        set_state(f, FS_DONE, "done");
        jw_input_close(f->file);
        f->file = NULL;
        jw_log("info", "replay_done", "feed=\"%s\" bytes=%llu messages=%llu", f->live.name,
               (unsigned long long)f->live.bytes, (unsigned long long)f->live.messages);
    }
}

/* One simulated second. */
static void sim_turn(svc *s, svc_feed *f, double now)
{
    jw_sim_batch b;
    if (jw_sim_step(f->sim, &b) != JW_OK || b.done) {
        set_state(f, FS_DONE, "done");
        jw_log("info", "sim_done", "feed=\"%s\"", f->live.name);
        return;
    }
    for (size_t i = 0; i < b.nframes; i++) {
        jw_pipeline_frame(s->pipe, &b.frames[i].f);
        f->live.bytes += b.frames[i].f.len;
    }
    f->base_messages += b.nframes;
    if (b.ais_len)
        jw_nmea_push(f->nmea, b.ais, b.ais_len, NAN, svc_ais_payload, s);
    update_counts(f);
    f->live.last_data = svc_wall();
    f->last_data = now;
    double speed = f->in.speed > 0 ? f->in.speed : 1;
    f->next_at = (f->next_at > 0 ? f->next_at : now) + 1.0 / speed;
    if (f->next_at < now - 5)
        f->next_at = now; /* fell behind: do not try to catch up forever */
}

void svc_inputs_timers(svc *s)
{
    double now = svc_mono();
    for (int i = 0; i < SVC_MAX_FEEDS; i++) {
        svc_feed *f = &s->feeds[i];
        if (!f->used)
            continue;
        if (f->state == FS_IDLE && f->in.kind == JW_SVC_CONNECT && now >= f->next_at)
            start_connect(s, f);
        else if (f->state == FS_RESOLVING && now >= f->next_at)
            lookup_turn(s, f, now);
        else if (f->state == FS_OPEN && f->file && now >= f->next_at)
            replay_turn(s, f, now);
        else if (f->state == FS_OPEN && f->sim && now >= f->next_at)
            sim_turn(s, f, now);
        else if (f->state == FS_OPEN && f->fd >= 0 && f->in.kind != JW_SVC_UDP &&
                 s->cfg->stall_s > 0 && now - f->last_data > s->cfg->stall_s) {
            jw_log("warn", "feed_stalled", "feed=\"%s\" silent_s=%.0f", f->live.name,
                   now - f->last_data);
            feed_closed(s, f, "stalled: no data");
        }
    }
}

void svc_inputs_close(svc *s)
{
    for (int i = 0; i < SVC_MAX_FEEDS; i++) {
        svc_feed *f = &s->feeds[i];
        close_fd(f);
        if (!svc_lookup_free(f->lookup))
            jw_log("warn", "feed_lookup_left", "feed=\"%s\" reason=\"name lookup still running\"",
                   f->live.name);
        jw_feed_close(f->feed);
        jw_nmea_close(f->nmea);
        jw_input_close(f->file);
        jw_sim_close(f->sim);
        if (f->sc)
            jw_sim_scenario_free(f->sc);
        memset(f, 0, sizeof *f);
        f->fd = -1;
    }
}
