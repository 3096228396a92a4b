/*
 * avr.c - the AVR ("raw") text reader: one frame per line as hex digits.
 *
 *   *<hex>;                        no timestamp
 *   @<12 hex timestamp><hex>;      48-bit receiver timestamp
 *   %<12 hex timestamp><hex>;      readsb: the same layout as '@'
 *   <<12 hex timestamp><2 hex signal><hex>;   readsb: timestamp and signal byte
 *
 * 4 hex digits are a Mode A/C reply, 14 a 56-bit and 28 a 112-bit Mode S
 * frame. Spaces and tabs around the line are ignored; anything else is a bad
 * line (counted).
 */
#include "feed_priv.h"

#include <string.h>

/* Hex digit values plus one (0: not a hex digit), indexed by character. */
static const uint8_t hex_plus1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
    ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

/* Value of a hex digit, or -1. */
static int hexval(char c)
{
    return (int)hex_plus1[(uint8_t)c] - 1;
}

/* Reads 2*nbytes hex digits into out; false on a non-hex digit. */
static bool hex_bytes(const char *s, size_t nbytes, uint8_t *out)
{
    for (size_t i = 0; i < nbytes; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Frame kind for a number of data hex digits; 0 when it is no frame length. */
static uint8_t kind_for_digits(size_t digits)
{
    return digits == 4    ? JW_FRAME_MODEAC
           : digits == 14 ? JW_FRAME_SHORT
           : digits == 28 ? JW_FRAME_LONG
                          : 0;
}

jw__avr_res jw__avr_parse(const char *s, size_t n, jw_frame *f, uint64_t *ts)
{
    while (n && is_blank(*s))
        s++, n--;
    while (n && is_blank(s[n - 1]))
        n--;
    if (n < 3 || s[n - 1] != ';')
        return JW__AVR_BAD;
    size_t ts_digits = 0, sig_digits = 0;
    switch (s[0]) {
    case '*':
        break;
    case '@':
    case '%':
        ts_digits = 12;
        break;
    case '<':
        ts_digits = 12;
        sig_digits = 2;
        break;
    default:
        return JW__AVR_BAD;
    }
    size_t digits = n - 2; /* between the prefix and ';' */
    if (digits < ts_digits + sig_digits)
        return JW__AVR_BAD;
    size_t data_digits = digits - ts_digits - sig_digits;
    uint8_t kind = kind_for_digits(data_digits);
    if (!kind)
        return JW__AVR_BAD;
    uint8_t head[7] = {0};
    const char *h = s + 1;
    if (!hex_bytes(h, (ts_digits + sig_digits) / 2, head))
        return JW__AVR_BAD;
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->len = (uint8_t)(data_digits / 2);
    if (!hex_bytes(h + ts_digits + sig_digits, f->len, f->data))
        return JW__AVR_BAD;
    *ts = ts_digits ? jw__be48(head) : 0;
    f->ts_raw = *ts;
    f->signal = sig_digits ? head[6] : 0;
    return JW__AVR_FRAME;
}

void jw__avr_init(jw__avr *a, const jw_feed_config *cfg)
{
    memset(a, 0, sizeof *a);
    jw__clock_init(&a->clock, cfg);
}

void jw__avr_line(void *ctx, const char *s, size_t n, const jw__out *o)
{
    jw__avr *a = ctx;
    jw_frame f;
    uint64_t ts;
    if (jw__avr_parse(s, n, &f, &ts) != JW__AVR_FRAME) {
        o->stats->bad_lines++;
        return;
    }
    f.time = jw__clock_time(&a->clock, ts, o->arrival);
    if (f.kind == JW_FRAME_MODEAC)
        o->stats->modeac++;
    else
        o->stats->frames++;
    if (o->sink && o->sink->frame)
        o->sink->frame(o->sink->user, &f);
}
