/*
 * feed_lines.c - splits a byte stream into lines for the text readers (AVR,
 * SBS) with one fixed buffer: lines that lie whole inside a push are handed
 * over in place, only a line cut by the end of a push is copied, and a line
 * longer than JW_FEED_LINE_MAX is counted and dropped, never grown into.
 * CR, LF and CRLF all end a line; empty lines are ignored.
 */
#include "feed_priv.h"

#include <string.h>

static void hold(jw__lines *l, const uint8_t *p, size_t k)
{
    if (l->overlong)
        return;
    if (k > JW_FEED_LINE_MAX - l->len) {
        l->overlong = true;
        l->len = 0;
        return;
    }
    memcpy(l->buf + l->len, p, k);
    l->len += k;
}

static void flush(jw__lines *l, jw__line_fn fn, void *ctx, const jw__out *o)
{
    if (l->overlong)
        o->stats->too_long_lines++;
    else if (l->len)
        fn(ctx, l->buf, l->len, o);
    l->len = 0;
    l->overlong = false;
}

/* First CR or LF in [p, end), or end. */
static const uint8_t *find_eol(const uint8_t *p, const uint8_t *end)
{
    const uint8_t *lf = memchr(p, '\n', (size_t)(end - p));
    const uint8_t *stop = lf ? lf : end;
    const uint8_t *cr = memchr(p, '\r', (size_t)(stop - p));
    return cr ? cr : stop;
}

void jw__lines_push(jw__lines *l, const uint8_t *p, size_t n, jw__line_fn fn, void *ctx,
                    const jw__out *o)
{
    const uint8_t *end = p + n;
    while (p < end) {
        const uint8_t *q = find_eol(p, end);
        size_t k = (size_t)(q - p);
        if (q == end) {
            hold(l, p, k);
            return;
        }
        if (l->len || l->overlong) {
            hold(l, p, k);
            flush(l, fn, ctx, o);
        } else if (k > JW_FEED_LINE_MAX) {
            o->stats->too_long_lines++;
        } else if (k) {
            fn(ctx, (const char *)p, k, o);
        }
        p = q + 1;
    }
}

void jw__lines_finish(jw__lines *l, jw__line_fn fn, void *ctx, const jw__out *o)
{
    flush(l, fn, ctx, o);
}
