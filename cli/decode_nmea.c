/*
 * decode_nmea.c - `jamwatch aisdecode`: AIS NMEA streams to JSON Lines.
 *
 * Reads each input through jw_input (plain, gzip, zstd, stdin), feeds the
 * NMEA reader, decodes every payload, writes one JSON object per message
 * and folds the message into a vessel table; at the end prints a summary of
 * every counter on stderr. Output goes through a large buffer written with
 * fwrite, so formatting, not stdio, sets the pace.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "jamwatch/ais.h"
#include "jamwatch/ais_json.h"
#include "jamwatch/input.h"
#include "jamwatch/nmea.h"
#include "jamwatch/sea_evidence.h"
#include "jamwatch/vessel.h"
#include "sea_out.h"

enum { OUT_BUF = 1 << 18, IN_BUF = 1 << 16 };

/* State of one run. */
typedef struct decode_ctx {
    bool scaled;             /* JSON mode */
    FILE *out;               /* destination */
    char *buf;               /* output buffer, OUT_BUF bytes */
    size_t len;              /* bytes waiting in buf */
    bool write_error;        /* fwrite failed */
    jw_vessels *vessels;     /* per-vessel state */
    jw_sea_evidence *sea;    /* evidence generator (--evidence), else NULL */
    jw_landmask *land;       /* its land raster, or NULL */
    uint64_t messages;       /* messages written */
    uint64_t per_type[64];   /* messages written, by type */
    uint64_t bad_length[64]; /* wrong length for the type, by type */
    uint64_t unknown_type;   /* type 0 or 28-63 */
} decode_ctx;

static void flush_out(decode_ctx *c)
{
    if (c->len && fwrite(c->buf, 1, c->len, c->out) != c->len)
        c->write_error = true;
    c->len = 0;
}

/* NMEA reader callback: one payload. */
static void on_payload(void *user, const jw_nmea_msg *p)
{
    decode_ctx *c = user;
    jw_ais_msg m;
    jw_err e = jw_ais_decode(p->bits, p->nbits, &m);
    if (e == JW_EUNSUPPORTED) {
        c->unknown_type++;
        return;
    }
    if (e != JW_OK) {
        c->bad_length[m.type & 63]++;
        return;
    }
    c->messages++;
    c->per_type[m.type]++;
    const jw_vessel *v = NULL;
    if (c->vessels)
        jw_vessels_update(c->vessels, &m, isnan(p->time) ? 0.0 : p->time, &v);
    if (c->sea) {
        jw_sea_evidence_feed(c->sea, &m, v, p->time);
        return;
    }
    if (OUT_BUF - c->len < JW_AIS_JSON_MAX)
        flush_out(c);
    size_t n = 0;
    if (jw_ais_json(&m, c->scaled, c->buf + c->len, OUT_BUF - c->len, &n) == JW_OK)
        c->len += n;
}

/* Evidence callback: one JSON line per record. */
static void on_evidence(void *user, const jw_evidence *ev)
{
    decode_ctx *c = user;
    if (OUT_BUF - c->len < JW_EVIDENCE_JSON_MAX)
        flush_out(c);
    c->len += jw_cli_evidence_json(ev, c->buf + c->len, OUT_BUF - c->len);
}

/* Opens the land raster and the generator; false on failure (reported). */
static bool open_evidence(decode_ctx *c, const jw_decode_nmea_opts *opts)
{
    jw_err e = jw_cli_open_landmask(opts->landmask, &c->land);
    if (e != JW_OK) {
        fprintf(stderr, "jamwatch aisdecode: land raster %s: %s\n", opts->landmask, jw_strerror(e));
        return false;
    }
    if (!c->land)
        fprintf(stderr, "jamwatch aisdecode: no land raster (make landmask): land rules off\n");
    jw_sea_evidence_config cfg = {.land = c->land};
    if (jw_sea_evidence_open(&cfg, on_evidence, c, &c->sea) != JW_OK) {
        fprintf(stderr, "jamwatch aisdecode: out of memory\n");
        return false;
    }
    return true;
}

