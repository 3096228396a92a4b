/*
 * msg_json.c - jw_msg to JSON (see msg_json.h and docs/decode-schema.md).
 *
 * Fields are written in a fixed order, only when their presence bit is set,
 * through a small bounded writer so that no input can overrun the buffer.
 */
#include "jamwatch/msg_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct jbuf {
    char *p;    /* output */
    size_t len; /* bytes written */
    size_t cap; /* size of p, including room for the NUL */
} jbuf;

static void jb_raw(jbuf *b, const char *s, size_t n)
{
    if (b->len + n >= b->cap)
        n = b->cap - 1 - b->len;
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void jb_fmt(jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void jb_fmt(jbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len += (size_t)n < b->cap - b->len ? (size_t)n : b->cap - 1 - b->len;
}

static void jb_key(jbuf *b, const char *key)
{
    jb_fmt(b, ",\"%s\":", key);
}

static void jb_int(jbuf *b, const char *key, long v)
{
    jb_fmt(b, ",\"%s\":%ld", key, v);
}

/* A number with at most prec decimals, trailing zeros kept for stability. */
static void jb_num(jbuf *b, const char *key, double v, int prec)
{
    if (!isfinite(v))
        jb_fmt(b, ",\"%s\":null", key);
    else
        jb_fmt(b, ",\"%s\":%.*f", key, prec, v);
}

static void jb_str(jbuf *b, const char *key, const char *s)
{
    jb_key(b, key);
    jb_raw(b, "\"", 1);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') {
            char esc[2] = {'\\', (char)*c};
            jb_raw(b, esc, 2);
        } else if (*c < 0x20 || *c >= 0x7f) {
            jb_fmt(b, "\\u%04x", *c);
        } else {
            jb_raw(b, (const char *)c, 1);
        }
    }
    jb_raw(b, "\"", 1);
}

static void write_position(jbuf *b, const jw_msg *m)
{
    if (JW_HAS(m, JW_F_POS)) {
        jb_num(b, "lat", m->lat, 6);
        jb_num(b, "lon", m->lon, 6);
    }
    if (JW_HAS(m, JW_F_CPR)) {
        jb_int(b, "cpr_odd", m->cpr_odd);
        jb_int(b, "cpr_lat", (long)m->cpr_lat);
        jb_int(b, "cpr_lon", (long)m->cpr_lon);
        if (m->cpr_surface)
            jb_fmt(b, ",\"surface\":true");
    }
    if (JW_HAS(m, JW_F_ALT_BARO))
        jb_int(b, "alt_baro", m->alt_baro);
    if (JW_HAS(m, JW_F_ALT_GEOM))
        jb_int(b, "alt_geom", m->alt_geom);
}

static void write_velocity(jbuf *b, const jw_msg *m)
{
    if (JW_HAS(m, JW_F_GS))
        jb_num(b, "gs", jw_velocity_gs(&m->vel), 1);
    if (JW_HAS(m, JW_F_TRACK))
        jb_num(b, "track", jw_velocity_track(&m->vel), 2);
    if (JW_HAS(m, JW_F_HEADING)) {
        jb_num(b, "heading", m->heading, 2);
        jb_str(b, "heading_ref", m->heading_true ? "true" : "magnetic");
    }
    if (JW_HAS(m, JW_F_IAS))
        jb_num(b, "ias", m->ias, 0);
    if (JW_HAS(m, JW_F_TAS))
        jb_num(b, "tas", m->tas, 0);
    if (JW_HAS(m, JW_F_VRATE)) {
        jb_int(b, "vrate", m->vrate);
        jb_str(b, "vrate_src", m->vrate_geom ? "geom" : "baro");
    }
    if (JW_HAS(m, JW_F_GEO_MINUS_BARO))
        jb_int(b, "geo_minus_baro", m->geo_minus_baro);
}

