/*
 * test_http_api.c - the HTTP server end to end on loopback: store routes
 * over a store filled with fixture products (built here, not by the
 * engine), live routes over a published snapshot, 400s with JSON messages,
 * 404/405, static files and path traversal, /metrics, and SSE delivery.
 */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jamwatch/http_api.h"
#include "jamwatch/store.h"
#include "testutil.h"

typedef struct server {
    char db[256], web[256];
    jw_live *live;
    jw_sse *sse;
    jw_http *http;
} server;

/* Sends a raw request and returns the whole answer (malloc'd). */
static char *http_raw(int port, const char *req, size_t max)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    cr_assert_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
    char *buf = calloc(1, max + 1);
    size_t len = 0;
    ssize_t n;
    while (len < max && (n = read(fd, buf + len, max - len)) > 0)
        len += (size_t)n;
    close(fd);
    return buf;
}

static char *get(int port, const char *path)
{
    char req[1024];
    snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path);
    return http_raw(port, req, 1 << 22);
}

static int status_of(const char *resp)
{
    return (int)strtol(resp + 9, NULL, 10);
}

static json_t *body_json(const char *resp)
{
    const char *b = strstr(resp, "\r\n\r\n");
    cr_assert(b, "no body");
    json_t *j = json_loads(b + 4, 0, NULL);
    cr_assert(j, "body is not JSON: %.200s", b + 4);
    return j;
}

static void start(server *s)
{
    snprintf(s->db, sizeof s->db, "/tmp/jw-test-http-%d.db", (int)getpid());
    snprintf(s->web, sizeof s->web, "/tmp/jw-test-web-%d", (int)getpid());
    unlink(s->db);
    mkdir(s->web, 0755);
    char p[300];
    snprintf(p, sizeof p, "%s/index.html", s->web);
    FILE *f = fopen(p, "w");
    fputs("<html>jamwatch test page</html>", f);
    fclose(f);
    /* Fixture products: one window with three cells around Seoul. */
    jw_store *w;
    cr_assert_eq(jw_store_open(s->db, false, 0, &w), JW_OK);
    jw_products_sink k = jw_store_sink(w);
    for (int i = 0; i < 3; i++) {
        jw_cell_row c = {.t0 = 1000,
                         .t1 = 1600,
                         .good = {10, 0},
                         .degraded = {(uint32_t)i, 0},
                         .level = i / 10.0,
                         .cls = (uint8_t)(i + 1),
                         .alarm = i == 2};
        jw_h3_from_latlng(37.5 + i * 0.5, 127.0, 4, &c.cell);
        k.cell(k.user, &c);
    }
    k.window_closed(k.user, 1000, 1600);
    jw_store_close(w);
    cr_assert_eq(jw_live_open(&s->live), JW_OK);
    jw_live_target t = {.id = 0x71c012,
                        .domain = 0,
                        .state = JW_LIVE_BAD,
                        .has_pos = true,
                        .lat = 37.4,
                        .lon = 126.9,
                        .alt_ft = 35000,
                        .speed_kn = NAN,
                        .track_deg = NAN,
                        .last_seen = 1500,
                        .name = "KAL123"};
    jw_live_feed fd = {.name = "connect test:1", .format = "beast", .state = "connected"};
    jw_live_counters c = {.started = 1, .messages = 77};
    jw_live_publish(s->live, &t, 1, &fd, 1, &c);
    cr_assert_eq(jw_sse_open(2, 4096, &s->sse), JW_OK);
    jw_http_config hc = {
        .port = 0, .web_dir = s->web, .db_path = s->db, .live = s->live, .sse = s->sse};
    cr_assert_eq(jw_http_start(&hc, &s->http), JW_OK);
}

static void stop(server *s)
{
    jw_http_stop(s->http);
    jw_sse_close(s->sse);
    jw_live_close(s->live);
    unlink(s->db);
}

Test(http_api, store_and_live_routes)
{
    server s;
    start(&s);
    int port = jw_http_port(s.http);
    char *r = get(port, "/api/cells?window=1000");
    cr_assert_eq(status_of(r), 200, "%s", r);
    json_t *j = body_json(r);
    cr_assert_str_eq(json_string_value(json_object_get(j, "type")), "FeatureCollection");
    cr_assert_eq(json_array_size(json_object_get(j, "features")), 3);
    json_decref(j);
    free(r);
    r = get(port, "/api/cells?window=1000&min_level=0.15");
    j = body_json(r);
    cr_assert_eq(json_array_size(json_object_get(j, "features")), 1);
    json_decref(j);
    free(r);
    r = get(port, "/api/windows");
    j = body_json(r);
    cr_assert_eq(json_array_size(j), 1);
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(j, 0), "alarms")), 1);
    json_decref(j);
    free(r);
    r = get(port, "/api/targets?state=bad&domain=air");
    j = body_json(r);
    json_t *f0 = json_array_get(json_object_get(j, "features"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(f0, "properties"), "id")),
                     "71c012");
    json_decref(j);
    free(r);
    r = get(port, "/api/feeds");
    cr_assert(strstr(r, "connect test:1"));
    free(r);
    r = get(port, "/metrics");
    cr_assert_eq(status_of(r), 200);
    cr_assert(strstr(r, "jamwatch_messages_total 77"), "%s", r);
    cr_assert(strstr(r, "# TYPE jamwatch_http_requests_total counter"));
    free(r);
    stop(&s);
}

/* A /metrics gauge's value (-1 when absent). */
static double metric(int port, const char *name)
{
    char *r = get(port, "/metrics");
    char key[128];
    snprintf(key, sizeof key, "\n%s ", name);
    const char *p = strstr(r, key);
    double v = p ? strtod(p + strlen(key), NULL) : -1;
    free(r);
    return v;
}

