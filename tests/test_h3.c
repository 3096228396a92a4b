/* test_h3.c - the H3 module without node: documented vectors, invariants
 * (centre maps back, parents, centre children, base cells, pentagons,
 * disks), index validity and input errors, and the real gpsjam.org hexes.
 * The comparison with the reference library itself is test_h3_oracle.c. */
#include "jamwatch/h3.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rand_point(uint64_t *s, double *lat, double *lon)
{
    *lat = asin(2.0 * tu_rand(s) - 1.0) * (180.0 / M_PI);
    *lon = tu_rand(s) * 360.0 - 180.0;
}

static double deg_dist_rad(jw_h3_latlng a, jw_h3_latlng b)
{
    double la1 = a.lat * M_PI / 180, la2 = b.lat * M_PI / 180;
    double dl = (b.lon - a.lon) * M_PI / 180;
    double x = cos(la2) * sin(dl), y = cos(la1) * sin(la2) - sin(la1) * cos(la2) * cos(dl);
    double z = sin(la1) * sin(la2) + cos(la1) * cos(la2) * cos(dl);
    return atan2(hypot(x, y), z);
}

static jw_h3 base_cell(int bc)
{
    return (jw_h3)1 << 59 | (jw_h3)bc << 45 | (((jw_h3)1 << 45) - 1);
}

/* The example in h3-js's README (node_modules/h3-js/README.md, "Core
 * functions"): cell, centre and first boundary vertex. */
Test(h3, h3js_readme_example)
{
    jw_h3 h;
    char s[JW_H3_STRING_SIZE];
    cr_assert_eq(jw_h3_from_latlng(37.3615593, -122.0553238, 7, &h), JW_OK);
    cr_assert_eq(jw_h3_to_string(h, s, sizeof s), JW_OK);
    cr_expect_str_eq(s, "87283472bffffff");
    jw_h3_latlng c;
    cr_assert_eq(jw_h3_to_latlng(h, &c), JW_OK);
    cr_expect(deg_dist_rad(c, (jw_h3_latlng){37.35171820183272, -122.05032565263946}) < 1e-9);
    jw_h3_cell_boundary b;
    cr_assert_eq(jw_h3_boundary(h, &b), JW_OK);
    cr_expect_eq(b.n, 6);
    cr_expect(deg_dist_rad(b.verts[0], (jw_h3_latlng){37.341099093235684, -122.04156135164334}) <
              1e-9);
}

/* Every cell's centre lies in the cell; the centre child (digit 0) has the
 * same centre; parents of parents are parents. */
Test(h3, centre_parent_child_invariants)
{
    uint64_t seed = 7;
    long n = 0;
    for (int i = 0; i < 20000; i++) {
        double lat, lon;
        rand_point(&seed, &lat, &lon);
        jw_h3 prev = 0;
        for (int r = 0; r <= JW_H3_MAX_RES; r++, n++) {
            jw_h3 h, back, p;
            jw_h3_latlng c;
            cr_assert_eq(jw_h3_from_latlng(lat, lon, r, &h), JW_OK);
            cr_assert(jw_h3_is_valid(h));
            cr_assert_eq(jw_h3_resolution(h), r);
            cr_assert_eq(jw_h3_to_latlng(h, &c), JW_OK);
            cr_assert_eq(jw_h3_from_latlng(c.lat, c.lon, r, &back), JW_OK);
            cr_assert_eq(back, h, "centre of %llx maps to %llx", (unsigned long long)h,
                         (unsigned long long)back);
            if (r < JW_H3_MAX_RES) {
                jw_h3 child;
                cr_assert_eq(jw_h3_from_latlng(c.lat, c.lon, r + 1, &child), JW_OK);
                cr_assert_eq(jw_h3_parent(child, r, &p), JW_OK);
                cr_assert_eq(p, h, "centre child of %llx", (unsigned long long)h);
                cr_assert_eq((child >> (3 * (JW_H3_MAX_RES - r - 1))) & 7, 0);
            }
            cr_assert_eq(jw_h3_parent(h, r, &p), JW_OK);
            cr_assert_eq(p, h);
            if (r > 0) {
                jw_h3 pp, p0;
                cr_assert_eq(jw_h3_parent(h, r - 1, &p), JW_OK);
                cr_assert_eq(jw_h3_parent(p, 0, &pp), JW_OK);
                cr_assert_eq(jw_h3_parent(h, 0, &p0), JW_OK);
                cr_assert_eq(pp, p0);
                cr_assert(jw_h3_is_valid(p));
            }
            (void)prev;
            prev = h;
        }
    }
    fprintf(stderr, "h3: %ld cells (20000 points x 16 resolutions): centres map back\n", n);
}

