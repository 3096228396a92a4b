/* test_feed.c - format detection on real files of every kind (Beast and AVR
 * streams built from the sample messages, the SBS peer outputs, the AIS logs
 * of the shared data), AUTO feeds that detect while bytes trickle in, NMEA
 * refused with JW_EFORMAT, names, and a long random-garbage stream through
 * every reader with bounded memory. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "feedutil.h"
#include "testutil.h"

#define SAMPLES "modes/sample_data_adsb.csv"

static fu_buf beast_stream(size_t max, bool lead_garbage)
{
    size_t n;
    fu_sample *s = fu_load_samples(SAMPLES, &n);
    if (!s)
        cr_skip_test("SKIP: %s absent from the shared data folder", SAMPLES);
    fu_buf b = {0};
    if (lead_garbage) /* joined mid-frame: the tail of a frame with an escape */
        fu_put(&b, "\x1a\x1a\x33\x01\x02\x03", 6);
    for (size_t i = 0; i < n && i < max; i++)
        fu_beast_frame(&b, s[i].len == 14 ? '3' : '2', fu_sample_ticks(s, i, s[0].ts), 0x1A,
                       s[i].data, s[i].len);
    free(s);
    return b;
}

enum { ABSENT = 100 }; /* not a jw_format: the file is absent */

static int detect_file(const char *rel)
{
    char *path = tu_data_path(rel);
    if (!path)
        return ABSENT;
    size_t len;
    char *text = tu_read_file(path, &len);
    free(path);
    cr_assert(text);
    jw_format f = jw_format_detect((const uint8_t *)text, len < 4096 ? len : 4096);
    free(text);
    return f;
}

Test(feed, detect_real_files)
{
    static const struct {
        const char *rel;
        jw_format want;
    } files[] = {
        {"modes/peers/readsb_sbs_adsb2k.txt", JW_FMT_SBS},
        {"modes/peers/d1090m_sbs_adsb2k.txt", JW_FMT_SBS},
        {"ais/gpsd/test/sample.aivdm", JW_FMT_NMEA},
        {"ais/real/dma-aislib/stream_example.txt", JW_FMT_NMEA},
        {"ais/real/dma-aislib/ais250.txt", JW_FMT_NMEA},
        {"ais/real/kystverket-ais.net/Ais1000Lines.nm4", JW_FMT_NMEA},
        {"ais/real/amsa-risky/exact-earth-with-tag-block.txt", JW_FMT_NMEA},
        {"ais/real/amsa-risky/exact-earth-augmented.txt", JW_FMT_NMEA},
        {"ais/real/aishub-gpsd-contrib/ais-nmea-sample.log", JW_FMT_NMEA},
        {"modes/sample_data_adsb.csv", JW_FMT_AUTO}, /* a CSV is no feed */
    };
    int seen = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        int f = detect_file(files[i].rel);
        if (f == ABSENT)
            continue;
        seen++;
        cr_expect_eq(f, (int)files[i].want, "%s: %s", files[i].rel, jw_format_name((jw_format)f));
    }
    if (!seen)
        cr_skip_test("SKIP: shared data absent");
}

Test(feed, detect_built_streams)
{
    fu_buf b = beast_stream(20, false);
    cr_expect_eq(jw_format_detect(b.p, b.len), JW_FMT_BEAST);
    cr_expect_eq(jw_format_detect(b.p, 10), JW_FMT_AUTO, "one partial frame: undecided");
    free(b.p);
    b = beast_stream(20, true);
    cr_expect_eq(jw_format_detect(b.p, b.len), JW_FMT_BEAST, "joined mid-frame");
    free(b.p);
    const char *avr = "@0000000000015D406B90123456;\n*8D406B909945DE10000405999BE4;\n";
    cr_expect_eq(jw_format_detect((const uint8_t *)avr, strlen(avr)), JW_FMT_AVR);
    cr_expect_eq(jw_format_detect((const uint8_t *)avr, 12), JW_FMT_AUTO);
    const char *cut = "0405999BE4;\n*8D406B909945DE10000405999BE4;\r\n"; /* live: first line cut */
    cr_expect_eq(jw_format_detect((const uint8_t *)cut, strlen(cut)), JW_FMT_AVR);
    const char *tag =
        "\\s:2573135,c:1565218798*0A\\!BSVDM,1,1,,A,13mAwp001m0MMrjSoomG0BiR0@0<,0*1D\n";
    cr_expect_eq(jw_format_detect((const uint8_t *)tag, strlen(tag)), JW_FMT_NMEA);
    const char *junk = "hello world\nthis is not a feed\nnor is this\n";
    cr_expect_eq(jw_format_detect((const uint8_t *)junk, strlen(junk)), JW_FMT_AUTO);
    cr_expect_eq(jw_format_detect(NULL, 0), JW_FMT_AUTO);
}

