/*
 * cmd_analyze.c - `jamwatch analyze`: feeds (Beast, AVR, SBS), AIS NMEA or
 * OpenSky state-vector CSV in, merged by message time (analyze_merge.c);
 * cells, events, emitters and incidents out (docs/analysis.md).
 * Pipeline / vessels -> evidence -> analysis engine -> files.
 */
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze_merge.h"
#include "analyze_out.h"
#include "cli_util.h"
#include "commands.h"
#include "jamwatch/air_evidence.h"
#include "jamwatch/analysis.h"
#include "jamwatch/ais.h"
#include "jamwatch/feed.h"
#include "jamwatch/input.h"
#include "jamwatch/landmask.h"
#include "jamwatch/nmea.h"
#include "jamwatch/sea_evidence.h"
#include "jamwatch/vessel.h"
#include "jamwatch/opensky.h"
#include "jamwatch/pipeline.h"

typedef struct an_opts {
    jw_analysis_config cfg;  /* engine */
    jw_pipeline_config pipe; /* decoder, table */
    double time_base;        /* Beast/AVR 12 MHz counter zero, UNIX s */
    bool have_time_base;     /* given */
    bool window_given;       /* --window given */
    bool locate_obs;         /* --locate-obs: write locate_obs.csv */
    const char *out;         /* output directory */
    jw_receiver rx[256];     /* --receiver / --receivers: known receivers (horizon check) */
    size_t nrx;              /* how many */
} an_opts;

typedef struct an_run {
    jw_air_evidence *gen; /* evidence generator */
    jw_pipeline *pipe;    /* decoder and aircraft table */
    jw_vessels *vessels;  /* vessel table for AIS, opened at the first AIS message */
    jw_sea_evidence *sea; /* vessel evidence generator */
    jw_landmask *land;    /* land raster ($JW_LANDMASK), NULL when none */
    jw_analysis *eng;     /* engine */
    jw_err err;           /* first engine error */
    uint64_t evidence;    /* records */
    uint64_t messages;    /* messages fed */
    uint64_t air_msgs;    /* ADS-B frames/messages and OpenSky rows read */
    uint64_t sea_msgs;    /* AIS payloads read */
} an_run;

static void usage(FILE *out)
{
    fprintf(out, "usage: jamwatch analyze [OPTIONS] --out DIR INPUT...\n\n"
                 "Finds GNSS jamming and spoofing in ADS-B feeds (Beast, AVR, SBS; plain, gzip\n"
                 "or zstd) or OpenSky state-vector CSV, and writes cells.csv, cells.geojson,\n"
                 "events.jsonl, emitters.geojson and targets.jsonl to DIR (docs/analysis.md).\n\n"
                 "options:\n"
                 "  --window W       window length, 1s to 366d: 10m (default), 1h, 1d or seconds\n"
                 "  --res N          H3 resolution of cells, 0..15 (default 4)\n"
                 "  --rule R         default or gpsjam (gpsjam.org's rule and CSV columns;\n"
                 "                   its window defaults to one UTC day)\n"
                 "  --time-base T    UNIX time of the Beast/AVR 12 MHz counter zero (default: a\n"
                 "                   truth.json beside the input, else 0)\n"
                 "  --ref LAT,LON    receiver position, a reference for local CPR\n"
                 "  --receiver LAT,LON[,HEIGHT_M]  a receiver of the inputs (repeatable):\n"
                 "                   positions beyond every receiver's radio horizon are\n"
                 "                   spoofing evidence\n"
                 "  --receivers FILE JSON array of {lat, lon, height_m}, or a truth.json\n"
                 "  --no-locate      do not estimate emitters\n"
                 "  --moving-sources also try long-lived jammers as moving at constant\n"
                 "                   velocity (reported piece by piece; off by default)\n"
                 "  --locate-obs     also write locate_obs.csv: what the locator was given,\n"
                 "                   each event's sampled observations\n"
                 "  -h, --help       this text\n");
}

static int read_receivers(const char *path, an_opts *o);

