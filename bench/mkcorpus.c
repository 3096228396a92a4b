/*
 * mkcorpus.c - builds the decode benchmark's Beast corpus from the real
 * sample messages: each of N aircraft flies the sample (forwards, then
 * backwards, and so on, so its track stays continuous), readdressed to its
 * own ICAO address with the CRC recomputed, interleaved in time as a
 * receiver would hear them, with 12 MHz timestamps.
 *
 * usage: mkcorpus SAMPLE.csv AIRCRAFT MESSAGES OUT.beast
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/feed_write.h"
#include "jamwatch/modes.h"

enum { MAX_SAMPLES = 100000 };

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reads the hex column of the sample CSV (ts,"hex",icao,tc). */
static size_t load(const char *path, uint8_t (*msgs)[14])
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "mkcorpus: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    char line[256];
    size_t n = 0;
    while (n < MAX_SAMPLES && fgets(line, sizeof line, f)) {
        char *q = strchr(line, '"');
        if (!q || strlen(q) < 30)
            continue;
        int ok = 1;
        for (int i = 0; i < 14 && ok; i++) {
            int hi = hexval(q[1 + 2 * i]), lo = hexval(q[2 + 2 * i]);
            ok = hi >= 0 && lo >= 0;
            msgs[n][i] = (uint8_t)(hi << 4 | lo);
        }
        n += ok;
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: mkcorpus SAMPLE.csv AIRCRAFT MESSAGES OUT.beast\n");
        return 2;
    }
    static uint8_t msgs[MAX_SAMPLES][14];
    size_t ns = load(argv[1], msgs);
    long nac = strtol(argv[2], NULL, 10), total = strtol(argv[3], NULL, 10);
    FILE *out = fopen(argv[4], "wb");
    if (ns < 2 || nac < 1 || nac > 0xFFFFF || total < 1 || !out) {
        fprintf(stderr, "mkcorpus: bad arguments or sample\n");
        return 1;
    }
    static uint8_t buf[1 << 20];
    size_t used = 0;
    const double step = 0.36; /* the sample's mean spacing: 2,000 messages in 12 minutes */
    for (long i = 0; i < total; i++) {
        long ac = i % nac, round = i / nac;
        long pass = round / (long)ns, j = round % (long)ns;
        size_t k = (size_t)(pass % 2 ? (long)ns - 1 - j : j);
        jw_frame fr = {.kind = JW_FRAME_LONG, .len = 14, .signal = 100};
        memcpy(fr.data, msgs[k], 14);
        uint32_t addr = 0x400000u + (uint32_t)ac * 7u;
        fr.data[1] = (uint8_t)(addr >> 16);
        fr.data[2] = (uint8_t)(addr >> 8);
        fr.data[3] = (uint8_t)addr;
        uint32_t crc = jw_modes_crc(fr.data, 112);
        fr.data[11] = (uint8_t)(crc >> 16);
        fr.data[12] = (uint8_t)(crc >> 8);
        fr.data[13] = (uint8_t)crc;
        fr.ts_raw = (uint64_t)((round * step + ac * 1e-5) * 12e6) + 1;
        used += jw_beast_write(&fr, buf + used);
        if (used > sizeof buf - 64) {
            fwrite(buf, 1, used, out);
            used = 0;
        }
    }
    fwrite(buf, 1, used, out);
    return fclose(out) == 0 ? 0 : 1;
}
