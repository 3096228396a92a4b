/*
 * cmd_analyze.c - `jamwatch analyze`: feeds (Beast, AVR, SBS) or OpenSky
 * state-vector CSV in; cells, events, emitters and incidents out
 * (docs/analysis.md). Pipeline -> air evidence -> analysis engine -> files.
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
    const char *out;         /* output directory */
} an_opts;

typedef struct an_run {
    jw_air_evidence *gen; /* evidence generator */
    jw_nmea *nmea;        /* AIS sentence reader, opened at the first AIS input */
    jw_vessels *vessels;  /* vessel table for AIS */
    jw_sea_evidence *sea; /* vessel evidence generator */
    jw_landmask *land;    /* land raster ($JW_LANDMASK), NULL when none */
    jw_analysis *eng;     /* engine */
    jw_err err;           /* first engine error */
    uint64_t evidence;    /* records */
    uint64_t messages;    /* messages fed */
} an_run;

static void usage(FILE *out)
{
    fprintf(out, "usage: jamwatch analyze [OPTIONS] --out DIR INPUT...\n\n"
                 "Finds GNSS jamming and spoofing in ADS-B feeds (Beast, AVR, SBS; plain, gzip\n"
                 "or zstd) or OpenSky state-vector CSV, and writes cells.csv, cells.geojson,\n"
                 "events.jsonl, emitters.geojson and targets.jsonl to DIR (docs/analysis.md).\n\n"
                 "options:\n"
                 "  --window W       window length: 10m (default), 1h, 1d or seconds\n"
                 "  --res N          H3 resolution of cells, 0..15 (default 4)\n"
                 "  --rule R         default or gpsjam (gpsjam.org's rule and CSV columns;\n"
                 "                   its window defaults to one UTC day)\n"
                 "  --time-base T    UNIX time of the Beast/AVR 12 MHz counter zero (default: a\n"
                 "                   truth.json beside the input, else 0)\n"
                 "  --ref LAT,LON    receiver position, a reference for local CPR\n"
                 "  --no-locate      do not estimate emitters\n"
                 "  -h, --help       this text\n");
}

static int parse_window(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || !(v > 0))
        return -1;
    if (!strcmp(end, "s") || !*end)
        *out = v;
    else if (!strcmp(end, "m"))
        *out = v * 60;
    else if (!strcmp(end, "h"))
        *out = v * 3600;
    else if (!strcmp(end, "d"))
        *out = v * 86400;
    else
        return -1;
    return 0;
}

