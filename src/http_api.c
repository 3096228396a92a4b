/*
 * http_api.c - the HTTP server: libmicrohttpd setup, routing, parameter
 * validation, JSON answers (jansson), the response cache, SSE and the
 * static files of the web app.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "jamwatch/api_params.h"
#include "jamwatch/http_api.h"
#include "jamwatch/log.h"
#include "jamwatch/metrics.h"
#include "jamwatch/store.h"

enum {
    CACHE_SLOTS = 64,           /* answers cached at most */
    CACHE_MAX_BODY = 8 << 20,   /* larger answers are not cached */
    CACHE_MAX_TOTAL = 32 << 20, /* bytes of cached answers at most */
    MAX_DB = 16,                /* read-only store handles at most */
    KEY_MAX = 1024              /* bytes of a cache key */
};

/* A cached answer, shared by the cache and the responses sending it: freed
 * when the last holder lets go (body_release), so that a hit takes a
 * reference under the cache lock instead of copying the answer. */
typedef struct cache_body {
    atomic_uint refs; /* holders: the cache slot and each response in flight */
    size_t len;       /* bytes of text */
    char text[];      /* the JSON */
} cache_body;

typedef struct cache_slot {
    char key[KEY_MAX]; /* path + canonical arguments */
    uint64_t gen;      /* store generation it was built at */
    cache_body *body;  /* the answer (one reference held by the slot), NULL empty */
} cache_slot;

typedef struct db_handle {
    pthread_mutex_t mu;
    jw_store *store; /* read-only; opened lazily */
} db_handle;

struct jw_http {
    jw_http_config cfg;
    char web_root[PATH_MAX]; /* realpath of web_dir, "" none */
    struct MHD_Daemon *d;
    int port;
    db_handle db[MAX_DB];
    atomic_uint next_db;
    atomic_uint_fast64_t gen; /* bumped by jw_http_invalidate */
    pthread_mutex_t cache_mu;
    cache_slot cache[CACHE_SLOTS];
    unsigned cache_next; /* next slot to evict when all are taken */
    size_t cache_bytes;  /* bytes of the cached bodies */
    atomic_uint_fast64_t requests, s2xx, s4xx, s5xx, hits;
};

/* A request's route: path, accepted parameters, limits and handler. */
typedef struct route {
    const char *path;
    unsigned allowed;
    unsigned def_limit, max_limit;
    bool cached; /* answers depend only on the store */
    jw_err (*query)(jw_store *s, const jw_store_query *q, json_t **out); /* store routes */
    json_t *(*live)(jw_http *h, const jw_api_params *p);                 /* live routes */
} route;

static json_t *r_targets(jw_http *h, const jw_api_params *p)
{
    return jw_live_targets_json(h->cfg.live, &p->lf);
}

