/* test_sim.c - the simulator: interference physics, determinism, the clean
 * control scenario, scenario validation. */
#include "jamwatch/modes.h"
#include "jamwatch/sim.h"
#include "jamwatch/sim_physics.h"
#include "testutil.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Test(sim_physics, horizon_and_path_loss)
{
    /* REFERENCE.md 4: d = 4.12 (sqrt h1 + sqrt h2) km; FSPL at 1 km, L1. */
    cr_expect_float_eq(jw_radio_horizon_km(100, 10000), 4.12 * (10 + 100), 1e-9);
    cr_expect_float_eq(jw_fspl_db(1, 1575.42), 20 * log10(1575.42) + 32.44, 1e-9);
    cr_expect_float_eq(jw_geo_distance_km(0, 0, 0, 1), 111.195, 0.01);
    /* 1 W at 1 km: 30 dBm - 96.39 dB = -66.39 dBm, 63.6 dB over the -130 dBm signal. */
    cr_expect_float_eq(jw_jam_js_db(1, 1, 0), 30 - jw_fspl_db(1, 1575.42) + 130, 1e-9);
}

/* A jammer too strong to be power-limited: its reach is the radio horizon,
 * which grows with the aircraft's altitude as sqrt(h); nothing below the
 * horizon's edge is affected, however strong the jammer. */
Test(sim_physics, reach_grows_with_altitude_as_horizon)
{
    jw_jam_model m = {.eirp_w = 1e5, .height_m = 50, .tolerance_db = 30, .degrade_db = 8};
    double prev = 0;
    for (double h = 100; h <= 12000; h *= 1.7) {
        double reach = jw_jam_reach_km(&m, h), hz = jw_radio_horizon_km(50, h);
        cr_expect_float_eq(reach, hz, 1e-6, "reach at %g m", h);
        cr_expect(reach > prev);
        prev = reach;
        cr_expect_eq(jw_jam_effect(&m, hz - 1, h, NULL), JW_JAM_LOST, "inside at %g m", h);
        cr_expect_eq(jw_jam_effect(&m, hz + 1, h, NULL), JW_JAM_NONE, "beyond at %g m", h);
    }
    /* A 20 W jammer is power-limited at altitude: reach below the horizon. */
    jw_jam_model w = {.eirp_w = 20, .height_m = 50, .tolerance_db = 30, .degrade_db = 8};
    cr_expect(jw_jam_reach_km(&w, 10000) < jw_radio_horizon_km(50, 10000));
    double d = jw_jam_reach_km(&w, 10000);
    cr_expect_eq(jw_jam_effect(&w, d * 0.99, 10000, NULL), JW_JAM_LOST);
    cr_expect_eq(jw_jam_effect(&w, d * 1.05, 10000, NULL), JW_JAM_DEGRADED);
    cr_expect_eq(jw_jam_effect(&w, d * 4, 10000, NULL), JW_JAM_NONE);
}

static const char *strong_jammer_scenario =
    "{\"name\":\"horizon\",\"duration_s\":900,"
    "\"region\":{\"lat_min\":50,\"lat_max\":56,\"lon_min\":10,\"lon_max\":22},"
    "\"traffic\":{\"aircraft\":250,\"cruise_ft\":[5000,41000],"
    "\"airports\":[{\"code\":\"A\",\"lat\":50.5,\"lon\":11},{\"code\":\"B\",\"lat\":55.5,"
    "\"lon\":21},{\"code\":\"C\",\"lat\":55.5,\"lon\":11},{\"code\":\"D\",\"lat\":50.5,"
    "\"lon\":21},{\"code\":\"E\",\"lat\":53,\"lon\":16.5}]},"
    "\"receivers\":[{\"lat\":53,\"lon\":16,\"range_km\":600,\"height_m\":3000}],"
    "\"jammers\":[{\"name\":\"j\",\"lat\":53,\"lon\":16,\"height_m\":30,\"eirp_w\":100000}],"
    "\"faults\":{\"low_nacp_share\":0,\"no_gnss_share\":0},"
    "\"receiver_model\":{\"tolerance_sd_db\":0,\"shielding_db\":0,\"recovery_s\":[0,0]}}";