static int parse_opts(int argc, char **argv, an_opts *o)
{
    enum { O_WIN = 256, O_RES, O_RULE, O_TB, O_REF, O_OUT, O_NOLOC, O_RX, O_RXS, O_MOVING, O_LOBS };
    static const struct option lo[] = {{"window", required_argument, 0, O_WIN},
                                       {"res", required_argument, 0, O_RES},
                                       {"rule", required_argument, 0, O_RULE},
                                       {"time-base", required_argument, 0, O_TB},
                                       {"ref", required_argument, 0, O_REF},
                                       {"out", required_argument, 0, O_OUT},
                                       {"no-locate", no_argument, 0, O_NOLOC},
                                       {"moving-sources", no_argument, 0, O_MOVING},
                                       {"locate-obs", no_argument, 0, O_LOBS},
                                       {"receiver", required_argument, 0, O_RX},
                                       {"receivers", required_argument, 0, O_RXS},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    int c;
    long v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (c) {
        case O_WIN:
            if (cli_parse_duration(optarg, 1, JW_WINDOW_MAX_S, &o->cfg.window_s) != 0)
                return cli_usage_error("analyze",
                                       "--window wants a length from 1s to 366d: 10m, 1h, 1d "
                                       "or seconds");
            o->window_given = true;
            break;
        case O_RES:
            if (cli_parse_long(optarg, 0, 15, &v) != 0)
                return cli_usage_error("analyze", "--res wants 0..15");
            o->cfg.res = (int)v;
            break;
        case O_RULE:
            if (!strcmp(optarg, "gpsjam"))
                o->cfg.rule = JW_RULE_GPSJAM;
            else if (!strcmp(optarg, "default"))
                o->cfg.rule = JW_RULE_DEFAULT;
            else
                return cli_usage_error("analyze", "--rule is default or gpsjam");
            break;
        case O_TB:
            if (cli_parse_double(optarg, &o->time_base) != 0)
                return cli_usage_error("analyze", "--time-base wants seconds");
            o->have_time_base = true;
            break;
        case O_REF:
            if (cli_parse_latlon(optarg, &o->pipe.aircraft.rx_lat, &o->pipe.aircraft.rx_lon))
                return cli_usage_error("analyze", "--ref wants LAT,LON");
            o->pipe.aircraft.has_receiver = true;
            break;
        case O_OUT:
            o->out = optarg;
            break;
        case O_NOLOC:
            o->cfg.locate = false;
            break;
        case O_MOVING:
            o->cfg.moving = true;
            break;
        case O_LOBS:
            o->locate_obs = true;
            break;
        case O_RX:
            if (o->nrx == 256 || jw_receiver_parse(optarg, &o->rx[o->nrx]) != 0)
                return cli_usage_error("analyze", "--receiver wants LAT,LON[,HEIGHT_M] (<= 256)");
            o->nrx++;
            break;
        case O_RXS:
            if (read_receivers(optarg, o) != 0)
                return 2;
            break;
        case 'h':
            usage(stdout);
            return -1;
        default:
            return cli_usage_error("analyze", "see 'jamwatch analyze --help'");
        }
    }
    if (!o->out || optind >= argc)
        return cli_usage_error("analyze", "needs --out DIR and at least one INPUT");
    if (o->cfg.rule == JW_RULE_GPSJAM && !o->window_given)
        o->cfg.window_s = 86400;
    o->cfg.lateness_s = o->cfg.window_s < 600 ? o->cfg.window_s / 10 : 60;
    return 0;
}

/* --receivers FILE: a JSON array of {lat, lon, height_m} or an object with
 * such an array under "receivers" (the simulator's truth.json). */
static int read_receivers(const char *path, an_opts *o)
{
    char *text;
    size_t len, n = 0, bad;
    int got = cli_read_file(path, 1 << 24, &text, &len);
    if (got)
        return cli_usage_error("analyze", "--receivers %s: %s", path,
                               got == -1 ? "cannot read it" : "larger than 16 MiB");
    size_t room = sizeof o->rx / sizeof o->rx[0] - o->nrx;
    jw_err e = jw_receivers_json(text, len, o->rx + o->nrx, room, &n, &bad);
    free(text);
    o->nrx += n;
    if (e == JW_OK)
        return 0;
    if (bad == SIZE_MAX)
        return cli_usage_error("analyze", "--receivers %s: %s; want [{lat, lon, height_m}...]",
                               path, e == JW_EPARSE ? "not JSON" : "not an array of receivers");
    return cli_usage_error("analyze", "--receivers %s: receiver %zu: %s", path, bad,
                           e == JW_EFULL    ? "more than 256 receivers in all"
                           : e == JW_ERANGE ? "position or height out of range"
                                            : "want numbers lat, lon and optionally height_m");
}

