/* test_pipeline.c - the first stages end to end against readsb: the 2,000
 * real messages of sample_data_adsb.csv, fed as a Beast stream through the
 * feed reader, the decoder and the aircraft table, give the positions readsb
 * 3.14 printed for the same stream (peers/readsb_verbose_adsb2k.txt) within
 * 1e-5 degrees, and the same NIC and NACp. */
#include "feedutil.h"
#include "jamwatch/pipeline.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct got_msgs {
    jw_msg *m;
    size_t n, cap;
} got_msgs;

static void keep(void *user, const jw_msg *m, const jw_aircraft *a)
{
    (void)a;
    got_msgs *g = user;
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 1024;
        g->m = realloc(g->m, g->cap * sizeof *g->m);
    }
    g->m[g->n++] = *m;
}

/* What readsb printed for one message. */
typedef struct peer_pos {
    bool has_pos;
    double lat, lon;
    int nic, nacp; /* -1 when not printed */
} peer_pos;

static size_t parse_readsb(char *text, peer_pos *out, size_t cap)
{
    size_t n = 0;
    /* Every block starts with the frame as "*<hex>;" at the start of a line. */
    for (char *p = text[0] == '*' ? text : strstr(text, "\n*"); p && n < cap;
         p = strstr(p + 1, "\n*")) {
        char *next = strstr(p + 1, "\n*");
        char *end = next ? next : p + strlen(p);
        char saved = *end;
        *end = '\0';
        peer_pos *q = &out[n++];
        q->has_pos = strstr(p, "CPR decoding:  global") || strstr(p, "CPR decoding:  local");
        q->nic = q->nacp = -1;
        if (q->has_pos) {
            q->lat = strtod(strstr(p, "CPR latitude:") + 13, NULL);
            q->lon = strtod(strstr(p, "CPR longitude:") + 14, NULL);
            char *s = strstr(p, "\n  NIC:");
            if (s)
                q->nic = (int)strtol(s + 7, NULL, 10);
            s = strstr(p, "NACp:");
            if (s)
                q->nacp = (int)strtol(s + 5, NULL, 10);
        }
        *end = saved;
    }
    return n;
}

Test(pipeline, sample_as_beast_matches_readsb)
{
    TU_DATA_OR_SKIP(peer, "modes/peers/readsb_verbose_adsb2k.txt");
    size_t ns;
    fu_sample *s = fu_load_samples("modes/sample_data_adsb.csv", &ns);
    cr_assert_not_null(s);
    fu_buf b = {0};
    for (size_t i = 0; i < ns; i++)
        fu_beast_frame(&b, '3', fu_sample_ticks(s, i, s[0].ts), 128, s[i].data, s[i].len);

    got_msgs g = {0};
    jw_pipeline *p;
    cr_assert_eq(jw_pipeline_open(NULL, keep, &g, &p), JW_OK);
    jw_feed_config fc = {.format = JW_FMT_BEAST, .time_base = (double)s[0].ts};
    jw_feed *feed;
    cr_assert_eq(jw_feed_open(&fc, &feed), JW_OK);
    jw_feed_sink sink = jw_pipeline_sink(p);
    cr_assert_eq(jw_feed_push(feed, b.p, b.len, 0, &sink), JW_OK);
    cr_assert_eq(jw_feed_finish(feed, &sink), JW_OK);
    cr_assert_eq(g.n, ns, "every message accepted");

    char *text = tu_read_file(peer, NULL);
    peer_pos *want = calloc(ns, sizeof *want);
    cr_assert_eq(parse_readsb(text, want, ns), ns);
    size_t both = 0, only_peer = 0, only_ours = 0;
    for (size_t i = 0; i < ns; i++) {
        const jw_msg *m = &g.m[i];
        bool ours = JW_HAS(m, JW_F_POS);
        if (want[i].has_pos && ours) {
            both++;
            cr_expect(fabs(m->lat - want[i].lat) <= 1e-5 && fabs(m->lon - want[i].lon) <= 1e-5,
                      "message %zu: %.6f,%.6f readsb %.6f,%.6f", i, m->lat, m->lon, want[i].lat,
                      want[i].lon);
            if (want[i].nic >= 0)
                cr_expect_eq(m->nic, want[i].nic, "message %zu NIC", i);
            if (want[i].nacp >= 0)
                cr_expect_eq(m->nacp, want[i].nacp, "message %zu NACp", i);
        } else if (want[i].has_pos) {
            only_peer++;
        } else if (ours) {
            only_ours++;
        }
    }
    cr_log_info("positions: %zu both, %zu readsb only, %zu jamwatch only", both, only_peer,
                only_ours);
    cr_expect_geq(both, 925u);
    cr_expect_eq(only_peer, 0u, "every readsb position is found");
    free(want);
    free(text);
    free(g.m);
    free(b.p);
    free(s);
    free(peer);
    jw_feed_close(feed);
    jw_pipeline_close(p);
}