/* Runs a scenario, feeding every tracks.csv line to fn. */
static void run_tracks(jw_sim_scenario *sc, double secs, void (*fn)(char *line, void *ctx),
                       void *ctx)
{
    jw_sim_options opt = {.seed = 5, .duration_s = secs, .track_every_s = 10};
    jw_sim *s;
    cr_assert_eq(jw_sim_open(sc, &opt, &s), JW_OK);
    jw_sim_batch b;
    while (jw_sim_step(s, &b) == JW_OK && !b.done) {
        char *txt = strndup(b.tracks, b.tracks_len);
        for (char *line = strtok(txt, "\n"); line; line = strtok(NULL, "\n"))
            fn(line, ctx);
        free(txt);
    }
    jw_sim_close(s);
}

typedef struct horizon_ctx {
    int jammed, checked, high_beyond_low;
} horizon_ctx;

/* t,kind,id,true_lat,true_lon,true_alt_ft,rep_lat,rep_lon,state,cause,nacp,nic */
static void horizon_line(char *line, void *vctx)
{
    horizon_ctx *c = vctx;
    char *f[12];
    int n = 0;
    for (char *p = line; p && n < 12; n++) {
        f[n] = p;
        p = strchr(p, ',');
        if (p)
            *p++ = '\0';
    }
    if (n < 12 || f[1][0] != 'A')
        return;
    double lat = strtod(f[3], NULL), lon = strtod(f[4], NULL), h = strtod(f[5], NULL) * 0.3048;
    double d = jw_geo_distance_km(53, 16, lat, lon), hz = jw_radio_horizon_km(30, h);
    bool jam = !strcmp(f[8], "lost") || !strcmp(f[8], "degraded");
    c->checked++;
    if (jam) {
        c->jammed++;
        /* 2 km: samples are taken before the second's move (recovery is 0 here). */
        cr_expect(d <= hz + 2, "jammed at %.0f km, horizon %.0f km", d, hz);
        if (d > jw_radio_horizon_km(30, 1500) && h > 6000)
            c->high_beyond_low++;
    } else if (d < hz - 5) {
        cr_expect(false, "not jammed %.0f km inside the %.0f km horizon (alt %.0f m)", d, hz, h);
    }
}

Test(sim_physics, simulated_jamming_follows_the_horizon)
{
    char err[256] = "";
    jw_sim_scenario *sc;
    cr_assert_eq(jw_sim_scenario_parse(strong_jammer_scenario, err, sizeof err, &sc), JW_OK, "%s",
                 err);
    horizon_ctx c = {0};
    run_tracks(sc, 600, horizon_line, &c);
    jw_sim_scenario_free(sc);
    cr_expect(c.jammed > 100, "only %d jammed samples of %d", c.jammed, c.checked);
    cr_expect(c.high_beyond_low > 10, "high aircraft beyond the low-altitude horizon: %d",
              c.high_beyond_low);
}

/* The run's truth.json, parsed (the caller decrefs). */
static json_t *truth_of(const jw_sim *s)
{
    char *txt;
    size_t len;
    FILE *m = open_memstream(&txt, &len);
    cr_assert_eq(jw_sim_write_truth(s, m), JW_OK);
    fclose(m);
    json_t *t = json_loads(txt, 0, NULL);
    free(txt);
    cr_assert_not_null(t);
    return t;
}

/* Every interval of the truth starts at a tracks.csv row of its object in
 * its state and cause, also between the periodic samples: the scorer's
 * truth cell-windows come from the rows, and an interval shorter than the
 * sampling period would otherwise have none (levant seed 2: 7 s of jamming
 * before a spoofer's capture). */
