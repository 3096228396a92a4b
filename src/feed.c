/*
 * feed.c - the feed reader handle: configuration, format detection,
 * dispatch to the Beast, AVR and SBS readers, counters.
 *
 * With JW_FMT_AUTO the first bytes are held (at most JW_FEED_DETECT_MAX)
 * until jw_format_detect() decides; they are then replayed through the chosen
 * reader, so detection never loses or duplicates a frame.
 */
#include "jamwatch/feed.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feed_priv.h"

struct jw_feed {
    jw_feed_config cfg;              /* as given at open */
    jw_format fmt;                   /* format in use; JW_FMT_AUTO while detecting */
    bool failed;                     /* JW_EFORMAT was returned: stay failed */
    jw_feed_stats stats;             /* counters */
    double last_arrival;             /* arrival time of the latest push (for finish) */
    jw__beast beast;                 /* Beast reader state */
    jw__avr avr;                     /* AVR reader state */
    jw__lines sbs;                   /* SBS line splitter */
    size_t det_len;                  /* bytes held in det */
    uint8_t det[JW_FEED_DETECT_MAX]; /* first bytes, while detecting */
};

/* Per-format entry points; dispatch is one indirect call per push. */
typedef struct reader_ops {
    void (*push)(jw_feed *f, const uint8_t *p, size_t n, const jw__out *o);
    void (*finish)(jw_feed *f, const jw__out *o);
} reader_ops;

static void beast_push(jw_feed *f, const uint8_t *p, size_t n, const jw__out *o)
{
    jw__beast_push(&f->beast, p, n, o);
}

static void beast_finish(jw_feed *f, const jw__out *o)
{
    jw__beast_finish(&f->beast, o);
}

static void avr_push(jw_feed *f, const uint8_t *p, size_t n, const jw__out *o)
{
    jw__lines_push(&f->avr.lines, p, n, jw__avr_line, &f->avr, o);
}

static void avr_finish(jw_feed *f, const jw__out *o)
{
    jw__lines_finish(&f->avr.lines, jw__avr_line, &f->avr, o);
}

static void sbs_push(jw_feed *f, const uint8_t *p, size_t n, const jw__out *o)
{
    jw__lines_push(&f->sbs, p, n, jw__sbs_line, NULL, o);
}

static void sbs_finish(jw_feed *f, const jw__out *o)
{
    jw__lines_finish(&f->sbs, jw__sbs_line, NULL, o);
}

/* Indexed by jw_format; NULL where jw_feed does not read the format itself. */
static const reader_ops reader_table[] = {
    [JW_FMT_BEAST] = {beast_push, beast_finish},
    [JW_FMT_AVR] = {avr_push, avr_finish},
    [JW_FMT_SBS] = {sbs_push, sbs_finish},
};

static const char *const format_names[] = {
    [JW_FMT_AUTO] = "auto", [JW_FMT_BEAST] = "beast", [JW_FMT_AVR] = "avr",
    [JW_FMT_SBS] = "sbs",   [JW_FMT_NMEA] = "nmea",
};

enum { FORMAT_COUNT = sizeof format_names / sizeof format_names[0] };

const char *jw_format_name(jw_format f)
{
    return (unsigned)f < FORMAT_COUNT ? format_names[f] : "?";
}

jw_err jw_format_parse(const char *name, jw_format *out)
{
    if (!name || !out)
        return JW_EINVAL;
    for (unsigned i = 0; i < FORMAT_COUNT; i++) {
        if (!strcasecmp(name, format_names[i])) {
            *out = (jw_format)i;
            return JW_OK;
        }
    }
    return JW_EFORMAT;
}

