/* test_nmea.c - the NMEA reader: checksums, armoring, fill bits, cut input,
 * multipart reassembly (in order, out of order, lost, interleaved, timed out,
 * table full), tag blocks, trailing epochs, $PGHP, bounded lines.
 * Sentences are real ones quoted by the pyais, libais and gpsd test suites
 * and the Norwegian Coastal Administration sample (sources in each test). */
#include "jamwatch/input.h"
#include "jamwatch/nmea.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAXGOT 64

/* What the callback saw. */
typedef struct got {
    int n;                    /* payloads */
    size_t nbits[MAXGOT];     /* their lengths */
    uint8_t bytes[MAXGOT][8]; /* their first bytes */
    double time[MAXGOT];      /* their times */
    int time_src[MAXGOT];
    char channel[MAXGOT];
    char source[MAXGOT][16];
    char talker[MAXGOT][3];
    int fragments[MAXGOT];
} got;

static void on_msg(void *user, const jw_nmea_msg *m)
{
    got *g = user;
    if (g->n >= MAXGOT)
        return;
    g->nbits[g->n] = m->nbits;
    memcpy(g->bytes[g->n], m->bits, 8);
    g->time[g->n] = m->time;
    g->time_src[g->n] = m->time_src;
    g->channel[g->n] = m->channel;
    snprintf(g->source[g->n], 16, "%s", m->source);
    memcpy(g->talker[g->n], m->talker, 3);
    g->fragments[g->n] = m->fragments;
    g->n++;
}

static jw_nmea *feed(const jw_nmea_config *cfg, const char *text, got *g, jw_nmea_stats *st)
{
    jw_nmea *r;
    cr_assert_eq(jw_nmea_open(cfg, &r), JW_OK);
    memset(g, 0, sizeof *g);
    cr_assert_eq(jw_nmea_push(r, text, strlen(text), NAN, on_msg, g), JW_OK);
    jw_nmea_finish(r, NAN, on_msg, g);
    jw_nmea_get_stats(r, st);
    return r;
}

/* pyais test_decode.py: type 1, MMSI 366053209. */
static const char *const type1 = "!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\n";

Test(nmea, single_sentence_bits_and_channel)
{
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, type1, &g, &st));
    cr_assert_eq(g.n, 1);
    cr_expect_eq(g.nbits[0], 168);
    /* '1' = 000001, '5' = 000101: type 1, repeat 0, MMSI bits follow. */
    cr_expect_eq(g.bytes[0][0], 0x04);
    cr_expect_eq(g.bytes[0][1] >> 4, 0x5);
    cr_expect_eq(g.channel[0], 'B');
    cr_expect_str_eq(g.talker[0], "AI");
    cr_expect(isnan(g.time[0]));
    cr_expect_eq(st.sentences, 1);
    cr_expect_eq(st.payloads, 1);
}

Test(nmea, bad_checksum_counted_not_delivered)
{
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, "!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5D\n", &g, &st));
    cr_expect_eq(g.n, 0);
    cr_expect_eq(st.bad_checksum, 1);
}

Test(nmea, fill_bits_removed)
{
    /* gpsd sample.aivdm, type 24 part A: 27 characters, fill 2 = 160 bits. */
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, "!AIVDM,1,1,,A,H7lca<@P5<qE9w3F22222222220,2*2F\n", &g, &st));
    cr_assert_eq(g.n, 1);
    cr_expect_eq(g.nbits[0], 160);
}

Test(nmea, cut_anywhere_same_result)
{
    const char *text =
        "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\r\n"
        "!AIVDM,2,2,1,A,88888888880,2*25\r\n"
        "!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\r\n";
    got whole;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, text, &whole, &st));
    cr_assert_eq(whole.n, 2);
    cr_expect_eq(whole.nbits[0], 424);
    for (size_t step = 1; step < 9; step++) {
        jw_nmea *r;
        got g = {0};
        cr_assert_eq(jw_nmea_open(NULL, &r), JW_OK);
        for (size_t i = 0; i < strlen(text); i += step) {
            size_t k = strlen(text) - i < step ? strlen(text) - i : step;
            jw_nmea_push(r, text + i, k, NAN, on_msg, &g);
        }
        jw_nmea_finish(r, NAN, on_msg, &g);
        jw_nmea_close(r);
        cr_assert_eq(g.n, 2, "step %zu", step);
        cr_expect_eq(g.nbits[0], whole.nbits[0]);
        cr_expect_eq(memcmp(g.bytes, whole.bytes, sizeof g.bytes), 0);
    }
}

