/*
 * sea_bench.c - cost of the sea evidence generator alone. Reads an AIS NMEA
 * file (the AISHub sample: no times of its own) and replays it `reps`
 * times, stamping each message as a receiver would on reception: spread
 * over the sample's 3 minutes (each repetition the next 3), moved to the
 * nearest time whose second agrees with the report's own UTC second. Each
 * pass decodes every sentence and folds it into the vessel table; the
 * second pass also feeds the generator (with the land raster when given).
 * Prints lines, CPU-seconds of each pass, lines per CPU-second, the
 * generator's share, the records by kind and peak RSS ($SEA_BENCH_PRINT set:
 * also every record but "good").
 *
 * Usage: sea_bench FILE [reps] [landmask.bin]
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "jamwatch/ais.h"
#include "jamwatch/landmask.h"
#include "jamwatch/nmea.h"
#include "jamwatch/sea_evidence.h"
#include "jamwatch/vessel.h"

/* State of one pass. */
typedef struct pass {
    jw_vessels *vessels;               /* vessel table */
    jw_sea_evidence *gen;              /* generator, NULL in the first pass */
    double base;                       /* time of the repetition's start */
    double nlines;                     /* lines in the file */
    uint64_t line0;                    /* reader line count at the repetition's start */
    uint64_t counts[JW_EV_KIND_COUNT]; /* records by kind */
    bool print;                        /* print every record but good ($SEA_BENCH_PRINT) */
} pass;

static void on_evidence(void *user, const jw_evidence *ev)
{
    pass *p = user;
    p->counts[ev->kind]++;
    if (p->print && ev->kind != JW_EV_GOOD)
        printf("%s %u at %.5f %.5f reported %.5f %.5f since %.0f s\n",
               jw_evidence_kind_name((jw_evidence_kind)ev->kind), (unsigned)ev->target, ev->lat,
               ev->lon, ev->fake_lat, ev->fake_lon, ev->time - ev->since);
}

static void on_payload(void *user, const jw_nmea_msg *nm)
{
    pass *p = user;
    jw_ais_msg m;
    if (jw_ais_decode(nm->bits, nm->nbits, &m) != JW_OK)
        return;
    double t = p->base + 180.0 * (double)(nm->line - p->line0) / p->nlines;
    if (JW_AIS_HAS(&m, JW_AF_SECOND) && m.second < 60) {
        double d = fmod(t, 60.0) - m.second; /* nearest time with that second */
        d = d > 30 ? d - 60 : d < -30 ? d + 60 : d;
        t -= d;
    }
    const jw_vessel *v = NULL;
    jw_vessels_update(p->vessels, &m, t, &v);
    if (p->gen)
        jw_sea_evidence_feed(p->gen, &m, v, t);
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs one pass over buf reps times; returns its CPU-seconds. */
static double run(const char *buf, size_t len, int reps, double nlines, pass *p)
{
    jw_nmea *r;
    if (jw_nmea_open(NULL, &r) != JW_OK)
        exit(1);
    double c0 = cpu_now();
    jw_nmea_stats st;
    for (int i = 0; i < reps; i++) {
        jw_nmea_get_stats(r, &st);
        p->line0 = st.lines;
        p->base = 1700000000.0 + 180.0 * i;
        p->nlines = nlines;
        jw_nmea_push(r, buf, len, NAN, on_payload, p);
    }
    jw_nmea_finish(r, NAN, on_payload, p);
    double c = cpu_now() - c0;
    jw_nmea_close(r);
    return c;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: sea_bench FILE [reps] [landmask.bin]\n");
        return 2;
    }
    int reps = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 24;
    FILE *f = fopen(argv[1], "rb");
    if (!f || reps < 1)
        return 1;
    static char buf[16 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    double nlines = 0;
    for (size_t i = 0; i < len; i++)
        nlines += buf[i] == '\n';
    jw_landmask *land = NULL;
    if (argc > 3 && jw_landmask_open(argv[3], &land) != JW_OK)
        fprintf(stderr, "sea_bench: cannot read %s: land rules off\n", argv[3]);
    pass a = {0}, b = {.print = getenv("SEA_BENCH_PRINT") != NULL};
    jw_sea_evidence_config cfg = {.land = land};
    if (jw_vessels_open(NULL, &a.vessels) != JW_OK || jw_vessels_open(NULL, &b.vessels) != JW_OK ||
        jw_sea_evidence_open(&cfg, on_evidence, &b, &b.gen) != JW_OK)
        return 1;
    double ca = run(buf, len, reps, nlines, &a);
    double cb = run(buf, len, reps, nlines, &b);
    double lines = nlines * reps;
    printf("%-38s %9.0f lines  %6.2f CPU-s  %6.3f M lines/CPU-s\n", "decode + vessel table", lines,
           ca, lines / ca / 1e6);
    printf("%-38s %9.0f lines  %6.2f CPU-s  %6.3f M lines/CPU-s\n",
           "decode + vessel table + generator", lines, cb, lines / cb / 1e6);
    printf("generator: %.3f us per line, %.0f %% of the pass without it\n", (cb - ca) / lines * 1e6,
           100 * (cb - ca) / ca);
    jw_sea_evidence_stats st;
    jw_sea_evidence_get_stats(b.gen, &st);
    printf("records:");
    for (int k = 0; k < JW_EV_KIND_COUNT; k++)
        if (b.counts[k])
            printf(" %s %llu", jw_evidence_kind_name((jw_evidence_kind)k),
                   (unsigned long long)b.counts[k]);
    printf(" (late %llu, glitches %llu)\n", (unsigned long long)st.late,
           (unsigned long long)st.glitches);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS %.1f MB (both passes)\n", ru.ru_maxrss / 1024.0);
    jw_sea_evidence_close(b.gen);
    jw_vessels_close(a.vessels);
    jw_vessels_close(b.vessels);
    jw_landmask_close(land);
    return 0;
}
