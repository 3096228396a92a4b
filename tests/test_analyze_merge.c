/*
 * test_analyze_merge.c - `jamwatch analyze` with several inputs reads them
 * merged by message time (cli/analyze_merge.c): a simulated levant quarter
 * hour analysed from the merged ADS-B feed and from its six receivers' own
 * feeds gives the same cells, and the order of the inputs (AIS first or
 * last) does not change the result; run.json names the domains covered.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *cells_of(const char *dir)
{
    char p[512];
    snprintf(p, sizeof p, "%s/cells.csv", dir);
    char *s = tu_read_file(p, NULL);
    cr_assert(s, "no %s", p);
    return s;
}

static long lines(const char *s)
{
    long n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(analyze_merge, receivers_feeds_merge_to_the_merged_feed, .timeout = 120)
{
    char d[] = "/tmp/jw_merge_XXXXXX", cmd[2048];
    cr_assert(mkdtemp(d));
    snprintf(cmd, sizeof cmd, "%s sim levant --hours 0.25 --per-receiver --out %s >/dev/null 2>&1",
             tu_bin(), d);
    cr_assert_eq(tu_sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s analyze --no-locate --out %s/one %s/adsb.beast 2>/dev/null",
             tu_bin(), d, d);
    cr_assert_eq(tu_sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s analyze --no-locate --out %s/six %s/adsb-rx-*.beast 2>/dev/null",
             tu_bin(), d, d);
    cr_assert_eq(tu_sh(cmd), 0);
    char p1[512], p6[512];
    snprintf(p1, sizeof p1, "%s/one", d);
    snprintf(p6, sizeof p6, "%s/six", d);
    char *one = cells_of(p1), *six = cells_of(p6);
    cr_expect_gt(lines(one), 50, "cells: %ld rows", lines(one));
    cr_expect_str_eq(six, one, "six receivers' feeds merged differ from the merged feed");
    free(one), free(six);

    /* AIS and ADS-B in either order: same cells, both domains covered */
    snprintf(cmd, sizeof cmd,
             "export JW_LANDMASK=; " /* the land checks are not what is tested here */
             "%s analyze --no-locate --out %s/ab %s/ais.nmea %s/adsb.beast 2>/dev/null && "
             "%s analyze --no-locate --out %s/ba %s/adsb.beast %s/ais.nmea 2>/dev/null",
             tu_bin(), d, d, d, tu_bin(), d, d, d);
    cr_assert_eq(tu_sh(cmd), 0);
    snprintf(p1, sizeof p1, "%s/ab", d);
    snprintf(p6, sizeof p6, "%s/ba", d);
    char *ab = cells_of(p1), *ba = cells_of(p6);
    cr_expect_str_eq(ab, ba, "the order of the inputs changed the cells");
    free(ab), free(ba);
    snprintf(p1, sizeof p1, "%s/ab/run.json", d);
    json_t *run = json_load_file(p1, 0, NULL);
    cr_assert(run, "no run.json");
    json_t *dom = json_object_get(run, "domains");
    cr_expect_eq(json_array_size(dom), 2);
    cr_expect_str_eq(json_string_value(json_array_get(dom, 0)), "air");
    cr_expect_str_eq(json_string_value(json_array_get(dom, 1)), "sea");
    json_decref(run);
    snprintf(cmd, sizeof cmd, "rm -rf %s", d);
    tu_sh(cmd);
}

Test(analyze_merge, unknown_input_is_a_one_line_error)
{
    char f[] = "/tmp/jw_merge_bad_XXXXXX", cmd[1024];
    int fd = mkstemp(f);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, "hello, world\n", 13), 13);
    close(fd);
    snprintf(cmd, sizeof cmd, "%s analyze --out %s.out %s 2>/dev/null", tu_bin(), f, f);
    cr_expect_neq(tu_sh(cmd), 0);
    unlink(f);
    snprintf(cmd, sizeof cmd, "rm -rf %s.out", f);
    tu_sh(cmd);
}
