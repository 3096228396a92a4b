/* test_cmd_cell.c - `jamwatch cell` end to end: point to cell, the stdin
 * mode with bad lines, and the GeoJSON boundary (parsed with jansson). The
 * expected cell is h3-js's README example (see test_h3.c). */
#include "testutil.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* Runs a shell command; stdout into out (NUL-terminated); returns the exit
 * status. */
static int run(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    cr_assert(p, "popen %s", cmd);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(cmd_cell, point_to_cell)
{
    char cmd[512], out[4096];
    snprintf(cmd, sizeof cmd, "%s cell 37.3615593 -122.0553238 7", tu_bin());
    cr_expect_eq(run(cmd, out, sizeof out), 0);
    cr_expect_str_eq(out, "87283472bffffff\n");
    snprintf(cmd, sizeof cmd, "%s cell 91 0 4 2>/dev/null", tu_bin());
    cr_expect_eq(run(cmd, out, sizeof out), 1);
    snprintf(cmd, sizeof cmd, "%s cell --help", tu_bin());
    cr_expect_eq(run(cmd, out, sizeof out), 0);
    cr_expect(strstr(out, "--boundary"));
}

Test(cmd_cell, stdin_lines_and_errors)
{
    char cmd[512], out[4096];
    snprintf(cmd, sizeof cmd,
             "printf '37.3615593 -122.0553238 7\\nnot a line\\n\\n0 0 16\\n"
             "37.3615593 -122.0553238 7\\n' | %s cell - 2>/tmp/jw_cmd_cell_err.$$; "
             "s=$?; cat /tmp/jw_cmd_cell_err.$$; rm -f /tmp/jw_cmd_cell_err.$$; exit $s",
             tu_bin());
    cr_expect_eq(run(cmd, out, sizeof out), 1);
    cr_expect(strstr(out, "87283472bffffff\n87283472bffffff\n"), "%s", out);
    cr_expect(strstr(out, "line 2:"), "%s", out);
    cr_expect(strstr(out, "line 4:"), "%s", out);
    cr_expect(!strstr(out, "line 3:"), "blank lines are skipped: %s", out);
}

/* A cell on the antimeridian: the ring is closed and its longitudes are
 * continuous (span < 180 degrees). */
Test(cmd_cell, boundary_geojson)
{
    char cmd[512], cell[64], out[8192];
    snprintf(cmd, sizeof cmd, "%s cell 0.5 179.95 3", tu_bin());
    cr_assert_eq(run(cmd, cell, sizeof cell), 0);
    cell[strcspn(cell, "\n")] = '\0';
    snprintf(cmd, sizeof cmd, "%s cell --boundary %s", tu_bin(), cell);
    cr_assert_eq(run(cmd, out, sizeof out), 0);
    json_error_t je;
    json_t *f = json_loads(out, 0, &je);
    cr_assert(f, "GeoJSON: %s", je.text);
    cr_expect_str_eq(json_string_value(json_object_get(f, "type")), "Feature");
    json_t *ring =
        json_array_get(json_object_get(json_object_get(f, "geometry"), "coordinates"), 0);
    size_t n = json_array_size(ring);
    cr_expect(n >= 7, "vertices %zu", n);
    double lo_min = 1e9, lo_max = -1e9;
    for (size_t i = 0; i < n; i++) {
        double lon = json_real_value(json_array_get(json_array_get(ring, i), 0));
        lo_min = fmin(lo_min, lon);
        lo_max = fmax(lo_max, lon);
    }
    cr_expect_lt(lo_max - lo_min, 180.0);
    cr_expect_gt(lo_max, 180.0, "the ring goes on past 180 east");
    json_t *a = json_array_get(ring, 0), *b = json_array_get(ring, n - 1);
    cr_expect(json_equal(a, b), "closed ring");
    json_decref(f);
    snprintf(cmd, sizeof cmd, "%s cell --boundary 8009ffffffffffe 2>/dev/null", tu_bin());
    cr_expect_eq(run(cmd, out, sizeof out), 1);
}
