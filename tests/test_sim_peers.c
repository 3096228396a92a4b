/* test_sim_peers.c - the encoders round-trip through decoders we did not
 * write: gpsdecode (gpsd-clients) for AIS, dump1090-mutability for Mode S.
 *
 * Random field values (fixed seed) are encoded, handed to the peer, and the
 * peer's decode compared field by field with what was encoded: exactly, or
 * within the field's quantum (CPR cell, 1 kt, 1 degree). Each suite skips
 * visibly when its peer is not installed. dump1090 listens on 127.0.0.1
 * only, on ports picked from the test's pid; it is always killed. */
#include "jamwatch/ais_encode.h"
#include "jamwatch/feed_write.h"
#include "jamwatch/modes_encode.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

static double urand(uint64_t *s, double a, double b)
{
    return a + (b - a) * (double)lcg(s) / 2147483648.0;
}

enum { N_AIS = 120 };

typedef struct ais_case {
    int type;
    jw_ais_pos pos;
    jw_ais_static st;
    jw_ais_aton aton;
    jw_ais_base base;
} ais_case;

static void random_name(uint64_t *s, char *out, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t len = 3 + lcg(s) % (n - 4);
    for (size_t i = 0; i < len; i++)
        out[i] = abc[lcg(s) % 36];
    out[len] = '\0';
}

static void make_ais(uint64_t *s, ais_case *c, int i)
{
    static const int types[] = {1, 3, 18, 5, 4, 21};
    memset(c, 0, sizeof *c);
    c->type = types[i % 6];
    uint32_t mmsi = 200000000u + (uint32_t)(lcg(s) % 500000000u);
    double lat = urand(s, -80, 80), lon = urand(s, -179, 179);
    if (c->type <= 3 || c->type == 18) {
        c->pos = (jw_ais_pos){.type = (uint8_t)c->type,
                              .mmsi = mmsi,
                              .status = (uint8_t)(lcg(s) % 9),
                              .rot = 0,
                              .sog = floor(urand(s, 0, 40) * 10) / 10,
                              .accuracy = (uint8_t)(lcg(s) & 1),
                              .pos_valid = true,
                              .lat = lat,
                              .lon = lon,
                              .cog = floor(urand(s, 0, 359.9) * 10) / 10,
                              .heading = (uint16_t)(lcg(s) % 360),
                              .second = (uint8_t)(lcg(s) % 60),
                              .radio = (uint32_t)(lcg(s) & 0x7FFFF)};
    } else if (c->type == 5) {
        c->st = (jw_ais_static){.mmsi = mmsi,
                                .imo = 9000000 + (uint32_t)(lcg(s) % 999999),
                                .shiptype = (uint8_t)(70 + lcg(s) % 20),
                                .to_bow = 100,
                                .to_stern = 50,
                                .to_port = 10,
                                .to_starboard = 12,
                                .epfd = 1,
                                .month = 5,
                                .day = 17,
                                .hour = 12,
                                .minute = 30,
                                .draught = 85};
        random_name(s, c->st.name, sizeof c->st.name);
        random_name(s, c->st.callsign, sizeof c->st.callsign);
        random_name(s, c->st.destination, sizeof c->st.destination);
    } else if (c->type == 4) {
        c->base = (jw_ais_base){.mmsi = mmsi % 10000000u,
                                .unix_time = 1700000000 + (int64_t)(lcg(s) % 9999999),
                                .accuracy = 1,
                                .pos_valid = true,
                                .lat = lat,
                                .lon = lon,
                                .epfd = 7};
    } else {
        c->aton = (jw_ais_aton){.mmsi = 990000000u + mmsi % 1000000u,
                                .aid_type = (uint8_t)(1 + lcg(s) % 30),
                                .pos_valid = true,
                                .lat = lat,
                                .lon = lon,
                                .epfd = 1,
                                .second = (uint8_t)(lcg(s) % 60),
                                .to_bow = 2,
                                .to_stern = 2,
                                .to_port = 1,
                                .to_starboard = 1};
        random_name(s, c->aton.name, sizeof c->aton.name);
    }
}

static void encode_case(const ais_case *c, jw_ais_bits *b)
{
    if (c->type <= 3 || c->type == 18)
        cr_assert_eq(jw_ais_enc_pos(&c->pos, b), JW_OK);
    else if (c->type == 5)
        cr_assert_eq(jw_ais_enc_static(&c->st, b), JW_OK);
    else if (c->type == 4)
        cr_assert_eq(jw_ais_enc_base(&c->base, b), JW_OK);
    else
        cr_assert_eq(jw_ais_enc_aton(&c->aton, b), JW_OK);
}

