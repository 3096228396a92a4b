/* fuzz_util.h - shared by the fuzz targets that read text or files. */
#ifndef JW_FUZZ_UTIL_H
#define JW_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input as a NUL-terminated string on the heap (so that ASan sees reads
 * past its end); NULL when it is longer than max or memory is short. */
static inline char *fz_text(const uint8_t *data, size_t size, size_t max)
{
    if (size > max)
        return NULL;
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* Writes n bytes at p as the file path (readers that take paths); 0, or -1
 * when it could not be written whole. */
static inline int fz_write_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = n ? fwrite(p, 1, n, f) : 0;
    return fclose(f) == 0 && w == n ? 0 : -1;
}

#endif
