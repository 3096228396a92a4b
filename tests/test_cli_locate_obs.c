/*
 * test_cli_locate_obs.c - `jamwatch analyze --locate-obs` writes what the
 * locator was given: on a simulated levant half hour, every published
 * emitter's event has as many rows in locate_obs.csv as the emitter counts
 * valid observations (n_obs), of the emitter's kind; without the option no
 * such file is written and the products are the same.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Rows of path for event id and kind ("jamming", "spoofing"); -1 when the
 * header is not the documented one. */
static long rows_of(const char *path, unsigned long long id, const char *kind)
{
    FILE *f = fopen(path, "r");
    cr_assert(f, "no %s", path);
    char line[512];
    long n = 0;
    if (!fgets(line, sizeof line, f) ||
        strcmp(line, "event_id,kind,lat,lon,alt_m,time,affected,weight,band,target\n")) {
        fclose(f);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        char *end;
        unsigned long long e = strtoull(line, &end, 10);
        if (e == id && *end == ',' && !strncmp(end + 1, kind, strlen(kind)))
            n++;
    }
    fclose(f);
    return n;
}

Test(cli_locate_obs, rows_match_the_emitters_observations, .timeout = 180)
{
    char d[] = "/tmp/jw_lobs_XXXXXX", cmd[2048], p[600];
    cr_assert(mkdtemp(d));
    snprintf(cmd, sizeof cmd,
             "%s sim levant --hours 0.5 --out %s >/dev/null 2>&1 && "
             "%s analyze --locate-obs --out %s/with %s/adsb.beast 2>/dev/null && "
             "%s analyze --out %s/without %s/adsb.beast 2>/dev/null && "
             "cmp -s %s/with/emitters.geojson %s/without/emitters.geojson",
             tu_bin(), d, tu_bin(), d, d, tu_bin(), d, d, d, d);
    cr_assert_eq(tu_sh(cmd), 0, "sim, analyze twice, same emitters");
    snprintf(p, sizeof p, "%s/without/locate_obs.csv", d);
    cr_expect_neq(access(p, F_OK), 0, "locate_obs.csv written without --locate-obs");
    snprintf(p, sizeof p, "%s/with/emitters.geojson", d);
    json_t *g = json_load_file(p, 0, NULL);
    cr_assert(g, "emitters.geojson does not parse");
    snprintf(p, sizeof p, "%s/with/locate_obs.csv", d);
    size_t i, checked = 0;
    json_t *ft;
    json_array_foreach(json_object_get(g, "features"), i, ft)
    {
        json_t *pr = json_object_get(ft, "properties");
        const char *kind = json_string_value(json_object_get(pr, "kind"));
        unsigned long long id =
            (unsigned long long)json_integer_value(json_object_get(pr, "event_id"));
        long n_obs = (long)json_integer_value(json_object_get(pr, "n_obs"));
        long rows = rows_of(p, id, kind && !strcmp(kind, "jammer") ? "jamming" : "spoofing");
        cr_expect_eq(rows, n_obs, "event %llu (%s): %ld rows, n_obs %ld", id, kind, rows, n_obs);
        checked++;
    }
    cr_expect_gt(checked, 0, "no emitter published: nothing checked");
    json_decref(g);
    snprintf(cmd, sizeof cmd, "rm -rf %s", d);
    tu_sh(cmd);
}