static long ival(json_t *o, const char *k)
{
    return (long)json_integer_value(json_object_get(o, k));
}

static const char *sval(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static long q600k(double deg)
{
    return lround(deg * 600000.0);
}

static void check_ais(const ais_case *c, json_t *o)
{
    cr_expect_eq(ival(o, "type"), c->type);
    if (c->type <= 3 || c->type == 18) {
        const jw_ais_pos *p = &c->pos;
        cr_expect_eq(ival(o, "mmsi"), (long)p->mmsi);
        cr_expect_eq(ival(o, "lat"), q600k(p->lat), "lat of %u", p->mmsi);
        cr_expect_eq(ival(o, "lon"), q600k(p->lon), "lon of %u", p->mmsi);
        cr_expect_eq(ival(o, "speed"), lround(p->sog * 10));
        cr_expect_eq(ival(o, "course"), lround(p->cog * 10));
        cr_expect_eq(ival(o, "heading"), p->heading);
        cr_expect_eq(ival(o, "second"), p->second);
        if (c->type != 18)
            cr_expect_eq(ival(o, "status"), p->status);
    } else if (c->type == 5) {
        cr_expect_eq(ival(o, "mmsi"), (long)c->st.mmsi);
        cr_expect_eq(ival(o, "imo"), (long)c->st.imo);
        cr_expect_str_eq(sval(o, "shipname"), c->st.name);
        cr_expect_str_eq(sval(o, "callsign"), c->st.callsign);
        cr_expect_str_eq(sval(o, "destination"), c->st.destination);
        cr_expect_eq(ival(o, "shiptype"), c->st.shiptype);
        cr_expect_eq(ival(o, "draught"), c->st.draught);
        cr_expect_eq(ival(o, "to_bow"), c->st.to_bow);
    } else if (c->type == 4) {
        char ts[32];
        time_t t = (time_t)c->base.unix_time;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        cr_expect_eq(ival(o, "mmsi"), (long)c->base.mmsi);
        cr_expect_str_eq(sval(o, "timestamp"), ts);
        cr_expect_eq(ival(o, "lat"), q600k(c->base.lat));
        cr_expect_eq(ival(o, "lon"), q600k(c->base.lon));
    } else {
        cr_expect_eq(ival(o, "mmsi"), (long)c->aton.mmsi);
        cr_expect_eq(ival(o, "aid_type"), c->aton.aid_type);
        cr_expect_str_eq(sval(o, "name"), c->aton.name);
        cr_expect_eq(ival(o, "lat"), q600k(c->aton.lat));
        cr_expect_eq(ival(o, "lon"), q600k(c->aton.lon));
    }
}

Test(sim_peers, ais_through_gpsdecode)
{
    if (access("/usr/bin/gpsdecode", X_OK) != 0)
        cr_skip_test("SKIP: gpsdecode (gpsd-clients) not installed");
    char path[] = "/tmp/jw_ais_rt_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    static ais_case cases[N_AIS];
    uint64_t seed = 42;
    for (int i = 0; i < N_AIS; i++) {
        make_ais(&seed, &cases[i], i);
        jw_ais_bits b;
        encode_case(&cases[i], &b);
        char out[1024];
        size_t len;
        jw_nmea_opts o = {.channel = (i & 1) ? 'A' : 'B',
                          .seq_id = (uint8_t)(i % 10),
                          .source = "rt",
                          .unix_time = 1700000000 + i,
                          .group_id = (uint32_t)i};
        cr_assert_eq(jw_ais_nmea(&b, &o, out, sizeof out, &len), JW_OK);
        fwrite(out, 1, len, f);
    }
    fclose(f);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "timeout 30 gpsdecode -u -j < %s", path);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof line, p) && n < N_AIS) {
        json_t *o = json_loads(line, 0, NULL);
        cr_assert(o, "gpsdecode printed non-JSON: %s", line);
        check_ais(&cases[n++], o);
        json_decref(o);
    }
    pclose(p);
    unlink(path);
    cr_expect_eq(n, N_AIS, "gpsdecode decoded %d of %d messages", n, N_AIS);
}
