/* test_beast.c - the Beast reader on a stream built from the 2,000 real
 * messages of sample_data_adsb.csv (pyModeS test data): every frame comes out
 * byte-exact with its 12 MHz time, whatever the push boundaries; escapes,
 * garbage, cut frames, readsb private frames, GPS timestamps, Mode A/C. */
#include <stdlib.h>
#include <string.h>

#include "feedutil.h"
#include "testutil.h"

#define SAMPLES "modes/sample_data_adsb.csv"

static const jw_feed_config beast_cfg = {JW_FMT_BEAST, JW_TS_12MHZ, 1457996400.0, false};

/* The sample messages as a Beast stream; the samples come out through s_out and n_out (caller
 * frees). */
static fu_buf sample_stream(fu_sample **s_out, size_t *n_out)
{
    size_t n;
    fu_sample *s = fu_load_samples(SAMPLES, &n);
    if (!s)
        cr_skip_test("SKIP: %s absent from the shared data folder", SAMPLES);
    cr_assert_eq(n, 2000, "sample file has %zu rows", n);
    fu_buf b = {0};
    for (size_t i = 0; i < n; i++)
        fu_beast_frame(&b, s[i].len == 14 ? '3' : '2', fu_sample_ticks(s, i, s[0].ts),
                       fu_sample_signal(i), s[i].data, s[i].len);
    *s_out = s;
    *n_out = n;
    return b;
}

static void expect_same(const fu_collect *a, const fu_collect *b)
{
    cr_assert_eq(a->nframes, b->nframes);
    for (size_t i = 0; i < a->nframes; i++)
        cr_assert(fu_frame_eq(&a->frames[i], &b->frames[i]), "frame %zu differs", i);
}

static void expect_stats_same(const jw_feed_stats *a, const jw_feed_stats *b)
{
    cr_assert(!memcmp(a, b, sizeof *a), "counters differ");
}

Test(beast, sample_stream_whole)
{
    fu_sample *s;
    size_t n;
    fu_buf b = sample_stream(&s, &n);
    fu_collect c;
    jw_feed_stats st;
    cr_assert_eq(fu_run(&beast_cfg, b.p, b.len, NULL, 0, &c, &st), JW_OK);
    cr_assert_eq(c.nframes, n);
    size_t escaped = 0;
    for (size_t i = 0; i < n; i++) {
        const jw_frame *f = &c.frames[i];
        cr_assert_eq(f->len, s[i].len);
        cr_assert_eq(f->kind, s[i].len == 14 ? JW_FRAME_LONG : JW_FRAME_SHORT);
        cr_assert(!memcmp(f->data, s[i].data, s[i].len), "data of frame %zu", i);
        cr_assert_eq(f->ts_raw, fu_sample_ticks(s, i, s[0].ts));
        cr_assert_eq(f->signal, fu_sample_signal(i));
        cr_assert_float_eq(f->time, (double)s[i].ts + (double)(i + 1) * 0.001, 1e-6, "time %zu", i);
        escaped += memchr(s[i].data, 0x1A, s[i].len) != NULL || f->signal == 0x1A;
    }
    cr_assert_gt(escaped, 0, "the stream must exercise escapes");
    cr_expect_eq(st.frames, n);
    cr_expect_eq(st.garbage_bytes, 0);
    cr_expect_eq(st.resyncs, 0);
    cr_expect_eq(st.bytes, b.len);
    fu_collect_free(&c);
    free(b.p);
    free(s);
}

Test(beast, sample_stream_any_chunking)
{
    fu_sample *s;
    size_t n;
    fu_buf b = sample_stream(&s, &n);
    fu_collect whole, part;
    jw_feed_stats st0, st1;
    cr_assert_eq(fu_run(&beast_cfg, b.p, b.len, NULL, 0, &whole, &st0), JW_OK);
    size_t one = 1;
    cr_assert_eq(fu_run(&beast_cfg, b.p, b.len, &one, 1, &part, &st1), JW_OK);
    expect_same(&whole, &part);
    expect_stats_same(&st0, &st1);
    fu_collect_free(&part);
    uint64_t seed = 42;
    for (int round = 0; round < 20; round++) {
        size_t chunks[64];
        for (size_t k = 0; k < 64; k++)
            chunks[k] = 1 + fu_rand(&seed) % (round < 10 ? 40 : 5000);
        cr_assert_eq(fu_run(&beast_cfg, b.p, b.len, chunks, 64, &part, &st1), JW_OK);
        expect_same(&whole, &part);
        expect_stats_same(&st0, &st1);
        fu_collect_free(&part);
    }
    fu_collect_free(&whole);
    free(b.p);
    free(s);
}

/* A short stream with escapes in timestamp, signal and data, private frames
 * and garbage: every split point, and every pair of split points. */
