/*
 * analyze_merge.c - analyze's inputs merged by message time (analyze_merge.h).
 *
 * Each input has a reader (jw_feed, jw_nmea or jw_opensky) whose output goes
 * to the input's own queue instead of straight to the analysis. The merge
 * refills an empty queue by reading one chunk (AM_CHUNK bytes) of its input,
 * then delivers the oldest head item of all queues. Lookahead is therefore
 * bounded by one chunk's items per input, whatever the inputs' lengths; each
 * input must be in time order itself (a receiver's recording is). A single
 * input is delivered straight from its reader, without a queue.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze_merge.h"
#include "cli_util.h"
#include "jamwatch/feed.h"
#include "jamwatch/input.h"
#include "jamwatch/nmea.h"
#include "jamwatch/opensky.h"

enum { AM_CHUNK = 32768 };

enum { IT_FRAME, IT_MSG, IT_OPENSKY, IT_AIS };
enum { SRC_FEED, SRC_NMEA, SRC_OPENSKY };

typedef struct am_item {
    double time;  /* data time, NaN none */
    uint8_t type; /* IT_* */
    union {
        jw_frame f;   /* IT_FRAME */
        jw_msg m;     /* IT_MSG, IT_OPENSKY */
        jw_ais_msg a; /* IT_AIS */
    } u;
} am_item;

typedef struct am_src {
    const char *path;                   /* for messages */
    jw_input *in;                       /* the open input */
    int kind;                           /* SRC_* */
    jw_feed *feed;                      /* SRC_FEED reader */
    jw_nmea *nmea;                      /* SRC_NMEA reader (its own: fragments are per stream) */
    jw_opensky *os;                     /* SRC_OPENSKY reader */
    char line[JW_OPENSKY_LINE_MAX + 1]; /* OpenSky line being assembled */
    size_t ll;                          /* its length (may exceed the max: then bad) */
    uint8_t pre[JW_FEED_DETECT_MAX];    /* bytes read to detect the format, fed first */
    size_t npre;                        /* how many (0 once fed) */
    am_item *q;                         /* queue: items [head, n) pending */
    size_t head, n, cap;                /* ... */
    bool eof;                           /* input ended and reader finished */
    am_stats *st;                       /* shared counters */
    const am_handlers *direct;          /* one input only: items go straight here */
    am_item tmp;                        /* the item being made when direct */
} am_src;

static void deliver(const am_handlers *h, const am_item *it);

/* Where the next item goes: the queue's next slot (grown if needed), or the
 * scratch item when delivering directly; NULL when out of memory. */
static am_item *q_slot(am_src *s)
{
    if (s->direct)
        return &s->tmp;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        am_item *nq = realloc(s->q, nc * sizeof *nq);
        if (!nq)
            return NULL; /* out of memory: the item is lost, the run goes on */
        s->q = nq, s->cap = nc;
    }
    return &s->q[s->n];
}

/* The item made in q_slot's slot is complete. */
static void q_commit(am_src *s)
{
    if (s->direct) {
        s->st->items++;
        deliver(s->direct, &s->tmp);
    } else {
        s->n++;
    }
}

static void on_frame(void *user, const jw_frame *f)
{
    am_src *s = user;
    if (s->direct && s->direct->frame) { /* the hot path of a single input: no copy */
        s->st->items++;
        s->direct->frame(s->direct->user, f);
        return;
    }
    am_item *it = q_slot(user);
    if (it) {
        it->time = f->time, it->type = IT_FRAME, it->u.f = *f;
        q_commit(user);
    }
}

static void on_sbs(void *user, const jw_msg *m)
{
    am_item *it = q_slot(user);
    if (it) {
        it->time = m->time, it->type = IT_MSG, it->u.m = *m;
        q_commit(user);
    }
}

static void on_nmea(void *user, const jw_nmea_msg *p)
{
    am_item *it = q_slot(user);
    if (!it || isnan(p->time) || jw_ais_decode(p->bits, p->nbits, &it->u.a) != JW_OK)
        return; /* malformed, or no time to place it in a window */
    it->time = p->time, it->type = IT_AIS;
    q_commit(user);
}

static void opensky_line(am_src *s)
{
    am_item *it = q_slot(s);
    bool has = false;
    if (!it)
        return;
    if (s->ll > JW_OPENSKY_LINE_MAX ||
        jw_opensky_line(s->os, s->line, s->ll, &it->u.m, &has) != JW_OK) {
        s->st->bad_rows++;
    } else if (has) {
        it->time = it->u.m.time, it->type = IT_OPENSKY;
        q_commit(s);
    }
    s->ll = 0;
}

static void opensky_push(am_src *s, const uint8_t *buf, size_t got)
{
    for (size_t i = 0; i < got; i++) {
        if (buf[i] != '\n') {
            if (s->ll < JW_OPENSKY_LINE_MAX)
                s->line[s->ll] = (char)buf[i];
            s->ll++;
        } else {
            opensky_line(s);
        }
    }
}

/* Hands one chunk (or the end, got == 0) to the input's reader. */
static jw_err parse(am_src *s, const uint8_t *buf, size_t got)
{
    jw_feed_sink sink = {on_frame, on_sbs, s};
    if (s->direct && s->direct->frame && s->direct->msg) /* nothing to queue or count: */
        sink = (jw_feed_sink){s->direct->frame, s->direct->msg, s->direct->user}; /* no hop */
    switch (s->kind) {
    case SRC_FEED:
        return got ? jw_feed_push(s->feed, buf, got, 0, &sink) : jw_feed_finish(s->feed, &sink);
    case SRC_NMEA:
        return got ? jw_nmea_push(s->nmea, buf, got, NAN, on_nmea, s)
                   : jw_nmea_finish(s->nmea, NAN, on_nmea, s);
    default:
        if (got)
            opensky_push(s, buf, got);
        else if (s->ll > 0)
            opensky_line(s);
        return JW_OK;
    }
}

