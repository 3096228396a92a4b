/*
 * feed_priv.h - what the feed readers (beast.c, avr.c, sbs.c) share with
 * feed.c: the receiver clock that turns 48-bit timestamps into seconds, the
 * bounded line splitter of the text formats, and each reader's state.
 *
 * Internal to the library: names are jw__ (two underscores), not public API.
 */
#ifndef JW_FEED_PRIV_H
#define JW_FEED_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/feed.h"

/* ---- receiver clock (feed_clock.c) ---- */

typedef struct jw__clock {
    jw_ts_mode mode;   /* 12 MHz counter or GPS seconds-of-day */
    double base;       /* seconds added (see jw_feed_config.time_base) */
    bool arrival;      /* ignore receiver timestamps */
    uint32_t last_sod; /* GPS mode: second of day of the previous timestamp */
    double day_off;    /* GPS mode: whole days added after passing midnight */
} jw__clock;

void jw__clock_init(jw__clock *c, const jw_feed_config *cfg);

/* Seconds for a 48-bit timestamp; arrival when ts is 0, a readsb magic
 * (synthetic MLAT/UAT) value, invalid in GPS mode, or when c->arrival. */
double jw__clock_time(jw__clock *c, uint64_t ts, double arrival);

/* Big-endian 48-bit value of 6 bytes. */
static inline uint64_t jw__be48(const uint8_t *p)
{
    return (uint64_t)p[0] << 40 | (uint64_t)p[1] << 32 | (uint64_t)p[2] << 24 |
           (uint64_t)p[3] << 16 | (uint64_t)p[4] << 8 | (uint64_t)p[5];
}

/* Where every reader delivers, and what it counts. */
typedef struct jw__out {
    const jw_feed_sink *sink; /* callbacks (may be NULL members) */
    jw_feed_stats *stats;     /* counters to bump */
    double arrival;           /* arrival time of the current push */
} jw__out;

/* ---- detection (feed_detect.c) ---- */

/* jw_format_detect() at the end of the input: a single whole Beast frame or
 * a final unterminated line is enough to decide. */
jw_format jw__format_detect_final(const uint8_t *buf, size_t len);

/* ---- Beast binary (beast.c) ---- */

typedef struct jw__beast {
    uint8_t state;    /* a beast_state (see beast.c) */
    uint8_t type;     /* type byte of the frame being read */
    uint8_t need;     /* unescaped body bytes the type has */
    uint8_t have;     /* body bytes read so far */
    uint16_t raw;     /* input bytes the current frame has used (for garbage counts) */
    bool lost;        /* sync was lost: the next frame start is a resync */
    bool ts12;        /* 12 MHz timestamps, not ignored: frame_time()'s inline case */
    uint8_t body[24]; /* unescaped body of the frame being read */
    jw__clock clock;  /* timestamp conversion */
} jw__beast;

void jw__beast_init(jw__beast *b, const jw_feed_config *cfg);
void jw__beast_push(jw__beast *b, const uint8_t *p, size_t n, const jw__out *o);
void jw__beast_finish(jw__beast *b, const jw__out *o);
/* Beast detection over the first n bytes: 1 Beast (a frame confirmed by the
 * next frame start, or a single whole frame when final), 0 undecided, -1 not.
 * On 1, *at is the number of bytes the evidence needed. */
int jw__beast_probe(const uint8_t *p, size_t n, bool final, size_t *at);

/* ---- bounded line splitter (feed_lines.c) ---- */

typedef void (*jw__line_fn)(void *ctx, const char *line, size_t len, const jw__out *o);

typedef struct jw__lines {
    size_t len;                     /* bytes held in buf */
    bool overlong;                  /* the line being held passed the limit: drop it */
    char buf[JW_FEED_LINE_MAX + 1]; /* start of a line split across pushes */
} jw__lines;

/* Splits at CR and LF; calls fn for every non-empty line (without its
 * terminator); lines over JW_FEED_LINE_MAX are counted in too_long_lines. */
void jw__lines_push(jw__lines *l, const uint8_t *p, size_t n, jw__line_fn fn, void *ctx,
                    const jw__out *o);
/* Flushes a final unterminated line. */
void jw__lines_finish(jw__lines *l, jw__line_fn fn, void *ctx, const jw__out *o);

/* ---- AVR (avr.c) ---- */

typedef struct jw__avr {
    jw__lines lines; /* line splitter */
    jw__clock clock; /* timestamp conversion */
} jw__avr;

/* Result of parsing one AVR line. */
typedef enum jw__avr_res { JW__AVR_FRAME = 0, JW__AVR_BAD = 1 } jw__avr_res;

void jw__avr_init(jw__avr *a, const jw_feed_config *cfg);
/* Parses one line (no terminator) into *f (time not set) and *ts (0 = none). */
jw__avr_res jw__avr_parse(const char *s, size_t n, jw_frame *f, uint64_t *ts);
void jw__avr_line(void *ctx, const char *s, size_t n, const jw__out *o);

/* ---- SBS (sbs.c) ---- */

typedef enum jw__sbs_res {
    JW__SBS_MSG = 0,   /* a MSG line: *m filled */
    JW__SBS_OTHER = 1, /* SEL, ID, AIR, STA, CLK: skipped */
    JW__SBS_BAD = 2    /* not SBS, or malformed */
} jw__sbs_res;

/* Parses one line (no terminator); arrival is the fallback time. */
jw__sbs_res jw__sbs_parse(const char *s, size_t n, double arrival, jw_msg *m);
void jw__sbs_line(void *ctx, const char *s, size_t n, const jw__out *o);

#endif
