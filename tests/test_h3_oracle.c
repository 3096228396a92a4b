/* test_h3_oracle.c - jamwatch's H3 module against the reference library.
 *
 * tools/h3/oracle.js (h3-js from npm, version pinned in tools/h3/package.json)
 * streams seeded points with h3-js's cell at every resolution, cell centres
 * and boundaries, gridDisk results and every hex of the gpsjam.org files;
 * each is recomputed here and must agree: identical cells, identical disk
 * sets, centres and vertices within 1e-9 rad. Skips visibly without node or
 * node_modules (run `make h3-node` or `make check`). JW_H3_ORACLE_POINTS
 * changes the number of points (default 1,000,000). */
#include "jamwatch/h3.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ORACLE_TOL_RAD 1e-9

/* Tolerance for a point at latitude lat (degrees): 1e-9 rad, widened within
 * a few metres of the poles, where h3-js's own latitude (an arcsine of a
 * computed sine) is ill-conditioned: an error of a few units in the last
 * place of the sine, 8 * 2^-53 here, moves it by that much over cos(lat).
 * At cos(lat) = 1e-6 (6 m from a pole) this adds 9e-10 rad. */
static double tol_at(double lat)
{
    double c = cos(lat * M_PI / 180.0);
    return ORACLE_TOL_RAD + 8.0 * 1.1102230246251565e-16 / (c > 1e-12 ? c : 1e-12);
}

typedef struct oracle_counts {
    long points, cells, cell_bad;        /* 'P': points, cells compared, mismatches */
    long bnd, bnd_bad, verts, max_verts; /* 'B': cells, mismatches, vertices compared */
    long gps, gps_bad;                   /* 'G': gpsjam hexes, mismatches */
    long polar;                          /* points over 1e-9 rad apart but within tol_at() */
    double polar_m;                      /* farthest of those from a pole, metres */
    long disks, disk_bad, disk_cells;    /* 'D': disks, mismatches, cells compared */
    double max_err;                      /* largest centre/vertex distance, rad */
} oracle_counts;

static int rd(FILE *f, void *p, size_t n)
{
    return fread(p, 1, n, f) == n;
}

static int rd_str(FILE *f, char s[17])
{
    s[16] = '\0';
    return rd(f, s, 16);
}

static void unit(double lat, double lon, double v[3])
{
    lat *= M_PI / 180.0;
    lon *= M_PI / 180.0;
    v[0] = cos(lat) * cos(lon);
    v[1] = cos(lat) * sin(lon);
    v[2] = sin(lat);
}

/* Great-circle chord between two degree points (radians for small ones). */
static double dist(double la1, double lo1, double la2, double lo2)
{
    double a[3], b[3];
    unit(la1, lo1, a);
    unit(la2, lo2, b);
    return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                (a[2] - b[2]) * (a[2] - b[2]));
}

static int note(long *bad, const char *what, const char *detail)
{
    if (++*bad <= 10)
        cr_log_warn("h3 oracle mismatch: %s %s", what, detail);
    return 0;
}

static int check_points(FILE *f, oracle_counts *c)
{
    double ll[2];
    char want[16][17], got[JW_H3_STRING_SIZE], msg[160];
    if (!rd(f, ll, sizeof ll))
        return -1;
    for (int r = 0; r < 16; r++)
        if (!rd_str(f, want[r]))
            return -1;
    c->points++;
    for (int r = 0; r < 16; r++) {
        jw_h3 h;
        c->cells++;
        if (jw_h3_from_latlng(ll[0], ll[1], r, &h) != JW_OK ||
            jw_h3_to_string(h, got, sizeof got) != JW_OK || strcmp(got, want[r])) {
            snprintf(msg, sizeof msg, "(%.17g, %.17g) res %d: h3-js %s", ll[0], ll[1], r, want[r]);
            note(&c->cell_bad, "cell", msg);
        }
    }
    return 0;
}

/* Whether a and b (distance e) agree; counts uses of the polar tolerance. */
static int agree(oracle_counts *c, double e, double lat)
{
    if (e <= ORACLE_TOL_RAD)
        return 1;
    if (e > tol_at(lat))
        return 0;
    double m = (90.0 - fabs(lat)) * M_PI / 180.0 * 6371007.0;
    c->polar++;
    c->polar_m = m > c->polar_m ? m : c->polar_m;
    return 1;
}

/* 'B' and 'G' records: centre and boundary of one cell. */
static int check_cell(FILE *f, oracle_counts *c, int gpsjam)
{
    char s[17], msg[160];
    double d[3 + 20];
    if (!rd_str(f, s) || !rd(f, d, sizeof d))
        return -1;
    long *bad = gpsjam ? &c->gps_bad : &c->bnd_bad;
    gpsjam ? c->gps++ : c->bnd++;
    jw_h3 h;
    jw_h3_latlng g;
    jw_h3_cell_boundary b;
    if (jw_h3_from_string(s, &h) || jw_h3_to_latlng(h, &g) || jw_h3_boundary(h, &b))
        return note(bad, "invalid cell", s);
    double e = dist(g.lat, g.lon, d[0], d[1]);
    int ok = agree(c, e, d[0]) && b.n == (int)d[2];
    for (int q = 0; ok && q < b.n; q++) {
        double ev = dist(b.verts[q].lat, b.verts[q].lon, d[3 + 2 * q], d[4 + 2 * q]);
        e = ev > e ? ev : e;
        ok = agree(c, ev, d[3 + 2 * q]);
        c->verts++;
    }
    c->max_err = e > c->max_err ? e : c->max_err;
    c->max_verts = b.n > c->max_verts ? b.n : c->max_verts;
    jw_h3 back;
    if (gpsjam &&
        (jw_h3_resolution(h) != 4 || jw_h3_from_latlng(g.lat, g.lon, 4, &back) || back != h))
        ok = 0;
    if (!ok) {
        snprintf(msg, sizeof msg, "%s: %d vertices (h3-js %d), error %.3g rad", s, b.n, (int)d[2],
                 e);
        note(bad, gpsjam ? "gpsjam hex" : "boundary", msg);
    }
    return 0;
}

