/* feedutil.c - see feedutil.h. */
#include "feedutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

fu_sample *fu_load_samples(const char *rel, size_t *n)
{
    char *path = tu_data_path(rel);
    if (!path)
        return NULL;
    size_t len;
    char *text = tu_read_file(path, &len);
    free(path);
    if (!text)
        return NULL;
    size_t cap = 8192, k = 0;
    fu_sample *s = malloc(cap * sizeof *s);
    for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        if (!strncmp(line, "\xEF\xBB\xBF", 3)) /* UTF-8 byte-order mark */
            line += 3;
        /* ts,"hex",icao,tc (sample_data_adsb) or ts,icao,hex (sample_data_commb_*) */
        char *q1 = strchr(line, '"'), *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
        char *hex = q1 && q2 ? q1 + 1 : strrchr(line, ',');
        if (!hex || k == cap)
            continue;
        if (q1 && q2)
            *q2 = '\0';
        else
            hex++;
        int got = tu_hex(hex, s[k].data, sizeof s[k].data);
        if (got != 7 && got != 14)
            continue;
        s[k].len = (uint8_t)got;
        s[k].ts = strtol(line, NULL, 10);
        k++;
    }
    free(text);
    *n = k;
    return s;
}

void fu_put(fu_buf *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

void fu_byte(fu_buf *b, uint8_t c)
{
    fu_put(b, &c, 1);
}

void fu_beast_escaped(fu_buf *b, const uint8_t *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fu_byte(b, d[i]);
        if (d[i] == 0x1A)
            fu_byte(b, 0x1A);
    }
}

void fu_beast_frame(fu_buf *b, uint8_t type, uint64_t ts, uint8_t sig, const uint8_t *d, size_t n)
{
    uint8_t body[6 + 1 + 14];
    for (int i = 0; i < 6; i++)
        body[i] = (uint8_t)(ts >> (40 - 8 * i));
    body[6] = sig;
    memcpy(body + 7, d, n);
    fu_byte(b, 0x1A);
    fu_byte(b, type);
    fu_beast_escaped(b, body, 7 + n);
}

uint64_t fu_sample_ticks(const fu_sample *s, size_t i, long ts0)
{
    return (uint64_t)(s[i].ts - ts0) * 12000000u + (uint64_t)(i + 1) * 12000u;
}

uint8_t fu_sample_signal(size_t i)
{
    return (uint8_t)(i * 13 + 0x1A);
}

static void on_frame(void *user, const jw_frame *f)
{
    fu_collect *c = user;
    if (c->nframes == c->capframes) {
        c->capframes = c->capframes * 2 + 256;
        c->frames = realloc(c->frames, c->capframes * sizeof *c->frames);
    }
    c->frames[c->nframes++] = *f;
}

static void on_msg(void *user, const jw_msg *m)
{
    fu_collect *c = user;
    if (c->nmsgs == c->capmsgs) {
        c->capmsgs = c->capmsgs * 2 + 256;
        c->msgs = realloc(c->msgs, c->capmsgs * sizeof *c->msgs);
    }
    c->msgs[c->nmsgs++] = *m;
}

jw_feed_sink fu_sink(fu_collect *c)
{
    jw_feed_sink s = {on_frame, on_msg, c};
    return s;
}

void fu_collect_free(fu_collect *c)
{
    free(c->frames);
    free(c->msgs);
    memset(c, 0, sizeof *c);
}

jw_err fu_run(const jw_feed_config *cfg, const uint8_t *data, size_t len, const size_t *chunks,
              size_t nchunks, fu_collect *c, jw_feed_stats *st)
{
    jw_feed *f;
    jw_err e = jw_feed_open(cfg, &f);
    if (e != JW_OK)
        return e;
    memset(c, 0, sizeof *c);
    jw_feed_sink sink = fu_sink(c);
    size_t off = 0, k = 0;
    jw_err first = JW_OK;
    while (off < len) {
        size_t n = chunks ? chunks[k++ % nchunks] : len;
        if (n > len - off)
            n = len - off;
        e = jw_feed_push(f, data + off, n, 1000.0, &sink);
        if (e != JW_OK && first == JW_OK)
            first = e;
        off += n;
    }
    e = jw_feed_finish(f, &sink);
    if (e != JW_OK && first == JW_OK)
        first = e;
    jw_feed_stats_get(f, st);
    jw_feed_close(f);
    return first;
}

uint64_t fu_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

bool fu_frame_eq(const jw_frame *a, const jw_frame *b)
{
    return a->time == b->time && a->ts_raw == b->ts_raw && a->kind == b->kind && a->len == b->len &&
           a->signal == b->signal && !memcmp(a->data, b->data, a->len);
}