/* pyais type 5 in two fragments, sequence id 1. */
static const char *const t5a =
    "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\n";
static const char *const t5b = "!AIVDM,2,2,1,A,88888888880,2*25\n";

Test(nmea, multipart_out_of_order_is_lost)
{
    char text[512];
    snprintf(text, sizeof text, "%s%s%s", t5b, t5a, type1);
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, text, &g, &st));
    /* Part 2 without part 1 loses that message; part 1 then never completes. */
    cr_expect_eq(g.n, 1);
    cr_expect_eq(g.nbits[0], 168);
    cr_expect_eq(st.frag_lost, 2);
    cr_expect_eq(st.fragments, 2);
}

Test(nmea, multipart_repeated_first_part_loses_the_earlier)
{
    char text[512];
    snprintf(text, sizeof text, "%s%s%s", t5a, t5a, t5b);
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, text, &g, &st));
    cr_expect_eq(g.n, 1);
    cr_expect_eq(g.nbits[0], 424);
    cr_expect_eq(st.frag_lost, 1);
}

Test(nmea, multipart_different_sequence_ids_not_joined)
{
    /* AISHub sample line 18536-18537: part 1 of sequence 4 then part 2 of
     * sequence 1 on the same channel: two different messages, both lost. */
    const char *text =
        "!AIVDM,2,1,4,A,56@4OP02=uKT5DEH000l4h5HUT61ALDqAT00001;1@v884o@0:kRT`4RAh00,0*58\n"
        "!AIVDM,2,2,1,A,000000000000000,2*25\n";
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, text, &g, &st));
    cr_expect_eq(g.n, 0);
    cr_expect_eq(st.frag_lost, 2);
}

Test(nmea, interleaved_channels_reassembled)
{
    /* The same message on channel A and channel B interleaved. */
    char b1[128], b2[128], text[512];
    snprintf(b1, sizeof b1, "%s", t5a);
    snprintf(b2, sizeof b2, "%s", t5b);
    b1[13] = 'B';
    b2[13] = 'B';
    /* Fix the checksums of the channel-B copies: A ^ B = 3. */
    char *s1 = strchr(b1, '*'), *s2 = strchr(b2, '*');
    unsigned c1 = (unsigned)strtoul(s1 + 1, NULL, 16) ^ 3u,
             c2 = (unsigned)strtoul(s2 + 1, NULL, 16) ^ 3u;
    snprintf(s1 + 1, 4, "%02X\n", c1);
    snprintf(s2 + 1, 4, "%02X\n", c2);
    snprintf(text, sizeof text, "%s%s%s%s", t5a, b1, t5b, b2);
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, text, &g, &st));
    cr_assert_eq(g.n, 2);
    cr_expect_eq(g.channel[0], 'A');
    cr_expect_eq(g.channel[1], 'B');
    cr_expect_eq(g.nbits[1], 424);
    cr_expect_eq(st.frag_lost, 0);
}

Test(nmea, fragment_timeout_uses_time_parameter)
{
    jw_nmea_config cfg = {.frag_timeout = 5};
    jw_nmea *r;
    got g = {0};
    cr_assert_eq(jw_nmea_open(&cfg, &r), JW_OK);
    jw_nmea_push(r, t5a, strlen(t5a), 100.0, on_msg, &g);
    jw_nmea_push(r, t5b, strlen(t5b), 107.0, on_msg, &g);
    jw_nmea_stats st;
    jw_nmea_get_stats(r, &st);
    cr_expect_eq(g.n, 0);
    cr_expect_eq(st.frag_timeout, 1);
    cr_expect_eq(st.frag_lost, 1); /* the orphaned second part */
    /* Within the timeout it completes. */
    jw_nmea_push(r, t5a, strlen(t5a), 200.0, on_msg, &g);
    jw_nmea_push(r, t5b, strlen(t5b), 204.0, on_msg, &g);
    cr_expect_eq(g.n, 1);
    jw_nmea_close(r);
}