/* The evidence counters, on stderr. */
static void print_evidence_summary(const decode_ctx *c)
{
    jw_sea_evidence_stats s;
    jw_sea_evidence_get_stats(c->sea, &s);
    fprintf(stderr, "aisdecode: evidence (no time %llu, late %llu, glitches %llu, evicted %llu):",
            (unsigned long long)s.no_time, (unsigned long long)s.late,
            (unsigned long long)s.glitches, (unsigned long long)s.evicted);
    for (int k = 0; k < JW_EV_KIND_COUNT; k++)
        if (s.emitted[k])
            fprintf(stderr, " %s:%llu", jw_evidence_kind_name((jw_evidence_kind)k),
                    (unsigned long long)s.emitted[k]);
    fprintf(stderr, "\n");
}

/* Feeds one input to the reader; returns false if it could not be read. */
static bool decode_input(const char *path, jw_nmea *r, decode_ctx *c, uint8_t *in_buf)
{
    jw_input *in;
    jw_err e = jw_input_open(path, &in);
    if (e != JW_OK) {
        fprintf(stderr, "jamwatch aisdecode: cannot read %s: %s\n", path,
                e == JW_EIO && errno ? strerror(errno) : jw_strerror(e));
        return false;
    }
    size_t got;
    while ((e = jw_input_read(in, in_buf, IN_BUF, &got)) == JW_OK && got)
        jw_nmea_push(r, in_buf, got, NAN, on_payload, c);
    if (e != JW_OK)
        fprintf(stderr, "jamwatch aisdecode: %s: %s\n", path, jw_strerror(e));
    jw_input_close(in);
    return e == JW_OK;
}

/* Counts the fixed stations, and those whose position moved over 100 m. */
static void count_fixed(void *user, const jw_vessel *v)
{
    uint64_t *n = user;
    if (v->fixed) {
        n[0]++;
        n[1] += v->fixed_max_move_m > 100.0;
    }
}

static void print_summary(const decode_ctx *c, const jw_nmea *r)
{
    jw_nmea_stats s;
    jw_nmea_get_stats(r, &s);
    uint64_t bad_len = 0, fixed[2] = {0, 0};
    for (int t = 0; t < 64; t++)
        bad_len += c->bad_length[t];
    jw_vessels_foreach(c->vessels, count_fixed, fixed);
    FILE *e = stderr;
    fprintf(e,
            "aisdecode: lines %llu, AIS sentences %llu (fragments %llu), payloads %llu, "
            "messages %llu\n",
            (unsigned long long)s.lines, (unsigned long long)s.sentences,
            (unsigned long long)s.fragments, (unsigned long long)s.payloads,
            (unsigned long long)c->messages);
    fprintf(e,
            "aisdecode: bad checksum %llu, bad tag block checksum %llu, malformed sentences "
            "%llu, too long %llu, other lines %llu, $PGHP times %llu\n",
            (unsigned long long)s.bad_checksum, (unsigned long long)s.bad_tag_checksum,
            (unsigned long long)s.malformed, (unsigned long long)s.too_long,
            (unsigned long long)s.other, (unsigned long long)s.pghp);
    fprintf(e, "aisdecode: multipart lost %llu, timed out %llu, evicted %llu, too long %llu\n",
            (unsigned long long)s.frag_lost, (unsigned long long)s.frag_timeout,
            (unsigned long long)s.frag_evicted, (unsigned long long)s.frag_overflow);
    fprintf(e, "aisdecode: malformed messages (wrong length) %llu, unknown type %llu\n",
            (unsigned long long)bad_len, (unsigned long long)c->unknown_type);
    fprintf(e, "aisdecode: messages by type:");
    for (int t = 1; t < 28; t++)
        if (c->per_type[t])
            fprintf(e, " %d:%llu", t, (unsigned long long)c->per_type[t]);
    fprintf(e, "\naisdecode: wrong length by type:");
    for (int t = 1; t < 28; t++)
        if (c->bad_length[t])
            fprintf(e, " %d:%llu", t, (unsigned long long)c->bad_length[t]);
    fprintf(e, "\n");
    if (!c->vessels)
        return;
    fprintf(e,
            "aisdecode: vessels %zu (evicted %llu), fixed stations %llu, of which moved "
            "> 100 m %llu\n",
            jw_vessels_count(c->vessels), (unsigned long long)jw_vessels_evicted(c->vessels),
            (unsigned long long)fixed[0], (unsigned long long)fixed[1]);
}