Test(h3, base_cells_and_pentagons)
{
    int pent = 0;
    for (int bc = 0; bc < JW_H3_NUM_BASE; bc++) {
        jw_h3 h = base_cell(bc), back;
        cr_assert(jw_h3_is_valid(h), "base cell %d", bc);
        jw_h3_latlng c;
        jw_h3_cell_boundary b;
        cr_assert_eq(jw_h3_to_latlng(h, &c), JW_OK);
        cr_assert_eq(jw_h3_from_latlng(c.lat, c.lon, 0, &back), JW_OK);
        cr_expect_eq(back, h, "base cell %d", bc);
        cr_assert_eq(jw_h3_boundary(h, &b), JW_OK);
        if (jw_h3_is_pentagon(h)) {
            pent++;
            cr_expect_eq(b.n, 5);
            /* The deleted K sub-sequence: a leading digit 1 is invalid. */
            cr_expect(!jw_h3_is_valid(((jw_h3)1 << 59 | (jw_h3)1 << 52 | (jw_h3)bc << 45 |
                                       (jw_h3)1 << 42 | (((jw_h3)1 << 42) - 1))));
        } else {
            cr_expect_eq(b.n, 6);
        }
    }
    cr_expect_eq(pent, 12);
    cr_expect(!jw_h3_is_valid(base_cell(122)));
}

Test(h3, invalid_indices)
{
    jw_h3 h;
    cr_assert_eq(jw_h3_from_latlng(48.85, 2.35, 9, &h), JW_OK);
    cr_expect(!jw_h3_is_valid(0));
    cr_expect(!jw_h3_is_valid(h | (jw_h3)1 << 63));                        /* reserved high bit */
    cr_expect(!jw_h3_is_valid((h & ~((jw_h3)15 << 59)) | (jw_h3)2 << 59)); /* edge mode */
    cr_expect(!jw_h3_is_valid(h | (jw_h3)1 << 56));                        /* reserved bits */
    cr_expect(!jw_h3_is_valid(h | (jw_h3)7 << (3 * (15 - 4))));            /* digit 7 in use */
    cr_expect(!jw_h3_is_valid(h & ~((jw_h3)7 << (3 * (15 - 12)))));        /* unused digit not 7 */
    cr_expect(!jw_h3_is_valid(h + ((jw_h3)1 << 52))); /* resolution 10, digit 7 */
    jw_h3 p;
    cr_expect_eq(jw_h3_parent(h, 10, &p), JW_ERES);
    cr_expect_eq(jw_h3_parent(h, -1, &p), JW_ERES);
    cr_expect_eq(jw_h3_parent(0, 0, &p), JW_ECELL);
    jw_h3_latlng c;
    jw_h3_cell_boundary b;
    cr_expect_eq(jw_h3_to_latlng(1, &c), JW_ECELL);
    cr_expect_eq(jw_h3_boundary(1, &b), JW_ECELL);
}

Test(h3, strings)
{
    jw_h3 h;
    char s[JW_H3_STRING_SIZE];
    cr_expect_eq(jw_h3_from_string("8009fffffffffff", &h), JW_OK);
    cr_expect(jw_h3_is_pentagon(h));
    cr_expect_eq(jw_h3_from_string("8009FFFFFFFFFFF", &h), JW_OK);
    cr_expect_eq(jw_h3_to_string(h, s, sizeof s), JW_OK);
    cr_expect_str_eq(s, "8009fffffffffff");
    cr_expect_eq(jw_h3_from_string("08009fffffffffff", &h), JW_OK);
    cr_expect_eq(jw_h3_from_string("", &h), JW_EPARSE);
    cr_expect_eq(jw_h3_from_string("0x8009fffffffffff", &h), JW_EPARSE);
    cr_expect_eq(jw_h3_from_string("8009fffffffffff ", &h), JW_EPARSE);
    cr_expect_eq(jw_h3_from_string("00008009fffffffffff", &h), JW_EPARSE);
    cr_expect_eq(jw_h3_from_string("8009ffffffffffe", &h), JW_ECELL);
    cr_expect_eq(jw_h3_from_string("0", &h), JW_ECELL);
    cr_expect_eq(jw_h3_to_string(h, s, 16), JW_EINVAL);
    cr_expect_eq(jw_h3_to_string(0, s, sizeof s), JW_ECELL);
}

