/*
 * cmd_run.c - `jamwatch run`: the live monitor (docs/api.md, docs/service.md).
 * Options come from the command line and from --config FILE, whose
 * "key = value" lines mirror the long options.
 */
#include <jansson.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_util.h"
#include "commands.h"
#include "jamwatch/service.h"

enum { CONFIG_MAX_LINES = 256, CONFIG_LINE = 1024 };

/* Owned copies of strings that the config refers to (config file values). */
typedef struct run_args {
    jw_service_config cfg;
    char strings[CONFIG_MAX_LINES][CONFIG_LINE];
    int nstrings;
    char web_dir[PATH_MAX];
    int config_depth;
} run_args;

static void run_usage(FILE *f)
{
    fprintf(f,
            "usage: jamwatch run [INPUTS...] [OPTIONS]\n\n"
            "Live GNSS interference monitor: reads feeds, analyses them, stores the products\n"
            "in SQLite and serves the API, live updates and the map over HTTP.\n\n"
            "inputs (any number, at least one):\n"
            "  --connect HOST:PORT:FORMAT  connect out to a feed (beast, avr, sbs, nmea, auto);\n"
            "                              reconnects with exponential backoff; the name\n"
            "                              lookup never holds up the other inputs\n"
            "  --listen PORT:FORMAT        accept feeders on a TCP port\n"
            "  --udp PORT[:nmea]           AIS NMEA datagrams\n"
            "  --replay FILE               a recording (plain, gzip, zstd)\n"
            "  --sim SCENARIO              a simulator scenario (korea, baltic, ...), live\n"
            "  --speed N                   pace of the preceding --replay/--sim (replay: 0 =\n"
            "                              as fast as possible; default 1 = real time)\n"
            "  --replay-time MODE          times of the preceding --replay: 'original' (default)\n"
            "                              keeps the recording's own times, so its windows,\n"
            "                              events and retention are at the dates it was made;\n"
            "                              'now' moves it to start at the present moment (to\n"
            "                              watch it as if live, or beside live feeds)\n"
            "  --time-base T               UNIX time of the preceding --replay's Beast/AVR\n"
            "                              12 MHz counter zero (default: adsb_time_base in a\n"
            "                              truth.json beside the file; without one the replay\n"
            "                              is re-timed to now, with a warning)\n\n"
            "options:\n"
            "  --db FILE              SQLite store (default jamwatch.db)\n"
            "  --retention-hours H    keep the H hours of data time before the newest stored\n"
            "                         window (data time: a recording's own dates; default:\n"
            "                         everything)\n"
            "  --http-bind ADDR       HTTP address (default 127.0.0.1)\n"
            "  --http-port PORT       HTTP port (default 8080; 0 = any free port)\n"
            "  --no-http              no HTTP server\n"
            "  --web-dir DIR          web app files (default web/dist)\n"
            "  --input-bind ADDR      address of --listen/--udp sockets (default 127.0.0.1)\n"
            "  --sse-clients N        live-update clients at most (default 32)\n"
            "  --backoff-max S        reconnect delay ceiling, seconds (default 60)\n"
            "  --stall S              reconnect a feed silent for S seconds (default 60)\n"
            "  --seed N               simulator seed (default 1)\n"
            "  --window S             analysis window: 10 s to 1 d, as seconds or 10m, 1h, 1d\n"
            "                         (default: the engine's)\n"
            "  --res N                H3 resolution of cells (default: the engine's)\n"
            "  --no-analysis          do not run the analysis engine\n"
            "  --exit-after S         stop after S seconds (tests)\n"
            "  --config FILE          read options from FILE: one 'key = value' per line,\n"
            "                         keys are the long options without '--'\n"
            "  --help                 this text\n\n"
            "Logs: one logfmt line per event on standard error. Stop with SIGINT or SIGTERM.\n");
}

/* An owned copy of an option's value; NULL (with the message) when there are
 * too many or it is too long. */
