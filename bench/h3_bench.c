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

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

/* Seeded generator (splitmix64 -> [0,1)). */
static double next_unit(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

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
        pts[2 * i] = asin(2.0 * next_unit(&s) - 1.0) * (180.0 / M_PI);
        pts[2 * i + 1] = next_unit(&s) * 360.0 - 180.0;
    }
    if (argc > 3) {
        FILE *f = fopen(argv[3], "wb");
        if (!f || fwrite(pts, sizeof(double) * 2, (size_t)n, f) != (size_t)n || fclose(f)) {
            fprintf(stderr, "h3_bench: cannot write %s\n", argv[3]);
            return 1;
        }
    }
    double t0 = cpu_seconds();
    uint32_t ck_hi = 0, ck_lo = 0; /* order-dependent checksum of the cells */
    long bad = 0;
    for (long i = 0; i < n; i++) {
        jw_h3 h = 0;
        if (jw_h3_from_latlng(pts[2 * i], pts[2 * i + 1], res, &h) != JW_OK)
            bad++;
        ck_hi = ck_hi * 31u + (uint32_t)(h >> 32);
        ck_lo = ck_lo * 31u + (uint32_t)h;
    }
    double t = cpu_seconds() - t0;
    printf("c points %ld res %d cpu_s %.3f cells_per_s %.0f errors %ld checksum %08x%08x\n", n, res,
           t, (double)n / t, bad, ck_hi, ck_lo);
    free(pts);
    return bad ? 1 : 0;
}
