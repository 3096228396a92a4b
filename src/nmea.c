/*
 * nmea.c - the streaming AIVDM/AIVDO reader (see nmea.h).
 *
 * Lines are parsed in place when they lie whole in the pushed buffer and
 * copied into the bounded line buffer only when cut. A single-sentence
 * message (the vast majority) is de-armored straight into a stack buffer; a
 * fragment of a multipart message waits in a slot of the fragment table,
 * which has a fixed number of slots and a timeout.
 */
#include "jamwatch/nmea.h"
#include "civil_date.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { SOURCE_MAX = 16, ARMOR_BAD = 0xFF };

/* One multipart message being reassembled. */
typedef struct frag_slot {
    bool used;                        /* slot holds a message */
    bool dead;                        /* its first part was lost: swallow the rest */
    char seq;                         /* sequence id character, 0 when empty */
    char channel;                     /* channel character, 0 when empty */
    char source[SOURCE_MAX];          /* tag block source it came from */
    char talker[3];                   /* talker of the first fragment */
    bool own;                         /* VDO */
    uint8_t total;                    /* fragment count announced */
    uint8_t next;                     /* fragment number expected next */
    uint8_t time_src;                 /* where time came from */
    uint16_t nchars;                  /* six-bit characters gathered */
    double start;                     /* time the first fragment arrived */
    double time;                      /* stream time, NaN if none yet */
    uint64_t order;                   /* creation counter, for eviction */
    uint8_t chars[JW_NMEA_MAX_CHARS]; /* six-bit values */
} frag_slot;

struct jw_nmea {
    jw_nmea_config cfg; /* limits in force */
    char *line;         /* partial line, cfg.max_line bytes */
    size_t len;         /* bytes in line */
    bool overflow;      /* the current line is too long: drop it */
    frag_slot *slots;   /* cfg.max_partial slots */
    uint64_t order;     /* slot creation counter */
    double pghp_time;   /* time of the last $PGHP line, NaN once used */
    uint8_t armor[256]; /* character -> six-bit value, ARMOR_BAD if invalid */
    jw_nmea_stats st;   /* counters */
};

/* What parsing the fields of one sentence yields. */
typedef struct sentence {
    uint8_t total, num;      /* fragment count and number, 1-9 */
    char seq, channel;       /* sequence id and channel characters, 0 if empty */
    const char *payload;     /* armored payload */
    size_t plen;             /* its length */
    uint8_t fill;            /* fill bits 0-5 */
    char talker[3];          /* talker id */
    bool own;                /* VDO */
    double time;             /* stream time or NaN */
    uint8_t time_src;        /* jw_nmea_time_src */
    char source[SOURCE_MAX]; /* tag block source */
} sentence;

jw_err jw_nmea_open(const jw_nmea_config *cfg, jw_nmea **out)
{
    if (!out)
        return JW_EINVAL;
    jw_nmea *r = calloc(1, sizeof *r);
    if (!r)
        return JW_ENOMEM;
    if (cfg)
        r->cfg = *cfg;
    if (r->cfg.max_line < 16)
        r->cfg.max_line = 1024;
    if (r->cfg.max_partial == 0)
        r->cfg.max_partial = 64;
    if (!(r->cfg.frag_timeout > 0))
        r->cfg.frag_timeout = 10.0;
    r->line = malloc(r->cfg.max_line);
    r->slots = calloc(r->cfg.max_partial, sizeof *r->slots);
    if (!r->line || !r->slots) {
        jw_nmea_close(r);
        return JW_ENOMEM;
    }
    r->pghp_time = NAN;
    for (int c = 0; c < 256; c++) {
        if (c >= '0' && c <= 'W')
            r->armor[c] = (uint8_t)(c - 48);
        else if (c >= '`' && c <= 'w')
            r->armor[c] = (uint8_t)(c - 56);
        else
            r->armor[c] = ARMOR_BAD;
    }
    *out = r;
    return JW_OK;
}