static const char *keep(run_args *a, const char *o, const char *s)
{
    if (a->nstrings >= CONFIG_MAX_LINES) {
        cli_usage_error("run", "more than %d path and address options", CONFIG_MAX_LINES);
        return NULL;
    }
    size_t n = strlen(s);
    if (n >= CONFIG_LINE) {
        cli_usage_error("run", "--%s: value longer than %d bytes", o, CONFIG_LINE - 1);
        return NULL;
    }
    memcpy(a->strings[a->nstrings], s, n + 1);
    return a->strings[a->nstrings++];
}

static int add_input(run_args *a, jw_service_input_kind kind, const char *v, const char *o)
{
    jw_service_config *c = &a->cfg;
    if (c->ninputs >= JW_SERVICE_MAX_INPUTS)
        return cli_usage_error("run", "more than %d inputs", JW_SERVICE_MAX_INPUTS);
    if (jw_service_parse_input(kind, v, &c->inputs[c->ninputs]) != JW_OK)
        return cli_usage_error("run", "bad value '%s' for %s (see --help)", v, o);
    c->ninputs++;
    return 0;
}

static int set_speed(run_args *a, const char *v)
{
    double d;
    jw_service_config *c = &a->cfg;
    if (cli_parse_double(v, &d) || d < 0 || d > 100000)
        return cli_usage_error("run", "--speed must be a number from 0 to 100000");
    if (!c->ninputs || (c->inputs[c->ninputs - 1].kind != JW_SVC_REPLAY &&
                        c->inputs[c->ninputs - 1].kind != JW_SVC_SIM))
        return cli_usage_error("run", "--speed follows a --replay or --sim input");
    if (d == 0 && c->inputs[c->ninputs - 1].kind == JW_SVC_SIM)
        return cli_usage_error("run", "--speed 0 is for replays only");
    c->inputs[c->ninputs - 1].speed = d;
    return 0;
}

/* The replay the option refers to (the latest input), or NULL after a usage error. */
static jw_service_input *last_replay(run_args *a, const char *o)
{
    jw_service_config *c = &a->cfg;
    if (!c->ninputs || c->inputs[c->ninputs - 1].kind != JW_SVC_REPLAY) {
        cli_usage_error("run", "--%s follows a --replay input", o);
        return NULL;
    }
    return &c->inputs[c->ninputs - 1];
}

static int set_replay_time(run_args *a, const char *v)
{
    jw_service_input *in = last_replay(a, "replay-time");
    if (!in)
        return 2;
    if (strcmp(v, "original") && strcmp(v, "now"))
        return cli_usage_error("run", "--replay-time is 'original' or 'now', not '%s'", v);
    in->retime_now = !strcmp(v, "now");
    return 0;
}

static int set_time_base(run_args *a, const char *v)
{
    jw_service_input *in = last_replay(a, "time-base");
    double d;
    if (!in)
        return 2;
    if (cli_parse_double(v, &d) || d < 0 || d > 1e10)
        return cli_usage_error("run", "--time-base must be UNIX seconds");
    in->time_base = d;
    in->has_time_base = true;
    return 0;
}

static int num(const char *o, const char *v, double min, double max, double *out)
{
    if (cli_parse_double(v, out) || *out < min || *out > max)
        return cli_usage_error("run", "%s must be a number from %g to %g", o, min, max);
    return 0;
}

static int load_config(run_args *a, const char *path);

/* Options that take no value. */
static bool is_flag(const char *o)
{
    return !strcmp(o, "no-http") || !strcmp(o, "no-analysis") || !strcmp(o, "help");
}

