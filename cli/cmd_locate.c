/*
 * cmd_locate.c - `jamwatch locate`: the emitter locator on observations
 * read from a file (locate_obs.csv, the format `jamwatch analyze
 * --locate-obs` writes; docs/analysis.md), event by event, one JSON line per
 * source found. With analyze's own file it gives analyze's estimates again
 * (before analyze's publication rules); with observations from elsewhere it
 * shows what the locator makes of them.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "jamwatch/locate.h"

enum {
    LOC_LINE_MAX = 1024,    /* longest row accepted */
    LOC_ROWS_MAX = 1 << 22, /* rows read, at most (~200 MB) */
    LOC_BAD_SHOWN = 5,      /* bad rows named on stderr, at most */
    LOC_DEFAULT_SOURCES = 3 /* as analyze (analysis_emit.c) */
};

typedef struct loc_row {
    uint64_t event_id;
    int kind;
    size_t index; /* order in the file: kept within an event (the locator's subsample) */
    jw_locate_obs o;
} loc_row;

typedef struct loc_opts {
    jw_locate_config cfg;
    int max_k;
    const char *path;
} loc_opts;

static void locate_usage(void)
{
    fputs("usage: jamwatch locate [--band DB] [--height M] [--sources K] [--moving-sources]\n"
          "                       FILE|-\n\n"
          "Locates the sources of each event of FILE (locate_obs.csv, as written by\n"
          "'jamwatch analyze --locate-obs'; '-' reads stdin) with analyze's locator and\n"
          "prints one JSON line per source found (docs/analysis.md, 'jamwatch locate').\n\n"
          "  --band DB          the receivers' degradation band (default 8 dB)\n"
          "  --height M         hold the source antenna height at M metres (default:\n"
          "                     fitted, 0-5000 m)\n"
          "  --sources K        at most K sources per event, 1-4 (default 3, as analyze)\n"
          "  --moving-sources   also try long-lived jammers as moving (as analyze)\n\n"
          "A bad row is counted and skipped (the first few are named on stderr); the\n"
          "exit status is then 1.\n",
          stdout);
}

/* Options into *o: -1 to go on, else the exit status (help printed: 0;
 * a usage error, said on stderr: 2). */
static int parse_opts(int argc, char **argv, loc_opts *o)
{
    static const struct option longs[] = {
        {"band", required_argument, 0, 'b'},    {"height", required_argument, 0, 'h'},
        {"sources", required_argument, 0, 'k'}, {"moving-sources", no_argument, 0, 'm'},
        {"help", no_argument, 0, 'H'},          {0, 0, 0, 0}};
    jw_locate_defaults(&o->cfg);
    o->max_k = LOC_DEFAULT_SOURCES;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        double v;
        long k;
        switch (c) {
        case 'b':
            if (cli_parse_double(optarg, &v) || v <= 0 || v > 60)
                return cli_usage_error("locate", "--band wants 0 < DB <= 60");
            o->cfg.band_db = v;
            break;
        case 'h':
            if (cli_parse_double(optarg, &v) || v < 0 || v > 5000)
                return cli_usage_error("locate", "--height wants 0..5000 m");
            o->cfg.fix_height = 1, o->cfg.src_height_m = v;
            break;
        case 'k':
            if (cli_parse_long(optarg, 1, JW_LOCATE_MAX_SOURCES, &k))
                return cli_usage_error("locate", "--sources wants 1..%d", JW_LOCATE_MAX_SOURCES);
            o->max_k = (int)k;
            break;
        case 'm':
            o->cfg.moving = 1;
            break;
        case 'H':
            locate_usage();
            return 0;
        default:
            return cli_usage_error("locate", "see 'jamwatch locate --help'");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("locate", "one FILE (or -) wanted; see 'jamwatch locate --help'");
    o->path = argv[optind];
    return -1;
}

/* Reads the rows of f into *rows; the bad ones are counted in *bad. 0, or
 * 1 (said on stderr) when f is not a locate_obs.csv, too long, or memory
 * runs out. */
static int read_rows(FILE *f, const char *name, loc_row **rows, size_t *n, size_t *bad)
{
    char line[LOC_LINE_MAX + 2];
    size_t cap = 0, lineno = 1;
    *rows = NULL, *n = 0, *bad = 0;
    if (!fgets(line, sizeof line, f) ||
        (strcmp(line, JW_LOCATE_OBS_HEADER "\n") && strcmp(line, JW_LOCATE_OBS_HEADER "\r\n")))
        return cli_error("locate", "%s: not a locate_obs.csv (header '%s' wanted)", name,
                         JW_LOCATE_OBS_HEADER);
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strlen(line);
        bool whole = len > 0 && line[len - 1] == '\n';
        if (!whole && !feof(f)) { /* too long: skip the rest of it */
            int ch;
            while ((ch = getc(f)) != EOF && ch != '\n')
                ;
        }
        loc_row r = {.index = *n};
        if ((!whole && !feof(f)) ||
            jw_locate_obs_parse(line, &r.event_id, &r.kind, &r.o) != JW_OK) {
            if (++*bad <= LOC_BAD_SHOWN)
                cli_error("locate", "%s:%zu: bad row, skipped", name, lineno);
            continue;
        }
        if (*n == LOC_ROWS_MAX)
            return cli_error("locate", "%s: more than %d rows", name, LOC_ROWS_MAX);
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 4096;
            loc_row *p = realloc(*rows, nc * sizeof *p);
            if (!p)
                return cli_error("locate", "out of memory");
            *rows = p, cap = nc;
        }
        (*rows)[(*n)++] = r;
    }
    if (ferror(f))
        return cli_error("locate", "%s: %s", name, strerror(errno));
    return 0;
}