Test(nmea, fragment_table_is_bounded)
{
    jw_nmea_config cfg = {.max_partial = 4};
    jw_nmea *r;
    got g = {0};
    cr_assert_eq(jw_nmea_open(&cfg, &r), JW_OK);
    /* 9 first parts with distinct sequence ids on 2 channels... */
    for (int seq = 0; seq < 9; seq++) {
        char line[128];
        snprintf(line, sizeof line, "%s", t5a);
        line[11] = (char)('0' + seq);
        char *star = strchr(line, '*');
        unsigned c = (unsigned)strtoul(star + 1, NULL, 16) ^ '1' ^ (unsigned)line[11];
        snprintf(star + 1, 4, "%02X\n", c);
        jw_nmea_push(r, line, strlen(line), NAN, on_msg, &g);
    }
    jw_nmea_stats st;
    jw_nmea_get_stats(r, &st);
    cr_expect_eq(st.frag_evicted, 5);
    jw_nmea_finish(r, NAN, on_msg, &g);
    jw_nmea_get_stats(r, &st);
    cr_expect_eq(st.frag_lost, 4);
    jw_nmea_close(r);
}

Test(nmea, tag_block_time_and_source)
{
    /* Kystverket Ais1000Lines.nm4 first line style, and libais tagblock.nmea. */
    const char *text =
        "\\s:2573105,c:1565218798*01\\!BSVDM,1,1,,A,13mb9U0P00PRk8fT5nw>4?wj2006,0*5D\n"
        "\\c:1565218798123*63\\!BSVDM,1,1,,A,13mb9U0P00PRk8fT5nw>4?wj2006,0*5D\n"
        "\\c:1565218798*54\\!BSVDM,1,1,,A,13mb9U0P00PRk8fT5nw>4?wj2006,0*5D\n";
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, text, &g, &st));
    cr_assert_eq(g.n, 3);
    cr_expect_eq(g.time_src[0], JW_NMEA_TIME_TAG);
    cr_expect_float_eq(g.time[0], 1565218798.0, 1e-6);
    cr_expect_str_eq(g.source[0], "2573105");
    cr_expect_str_eq(g.talker[0], "BS");
    cr_expect_float_eq(g.time[1], 1565218798.123, 1e-6); /* milliseconds */
    /* Bad tag checksum: the sentence is kept, its tag block ignored. */
    cr_expect_eq(st.bad_tag_checksum, 1);
    cr_expect(isnan(g.time[2]));
}

Test(nmea, tag_block_group_time_carried_to_last_part)
{
    /* amsa-risky exact-earth-with-tag-block.txt */
    const char *text = "\\g:1-2-3985,s:rEV02,c:1334337317*2D\\!AIVDM,2,1,9,B,"
                       "58KvN<42ACikUKW77F1H4hF0<PTp622222222216`0`cF5BF0RT13H0T,0*70\n"
                       "\\g:2-2-3985*5A\\!AIVDM,2,2,9,B,PFRC88888888880,2*29\n";
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, text, &g, &st));
    cr_assert_eq(g.n, 1);
    cr_expect_eq(g.nbits[0], 424);
    cr_expect_float_eq(g.time[0], 1334337317.0, 1e-6);
    cr_expect_str_eq(g.source[0], "rEV02");
    cr_expect_eq(st.bad_tag_checksum, 0);
}