void jw_nmea_close(jw_nmea *r)
{
    if (!r)
        return;
    free(r->line);
    free(r->slots);
    free(r);
}

void jw_nmea_get_stats(const jw_nmea *r, jw_nmea_stats *out)
{
    if (r && out)
        *out = r->st;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* True when s[0..1] are two hex digits equal to sum. */
static bool checksum_matches(const char *s, size_t avail, unsigned sum)
{
    if (avail < 2)
        return false;
    int hi = hexval(s[0]), lo = hexval(s[1]);
    return hi >= 0 && lo >= 0 && (unsigned)(hi << 4 | lo) == sum;
}

/* Parses an unsigned decimal (with an optional fraction) of s[0..n); NaN if
 * it is not one. Times above 1e11 are taken as milliseconds. */
static double parse_epoch(const char *s, size_t n)
{
    double v = 0, scale = 0;
    if (n == 0 || n > 24)
        return NAN;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' && scale == 0) {
            scale = 1;
        } else if (s[i] >= '0' && s[i] <= '9') {
            if (scale > 0)
                scale /= 10;
            v = scale > 0 ? v + (s[i] - '0') * scale : v * 10 + (s[i] - '0');
        } else {
            return NAN;
        }
    }
    return v > 1e11 ? v / 1000.0 : v;
}

/* $PGHP,1,year,month,day,hour,minute,second,ms,...*hh: remembers its time for
 * the next sentence. Returns false if it is not a valid type 1 PGHP line. */
static bool parse_pghp(jw_nmea *r, const char *s, size_t n)
{
    /* The checksum usually ends the line: look there before searching. */
    const char *star = n >= 3 && s[n - 3] == '*' ? s + n - 3 : memchr(s, '*', n);
    if (!star)
        return false;
    unsigned sum = 0;
    for (const char *p = s + 1; p < star; p++)
        sum ^= (unsigned char)*p;
    if (!checksum_matches(star + 1, (size_t)(s + n - star - 1), sum))
        return false;
    long f[8];
    const char *p = s + 6; /* after "$PGHP," */
    for (int i = 0; i < 8; i++) {
        char *end;
        f[i] = strtol(p, &end, 10);
        if (end == p || end >= star || *end != ',')
            return false;
        p = end + 1;
    }
    if (f[0] != 1 || !jw_civil_date_ok(f[1], f[2], f[3]) || f[4] < 0 || f[4] > 23 || f[5] < 0 ||
        f[5] > 59 || f[6] < 0 || f[6] > 60 || f[7] < 0 || f[7] > 999)
        return false;
    long days = jw_days_from_civil(f[1], f[2], f[3]);
    r->pghp_time = days * 86400.0 + f[4] * 3600.0 + f[5] * 60.0 + f[6] + f[7] / 1000.0;
    return true;
}

/*
 * Parses a tag block "\key:value,...*hh\" at the start of s. Returns the
 * number of bytes it takes (0 if s has no complete tag block). The time and
 * source go into *sn only when the checksum holds.
 */
static size_t parse_tag_block(jw_nmea *r, const char *s, size_t n, sentence *sn)
{
    const char *end = memchr(s + 1, '\\', n - 1);
    if (!end)
        return 0;
    const char *star = memchr(s + 1, '*', (size_t)(end - s - 1));
    unsigned sum = 0;
    for (const char *p = s + 1; star && p < star; p++)
        sum ^= (unsigned char)*p;
    if (!star || !checksum_matches(star + 1, (size_t)(end - star - 1), sum)) {
        r->st.bad_tag_checksum++;
        return (size_t)(end - s) + 1;
    }
    for (const char *f = s + 1; f < star;) {
        const char *comma = memchr(f, ',', (size_t)(star - f));
        const char *fe = comma ? comma : star;
        if (fe - f >= 2 && f[1] == ':') {
            if (f[0] == 'c') {
                double t = parse_epoch(f + 2, (size_t)(fe - f - 2));
                if (!isnan(t)) {
                    sn->time = t;
                    sn->time_src = JW_NMEA_TIME_TAG;
                }
            } else if (f[0] == 's') {
                size_t k = (size_t)(fe - f - 2);
                if (k >= SOURCE_MAX)
                    k = SOURCE_MAX - 1;
                memcpy(sn->source, f + 2, k);
                sn->source[k] = '\0';
            }
        }
        f = fe + 1;
    }
    return (size_t)(end - s) + 1;
}

