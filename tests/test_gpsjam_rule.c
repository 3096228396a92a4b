/*
 * test_gpsjam_rule.c - `jamwatch analyze --rule gpsjam` on a simulated
 * stretch of a day gives, per hex, the counts and classes of gpsjam.org's
 * published rule (REFERENCE §2) applied here independently to the aircraft
 * table's readsb-style flags, and gpsjam's CSV columns.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jamwatch/feed.h"
#include "jamwatch/h3.h"
#include "jamwatch/pipeline.h"
#include "testutil.h"

enum { MAXK = 1 << 16 };

typedef struct seen {
    jw_h3 hex[MAXK]; /* (hex, aircraft) pairs */
    uint32_t addr[MAXK];
    uint8_t bad[MAXK]; /* flagged "GPS not OK" there at least once */
    size_t n;
} seen;

static void on_msg(void *user, const jw_msg *m, const jw_aircraft *a)
{
    (void)m;
    seen *s = user;
    if (!a || !a->pos_valid || a->gnss == JW_GNSS_UNKNOWN)
        return;
    jw_h3 h;
    if (jw_h3_from_latlng(a->lat, a->lon, 4, &h) != JW_OK)
        return;
    for (size_t i = s->n; i-- > 0;)
        if (s->hex[i] == h && s->addr[i] == a->addr) {
            s->bad[i] |= a->gnss == JW_GNSS_BAD;
            return;
        }
    cr_assert_lt(s->n, MAXK);
    s->hex[s->n] = h, s->addr[s->n] = a->addr, s->bad[s->n] = a->gnss == JW_GNSS_BAD;
    s->n++;
}

/* gpsjam.org: f = (bad - 1) / (bad + good); green < 2 %, yellow < 10 %, red. */
static int gpsjam_class(unsigned good, unsigned bad)
{
    double f = ((double)bad - 1) / (bad + good);
    return f < 0.02 ? 1 : f < 0.10 ? 2 : 3;
}

Test(gpsjam_rule, same_counts_and_classes_per_hex)
{
    char dir[] = "/tmp/jw_gpsjam_XXXXXX", cmd[1024], path[1200];
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "%s sim korea --hours 0.3 --out %s >/dev/null 2>&1 && %s analyze --rule gpsjam "
             "--out %s/res %s/adsb.beast 2>/dev/null",
             tu_bin(), dir, tu_bin(), dir, dir);
    cr_assert_eq(system(cmd), 0, "%s", cmd);

    /* the independent computation over the same feed */
    static seen s;
    memset(&s, 0, sizeof s);
    jw_pipeline *p;
    cr_assert_eq(jw_pipeline_open(NULL, on_msg, &s, &p), JW_OK);
    snprintf(path, sizeof path, "%s/adsb.beast", dir);
    size_t len;
    char *buf = tu_read_file(path, &len);
    cr_assert(buf);
    jw_feed_config fc = {.format = JW_FMT_BEAST, .time_base = 1728453600}; /* korea start */
    jw_feed *feed;
    cr_assert_eq(jw_feed_open(&fc, &feed), JW_OK);
    jw_feed_sink sink = jw_pipeline_sink(p);
    cr_assert_eq(jw_feed_push(feed, (const uint8_t *)buf, len, 0, &sink), JW_OK);
    jw_feed_finish(feed, &sink);
    jw_feed_close(feed);
    jw_pipeline_close(p);
    free(buf);

    snprintf(path, sizeof path, "%s/res/cells.csv", dir);
    FILE *f = fopen(path, "r");
    cr_assert(f);
    char line[256];
    cr_assert(fgets(line, sizeof line, f));
    cr_assert_str_eq(line, "hex,count_good_aircraft,count_bad_aircraft\n");
    size_t rows = 0, red = 0;
    while (fgets(line, sizeof line, f)) {
        char hex[32];
        char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        cr_assert(c1 && c2 && (size_t)(c1 - line) < sizeof hex);
        memcpy(hex, line, (size_t)(c1 - line));
        hex[c1 - line] = 0;
        unsigned good = (unsigned)strtoul(c1 + 1, NULL, 10),
                 bad = (unsigned)strtoul(c2 + 1, NULL, 10);
        jw_h3 h;
        cr_assert_eq(jw_h3_from_string(hex, &h), JW_OK);
        unsigned g = 0, b = 0;
        for (size_t i = 0; i < s.n; i++)
            if (s.hex[i] == h)
                s.bad[i] ? b++ : g++;
        cr_expect(g == good && b == bad, "%s: %u/%u here, %u/%u by the rule", hex, good, bad, g, b);
        cr_expect_eq(gpsjam_class(good, bad), gpsjam_class(g, b));
        red += gpsjam_class(good, bad) == 3;
        rows++;
    }
    fclose(f);
    size_t hexes = 0;
    for (size_t i = 0; i < s.n; i++) {
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = s.hex[j] != s.hex[i];
        hexes += first;
    }
    cr_expect_eq(rows, hexes, "every hex the rule sees is in the CSV");
    cr_expect_gt(red, 0, "the korea jammers should turn some hexes red");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}
