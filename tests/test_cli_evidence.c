/*
 * test_cli_evidence.c - the cross-aircraft evidence end to end on a
 * simulated levant quarter hour (`jamwatch sim` then `jamwatch analyze`):
 * with the scenario's own receivers (--receivers truth.json) no position is
 * beyond every horizon; with one receiver on the far side of the earth
 * every position is (the horizon check works, and says how much an
 * incomplete receiver list costs); every aircraft flagged spoof_cluster is
 * spoofed in the truth.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Incidents of kind in dir/targets.jsonl; their targets into tg (up to 256). */
static int incidents(const char *dir, const char *kind, char tg[][16])
{
    char p[512], line[2048];
    snprintf(p, sizeof p, "%s/targets.jsonl", dir);
    FILE *f = fopen(p, "r");
    cr_assert(f, "no %s", p);
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        json_t *j = json_loads(line, 0, NULL);
        const char *k = json_string_value(json_object_get(j, "kind"));
        if (k && !strcmp(k, kind)) {
            if (tg && n < 256)
                snprintf(tg[n], 16, "%s", json_string_value(json_object_get(j, "target")));
            n++;
        }
        json_decref(j);
    }
    fclose(f);
    return n;
}

static bool spoofed_in_truth(json_t *truth, const char *hex)
{
    size_t i, k;
    json_t *a, *iv;
    json_array_foreach(json_object_get(truth, "aircraft"), i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "icao")), hex))
            continue;
        json_array_foreach(json_object_get(a, "intervals"), k,
                           iv) if (!strcmp(json_string_value(json_object_get(iv, "state")),
                                           "spoofed")) return true;
    }
    return false;
}

Test(cli_evidence, horizon_and_cluster_on_levant, .timeout = 120)
{
    char d[] = "/tmp/jw_evid_XXXXXX", cmd[2048], res[600];
    cr_assert(mkdtemp(d));
    snprintf(cmd, sizeof cmd,
             "%s sim levant --hours 0.5 --out %s >/dev/null 2>&1 && "
             "%s analyze --no-locate --receivers %s/truth.json --out %s/rx %s/adsb.beast "
             "2>/dev/null && "
             "%s analyze --no-locate --receiver -33.9,-145.5,30 --out %s/far %s/adsb.beast "
             "2>/dev/null",
             tu_bin(), d, tu_bin(), d, d, d, tu_bin(), d, d);
    cr_assert_eq(tu_sh(cmd), 0);
    snprintf(res, sizeof res, "%s/rx", d);
    cr_expect_eq(incidents(res, "spoof_range", NULL), 0, "a real position beyond the horizon");
    static char tg[256][16];
    int nc = incidents(res, "spoof_cluster", tg);
    cr_expect_gt(nc, 0, "aircraft seen only at the fake point are flagged by the cluster check");
    snprintf(cmd, sizeof cmd, "%s/truth.json", d);
    json_t *truth = json_load_file(cmd, 0, NULL);
    cr_assert(truth);
    for (int i = 0; i < nc && i < 256; i++)
        cr_expect(spoofed_in_truth(truth, tg[i]), "%s flagged at one point, not spoofed", tg[i]);
    json_decref(truth);
    snprintf(res, sizeof res, "%s/far", d);
    int nfar = incidents(res, "spoof_range", NULL);
    cr_expect_gt(nfar, 20, "with a receiver on the far side, every aircraft is beyond it: %d",
                 nfar);
    snprintf(cmd, sizeof cmd, "rm -rf %s", d);
    tu_sh(cmd);
}

Test(cli_evidence, bad_receiver_is_a_usage_error)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s analyze --receiver 95,1 --out /tmp/x /dev/null 2>/dev/null",
             tu_bin());
    cr_expect_eq(tu_sh(cmd), 2);
}

/* --window takes 1 s to 366 d with an optional unit; anything else is a
 * usage error naming the range. "inf" was taken (and made every window's
 * start NaN), and "10ms" or "1e-300" reached the engine, which refused them
 * with "bad options or out of memory". */
Test(cli_evidence, window_out_of_range_is_a_usage_error)
{
    /* In range, the options pass and the missing input is what fails (1). */
    static const struct {
        const char *w;
        int rc;
        const char *says;
    } cases[] = {{"inf", 2, "from 1s to 366d"},    {"nan", 2, "from 1s to 366d"},
                 {"1e308d", 2, "from 1s to 366d"}, {"0.5", 2, "from 1s to 366d"},
                 {"10ms", 2, "from 1s to 366d"},   {"367d", 2, "from 1s to 366d"},
                 {" 10", 2, "from 1s to 366d"},    {"d", 2, "from 1s to 366d"},
                 {"", 2, "from 1s to 366d"},       {"1", 1, "cannot open"},
                 {"90s", 1, "cannot open"},        {"10m", 1, "cannot open"},
                 {"1.5h", 1, "cannot open"},       {"366d", 1, "cannot open"}};
    char cmd[512], *out = NULL, *err = NULL;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(cmd, sizeof cmd, "%s analyze --window '%s' --out /tmp/x /nonexistent/in", tu_bin(),
                 cases[i].w);
        cr_expect_eq(tu_run(cmd, &out, &err), cases[i].rc, "--window '%s'", cases[i].w);
        cr_expect(err && strstr(err, cases[i].says), "--window '%s': %s", cases[i].w, err);
        free(out), free(err);
    }
}
