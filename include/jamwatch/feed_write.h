/*
 * feed_write.h - writing frames as receivers publish them: Beast binary,
 * AVR text and SBS (BaseStation) lines. The inverse of the feed readers.
 *
 * All functions format into a caller buffer and return the bytes written;
 * none does I/O. Beast timestamps are 48-bit: either a free-running 12 MHz
 * counter (ticks since a time base the caller records) or the GPS layout
 * (top 18 bits second of day, low 30 bits nanoseconds).
 */
#ifndef JAMWATCH_FEED_WRITE_H
#define JAMWATCH_FEED_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/frame.h"

enum {
    JW_BEAST_MAX = 2 + 2 * (6 + 1 + JW_FRAME_MAX),  /* worst case: every byte escaped */
    JW_AVR_MAX = 1 + 12 + 2 * JW_FRAME_MAX + 2 + 1, /* '@', timestamp, hex, ";\n", NUL */
    JW_SBS_MAX = 256                                /* one SBS line with its CRLF and NUL */
};

/* Ticks of a 12 MHz counter after a time base (seconds since it), 48 bits. */
uint64_t jw_beast_ts_12mhz(double seconds_since_base);

/* The GPS timestamp layout for a UNIX time. */
uint64_t jw_beast_ts_gps(double unix_time);

/*
 * Writes f as one Beast frame ('1', '2' or '3' by f->kind) with f->ts_raw
 * and f->signal, doubling every 0x1A after the type byte. out must hold
 * JW_BEAST_MAX bytes. Returns the bytes written, 0 for a bad frame.
 */
size_t jw_beast_write(const jw_frame *f, uint8_t *out);

/* Writes "@<12 hex ts><hex>;\n" (or "*<hex>;\n" when with_ts is false) and a
 * NUL into out (JW_AVR_MAX bytes). Returns the length without the NUL. */
size_t jw_avr_write(const jw_frame *f, bool with_ts, char *out);

/* One SBS/BaseStation message; only fields whose has_ flag is set are written. */
typedef struct jw_sbs_rec {
    uint8_t type;         /* MSG type 1-8 */
    uint32_t icao;        /* 24-bit address */
    double time;          /* UNIX seconds, used for both generated and logged times */
    const char *callsign; /* type 1, or NULL */
    bool has_alt;
    int32_t alt_ft;
    bool has_vel;
    double gs_kt, track;
    bool has_pos;
    double lat, lon;
    bool has_vrate;
    int32_t vrate_fpm;
    bool has_squawk;
    uint16_t squawk; /* octal digits as nibbles: 0x7700 */
    bool on_ground;  /* last field */
} jw_sbs_rec;

/* Writes r as one CRLF-terminated MSG line into out (cap bytes, JW_SBS_MAX is
 * enough). Returns the length, 0 if it did not fit. */
size_t jw_sbs_write(const jw_sbs_rec *r, char *out, size_t cap);

#endif
