/* parse_num.h - a finite decimal number filling exactly a span of text, for
 * the readers of the project's own CSV files (locate_obs.csv, the scorer's
 * cells.csv and tracks.csv). */
#ifndef JW_PARSE_NUM_H
#define JW_PARSE_NUM_H

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/* True when [s, e) is one finite number and nothing else: not empty, no
 * leading blank (strtod would skip it), not out of range. */
static inline bool jw_parse_finite(const char *s, const char *e, double *v)
{
    char *end;
    if (e == s || isspace((unsigned char)*s))
        return false;
    errno = 0;
    *v = strtod(s, &end);
    return end == e && errno != ERANGE && isfinite(*v);
}

#endif