static fu_buf tricky_stream(void)
{
    fu_buf b = {0};
    const uint8_t d1[14] = {0x8D, 0x1A, 0x6B, 0x90, 0x1A, 0x1A, 0xDE,
                            0x10, 0x00, 0x04, 0x05, 0x99, 0x9B, 0x1A};
    const uint8_t d2[7] = {0x5D, 0x40, 0x6B, 0x90, 0x1A, 0x01, 0x02};
    const uint8_t ac[2] = {0x1A, 0x07};
    const uint8_t rid[8] = {1, 2, 0x1A, 4, 5, 6, 7, 8};
    fu_beast_frame(&b, '3', 0x1A1A00001A01ull, 0x1A, d1, 14);
    fu_put(&b, "\x00\x10garbage", 9);
    fu_beast_frame(&b, '2', 0x00001A000002ull, 0x40, d2, 7);
    fu_byte(&b, 0x1A);
    fu_byte(&b, 0xE3);
    fu_beast_escaped(&b, rid, 8);
    fu_beast_frame(&b, '1', 0x000000000003ull, 0x1A, ac, 2);
    return b;
}

static void run_split(const fu_buf *b, size_t k1, size_t k2, fu_collect *c, jw_feed_stats *st)
{
    jw_feed *f;
    cr_assert_eq(jw_feed_open(&beast_cfg, &f), JW_OK);
    memset(c, 0, sizeof *c);
    jw_feed_sink sink = fu_sink(c);
    jw_feed_push(f, b->p, k1, 5.0, &sink);
    jw_feed_push(f, b->p + k1, k2 - k1, 5.0, &sink);
    jw_feed_push(f, b->p + k2, b->len - k2, 5.0, &sink);
    jw_feed_finish(f, &sink);
    jw_feed_stats_get(f, st);
    jw_feed_close(f);
}

Test(beast, every_split_point_of_a_tricky_stream)
{
    fu_buf b = tricky_stream();
    fu_collect whole, part;
    jw_feed_stats st0, st1;
    run_split(&b, b.len, b.len, &whole, &st0);
    cr_assert_eq(whole.nframes, 3);
    cr_expect_eq(whole.frames[0].ts_raw, 0x1A1A00001A01ull);
    cr_expect_eq(whole.frames[0].signal, 0x1A);
    cr_expect_eq(whole.frames[0].data[13], 0x1A);
    cr_expect_eq(whole.frames[1].data[4], 0x1A);
    cr_expect_eq(whole.frames[2].kind, JW_FRAME_MODEAC);
    cr_expect_eq(whole.frames[2].data[0], 0x1A);
    cr_expect_eq(st0.garbage_bytes, 9);
    cr_expect_eq(st0.resyncs, 1);
    cr_expect_eq(st0.skipped_private, 1);
    cr_expect_eq(st0.modeac, 1);
    for (size_t k1 = 0; k1 <= b.len; k1++) {
        for (size_t k2 = k1; k2 <= b.len; k2++) {
            run_split(&b, k1, k2, &part, &st1);
            expect_same(&whole, &part);
            expect_stats_same(&st0, &st1);
            fu_collect_free(&part);
        }
    }
    fu_collect_free(&whole);
    free(b.p);
}

Test(beast, garbage_between_frames_resyncs)
{
    fu_sample *s;
    size_t n;
    fu_buf clean = sample_stream(&s, &n);
    fu_buf b = {0};
    uint64_t seed = 7;
    size_t garbage = 0, runs = 0;
    for (size_t i = 0; i < n; i++) {
        if (i % 10 == 5) { /* garbage without 0x1A: it cannot fake a frame */
            size_t g = 1 + fu_rand(&seed) % 50;
            for (size_t k = 0; k < g; k++) {
                uint8_t c = (uint8_t)fu_rand(&seed);
                fu_byte(&b, c == 0x1A ? 0x1B : c);
            }
            garbage += g;
            runs++;
        }
        fu_beast_frame(&b, s[i].len == 14 ? '3' : '2', fu_sample_ticks(s, i, s[0].ts), 0x80,
                       s[i].data, s[i].len);
    }
    fu_collect c;
    jw_feed_stats st;
    size_t chunk = 777;
    cr_assert_eq(fu_run(&beast_cfg, b.p, b.len, &chunk, 1, &c, &st), JW_OK);
    cr_assert_eq(c.nframes, n);
    for (size_t i = 0; i < n; i++)
        cr_assert(!memcmp(c.frames[i].data, s[i].data, s[i].len));
    cr_expect_eq(st.garbage_bytes, garbage);
    cr_expect_eq(st.resyncs, runs);
    fu_collect_free(&c);
    free(b.p);
    free(clean.p);
    free(s);
}

