/*
 * cmd_decode.c - `jamwatch decode`: feeds in, one JSON object per message out.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "jamwatch/feed.h"
#include "jamwatch/input.h"
#include "jamwatch/msg_json.h"
#include "jamwatch/pipeline.h"

typedef struct decode_opts {
    jw_feed_config feed;     /* format and timestamp handling */
    jw_pipeline_config pipe; /* decoder and aircraft table options */
    bool count_only;         /* no JSON, summary only */
} decode_opts;

static void decode_usage(FILE *out)
{
    fprintf(
        out,
        "usage: jamwatch decode [OPTIONS] [FILE|-]...\n\n"
        "Decodes ADS-B / Mode S feeds (and AIS NMEA) into JSON Lines on stdout, one\n"
        "object per message, with positions resolved and NIC/Rc computed per aircraft.\n"
        "Files may be plain, gzip or zstd; '-' or no FILE reads standard input.\n"
        "A summary of counts goes to stderr at the end.\n\n"
        "options:\n"
        "  --format F       beast, avr, sbs, nmea or auto (default: auto, from the first bytes)\n"
        "  --ref LAT,LON    receiver position: a reference for local CPR decoding\n"
        "  --fix            correct single-bit errors in DF17/18 (off by default)\n"
        "  --ts MODE        Beast/AVR timestamps: 12mhz (default) or gps\n"
        "  --time-base T    seconds added to receiver timestamps (12mhz: UNIX time of\n"
        "                   counter zero; gps: UNIX time of 00:00 UTC of the day)\n"
        "  --arrival-time   ignore receiver timestamps; use the time bytes were read\n"
        "  --count          print no messages, only the summary\n"
        "  --max-aircraft N size of the aircraft table (default 65536)\n"
        "  -h, --help       this text\n\n"
        "Output fields are documented in docs/decode-schema.md.\n");
}

typedef struct decode_out {
    FILE *f;
    char line[JW_MSG_JSON_MAX + 1];
} decode_out;

static void on_msg(void *user, const jw_msg *m, const jw_aircraft *a)
{
    (void)a;
    decode_out *o = user;
    size_t n = jw_msg_to_json(m, o->line, sizeof o->line - 1);
    o->line[n++] = '\n';
    fwrite(o->line, 1, n, o->f);
}

static int parse_decode_opts(int argc, char **argv, decode_opts *o)
{
    enum { O_FORMAT = 256, O_REF, O_FIX, O_TS, O_TBASE, O_ARRIVAL, O_COUNT, O_MAXAC };
    static const struct option longopts[] = {{"format", required_argument, 0, O_FORMAT},
                                             {"ref", required_argument, 0, O_REF},
                                             {"fix", no_argument, 0, O_FIX},
                                             {"ts", required_argument, 0, O_TS},
                                             {"time-base", required_argument, 0, O_TBASE},
                                             {"arrival-time", no_argument, 0, O_ARRIVAL},
                                             {"count", no_argument, 0, O_COUNT},
                                             {"max-aircraft", required_argument, 0, O_MAXAC},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case O_FORMAT:
            if (jw_format_parse(optarg, &o->feed.format) != JW_OK)
                return cli_usage_error("decode", "unknown format '%s'", optarg);
            break;
        case O_REF:
            if (cli_parse_latlon(optarg, &o->pipe.aircraft.rx_lat, &o->pipe.aircraft.rx_lon) != 0)
                return cli_usage_error("decode", "--ref wants LAT,LON in degrees, not '%s'",
                                       optarg);
            o->pipe.aircraft.has_receiver = true;
            break;
        case O_FIX:
            o->pipe.decode.fix_errors = true;
            break;
        case O_TS:
            if (!strcmp(optarg, "12mhz"))
                o->feed.ts_mode = JW_TS_12MHZ;
            else if (!strcmp(optarg, "gps"))
                o->feed.ts_mode = JW_TS_GPS;
            else
                return cli_usage_error("decode", "--ts is 12mhz or gps, not '%s'", optarg);
            break;
        case O_TBASE:
            if (cli_parse_double(optarg, &o->feed.time_base) != 0)
                return cli_usage_error("decode", "--time-base wants seconds, not '%s'", optarg);
            break;
        case O_ARRIVAL:
            o->feed.use_arrival_time = true;
            break;
        case O_COUNT:
            o->count_only = true;
            break;
        case O_MAXAC: {
            double v;
            if (cli_parse_double(optarg, &v) != 0 || v < 1 || v > (1 << 24))
                return cli_usage_error("decode", "--max-aircraft wants 1..16777216");
            o->pipe.aircraft.capacity = (size_t)v;
            break;
        }
        case 'h':
            decode_usage(stdout);
            return -1;
        default:
            return cli_usage_error("decode", "see 'jamwatch decode --help'");
        }
    }
    return 0;
}

static void feed_stats_add(jw_feed_stats *t, const jw_feed_stats *s)
{
    t->bytes += s->bytes;
    t->frames += s->frames;
    t->resyncs += s->resyncs;
    t->garbage_bytes += s->garbage_bytes;
    t->bad_lines += s->bad_lines;
    t->too_long_lines += s->too_long_lines;
}

