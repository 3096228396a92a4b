/*
 * frame.h - one raw Mode S / Mode A/C frame as a receiver delivered it.
 *
 * Feed readers (Beast, AVR) produce frames; the Mode S decoder consumes them.
 * A frame carries its receiver timestamp exactly as sent plus the time in
 * seconds the reader derived from it, so that every later stage is driven by
 * data time, never by the wall clock.
 */
#ifndef JAMWATCH_FRAME_H
#define JAMWATCH_FRAME_H

#include <stdint.h>

enum {
    JW_FRAME_MAX = 14 /* bytes in the longest (112-bit) Mode S frame */
};

typedef enum jw_frame_kind {
    JW_FRAME_MODEAC = 1, /* 2 bytes: Mode A/C reply */
    JW_FRAME_SHORT = 2,  /* 7 bytes: 56-bit Mode S */
    JW_FRAME_LONG = 3    /* 14 bytes: 112-bit Mode S */
} jw_frame_kind;

typedef struct jw_frame {
    double time;                /* seconds: UNIX time when known, else receiver-relative */
    uint64_t ts_raw;            /* 48-bit receiver timestamp as sent; 0 when absent */
    uint8_t kind;               /* a jw_frame_kind */
    uint8_t len;                /* bytes used in data: 2, 7 or 14 */
    uint8_t signal;             /* Beast signal byte, sqrt(power)*255; 0 = unknown */
    uint8_t data[JW_FRAME_MAX]; /* the frame, first transmitted bit = MSB of data[0] */
} jw_frame;

#endif
