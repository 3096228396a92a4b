/*
 * beast.c - the Beast binary reader: a byte-exact state machine with a fast
 * path for whole, escape-free frames.
 *
 * A frame is 0x1A, a type byte and a body in which every data byte 0x1A is
 * doubled. A 0x1A followed by anything but 0x1A therefore always starts a
 * frame: that is how the reader finds its way back after garbage, and how it
 * skips frames whose length it does not know. The state machine consumes one
 * byte at a time and keeps at most one unescaped body (24 bytes), so frames
 * come out identical wherever the input is cut; the fast path only takes
 * frames that lie whole inside one push without any 0x1A in their body, where
 * it does exactly what the byte loop would.
 */
#include "feed_priv.h"

#include <string.h>

enum {
    ESC = 0x1A,  /* frame start / escape byte */
    SCAN = 0xFF, /* body length unknown: skip to the next frame start */
    RAW = 0x80   /* flag in beast_len: body bytes are not escaped (0xE8) */
};

enum beast_state {
    ST_START,   /* at a frame boundary: expect 0x1A */
    ST_HUNT,    /* lost: looking for 0x1A */
    ST_TYPE,    /* after a 0x1A at a boundary: expect a type byte */
    ST_BODY,    /* reading body bytes */
    ST_ESC,     /* a 0x1A inside the body: its twin, or a new frame */
    ST_SKIP,    /* skipping an unknown-length body */
    ST_SKIP_ESC /* a 0x1A while skipping: twin, or the next frame */
};

/*
 * Unescaped body length for each type byte; 0 = not a frame type.
 * '1' '2' '3': 6 timestamp + 1 signal + 2/7/14 data bytes. readsb's private
 * types (net_io.c of wiedehopf/readsb): '5' Radarcape receiver position, same
 * length as '3'; 'P' ping, 3 bytes; 'W' command, 1 byte; 0xE3 receiver id,
 * 8 escaped bytes; 0xE8 synthetic clock, 8 raw (unescaped) bytes; 0xE4
 * receiver UUID (36 ASCII characters), 0xEB UAT text line, 0xEC encapsulated
 * UAT (variable). '4' status and 'H' have no length we could confirm. The
 * variable and unknown ones are skipped to the next frame start, which the
 * escaping makes exact.
 */
static const uint8_t beast_len[256] = {
    ['1'] = 9,     ['2'] = 14,    ['3'] = 21,    ['4'] = SCAN, ['5'] = 21,
    ['P'] = 3,     ['W'] = 1,     ['H'] = SCAN,  [0xE3] = 8,   [0xE8] = 8 | RAW,
    [0xE4] = SCAN, [0xEB] = SCAN, [0xEC] = SCAN,
};

void jw__beast_init(jw__beast *b, const jw_feed_config *cfg)
{
    memset(b, 0, sizeof *b);
    b->state = ST_START;
    jw__clock_init(&b->clock, cfg);
    b->ts12 = b->clock.mode == JW_TS_12MHZ && !b->clock.arrival;
}

/* Seconds for a timestamp: the common 12 MHz case inline, the rest (0,
 * readsb magic values, which all start with 0xFF, GPS mode) in feed_clock.c.
 * ts < 2^48, so ts - 1 < 0xFF0000000000 - 1 says ts != 0 and (ts >> 40) != 0xFF. */
static inline double frame_time(jw__beast *b, uint64_t ts, double arrival)
{
    if (b->ts12 && ts - 1 < UINT64_C(0xFF0000000000) - 1)
        return (double)(int64_t)ts * (1.0 / 12e6) + b->clock.base; /* ts < 2^48: exact */
    return jw__clock_time(&b->clock, ts, arrival);
}

/* Delivers a complete '1' '2' '3' body (timestamp, signal, data). body must
 * have 21 readable bytes (the fast path guarantees it, b->body is 24).
 * Inlined into the fast path: no call, no register saves per frame. */
static inline __attribute__((always_inline)) void emit_frame(jw__beast *b, uint8_t type,
                                                             const uint8_t *body, const jw__out *o)
{
    jw_frame f;
    uint64_t w;
    memcpy(&w, body, 8); /* 6 timestamp bytes, big-endian, and 2 more */
    f.ts_raw = __builtin_bswap64(w) >> 16;
    f.time = frame_time(b, f.ts_raw, o->arrival);
    f.signal = body[6];
    f.kind = (uint8_t)(type - '0');
    memcpy(f.data, body + 7, JW_FRAME_MAX);
    if (type == '3') {
        f.len = 14;
        o->stats->frames++;
    } else if (type == '2') {
        f.len = 7;
        memset(f.data + 7, 0, 7);
        o->stats->frames++;
    } else {
        f.len = 2;
        memset(f.data + 2, 0, 12);
        o->stats->modeac++;
    }
    if (o->sink && o->sink->frame)
        o->sink->frame(o->sink->user, &f);
}

