/*
 * test_cli_locate.c - `jamwatch locate` on what `jamwatch analyze
 * --locate-obs` wrote gives analyze's estimates again (a simulated baltic
 * half hour: every published source, to the printed digits); bad rows
 * are counted and skipped without changing the result; a file that is not a
 * locate_obs.csv and bad options are refused.
 */
#include "testutil.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The locate line of event id and kind at (lat, lon), or NULL. */
static json_t *find_source(json_t *lines, unsigned long long id, const char *kind, double lat,
                           double lon)
{
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l)
    {
        if ((unsigned long long)json_integer_value(json_object_get(l, "event_id")) == id &&
            !strcmp(json_string_value(json_object_get(l, "kind")), kind) &&
            fabs(json_real_value(json_object_get(l, "lat")) - lat) < 1.5e-6 &&
            fabs(json_real_value(json_object_get(l, "lon")) - lon) < 1.5e-6)
            return l;
    }
    return NULL;
}

static json_t *parse_lines(const char *text)
{
    json_t *a = json_array();
    for (const char *s = text; *s;) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        json_t *j = json_loadb(s, len, 0, NULL);
        cr_assert(j, "not JSON: %.*s", (int)len, s);
        json_array_append_new(a, j);
        s += len + (e != NULL);
    }
    return a;
}

Test(cli_locate, gives_analyzes_estimates_again, .timeout = 180)
{
    char d[] = "/tmp/jw_loc_XXXXXX", cmd[2048], p[600];
    cr_assert(mkdtemp(d));
    snprintf(cmd, sizeof cmd,
             "%s sim baltic --hours 0.5 --out %s >/dev/null 2>&1 && "
             "%s analyze --locate-obs --out %s/r %s/adsb.beast 2>/dev/null",
             tu_bin(), d, tu_bin(), d, d);
    cr_assert_eq(tu_sh(cmd), 0, "sim, analyze");
    char *out, *err;
    snprintf(cmd, sizeof cmd, "%s locate %s/r/locate_obs.csv", tu_bin(), d);
    cr_assert_eq(tu_run(cmd, &out, &err), 0, "locate: %s", err);
    json_t *lines = parse_lines(out);
    snprintf(p, sizeof p, "%s/r/emitters.geojson", d);
    json_t *g = json_load_file(p, 0, NULL);
    cr_assert(g, "emitters.geojson does not parse");
    size_t i, checked = 0;
    json_t *ft;
    json_array_foreach(json_object_get(g, "features"), i, ft)
    {
        json_t *pr = json_object_get(ft, "properties");
        if (strcmp(json_string_value(json_object_get(pr, "part")), "source"))
            continue;
        json_t *c = json_object_get(json_object_get(ft, "geometry"), "coordinates");
        double lon = json_real_value(json_array_get(c, 0)),
               lat = json_real_value(json_array_get(c, 1));
        unsigned long long id =
            (unsigned long long)json_integer_value(json_object_get(pr, "event_id"));
        const char *kind = json_string_value(json_object_get(pr, "kind"));
        json_t *l = find_source(lines, id, kind, lat, lon);
        cr_expect(l, "analyze's %s of event %llu at %.6f %.6f: not in locate's output:\n%s", kind,
                  id, lat, lon, out);
        if (l)
            cr_expect(fabs(json_real_value(json_object_get(l, "err_major_km")) -
                           json_real_value(json_object_get(pr, "err_major_km"))) < 1.5e-3,
                      "event %llu: region differs", id);
        checked++;
    }
    cr_expect_gt(checked, 0, "no emitter published: nothing checked");

    /* Bad rows among the good ones: skipped, named, exit 1, same sources. */
    snprintf(cmd, sizeof cmd,
             "cd %s/r && { head -3 locate_obs.csv; echo '1,jamming,91,0,0,0,0,1,0,0'; "
             "head -c 5000 /dev/zero | tr '\\0' 7; echo; echo garbage; "
             "tail -n +4 locate_obs.csv; } > bad.csv",
             d);
    cr_assert_eq(tu_sh(cmd), 0);
    char *out2, *err2;
    snprintf(cmd, sizeof cmd, "%s locate %s/r/bad.csv", tu_bin(), d);
    cr_expect_eq(tu_run(cmd, &out2, &err2), 1, "bad rows: exit 1");
    cr_expect_str_eq(out2, out, "bad rows changed the sources");
    cr_expect(strstr(err2, "bad.csv:4: bad row") && strstr(err2, "bad.csv:5: bad row") &&
                  strstr(err2, "bad.csv:6: bad row") && strstr(err2, "bad 3"),
              "bad rows not named and counted: %s", err2);
    free(out), free(err), free(out2), free(err2);
    json_decref(g), json_decref(lines);
    snprintf(cmd, sizeof cmd, "rm -rf %s", d);
    tu_sh(cmd);
}

Test(cli_locate, refuses_what_is_not_a_locate_obs_csv)
{
    char *out, *err, cmd[1024];
    snprintf(cmd, sizeof cmd, "printf 'lat,lon\\n1,2\\n' | %s locate -", tu_bin());
    cr_expect_eq(tu_run(cmd, &out, &err), 1);
    cr_expect(strstr(err, "not a locate_obs.csv"), "%s", err);
    free(out), free(err);
    snprintf(cmd, sizeof cmd, "%s locate - < /dev/null", tu_bin());
    cr_expect_eq(tu_run(cmd, &out, &err), 1, "empty input");
    free(out), free(err);
    snprintf(cmd, sizeof cmd, "%s locate /nonexistent/locate_obs.csv", tu_bin());
    cr_expect_eq(tu_run(cmd, &out, &err), 1, "missing file");
    free(out), free(err);
    static const char *usage[] = {"", "--sources 9 -", "--band x -", "--height -1 -", "a b"};
    for (size_t i = 0; i < sizeof usage / sizeof *usage; i++) {
        snprintf(cmd, sizeof cmd, "%s locate %s < /dev/null", tu_bin(), usage[i]);
        cr_expect_eq(tu_run(cmd, &out, &err), 2, "'locate %s': usage error", usage[i]);
        free(out), free(err);
    }
}

Test(cli_locate, an_event_it_cannot_locate_is_said)
{
    char *out, *err, cmd[1024];
    /* affected observations only: the locator needs both classes */
    snprintf(cmd, sizeof cmd,
             "printf 'event_id,kind,lat,lon,alt_m,time,affected,weight,band,target\\n"
             "4,jamming,54,20,10000,0,1,1,1,A\\n4,jamming,54.1,20,10000,0,1,1,1,B\\n"
             "4,jamming,54.2,20,10000,0,1,1,1,C\\n' | %s locate -",
             tu_bin());
    cr_expect_eq(tu_run(cmd, &out, &err), 0, "%s", err);
    cr_expect(strstr(out, "{\"event_id\":4,\"kind\":\"jammer\",\"error\":"), "%s", out);
    free(out), free(err);
}