Test(nmea, trailing_epoch_and_pghp)
{
    /* libais test.aivdm (USCG style) and dma-aislib stream_example.txt. */
    const char *text = "!AIVDM,1,1,,B,181:Kjh01ewHFRPDK1s3IRcn06sd,0*08,raishub,1342569600\n"
                       "$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B\n"
                       "!AIVDM,1,1,,B,402=481uaUcf;OQ55JS9ITi025Jp,0*2B\n"
                       "!AIVDM,1,1,,B,402=481uaUcf;OQ55JS9ITi025Jp,0*2B\n";
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(NULL, text, &g, &st));
    cr_assert_eq(g.n, 3);
    cr_expect_eq(g.time_src[0], JW_NMEA_TIME_TRAILING);
    cr_expect_float_eq(g.time[0], 1342569600.0, 1e-6);
    cr_expect_eq(g.time_src[1], JW_NMEA_TIME_PGHP);
    /* 2010-06-11 11:46:11.390 UTC */
    cr_expect_float_eq(g.time[1], 1276256771.39, 1e-6);
    cr_expect(isnan(g.time[2])); /* a $PGHP line applies to one sentence */
    cr_expect_eq(st.pghp, 1);
}

/* "$BODY*hh\n" with the checksum of BODY, in buf. */
static const char *pghp_line(char *buf, size_t size, const char *body)
{
    unsigned sum = 0;
    for (const char *p = body; *p; p++)
        sum ^= (unsigned char)*p;
    snprintf(buf, size, "$%s*%02X\n", body, sum);
    return buf;
}

Test(nmea, pghp_dates_out_of_range_refused)
{
    /* Years far out of range once overflowed the day count (a fuzzing find);
     * such lines, and year 0 or 10000, are not time lines: the next sentence
     * gets no time from them. */
    static const char *const bad[] = {
        "PGHP,1,9223372036854775807,6,11,11,46,11,390,231,45,992190934,1,2B",
        "PGHP,1,-9223372036854775807,6,11,11,46,11,390,231,45,1,1,2B",
        "PGHP,1,0,6,11,11,46,11,390,231,45,992190934,1,2B",
        "PGHP,1,10000,6,11,11,46,11,390,231,45,992190934,1,2B",
        "PGHP,1,2010,13,11,11,46,11,390,231,45,992190934,1,2B",
        "PGHP,1,2010,6,32,11,46,11,390,231,45,992190934,1,2B",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[512], line[256];
        snprintf(text, sizeof text, "%s%s", pghp_line(line, sizeof line, bad[i]), type1);
        got g;
        jw_nmea_stats st;
        jw_nmea_close(feed(NULL, text, &g, &st));
        cr_assert_eq(g.n, 1, "%s", bad[i]);
        cr_expect_eq(st.pghp, 0, "%s", bad[i]);
        cr_expect(isnan(g.time[0]), "%s", bad[i]);
    }
    /* The edges of the range, against the days they are. */
    static const struct {
        const char *body;
        double t;
    } good[] = {
        {"PGHP,1,1,1,1,0,0,0,0,0,0,0,1,2B", -62135596800.0},
        {"PGHP,1,9999,12,31,23,59,59,999,0,0,0,1,2B", 253402300799.999},
        {"PGHP,1,2000,2,29,0,0,0,0,0,0,0,1,2B", 951782400.0},
        {"PGHP,1,1969,12,31,0,0,0,0,0,0,0,1,2B", -86400.0},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        char text[512], line[256];
        snprintf(text, sizeof text, "%s%s", pghp_line(line, sizeof line, good[i].body), type1);
        got g;
        jw_nmea_stats st;
        jw_nmea_close(feed(NULL, text, &g, &st));
        cr_assert_eq(g.n, 1, "%s", good[i].body);
        cr_expect_eq(st.pghp, 1, "%s", good[i].body);
        cr_expect_float_eq(g.time[0], good[i].t, 1e-3, "%s", good[i].body);
    }
}