static json_t *r_feeds(jw_http *h, const jw_api_params *p)
{
    (void)p;
    return jw_live_feeds_json(h->cfg.live);
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static json_t *r_stats(jw_http *h, const jw_api_params *p)
{
    (void)p;
    json_t *o = jw_live_stats_json(h->cfg.live, wall_now());
    size_t clients = 0;
    uint64_t dropped = 0;
    if (h->cfg.sse)
        jw_sse_counts(h->cfg.sse, &clients, &dropped);
    json_object_set_new(o, "sse_clients", json_integer((json_int_t)clients));
    json_object_set_new(o, "http_requests", json_integer((json_int_t)h->requests));
    return o;
}

static jw_err q_summary(jw_store *s, const jw_store_query *q, json_t **out)
{
    (void)q;
    return jw_store_summary(s, out);
}

#define RANGE (JW_P_FROM | JW_P_TO | JW_P_LIMIT)
static const route routes[] = {
    {"/api/windows", RANGE, 500, 10000, true, jw_store_windows, NULL},
    {"/api/cells", RANGE | JW_P_WINDOW | JW_P_BBOX | JW_P_MIN_LEVEL, 5000, 50000, true,
     jw_store_cells, NULL},
    {"/api/cell", RANGE | JW_P_CELL, 500, 10000, true, jw_store_cell_series, NULL},
    {"/api/events", RANGE | JW_P_KIND | JW_P_EVENT, 500, 10000, true, jw_store_events, NULL},
    {"/api/emitters", RANGE | JW_P_KIND | JW_P_EVENT, 500, 10000, true, jw_store_emitters, NULL},
    {"/api/incidents", RANGE | JW_P_TARGET | JW_P_EVENT, 500, 10000, true, jw_store_incidents,
     NULL},
    {"/api/summary", 0, 1, 1, true, q_summary, NULL},
    {"/api/targets", JW_P_DOMAIN | JW_P_STATE | JW_P_BBOX | JW_P_LIMIT, 20000, 50000, false, NULL,
     r_targets},
    {"/api/feeds", 0, 1, 1, false, NULL, r_feeds},
    {"/api/stats", 0, 1, 1, false, NULL, r_stats},
};

/* Queues response r (and lets go of it: MHD keeps its own reference). */
static enum MHD_Result send_response(jw_http *h, struct MHD_Connection *c, unsigned status,
                                     const char *type, struct MHD_Response *r)
{
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    h->requests++;
    if (status < 300)
        h->s2xx++;
    else if (status < 500)
        h->s4xx++;
    else
        h->s5xx++;
    return ret;
}

static enum MHD_Result send_body(jw_http *h, struct MHD_Connection *c, unsigned status,
                                 const char *type, char *body, size_t len, bool take)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, take ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    return send_response(h, c, status, type, r);
}

static enum MHD_Result send_error(jw_http *h, struct MHD_Connection *c, unsigned status,
                                  const char *msg)
{
    json_t *o = json_pack("{s:s,s:i}", "error", msg, "status", status);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!text)
        return MHD_NO;
    return send_body(h, c, status, "application/json", text, strlen(text), true);
}

static enum MHD_Result send_json(jw_http *h, struct MHD_Connection *c, json_t *o)
{
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(o);
    if (!text)
        return send_error(h, c, 500, "could not build the answer");
    return send_body(h, c, 200, "application/json", text, strlen(text), true);
}

/* The request's arguments, collected for the validator. */
typedef struct arg_list {
    const char *keys[JW_API_MAX_PARAMS + 1];
    const char *vals[JW_API_MAX_PARAMS + 1];
    size_t n;
    bool too_many;
} arg_list;

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    arg_list *a = cls;
    if (a->n > JW_API_MAX_PARAMS) {
        a->too_many = true;
        return MHD_NO;
    }
    a->keys[a->n] = key;
    a->vals[a->n++] = value;
    return MHD_YES;
}

/* path?k=v&... in a stable form (the cache key); 0 if it does not fit. */
static int cache_key(const char *path, const arg_list *a, char *out, size_t cap)
{
    size_t len = (size_t)snprintf(out, cap, "%s", path);
    for (size_t i = 0; i < a->n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "&%s=%s", a->keys[i],
                                a->vals[i] ? a->vals[i] : "");
    return len < cap;
}

static void body_release(void *cls)
{
    cache_body *b = cls;
    if (b && atomic_fetch_sub(&b->refs, 1) == 1)
        free(b);
}

/* The slot's answer is dropped (the lock is held). */
static void slot_clear(jw_http *h, cache_slot *c)
{
    h->cache_bytes -= c->body->len;
    body_release(c->body);
    c->body = NULL;
}

/* The cached answer for key at the current generation, with a reference
 * for the caller (to give back with body_release), or NULL. */
static cache_body *cache_get(jw_http *h, const char *key)
{
    cache_body *b = NULL;
    uint64_t gen = h->gen;
    pthread_mutex_lock(&h->cache_mu);
    for (int i = 0; i < CACHE_SLOTS && !b; i++) {
        cache_slot *s = &h->cache[i];
        if (s->body && s->gen == gen && !strcmp(s->key, key)) {
            b = s->body;
            atomic_fetch_add(&b->refs, 1);
        }
    }
    pthread_mutex_unlock(&h->cache_mu);
    return b;
}

