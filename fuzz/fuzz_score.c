/* fuzz_score.c - the scorer's readers on arbitrary files: the input is cut
 * at NUL bytes into truth.json, tracks.csv, cells.csv, run.json,
 * targets.jsonl, events.jsonl and emitters.geojson (missing parts are empty
 * files), written to a per-process directory under /tmp, then scored and
 * listed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jamwatch/score.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"truth.json",    "tracks.csv",   "cells.csv",       "run.json",
                                    "targets.jsonl", "events.jsonl", "emitters.geojson"};
enum { NPARTS = sizeof names / sizeof *names };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    char dir[64], path[NPARTS][96];
    snprintf(dir, sizeof dir, "/tmp/jw_fuzz_score_%ld", (long)getpid());
    mkdir(dir, 0700);
    const uint8_t *p = data, *end = data + size;
    for (int i = 0; i < NPARTS; i++) {
        const uint8_t *cut = p < end ? memchr(p, 0, (size_t)(end - p)) : NULL;
        const uint8_t *q = cut ? cut : end;
        snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
        if (fz_write_file(path[i], p, (size_t)(q - p)))
            return 0;
        p = cut ? cut + 1 : end;
    }
    jw_score s;
    jw_score_run(path[0], dir, &s);
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        jw_score_list(path[0], dir, null);
        fclose(null);
    }
    for (int i = 0; i < NPARTS; i++)
        unlink(path[i]);
    rmdir(dir);
    return 0;
}