/* Parses the fields of "!ccVDM,total,num,seq,chan,payload,fill" (up to the
 * '*'); returns false when they are malformed. */
static bool parse_fields(const char *s, const char *star, sentence *sn)
{
    const char *p = s + 7;
    if (star - p < 8 || p[0] < '1' || p[0] > '9' || p[1] != ',' || p[2] < '1' || p[2] > p[0] ||
        p[3] != ',')
        return false;
    sn->total = (uint8_t)(p[0] - '0');
    sn->num = (uint8_t)(p[2] - '0');
    p += 4;
    if (*p >= '0' && *p <= '9')
        sn->seq = *p++;
    if (*p++ != ',')
        return false;
    if (*p != ',')
        sn->channel = *p++;
    if (p >= star || *p++ != ',')
        return false;
    const char *comma = memchr(p, ',', (size_t)(star - p));
    if (!comma)
        return false;
    sn->payload = p;
    sn->plen = (size_t)(comma - p);
    p = comma + 1;
    if (p == star)
        sn->fill = 0; /* an empty fill field means none */
    else if (star - p == 1 && *p >= '0' && *p <= '6')
        sn->fill = (uint8_t)(*p - '0'); /* 6 is outside 0-5 but seen on AISHub; gpsd takes it */
    else
        return false;
    return true;
}

/* Appends the six-bit values of an armored payload to vals; false if a
 * character is not a payload character or there is no room. */
static bool dearmor(const jw_nmea *r, const char *p, size_t n, uint8_t *vals, size_t *nvals)
{
    if (*nvals + n > JW_NMEA_MAX_CHARS)
        return false;
    uint8_t bad = 0;
    uint8_t *o = vals + *nvals;
    for (size_t i = 0; i < n; i++) {
        uint8_t v = r->armor[(unsigned char)p[i]];
        bad |= v;
        o[i] = v;
    }
    if (bad & 0xC0)
        return false;
    *nvals += n;
    return true;
}

/* Packs six-bit values into bytes, MSB first, padding the tail with zeros. */
static void pack_bits(const uint8_t *vals, size_t n, uint8_t *out)
{
    size_t i = 0, o = 0;
    for (; i + 4 <= n; i += 4, o += 3) {
        uint32_t w = (uint32_t)vals[i] << 18 | (uint32_t)vals[i + 1] << 12 |
                     (uint32_t)vals[i + 2] << 6 | vals[i + 3];
        out[o] = (uint8_t)(w >> 16);
        out[o + 1] = (uint8_t)(w >> 8);
        out[o + 2] = (uint8_t)w;
    }
    uint32_t w = 0;
    unsigned k = 0;
    for (; i < n; i++, k++)
        w = w << 6 | vals[i];
    w <<= 6 * (4 - k);
    out[o] = (uint8_t)(w >> 16);
    out[o + 1] = (uint8_t)(w >> 8);
    out[o + 2] = (uint8_t)w;
}

/* De-armors and packs in one pass (the single-sentence path); false if a
 * character is not a payload character. out needs n * 6 / 8 + 3 bytes. */
