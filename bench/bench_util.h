/*
 * bench_util.h - what the C benchmarks share: a seeded generator for their
 * synthetic inputs and the process's CPU time. Header-only (each bench is
 * one program built from one .c file, bench/bench.mk).
 */
#ifndef JAMWATCH_BENCH_UTIL_H
#define JAMWATCH_BENCH_UTIL_H

#include <math.h>
#include <stdint.h>
#include <sys/resource.h>

/* Seeded generator (splitmix64): uniform in [0, 1). */
static inline double bu_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

/* Standard normal (Box-Muller) from bu_rand. */
static inline double bu_rand_normal(uint64_t *s)
{
    double u = bu_rand(s), v = bu_rand(s);
    return sqrt(-2.0 * log(u > 1e-300 ? u : 1e-300)) * cos(6.283185307179586 * v);
}

/* CPU seconds (user + system) this process has used. */
static inline double bu_cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

#endif