/* By event, then kind, then order in the file. */
static int row_cmp(const void *a, const void *b)
{
    const loc_row *x = a, *y = b;
    if (x->event_id != y->event_id)
        return x->event_id < y->event_id ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* A number, or null when not finite. */
static void jnum(const char *key, int prec, double v)
{
    if (isfinite(v))
        printf(",\"%s\":%.*f", key, prec, v);
    else
        printf(",\"%s\":null", key);
}

static void print_row(uint64_t event_id, int kind, const jw_emitter_row *r, int piece,
                      const jw_locate_sources *ls)
{
    printf("{\"event_id\":%" PRIu64 ",\"kind\":\"%s\",\"source\":%u,\"n_sources\":%d", event_id,
           kind == JW_EVENT_JAMMING ? "jammer" : "spoofer", r->source, ls->k);
    if (piece >= 0)
        printf(",\"piece\":%d", piece);
    jnum("lat", 6, r->lat);
    jnum("lon", 6, r->lon);
    jnum("err_major_km", 3, r->err_major_km);
    jnum("err_minor_km", 3, r->err_minor_km);
    jnum("err_orient_deg", 1, r->err_orient_deg);
    jnum("reach_km", 2, r->reach_km);
    jnum("eirp_dbw", 2, r->eirp_dbw);
    printf(",\"n_obs\":%u,\"t_from\":%.1f,\"t_to\":%.1f", r->n_obs, r->t_from, r->t_to);
    jnum("vel_east_kmh", 1, ls->vel_kmh[r->source][0]);
    jnum("vel_north_kmh", 1, ls->vel_kmh[r->source][1]);
    jnum("explained", 3, ls->explained);
    jnum("nll", 2, ls->nll[ls->k - 1]);
    puts("}");
}

/* Locates one event's rows; 0, or -1 when memory ran out. */
static int locate_event(const loc_row *rows, size_t n, const loc_opts *o, size_t *found)
{
    jw_locate_obs *obs = malloc(n * sizeof *obs);
    jw_locate_sources *ls = malloc(sizeof *ls);
    if (!obs || !ls) {
        free(obs), free(ls);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        obs[i] = rows[i].o;
    int kind = rows[0].kind;
    jw_err err = kind == JW_EVENT_JAMMING ? jw_locate_jammers(obs, n, &o->cfg, o->max_k, ls)
                                          : jw_locate_spoofers(obs, n, &o->cfg, o->max_k, ls);
    if (err == JW_OK) {
        for (int j = 0; j < ls->k; j++)
            print_row(rows[0].event_id, kind, &ls->src[j], -1, ls);
        for (int j = 0; j < ls->nparts; j++)
            print_row(rows[0].event_id, kind, &ls->part[j], j, ls);
        *found += (size_t)ls->k;
    } else {
        printf("{\"event_id\":%" PRIu64 ",\"kind\":\"%s\",\"error\":\"%s\"}\n", rows[0].event_id,
               kind == JW_EVENT_JAMMING ? "jammer" : "spoofer", jw_strerror(err));
    }
    free(obs), free(ls);
    return err == JW_ENOMEM ? -1 : 0;
}

int jw_cmd_locate(int argc, char **argv)
{
    loc_opts o;
    int status = parse_opts(argc, argv, &o);
    if (status >= 0)
        return status;
    bool std_in = !strcmp(o.path, "-");
    FILE *f = std_in ? stdin : fopen(o.path, "r");
    if (!f)
        return cli_error("locate", "%s: %s", o.path, strerror(errno));
    loc_row *rows;
    size_t n, bad, events = 0, found = 0;
    int rc = read_rows(f, std_in ? "stdin" : o.path, &rows, &n, &bad);
    if (!std_in)
        fclose(f);
    if (rc == 0)
        qsort(rows, n, sizeof *rows, row_cmp);
    for (size_t i = 0; rc == 0 && i < n; events++) {
        size_t j = i + 1;
        while (j < n && rows[j].event_id == rows[i].event_id && rows[j].kind == rows[i].kind)
            j++;
        if (locate_event(rows + i, j - i, &o, &found) != 0)
            rc = cli_error("locate", "out of memory");
        i = j;
    }
    free(rows);
    if (rc != 0)
        return 1;
    fprintf(stderr, "locate: rows %zu  bad %zu  events %zu  sources %zu\n", n, bad, events, found);
    return bad ? 1 : 0;
}