Test(sim, every_truth_interval_starts_at_a_track_row)
{
    char err[256] = "";
    jw_sim_scenario *sc;
    cr_assert_eq(jw_sim_scenario_parse(strong_jammer_scenario, err, sizeof err, &sc), JW_OK, "%s",
                 err);
    jw_sim_options opt = {.seed = 5, .duration_s = 300, .track_every_s = 10};
    jw_sim *s;
    cr_assert_eq(jw_sim_open(sc, &opt, &s), JW_OK);
    char *rows = NULL;
    size_t rows_len = 0;
    FILE *m = open_memstream(&rows, &rows_len);
    jw_sim_batch b;
    while (jw_sim_step(s, &b) == JW_OK && !b.done)
        fwrite(b.tracks, 1, b.tracks_len, m);
    fclose(m);
    json_t *t = truth_of(s);
    jw_sim_close(s);
    jw_sim_scenario_free(sc);
    size_t i, k, off_grid = 0;
    json_t *a, *iv;
    json_array_foreach(json_object_get(t, "aircraft"), i, a)
    {
        const char *icao = json_string_value(json_object_get(a, "icao"));
        json_array_foreach(json_object_get(a, "intervals"), k, iv)
        {
            long start = (long)json_number_value(json_object_get(iv, "start"));
            char row[96];
            snprintf(row, sizeof row, "%ld,A,%s,", start, icao);
            char *p = strstr(rows, row);
            cr_expect_not_null(p, "no row at the start of %s's interval at %ld", icao, start);
            if (!p)
                continue;
            char want[64];
            snprintf(want, sizeof want, ",%s,%s,", json_string_value(json_object_get(iv, "state")),
                     json_string_value(json_object_get(iv, "cause")));
            char line[256];
            snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
            cr_expect(strstr(line, want), "%s at %ld: row %s, wanted %s", icao, start, line, want);
            off_grid += start % 10 != 0;
        }
    }
    cr_expect(off_grid > 20, "only %zu intervals start between the samples", off_grid);
    json_decref(t);
    free(rows);
}

/* Serialises every frame of the first n seconds of a run. */
static char *run_bytes(const jw_sim_scenario *sc, uint64_t seed, double secs, size_t *len)
{
    jw_sim_options opt = {.seed = seed, .duration_s = secs};
    jw_sim *s;
    cr_assert_eq(jw_sim_open(sc, &opt, &s), JW_OK);
    char *buf;
    FILE *m = open_memstream(&buf, len);
    jw_sim_batch b;
    while (jw_sim_step(s, &b) == JW_OK && !b.done) {
        for (size_t i = 0; i < b.nframes; i++)
            fwrite(&b.frames[i].f, sizeof b.frames[i].f, 1, m);
        fwrite(b.ais, 1, b.ais_len, m);
    }
    jw_sim_close(s);
    fclose(m);
    return buf;
}

Test(sim, same_seed_same_bytes)
{
    char err[256];
    jw_sim_scenario *sc;
    cr_assert_eq(jw_sim_scenario_load("scenarios/korea.json", err, sizeof err, &sc), JW_OK, "%s",
                 err);
    size_t n1, n2, n3;
    char *a = run_bytes(sc, 11, 60, &n1), *b = run_bytes(sc, 11, 60, &n2),
         *c = run_bytes(sc, 12, 60, &n3);
    cr_expect(n1 > 100000);
    cr_expect(n1 == n2 && memcmp(a, b, n1) == 0, "same seed, different output");
    cr_expect(n1 != n3 || memcmp(a, c, n1) != 0, "different seeds, same output");
    free(a), free(b), free(c);
    jw_sim_scenario_free(sc);
}