Test(h3, bad_points_are_errors)
{
    jw_h3 h = 42;
    const double bad[][2] = {{NAN, 0},    {0, NAN},     {INFINITY, 0}, {0, -INFINITY},
                             {90.001, 0}, {-90.001, 0}, {0, 180.001},  {0, -180.001}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_eq(jw_h3_from_latlng(bad[i][0], bad[i][1], 4, &h), JW_ELATLNG, "case %zu", i);
    cr_expect_eq(jw_h3_from_latlng(0, 0, -1, &h), JW_ERES);
    cr_expect_eq(jw_h3_from_latlng(0, 0, 16, &h), JW_ERES);
    cr_expect_eq(h, 42, "no cell written on error");
    cr_expect_eq(jw_h3_from_latlng(90, 180, 15, &h), JW_OK);
    cr_expect_eq(jw_h3_from_latlng(-90, -180, 0, &h), JW_OK);
}

/* Shared corners: two cells are neighbours when their boundaries share two
 * vertices. */
static int shared_vertices(jw_h3 a, jw_h3 b)
{
    jw_h3_cell_boundary ba, bb;
    jw_h3_boundary(a, &ba);
    jw_h3_boundary(b, &bb);
    int n = 0;
    for (int i = 0; i < ba.n; i++)
        for (int j = 0; j < bb.n; j++)
            n += deg_dist_rad(ba.verts[i], bb.verts[j]) < 1e-12;
    return n;
}

Test(h3, disk)
{
    jw_h3 out[64], h;
    size_t n;
    cr_assert_eq(jw_h3_from_latlng(50.45, 30.52, 4, &h), JW_OK); /* Kyiv */
    cr_assert_eq(jw_h3_disk(h, 0, out, 64, &n), JW_OK);
    cr_expect(n == 1 && out[0] == h);
    cr_assert_eq(jw_h3_disk(h, 1, out, 64, &n), JW_OK);
    cr_expect_eq(n, 7);
    cr_expect_eq(out[0], h);
    for (size_t i = 1; i < n; i++)
        cr_expect_eq(shared_vertices(h, out[i]), 2, "ring-1 cell %zu", i);
    cr_assert_eq(jw_h3_disk(h, 3, out, 64, &n), JW_OK);
    cr_expect_eq(n, 37);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            cr_expect_neq(out[i], out[j]);
    cr_expect_eq(jw_h3_disk(h, 3, out, 36, &n), JW_EFULL);
    cr_expect_eq(jw_h3_disk(h, -1, out, 64, &n), JW_EINVAL);
    cr_expect_eq(jw_h3_disk(0, 1, out, 64, &n), JW_ECELL);
    jw_h3 pent;
    cr_assert_eq(jw_h3_from_string("8408001ffffffff", &pent), JW_OK);
    cr_assert(jw_h3_is_pentagon(pent));
    cr_assert_eq(jw_h3_disk(pent, 1, out, 64, &n), JW_OK);
    cr_expect_eq(n, 6);
    for (size_t i = 1; i < n; i++)
        cr_expect_eq(shared_vertices(pent, out[i]), 2);
}

/* The gpsjam.org files: every hex is a valid resolution-4 cell whose centre
 * maps back to it. The README says the 2022 files hold decimal indices;
 * they hold hexadecimal ones, so both are accepted (hex first). */
static long check_gpsjam(const char *rel, long *bad)
{
    TU_DATA_OR_SKIP(path, rel);
    size_t len;
    char *text = tu_read_file(path, &len);
    free(path);
    cr_assert(text, "cannot read %s", rel);
    long n = 0;
    char *save = NULL;
    strtok_r(text, "\n", &save); /* header */
    for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *comma = strchr(line, ',');
        if (comma)
            *comma = '\0';
        jw_h3 h = 0, back;
        jw_h3_latlng c;
        if (jw_h3_from_string(line, &h) != JW_OK) {
            char *end;
            h = strtoull(line, &end, 10);
            if (*end || !jw_h3_is_valid(h))
                h = 0;
        }
        n++;
        if (!h || jw_h3_resolution(h) != 4 || jw_h3_to_latlng(h, &c) ||
            jw_h3_from_latlng(c.lat, c.lon, 4, &back) || back != h) {
            if (++*bad <= 5)
                cr_log_warn("%s: bad hex '%s'", rel, line);
        }
    }
    free(text);
    return n;
}

Test(h3, gpsjam_hexes)
{
    static const char *const files[] = {
        "jam/gpsjam_2022-02-24-h3_4.csv", "jam/gpsjam_2022-03-05-h3_4.csv",
        "jam/gpsjam_2022-07-22-h3_4.csv", "jam/gpsjam_2023-10-10-h3_4.csv"};
    long total = 0, bad = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        total += check_gpsjam(files[i], &bad);
    fprintf(stderr, "h3: %ld gpsjam.org hexes in 4 files, %ld bad\n", total, bad);
    cr_expect_gt(total, 200000);
    cr_expect_eq(bad, 0);
}