/* AUTO feeds, fed a byte at a time, give what the explicit format gives. */
Test(feed, auto_equals_explicit)
{
    fu_buf b = beast_stream(300, true);
    jw_feed_config cfg = {JW_FMT_BEAST, JW_TS_12MHZ, 0, false};
    fu_collect want, got;
    jw_feed_stats st0, st1;
    cr_assert_eq(fu_run(&cfg, b.p, b.len, NULL, 0, &want, &st0), JW_OK);
    cr_assert_eq(want.nframes, 300);
    cfg.format = JW_FMT_AUTO;
    size_t one = 1;
    cr_assert_eq(fu_run(&cfg, b.p, b.len, &one, 1, &got, &st1), JW_OK);
    cr_assert_eq(got.nframes, want.nframes);
    for (size_t i = 0; i < want.nframes; i++)
        cr_assert(fu_frame_eq(&want.frames[i], &got.frames[i]));
    cr_assert(!memcmp(&st0, &st1, sizeof st0));
    fu_collect_free(&want);
    fu_collect_free(&got);
    free(b.p);
    /* A single AVR line without terminator is only decidable at finish. */
    const char *one_line = "*8D406B909945DE10000405999BE4;";
    cr_assert_eq(fu_run(&cfg, (const uint8_t *)one_line, strlen(one_line), NULL, 0, &got, &st1),
                 JW_OK);
    cr_expect_eq(got.nframes, 1);
    fu_collect_free(&got);
}

Test(feed, nmea_is_refused_and_kept)
{
    const char *ais = "!AIVDM,1,1,,B,13A><b0P010qaGPOo2Gcl?w208C?,0*04\n"
                      "!AIVDM,1,1,,B,13@nor@PA=0r?DPOoq34>kS428CS,0*6F\n";
    jw_feed_config cfg = {JW_FMT_AUTO, JW_TS_12MHZ, 0, false};
    jw_feed *f;
    cr_assert_eq(jw_feed_open(&cfg, &f), JW_OK);
    cr_assert_eq(jw_feed_push(f, (const uint8_t *)ais, strlen(ais), 0, NULL), JW_EFORMAT);
    cr_expect_eq(jw_feed_format(f), JW_FMT_NMEA);
    const uint8_t *held;
    size_t n;
    jw_feed_detect_buffer(f, &held, &n);
    cr_expect_eq(n, strlen(ais));
    cr_expect(!memcmp(held, ais, n));
    cr_expect_eq(jw_feed_push(f, (const uint8_t *)"x", 1, 0, NULL), JW_EFORMAT);
    jw_feed_close(f);
    cfg.format = JW_FMT_NMEA;
    cr_assert_eq(jw_feed_open(&cfg, &f), JW_OK);
    cr_expect_eq(jw_feed_push(f, (const uint8_t *)ais, 5, 0, NULL), JW_EFORMAT);
    jw_feed_close(f);
}

Test(feed, undecidable_input_fails_at_the_limit)
{
    jw_feed_config cfg = {JW_FMT_AUTO, JW_TS_12MHZ, 0, false};
    jw_feed *f;
    cr_assert_eq(jw_feed_open(&cfg, &f), JW_OK);
    uint8_t junk[1000];
    memset(junk, 'x', sizeof junk);
    jw_err e = JW_OK;
    for (int i = 0; i < 10 && e == JW_OK; i++)
        e = jw_feed_push(f, junk, sizeof junk, 0, NULL);
    cr_expect_eq(e, JW_EFORMAT);
    cr_expect_eq(jw_feed_format(f), JW_FMT_AUTO);
    jw_feed_close(f);
    cr_assert_eq(jw_feed_open(&cfg, &f), JW_OK);
    cr_expect_eq(jw_feed_push(f, junk, 10, 0, NULL), JW_OK);
    cr_expect_eq(jw_feed_finish(f, NULL), JW_EFORMAT);
    jw_feed_close(f);
}

Test(feed, names_and_arguments)
{
    for (int i = JW_FMT_AUTO; i <= JW_FMT_NMEA; i++) {
        jw_format f;
        cr_assert_eq(jw_format_parse(jw_format_name((jw_format)i), &f), JW_OK);
        cr_assert_eq(f, (jw_format)i);
    }
    jw_format f;
    cr_expect_eq(jw_format_parse("BEAST", &f), JW_OK);
    cr_expect_eq(f, JW_FMT_BEAST);
    cr_expect_eq(jw_format_parse("json", &f), JW_EFORMAT);
    cr_expect_str_eq(jw_format_name((jw_format)99), "?");
    jw_feed *h;
    jw_feed_config bad = {(jw_format)17, JW_TS_12MHZ, 0, false};
    cr_expect_eq(jw_feed_open(&bad, &h), JW_EINVAL);
    cr_expect_eq(jw_feed_open(NULL, &h), JW_EINVAL);
    jw_feed_close(NULL);
}