int jw_cli_decode_nmea(int npaths, char *const *paths, const jw_decode_nmea_opts *opts)
{
    static char *const stdin_path[] = {"-"};
    decode_ctx *c = calloc(1, sizeof *c);
    uint8_t *in_buf = malloc(IN_BUF);
    jw_nmea *r = NULL;
    int status = 1;
    if (!c || !in_buf || jw_nmea_open(NULL, &r) != JW_OK ||
        (opts && (opts->vessels || opts->evidence) &&
         jw_vessels_open(NULL, &c->vessels) != JW_OK) ||
        !(c->buf = malloc(OUT_BUF))) {
        fprintf(stderr, "jamwatch aisdecode: out of memory\n");
        goto done;
    }
    if (opts && opts->evidence && !open_evidence(c, opts))
        goto done;
    c->scaled = !(opts && opts->unscaled);
    c->out = opts && opts->out ? opts->out : stdout;
    if (npaths == 0) {
        npaths = 1;
        paths = stdin_path;
    }
    status = 0;
    for (int i = 0; i < npaths; i++)
        if (!decode_input(paths[i], r, c, in_buf))
            status = 1;
    jw_nmea_finish(r, NAN, on_payload, c);
    flush_out(c);
    if (fflush(c->out) != 0 || c->write_error) {
        fprintf(stderr, "jamwatch aisdecode: write error\n");
        status = 1;
    }
    if (!opts || opts->summary) {
        print_summary(c, r);
        if (c->sea)
            print_evidence_summary(c);
    }
done:
    jw_nmea_close(r);
    if (c) {
        jw_vessels_close(c->vessels);
        jw_sea_evidence_close(c->sea);
        jw_landmask_close(c->land);
        free(c->buf);
    }
    free(c);
    free(in_buf);
    return status;
}

int jw_cmd_aisdecode(int argc, char **argv)
{
    jw_decode_nmea_opts o = {.unscaled = false, .out = stdout, .summary = true};
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--unscaled") || !strcmp(argv[i], "-u")) {
            o.unscaled = true;
        } else if (!strcmp(argv[i], "--vessels")) {
            o.vessels = true;
        } else if (!strcmp(argv[i], "--evidence")) {
            o.evidence = true;
        } else if (!strcmp(argv[i], "--landmask") && i + 1 < argc) {
            o.landmask = argv[++i];
        } else if (!strcmp(argv[i], "--no-summary")) {
            o.summary = false;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf(
                "usage: jamwatch aisdecode [--unscaled] [--vessels] [--evidence [--landmask F]]\n"
                "                          [--no-summary] [FILE|-]...\n"
                "Decodes AIS NMEA 0183 (!AIVDM/!AIVDO, tag blocks, $PGHP) from files\n"
                "(plain, .gz, .zst) or stdin to JSON Lines on stdout, with gpsd's\n"
                "field names; a summary of counters goes to stderr.\n"
                "  --unscaled    raw integers (gpsdecode -u); default scaled (gpsdecode -j)\n"
                "  --vessels     also track every vessel and summarise fixed stations\n"
                "  --evidence    print GNSS interference evidence (docs/sea-evidence.md)\n"
                "                as JSON Lines instead of the messages\n"
                "  --landmask F  land raster for --evidence (default $JW_LANDMASK, then\n"
                "                landmask.bin beside the binary: make landmask)\n"
                "  --no-summary  no counters on stderr\n");
            return 0;
        } else if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else {
            fprintf(stderr, "jamwatch aisdecode: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    return jw_cli_decode_nmea(argc - i, argv + i, &o);
}
