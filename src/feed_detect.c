/*
 * feed_detect.c - which feed format a stream is, from its first bytes.
 *
 * Beast: a 0x1A and a frame type whose frame is followed by another frame
 * start (garbage before it is allowed: a live stream may be joined mid-frame).
 * Text: the first complete lines (up to DETECT_LINES, since the first line of
 * a live stream may be cut) are tried as NMEA (!xxVDM/!xxVDO, a \ tag block,
 * $PGHP), SBS (MSG, SEL, ID, AIR, STA, CLK records) and AVR (*@%< hex lines).
 */
#include "feed_priv.h"

#include <stdint.h>
#include <string.h>

enum { DETECT_LINES = 3 };

static bool starts(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && memcmp(s, lit, k) == 0;
}

static bool is_upper_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* !AIVDM, !ABVDO, ... : '!', a two-character talker, VDM or VDO, a comma. */
static bool is_vdm(const char *s, size_t n)
{
    return n >= 7 && s[0] == '!' && is_upper_alnum(s[1]) && is_upper_alnum(s[2]) &&
           (starts(s + 3, n - 3, "VDM,") || starts(s + 3, n - 3, "VDO,"));
}

static bool is_nmea(const char *s, size_t n)
{
    if (is_vdm(s, n) || starts(s, n, "$PGHP,"))
        return true;
    if (n < 2 || s[0] != '\\') /* NMEA 4.0 tag block: \...*hh\ then the sentence */
        return false;
    const char *close = memchr(s + 1, '\\', n - 1);
    if (!close || !memchr(s + 1, '*', (size_t)(close - s - 1)))
        return false;
    size_t rest = n - (size_t)(close + 1 - s);
    return rest == 0 || is_vdm(close + 1, rest) || starts(close + 1, rest, "$PGHP,");
}

/* The format of one line, or JW_FMT_AUTO when it is none of them. */
static jw_format line_format(const char *s, size_t n)
{
    jw_msg m;
    jw_frame f;
    uint64_t ts;
    if (is_nmea(s, n))
        return JW_FMT_NMEA;
    if (jw__sbs_parse(s, n, 0, &m) != JW__SBS_BAD)
        return JW_FMT_SBS;
    if (jw__avr_parse(s, n, &f, &ts) == JW__AVR_FRAME)
        return JW_FMT_AVR;
    return JW_FMT_AUTO;
}

/* Tries the first lines; final: an unterminated last line counts too.
 * *at gets the number of bytes the deciding line needed. */
static jw_format text_detect(const uint8_t *buf, size_t len, bool final, size_t *at)
{
    const char *p = (const char *)buf, *end = p + len;
    int tried = 0;
    while (p < end && tried < DETECT_LINES) {
        const char *q = p;
        while (q < end && *q != '\n' && *q != '\r')
            q++;
        if (q == end && !final)
            break;
        if (q > p && *p != '#') { /* '#' comment lines (recorded logs) are not tried */
            size_t n = (size_t)(q - p);
            jw_format f = n <= JW_FEED_LINE_MAX ? line_format(p, n) : JW_FMT_AUTO;
            if (f != JW_FMT_AUTO) {
                *at = (size_t)(q - (const char *)buf);
                return f;
            }
            tried++;
        }
        p = q + 1;
    }
    return JW_FMT_AUTO;
}

/* Beast and text evidence may both appear (binary bytes can look like a
 * line, a line can hold 0x1A): the evidence complete after fewer bytes wins,
 * so that the answer for a prefix stays the answer for the whole stream, and
 * an AUTO feed decides the same way however its input is cut. */
static jw_format detect(const uint8_t *buf, size_t len, bool final)
{
    size_t at_beast = SIZE_MAX, at_text = SIZE_MAX;
    if (!buf || !len)
        return JW_FMT_AUTO;
    bool beast = jw__beast_probe(buf, len, final, &at_beast) > 0;
    jw_format text = text_detect(buf, len, final, &at_text);
    if (beast && (text == JW_FMT_AUTO || at_beast <= at_text))
        return JW_FMT_BEAST;
    return text;
}

jw_format jw_format_detect(const uint8_t *buf, size_t len)
{
    return detect(buf, len, false);
}

jw_format jw__format_detect_final(const uint8_t *buf, size_t len)
{
    return detect(buf, len, true);
}