/* The time base stated by a truth.json beside path, if any. */
static bool truth_time_base(const char *path, double *out)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        snprintf(slash + 1, sizeof dir - (size_t)(slash + 1 - dir), "truth.json");
    else
        snprintf(dir, sizeof dir, "truth.json");
    /* The simulator writes the time base near the top: read it from the
     * file's head rather than parse a truth file as long as the run (its
     * heap stayed in the peak memory). Other layouts: the whole file. */
    FILE *f = fopen(dir, "rb");
    if (!f)
        return false;
    char head[4096];
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = 0;
    const char *tb = strstr(head, "\"adsb_time_base\"");
    const char *z0 = tb ? strstr(tb, "\"unix_at_zero\"") : NULL;
    const char *close = tb ? strchr(tb, '}') : NULL;
    if (z0 && close && z0 < close) {
        const char *p = z0 + strlen("\"unix_at_zero\"");
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':')
            p++;
        char *end;
        double v = strtod(p, &end);
        if (end != p && isfinite(v)) {
            *out = v;
            return true;
        }
    }
    json_t *j = json_load_file(dir, 0, NULL);
    if (!j)
        return false;
    json_t *z = json_object_get(json_object_get(j, "adsb_time_base"), "unix_at_zero");
    bool ok = json_is_number(z);
    if (ok)
        *out = json_number_value(z);
    json_decref(j);
    return ok;
}

static void on_evidence(void *user, const jw_evidence *ev)
{
    an_run *r = user;
    r->evidence++;
    jw_err err = jw_analysis_add(r->eng, ev);
    if (err != JW_OK && r->err == JW_OK)
        r->err = err;
}

static void on_msg(void *user, const jw_msg *m, const jw_aircraft *a)
{
    an_run *r = user;
    r->messages++;
    jw_air_evidence_feed(r->gen, m, a);
}

/* Opens the sea side at the first AIS message: vessel table, sea evidence
 * (with the land raster $JW_LANDMASK when set). */
static jw_err sea_open(an_run *r)
{
    const char *land = getenv("JW_LANDMASK");
    if (land && *land && jw_landmask_open(land, &r->land) != JW_OK) {
        cli_error("analyze", "cannot read the land raster %s", land);
        return JW_EIO;
    }
    jw_sea_evidence_config sc = {.land = r->land};
    if (jw_vessels_open(NULL, &r->vessels) != JW_OK ||
        jw_sea_evidence_open(&sc, on_evidence, r, &r->sea) != JW_OK)
        return JW_ENOMEM;
    return JW_OK;
}

/* One AIS payload: update the vessel, feed the sea evidence. */
static void on_ais(void *user, const jw_ais_msg *m, double time)
{
    an_run *r = user;
    if (!r->sea && r->err == JW_OK && (r->err = sea_open(r)) != JW_OK)
        return;
    if (!r->sea)
        return;
    r->messages++;
    r->sea_msgs++;
    const jw_vessel *v = NULL;
    if (jw_vessels_update(r->vessels, m, time, &v) == JW_OK)
        jw_sea_evidence_feed(r->sea, m, v, time);
}

static void on_frame(void *user, const jw_frame *f)
{
    an_run *r = user;
    r->air_msgs++;
    jw_pipeline_frame(r->pipe, f);
}

static void on_sbs(void *user, const jw_msg *m)
{
    an_run *r = user;
    r->air_msgs++;
    jw_pipeline_msg(r->pipe, m);
}

static void on_opensky(void *user, const jw_msg *m)
{
    an_run *r = user;
    r->air_msgs++;
    on_msg(r, m, NULL);
}