static bool armor_pack(const jw_nmea *r, const char *p, size_t n, uint8_t *out)
{
    const uint8_t *a = r->armor;
    unsigned bad = 0;
    size_t i = 0, o = 0;
    for (; i + 4 <= n; i += 4, o += 3) {
        unsigned c0 = a[(unsigned char)p[i]], c1 = a[(unsigned char)p[i + 1]],
                 c2 = a[(unsigned char)p[i + 2]], c3 = a[(unsigned char)p[i + 3]];
        bad |= c0 | c1 | c2 | c3;
        uint32_t w = (uint32_t)c0 << 18 | (uint32_t)c1 << 12 | (uint32_t)c2 << 6 | c3;
        out[o] = (uint8_t)(w >> 16);
        out[o + 1] = (uint8_t)(w >> 8);
        out[o + 2] = (uint8_t)w;
    }
    uint32_t w = 0;
    unsigned k = 0;
    for (; i < n; i++, k++) {
        unsigned c = a[(unsigned char)p[i]];
        bad |= c;
        w = w << 6 | (c & 63);
    }
    w <<= 6 * (4 - k);
    out[o] = (uint8_t)(w >> 16);
    out[o + 1] = (uint8_t)(w >> 8);
    out[o + 2] = (uint8_t)w;
    return !(bad & 0xC0);
}

/* Hands a complete payload (nchars six-bit characters packed in bytes) to
 * the callback. */
static void deliver_bytes(jw_nmea *r, const uint8_t *bytes, size_t nchars, unsigned fill,
                          const sentence *sn, const frag_slot *slot, jw_nmea_fn fn, void *user)
{
    if (nchars * 6 < fill) {
        r->st.malformed++;
        return;
    }
    jw_nmea_msg m = {.bits = bytes,
                     .nbits = nchars * 6 - fill,
                     .time = sn->time,
                     .time_src = sn->time_src,
                     .channel = sn->channel,
                     .own = sn->own,
                     .fragments = sn->total,
                     .source = sn->source,
                     .line = r->st.lines};
    memcpy(m.talker, sn->talker, 3);
    if (slot) {
        if (isnan(m.time) && !isnan(slot->time)) {
            m.time = slot->time;
            m.time_src = slot->time_src;
        }
        if (!m.source[0])
            m.source = slot->source;
    }
    r->st.payloads++;
    if (fn)
        fn(user, &m);
}

/* Hands a complete payload of six-bit values to the callback. */
static void deliver(jw_nmea *r, const uint8_t *vals, size_t nvals, unsigned fill,
                    const sentence *sn, const frag_slot *slot, jw_nmea_fn fn, void *user)
{
    uint8_t bytes[JW_NMEA_MAX_BYTES + 8];
    pack_bits(vals, nvals, bytes);
    deliver_bytes(r, bytes, nvals, fill, sn, slot, fn, user);
}

/* Drops partial messages older than the timeout at time t (if known). */
static void expire_slots(jw_nmea *r, double t)
{
    if (isnan(t))
        return;
    for (unsigned i = 0; i < r->cfg.max_partial; i++) {
        frag_slot *s = &r->slots[i];
        if (s->used && t - s->start > r->cfg.frag_timeout) {
            if (!s->dead)
                r->st.frag_timeout++;
            s->used = false;
        }
    }
}

static frag_slot *find_slot(jw_nmea *r, const sentence *sn)
{
    for (unsigned i = 0; i < r->cfg.max_partial; i++) {
        frag_slot *s = &r->slots[i];
        /* Later parts of a tag block group often carry no s: field. */
        if (s->used && s->seq == sn->seq && s->channel == sn->channel &&
            (!sn->source[0] || !s->source[0] || !strcmp(s->source, sn->source)))
            return s;
    }
    return NULL;
}

/* A free slot, evicting the oldest partial message when all are taken. */
static frag_slot *new_slot(jw_nmea *r, const sentence *sn, double t)
{
    frag_slot *victim = NULL;
    for (unsigned i = 0; i < r->cfg.max_partial; i++) {
        frag_slot *s = &r->slots[i];
        if (!s->used) {
            victim = s;
            break;
        }
        if (!victim || s->order < victim->order)
            victim = s;
    }
    if (victim->used && !victim->dead)
        r->st.frag_evicted++;
    victim->used = true;
    victim->dead = false;
    victim->seq = sn->seq;
    victim->channel = sn->channel;
    memcpy(victim->source, sn->source, SOURCE_MAX);
    memcpy(victim->talker, sn->talker, 3);
    victim->own = sn->own;
    victim->total = sn->total;
    victim->next = 1;
    victim->nchars = 0;
    victim->start = t;
    victim->time = sn->time;
    victim->time_src = sn->time_src;
    victim->order = r->order++;
    return victim;
}

