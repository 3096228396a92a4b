/*
 * feed_bench.c - Beast (and AVR, SBS) parsing throughput: builds an in-memory
 * stream of at least N frames from the real messages of
 * sample_data_adsb.csv (12 MHz timestamps, signal bytes that force escapes
 * now and then), then pushes it through jw_feed in 64 KiB pieces with a sink
 * that only counts. Prints frames, CPU-seconds of the parse alone, frames per
 * CPU-second and peak RSS.
 *
 * Usage: feed_bench [frames] [path/to/sample_data_adsb.csv] [beast|avr]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "jamwatch/feed.h"

typedef struct sample {
    uint8_t len;      /* 7 or 14 */
    uint8_t data[14]; /* frame */
} sample;

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

static size_t load(const char *path, sample *out, size_t cap)
{
    FILE *f = fopen(path, "r");
    char line[256];
    size_t n = 0;
    if (!f)
        return 0;
    while (n < cap && fgets(line, sizeof line, f)) {
        char *q = strchr(line, '"');
        size_t k = 0;
        if (!q)
            continue;
        for (q++; hexval(q[0]) >= 0 && hexval(q[1]) >= 0 && k < 14; q += 2)
            out[n].data[k++] = (uint8_t)(hexval(q[0]) << 4 | hexval(q[1]));
        if (k == 7 || k == 14)
            out[n++].len = (uint8_t)k;
    }
    fclose(f);
    return n;
}

/* Appends one escaped Beast frame at p; returns the bytes written. */
static size_t beast_frame(uint8_t *p, uint64_t ts, uint8_t sig, const sample *s)
{
    uint8_t body[21];
    size_t k = 0;
    for (int i = 0; i < 6; i++)
        body[i] = (uint8_t)(ts >> (40 - 8 * i));
    body[6] = sig;
    memcpy(body + 7, s->data, s->len);
    p[k++] = 0x1A;
    p[k++] = s->len == 14 ? '3' : '2';
    for (size_t i = 0; i < 7u + s->len; i++) {
        p[k++] = body[i];
        if (body[i] == 0x1A)
            p[k++] = 0x1A;
    }
    return k;
}

static size_t avr_line(char *p, uint64_t ts, const sample *s)
{
    int k = snprintf(p, 32, "@%012llX", (unsigned long long)ts);
    for (size_t i = 0; i < s->len; i++)
        k += snprintf(p + k, 4, "%02X", s->data[i]);
    p[k++] = ';';
    p[k++] = '\n';
    return (size_t)k;
}

static void count(void *user, const jw_frame *f)
{
    (void)f;
    (*(uint64_t *)user)++;
}

/* Bytes of the escaped Beast frame at p. */
static size_t beast_frame_len(const uint8_t *p)
{
    size_t need = p[1] == '3' ? 21 : 14, k = 2;
    for (size_t got = 0; got < need; got++)
        k += p[k] == 0x1A ? 2 : 1;
    return k;
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Parses len bytes, reps times, in 64 KiB pushes; prints the rate. */
static void run(const char *what, jw_format fmt, const uint8_t *buf, size_t len, size_t reps,
                size_t want)
{
    jw_feed_config cfg = {fmt, JW_TS_12MHZ, 1.7e9, false};
    jw_feed *f;
    uint64_t got = 0;
    jw_feed_sink sink = {count, NULL, &got};
    if (jw_feed_open(&cfg, &f) != JW_OK)
        exit(1);
    double t0 = cpu_now();
    for (size_t r = 0; r < reps; r++)
        for (size_t off = 0; off < len; off += 65536)
            jw_feed_push(f, buf + off, len - off < 65536 ? len - off : 65536, 0, &sink);
    jw_feed_finish(f, &sink);
    double cpu = cpu_now() - t0;
    jw_feed_stats st;
    jw_feed_stats_get(f, &st);
    jw_feed_close(f);
    printf("%s, %s: %llu frames in %.3f CPU-s: %.1f M frames/CPU-s, %.2f ns/frame, garbage %llu\n",
           jw_format_name(fmt), what, (unsigned long long)got, cpu, (double)got / cpu / 1e6,
           cpu * 1e9 / (double)got, (unsigned long long)st.garbage_bytes);
    if (got != want || st.garbage_bytes)
        exit(1);
}

int main(int argc, char **argv)
{
    size_t want = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000000;
    const char *path = argc > 2 ? argv[2] : "../shared/data/modes/sample_data_adsb.csv";
    jw_format fmt = JW_FMT_BEAST;
    if (argc > 3 && jw_format_parse(argv[3], &fmt) != JW_OK)
        return 2;
    static sample s[4096];
    size_t ns = load(path, s, 4096);
    if (!ns) {
        fprintf(stderr, "feed_bench: cannot read %s\n", path);
        return 1;
    }
    uint8_t *buf = malloc(want * 64);
    size_t len = 0;
    for (size_t i = 0; i < want; i++) {
        uint64_t ts = 12000000ull + (uint64_t)i * 1200u; /* 10 000 frames per second */
        if (fmt == JW_FMT_AVR)
            len += avr_line((char *)buf + len, ts, &s[i % ns]);
        else
            len += beast_frame(buf + len, ts, (uint8_t)(i * 7), &s[i % ns]);
    }
    run("stream in RAM", fmt, buf, len, 1, want);
    /* The same parse with the input in cache: the first 2,000 frames, again and again. */
    size_t hot = 0, per = 0;
    while (per < 2000 && hot < len) { /* length of the first 2,000 frames or lines */
        hot += fmt == JW_FMT_AVR
                   ? (size_t)((uint8_t *)memchr(buf + hot, '\n', len - hot) - (buf + hot)) + 1
                   : beast_frame_len(buf + hot);
        per++;
    }
    run("input in cache", fmt, buf, hot, want / per, per * (want / per));
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak RSS %ld KiB (the %zu MiB stream buffer included)\n", ru.ru_maxrss, len >> 20);
    free(buf);
    return 0;
}