/* ---- random garbage: no crash, bounded memory, every byte counted ---- */

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Garbage biased towards what each reader reacts to. */
static void fill_garbage(uint8_t *p, size_t n, uint64_t *seed, jw_format fmt)
{
    static const uint8_t beast_bias[] = {0x1A, 0x1A, 0x1A, '1',  '2', '3',
                                         '4',  '5',  'P',  0xE3, 0xE8};
    static const uint8_t text_bias[] = "*@%<;\n\r,MSG0123456789ABCDEF";
    for (size_t i = 0; i < n; i += 8) {
        uint64_t r = fu_rand(seed);
        for (size_t k = 0; k < 8 && i + k < n; k++, r >>= 8) {
            uint8_t c = (uint8_t)r;
            if ((c & 3) == 0)
                c = fmt == JW_FMT_BEAST ? beast_bias[(c >> 2) % sizeof beast_bias]
                                        : text_bias[(c >> 2) % (sizeof text_bias - 1)];
            p[i + k] = c;
        }
    }
}

static void garbage_stream(jw_format fmt)
{
    const char *env = getenv("JW_GARBAGE_MB");
    size_t mb = env ? (size_t)strtoul(env, NULL, 10) : 256;
#if defined(__SANITIZE_ADDRESS__)
    if (!env)
        mb = 16; /* sanitizers are ~20x slower; the full run is tests/garbage_stream.sh */
#endif
    enum { CHUNK = 64 * 1024 };
    uint8_t *buf = malloc(CHUNK);
    jw_feed_config cfg = {fmt, JW_TS_12MHZ, 0, false};
    jw_feed *f;
    cr_assert_eq(jw_feed_open(&cfg, &f), JW_OK);
    fu_collect c = {0};
    jw_feed_sink sink = {NULL, NULL, &c}; /* count only */
    uint64_t seed = 0x9E3779B97F4A7C15ull ^ (uint64_t)fmt;
    fill_garbage(buf, CHUNK, &seed, fmt);
    cr_assert_eq(jw_feed_push(f, buf, CHUNK, 0, &sink), JW_OK);
    long before = peak_rss_kb();
    size_t total = CHUNK;
    for (size_t i = 1; i < mb * 16; i++) {
        fill_garbage(buf, CHUNK, &seed, fmt);
        cr_assert_eq(jw_feed_push(f, buf, CHUNK, (double)i, &sink), JW_OK);
        total += CHUNK;
    }
    cr_assert_eq(jw_feed_finish(f, &sink), JW_OK);
    long after = peak_rss_kb();
    jw_feed_stats st;
    jw_feed_stats_get(f, &st);
    cr_expect_eq(st.bytes, total);
    cr_expect_lt(after - before, 4096, "peak RSS grew by %ld KiB", after - before);
    if (fmt == JW_FMT_BEAST)
        cr_expect_gt(st.garbage_bytes, total / 2);
    else
        cr_expect_gt(st.bad_lines, 1000);
    cr_log_info("%s: %zu MiB, frames %llu modeac %llu garbage %llu resyncs %llu private %llu "
                "bad lines %llu long %llu",
                jw_format_name(fmt), mb, (unsigned long long)st.frames,
                (unsigned long long)st.modeac, (unsigned long long)st.garbage_bytes,
                (unsigned long long)st.resyncs, (unsigned long long)st.skipped_private,
                (unsigned long long)st.bad_lines, (unsigned long long)st.too_long_lines);
    jw_feed_close(f);
    free(buf);
}

Test(garbage, beast_stream, .timeout = 600)
{
    garbage_stream(JW_FMT_BEAST);
}

Test(garbage, avr_stream, .timeout = 600)
{
    garbage_stream(JW_FMT_AVR);
}

Test(garbage, sbs_stream, .timeout = 600)
{
    garbage_stream(JW_FMT_SBS);
}

/* The CLI end to end: a Beast file written here, read by `jamwatch feedcheck`. */
Test(feed, cli_feedcheck)
{
    const uint8_t d[14] = {0x8D, 0x40, 0x6B, 0x90, 0x99, 0x45, 0xDE,
                           0x10, 0x00, 0x04, 0x05, 0x99, 0x9B, 0x1A};
    fu_buf b = {0};
    for (int i = 1; i <= 3; i++)
        fu_beast_frame(&b, '3', (uint64_t)i * 12000000u, 0x1A, d, 14);
    fu_put(&b, "junk", 4);
    char path[] = "/tmp/jw_feedcheck_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, b.p, b.len), (ssize_t)b.len);
    close(fd);
    char cmd[512], out[2048] = {0};
    snprintf(cmd, sizeof cmd, "%s feedcheck --time-base 100 %s", tu_bin(), path);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    int status = pclose(p);
    out[n] = '\0';
    unlink(path);
    free(b.p);
    cr_expect_eq(status, 0, "exit status %d: %s", status, out);
    cr_expect(strstr(out, ": beast,"), "%s", out);
    cr_expect(strstr(out, "mode s frames 3,"), "%s", out);
    cr_expect(strstr(out, "garbage bytes 4,"), "%s", out);
    cr_expect(strstr(out, "time 101.000 .. 103.000"), "%s", out);
}