Test(sim_scenario, errors_name_the_field)
{
    static const struct {
        const char *json, *want;
    } v[] = {
        {"{\"name\":\"x\",\"region\":{\"lat_min\":1,\"lat_max\":2,\"lon_min\":1,\"lon_max\":2},"
         "\"receivers\":[{\"lat\":100,\"lon\":0}]}",
         "receivers[0].lat"},
        {"{\"name\":\"x\",\"region\":{\"lat_min\":1,\"lat_max\":2,\"lon_min\":1,\"lon_max\":2},"
         "\"receivers\":[{\"lat\":1,\"lon\":0}],\"traffic\":{\"aircrafts\":3}}",
         "traffic.aircrafts: unknown field"},
        {"{\"name\":\"x\",\"region\":{\"lat_min\":1,\"lat_max\":2,\"lon_min\":1,\"lon_max\":2},"
         "\"receivers\":[{\"lat\":1,\"lon\":0}],\"spoofers\":[{\"lat\":1,\"lon\":1,"
         "\"reach_km\":50,\"fake\":{\"mode\":\"teleport\"}}]}",
         "spoofers[0].fake.mode"},
        {"{\"name\":\"x\",\"receivers\":[]}", "region"},
        {"{\"name\": ", "JSON error"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char err[256] = "";
        jw_sim_scenario *sc = NULL;
        cr_expect_eq(jw_sim_scenario_parse(v[i].json, err, sizeof err, &sc), JW_EPARSE);
        cr_expect(strstr(err, v[i].want) != NULL, "error '%s' should name '%s'", err, v[i].want);
    }
}

Test(sim_scenario, builtins_parse)
{
    static const char *const names[] = {"korea", "baltic", "levant", "blacksea", "clean"};
    for (size_t i = 0; i < 5; i++) {
        char path[64], err[256] = "";
        snprintf(path, sizeof path, "scenarios/%s.json", names[i]);
        jw_sim_scenario *sc = NULL;
        cr_expect_eq(jw_sim_scenario_load(path, err, sizeof err, &sc), JW_OK, "%s: %s", path, err);
        jw_sim_scenario_free(sc);
    }
}

/* Per-address flags: low integrity seen, fault in the truth file. */
typedef struct clean_ac {
    uint32_t icao;
    int low, fault;
} clean_ac;

static clean_ac *clean_find(clean_ac *t, size_t *n, uint32_t icao)
{
    for (size_t i = 0; i < *n; i++)
        if (t[i].icao == icao)
            return &t[i];
    if (*n >= 4096)
        return NULL;
    t[*n] = (clean_ac){icao, 0, 0};
    return &t[(*n)++];
}

/* Low integrity as a monitor would read it from one DF17 frame. */
static int frame_low_integrity(const uint8_t *d)
{
    unsigned tc = d[4] >> 3;
    if (tc == 0 || (tc >= 13 && tc <= 18))
        return 1;
    if (tc == 31)
        return (d[9] & 0x0F) < 7; /* ME bits 45-48 */
    if (tc == 29)
        return (((d[8] & 1u) << 3) | (d[9] >> 5)) < 7; /* ME bits 40-43 */
    return 0;
}

/* The clean scenario injects only ordinary equipment faults: every aircraft
 * that ever sends low integrity is one the truth file lists with a fault. */
Test(sim, clean_has_only_injected_faults)
{
    char err[256];
    jw_sim_scenario *sc;
    cr_assert_eq(jw_sim_scenario_load("scenarios/clean.json", err, sizeof err, &sc), JW_OK, "%s",
                 err);
    jw_sim_options opt = {.seed = 3, .duration_s = 900};
    jw_sim *s;
    cr_assert_eq(jw_sim_open(sc, &opt, &s), JW_OK);
    static clean_ac acs[4096];
    size_t nac = 0, frames = 0;
    jw_sim_batch b;
    while (jw_sim_step(s, &b) == JW_OK && !b.done) {
        for (size_t i = 0; i < b.nframes; i++) {
            const uint8_t *d = b.frames[i].f.data;
            uint32_t parity = (uint32_t)d[11] << 16 | (uint32_t)d[12] << 8 | d[13];
            if (b.frames[i].f.len != 14 || (d[0] >> 3) != 17 || jw_modes_crc(d, 112) != parity)
                continue;
            frames++;
            clean_ac *a = clean_find(acs, &nac, (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3]);
            if (a && frame_low_integrity(d))
                a->low = 1;
        }
    }
    json_t *t = truth_of(s);
    jw_sim_close(s);
    jw_sim_scenario_free(sc);
    json_t *ac = json_object_get(t, "aircraft"), *o;
    size_t i;
    int faulty = 0, intervals = 0;
    json_array_foreach(ac, i, o)
    {
        uint32_t icao = (uint32_t)strtoul(json_string_value(json_object_get(o, "icao")), NULL, 16);
        const char *fault = json_string_value(json_object_get(o, "fault"));
        clean_ac *a = clean_find(acs, &nac, icao);
        if (a && strcmp(fault, "none"))
            a->fault = 1, faulty++;
        intervals += (int)json_array_size(json_object_get(o, "intervals"));
    }
    json_decref(t);
    cr_expect(frames > 100000);
    cr_expect_eq(intervals, 0, "interference intervals in the clean scenario");
    cr_expect(faulty > 0, "the scenario should inject some equipment faults");
    int low = 0;
    for (size_t k = 0; k < nac; k++) {
        low += acs[k].low;
        cr_expect(!acs[k].low || acs[k].fault, "%06X sends low integrity without a fault",
                  acs[k].icao);
    }
    cr_expect(low > 0, "faulty aircraft should show low integrity");
}

/* The command end to end: files written, truth readable, time base stated. */
Test(sim_cli, writes_the_four_files)
{
    char dir[] = "/tmp/jw_sim_cli_XXXXXX", cmd[512], path[256];
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "%s sim korea --hours 0.01 --seed 4 --out %s", tu_bin(), dir);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    static const char *const files[] = {"adsb.beast", "ais.nmea", "tracks.csv", "truth.json"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        cr_expect(access(path, R_OK) == 0, "%s missing", path);
    }
    snprintf(path, sizeof path, "%s/truth.json", dir);
    json_t *t = json_load_file(path, 0, NULL);
    cr_assert(t);
    cr_expect_eq(
        json_integer_value(json_object_get(json_object_get(t, "adsb_time_base"), "unix_at_zero")),
        json_integer_value(json_object_get(t, "start_unix")));
    cr_expect(json_integer_value(json_object_get(json_object_get(t, "counts"), "adsb_frames")) >
              1000);
    json_decref(t);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

/* sim and run share one lookup of a scenario by name (cli_find_scenario):
 * from another directory a built-in name is found beside the binary, a
 * name of one's own in $JW_SCENARIOS, and an unknown name is an error. */
Test(sim_cli, scenario_names_are_found_from_anywhere, .timeout = 60)
{
    char dir[] = "/tmp/jw_sim_find_XXXXXX", cmd[3 * PATH_MAX], bin[PATH_MAX];
    cr_assert(mkdtemp(dir));
    cr_assert(realpath(tu_bin(), bin), "no binary %s", tu_bin());
    snprintf(cmd, sizeof cmd, "cd / && %s sim korea --hours 0.01 --out %s/a >/dev/null", bin, dir);
    cr_expect_eq(tu_sh(cmd), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd,
             "mkdir %s/mine && cp scenarios/clean.json %s/mine/quiet.json && cd / && "
             "JW_SCENARIOS=%s/mine %s sim quiet --hours 0.01 --out %s/b >/dev/null",
             dir, dir, dir, bin, dir);
    cr_expect_eq(tu_sh(cmd), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd, "%s/b/truth.json", dir);
    cr_expect_eq(access(cmd, R_OK), 0, "no truth from $JW_SCENARIOS");
    snprintf(cmd, sizeof cmd, "cd / && %s sim quiet --out %s/c 2>/dev/null", bin, dir);
    cr_expect_neq(tu_sh(cmd), 0, "a name found nowhere must fail");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(tu_sh(cmd), 0);
}

Test(sim_cli, bad_scenario_names_the_field)
{
    char path[] = "/tmp/jw_sim_bad_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    const char *bad = "{\"name\":\"b\",\"region\":{\"lat_min\":1,\"lat_max\":2,\"lon_min\":1,"
                      "\"lon_max\":2},\"receivers\":[{\"lat\":1,\"lon\":1}],"
                      "\"jammers\":[{\"lat\":1,\"lon\":1,\"eirp_w\":-5}]}";
    cr_assert_eq(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
    close(fd);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s sim %s --out /tmp/jw_never 2>&1", tu_bin(), path);
    FILE *p = popen(cmd, "r");
    char out[512] = "";
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    cr_expect_neq(pclose(p), 0);
    unlink(path);
    cr_expect(strstr(out, "jammers[0].eirp_w") != NULL, "message: %s", out);
}

/* Spoofing: everyone within reach (aircraft and ships alike) reports the
 * fake solution; nobody outside does; the fixed point is the airport. */
static const char *spoof_scenario =
    "{\"name\":\"spoof\",\"duration_s\":900,"
    "\"region\":{\"lat_min\":32,\"lat_max\":36,\"lon_min\":33,\"lon_max\":37},"
    "\"traffic\":{\"aircraft\":80,\"airports\":[{\"code\":\"LLBG\",\"lat\":32.01,\"lon\":34.89},"
    "{\"code\":\"LCLK\",\"lat\":34.88,\"lon\":33.62},{\"code\":\"OSDI\",\"lat\":33.41,\"lon\":36."
    "52},"
    "{\"code\":\"LTAF\",\"lat\":36.98,\"lon\":35.28}]},"
    "\"vessels\":{\"count\":30,\"lanes\":[{\"points\":[[32.83,34.98],[33.6,34.2],[34.6,33.0]]}]},"
    "\"receivers\":[{\"lat\":34.9,\"lon\":33.6,\"height_m\":1000,\"ais\":true,\"ais_range_km\":300}"
    "],"
    "\"spoofers\":[{\"name\":\"s\",\"lat\":33.3,\"lon\":34.6,\"height_m\":300,\"reach_km\":150,"
    "\"schedule\":[{\"start_s\":100,\"end_s\":800}],\"dip_s\":10,"
    "\"fake\":{\"mode\":\"fixed\",\"lat\":33.8209,\"lon\":35.4884}}],"
    "\"receiver_model\":{\"recovery_s\":[30,30]}}";

typedef struct spoof_ctx {
    int spoofed_air, spoofed_sea, inside_free, far_spoofed;
} spoof_ctx;

static void spoof_line(char *line, void *vctx)
{
    spoof_ctx *c = vctx;
    char *f[12];
    int n = 0;
    for (char *p = line; p && n < 12; n++) {
        f[n] = p;
        p = strchr(p, ',');
        if (p)
            *p++ = '\0';
    }
    if (n < 12 || f[0][0] == 't')
        return;
    double t = strtod(f[0], NULL) - 1704067200.0; /* the default start */
    double d = jw_geo_distance_km(33.3, 34.6, strtod(f[3], NULL), strtod(f[4], NULL));
    bool spoofed = !strcmp(f[8], "spoofed");
    if (spoofed) {
        double e = jw_geo_distance_km(33.8209, 35.4884, strtod(f[6], NULL), strtod(f[7], NULL));
        cr_expect(e < 0.2, "spoofed report %.2f km from the airport", e);
        c->spoofed_air += f[1][0] == 'A';
        c->spoofed_sea += f[1][0] == 'S';
        c->far_spoofed += d > 150 + 5;
        return;
    }
    double h = f[1][0] == 'A' ? strtod(f[5], NULL) * 0.3048 : 15.0;
    double reach = fmin(150, jw_radio_horizon_km(300, h)) - 5; /* line of sight too */
    if (d < reach && t >= 130 && t < 800 && !strcmp(f[8], "good")) {
        c->inside_free++;
    }
}

Test(sim_spoof, captures_everyone_in_reach_onto_the_fake_point)
{
    char err[256] = "";
    jw_sim_scenario *sc;
    cr_assert_eq(jw_sim_scenario_parse(spoof_scenario, err, sizeof err, &sc), JW_OK, "%s", err);
    spoof_ctx c = {0};
    run_tracks(sc, 900, spoof_line, &c);
    jw_sim_scenario_free(sc);
    cr_expect(c.spoofed_air > 20, "aircraft samples spoofed: %d", c.spoofed_air);
    cr_expect(c.spoofed_sea > 20, "ship samples spoofed: %d", c.spoofed_sea);
    cr_expect_eq(c.inside_free, 0, "samples within reach left good: %d", c.inside_free);
    cr_expect_eq(c.far_spoofed, 0, "samples beyond reach spoofed: %d", c.far_spoofed);
}

/* --per-receiver: each receiver's own feed; together they are the merged one. */
Test(sim_cli, per_receiver_feeds_add_up)
{
    char dir[] = "/tmp/jw_sim_rx_XXXXXX", cmd[512];
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "%s sim korea --hours 0.01 --per-receiver --out %s", tu_bin(), dir);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd,
             "cd %s && test $(cat adsb-rx-*.beast | wc -c) -eq $(wc -c < adsb.beast) && "
             "test $(ls adsb-rx-*.beast | wc -l) -eq 6",
             dir);
    cr_expect_eq(system(cmd), 0, "per-receiver feeds do not add up to the merged feed");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Writes text to a fresh temporary file; returns its path (free it). */
static char *temp_text(const char *text)
{
    char *path = strdup("/tmp/jw_test_of_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

Test(sim_scenario, openflights_rows_without_a_place_are_skipped)
{
    /* Two good airports in korea's region and four whose place is not one
     * (NaN once reached the route geometry as a step count). */
    char *airports = temp_text(
        "1,\"Gimpo\",\"Seoul\",\"Korea\",\"GMP\",\"RKSS\",37.558,126.791,59,9,\"U\",\"x\","
        "\"airport\",\"x\"\n"
        "2,\"Gimhae\",\"Busan\",\"Korea\",\"PUS\",\"RKPK\",35.179,128.938,6,9,\"U\",\"x\","
        "\"airport\",\"x\"\n"
        "3,\"A\",\"A\",\"K\",\"AAA\",\"AAAA\",nan,126.0,0,9,\"U\",\"x\",\"airport\",\"x\"\n"
        "4,\"B\",\"B\",\"K\",\"BBB\",\"BBBB\",91,126.0,0,9,\"U\",\"x\",\"airport\",\"x\"\n"
        "5,\"C\",\"C\",\"K\",\"CCC\",\"CCCC\",abc,126.0,0,9,\"U\",\"x\",\"airport\",\"x\"\n"
        "6,\"D\",\"D\",\"K\",\"DDD\",\"DDDD\",36.0,1e400,0,9,\"U\",\"x\",\"airport\",\"x\"\n");
    char *routes = temp_text("KE,1,GMP,1,PUS,2,,0,738\n"
                             "KE,1,GMP,1,AAA,3,,0,738\n"
                             "KE,1,BBB,4,PUS,2,,0,738\n"
                             "KE,1,CCC,5,GMP,1,,0,738\n"
                             "KE,1,DDD,6,GMP,1,,0,738\n");
    char err[256];
    jw_sim_scenario *sc;
    cr_assert_eq(jw_sim_scenario_load("scenarios/korea.json", err, sizeof err, &sc), JW_OK, "%s",
                 err);
    cr_assert_eq(jw_sim_scenario_openflights(sc, airports, routes, err, sizeof err), JW_OK, "%s",
                 err);
    cr_expect_eq(sc->nairports, 2);
    cr_expect_eq(sc->nroutes, 1);
    for (size_t i = 0; i < sc->nairports; i++)
        cr_expect(fabs(sc->airports[i].lat) <= 90 && fabs(sc->airports[i].lon) <= 180);
    jw_sim_scenario_free(sc);
    unlink(airports), unlink(routes);
    free(airports), free(routes);
}