jw_err jw_feed_open(const jw_feed_config *cfg, jw_feed **out)
{
    if (!cfg || !out || (unsigned)cfg->format >= FORMAT_COUNT ||
        (cfg->ts_mode != JW_TS_12MHZ && cfg->ts_mode != JW_TS_GPS))
        return JW_EINVAL;
    jw_feed *f = calloc(1, sizeof *f);
    if (!f)
        return JW_ENOMEM;
    f->cfg = *cfg;
    f->fmt = cfg->format;
    jw__beast_init(&f->beast, cfg);
    jw__avr_init(&f->avr, cfg);
    *out = f;
    return JW_OK;
}

void jw_feed_close(jw_feed *f)
{
    free(f);
}

jw_format jw_feed_format(const jw_feed *f)
{
    return f ? f->fmt : JW_FMT_AUTO;
}

void jw_feed_detect_buffer(const jw_feed *f, const uint8_t **data, size_t *len)
{
    *data = f->det;
    *len = f->det_len;
}

void jw_feed_stats_get(const jw_feed *f, jw_feed_stats *out)
{
    *out = f->stats;
}

/* Sends bytes to the reader of the current (known) format. */
static jw_err dispatch(jw_feed *f, const uint8_t *p, size_t n, const jw__out *o)
{
    if (f->fmt == JW_FMT_NMEA || !reader_table[f->fmt].push) {
        f->failed = true;
        return JW_EFORMAT;
    }
    if (n)
        reader_table[f->fmt].push(f, p, n, o);
    return JW_OK;
}

/* A format was chosen for the held bytes: replay them through its reader. */
static jw_err settle(jw_feed *f, jw_format fmt, const jw__out *o)
{
    f->fmt = fmt;
    jw_err e = dispatch(f, f->det, f->det_len, o);
    if (e == JW_OK)
        f->det_len = 0;
    return e;
}

/* Detection: hold what fits, decide when possible. *used: bytes of data taken. */
static jw_err detect_push(jw_feed *f, const uint8_t *data, size_t len, const jw__out *o,
                          size_t *used)
{
    size_t room = JW_FEED_DETECT_MAX - f->det_len;
    size_t k = len < room ? len : room;
    memcpy(f->det + f->det_len, data, k);
    f->det_len += k;
    *used = k;
    jw_format d = jw_format_detect(f->det, f->det_len);
    if (d != JW_FMT_AUTO)
        return settle(f, d, o);
    if (f->det_len == JW_FEED_DETECT_MAX) {
        f->failed = true;
        return JW_EFORMAT;
    }
    return JW_OK;
}

jw_err jw_feed_push(jw_feed *f, const uint8_t *data, size_t len, double arrival,
                    const jw_feed_sink *sink)
{
    if (!f || (!data && len))
        return JW_EINVAL;
    f->stats.bytes += len; /* counted even when refused */
    if (f->failed)
        return JW_EFORMAT;
    jw__out o = {sink, &f->stats, arrival};
    f->last_arrival = arrival;
    while (f->fmt == JW_FMT_AUTO && len) {
        size_t used;
        jw_err e = detect_push(f, data, len, &o, &used);
        if (e != JW_OK)
            return e;
        data += used;
        len -= used;
    }
    if (f->fmt == JW_FMT_AUTO)
        return JW_OK;
    return dispatch(f, data, len, &o);
}

jw_err jw_feed_finish(jw_feed *f, const jw_feed_sink *sink)
{
    if (!f)
        return JW_EINVAL;
    if (f->failed)
        return JW_EFORMAT;
    jw__out o = {sink, &f->stats, f->last_arrival};
    if (f->fmt == JW_FMT_AUTO) {
        if (f->det_len == 0)
            return JW_OK; /* empty input: nothing to read, nothing wrong */
        jw_format d = jw__format_detect_final(f->det, f->det_len);
        if (d == JW_FMT_AUTO) {
            f->failed = true;
            return JW_EFORMAT;
        }
        jw_err e = settle(f, d, &o);
        if (e != JW_OK)
            return e;
    }
    if (f->fmt == JW_FMT_NMEA || !reader_table[f->fmt].finish)
        return JW_EFORMAT;
    reader_table[f->fmt].finish(f, &o);
    return JW_OK;
}
