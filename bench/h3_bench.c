/*
 * h3_bench.c - throughput of jw_h3_from_latlng: N seeded random points over
 * the sphere at one resolution, timed with CPU time (getrusage).
 *
 *   build/bench/h3_bench [N] [RES] [POINTS_FILE]   (defaults 10000000, 4)
 *
 * Prints one line: "c points N res R cpu_s S cells_per_s X checksum C"; the
 * checksum (per 32-bit half, c = 31 c + half, over the cells in order) keeps the work from being
 * optimised away and lets the bench script compare it with the h3-js run on the same points, which
 * it reads from POINTS_FILE (lat, lon doubles, native byte order).
 */
#include "jamwatch/h3.h"

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10000000L;
    int res = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 4;
    if (n <= 0 || res < 0 || res > JW_H3_MAX_RES) {
        fprintf(stderr, "usage: h3_bench [N] [RES]\n");
        return 2;
    }
    double *pts = malloc(sizeof(double) * 2 * (size_t)n);
    if (!pts)
        return 1;
    uint64_t s = 42;
    for (long i = 0; i < n; i++) {
        pts[2 * i] = asin(2.0 * bu_rand(&s) - 1.0) * (180.0 / M_PI);
        pts[2 * i + 1] = bu_rand(&s) * 360.0 - 180.0;
    }
    if (argc > 3) {
        FILE *f = fopen(argv[3], "wb");
        if (!f || fwrite(pts, sizeof(double) * 2, (size_t)n, f) != (size_t)n || fclose(f)) {
            fprintf(stderr, "h3_bench: cannot write %s\n", argv[3]);
            return 1;
        }
    }
    double t0 = bu_cpu_seconds();
    uint32_t ck_hi = 0, ck_lo = 0; /* order-dependent checksum of the cells */
    long bad = 0;
    for (long i = 0; i < n; i++) {
        jw_h3 h = 0;
        if (jw_h3_from_latlng(pts[2 * i], pts[2 * i + 1], res, &h) != JW_OK)
            bad++;
        ck_hi = ck_hi * 31u + (uint32_t)(h >> 32);
        ck_lo = ck_lo * 31u + (uint32_t)h;
    }
    double t = bu_cpu_seconds() - t0;
    printf("c points %ld res %d cpu_s %.3f cells_per_s %.0f errors %ld checksum %08x%08x\n", n, res,
           t, (double)n / t, bad, ck_hi, ck_lo);
    free(pts);
    return bad ? 1 : 0;
}