Test(beast, frame_cut_short_by_a_new_frame)
{
    const uint8_t d[14] = {0x8D, 0x40, 0x6B, 0x90, 0x99, 0x45, 0xDE,
                           0x10, 0x00, 0x04, 0x05, 0x99, 0x9B, 0xE4};
    fu_buf b = {0};
    fu_buf whole = {0};
    fu_beast_frame(&whole, '3', 12000000, 0x55, d, 14);
    fu_put(&b, whole.p, 10); /* first 10 bytes only */
    fu_beast_frame(&b, '3', 24000000, 0x56, d, 14);
    fu_collect c;
    jw_feed_stats st;
    cr_assert_eq(fu_run(&beast_cfg, b.p, b.len, NULL, 0, &c, &st), JW_OK);
    cr_assert_eq(c.nframes, 1);
    cr_expect_eq(c.frames[0].signal, 0x56);
    cr_expect_eq(st.resyncs, 1);
    cr_expect_eq(st.garbage_bytes, 10);
    fu_collect_free(&c);
    free(b.p);
    free(whole.p);
}

/* readsb private frames between real ones: skipped without losing sync. */
Test(beast, private_frames_skipped)
{
    const uint8_t d[7] = {0x5D, 0x40, 0x6B, 0x90, 0x12, 0x34, 0x56};
    const uint8_t rid[8] = {0x1A, 1, 2, 3, 4, 5, 6, 0x1A};
    const uint8_t clk[8] = {0x1A, 0x33, 0, 0, 0x1A, 0x32, 0, 0}; /* raw: not escaped */
    const uint8_t pos[21] = {0, 1, 2, 3, 4, 5, 6, 0x1A, 8, 9, 10};
    const uint8_t stat[9] = {0, 0, 0, 0, 0, 1, 0, 0x1A, 0x22};
    fu_buf b = {0};
    int frames = 0;
    fu_beast_frame(&b, '2', 1, 1, d, 7), frames++;
    fu_put(&b, "\x1a\xe3", 2), fu_beast_escaped(&b, rid, 8);
    fu_beast_frame(&b, '2', 2, 2, d, 7), frames++;
    fu_put(&b, "\x1a\xe8", 2), fu_put(&b, clk, 8);
    fu_beast_frame(&b, '2', 3, 3, d, 7), frames++;
    fu_put(&b,
           "\x1a"
           "5",
           2),
        fu_beast_escaped(&b, pos, 21);
    fu_put(&b, "\x1aP\x01\x1a\x1a\x03", 6);
    fu_put(&b, "\x1aW\x4f", 3);
    fu_beast_frame(&b, '2', 4, 4, d, 7), frames++;
    fu_put(&b,
           "\x1a"
           "4",
           2),
        fu_beast_escaped(&b, stat, 9);
    fu_put(&b, "\x1aH\x01\x02\x1a\x1a\x03\x04\x05", 9);
    fu_put(&b,
           "\x1a\xe4"
           "0033062d-e17e-4389-91a9-79ebb967fb4c",
           38); /* readsb UUID */
    fu_beast_frame(&b, '2', 5, 5, d, 7), frames++;
    fu_collect c;
    jw_feed_stats st;
    for (size_t chunk = 1; chunk <= b.len; chunk++) {
        cr_assert_eq(fu_run(&beast_cfg, b.p, b.len, &chunk, 1, &c, &st), JW_OK);
        cr_assert_eq(c.nframes, (size_t)frames, "chunk %zu: %zu frames", chunk, c.nframes);
        for (int i = 0; i < frames; i++)
            cr_assert_eq(c.frames[i].signal, i + 1);
        cr_assert_eq(st.skipped_private, 7);
        cr_assert_eq(st.status_frames, 1);
        cr_assert_eq(st.garbage_bytes, 0);
        cr_assert_eq(st.resyncs, 0);
        fu_collect_free(&c);
    }
    free(b.p);
}

Test(beast, gps_timestamps)
{
    const uint8_t d[7] = {0x5D, 0x40, 0x6B, 0x90, 0x12, 0x34, 0x56};
    const double midnight = 1763856000.0; /* 2025-11-23 00:00 UTC */
    jw_feed_config cfg = {JW_FMT_BEAST, JW_TS_GPS, midnight, false};
    struct {
        uint32_t sec, ns;
        double want;
    } t[] = {
        {86399, 999999999u, midnight + 86399.999999999},
        {1, 500000000u, midnight + 86400 + 1.5}, /* past midnight: next day */
        {3600, 0x1A1A1Au, midnight + 86400 + 3600 + 0x1A1A1A * 1e-9},
    };
    fu_buf b = {0};
    for (size_t i = 0; i < 3; i++)
        fu_beast_frame(&b, '2', (uint64_t)t[i].sec << 30 | t[i].ns, 9, d, 7);
    fu_collect c;
    jw_feed_stats st;
    cr_assert_eq(fu_run(&cfg, b.p, b.len, NULL, 0, &c, &st), JW_OK);
    cr_assert_eq(c.nframes, 3);
    for (size_t i = 0; i < 3; i++)
        cr_expect_float_eq(c.frames[i].time, t[i].want, 1e-6, "frame %zu: %.9f", i,
                           c.frames[i].time);
    fu_collect_free(&c);
    free(b.p);
}

