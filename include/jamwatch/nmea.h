/*
 * nmea.h - streaming NMEA 0183 reader for AIS: !--VDM / !--VDO sentences in,
 * complete AIS payloads (packed bits + time + source + channel) out.
 *
 * Bytes may be pushed cut anywhere; lines are reassembled internally with a
 * bounded line buffer. The reader checks sentence checksums (XOR of every
 * character between '!' and '*'), NMEA 4 tag block checksums, removes the
 * payload armoring and fill bits, and reassembles multipart messages keyed by
 * (sequence id, channel, tag block source) in a bounded fragment table with a
 * timeout. Times come from the stream (tag block c:, a trailing ",<epoch>"
 * after the checksum, or a preceding $PGHP line) and, for timeouts only, from
 * the caller's `now`: the reader never reads a clock and has no globals.
 *
 * Payloads are handed to a callback; the pointers in jw_nmea_msg are valid
 * only during the call.
 */
#ifndef JAMWATCH_NMEA_H
#define JAMWATCH_NMEA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"

/* Largest AIS payload accepted after reassembly, in six-bit characters and
 * bits (the longest message, type 26, is 1064 bits over 5 slots). */
#define JW_NMEA_MAX_CHARS 360
#define JW_NMEA_MAX_BITS  (JW_NMEA_MAX_CHARS * 6)
#define JW_NMEA_MAX_BYTES (JW_NMEA_MAX_BITS / 8)

typedef struct jw_nmea jw_nmea;

/* Where jw_nmea_msg.time came from. */
typedef enum jw_nmea_time_src {
    JW_NMEA_TIME_NONE = 0,     /* the stream carried no time: time is NaN */
    JW_NMEA_TIME_TAG = 1,      /* NMEA 4 tag block c: field */
    JW_NMEA_TIME_TRAILING = 2, /* ",<epoch>" after the sentence checksum */
    JW_NMEA_TIME_PGHP = 3      /* a $PGHP (Gatehouse) line before the sentence */
} jw_nmea_time_src;

/* Limits; zero fields take the defaults shown. */
typedef struct jw_nmea_config {
    size_t max_line;      /* longest line kept, bytes (default 1024) */
    unsigned max_partial; /* multipart messages in progress at once (default 64) */
    double frag_timeout;  /* seconds a partial message may wait (default 10) */
} jw_nmea_config;

/* One complete AIS payload. */
typedef struct jw_nmea_msg {
    const uint8_t *bits; /* payload, packed MSB first (bit 1 = MSB of bits[0]) */
    size_t nbits;        /* payload length in bits, fill bits removed */
    double time;         /* UNIX seconds from the stream, NaN when none */
    uint8_t time_src;    /* a jw_nmea_time_src */
    char channel;        /* radio channel 'A', 'B', '1', '2'..., 0 if empty */
    char talker[3];      /* talker id, NUL-terminated ("AI", "BS", ...) */
    bool own;            /* true for VDO (own ship), false for VDM */
    uint8_t fragments;   /* sentences the payload came in */
    const char *source;  /* tag block s: field, "" when none */
    uint64_t line;       /* 1-based number of the line that completed it */
} jw_nmea_msg;

/* Called once per complete payload. */
typedef void (*jw_nmea_fn)(void *user, const jw_nmea_msg *msg);

/* Counters since open. "Lost" counts discarded multipart messages. */
typedef struct jw_nmea_stats {
    uint64_t lines;            /* lines seen (including empty ones) */
    uint64_t sentences;        /* AIS sentences with a good checksum */
    uint64_t fragments;        /* of which parts of multipart messages */
    uint64_t payloads;         /* complete payloads delivered */
    uint64_t bad_checksum;     /* AIS sentences whose checksum failed */
    uint64_t bad_tag_checksum; /* tag blocks whose checksum failed */
    uint64_t malformed;        /* AIS sentences with bad fields or characters */
    uint64_t too_long;         /* lines longer than max_line, dropped */
    uint64_t other;            /* non-AIS lines: other sentences, comments */
    uint64_t pghp;             /* $PGHP time lines used */
    uint64_t frag_lost;        /* partial messages dropped: out of order, missing */
    uint64_t frag_timeout;     /* partial messages dropped: timed out */
    uint64_t frag_evicted;     /* partial messages dropped: table full */
    uint64_t frag_overflow;    /* reassembled payload beyond JW_NMEA_MAX_CHARS */
} jw_nmea_stats;

/* Creates a reader (cfg may be NULL for defaults). Free with jw_nmea_close. */
jw_err jw_nmea_open(const jw_nmea_config *cfg, jw_nmea **out);

/* Frees the reader. NULL is allowed. Partial messages are dropped silently. */
void jw_nmea_close(jw_nmea *r);

/*
 * Feeds n bytes of a stream (cut anywhere). Complete lines are parsed and
 * every completed payload is passed to fn. now is the caller's time in
 * seconds, used only for fragment timeouts when the stream has no time.
 */
jw_err jw_nmea_push(jw_nmea *r, const void *buf, size_t n, double now, jw_nmea_fn fn, void *user);

/*
 * Feeds one datagram (UDP): it holds whole lines, and its end ends the last
 * line even without a newline. Any line left incomplete by jw_nmea_push is
 * finished first.
 */
jw_err jw_nmea_datagram(jw_nmea *r, const void *buf, size_t n, double now, jw_nmea_fn fn,
                        void *user);

/* End of stream: parses a last line that had no newline and drops (counts as
 * lost) every partial message still waiting. */
jw_err jw_nmea_finish(jw_nmea *r, double now, jw_nmea_fn fn, void *user);

/* Copies the counters into *out. */
void jw_nmea_get_stats(const jw_nmea *r, jw_nmea_stats *out);

#endif
