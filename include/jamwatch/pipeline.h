/*
 * pipeline.h - the first stages wired together: feed bytes -> frames ->
 * decoded messages -> per-aircraft state, with the counters of each stage.
 *
 * Every consumer (decode, analyze, the live service) sees each accepted
 * message once, completed by the aircraft table (resolved position, NIC),
 * together with the aircraft it belongs to.
 */
#ifndef JAMWATCH_PIPELINE_H
#define JAMWATCH_PIPELINE_H

#include "jamwatch/aircraft.h"
#include "jamwatch/feed.h"
#include "jamwatch/modes.h"

/* Called for every message the aircraft table accepted; a may be NULL for
 * messages with no aircraft (Mode A/C). */
typedef void (*jw_pipeline_fn)(void *user, const jw_msg *m, const jw_aircraft *a);

typedef struct jw_pipeline_config {
    jw_decode_config decode;     /* Mode S decoder options */
    jw_aircraft_config aircraft; /* aircraft table options */
    bool emit_modeac;            /* pass Mode A/C replies to the callback too */
} jw_pipeline_config;

typedef struct jw_pipeline_stats {
    uint64_t frames;     /* Mode S and Mode A/C frames from the feeds */
    uint64_t decoded;    /* frames decoded (CRC good or parity address) */
    uint64_t bad_crc;    /* DF11/17/18 whose CRC failed */
    uint64_t corrected;  /* frames repaired by single-bit correction */
    uint64_t unknown_df; /* downlink formats the decoder does not know */
    uint64_t bad_length; /* frame length not matching its DF */
    uint64_t modeac;     /* Mode A/C replies */
    uint64_t sbs;        /* already-decoded SBS messages */
    uint64_t emitted;    /* messages passed to the callback */
    uint64_t by_df[33];  /* decoded messages per DF (32 = Mode A/C) */
} jw_pipeline_stats;

typedef struct jw_pipeline jw_pipeline;

/* cfg may be NULL for defaults. fn may be NULL (counting only). */
jw_err jw_pipeline_open(const jw_pipeline_config *cfg, jw_pipeline_fn fn, void *user,
                        jw_pipeline **out);
void jw_pipeline_close(jw_pipeline *p);

/* A sink to hand to jw_feed_push()/jw_feed_finish() for any number of feeds. */
jw_feed_sink jw_pipeline_sink(jw_pipeline *p);

/* Runs one decoded frame or SBS message through the table (used by the sink). */
void jw_pipeline_frame(jw_pipeline *p, const jw_frame *f);
void jw_pipeline_msg(jw_pipeline *p, const jw_msg *m);

void jw_pipeline_stats_get(const jw_pipeline *p, jw_pipeline_stats *out);

/* The aircraft table, for queries between pushes. */
const jw_aircraft_table *jw_pipeline_aircraft(const jw_pipeline *p);

#endif