static int cmp_h3(const void *a, const void *b)
{
    jw_h3 x = *(const jw_h3 *)a, y = *(const jw_h3 *)b;
    return x < y ? -1 : x > y;
}

static int check_disk(FILE *f, oracle_counts *c)
{
    char s[17];
    uint32_t kn[2];
    if (!rd_str(f, s) || !rd(f, kn, sizeof kn) || kn[1] > 64)
        return -1;
    jw_h3 want[64], got[64], o = 0;
    for (uint32_t q = 0; q < kn[1]; q++) {
        char t[17];
        if (!rd_str(f, t) || jw_h3_from_string(t, &want[q]))
            return -1;
    }
    c->disks++;
    size_t n = 0;
    if (jw_h3_from_string(s, &o) || jw_h3_disk(o, (int)kn[0], got, 64, &n) || n != kn[1])
        return note(&c->disk_bad, "disk", s);
    qsort(want, n, sizeof want[0], cmp_h3);
    qsort(got, n, sizeof got[0], cmp_h3);
    c->disk_cells += (long)n;
    if (memcmp(want, got, n * sizeof got[0]))
        note(&c->disk_bad, "disk", s);
    return 0;
}

Test(h3_oracle, matches_h3js, .timeout = 600)
{
    if (access("tools/h3/node_modules/h3-js/package.json", R_OK) ||
        system("node --version >/dev/null 2>&1"))
        cr_skip_test("SKIP: node or tools/h3/node_modules absent (run 'make h3-node')");
    const char *np = getenv("JW_H3_ORACLE_POINTS");
    long npoints = np ? strtol(np, NULL, 10) : 1000000L;
    char *jam = tu_data_path("jam");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "node tools/h3/oracle.js --points %ld%s%s", npoints,
             jam ? " --gpsjam " : "", jam ? jam : "");
    if (!jam)
        tu_skip_part("(part): jam/ absent from the shared data folder: no gpsjam hexes");
    FILE *f = popen(cmd, "r");
    cr_assert(f, "cannot run %s", cmd);
    oracle_counts c = {0};
    uint32_t end[4] = {0, 0, 0, 0};
    int tag, err = 0, ended = 0;
    while (!err && !ended && (tag = fgetc(f)) != EOF) {
        uint32_t hdr[2];
        switch (tag) {
        case 'H':
            err = !rd(f, hdr, sizeof hdr) || hdr[0] != 1;
            break;
        case 'P':
            err = check_points(f, &c);
            break;
        case 'B':
            err = check_cell(f, &c, 0);
            break;
        case 'G':
            err = check_cell(f, &c, 1);
            break;
        case 'D':
            err = check_disk(f, &c);
            break;
        case 'E':
            err = !rd(f, end, sizeof end), ended = 1;
            break;
        default:
            err = 1;
        }
    }
    int status = pclose(f);
    free(jam);
    fprintf(stderr, "h3 oracle: %ld points x 16 resolutions = %ld cells, %ld mismatches\n",
            c.points, c.cells, c.cell_bad);
    fprintf(stderr,
            "h3 oracle: %ld centres+boundaries (%ld vertices, up to %ld per cell), %ld "
            "mismatches; largest distance %.3g rad; %ld points over 1e-9 rad apart, all "
            "within %.2f m of a pole (polar tolerance)\n",
            c.bnd, c.verts, c.max_verts, c.bnd_bad, c.max_err, c.polar, c.polar_m);
    fprintf(stderr,
            "h3 oracle: %ld gpsjam hexes (valid, res 4, centre maps back, boundary), %ld "
            "mismatches\n",
            c.gps, c.gps_bad);
    fprintf(stderr, "h3 oracle: %ld gridDisks (%ld cells), %ld mismatches\n", c.disks, c.disk_cells,
            c.disk_bad);
    cr_assert(!err && ended && status == 0, "oracle stream broken (status %d)", status);
    cr_expect_eq((long)end[0], c.points);
    cr_expect_eq((long)end[1], c.bnd);
    cr_expect_eq((long)end[2], c.gps);
    cr_expect_eq((long)end[3], c.disks);
    cr_expect_eq(c.points, npoints);
    cr_expect_eq(c.cell_bad, 0);
    cr_expect_eq(c.bnd_bad, 0);
    cr_expect_eq(c.gps_bad, 0);
    cr_expect_eq(c.disk_bad, 0);
}
