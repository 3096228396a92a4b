/*
 * test_cli_sea.c - `jamwatch aisdecode --evidence` end to end: JSON Lines
 * that parse, with the evidence fields, on the real DMA stream (all "good":
 * test_sea_replay.c shows no alarm on it), the counts on stderr, and a
 * one-line error for a land raster that cannot be read.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(cli_sea, evidence_json_lines)
{
    TU_DATA_OR_SKIP(path, "ais/real/dma-aislib/stream_example.txt");
    char cmd[1024], *out, *err;
    snprintf(cmd, sizeof cmd, "%s aisdecode --evidence '%s'", tu_bin(), path);
    cr_assert_eq(tu_run(cmd, &out, &err), 0, "%s", err);
    int lines = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"), lines++) {
        json_error_t je;
        json_t *j = json_loads(line, 0, &je);
        cr_assert(j, "line %d does not parse: %s", lines + 1, je.text);
        cr_expect_str_eq(json_string_value(json_object_get(j, "domain")), "sea");
        cr_expect_str_eq(json_string_value(json_object_get(j, "kind")), "good");
        cr_expect(json_is_integer(json_object_get(j, "target")));
        double t = json_number_value(json_object_get(j, "time"));
        cr_expect(t > 1276000000 && t < 1277000000, "time %f (2010-06-11)", t);
        cr_expect_leq(json_number_value(json_object_get(j, "since")), t);
        double lat = json_number_value(json_object_get(j, "lat"));
        cr_expect(lat > 45 && lat < 80, "lat %f: the DMA network reaches 48-77 N", lat);
        cr_expect(json_is_null(json_object_get(j, "fake_lat")));
        json_decref(j);
    }
    cr_expect_geq(lines, 500);
    cr_expect(strstr(err, "aisdecode: evidence ("), "%s", err);
    free(out);
    free(err);
    free(path);
}

Test(cli_sea, unreadable_land_raster)
{
    char cmd[1024], *out, *err;
    snprintf(cmd, sizeof cmd, "%s aisdecode --evidence --landmask /nonexistent/land.bin /dev/null",
             tu_bin());
    cr_expect_eq(tu_run(cmd, &out, &err), 1);
    cr_expect(strstr(err, "land raster /nonexistent/land.bin"), "%s", err);
    cr_expect_str_eq(out, "");
    free(out);
    free(err);
}
