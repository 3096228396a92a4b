/*
 * feedutil.h - helpers for the feed reader suites: the real messages of
 * ../shared/data/modes/sample_data_adsb.csv, a Beast/AVR stream writer for
 * tests, and a sink that collects frames and messages.
 */
#ifndef JW_FEEDUTIL_H
#define JW_FEEDUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/feed.h"

/* One message of the sample file. */
typedef struct fu_sample {
    long ts;          /* UNIX seconds (ts column) */
    uint8_t len;      /* 7 or 14 */
    uint8_t data[14]; /* the frame */
} fu_sample;

/* Reads a sample CSV (relative path inside the shared data folder): the
 * ts,"hex",... layout of sample_data_adsb.csv or the ts,icao,hex layout of
 * sample_data_commb_*.csv. NULL if absent. *n gets the row count. Caller frees. */
fu_sample *fu_load_samples(const char *path, size_t *n);

/* A growable byte buffer (tests only). */
typedef struct fu_buf {
    uint8_t *p;
    size_t len, cap;
} fu_buf;

void fu_put(fu_buf *b, const void *p, size_t n);
void fu_byte(fu_buf *b, uint8_t c);

/* Appends one Beast frame (type, 48-bit ts, signal, data) with 0x1A doubled. */
void fu_beast_frame(fu_buf *b, uint8_t type, uint64_t ts, uint8_t sig, const uint8_t *d, size_t n);
/* Appends raw bytes of a private frame body with 0x1A doubled. */
void fu_beast_escaped(fu_buf *b, const uint8_t *d, size_t n);

/* 12 MHz ticks for sample i: seconds since the first sample plus (i + 1) ms (never 0). */
uint64_t fu_sample_ticks(const fu_sample *s, size_t i, long ts0);
/* The signal byte used for sample i (covers 0x1A). */
uint8_t fu_sample_signal(size_t i);

/* Collecting sink. */
typedef struct fu_collect {
    jw_frame *frames;
    size_t nframes, capframes;
    jw_msg *msgs;
    size_t nmsgs, capmsgs;
} fu_collect;

jw_feed_sink fu_sink(fu_collect *c);
void fu_collect_free(fu_collect *c);

/* Opens a feed, pushes data in chunks of the given sizes (cycled; NULL = one
 * push), finishes, fills *c and *st. Returns the push/finish error, if any. */
jw_err fu_run(const jw_feed_config *cfg, const uint8_t *data, size_t len, const size_t *chunks,
              size_t nchunks, fu_collect *c, jw_feed_stats *st);

/* Field-wise equality (jw_frame has padding: never memcmp it). */
bool fu_frame_eq(const jw_frame *a, const jw_frame *b);

/* Deterministic PRNG (xorshift64*). */
uint64_t fu_rand(uint64_t *state);

#endif