/* Keeps answer b of generation gen (the cache takes its own reference).
 * Answers of older generations (the store has changed since) are dropped
 * first, so the cache never holds more than the answers of the current
 * generation, within CACHE_MAX_TOTAL bytes. */
static void cache_put(jw_http *h, const char *key, uint64_t gen, cache_body *b)
{
    if (b->len > CACHE_MAX_BODY)
        return;
    pthread_mutex_lock(&h->cache_mu);
    uint64_t now_gen = h->gen;
    if (gen != now_gen) { /* the store changed while it was built */
        pthread_mutex_unlock(&h->cache_mu);
        return;
    }
    cache_slot *dst = NULL;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        cache_slot *c = &h->cache[i];
        if (c->body && (c->gen != now_gen || !strcmp(c->key, key)))
            slot_clear(h, c);
        if (!c->body && !dst)
            dst = c;
    }
    while (!dst || h->cache_bytes + b->len > CACHE_MAX_TOTAL) {
        cache_slot *c = &h->cache[h->cache_next++ % CACHE_SLOTS];
        if (c->body)
            slot_clear(h, c);
        if (!dst)
            dst = c;
        if (h->cache_bytes == 0)
            break;
    }
    snprintf(dst->key, sizeof dst->key, "%s", key);
    atomic_fetch_add(&b->refs, 1);
    dst->gen = gen, dst->body = b;
    h->cache_bytes += b->len;
    pthread_mutex_unlock(&h->cache_mu);
}

/* Sends b (a reference the response takes over: given back when MHD is
 * done with the answer). */
static enum MHD_Result send_shared(jw_http *h, struct MHD_Connection *c, cache_body *b)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer_with_free_callback_cls(b->len, b->text, body_release, b);
    if (!r) {
        body_release(b);
        return MHD_NO;
    }
    return send_response(h, c, 200, "application/json", r);
}

/* Runs a store query on one of the read-only handles. */
static jw_err run_query(jw_http *h, const route *r, const jw_store_query *q, json_t **out)
{
    db_handle *d = &h->db[h->next_db++ % h->cfg.db_handles];
    pthread_mutex_lock(&d->mu);
    jw_err err = JW_OK;
    if (!d->store)
        err = jw_store_open(h->cfg.db_path, true, 0, &d->store);
    if (err == JW_OK)
        err = r->query(d->store, q, out);
    pthread_mutex_unlock(&d->mu);
    return err;
}