/* Every input through the time-ordered merge (analyze_merge.h). */
static int read_inputs(char **paths, int n, an_opts *o, an_run *r)
{
    am_input *in = calloc((size_t)n, sizeof *in);
    if (!in)
        return cli_error("analyze", "out of memory");
    for (int i = 0; i < n; i++) {
        in[i].path = paths[i];
        in[i].time_base = o->time_base;
        if (!o->have_time_base && !truth_time_base(paths[i], &in[i].time_base))
            in[i].time_base = 0;
    }
    am_handlers h = {on_frame, on_sbs, on_opensky, on_ais, r};
    am_stats st;
    int rc = am_run(in, n, &h, &st);
    free(in);
    if (st.bad_rows)
        fprintf(stderr, "jamwatch analyze: %llu malformed OpenSky rows skipped\n",
                (unsigned long long)st.bad_rows);
    if (st.late)
        fprintf(stderr, "jamwatch analyze: %llu messages out of time order within an input\n",
                (unsigned long long)st.late);
    return rc;
}

/* run.json: what the result covers (read by `jamwatch score`). */
static void write_run(const char *dir, const an_opts *o, const an_run *r, char **paths, int n)
{
    json_t *j = json_object(), *dom = json_array(), *inp = json_array();
    if (r->air_msgs)
        json_array_append_new(dom, json_string("air"));
    if (r->sea_msgs)
        json_array_append_new(dom, json_string("sea"));
    for (int i = 0; i < n; i++)
        json_array_append_new(inp, json_string(paths[i]));
    json_object_set_new(j, "domains", dom);
    json_object_set_new(j, "inputs", inp);
    json_object_set_new(j, "window_s", json_real(o->cfg.window_s));
    json_object_set_new(j, "res", json_integer(o->cfg.res));
    json_object_set_new(j, "rule",
                        json_string(o->cfg.rule == JW_RULE_GPSJAM ? "gpsjam" : "default"));
    json_object_set_new(j, "messages", json_integer((json_int_t)r->messages));
    char path[4096];
    snprintf(path, sizeof path, "%s/run.json", dir);
    if (json_dump_file(j, path, JSON_INDENT(1)) != 0)
        fprintf(stderr, "jamwatch analyze: cannot write %s\n", path);
    json_decref(j);
}

int jw_cmd_analyze(int argc, char **argv)
{
    an_opts o;
    memset(&o, 0, sizeof o);
    jw_analysis_defaults(&o.cfg);
    int rc = parse_opts(argc, argv, &o);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    mkdir(o.out, 0777);
    analyze_out out;
    if (analyze_out_open(&out, o.out, o.cfg.rule == JW_RULE_GPSJAM, o.locate_obs) != 0)
        return cli_error("analyze", "cannot write in %s: %s", o.out, strerror(errno));
    jw_products_sink sink = analyze_out_sink(&out);
    an_run run = {0};
    jw_air_evidence_config ec = {
        .gpsjam = o.cfg.rule == JW_RULE_GPSJAM, .receivers = o.rx, .nreceivers = o.nrx};
    jw_pipeline *p = NULL;
    if (jw_analysis_open(&o.cfg, &sink, &run.eng) != JW_OK ||
        jw_air_evidence_open(&ec, on_evidence, &run, &run.gen) != JW_OK ||
        jw_pipeline_open(&o.pipe, on_msg, &run, &p) != JW_OK)
        rc = cli_error("analyze", "cannot start (bad options or out of memory)");
    run.pipe = p;
    if (rc == 0)
        rc = read_inputs(argv + optind, argc - optind, &o, &run);
    if (rc == 0) {
        jw_air_evidence_finish(run.gen);
        if (jw_analysis_finish(run.eng) != JW_OK || run.err != JW_OK)
            rc = cli_error("analyze", "analysis failed");
        else
            write_run(o.out, &o, &run, argv + optind, argc - optind);
    }
    fprintf(stderr,
            "analyze: messages %llu  evidence %llu  cells %lu  events %lu  emitters %lu  "
            "incidents %lu\n",
            (unsigned long long)run.messages, (unsigned long long)run.evidence, out.ncells,
            out.nevents, out.nemitters / 2, out.ntargets);
    jw_pipeline_close(p);
    jw_air_evidence_close(run.gen);
    jw_sea_evidence_close(run.sea);
    jw_vessels_close(run.vessels);
    jw_landmask_close(run.land);
    jw_analysis_close(run.eng);
    if (analyze_out_close(&out) != 0 && rc == 0)
        rc = cli_error("analyze", "write error in %s", o.out);
    return rc;
}