/* One fragment of a multipart message. */
static void on_fragment(jw_nmea *r, const sentence *sn, double t, jw_nmea_fn fn, void *user)
{
    r->st.fragments++;
    expire_slots(r, t);
    frag_slot *s = find_slot(r, sn);
    if (s && (sn->num != s->next || sn->total != s->total)) {
        /* Out of order, repeated or a different count: the message is lost. */
        if (!s->dead)
            r->st.frag_lost++;
        s->used = false;
        s = NULL;
        if (sn->num != 1)
            return;
    }
    if (!s) {
        s = new_slot(r, sn, t);
        if (sn->num != 1) {
            /* Its first fragment never came: swallow the rest, count once. */
            r->st.frag_lost++;
            s->dead = true;
            s->next = (uint8_t)(sn->num + 1);
            if (sn->num == sn->total)
                s->used = false;
            return;
        }
    }
    s->next++;
    if (s->dead) {
        if (sn->num == sn->total)
            s->used = false;
        return;
    }
    if (isnan(s->time) && !isnan(sn->time)) {
        s->time = sn->time;
        s->time_src = sn->time_src;
    }
    size_t nchars = s->nchars;
    if (!dearmor(r, sn->payload, sn->plen, s->chars, &nchars)) {
        if (nchars + sn->plen > JW_NMEA_MAX_CHARS)
            r->st.frag_overflow++;
        else
            r->st.malformed++;
        s->used = false;
        return;
    }
    s->nchars = (uint16_t)nchars;
    if (sn->num == sn->total) {
        s->used = false;
        deliver(r, s->chars, s->nchars, sn->fill, sn, s, fn, user);
    }
}

/* XOR of n bytes, eight at a time. */
static unsigned xor_range(const char *p, size_t n)
{
    uint64_t acc = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        acc ^= w;
    }
    acc ^= acc >> 32;
    acc ^= acc >> 16;
    acc ^= acc >> 8;
    unsigned sum = (unsigned)(acc & 0xFF);
    for (; i < n; i++)
        sum ^= (unsigned char)p[i];
    return sum;
}

/* One "!ccVDM"/"!ccVDO" sentence starting at s (after any tag block). */
static void on_sentence(jw_nmea *r, const char *s, size_t n, sentence *sn, double now,
                        jw_nmea_fn fn, void *user)
{
    /* The checksum usually ends the line: look there before searching. */
    const char *star = n >= 3 && s[n - 3] == '*' ? s + n - 3 : memchr(s, '*', n);
    if (!star) {
        r->st.malformed++;
        return;
    }
    size_t i = (size_t)(star - s);
    if (!checksum_matches(star + 1, n - i - 1, xor_range(s + 1, i - 1))) {
        r->st.bad_checksum++;
        return;
    }
    if (!parse_fields(s, star, sn)) {
        r->st.malformed++;
        return;
    }
    r->st.sentences++;
    /* Trailing ",...,<epoch>" after the checksum: the last field is a time. */
    const char *tail = star + 3, *end = s + n;
    if (tail < end && *tail == ',' && sn->time_src == JW_NMEA_TIME_NONE) {
        const char *last = end;
        while (last > tail && last[-1] != ',')
            last--;
        double t = parse_epoch(last, (size_t)(end - last));
        if (!isnan(t)) {
            sn->time = t;
            sn->time_src = JW_NMEA_TIME_TRAILING;
        }
    }
    if (sn->time_src == JW_NMEA_TIME_NONE && !isnan(r->pghp_time)) {
        sn->time = r->pghp_time;
        sn->time_src = JW_NMEA_TIME_PGHP;
    }
    r->pghp_time = NAN;
    sn->talker[0] = s[1];
    sn->talker[1] = s[2];
    sn->own = s[5] == 'O';
    if (sn->total > 1) {
        on_fragment(r, sn, isnan(sn->time) ? now : sn->time, fn, user);
        return;
    }
    uint8_t bytes[JW_NMEA_MAX_BYTES + 8];
    if (sn->plen > JW_NMEA_MAX_CHARS || !armor_pack(r, sn->payload, sn->plen, bytes)) {
        r->st.malformed++;
        return;
    }
    deliver_bytes(r, bytes, sn->plen, sn->fill, sn, NULL, fn, user);
}

