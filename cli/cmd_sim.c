/*
 * cmd_sim.c - `jamwatch sim`: run a scenario and write the ADS-B feed,
 * the AIS feed, the truth file and the sampled tracks (docs/sim.md).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli_util.h"
#include "commands.h"
#include "jamwatch/feed_write.h"
#include "jamwatch/sim.h"

enum { FMT_BEAST, FMT_AVR, FMT_SBS };
enum { OUTBUF = 1 << 20 };

typedef struct sim_args {
    const char *scenario, *out, *airports, *routes;
    uint64_t seed;
    double hours, track_every;
    int format;
    int realtime, to_stdout;
    int gps_clock;    /* Beast/AVR timestamps in the GPS layout instead of 12 MHz */
    int per_receiver; /* also write each receiver's own feed */
} sim_args;

static void sim_usage(FILE *f)
{
    fprintf(f, "usage: jamwatch sim SCENARIO [--seed N] [--hours H] [--format beast|avr|sbs]\n"
               "                    [--airports airports.dat --routes routes.dat]\n"
               "                    [--track-every S] [--beast-clock 12mhz|gps] [--per-receiver]\n"
               "                    [--realtime]\n"
               "                    (--out DIR | --stdout)\n\n"
               "SCENARIO is a built-in name (korea, baltic, levant, blacksea, clean) or a path.\n"
               "--out DIR writes adsb.beast (or .avr/.sbs), ais.nmea, truth.json, tracks.csv.\n"
               "--stdout writes only the ADS-B feed to standard output.\n"
               "--realtime paces output at wall-clock speed.\n"
               "--per-receiver also writes adsb-<receiver>.<format>, each receiver's own feed.\n"
               "--beast-clock gps writes timestamps as second of day and nanoseconds.\n");
}

static int parse_args(int argc, char **argv, sim_args *a)
{
    memset(a, 0, sizeof *a);
    a->seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            sim_usage(stdout);
            return 1;
        } else if (!strcmp(o, "--realtime")) {
            a->realtime = 1;
        } else if (!strcmp(o, "--per-receiver")) {
            a->per_receiver = 1;
        } else if (!strcmp(o, "--stdout")) {
            a->to_stdout = 1;
        } else if (o[0] == '-' && o[1] == '-' && !v) {
            fprintf(stderr, "jamwatch sim: %s needs a value\n", o);
            return 2;
        } else if (!strcmp(o, "--seed")) {
            errno = 0;
            a->seed = strtoull(v, &end, 10), i++;
        } else if (!strcmp(o, "--hours")) {
            a->hours = strtod(v, &end), i++;
        } else if (!strcmp(o, "--track-every")) {
            a->track_every = strtod(v, &end), i++;
        } else if (!strcmp(o, "--beast-clock")) {
            a->gps_clock = !strcmp(v, "gps");
            if (!a->gps_clock && strcmp(v, "12mhz")) {
                fprintf(stderr, "jamwatch sim: --beast-clock must be 12mhz or gps\n");
                return 2;
            }
            i++;
        } else if (!strcmp(o, "--out")) {
            a->out = v, i++;
        } else if (!strcmp(o, "--airports")) {
            a->airports = v, i++;
        } else if (!strcmp(o, "--routes")) {
            a->routes = v, i++;
        } else if (!strcmp(o, "--format")) {
            a->format = !strcmp(v, "beast") ? FMT_BEAST
                        : !strcmp(v, "avr") ? FMT_AVR
                        : !strcmp(v, "sbs") ? FMT_SBS
                                            : -1;
            if (a->format < 0) {
                fprintf(stderr, "jamwatch sim: --format must be beast, avr or sbs\n");
                return 2;
            }
            i++;
        } else if (o[0] != '-' && !a->scenario) {
            a->scenario = o;
        } else {
            fprintf(stderr, "jamwatch sim: unexpected argument '%s'\n", o);
            return 2;
        }
        if (end && (*end || errno)) {
            fprintf(stderr, "jamwatch sim: bad number '%s' for %s\n", v, o);
            return 2;
        }
    }
    if (!a->scenario || (!a->out && !a->to_stdout) || a->hours < 0 ||
        (!a->airports != !a->routes)) {
        sim_usage(stderr);
        return 2;
    }
    return 0;
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        fprintf(stderr, "jamwatch sim: cannot write %s: %s\n", path, strerror(errno));
    return f;
}

/* Formats the batch's frames into buf and writes them. */
typedef struct sim_files {
    FILE *adsb, *ais, *tracks;
    FILE *rx[JW_SIM_MAX_RX]; /* --per-receiver: each receiver's own feed, or NULL */
} sim_files;

static int write_frames(const jw_sim_batch *b, const sim_args *a, sim_files *fs, char *buf)
{
    FILE *f = fs->adsb;
    size_t n = 0;
    int format = a->format;
    for (size_t i = 0; i < b->nframes; i++) {
        if (n + JW_SBS_MAX > OUTBUF) {
            if (fwrite(buf, 1, n, f) != n)
                return -1;
            n = 0;
        }
        jw_frame fr = b->frames[i].f;
        size_t k = 0;
        if (a->gps_clock)
            fr.ts_raw = jw_beast_ts_gps(fr.time);
        if (format == FMT_BEAST)
            k = jw_beast_write(&fr, (uint8_t *)buf + n);
        else if (format == FMT_AVR)
            k = jw_avr_write(&fr, true, buf + n);
        else if (b->sbs[i].type)
            k = jw_sbs_write(&b->sbs[i], buf + n, JW_SBS_MAX);
        FILE *own = fs->rx[b->frames[i].rx];
        if (own && k && fwrite(buf + n, 1, k, own) != k)
            return -1;
        n += k;
    }
    return fwrite(buf, 1, n, f) == n ? 0 : -1;
}

