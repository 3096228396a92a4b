/* test_avr.c - the AVR reader on the 2,000 real messages of
 * sample_data_adsb.csv written in every AVR flavour (*, @, %, <), CR/LF
 * mixes, any push boundaries; bad and over-long lines counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedutil.h"
#include "testutil.h"

#define SAMPLES "modes/sample_data_adsb.csv"

static const jw_feed_config avr_cfg = {JW_FMT_AVR, JW_TS_12MHZ, 1457996400.0, false};

static void put_hex(fu_buf *b, const uint8_t *d, size_t n, bool lower)
{
    char h[3];
    for (size_t i = 0; i < n; i++) {
        snprintf(h, sizeof h, lower ? "%02x" : "%02X", d[i]);
        fu_put(b, h, 2);
    }
}

static void put_ts(fu_buf *b, uint64_t ts)
{
    uint8_t t[6];
    for (int i = 0; i < 6; i++)
        t[i] = (uint8_t)(ts >> (40 - 8 * i));
    put_hex(b, t, 6, false);
}

/* Sample i in flavour i % 4, ending in LF, CRLF or CR. */
static void avr_line(fu_buf *b, const fu_sample *s, size_t i, long ts0)
{
    static const char prefix[] = "*@%<";
    static const char *const eol[] = {"\n", "\r\n", "\r"};
    char p = prefix[i % 4];
    fu_byte(b, (uint8_t)p);
    if (p != '*')
        put_ts(b, fu_sample_ticks(s, i, ts0));
    if (p == '<') {
        uint8_t sig = fu_sample_signal(i);
        put_hex(b, &sig, 1, false);
    }
    put_hex(b, s[i].data, s[i].len, i % 3 == 0);
    fu_byte(b, ';');
    fu_put(b, eol[i % 3], strlen(eol[i % 3]));
}

static fu_buf sample_stream(fu_sample **s_out, size_t *n_out)
{
    size_t n;
    fu_sample *s = fu_load_samples(SAMPLES, &n);
    if (!s)
        cr_skip_test("SKIP: %s absent from the shared data folder", SAMPLES);
    fu_buf b = {0};
    for (size_t i = 0; i < n; i++)
        avr_line(&b, s, i, s[0].ts);
    *s_out = s;
    *n_out = n;
    return b;
}

Test(avr, sample_stream_every_flavour)
{
    fu_sample *s;
    size_t n;
    fu_buf b = sample_stream(&s, &n);
    fu_collect c;
    jw_feed_stats st;
    cr_assert_eq(fu_run(&avr_cfg, b.p, b.len, NULL, 0, &c, &st), JW_OK);
    cr_assert_eq(c.nframes, n);
    cr_expect_eq(st.frames, n);
    cr_expect_eq(st.bad_lines, 0);
    for (size_t i = 0; i < n; i++) {
        const jw_frame *f = &c.frames[i];
        cr_assert_eq(f->len, s[i].len);
        cr_assert(!memcmp(f->data, s[i].data, s[i].len), "frame %zu", i);
        if (i % 4 == 0) {
            cr_assert_eq(f->ts_raw, 0);
            cr_assert_float_eq(f->time, 1000.0, 1e-9); /* arrival */
        } else {
            cr_assert_eq(f->ts_raw, fu_sample_ticks(s, i, s[0].ts));
            cr_assert_float_eq(f->time, (double)s[i].ts + (double)(i + 1) * 0.001, 1e-6);
        }
        cr_assert_eq(f->signal, i % 4 == 3 ? fu_sample_signal(i) : 0);
    }
    fu_collect_free(&c);
    free(b.p);
    free(s);
}

Test(avr, any_chunking_same_output)
{
    fu_sample *s;
    size_t n;
    fu_buf b = sample_stream(&s, &n);
    fu_collect whole, part;
    jw_feed_stats st0, st1;
    cr_assert_eq(fu_run(&avr_cfg, b.p, b.len, NULL, 0, &whole, &st0), JW_OK);
    uint64_t seed = 3;
    for (int round = 0; round < 12; round++) {
        size_t chunks[32];
        for (size_t k = 0; k < 32; k++)
            chunks[k] = round == 0 ? 1 : 1 + fu_rand(&seed) % (round < 6 ? 20 : 3000);
        cr_assert_eq(fu_run(&avr_cfg, b.p, b.len, chunks, 32, &part, &st1), JW_OK);
        cr_assert_eq(part.nframes, whole.nframes);
        for (size_t i = 0; i < whole.nframes; i++)
            cr_assert(fu_frame_eq(&whole.frames[i], &part.frames[i]), "round %d frame %zu", round,
                      i);
        cr_assert(!memcmp(&st0, &st1, sizeof st0));
        fu_collect_free(&part);
    }
    fu_collect_free(&whole);
    free(b.p);
    free(s);
}

Test(avr, modeac_bad_and_long_lines)
{
    fu_buf b = {0};
    const char *good = "*8D406B909945DE10000405999BE4;\n"
                       "  *1234;  \n"                    /* Mode A/C, blanks around */
                       "@0000000000015D406B90123456;\n"; /* 56-bit with timestamp */
    const char *bad[] = {
        "*8D406B909945DE10000405999BE;\n",   /* 27 digits */
        "*8D406B909945DE10000405999BEG4;\n", /* not hex */
        "*8D406B909945DE10000405999BE4\n",   /* no ';' */
        "#8D406B909945DE10000405999BE4;\n",  /* unknown prefix */
        "@00000000005D406B90123456;\n",      /* short timestamp: 22 digits */
        ";\n",
    };
    fu_put(&b, good, strlen(good));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        fu_put(&b, bad[i], strlen(bad[i]));
    for (int i = 0; i < 3 * JW_FEED_LINE_MAX; i++)
        fu_byte(&b, 'A');
    fu_put(&b, "\n*5D406B90123456;", 17); /* final line without terminator */
    for (size_t chunk = 1; chunk < 40; chunk += 7) {
        fu_collect c;
        jw_feed_stats st;
        cr_assert_eq(fu_run(&avr_cfg, b.p, b.len, &chunk, 1, &c, &st), JW_OK);
        cr_assert_eq(c.nframes, 4);
        cr_expect_eq(c.frames[1].kind, JW_FRAME_MODEAC);
        cr_expect_eq(c.frames[1].data[0], 0x12);
        cr_expect_eq(c.frames[1].data[1], 0x34);
        cr_expect_eq(c.frames[2].ts_raw, 1);
        cr_expect_eq(c.frames[2].len, 7);
        cr_expect_eq(c.frames[3].len, 7);
        cr_expect_eq(st.modeac, 1);
        cr_expect_eq(st.frames, 3);
        cr_expect_eq(st.bad_lines, sizeof bad / sizeof bad[0]);
        cr_expect_eq(st.too_long_lines, 1);
        fu_collect_free(&c);
    }
    free(b.p);
}