Test(beast, zero_magic_and_arrival_time)
{
    const uint8_t d[7] = {0x5D, 0x40, 0x6B, 0x90, 0x12, 0x34, 0x56};
    fu_buf b = {0};
    fu_beast_frame(&b, '2', 0, 9, d, 7);
    fu_beast_frame(&b, '2', 0xFF004D4C4154ull, 9, d, 7); /* readsb synthetic MLAT */
    fu_beast_frame(&b, '2', 12000000, 9, d, 7);
    jw_feed *f;
    fu_collect c = {0};
    jw_feed_sink sink = fu_sink(&c);
    cr_assert_eq(jw_feed_open(&beast_cfg, &f), JW_OK);
    cr_assert_eq(jw_feed_push(f, b.p, b.len, 77.5, &sink), JW_OK);
    cr_assert_eq(c.nframes, 3);
    cr_expect_float_eq(c.frames[0].time, 77.5, 1e-9);
    cr_expect_float_eq(c.frames[1].time, 77.5, 1e-9);
    cr_expect_float_eq(c.frames[2].time, 1457996401.0, 1e-6);
    jw_feed_close(f);
    fu_collect_free(&c);
    jw_feed_config cfg = beast_cfg;
    cfg.use_arrival_time = true;
    cr_assert_eq(jw_feed_open(&cfg, &f), JW_OK);
    sink = fu_sink(&c);
    cr_assert_eq(jw_feed_push(f, b.p, b.len, 12.25, &sink), JW_OK);
    for (size_t i = 0; i < c.nframes; i++)
        cr_expect_float_eq(c.frames[i].time, 12.25, 1e-9);
    cr_expect_eq(c.frames[2].ts_raw, 12000000);
    jw_feed_close(f);
    fu_collect_free(&c);
    free(b.p);
}

Test(beast, truncated_tail_counts_as_garbage)
{
    const uint8_t d[7] = {0x5D, 0x40, 0x6B, 0x90, 0x12, 0x34, 0x56};
    fu_buf b = {0};
    fu_beast_frame(&b, '2', 5, 9, d, 7);
    size_t whole = b.len;
    fu_beast_frame(&b, '2', 6, 9, d, 7);
    fu_collect c;
    jw_feed_stats st;
    cr_assert_eq(fu_run(&beast_cfg, b.p, whole + 6, NULL, 0, &c, &st), JW_OK);
    cr_expect_eq(c.nframes, 1);
    cr_expect_eq(st.garbage_bytes, 6);
    fu_collect_free(&c);
    free(b.p);
}

/* The 10,000 real DF20/DF21 replies of the Comm-B samples (pyModeS test data),
 * as Beast, in random pieces: every frame byte-exact. */
Test(beast, commb_samples_random_chunks)
{
    static const char *const files[] = {"modes/sample_data_commb_df20.csv",
                                        "modes/sample_data_commb_df21.csv"};
    for (size_t fi = 0; fi < 2; fi++) {
        size_t n;
        fu_sample *s = fu_load_samples(files[fi], &n);
        if (!s)
            cr_skip_test("SKIP: %s absent from the shared data folder", files[fi]);
        cr_assert_eq(n, 5000, "%s: %zu rows", files[fi], n);
        fu_buf b = {0};
        for (size_t i = 0; i < n; i++)
            fu_beast_frame(&b, '3', fu_sample_ticks(s, i, s[0].ts), fu_sample_signal(i), s[i].data,
                           s[i].len);
        uint64_t seed = 11 + fi;
        size_t chunks[16];
        for (size_t k = 0; k < 16; k++)
            chunks[k] = 1 + fu_rand(&seed) % 100;
        fu_collect c;
        jw_feed_stats st;
        cr_assert_eq(fu_run(&beast_cfg, b.p, b.len, chunks, 16, &c, &st), JW_OK);
        cr_assert_eq(c.nframes, n);
        for (size_t i = 0; i < n; i++) {
            cr_assert(!memcmp(c.frames[i].data, s[i].data, 14), "%s frame %zu", files[fi], i);
            cr_assert_eq(c.frames[i].data[0] >> 3, fi == 0 ? 20 : 21);
        }
        cr_expect_eq(st.garbage_bytes, 0);
        fu_collect_free(&c);
        free(b.p);
        free(s);
    }
}
