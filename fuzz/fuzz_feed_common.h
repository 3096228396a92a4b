/*
 * fuzz_feed_common.h - shared by the feed fuzz targets: run a reader over an
 * input pushed whole, cut at a fuzzer-chosen point, and one byte at a time;
 * the outputs and counters must be identical, and every frame well formed.
 */
#ifndef JW_FUZZ_FEED_COMMON_H
#define JW_FUZZ_FEED_COMMON_H

#include <stdlib.h>
#include <string.h>

#include "jamwatch/feed.h"

typedef struct fz_out {
    jw_frame *frames;
    size_t nframes, cap;
    jw_msg *msgs;
    size_t nmsgs, mcap;
} fz_out;

static void fz_frame(void *user, const jw_frame *f)
{
    fz_out *o = user;
    /* Invariant: the length matches the kind, the time is a number. */
    if (!((f->kind == JW_FRAME_MODEAC && f->len == 2) || (f->kind == JW_FRAME_SHORT && f->len == 7) ||
          (f->kind == JW_FRAME_LONG && f->len == 14)) ||
        f->time != f->time || f->ts_raw >> 48)
        abort();
    if (o->nframes == o->cap) {
        o->cap = o->cap * 2 + 16;
        o->frames = realloc(o->frames, o->cap * sizeof *o->frames);
    }
    o->frames[o->nframes++] = *f;
}

static void fz_msg(void *user, const jw_msg *m)
{
    fz_out *o = user;
    if (m->addr > 0xFFFFFF || m->time != m->time ||
        (JW_HAS(m, JW_F_POS) && (m->lat < -90 || m->lat > 90 || m->lon < -180 || m->lon > 180)) ||
        strlen(m->callsign) > 8)
        abort();
    if (o->nmsgs == o->mcap) {
        o->mcap = o->mcap * 2 + 16;
        o->msgs = realloc(o->msgs, o->mcap * sizeof *o->msgs);
    }
    o->msgs[o->nmsgs++] = *m;
}

/* Pushes data in pieces of at most step bytes (0: whole), first cut at cut. */
static void fz_run(jw_format fmt, jw_ts_mode mode, const uint8_t *d, size_t n, size_t cut,
                   size_t step, fz_out *o, jw_feed_stats *st)
{
    jw_feed_config cfg = {fmt, mode, 1.7e9, false};
    jw_feed *f;
    if (jw_feed_open(&cfg, &f) != JW_OK)
        abort();
    memset(o, 0, sizeof *o);
    jw_feed_sink sink = {fz_frame, fz_msg, o};
    size_t off = 0;
    if (cut && cut < n) {
        jw_feed_push(f, d, cut, 5.0, &sink);
        off = cut;
    }
    while (off < n) {
        size_t k = step && step < n - off ? step : n - off;
        jw_feed_push(f, d + off, k, 5.0, &sink);
        off += k;
    }
    jw_feed_finish(f, &sink);
    jw_feed_stats_get(f, st);
    jw_feed_close(f);
}

static int fz_frame_eq(const jw_frame *a, const jw_frame *b)
{
    return a->time == b->time && a->ts_raw == b->ts_raw && a->kind == b->kind &&
           a->len == b->len && a->signal == b->signal && !memcmp(a->data, b->data, a->len);
}

static int fz_msg_eq(const jw_msg *a, const jw_msg *b)
{
    return a->time == b->time && a->has == b->has && a->addr == b->addr && a->df == b->df &&
           a->alt_baro == b->alt_baro && a->lat == b->lat && a->lon == b->lon &&
           jw_velocity_gs(&a->vel) == jw_velocity_gs(&b->vel) &&
           jw_velocity_track(&a->vel) == jw_velocity_track(&b->vel) && a->vrate == b->vrate &&
           a->squawk == b->squawk && a->airground == b->airground &&
           !strcmp(a->callsign, b->callsign);
}

static void fz_same(const fz_out *a, const jw_feed_stats *sa, const fz_out *b,
                    const jw_feed_stats *sb)
{
    if (a->nframes != b->nframes || a->nmsgs != b->nmsgs || memcmp(sa, sb, sizeof *sa))
        abort();
    for (size_t i = 0; i < a->nframes; i++)
        if (!fz_frame_eq(&a->frames[i], &b->frames[i]))
            abort();
    for (size_t i = 0; i < a->nmsgs; i++)
        if (!fz_msg_eq(&a->msgs[i], &b->msgs[i]))
            abort();
}

static void fz_free(fz_out *o)
{
    free(o->frames);
    free(o->msgs);
}

/* The whole check for one format: byte 0 picks the cut, byte 1 the step. */
static int fz_check(jw_format fmt, const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t cut = data[0], step = data[1] % 64;
    jw_ts_mode mode = data[1] & 0x80 ? JW_TS_GPS : JW_TS_12MHZ;
    data += 2;
    size -= 2;
    fz_out whole, part;
    jw_feed_stats s0, s1;
    fz_run(fmt, mode, data, size, 0, 0, &whole, &s0);
    fz_run(fmt, mode, data, size, cut * size / 256, step, &part, &s1);
    fz_same(&whole, &s0, &part, &s1);
    fz_free(&part);
    if (size <= 4096) {
        fz_run(fmt, mode, data, size, 0, 1, &part, &s1);
        fz_same(&whole, &s0, &part, &s1);
        fz_free(&part);
    }
    if (s0.bytes != size)
        abort();
    fz_free(&whole);
    return 0;
}

#endif