static enum MHD_Result serve_route(jw_http *h, struct MHD_Connection *c, const route *r)
{
    arg_list a = {.n = 0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
    jw_api_params p;
    char err[160];
    if (a.too_many)
        return send_error(h, c, 400, "too many parameters");
    if (jw_api_params_parse(r->allowed, a.keys, a.vals, a.n, r->def_limit, r->max_limit, &p, err,
                            sizeof err) != JW_OK)
        return send_error(h, c, 400, err);
    if (r->live)
        return send_json(h, c, r->live(h, &p));
    if (r->path[5] == 'c' && !strcmp(r->path, "/api/cell") && !(p.seen & JW_P_CELL))
        return send_error(h, c, 400, "parameter 'cell' is required");
    char key[KEY_MAX];
    bool cacheable = r->cached && cache_key(r->path, &a, key, sizeof key);
    cache_body *hit = cacheable ? cache_get(h, key) : NULL;
    if (hit) {
        h->hits++;
        return send_shared(h, c, hit);
    }
    uint64_t gen = h->gen;
    json_t *o = NULL;
    if (run_query(h, r, &p.q, &o) != JW_OK) {
        json_decref(o);
        return send_error(h, c, 503, "the store could not answer");
    }
    char *text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(o);
    if (!text)
        return send_error(h, c, 500, "could not build the answer");
    size_t len = strlen(text);
    if (!cacheable)
        return send_body(h, c, 200, "application/json", text, len, true);
    cache_body *b = malloc(sizeof *b + len);
    if (!b)
        return send_body(h, c, 200, "application/json", text, len, true);
    atomic_init(&b->refs, 1); /* this response's */
    b->len = len;
    memcpy(b->text, text, len);
    free(text);
    cache_put(h, key, gen, b);
    return send_shared(h, c, b);
}

static enum MHD_Result serve_metrics(jw_http *h, struct MHD_Connection *c)
{
    jw_live_counters lc;
    jw_live_counters_get(h->cfg.live, &lc);
    jw_metrics_extra x = {.http_requests = h->requests,
                          .http_2xx = h->s2xx,
                          .http_4xx = h->s4xx,
                          .http_5xx = h->s5xx,
                          .http_cache_hits = h->hits};
    jw_metrics_memory_get(&x.mem);
    pthread_mutex_lock(&h->cache_mu);
    x.http_cache_bytes = h->cache_bytes;
    pthread_mutex_unlock(&h->cache_mu);
    if (h->cfg.sse)
        jw_sse_counts(h->cfg.sse, &x.sse_clients, &x.sse_dropped);
    enum { CAP = 16384 };
    char *buf = malloc(CAP);
    size_t n = buf ? jw_metrics_render(&lc, &x, wall_now(), buf, CAP) : 0;
    if (!n) {
        free(buf);
        return send_error(h, c, 500, "metrics did not fit");
    }
    return send_body(h, c, 200, "text/plain; version=0.0.4", buf, n, true);
}

/* ---- Server-Sent Events ---- */

static ssize_t sse_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    long n = jw_sse_read(cls, buf, max, 10000);
    if (n < 0)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    if (n == 0) {
        static const char ping[] = ": keep-alive\n\n";
        size_t k = sizeof ping - 1 < max ? sizeof ping - 1 : max;
        memcpy(buf, ping, k);
        return (ssize_t)k;
    }
    return n;
}

static void sse_free(void *cls)
{
    jw_sse_detach(cls);
}

static enum MHD_Result serve_sse(jw_http *h, struct MHD_Connection *c)
{
    jw_sse_client *cl = NULL;
    if (!h->cfg.sse || jw_sse_attach(h->cfg.sse, &cl) != JW_OK)
        return send_error(h, c, 503, "too many live clients");
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sse_reader, cl, sse_free);
    if (!r) {
        jw_sse_detach(cl);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "text/event-stream");
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    h->requests++;
    h->s2xx++;
    return ret;
}

/* ---- Static files ---- */