/* A whole body has been read: deliver or count it. */
static void complete(jw__beast *b, uint8_t type, const uint8_t *body, const jw__out *o)
{
    if (type >= '1' && type <= '3')
        emit_frame(b, type, body, o);
    else if (type == '4')
        o->stats->status_frames++;
    else
        o->stats->skipped_private++;
}

/* Input bytes of a broken frame (or stray bytes) become garbage; hunt on. */
static void lose(jw__beast *b, unsigned nbytes, const jw__out *o)
{
    o->stats->garbage_bytes += nbytes;
    b->lost = true;
    b->state = ST_HUNT;
}

/* A type byte t follows a lone 0x1A: start that frame, or call it garbage. */
static void start(jw__beast *b, uint8_t t, const jw__out *o)
{
    uint8_t len = beast_len[t];
    if (!len) {
        lose(b, 2, o);
        return;
    }
    if (b->lost) {
        o->stats->resyncs++;
        b->lost = false;
    }
    b->type = t;
    b->have = 0;
    b->raw = 2;
    b->need = len & (uint8_t)~RAW;
    b->state = len == SCAN ? ST_SKIP : ST_BODY;
}

/* Stores one unescaped body byte; completes the frame when the body is full. */
static void body_byte(jw__beast *b, uint8_t c, const jw__out *o)
{
    b->body[b->have++] = c;
    if (b->have == b->need) {
        complete(b, b->type, b->body, o);
        b->state = ST_START;
    }
}

/* One input byte through the state machine (memchr-accelerated states aside). */
static void step(jw__beast *b, uint8_t c, const jw__out *o)
{
    switch (b->state) {
    case ST_START:
        if (c == ESC)
            b->state = ST_TYPE;
        else
            lose(b, 1, o);
        break;
    case ST_HUNT:
        if (c == ESC)
            b->state = ST_TYPE;
        else
            o->stats->garbage_bytes++;
        break;
    case ST_TYPE:
        if (c == ESC)
            lose(b, 2, o); /* a doubled 0x1A is data, not a frame start */
        else
            start(b, c, o);
        break;
    case ST_BODY:
        b->raw++;
        if (c == ESC && !(beast_len[b->type] & RAW)) /* SCAN types never get here */
            b->state = ST_ESC;
        else
            body_byte(b, c, o);
        break;
    case ST_ESC:
        b->raw++;
        if (c == ESC) {
            b->state = ST_BODY;
            body_byte(b, ESC, o);
        } else { /* a lone 0x1A: the frame was cut short; c starts a new one */
            o->stats->garbage_bytes += (unsigned)b->raw - 2u;
            b->lost = true;
            start(b, c, o);
        }
        break;
    case ST_SKIP:
        if (c == ESC)
            b->state = ST_SKIP_ESC;
        break;
    default: /* ST_SKIP_ESC */
        if (c == ESC) {
            b->state = ST_SKIP;
        } else {
            complete(b, b->type, NULL, o);
            start(b, c, o);
        }
        break;
    }
}

/* True when any of the n (14..24) bytes at p is 0x1A (SWAR, three words). */
static inline bool has_esc(const uint8_t *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    const uint64_t pat = ones * ESC;
    uint64_t w0, w1, w2;
    memcpy(&w0, p, 8); /* three overlapping words covering p[0 .. n-1], nothing past it */
    memcpy(&w1, p + n / 2 - 4, 8);
    memcpy(&w2, p + n - 8, 8);
    w0 ^= pat;
    w1 ^= pat;
    w2 ^= pat;
    uint64_t z = ((w0 - ones) & ~w0) | ((w1 - ones) & ~w1) | ((w2 - ones) & ~w2);
    return (z & high) != 0;
}

/* Unescapes a body of n bytes starting at p into out. Returns the input bytes
 * it took, or 0 when the input ends first or a 0x1A in it is not doubled
 * (the byte loop then takes over and does what it always does). */
static size_t unescape_body(const uint8_t *p, const uint8_t *end, size_t n, uint8_t *out)
{
    const uint8_t *s = p;
    for (size_t i = 0; i < n; i++) {
        if (p == end)
            return 0;
        uint8_t c = *p++;
        if (c == ESC) {
            if (p == end || *p != ESC)
                return 0;
            p++;
        }
        out[i] = c;
    }
    return (size_t)(p - s);
}