Test(nmea, garbage_and_long_lines_counted)
{
    jw_nmea_config cfg = {.max_line = 100};
    char text[1024];
    memset(text, 'x', 300);
    text[300] = '\n';
    snprintf(text + 301, sizeof text - 301,
             "$GPZDA,115327,27,01,2012,,*4A\n!AIVDM,1,1,,B,15M67FC000G?uf\n"
             "!AIVDM,1,1,,B,15M67F~000G?ufbE`FepT@3n00Sa,0*61\n"
             "!AIVDM,9,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*54\n%s",
             type1);
    got g;
    jw_nmea_stats st;
    jw_nmea_close(feed(&cfg, text, &g, &st));
    cr_expect_eq(g.n, 1);
    cr_expect_eq(st.too_long, 1);
    cr_expect_eq(st.other, 1);
    cr_expect_eq(st.malformed, 2); /* the cut sentence has no '*'; '~' is no payload character */
    cr_expect_eq(st.frag_lost, 1); /* part 1 of 9, never completed */
    cr_expect_eq(st.lines, 6);
}

Test(nmea, datagrams_end_lines)
{
    jw_nmea *r;
    got g = {0};
    cr_assert_eq(jw_nmea_open(NULL, &r), JW_OK);
    const char *dg = "!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C"; /* no newline */
    jw_nmea_datagram(r, dg, strlen(dg), 1.0, on_msg, &g);
    jw_nmea_datagram(r, dg, strlen(dg), 2.0, on_msg, &g);
    cr_expect_eq(g.n, 2);
    jw_nmea_close(r);
}

Test(nmea, descriptor_source_through_jw_input)
{
    /* A TCP feed arrives as a descriptor: a pipe stands in for the socket. */
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    const char *text =
        "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\n"
        "!AIVDM,2,2,1,A,88888888880,2*25\n";
    cr_assert_eq(write(fds[1], text, strlen(text)), (ssize_t)strlen(text));
    close(fds[1]);
    jw_input *in;
    cr_assert_eq(jw_input_from_fd(fds[0], true, "pipe", &in), JW_OK);
    jw_nmea *r;
    got g = {0};
    cr_assert_eq(jw_nmea_open(NULL, &r), JW_OK);
    uint8_t buf[7]; /* small reads: sentences arrive cut */
    size_t n;
    while (jw_input_read(in, buf, sizeof buf, &n) == JW_OK && n)
        jw_nmea_push(r, buf, n, 0.0, on_msg, &g);
    jw_nmea_finish(r, 0.0, on_msg, &g);
    cr_expect_eq(g.n, 1);
    cr_expect_eq(g.nbits[0], 424);
    jw_nmea_close(r);
    jw_input_close(in);
}

Test(nmea, random_garbage_between_good_lines)
{
    /* 200 good sentences, each after up to 3000 bytes of noise (often with
     * no newline for longer than a line may be): the good ones that start a
     * line all decode, the rest is counted, and nothing grows. */
    jw_nmea_config cfg = {.max_line = 256};
    jw_nmea *r;
    got g = {0};
    cr_assert_eq(jw_nmea_open(&cfg, &r), JW_OK);
    uint32_t x = 2463534242u;
    int expected = 0;
    for (int i = 0; i < 200; i++) {
        char noise[3000];
        size_t n = (x >> 3) % sizeof noise;
        for (size_t k = 0; k < n; k++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            noise[k] = (char)(x & 0xFF);
        }
        jw_nmea_push(r, noise, n, NAN, on_msg, &g);
        jw_nmea_push(r, "\n", 1, NAN, on_msg, &g); /* end whatever the noise began */
        jw_nmea_push(r, type1, strlen(type1), NAN, on_msg, &g);
        expected++;
    }
    jw_nmea_finish(r, NAN, on_msg, &g);
    jw_nmea_stats st;
    jw_nmea_get_stats(r, &st);
    cr_expect_eq(st.payloads, (uint64_t)expected);
    cr_expect_eq(g.n < MAXGOT ? g.n : MAXGOT, MAXGOT);
    cr_expect_gt(st.too_long + st.other + st.malformed + st.bad_checksum, 0);
    jw_nmea_close(r);
}