static const char *mime(const char *path)
{
    static const char *const map[][2] = {{".html", "text/html; charset=utf-8"},
                                         {".js", "text/javascript"},
                                         {".mjs", "text/javascript"},
                                         {".css", "text/css"},
                                         {".json", "application/json"},
                                         {".geojson", "application/geo+json"},
                                         {".png", "image/png"},
                                         {".svg", "image/svg+xml"},
                                         {".pbf", "application/x-protobuf"},
                                         {".map", "application/json"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(dot, map[i][0]))
            return map[i][1];
    return "application/octet-stream";
}

/* Static files: only regular files inside web_root, no "..", no hidden files. */
static enum MHD_Result serve_static(jw_http *h, struct MHD_Connection *c, const char *url)
{
    if (!h->web_root[0])
        return send_error(h, c, 404, "no such endpoint");
    if (!strcmp(url, "/"))
        url = "/index.html";
    if (strlen(url) > 512 || strstr(url, "..") || strstr(url, "/.") || strchr(url, '\\'))
        return send_error(h, c, 400, "bad path");
    char path[PATH_MAX], real[PATH_MAX];
    int pl = snprintf(path, sizeof path, "%s%s", h->web_root, url);
    if (pl < 0 || (size_t)pl >= sizeof path)
        return send_error(h, c, 400, "bad path");
    size_t rl = strlen(h->web_root);
    if (!realpath(path, real) || strncmp(real, h->web_root, rl) || real[rl] != '/')
        return send_error(h, c, 404, "not found");
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return send_error(h, c, 404, "not found");
    }
    struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", mime(real));
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    h->requests++;
    h->s2xx++;
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **state)
{
    (void)version, (void)upload_data;
    jw_http *h = cls;
    if (!*state) { /* first call: headers only */
        *state = h;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0; /* bodies are ignored (and bounded by the memory limit) */
        return MHD_YES;
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return send_error(h, c, 405, "read-only API: only GET and HEAD");
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (!strcmp(url, routes[i].path))
            return serve_route(h, c, &routes[i]);
    if (!strcmp(url, "/api/stream") || !strcmp(url, "/metrics")) {
        /* Neither takes parameters: any is refused, as on the other routes. */
        arg_list a = {.n = 0};
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
        if (a.n > 0) {
            char msg[96];
            snprintf(msg, sizeof msg, "unknown parameter '%.40s' for this endpoint", a.keys[0]);
            return send_error(h, c, 400, msg);
        }
        return url[1] == 'a' ? serve_sse(h, c) : serve_metrics(h, c);
    }
    if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api"))
        return send_error(h, c, 404, "no such endpoint (see docs/api.md)");
    return serve_static(h, c, url);
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[256];
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    jw_log("warn", "http", "msg=\"%s\"", msg);
}

static jw_err bind_addr(const jw_http_config *cfg, struct sockaddr_in *sa)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)cfg->port);
    const char *a = cfg->bind_addr ? cfg->bind_addr : "127.0.0.1";
    return inet_pton(AF_INET, a, &sa->sin_addr) == 1 ? JW_OK : JW_EINVAL;
}

jw_err jw_http_start(const jw_http_config *cfg, jw_http **out)
{
    if (!cfg || !cfg->live || !cfg->db_path || cfg->port < 0 || cfg->port > 65535)
        return JW_EINVAL;
    jw_http *h = calloc(1, sizeof *h);
    if (!h)
        return JW_ENOMEM;
    h->cfg = *cfg;
    if (!h->cfg.max_connections)
        h->cfg.max_connections = 256;
    if (!h->cfg.db_handles || h->cfg.db_handles > MAX_DB)
        h->cfg.db_handles = 4;
    if (cfg->web_dir && !realpath(cfg->web_dir, h->web_root))
        jw_log("warn", "http_web_dir", "dir=\"%s\" error=\"%s\"", cfg->web_dir, strerror(errno));
    pthread_mutex_init(&h->cache_mu, NULL);
    for (int i = 0; i < MAX_DB; i++)
        pthread_mutex_init(&h->db[i].mu, NULL);
    struct sockaddr_in sa;
    if (bind_addr(cfg, &sa) != JW_OK) {
        jw_http_stop(h);
        return JW_EINVAL;
    }
    h->d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0,
        NULL, NULL, on_request, h, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT,
        h->cfg.max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, h->cfg.max_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
        MHD_OPTION_END);
    if (!h->d) {
        jw_http_stop(h);
        return JW_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : cfg->port;
    *out = h;
    return JW_OK;
}

int jw_http_port(const jw_http *h)
{
    return h->port;
}

void jw_http_invalidate(jw_http *h)
{
    h->gen++;
}

void jw_http_stats_get(jw_http *h, jw_http_stats *out)
{
    out->requests = h->requests;
    out->status_2xx = h->s2xx;
    out->status_4xx = h->s4xx;
    out->status_5xx = h->s5xx;
    out->cache_hits = h->hits;
}

void jw_http_stop(jw_http *h)
{
    if (!h)
        return;
    if (h->cfg.sse)
        jw_sse_shutdown(h->cfg.sse);
    if (h->d)
        MHD_stop_daemon(h->d);
    for (int i = 0; i < MAX_DB; i++) {
        jw_store_close(h->db[i].store);
        pthread_mutex_destroy(&h->db[i].mu);
    }
    for (int i = 0; i < CACHE_SLOTS; i++)
        body_release(h->cache[i].body);
    pthread_mutex_destroy(&h->cache_mu);
    free(h);
}