/* Whole '2'/'3' frames at a frame boundary; returns bytes used. Frames with
 * escaped 0x1A bytes (one in twelve of random bodies) are unescaped here
 * too when they lie whole in the input. */
static size_t fast_frames(jw__beast *b, const uint8_t *p, const uint8_t *end, const jw__out *o)
{
    const uint8_t *s = p;
    uint8_t body[24]; /* emit_frame() reads 21 bytes */
    while (end - p >= 23 && p[0] == ESC) {
        uint8_t t = p[1];
        size_t n = t == '3' ? 21 : t == '2' ? 14 : 0;
        if (!n)
            break;
        const uint8_t *frame_body = p + 2;
        size_t used = n;
        if (has_esc(p + 2, n)) {
            used = unescape_body(p + 2, end, n, body);
            if (!used)
                break;
            frame_body = body;
        }
        if (b->lost) {
            o->stats->resyncs++;
            b->lost = false;
        }
        emit_frame(b, t, frame_body, o);
        p += 2 + used;
    }
    return (size_t)(p - s);
}

void jw__beast_push(jw__beast *b, const uint8_t *p, size_t n, const jw__out *o)
{
    const uint8_t *end = p + n;
    while (p < end) {
        if (b->state == ST_START) {
            p += fast_frames(b, p, end, o);
            if (p == end)
                break;
        } else if (b->state == ST_HUNT || b->state == ST_SKIP) {
            const uint8_t *e = memchr(p, ESC, (size_t)(end - p));
            const uint8_t *stop = e ? e : end;
            if (b->state == ST_HUNT)
                o->stats->garbage_bytes += (uint64_t)(stop - p);
            p = stop;
            if (!e)
                break;
        }
        step(b, *p++, o);
    }
}

void jw__beast_finish(jw__beast *b, const jw__out *o)
{
    switch (b->state) {
    case ST_SKIP:
    case ST_SKIP_ESC: /* an unknown-length frame ends with the stream */
        complete(b, b->type, NULL, o);
        break;
    case ST_TYPE:
        o->stats->garbage_bytes += 1;
        break;
    case ST_BODY:
    case ST_ESC:
        o->stats->garbage_bytes += b->raw;
        break;
    default:
        break;
    }
    b->state = ST_START;
}

/* ---- format detection ---- */

enum { PROBE_TRUNC = 0, PROBE_BROKEN = SIZE_MAX, PROBE_SCAN_MAX = 256 };

/* Walks the frame whose type byte is at p[i]: the index just past it,
 * PROBE_TRUNC when the buffer ends first, PROBE_BROKEN when a lone 0x1A cuts it. */
static size_t probe_walk(const uint8_t *p, size_t n, size_t i)
{
    uint8_t len = beast_len[p[i++]];
    if (len == SCAN) {
        for (; i < n; i++) {
            if (p[i] != ESC)
                continue;
            if (i + 1 >= n)
                return PROBE_TRUNC;
            if (p[i + 1] != ESC)
                return i;
            i++;
        }
        return PROBE_TRUNC;
    }
    bool raw = (len & RAW) != 0;
    for (unsigned have = 0, need = len & (uint8_t)~RAW; have < need; have++) {
        if (i >= n)
            return PROBE_TRUNC;
        if (!raw && p[i] == ESC) {
            if (i + 1 >= n)
                return PROBE_TRUNC;
            if (p[i + 1] != ESC)
                return PROBE_BROKEN;
            i++;
        }
        i++;
    }
    return i;
}

int jw__beast_probe(const uint8_t *p, size_t n, bool final, size_t *at)
{
    for (size_t i = 0; i < n && i < PROBE_SCAN_MAX; i++) {
        if (p[i] != ESC)
            continue;
        if (i + 1 >= n)
            return 0;
        if (p[i + 1] == ESC || !beast_len[p[i + 1]]) {
            i++;
            continue;
        }
        size_t e = probe_walk(p, n, i + 1);
        if (e == PROBE_BROKEN)
            continue;
        if (e == PROBE_TRUNC)
            return 0;
        if (e == n || e + 1 == n) { /* one whole frame, the next not yet visible */
            *at = n;
            return final ? 1 : 0;
        }
        if (p[e] == ESC && p[e + 1] != ESC && beast_len[p[e + 1]]) {
            *at = e + 2;
            return 1;
        }
    }
    return n < PROBE_SCAN_MAX ? 0 : -1;
}