/* One option with its value (NULL for flags). Returns 0, or the exit status. */
static int option(run_args *a, const char *o, const char *v)
{
    jw_service_config *c = &a->cfg;
    double d = 0;
    if (!is_flag(o) && !v)
        return cli_usage_error("run", "--%s needs a value", o);
    if (!strcmp(o, "connect"))
        return add_input(a, JW_SVC_CONNECT, v, "--connect");
    if (!strcmp(o, "listen"))
        return add_input(a, JW_SVC_LISTEN, v, "--listen");
    if (!strcmp(o, "udp"))
        return add_input(a, JW_SVC_UDP, v, "--udp");
    if (!strcmp(o, "replay"))
        return add_input(a, JW_SVC_REPLAY, v, "--replay");
    if (!strcmp(o, "sim"))
        return add_input(a, JW_SVC_SIM, v, "--sim");
    if (!strcmp(o, "speed"))
        return set_speed(a, v);
    if (!strcmp(o, "replay-time"))
        return set_replay_time(a, v);
    if (!strcmp(o, "time-base"))
        return set_time_base(a, v);
    if (!strcmp(o, "db"))
        return (c->db_path = keep(a, o, v)) ? 0 : 2;
    if (!strcmp(o, "http-bind"))
        return (c->http_bind = keep(a, o, v)) ? 0 : 2;
    if (!strcmp(o, "input-bind"))
        return (c->input_bind = keep(a, o, v)) ? 0 : 2;
    if (!strcmp(o, "web-dir"))
        return (c->web_dir = keep(a, o, v)) ? 0 : 2;
    if (!strcmp(o, "config"))
        return load_config(a, v);
    if (!strcmp(o, "no-http"))
        return c->http_port = -1, 0;
    if (!strcmp(o, "no-analysis"))
        return c->no_analysis = true, 0;
    if (!strcmp(o, "help"))
        return run_usage(stdout), -1; /* done, successfully */
    if (!strcmp(o, "http-port"))
        return num("--http-port", v, 0, 65535, &d) ? 2 : (c->http_port = (int)d, 0);
    if (!strcmp(o, "retention-hours"))
        return num("--retention-hours", v, 0, 1e6, &d) ? 2 : (c->retention_s = d * 3600, 0);
    if (!strcmp(o, "sse-clients"))
        return num("--sse-clients", v, 1, 1024, &d) ? 2 : (c->sse_clients = (size_t)d, 0);
    if (!strcmp(o, "backoff-max"))
        return num("--backoff-max", v, 1, 86400, &d) ? 2 : (c->backoff_max_s = d, 0);
    if (!strcmp(o, "stall"))
        return num("--stall", v, 0, 86400, &d) ? 2 : (c->stall_s = d, 0);
    if (!strcmp(o, "seed"))
        return num("--seed", v, 0, 1e15, &d) ? 2 : (c->seed = (uint64_t)d, 0);
    if (!strcmp(o, "window")) {
        if (cli_parse_duration(v, 10, 86400, &d) || d != floor(d))
            return cli_usage_error("run", "--window wants whole seconds from 10 to 86400 "
                                          "(or 10m, 1h, 1d)");
        return c->window_s = (int)d, 0;
    }
    if (!strcmp(o, "res"))
        return num("--res", v, 0, 15, &d) ? 2 : (c->res = (int)d, 0);
    if (!strcmp(o, "exit-after"))
        return num("--exit-after", v, 0, 1e9, &d) ? 2 : (c->exit_after_s = d, 0);
    return cli_usage_error("run", "unknown option --%s (see --help)", o);
}

typedef struct conf_ctx {
    run_args *a;
    const char *path;
    int rc; /* the first option's exit status that stopped the reading */
} conf_ctx;

/* One setting of a config file: a long option without "--". A flag may
 * also be given as "key = true|yes" (set) or "key = false|no" (not set). */
static int conf_setting(void *user, const char *key, const char *val, int line)
{
    conf_ctx *c = user;
    if (val && is_flag(key)) {
        if (!strcmp(val, "false") || !strcmp(val, "no"))
            return 0;
        if (strcmp(val, "true") && strcmp(val, "yes"))
            c->rc = cli_usage_error("run", "%s is true or false, not '%s'", key, val);
        val = NULL;
    }
    if (c->rc || (c->rc = option(c->a, key, val)) != 0)
        fprintf(stderr, "jamwatch run: in %s line %d\n", c->path, line);
    return c->rc;
}

