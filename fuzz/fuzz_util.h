/* fuzz_util.h - shared by the fuzz targets that read text. */
#ifndef JW_FUZZ_UTIL_H
#define JW_FUZZ_UTIL_H

#include <stdint.h>
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

#endif
