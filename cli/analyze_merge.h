/*
 * analyze_merge.h - the inputs of `jamwatch analyze` read together, merged by
 * message time (analyze_merge.c): a k-way merge over one reader per input
 * (Beast/AVR/SBS feed, AIS NMEA, OpenSky CSV), each with a bounded
 * lookahead (the items of one read chunk), so that an AIS file and an ADS-B
 * file of the same hours, or several receivers' recordings, reach the
 * analysis in time order and its windows close correctly.
 */
#ifndef JW_CLI_ANALYZE_MERGE_H
#define JW_CLI_ANALYZE_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "jamwatch/ais.h"
#include "jamwatch/frame.h"
#include "jamwatch/modes.h"

/* Where merged items go, in time order. Any callback may be NULL. */
typedef struct am_handlers {
    void (*frame)(void *user, const jw_frame *f);              /* Beast/AVR frame */
    void (*msg)(void *user, const jw_msg *m);                  /* SBS message (already decoded) */
    void (*opensky)(void *user, const jw_msg *m);              /* OpenSky state vector */
    void (*ais)(void *user, const jw_ais_msg *m, double time); /* decoded AIS payload */
    void *user;                                                /* passed back */
} am_handlers;

/* One input to open: its path and the 12 MHz time base of Beast/AVR. */
typedef struct am_input {
    const char *path; /* file, "-" for standard input */
    double time_base; /* UNIX time of the Beast/AVR counter zero */
} am_input;

typedef struct am_stats {
    uint64_t items;    /* items delivered (but a lone feed's: those go straight to the handlers) */
    uint64_t late;     /* items older than one already delivered (input out of order) */
    uint64_t bad_rows; /* OpenSky rows that did not parse */
    size_t max_lookahead; /* most items held at once over all inputs */
} am_stats;

enum { AM_MAX_INPUTS = 64 };

/* Reads every input to its end, delivering items merged by time. Items
 * without a time (NaN) go out at once. Returns 0, or -1 after printing an
 * error naming the input (cannot open, unknown format, read error). */
int am_run(const am_input *in, int n, const am_handlers *h, am_stats *stats);

#endif