/* One complete line, without its newline. */
static void parse_line(jw_nmea *r, const char *s, size_t n, double now, jw_nmea_fn fn, void *user)
{
    r->st.lines++;
    while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    sentence sn = {.time = NAN};
    if (n > 0 && s[0] == '\\') {
        size_t k = parse_tag_block(r, s, n, &sn);
        if (k == 0) {
            r->st.malformed++;
            return;
        }
        s += k;
        n -= k;
    }
    /* A talker is two capital letters (AI, AB, BS, SA, ...). */
    if (n >= 7 && s[0] == '!' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z' &&
        s[3] == 'V' && s[4] == 'D' && (s[5] == 'M' || s[5] == 'O') && s[6] == ',') {
        on_sentence(r, s, n, &sn, now, fn, user);
        return;
    }
    if (n >= 6 && !memcmp(s, "$PGHP,", 6) && parse_pghp(r, s, n)) {
        r->st.pghp++;
        return;
    }
    if (n > 0)
        r->st.other++;
}

/* Appends a cut line's bytes to the line buffer, or marks it too long. */
static void keep_partial(jw_nmea *r, const char *p, size_t n)
{
    if (r->overflow)
        return;
    if (r->len + n > r->cfg.max_line) {
        r->overflow = true;
        r->len = 0;
        return;
    }
    memcpy(r->line + r->len, p, n);
    r->len += n;
}

/* Ends the line gathered so far in the line buffer. */
static void end_partial(jw_nmea *r, double now, jw_nmea_fn fn, void *user)
{
    if (r->overflow) {
        r->st.lines++;
        r->st.too_long++;
    } else if (r->len > 0) {
        parse_line(r, r->line, r->len, now, fn, user);
    }
    r->overflow = false;
    r->len = 0;
}

jw_err jw_nmea_push(jw_nmea *r, const void *buf, size_t n, double now, jw_nmea_fn fn, void *user)
{
    if (!r || (!buf && n))
        return JW_EINVAL;
    const char *p = buf;
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        if (!nl) {
            keep_partial(r, p, n);
            break;
        }
        size_t k = (size_t)(nl - p);
        if (r->len == 0 && !r->overflow) {
            if (k > r->cfg.max_line) {
                r->st.lines++;
                r->st.too_long++;
            } else {
                parse_line(r, p, k, now, fn, user);
            }
        } else {
            keep_partial(r, p, k);
            end_partial(r, now, fn, user);
        }
        p = nl + 1;
        n -= k + 1;
    }
    return JW_OK;
}

jw_err jw_nmea_datagram(jw_nmea *r, const void *buf, size_t n, double now, jw_nmea_fn fn,
                        void *user)
{
    if (!r || (!buf && n))
        return JW_EINVAL;
    end_partial(r, now, fn, user);
    jw_err e = jw_nmea_push(r, buf, n, now, fn, user);
    end_partial(r, now, fn, user);
    return e;
}

jw_err jw_nmea_finish(jw_nmea *r, double now, jw_nmea_fn fn, void *user)
{
    if (!r)
        return JW_EINVAL;
    end_partial(r, now, fn, user);
    for (unsigned i = 0; i < r->cfg.max_partial; i++) {
        if (r->slots[i].used && !r->slots[i].dead)
            r->st.frag_lost++;
        r->slots[i].used = false;
    }
    return JW_OK;
}
