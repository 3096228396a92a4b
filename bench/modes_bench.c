/*
 * modes_bench.c - micro-benchmark of jw_modes_decode(): decodes the real
 * messages of a pyModeS-style CSV (ts,"hex",...) over and over, and prints
 * decodes per CPU-second, the CPU-seconds used and the peak memory.
 *
 * Usage: modes_bench <sample_data_adsb.csv> [total_decodes]   (default 10M)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "jamwatch/modes.h"

#include "bench_util.h"

enum { MAX_FRAMES = 100000 };

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parses the first run of 14 or 28 hex digits in line into f. */
static int parse_line(const char *line, jw_frame *f)
{
    const char *p = strchr(line, '"');
    if (!p)
        return 0;
    p++;
    int n = 0;
    while (hexval(p[2 * n]) >= 0 && hexval(p[2 * n + 1]) >= 0 && n < JW_FRAME_MAX) {
        f->data[n] = (uint8_t)(hexval(p[2 * n]) << 4 | hexval(p[2 * n + 1]));
        n++;
    }
    if (n != 7 && n != 14)
        return 0;
    f->len = (uint8_t)n;
    f->kind = n == 7 ? JW_FRAME_SHORT : JW_FRAME_LONG;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s <csv> [decodes]\n", argv[0]);
        return 2;
    }
    long total = argc > 2 ? strtol(argv[2], NULL, 10) : 10000000L;
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    static jw_frame frames[MAX_FRAMES];
    int n = 0;
    char line[256];
    while (n < MAX_FRAMES && fgets(line, sizeof line, in))
        n += parse_line(line, &frames[n]);
    fclose(in);
    if (n == 0) {
        fprintf(stderr, "no frames in %s\n", argv[1]);
        return 1;
    }
    jw_decode_config cfg = {0};
    jw_msg m;
    long ok = 0, fields = 0;
    double t0 = bu_cpu_seconds();
    for (long i = 0, k = 0; i < total; i++, k = k + 1 == n ? 0 : k + 1) {
        if (jw_modes_decode(&cfg, &frames[k], &m) == JW_OK)
            ok++;
        fields += (long)(m.has & 0xFF); /* keep the result alive */
    }
    double cpu = bu_cpu_seconds() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("modes_decode: %d distinct frames, %ld decodes (%ld ok), %.3f CPU-s, "
           "%.2f M decodes/CPU-s, %.1f ns/decode, peak RSS %ld KiB (checksum %ld)\n",
           n, total, ok, cpu, total / cpu / 1e6, cpu / total * 1e9, ru.ru_maxrss, fields);
    return ok == total ? 0 : 1;
}