static void pace(const struct timespec *start, double t1)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double el = (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
    if (t1 > el) {
        double d = t1 - el;
        struct timespec ts = {(time_t)d, (long)((d - (double)(time_t)d) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

static int run(jw_sim *sim, const sim_args *a, sim_files *fs)
{
    char *buf = malloc(OUTBUF);
    if (!buf)
        return 1;
    if (fs->tracks)
        fputs(jw_sim_tracks_header(), fs->tracks);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = 0;
    for (;;) {
        jw_sim_batch b;
        jw_err err = jw_sim_step(sim, &b);
        if (err != JW_OK) {
            fprintf(stderr, "jamwatch sim: %s\n", jw_strerror(err));
            rc = 1;
            break;
        }
        if (b.done)
            break;
        if (write_frames(&b, a, fs, buf) != 0 ||
            (fs->ais && fwrite(b.ais, 1, b.ais_len, fs->ais) != b.ais_len) ||
            (fs->tracks && fwrite(b.tracks, 1, b.tracks_len, fs->tracks) != b.tracks_len)) {
            fprintf(stderr, "jamwatch sim: write error: %s\n", strerror(errno));
            rc = 1;
            break;
        }
        if (a->realtime) {
            fflush(fs->adsb);
            pace(&start, b.t1);
        }
    }
    free(buf);
    return rc;
}

static int open_files(const sim_args *a, const jw_sim_scenario *sc, sim_files *fs)
{
    static const char *const names[] = {"adsb.beast", "adsb.avr", "adsb.sbs"};
    static const char *const exts[] = {"beast", "avr", "sbs"};
    memset(fs, 0, sizeof *fs);
    if (a->to_stdout) {
        fs->adsb = stdout;
        return 0;
    }
    if (mkdir(a->out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "jamwatch sim: cannot create %s: %s\n", a->out, strerror(errno));
        return 1;
    }
    fs->adsb = open_out(a->out, names[a->format]);
    fs->ais = open_out(a->out, "ais.nmea");
    fs->tracks = open_out(a->out, "tracks.csv");
    for (size_t r = 0; a->per_receiver && r < sc->nreceivers; r++) {
        char name[JW_SIM_NAME_MAX + 16];
        if (!sc->receivers[r].adsb)
            continue;
        snprintf(name, sizeof name, "adsb-%s.%s", sc->receivers[r].name, exts[a->format]);
        if (!strchr(sc->receivers[r].name, '/') && !(fs->rx[r] = open_out(a->out, name)))
            return 1;
    }
    return fs->adsb && fs->ais && fs->tracks ? 0 : 1;
}

static void close_files(const sim_args *a, sim_files *fs)
{
    if (fs->adsb && !a->to_stdout)
        fclose(fs->adsb);
    if (fs->ais)
        fclose(fs->ais);
    if (fs->tracks)
        fclose(fs->tracks);
    for (int r = 0; r < JW_SIM_MAX_RX; r++)
        if (fs->rx[r])
            fclose(fs->rx[r]);
}

static int load(const sim_args *a, jw_sim_scenario **sc)
{
    char path[PATH_MAX], err[512] = "";
    if (cli_find_scenario(a->scenario, path, sizeof path) != 0) {
        fprintf(stderr, "jamwatch sim: no scenario '%s' (not a file, not a built-in name)\n",
                a->scenario);
        return 1;
    }
    if (jw_sim_scenario_load(path, err, sizeof err, sc) != JW_OK) {
        fprintf(stderr, "jamwatch sim: %s: %s\n", path, err);
        return 1;
    }
    if (a->airports &&
        jw_sim_scenario_openflights(*sc, a->airports, a->routes, err, sizeof err) != JW_OK) {
        fprintf(stderr, "jamwatch sim: %s\n", err);
        jw_sim_scenario_free(*sc);
        return 1;
    }
    return 0;
}

int jw_cmd_sim(int argc, char **argv)
{
    sim_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc == 1 ? 0 : rc;
    jw_sim_scenario *sc;
    if (load(&a, &sc) != 0)
        return 1;
    jw_sim_options opt = {.seed = a.seed,
                          .duration_s = a.hours * 3600.0,
                          .want_sbs = a.format == FMT_SBS,
                          .track_every_s = a.track_every};
    jw_sim *sim = NULL;
    jw_err err = jw_sim_open(sc, &opt, &sim);
    sim_files fs;
    if (err != JW_OK) {
        fprintf(stderr, "jamwatch sim: %s%s\n", jw_strerror(err),
                err == JW_ENOTFOUND ? ": no flight route crosses the scenario's region" : "");
        jw_sim_scenario_free(sc);
        return 1;
    }
    rc = open_files(&a, sc, &fs);
    if (rc == 0)
        rc = run(sim, &a, &fs);
    close_files(&a, &fs);
    if (rc == 0 && !a.to_stdout) {
        FILE *t = open_out(a.out, "truth.json");
        rc = !t || jw_sim_write_truth(sim, t) != JW_OK;
        if (t)
            fclose(t);
    }
    jw_sim_close(sim);
    jw_sim_scenario_free(sc);
    return rc;
}