static void write_identity(jbuf *b, const jw_msg *m)
{
    if (JW_HAS(m, JW_F_CALLSIGN))
        jb_str(b, "callsign", m->callsign);
    if (JW_HAS(m, JW_F_CATEGORY))
        jb_fmt(b, ",\"category\":\"%c%u\"", 'A' + ((m->category >> 4) - 0xA) % 26,
               m->category & 0xF);
    if (JW_HAS(m, JW_F_SQUAWK))
        jb_fmt(b, ",\"squawk\":\"%04x\"", m->squawk);
    if (JW_HAS(m, JW_F_MODEAC))
        jb_fmt(b, ",\"modeac\":\"%04x\"", m->modeac);
    if (JW_HAS(m, JW_F_EMERGENCY))
        jb_int(b, "emergency", m->emergency);
    if (JW_HAS(m, JW_F_FLIGHT_STATUS))
        jb_int(b, "flight_status", m->flight_status);
    if (JW_HAS(m, JW_F_AIRGROUND) && m->airground != JW_AG_UNKNOWN)
        jb_str(b, "airground", m->airground == JW_AG_GROUND ? "ground" : "airborne");
}

static void write_integrity(jbuf *b, const jw_msg *m)
{
    if (JW_HAS(m, JW_F_NIC)) {
        jb_int(b, "nic", m->nic);
        jb_num(b, "rc", m->rc, 1);
    }
    if (JW_HAS(m, JW_F_NIC_A))
        jb_int(b, "nic_a", m->nic_a);
    if (JW_HAS(m, JW_F_NIC_B))
        jb_int(b, "nic_b", m->nic_b);
    if (JW_HAS(m, JW_F_NIC_C))
        jb_int(b, "nic_c", m->nic_c);
    if (JW_HAS(m, JW_F_NACP))
        jb_int(b, "nacp", m->nacp);
    if (JW_HAS(m, JW_F_NACV))
        jb_int(b, "nacv", m->nacv);
    if (JW_HAS(m, JW_F_SIL)) {
        jb_int(b, "sil", m->sil);
        jb_str(b, "sil_type", m->sil_supp ? "persample" : "perhour");
    }
    if (JW_HAS(m, JW_F_VERSION))
        jb_int(b, "version", m->version);
    if (JW_HAS(m, JW_F_NIC_BARO))
        jb_int(b, "nic_baro", m->nic_baro);
    if (JW_HAS(m, JW_F_GVA))
        jb_int(b, "gva", m->gva);
    if (JW_HAS(m, JW_F_SDA))
        jb_int(b, "sda", m->sda);
}

static void write_target_state(jbuf *b, const jw_msg *m)
{
    static const char *const ap_names[] = {"autopilot", "vnav", "alt_hold",
                                           "approach",  "lnav", "tcas"};
    if (JW_HAS(m, JW_F_SEL_ALT)) {
        jb_int(b, "sel_alt", m->sel_alt);
        jb_str(b, "sel_alt_src", m->sel_alt_fms ? "fms" : "mcp");
    }
    if (JW_HAS(m, JW_F_BARO_SETTING))
        jb_num(b, "baro_setting", m->baro_setting, 1);
    if (JW_HAS(m, JW_F_SEL_HEADING))
        jb_num(b, "sel_heading", m->sel_heading, 2);
    if (JW_HAS(m, JW_F_AP_MODES)) {
        jb_key(b, "ap_modes");
        jb_raw(b, "[", 1);
        int n = 0;
        for (int i = 0; i < 6; i++)
            if (m->ap_modes & (1 << i))
                jb_fmt(b, "%s\"%s\"", n++ ? "," : "", ap_names[i]);
        jb_raw(b, "]", 1);
    }
}

size_t jw_msg_to_json(const jw_msg *m, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return 0;
    jbuf b = {buf, 0, cap};
    jb_fmt(&b, "{\"time\":%.6f", m->time);
    if (m->addr_src != JW_ADDR_NONE)
        jb_fmt(&b, ",\"icao\":\"%06x\"", m->addr & 0xFFFFFF);
    jb_int(&b, "df", m->df);
    if (m->df == 17 || m->df == 18) {
        jb_int(&b, "tc", m->tc);
        if (m->subtype)
            jb_int(&b, "subtype", m->subtype);
    }
    if (m->addr_src == JW_ADDR_PARITY)
        jb_str(&b, "addr_src", "parity");
    if (m->non_icao)
        jb_fmt(&b, ",\"non_icao\":true");
    if (m->corrected)
        jb_int(&b, "corrected", m->corrected);
    if (m->signal)
        jb_num(&b, "rssi", 20 * log10(m->signal / 255.0), 1);
    write_position(&b, m);
    write_velocity(&b, m);
    write_identity(&b, m);
    write_integrity(&b, m);
    write_target_state(&b, m);
    jb_raw(&b, "}", 1);
    buf[b.len] = '\0';
    return b.len;
}
