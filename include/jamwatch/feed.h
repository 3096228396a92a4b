/*
 * feed.h - streaming readers for ADS-B/Mode S feeds: Beast binary, AVR
 * (raw hex lines) and SBS/BaseStation text, with format detection.
 *
 * A jw_feed takes bytes cut at ANY boundary (socket reads, file blocks) and
 * hands every complete frame or message to a sink as soon as it is whole.
 * Beast and AVR give raw frames (jw_frame) for the Mode S decoder; SBS lines
 * are already decoded by their sender and give jw_msg directly.
 *
 * Memory is fixed at open: a reader never grows a buffer with its input.
 * Readers are pure: no I/O, no clock; time comes from the receiver's
 * timestamps or from the arrival time the caller passes to jw_feed_push().
 * See docs/feeds.md for the accepted formats, timestamp rules and limits.
 */
#ifndef JAMWATCH_FEED_H
#define JAMWATCH_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"
#include "jamwatch/frame.h"
#include "jamwatch/modes.h"

/* Feed formats. JW_FMT_NMEA is recognised (AIS) but read by the AIS module. */
typedef enum jw_format {
    JW_FMT_AUTO = 0, /* detect from the first bytes */
    JW_FMT_BEAST,    /* Beast binary (0x1A-framed) */
    JW_FMT_AVR,      /* AVR raw hex lines: *...; @...; %...; <...; */
    JW_FMT_SBS,      /* SBS/BaseStation CSV lines */
    JW_FMT_NMEA      /* AIS NMEA 0183 (!AIVDM...): not read by jw_feed */
} jw_format;

/* How the 48-bit receiver timestamps of Beast and AVR are read. */
typedef enum jw_ts_mode {
    JW_TS_12MHZ = 0, /* free-running 12 MHz counter */
    JW_TS_GPS        /* top 18 bits seconds of the UTC day, low 30 bits nanoseconds */
} jw_ts_mode;

typedef struct jw_feed_config {
    jw_format format;      /* JW_FMT_AUTO: detect from the first bytes */
    jw_ts_mode ts_mode;    /* how Beast/AVR 48-bit timestamps are read */
    double time_base;      /* seconds added to 12 MHz time (e.g. UNIX start of the
                              recording); in GPS mode the UNIX time of 00:00 UTC of the
                              day the recording starts */
    bool use_arrival_time; /* ignore receiver timestamps, use the arrival time of push */
} jw_feed_config;

/* Where readers deliver. Either callback may be NULL (the item is counted, then dropped).
 * The pointers passed to the callbacks are valid only during the call. */
typedef struct jw_feed_sink {
    void (*frame)(void *user, const jw_frame *f); /* Beast/AVR Mode S and Mode A/C */
    void (*msg)(void *user, const jw_msg *m);     /* SBS: already decoded */
    void *user;                                   /* passed back to the callbacks */
} jw_feed_sink;

/* Counters since open. Every input byte is either part of a frame/line or garbage. */
typedef struct jw_feed_stats {
    uint64_t bytes;         /* bytes pushed */
    uint64_t frames;        /* Mode S frames delivered (56 and 112 bit) */
    uint64_t modeac;        /* Mode A/C frames delivered */
    uint64_t resyncs;       /* Beast: times a frame start was found again after garbage */
    uint64_t garbage_bytes; /* Beast: bytes outside any frame, or of broken frames */
    uint64_t
        skipped_private;    /* Beast: readsb private frames skipped (0xE3 0xE8 5 P W H, UUID/UAT) */
    uint64_t status_frames; /* Beast: type '4' status frames skipped */
    uint64_t bad_lines;     /* AVR/SBS: lines that did not parse */
    uint64_t too_long_lines; /* AVR/SBS: lines longer than JW_FEED_LINE_MAX, skipped */
    uint64_t sbs_msgs;       /* SBS: MSG lines delivered */
    uint64_t sbs_other;      /* SBS: SEL, ID, AIR, STA, CLK lines counted and skipped */
} jw_feed_stats;

enum {
    JW_FEED_LINE_MAX = 512,   /* longest AVR/SBS line kept, terminator excluded */
    JW_FEED_DETECT_MAX = 4096 /* bytes held while detecting the format */
};

typedef struct jw_feed jw_feed;

/*
 * Opens a reader. cfg is copied. On success *out is a handle released with
 * jw_feed_close(). Returns JW_EINVAL for a bad configuration, JW_ENOMEM.
 */
jw_err jw_feed_open(const jw_feed_config *cfg, jw_feed **out);

/*
 * Pushes len bytes, cut anywhere. Complete frames/messages go to sink before
 * the call returns; an incomplete tail is kept (in fixed buffers) for the next
 * push. arrival (seconds) is the time used when a frame carries no timestamp
 * or when use_arrival_time is set.
 * Returns JW_OK; JW_EFORMAT when the format is NMEA (read it with the AIS
 * module), or when detection failed within JW_FEED_DETECT_MAX bytes; once
 * JW_EFORMAT is returned every later push returns it too.
 */
jw_err jw_feed_push(jw_feed *f, const uint8_t *data, size_t len, double arrival,
                    const jw_feed_sink *sink);

/* End of input: flushes a final unterminated line; an unfinished Beast frame
 * counts as garbage. Returns JW_EFORMAT if the format is still unknown. */
jw_err jw_feed_finish(jw_feed *f, const jw_feed_sink *sink);

/* The format in use: the configured one, or the detected one (JW_FMT_AUTO
 * while detection is still undecided). */
jw_format jw_feed_format(const jw_feed *f);

/* The bytes held while detecting (valid until the next push/close); lets a
 * caller hand an NMEA stream's first bytes to the AIS reader. */
void jw_feed_detect_buffer(const jw_feed *f, const uint8_t **data, size_t *len);

/* Copies the counters into *out. */
void jw_feed_stats_get(const jw_feed *f, jw_feed_stats *out);

/* Releases the reader. NULL is allowed. */
void jw_feed_close(jw_feed *f);

/*
 * Detects the format of the first len bytes of a stream. Pure. Returns
 * JW_FMT_AUTO while undecidable (too few bytes, or nothing recognisable).
 */
jw_format jw_format_detect(const uint8_t *buf, size_t len);

/* Parses "beast", "avr", "sbs", "nmea" or "auto" (case-insensitive). */
jw_err jw_format_parse(const char *name, jw_format *out);

/* The name of a format ("beast", ...); "?" for a bad value. Never NULL. */
const char *jw_format_name(jw_format f);

#endif