/* The answer cache holds only answers of the current store generation:
 * after each invalidation (a window stored) the old answers are freed when
 * new ones come, so it cannot fill up window after window (the soak's
 * creep before this bound), and the memory gauges are reported. */
Test(http_api, answer_cache_keeps_only_the_current_generation)
{
    server s;
    start(&s);
    int port = jw_http_port(s.http);
    const char *paths[] = {"/api/cells?window=1000", "/api/windows", "/api/summary"};
    double one = -1;
    for (int round = 0; round < 40; round++) {
        for (size_t i = 0; i < 3; i++) {
            char *r = get(port, paths[i]);
            cr_assert_eq(status_of(r), 200, "%s", r);
            free(r);
        }
        double bytes = metric(port, "jamwatch_http_cache_bytes");
        if (round == 0)
            one = bytes;
        cr_assert(bytes > 0 && bytes == one, "round %d: %.0f cached bytes, %.0f after round 0",
                  round, bytes, one);
        jw_http_invalidate(s.http);
    }
    cr_assert(metric(port, "jamwatch_resident_memory_kilobytes") > 0);
    /* present (0 under AddressSanitizer, whose allocator mallinfo2 does not see) */
    cr_assert(metric(port, "jamwatch_heap_in_use_bytes") >= 0);
    cr_assert(metric(port, "jamwatch_sqlite_memory_bytes") > 0);
    stop(&s);
}

Test(http_api, bad_requests_get_clear_json_errors)
{
    server s;
    start(&s);
    int port = jw_http_port(s.http);
    const char *paths[] = {"/api/cells?from=abc",   "/api/cells?limit=0",
                           "/api/cells?colour=red", "/api/cell",
                           "/api/cell?cell=123",    "/api/events?kind=gps",
                           "/api/targets?bbox=1,2", "/api/cells?from=5&to=1",
                           "/api/feeds?x=1",        "/api/summary?from=1",
                           "/api/stream?since=1",   "/metrics?format=json"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        char *r = get(port, paths[i]);
        cr_assert_eq(status_of(r), 400, "%s -> %.60s", paths[i], r);
        json_t *j = body_json(r);
        cr_assert(json_string_length(json_object_get(j, "error")) > 5, "%s", paths[i]);
        json_decref(j);
        free(r);
    }
    char *r = get(port, "/api/nothing");
    cr_assert_eq(status_of(r), 404);
    free(r);
    r = http_raw(port,
                 "POST /api/cells HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                 "Connection: close\r\n\r\nabc",
                 65536);
    cr_assert_eq(status_of(r), 405, "%s", r);
    free(r);
    /* A huge request line is refused, and the server still answers afterwards. */
    char *big = malloc(100000);
    memset(big, 'a', 99999);
    big[99999] = '\0';
    memcpy(big, "GET /api/cells?x=", 17);
    r = http_raw(port, big, 65536);
    cr_assert(status_of(r) >= 400 || !*r);
    free(r);
    free(big);
    r = get(port, "/api/stats");
    cr_assert_eq(status_of(r), 200);
    free(r);
    stop(&s);
}

Test(http_api, static_files_stay_inside_the_web_dir)
{
    server s;
    start(&s);
    int port = jw_http_port(s.http);
    char *r = get(port, "/");
    cr_assert_eq(status_of(r), 200);
    cr_assert(strstr(r, "jamwatch test page"));
    cr_assert(strstr(r, "text/html"));
    free(r);
    const char *evil[] = {"/../../../../etc/passwd",   "/..%2f..%2f..%2fetc%2fpasswd",
                          "/%2e%2e/%2e%2e/etc/passwd", "/.hidden",
                          "/index.html/../../x",       "/....//....//etc/passwd"};
    for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
        r = get(port, evil[i]);
        int st = status_of(r);
        cr_assert(st == 400 || st == 404, "%s -> %d", evil[i], st);
        cr_assert_null(strstr(r, "root:"), "%s leaked a file", evil[i]);
        free(r);
    }
    stop(&s);
}

Test(http_api, sse_delivers_events_and_bounds_clients)
{
    server s;
    start(&s);
    int port = jw_http_port(s.http);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    const char *req = "GET /api/stream HTTP/1.1\r\nHost: x\r\n\r\n";
    cr_assert_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
    size_t clients = 0;
    uint64_t dropped;
    for (int i = 0; i < 200 && clients == 0; i++) {
        usleep(10000);
        jw_sse_counts(s.sse, &clients, &dropped);
    }
    cr_assert_eq(clients, 1);
    jw_sse_publish(s.sse, "window", "{\"t0\":1000}");
    char buf[4096] = "";
    size_t len = 0;
    while (len < sizeof buf - 1 && !strstr(buf, "\n\n")) {
        ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = '\0';
    }
    cr_assert(strstr(buf, "text/event-stream"), "%s", buf);
    cr_assert(strstr(buf, "event: window\ndata: {\"t0\":1000}"), "%s", buf);
    /* The hub holds 2 clients: a third is refused (the HTTP layer answers 503). */
    jw_sse_client *a, *b;
    cr_assert_eq(jw_sse_attach(s.sse, &a), JW_OK);
    cr_assert_eq(jw_sse_attach(s.sse, &b), JW_EFULL);
    /* A client that never reads is dropped once its 4 KiB would overflow. */
    for (int i = 0; i < 100; i++)
        jw_sse_publish(s.sse, "stats", "{\"padding\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}");
    jw_sse_counts(s.sse, &clients, &dropped);
    cr_assert_geq(dropped, 1, "the client that does not read is dropped");
    char tmp[64];
    cr_assert_eq(jw_sse_read(a, tmp, sizeof tmp, 0), -1);
    jw_sse_detach(a);
    close(fd);
    stop(&s);
}
