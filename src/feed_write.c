/*
 * feed_write.c - Beast, AVR and SBS formatting of frames (see feed_write.h).
 *
 * The Beast and AVR paths are the simulator's hot loop, so they use a
 * nibble table instead of printf.
 */
#include "jamwatch/feed_write.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char hexdig[] = "0123456789ABCDEF";

uint64_t jw_beast_ts_12mhz(double s)
{
    if (!(s > 0))
        return 0;
    return (uint64_t)llround(s * 12e6) & 0xFFFFFFFFFFFFull;
}

uint64_t jw_beast_ts_gps(double unix_time)
{
    double day = floor(unix_time / 86400.0) * 86400.0;
    double sod = unix_time - day;
    uint64_t sec = (uint64_t)floor(sod);
    uint64_t ns = (uint64_t)llround((sod - (double)sec) * 1e9);
    if (ns >= 1000000000ull) {
        ns -= 1000000000ull;
        sec++;
    }
    return (sec % 86400u) << 30 | ns;
}

static size_t put_esc(uint8_t *out, size_t n, uint8_t b)
{
    out[n++] = b;
    if (b == 0x1A)
        out[n++] = 0x1A;
    return n;
}

/* Whether any of the n bytes at p is 0x1A: eight at a time (zero-byte test). */
static bool has_1a(const uint8_t *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t acc = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        w ^= 0x1A * ones;
        acc |= (w - ones) & ~w & highs;
    }
    for (; i < n; i++)
        acc |= p[i] == 0x1A;
    return acc != 0;
}

size_t jw_beast_write(const jw_frame *f, uint8_t *out)
{
    size_t want = f->kind == JW_FRAME_MODEAC ? 2 : f->kind == JW_FRAME_SHORT ? 7 : 14;
    if (f->kind < JW_FRAME_MODEAC || f->kind > JW_FRAME_LONG || f->len != want)
        return 0;
    uint8_t body[7 + JW_FRAME_MAX];
    for (int i = 0; i < 6; i++)
        body[i] = (uint8_t)(f->ts_raw >> (8 * (5 - i)));
    body[6] = f->signal;
    memcpy(body + 7, f->data, want);
    out[0] = 0x1A;
    out[1] = (uint8_t)('0' + f->kind);
    if (!has_1a(body, 7 + want)) { /* the common case: nothing to double */
        memcpy(out + 2, body, 7 + want);
        return 9 + want;
    }
    size_t n = 2;
    for (size_t i = 0; i < 7 + want; i++)
        n = put_esc(out, n, body[i]);
    return n;
}

size_t jw_avr_write(const jw_frame *f, bool with_ts, char *out)
{
    if (f->len == 0 || f->len > JW_FRAME_MAX)
        return 0;
    size_t n = 0;
    if (with_ts) {
        out[n++] = '@';
        for (int i = 11; i >= 0; i--)
            out[n++] = hexdig[(f->ts_raw >> (4 * i)) & 0xF];
    } else {
        out[n++] = '*';
    }
    for (size_t i = 0; i < f->len; i++) {
        out[n++] = hexdig[f->data[i] >> 4];
        out[n++] = hexdig[f->data[i] & 0xF];
    }
    out[n++] = ';';
    out[n++] = '\n';
    out[n] = '\0';
    return n;
}

/* "YYYY/MM/DD,HH:MM:SS.mmm" for a UNIX time. */
static int sbs_time(double t, char *out, size_t cap)
{
    double whole = floor(t);
    time_t s = (time_t)whole;
    int ms = (int)floor((t - whole) * 1000.0);
    struct tm tm;
    if (!gmtime_r(&s, &tm))
        return -1;
    return snprintf(out, cap, "%04d/%02d/%02d,%02d:%02d:%02d.%03d", tm.tm_year + 1900,
                    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                    ms > 999 ? 999 : ms);
}

size_t jw_sbs_write(const jw_sbs_rec *r, char *out, size_t cap)
{
    char ts[40], alt[16] = "", gs[16] = "", trk[16] = "", lat[16] = "", lon[16] = "";
    char vr[16] = "", sq[8] = "";
    if (sbs_time(r->time, ts, sizeof ts) < 0)
        return 0;
    if (r->has_alt)
        snprintf(alt, sizeof alt, "%d", (int)r->alt_ft);
    if (r->has_vel) {
        snprintf(gs, sizeof gs, "%.0f", r->gs_kt);
        snprintf(trk, sizeof trk, "%.0f", r->track);
    }
    if (r->has_pos) {
        snprintf(lat, sizeof lat, "%.5f", r->lat);
        snprintf(lon, sizeof lon, "%.5f", r->lon);
    }
    if (r->has_vrate)
        snprintf(vr, sizeof vr, "%d", (int)r->vrate_fpm);
    if (r->has_squawk)
        snprintf(sq, sizeof sq, "%04x", (unsigned)r->squawk);
    int n = snprintf(out, cap, "MSG,%u,1,1,%06X,1,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,,,,%s\r\n",
                     (unsigned)r->type, (unsigned)r->icao, ts, ts, r->callsign ? r->callsign : "",
                     alt, gs, trk, lat, lon, vr, sq, r->on_ground ? "-1" : "0");
    if (n < 0 || (size_t)n >= cap)
        return 0;
    return (size_t)n;
}