/* Reads until the queue has an item or the input ended. */
static int refill(am_src *s, uint64_t *bytes)
{
    static uint8_t buf[AM_CHUNK];
    while (s->head == s->n && !s->eof) {
        s->head = s->n = 0;
        size_t got = 0;
        jw_err err = JW_OK;
        if (s->npre) {
            memcpy(buf, s->pre, s->npre);
            got = s->npre, s->npre = 0;
        } else {
            err = jw_input_read(s->in, buf, sizeof buf, &got);
        }
        if (err == JW_OK)
            err = parse(s, buf, got);
        if (err != JW_OK)
            return cli_error("analyze", "%s: %s", s->path, jw_strerror(err));
        *bytes += got;
        s->eof = got == 0;
    }
    return 0;
}

/* Opens the input, detects its kind from its first bytes and opens its reader. */
static int src_open(am_src *s, const am_input *in, am_stats *st)
{
    s->path = in->path;
    s->st = st;
    jw_err err = jw_input_open(in->path, &s->in);
    if (err != JW_OK)
        return cli_error("analyze", "cannot open %s: %s", in->path,
                         err == JW_EIO ? strerror(errno) : jw_strerror(err));
    while (s->npre < sizeof s->pre) { /* a pipe may deliver the head in pieces */
        size_t got = 0;
        if (jw_input_read(s->in, s->pre + s->npre, sizeof s->pre - s->npre, &got) != JW_OK ||
            got == 0)
            break;
        s->npre += got;
    }
    if (jw_opensky_is_header((const char *)s->pre, s->npre)) {
        s->kind = SRC_OPENSKY;
        err = jw_opensky_open(&s->os);
    } else if (jw_format_detect(s->pre, s->npre) == JW_FMT_NMEA) {
        s->kind = SRC_NMEA;
        err = jw_nmea_open(NULL, &s->nmea);
    } else {
        jw_feed_config fc = {.format = jw_format_detect(s->pre, s->npre),
                             .time_base = in->time_base};
        if (fc.format == JW_FMT_AUTO && s->npre > 0)
            return cli_error("analyze", "%s: not an ADS-B feed, AIS NMEA or OpenSky CSV", in->path);
        s->kind = SRC_FEED;
        err = jw_feed_open(&fc, &s->feed);
    }
    return err == JW_OK ? 0 : cli_error("analyze", "%s: %s", in->path, jw_strerror(err));
}

static void src_close(am_src *s)
{
    jw_input_close(s->in);
    jw_feed_close(s->feed);
    jw_nmea_close(s->nmea);
    jw_opensky_close(s->os);
    free(s->q);
}

static void deliver(const am_handlers *h, const am_item *it)
{
    switch (it->type) {
    case IT_FRAME:
        if (h->frame)
            h->frame(h->user, &it->u.f);
        break;
    case IT_MSG:
        if (h->msg)
            h->msg(h->user, &it->u.m);
        break;
    case IT_OPENSKY:
        if (h->opensky)
            h->opensky(h->user, &it->u.m);
        break;
    default:
        if (h->ais)
            h->ais(h->user, &it->u.a, it->time);
        break;
    }
}

/* The input whose head item is oldest (NaN first), -1 when all are done. */
static int oldest(am_src *s, int n, uint64_t *bytes, int *rc)
{
    int best = -1;
    double bt = INFINITY;
    for (int i = 0; i < n && *rc == 0; i++) {
        *rc = refill(&s[i], bytes);
        if (*rc || s[i].head == s[i].n)
            continue;
        double t = s[i].q[s[i].head].time;
        if (isnan(t))
            return i;
        if (best < 0 || t < bt)
            best = i, bt = t;
    }
    return best;
}

static uint64_t total_size(const am_input *in, int n)
{
    uint64_t total = 0;
    struct stat st;
    for (int i = 0; i < n; i++)
        if (stat(in[i].path, &st) == 0)
            total += (uint64_t)st.st_size;
    return total;
}

int am_run(const am_input *in, int n, const am_handlers *h, am_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    if (n > AM_MAX_INPUTS)
        return cli_error("analyze", "at most %d inputs", AM_MAX_INPUTS);
    am_src *s = calloc((size_t)n, sizeof *s);
    if (!s)
        return cli_error("analyze", "out of memory");
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = src_open(&s[i], &in[i], stats);
    if (n == 1)
        s[0].direct = h; /* nothing to merge: no queue */
    uint64_t total = total_size(in, n), bytes = 0, shown = 0;
    bool tty = isatty(2) && total > (64u << 20);
    double last = -INFINITY;
    int i;
    while (rc == 0 && (i = oldest(s, n, &bytes, &rc)) >= 0 && rc == 0) {
        const am_item *it = &s[i].q[s[i].head++];
        if (it->time < last)
            stats->late++;
        else if (!isnan(it->time))
            last = it->time;
        stats->items++;
        deliver(h, it);
        size_t held = 0;
        if ((stats->items & 4095) == 0) {
            for (int k = 0; k < n; k++)
                held += s[k].n - s[k].head;
            if (held > stats->max_lookahead)
                stats->max_lookahead = held;
        }
        if (tty && bytes - shown >= (8u << 20)) {
            shown = bytes;
            fprintf(stderr, "\ranalyze: %3.0f %%", 100.0 * (double)bytes / (double)total);
        }
    }
    if (tty)
        fputc('\n', stderr);
    for (int k = 0; k < n; k++)
        src_close(&s[k]);
    free(s);
    return rc;
}