static int parse_opts(int argc, char **argv, an_opts *o)
{
    enum { O_WIN = 256, O_RES, O_RULE, O_TB, O_REF, O_OUT, O_NOLOC };
    static const struct option lo[] = {{"window", required_argument, 0, O_WIN},
                                       {"res", required_argument, 0, O_RES},
                                       {"rule", required_argument, 0, O_RULE},
                                       {"time-base", required_argument, 0, O_TB},
                                       {"ref", required_argument, 0, O_REF},
                                       {"out", required_argument, 0, O_OUT},
                                       {"no-locate", no_argument, 0, O_NOLOC},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    int c;
    long v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (c) {
        case O_WIN:
            if (parse_window(optarg, &o->cfg.window_s) != 0)
                return cli_usage_error("analyze", "--window wants 10m, 1h, 1d or seconds");
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

static void progress(const char *path, uint64_t done, uint64_t total)
{
    if (total > 0)
        fprintf(stderr, "\ranalyze %s: %3.0f %%", path, 100.0 * (double)done / (double)total);
}

/* Reads an OpenSky CSV through the line reader. */
static int read_opensky(const char *path, jw_input *in, an_run *r)
{
    jw_opensky *os;
    if (jw_opensky_open(&os) != JW_OK)
        return cli_error("analyze", "out of memory");
    static uint8_t buf[1 << 16];
    static char line[JW_OPENSKY_LINE_MAX + 1];
    size_t got, ll = 0;
    uint64_t bad = 0;
    while (jw_input_read(in, buf, sizeof buf, &got) == JW_OK && got > 0) {
        for (size_t i = 0; i < got; i++) {
            if (buf[i] != '\n') {
                if (ll < JW_OPENSKY_LINE_MAX)
                    line[ll] = (char)buf[i];
                ll++;
                continue;
            }
            jw_msg m;
            bool has;
            if (ll > JW_OPENSKY_LINE_MAX || jw_opensky_line(os, line, ll, &m, &has) != JW_OK)
                bad++;
            else if (has)
                on_msg(r, &m, NULL);
            ll = 0;
        }
    }
    jw_msg m;
    bool has;
    if (ll > 0 && ll <= JW_OPENSKY_LINE_MAX && jw_opensky_line(os, line, ll, &m, &has) == JW_OK &&
        has)
        on_msg(r, &m, NULL);
    jw_opensky_close(os);
    if (bad)
        fprintf(stderr, "jamwatch analyze: %s: %llu malformed rows skipped\n", path,
                (unsigned long long)bad);
    return 0;
}

/* One AIS payload: decode, update the vessel, feed the sea evidence. */
static void on_ais(void *user, const jw_nmea_msg *p)
{
    an_run *r = user;
    jw_ais_msg m;
    if (jw_ais_decode(p->bits, p->nbits, &m) != JW_OK || isnan(p->time))
        return; /* malformed, or no time to place it in a window */
    r->messages++;
    const jw_vessel *v = NULL;
    if (jw_vessels_update(r->vessels, &m, p->time, &v) == JW_OK)
        jw_sea_evidence_feed(r->sea, &m, v, p->time);
}

/* AIS NMEA input: the sea evidence joins the same engine as the air's. */
static int read_nmea(const char *path, jw_input *in, an_run *r)
{
    if (!r->nmea) {
        const char *land = getenv("JW_LANDMASK");
        if (land && *land && jw_landmask_open(land, &r->land) != JW_OK)
            return cli_error("analyze", "cannot read the land raster %s", land);
        jw_sea_evidence_config sc = {.land = r->land};
        if (jw_nmea_open(NULL, &r->nmea) != JW_OK || jw_vessels_open(NULL, &r->vessels) != JW_OK ||
            jw_sea_evidence_open(&sc, on_evidence, r, &r->sea) != JW_OK)
            return cli_error("analyze", "out of memory");
    }
    static uint8_t buf[1 << 18];
    size_t got;
    jw_err err;
    while ((err = jw_input_read(in, buf, sizeof buf, &got)) == JW_OK && got > 0)
        jw_nmea_push(r->nmea, buf, got, NAN, on_ais, r);
    jw_nmea_finish(r->nmea, NAN, on_ais, r);
    return err == JW_OK ? 0 : cli_error("analyze", "%s: %s", path, jw_strerror(err));
}

static int read_feed(const char *path, jw_input *in, const an_opts *o, jw_pipeline *p)
{
    static uint8_t buf[1 << 18];
    struct stat st;
    uint64_t total = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0, done = 0;
    bool tty = isatty(2) && total > (64u << 20);
    jw_feed *feed = NULL;
    jw_feed_sink sink = jw_pipeline_sink(p);
    size_t got;
    jw_err err = JW_OK;
    while ((err = jw_input_read(in, buf, sizeof buf, &got)) == JW_OK && got > 0) {
        if (!feed) {
            jw_feed_config fc = {.format = jw_format_detect(buf, got), .time_base = o->time_base};
            if (fc.format == JW_FMT_AUTO || fc.format == JW_FMT_NMEA)
                return cli_error("analyze", "%s: not an ADS-B feed or OpenSky CSV", path);
            if ((err = jw_feed_open(&fc, &feed)) != JW_OK)
                break;
        }
        if ((err = jw_feed_push(feed, buf, got, 0, &sink)) != JW_OK)
            break;
        done += got;
        if (tty && (done & ((8u << 20) - 1)) < got)
            progress(path, done, total);
    }
    if (feed && err == JW_OK)
        err = jw_feed_finish(feed, &sink);
    if (feed)
        jw_feed_close(feed);
    if (tty)
        fputc('\n', stderr);
    return err == JW_OK ? 0 : cli_error("analyze", "%s: %s", path, jw_strerror(err));
}

static int analyze_one(const char *path, an_opts *o, jw_pipeline *p, an_run *r)
{
    jw_input *in;
    jw_err err = jw_input_open(path, &in);
    if (err != JW_OK)
        return cli_error("analyze", "cannot open %s: %s", path,
                         err == JW_EIO ? strerror(errno) : jw_strerror(err));
    uint8_t head[JW_FEED_DETECT_MAX];
    size_t got = 0;
    jw_input_close(in);
    if (jw_input_open(path, &in) != JW_OK)
        return cli_error("analyze", "cannot reopen %s", path);
    if (jw_input_read(in, head, sizeof head, &got) != JW_OK)
        got = 0;
    jw_input_close(in);
    if (jw_input_open(path, &in) != JW_OK)
        return cli_error("analyze", "cannot reopen %s", path);
    int rc;
    if (jw_opensky_is_header((const char *)head, got)) {
        rc = read_opensky(path, in, r);
    } else if (jw_format_detect(head, got) == JW_FMT_NMEA) {
        rc = read_nmea(path, in, r);
    } else {
        if (!o->have_time_base && !truth_time_base(path, &o->time_base))
            o->time_base = 0;
        rc = read_feed(path, in, o, p);
    }
    jw_input_close(in);
    return rc;
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
    if (analyze_out_open(&out, o.out, o.cfg.rule == JW_RULE_GPSJAM) != 0)
        return cli_error("analyze", "cannot write in %s: %s", o.out, strerror(errno));
    jw_products_sink sink = analyze_out_sink(&out);
    an_run run = {0};
    jw_air_evidence_config ec = {.gpsjam = o.cfg.rule == JW_RULE_GPSJAM};
    jw_pipeline *p = NULL;
    if (jw_analysis_open(&o.cfg, &sink, &run.eng) != JW_OK ||
        jw_air_evidence_open(&ec, on_evidence, &run, &run.gen) != JW_OK ||
        jw_pipeline_open(&o.pipe, on_msg, &run, &p) != JW_OK)
        rc = cli_error("analyze", "cannot start (bad options or out of memory)");
    for (int i = optind; i < argc && rc == 0; i++)
        rc = analyze_one(argv[i], &o, p, &run);
    if (rc == 0) {
        jw_air_evidence_finish(run.gen);
        if (jw_analysis_finish(run.eng) != JW_OK || run.err != JW_OK)
            rc = cli_error("analyze", "analysis failed");
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
    jw_nmea_close(run.nmea);
    jw_landmask_close(run.land);
    jw_analysis_close(run.eng);
    if (analyze_out_close(&out) != 0 && rc == 0)
        rc = cli_error("analyze", "write error in %s", o.out);
    return rc;
}