static int load_config(run_args *a, const char *path)
{
    if (++a->config_depth > 4)
        return cli_usage_error("run", "--config nested too deep");
    enum { CONFIG_MAX_BYTES = CONFIG_MAX_LINES * CONFIG_LINE };
    char *text;
    size_t n;
    int got = cli_read_file(path, CONFIG_MAX_BYTES, &text, &n), line = 0, rc;
    conf_ctx c = {a, path, 0};
    if (got == -1)
        rc = cli_error("run", "cannot read config %s", path);
    else if (got == -2)
        rc = cli_usage_error("run", "config %s is larger than %d bytes", path, CONFIG_MAX_BYTES);
    else if (jw_service_conf_parse(text, n, conf_setting, &c, &line) == JW_EPARSE)
        rc = cli_usage_error("run",
                             "config %s line %d: not a setting (want key = value, a line of "
                             "at most %d bytes, no NUL)",
                             path, line, JW_CONF_LINE_MAX);
    else
        rc = c.rc;
    free(text);
    a->config_depth--;
    return rc;
}

/* A scenario name becomes a path (cli_find_scenario); one not found is
 * left as it is, for the service's own error. */
static void resolve_scenarios(jw_service_config *c)
{
    for (size_t i = 0; i < c->ninputs; i++) {
        jw_service_input *in = &c->inputs[i];
        char p[PATH_MAX];
        if (in->kind == JW_SVC_SIM && cli_find_scenario(in->path, p, sizeof in->path) == 0)
            memcpy(in->path, p, strlen(p) + 1);
    }
}

/* A long-running service: blocks of 256 KiB and more (the engine's
 * per-window tables and samples, big answers) are mapped and given back to
 * the system when freed, instead of staying in the heap where windows of
 * other sizes fragment it; and the HTTP threads share a few malloc arenas
 * instead of one each. Both keep the resident set from creeping up window
 * after window (bench/bench_service.sh measures it). */
static void tune_malloc(void)
{
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 4);
}

/* A replay without --time-base takes the one a truth.json beside its file
 * states (the simulator writes one), as `jamwatch analyze` does. */
static void replay_time_bases(jw_service_config *c)
{
    for (size_t i = 0; i < c->ninputs; i++) {
        jw_service_input *in = &c->inputs[i];
        if (in->kind != JW_SVC_REPLAY || in->has_time_base)
            continue;
        char p[PATH_MAX];
        const char *slash = strrchr(in->path, '/');
        int dl = slash ? (int)(slash - in->path + 1) : 0;
        if (snprintf(p, sizeof p, "%.*struth.json", dl, in->path) >= (int)sizeof p)
            continue;
        json_t *j = json_load_file(p, 0, NULL);
        json_t *z = json_object_get(json_object_get(j, "adsb_time_base"), "unix_at_zero");
        if (json_is_number(z)) {
            in->time_base = json_number_value(z);
            in->has_time_base = true;
        }
        json_decref(j);
    }
}

int jw_cmd_run(int argc, char **argv)
{
    run_args *a = calloc(1, sizeof *a);
    if (!a)
        return 1;
    jw_service_defaults(&a->cfg);
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "-h"))
            o = "--help";
        if (strncmp(o, "--", 2)) {
            rc = cli_usage_error("run", "unexpected argument '%s' (see --help)", o);
            break;
        }
        o += 2;
        const char *v = !is_flag(o) && i + 1 < argc ? argv[++i] : NULL;
        rc = option(a, o, v);
    }
    if (rc == 0 && a->cfg.ninputs == 0)
        rc = cli_usage_error("run", "no input: give --connect, --listen, --udp, --replay or "
                                    "--sim (see --help)");
    if (rc == 0) {
        if (!a->cfg.web_dir && access("web/dist/index.html", R_OK) == 0)
            a->cfg.web_dir = "web/dist";
        resolve_scenarios(&a->cfg);
        replay_time_bases(&a->cfg);
        tune_malloc();
        rc = jw_service_run(&a->cfg) == JW_OK ? 0 : 1;
    }
    free(a);
    return rc < 0 ? 0 : rc;
}
