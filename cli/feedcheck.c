/*
 * feedcheck.c - `jamwatch feedcheck`: read Beast, AVR or SBS feed files
 * (plain, gzip or zstd), detect the format, and print what the reader saw:
 * frames, messages, garbage, resyncs, skipped records and the time span.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "jamwatch/feed.h"
#include "jamwatch/input.h"

/* What the sink remembers: the time span of the data. */
typedef struct span {
    double first, last;   /* seconds of the first and last item */
    unsigned long long n; /* items seen */
} span;

static void note(span *s, double t)
{
    if (!s->n++)
        s->first = t;
    s->last = t;
}

static void on_frame(void *user, const jw_frame *f)
{
    note(user, f->time);
}

static void on_msg(void *user, const jw_msg *m)
{
    note(user, m->time);
}

static void usage(FILE *out)
{
    fprintf(out, "usage: jamwatch feedcheck [--format auto|beast|avr|sbs] [--gps-time]\n"
                 "                          [--time-base SECONDS] FILE...\n\n"
                 "Reads each feed file (\"-\" for standard input; gzip and zstd are\n"
                 "recognised) and prints its format and the reader's counters.\n"
                 "  --format F        do not detect: read as F\n"
                 "  --gps-time        Beast/AVR timestamps are GPS seconds-of-day + ns\n"
                 "  --time-base S     seconds added to 12 MHz time (UNIX start of the\n"
                 "                    recording); with --gps-time: UNIX time of 00:00 UTC\n");
}

static void print_stats(const char *name, const jw_feed *f, const span *s)
{
    jw_feed_stats st;
    jw_feed_stats_get(f, &st);
    printf("%s: %s, %llu bytes\n", name, jw_format_name(jw_feed_format(f)),
           (unsigned long long)st.bytes);
    printf("  mode s frames %llu, mode a/c %llu, sbs messages %llu\n",
           (unsigned long long)st.frames, (unsigned long long)st.modeac,
           (unsigned long long)st.sbs_msgs);
    printf("  garbage bytes %llu, resyncs %llu, private frames %llu, status frames %llu\n",
           (unsigned long long)st.garbage_bytes, (unsigned long long)st.resyncs,
           (unsigned long long)st.skipped_private, (unsigned long long)st.status_frames);
    printf("  bad lines %llu, too long lines %llu, other sbs records %llu\n",
           (unsigned long long)st.bad_lines, (unsigned long long)st.too_long_lines,
           (unsigned long long)st.sbs_other);
    if (s->n)
        printf("  time %.3f .. %.3f (%.3f s)\n", s->first, s->last, s->last - s->first);
}

/* Reads one file through a fresh feed; returns the exit status. */
static int check_file(const char *path, const jw_feed_config *cfg)
{
    jw_input *in;
    jw_feed *f;
    if (jw_input_open(path, &in) != JW_OK) {
        fprintf(stderr, "jamwatch feedcheck: cannot open %s\n", path);
        return 1;
    }
    if (jw_feed_open(cfg, &f) != JW_OK) {
        jw_input_close(in);
        return 1;
    }
    enum { BUF = 1 << 16 };
    uint8_t *buf = malloc(BUF);
    span s = {0, 0, 0};
    jw_feed_sink sink = {on_frame, on_msg, &s};
    size_t got;
    jw_err e = JW_OK, r;
    r = buf ? JW_OK : JW_ENOMEM;
    while (r == JW_OK && (r = jw_input_read(in, buf, BUF, &got)) == JW_OK && got && e == JW_OK)
        e = jw_feed_push(f, buf, got, 0, &sink);
    if (r != JW_OK)
        fprintf(stderr, "jamwatch feedcheck: %s: %s\n", path, jw_strerror(r));
    if (e == JW_OK)
        e = jw_feed_finish(f, &sink);
    if (e == JW_EFORMAT && jw_feed_format(f) == JW_FMT_NMEA)
        fprintf(stderr, "jamwatch feedcheck: %s is AIS NMEA, not an ADS-B feed\n", path);
    else if (e == JW_EFORMAT)
        fprintf(stderr,
                "jamwatch feedcheck: cannot tell the feed format of %s; "
                "give --format beast, avr or sbs\n",
                path);
    else
        print_stats(path, f, &s);
    free(buf);
    jw_feed_close(f);
    jw_input_close(in);
    return e == JW_OK && r == JW_OK ? 0 : 1;
}

int jw_cmd_feedcheck(int argc, char **argv)
{
    jw_feed_config cfg = {JW_FMT_AUTO, JW_TS_12MHZ, 0, false};
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        char *end;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--gps-time")) {
            cfg.ts_mode = JW_TS_GPS;
        } else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            if (jw_format_parse(argv[++i], &cfg.format) != JW_OK || cfg.format == JW_FMT_NMEA) {
                fprintf(stderr, "jamwatch feedcheck: unknown format '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "--time-base") && i + 1 < argc) {
            cfg.time_base = strtod(argv[++i], &end);
            if (*end) {
                fprintf(stderr, "jamwatch feedcheck: bad --time-base '%s'\n", argv[i]);
                return 2;
            }
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (i == argc) {
        usage(stderr);
        return 2;
    }
    for (; i < argc; i++)
        status |= check_file(argv[i], &cfg);
    return status;
}