/* Decodes one input through p. Returns 0, or 1 after printing an error. */
static int decode_one(const char *path, const decode_opts *o, jw_pipeline *p, jw_feed_stats *total)
{
    jw_input *in;
    jw_err err = jw_input_open(path, &in);
    if (err != JW_OK)
        return cli_error("decode", "cannot open %s: %s", path,
                         err == JW_EIO ? strerror(errno) : jw_strerror(err));
    jw_feed *feed = NULL;
    jw_feed_sink sink = jw_pipeline_sink(p);
    static uint8_t buf[1 << 18];
    size_t got;
    int rc = 0;
    while ((err = jw_input_read(in, buf, sizeof buf, &got)) == JW_OK && got > 0) {
        if (!feed) {
            jw_feed_config fc = o->feed;
            if (fc.format == JW_FMT_AUTO)
                fc.format = jw_format_detect(buf, got);
            if (fc.format == JW_FMT_AUTO) {
                rc = cli_error("decode", "%s: cannot tell the feed format (use --format)", path);
                break;
            }
            if (fc.format == JW_FMT_NMEA) { /* files were routed by peek_format() */
                rc = cli_error("decode", "%s: AIS on standard input needs --format nmea", path);
                break;
            }
            if ((err = jw_feed_open(&fc, &feed)) != JW_OK)
                break;
        }
        if ((err = jw_feed_push(feed, buf, got, cli_now(), &sink)) != JW_OK)
            break;
    }
    if (feed && err == JW_OK)
        err = jw_feed_finish(feed, &sink);
    if (err != JW_OK && rc == 0)
        rc = cli_error("decode", "%s: %s", path, jw_strerror(err));
    if (feed) {
        jw_feed_stats fs;
        jw_feed_stats_get(feed, &fs);
        feed_stats_add(total, &fs);
        jw_feed_close(feed);
    }
    jw_input_close(in);
    return rc;
}

/* The format of a file from its first bytes; JW_FMT_AUTO for stdin or when unsure. */
static jw_format peek_format(const char *path)
{
    if (!strcmp(path, "-"))
        return JW_FMT_AUTO;
    jw_input *in;
    if (jw_input_open(path, &in) != JW_OK)
        return JW_FMT_AUTO; /* decode_one() reports the error */
    uint8_t buf[JW_FEED_DETECT_MAX];
    size_t got = 0, n;
    while (got < sizeof buf && jw_input_read(in, buf + got, sizeof buf - got, &n) == JW_OK && n)
        got += n;
    jw_input_close(in);
    return jw_format_detect(buf, got);
}

/* Decodes AIS input with the NMEA reader and its own summary. */
static int decode_nmea(char *path)
{
    jw_decode_nmea_opts no = {.out = stdout, .summary = true};
    return jw_cli_decode_nmea(1, &path, &no);
}

static void print_summary(const jw_pipeline *p, const jw_feed_stats *fs)
{
    jw_pipeline_stats ps;
    jw_aircraft_stats as;
    jw_pipeline_stats_get(p, &ps);
    jw_aircraft_stats_get(jw_pipeline_aircraft(p), &as);
    fprintf(stderr,
            "frames %llu  decoded %llu  bad_crc %llu  corrected %llu  unknown %llu  "
            "bad_length %llu  sbs %llu  resyncs %llu  garbage_bytes %llu  bad_lines %llu\n"
            "messages %llu  parity_dropped %llu  positions global %llu local %llu rejected %llu  "
            "aircraft %zu\n",
            (unsigned long long)ps.frames, (unsigned long long)ps.decoded,
            (unsigned long long)ps.bad_crc, (unsigned long long)ps.corrected,
            (unsigned long long)ps.unknown_df, (unsigned long long)ps.bad_length,
            (unsigned long long)ps.sbs, (unsigned long long)fs->resyncs,
            (unsigned long long)fs->garbage_bytes, (unsigned long long)fs->bad_lines,
            (unsigned long long)ps.emitted, (unsigned long long)as.parity_dropped,
            (unsigned long long)as.cpr_global, (unsigned long long)as.cpr_local,
            (unsigned long long)as.cpr_rejected, jw_aircraft_count(jw_pipeline_aircraft(p)));
}

int jw_cmd_decode(int argc, char **argv)
{
    decode_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_decode_opts(argc, argv, &o);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    static decode_out out;
    out.f = stdout;
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    jw_pipeline *p;
    jw_err err = jw_pipeline_open(&o.pipe, o.count_only ? NULL : on_msg, &out, &p);
    if (err != JW_OK)
        return cli_error("decode", "%s", jw_strerror(err));
    jw_feed_stats total;
    memset(&total, 0, sizeof total);
    char *stdin_only[] = {"-"};
    char **paths = optind < argc ? argv + optind : stdin_only;
    int n = optind < argc ? argc - optind : 1;
    bool any_modes = false;
    for (int i = 0; i < n && rc == 0; i++) {
        jw_format f = o.feed.format != JW_FMT_AUTO ? o.feed.format : peek_format(paths[i]);
        if (f == JW_FMT_NMEA) {
            fflush(stdout);
            rc = decode_nmea(paths[i]);
            continue;
        }
        any_modes = true;
        rc = decode_one(paths[i], &o, p, &total);
    }
    fflush(stdout);
    /* A failed open alone gets its one-line error, AIS its own summary. */
    if (any_modes && (rc == 0 || total.bytes > 0))
        print_summary(p, &total);
    jw_pipeline_close(p);
    return rc;
}
