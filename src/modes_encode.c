/*
 * modes_encode.c - Mode S frame encoder (DF4/5/11/17/20/21).
 *
 * Fields are placed into 56-bit (ME, MB) or 32-bit (header) words with one
 * helper, field_put(), that numbers bits as the standards do: bit 1 is the
 * most significant bit of the word. The finished words are laid out into the
 * frame bytes and the CRC-24 parity appended (XORed with the address for the
 * address/parity replies).
 */
#include "jamwatch/modes_encode.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/cpr.h"
#include "jamwatch/modes.h"

/* The ICAO six-bit character set of identification messages. */
static const char modes_charset[] =
    "#ABCDEFGHIJKLMNOPQRSTUVWXYZ##### ###############0123456789######";

/* Puts v (n bits) at bits first..first+n-1 of a width-bit word (bit 1 = MSB). */
static void field_put(uint64_t *w, unsigned width, unsigned first, unsigned n, uint64_t v)
{
    uint64_t mask = (n >= 64) ? ~0ull : ((1ull << n) - 1);
    *w |= (v & mask) << (width - (first + n - 1));
}

static uint32_t clampu(long v, long lo, long hi)
{
    return (uint32_t)(v < lo ? lo : v > hi ? hi : v);
}

static long roundl_(double x)
{
    return (long)floor(x + 0.5);
}

/* Writes the parity of a finished frame; ap_xor is 0 for DF11/17 (PI) or the address. */
static void frame_finish(jw_frame *out, int bytes, uint32_t xor_word)
{
    uint32_t crc = jw_modes_crc(out->data, bytes * 8) ^ xor_word;
    out->data[bytes - 3] = (uint8_t)(crc >> 16);
    out->data[bytes - 2] = (uint8_t)(crc >> 8);
    out->data[bytes - 1] = (uint8_t)crc;
    out->len = (uint8_t)bytes;
    out->kind = bytes == 14 ? JW_FRAME_LONG : JW_FRAME_SHORT;
}

static void put_word(uint8_t *dst, uint64_t w, int bytes)
{
    for (int i = 0; i < bytes; i++)
        dst[i] = (uint8_t)(w >> (8 * (bytes - 1 - i)));
}

/* Lays out a DF17 frame around a finished 56-bit ME word. */
static jw_err es_frame(uint32_t icao, uint8_t ca, uint64_t me, jw_frame *out)
{
    if (!out || icao > 0xFFFFFFu || ca > 7)
        return JW_EINVAL;
    memset(out, 0, sizeof *out);
    out->data[0] = (uint8_t)(17 << 3 | ca);
    out->data[1] = (uint8_t)(icao >> 16);
    out->data[2] = (uint8_t)(icao >> 8);
    out->data[3] = (uint8_t)icao;
    put_word(out->data + 4, me, 7);
    frame_finish(out, 14, 0);
    return JW_OK;
}

/* a mod b in [0, b). */
static double pos_mod(double a, double b)
{
    double r = fmod(a, b);
    return r < 0 ? r + b : r;
}

/* AC12 altitude field with Q = 1 (25 ft steps); 0 = not available. */
static uint32_t ac12(bool valid, int32_t alt_ft)
{
    if (!valid)
        return 0;
    uint32_t n = clampu(roundl_((alt_ft + 1000) / 25.0), 0, 2047);
    return ((n & 0x7F0u) << 1) | 0x10u | (n & 0xFu);
}

/* AC13 altitude field with M = 0, Q = 1 (25 ft steps); 0 = not available. */
static uint32_t ac13(bool valid, int32_t alt_ft)
{
    if (!valid)
        return 0;
    uint32_t n = clampu(roundl_((alt_ft + 1000) / 25.0), 0, 2047);
    return ((n >> 5) << 7) | (((n >> 4) & 1u) << 5) | 0x10u | (n & 0xFu);
}

uint16_t jw_modes_id13(uint16_t sq)
{
    unsigned a = (sq >> 12) & 7, b = (sq >> 8) & 7, c = (sq >> 4) & 7, d = sq & 7;
    /* Bit order (MSB first): C1 A1 C2 A2 C4 A4 X B1 D1 B2 D2 B4 D4. */
    unsigned bits[13] = {c & 1, a & 1, (c >> 1) & 1, (a >> 1) & 1, (c >> 2) & 1, (a >> 2) & 1, 0,
                         b & 1, d & 1, (b >> 1) & 1, (d >> 1) & 1, (b >> 2) & 1, (d >> 2) & 1};
    uint16_t v = 0;
    for (int i = 0; i < 13; i++)
        v = (uint16_t)(v << 1 | bits[i]);
    return v;
}

static uint32_t char6(char ch)
{
    for (uint32_t i = 0; i < 64; i++)
        if (modes_charset[i] == ch && ch != '#')
            return i;
    return 32; /* anything unknown becomes a space */
}

/* Puts 8 characters of callsign (space padded) at ME bit first. */
static void put_callsign(uint64_t *me, unsigned first, const char *cs)
{
    size_t n = strnlen(cs, 8);
    for (unsigned i = 0; i < 8; i++)
        field_put(me, 56, first + 6 * i, 6, i < n ? char6(cs[i]) : 32);
}

jw_err jw_modes_enc_ident(uint32_t icao, uint8_t ca, const jw_enc_ident *in, jw_frame *out)
{
    if (!in || in->tc < 1 || in->tc > 4 || in->category > 7)
        return JW_EINVAL;
    uint64_t me = 0;
    field_put(&me, 56, 1, 5, in->tc);
    field_put(&me, 56, 6, 3, in->category);
    put_callsign(&me, 9, in->callsign);
    return es_frame(icao, ca, me, out);
}

jw_err jw_modes_enc_airpos(uint32_t icao, uint8_t ca, const jw_enc_airpos *in, jw_frame *out)
{
    if (!in || !(in->tc == 0 || (in->tc >= 9 && in->tc <= 18) || (in->tc >= 20 && in->tc <= 22)))
        return JW_EINVAL;
    uint64_t me = 0;
    field_put(&me, 56, 1, 5, in->tc);
    field_put(&me, 56, 6, 2, in->ss);
    field_put(&me, 56, 8, 1, in->nic_b);
    field_put(&me, 56, 9, 12, ac12(in->alt_valid, in->alt_ft));
    if (in->tc != 0) {
        uint32_t yz, xz;
        jw_cpr_encode(in->lat, in->lon, in->odd, 0, &yz, &xz);
        field_put(&me, 56, 21, 1, in->utc_sync);
        field_put(&me, 56, 22, 1, in->odd);
        field_put(&me, 56, 23, 17, yz);
        field_put(&me, 56, 40, 17, xz);
    }
    return es_frame(icao, ca, me, out);
}

/* Vertical rate and GNSS-minus-baro, common to both velocity subtypes. */
static void put_vrate(uint64_t *me, const jw_enc_velocity *in)
{
    field_put(me, 56, 36, 1, in->vrate_baro);
    if (in->vrate_valid) {
        long v = roundl_(fabs((double)in->vrate_fpm) / 64.0);
        field_put(me, 56, 37, 1, in->vrate_fpm < 0);
        field_put(me, 56, 38, 9, clampu(v + 1, 1, 511));
    }
    if (in->gmb_valid) {
        long g = roundl_(fabs((double)in->gmb_ft) / 25.0);
        field_put(me, 56, 49, 1, in->gmb_ft < 0);
        field_put(me, 56, 50, 7, clampu(g + 1, 1, 127));
    }
}

jw_err jw_modes_enc_velocity(uint32_t icao, uint8_t ca, const jw_enc_velocity *in, jw_frame *out)
{
    if (!in || (in->subtype != 1 && in->subtype != 3))
        return JW_EINVAL;
    uint64_t me = 0;
    field_put(&me, 56, 1, 5, 19);
    field_put(&me, 56, 6, 3, in->subtype);
    field_put(&me, 56, 9, 1, in->intent_change);
    field_put(&me, 56, 10, 1, in->ifr);
    field_put(&me, 56, 11, 3, in->nacv);
    if (in->subtype == 1) {
        long ew = roundl_(in->v_ew), ns = roundl_(in->v_ns);
        field_put(&me, 56, 14, 1, ew < 0);
        field_put(&me, 56, 15, 10, clampu(labs(ew) + 1, 1, 1023));
        field_put(&me, 56, 25, 1, ns < 0);
        field_put(&me, 56, 26, 10, clampu(labs(ns) + 1, 1, 1023));
    } else {
        if (in->heading_valid) {
            field_put(&me, 56, 14, 1, 1);
            field_put(&me, 56, 15, 10,
                      (uint32_t)roundl_(pos_mod(in->heading, 360.0) * 1024 / 360.0));
        }
        field_put(&me, 56, 25, 1, in->airspeed_tas);
        if (in->airspeed_valid)
            field_put(&me, 56, 26, 10, clampu(roundl_(in->airspeed) + 1, 1, 1023));
    }
    put_vrate(&me, in);
    return es_frame(icao, ca, me, out);
}

jw_err jw_modes_enc_opstatus(uint32_t icao, uint8_t ca, const jw_enc_opstatus *in, jw_frame *out)
{
    if (!in || in->version > 2 || in->nacp > 11 || in->sil > 3)
        return JW_EINVAL;
    uint64_t me = 0;
    field_put(&me, 56, 1, 5, 31);
    field_put(&me, 56, 6, 3, 0); /* airborne */
    field_put(&me, 56, 9, 16, in->cc);
    field_put(&me, 56, 25, 16, in->om);
    field_put(&me, 56, 41, 3, in->version);
    field_put(&me, 56, 44, 1, in->nic_a);
    field_put(&me, 56, 45, 4, in->nacp);
    field_put(&me, 56, 49, 2, in->gva);
    field_put(&me, 56, 51, 2, in->sil);
    field_put(&me, 56, 53, 1, in->nic_baro);
    field_put(&me, 56, 54, 1, in->hrd);
    if (in->version >= 2)
        field_put(&me, 56, 55, 1, in->sil_supp);
    return es_frame(icao, ca, me, out);
}

/* Autopilot bits of TC29 in ME order 48-54 (bit 51, IMF, is not a mode). */
static void put_ap_modes(uint64_t *me, uint8_t m)
{
    field_put(me, 56, 48, 1, (m & JW_AP_ENGAGED) != 0);
    field_put(me, 56, 49, 1, (m & JW_AP_VNAV) != 0);
    field_put(me, 56, 50, 1, (m & JW_AP_ALT_HOLD) != 0);
    field_put(me, 56, 52, 1, (m & JW_AP_APPROACH) != 0);
    field_put(me, 56, 53, 1, (m & JW_AP_TCAS) != 0);
    field_put(me, 56, 54, 1, (m & JW_AP_LNAV) != 0);
}

jw_err jw_modes_enc_tstate(uint32_t icao, uint8_t ca, const jw_enc_tstate *in, jw_frame *out)
{
    if (!in || in->nacp > 11 || in->sil > 3)
        return JW_EINVAL;
    uint64_t me = 0;
    field_put(&me, 56, 1, 5, 29);
    field_put(&me, 56, 6, 2, 1);
    field_put(&me, 56, 8, 1, in->sil_supp);
    field_put(&me, 56, 9, 1, in->alt_fms);
    if (in->sel_alt_valid)
        field_put(&me, 56, 10, 11, clampu(roundl_(in->sel_alt_ft / 32.0) + 1, 1, 2047));
    if (in->baro_valid)
        field_put(&me, 56, 21, 9, clampu(roundl_((in->baro_hpa - 800.0) / 0.8) + 1, 1, 511));
    if (in->sel_hdg_valid) {
        field_put(&me, 56, 30, 1, 1);
        field_put(&me, 56, 31, 9, (uint32_t)roundl_(pos_mod(in->sel_hdg, 360.0) * 256 / 180.0));
    }
    field_put(&me, 56, 40, 4, in->nacp);
    field_put(&me, 56, 44, 1, in->nic_baro);
    field_put(&me, 56, 45, 2, in->sil);
    if (in->modes_valid) {
        field_put(&me, 56, 47, 1, 1);
        put_ap_modes(&me, in->ap_modes);
    }
    return es_frame(icao, ca, me, out);
}

jw_err jw_modes_enc_status(uint32_t icao, uint8_t ca, uint8_t emergency, uint16_t squawk,
                           jw_frame *out)
{
    if (emergency > 7)
        return JW_EINVAL;
    uint64_t me = 0;
    field_put(&me, 56, 1, 5, 28);
    field_put(&me, 56, 6, 3, 1);
    field_put(&me, 56, 9, 3, emergency);
    field_put(&me, 56, 12, 13, jw_modes_id13(squawk));
    return es_frame(icao, ca, me, out);
}

jw_err jw_modes_enc_df11(uint32_t icao, uint8_t ca, uint8_t ic, jw_frame *out)
{
    if (!out || icao > 0xFFFFFFu || ca > 7 || ic > 0x7F)
        return JW_EINVAL;
    memset(out, 0, sizeof *out);
    out->data[0] = (uint8_t)(11 << 3 | ca);
    out->data[1] = (uint8_t)(icao >> 16);
    out->data[2] = (uint8_t)(icao >> 8);
    out->data[3] = (uint8_t)icao;
    frame_finish(out, 7, ic);
    return JW_OK;
}

void jw_modes_bds20(const char *callsign, uint8_t mb[7])
{
    uint64_t w = 0;
    field_put(&w, 56, 1, 8, 0x20);
    size_t n = strnlen(callsign, 8);
    for (unsigned i = 0; i < 8; i++)
        field_put(&w, 56, 9 + 6 * i, 6, i < n ? char6(callsign[i]) : 32);
    put_word(mb, w, 7);
}

jw_err jw_modes_enc_surv(uint32_t icao, const jw_enc_surv *in, jw_frame *out)
{
    if (!in || !out || icao > 0xFFFFFFu || in->fs > 7 || in->dr > 31 || in->um > 63)
        return JW_EINVAL;
    if (in->df != 4 && in->df != 5 && in->df != 20 && in->df != 21)
        return JW_EINVAL;
    bool alt = in->df == 4 || in->df == 20;
    uint64_t h = 0;
    field_put(&h, 32, 1, 5, in->df);
    field_put(&h, 32, 6, 3, in->fs);
    field_put(&h, 32, 9, 5, in->dr);
    field_put(&h, 32, 14, 6, in->um);
    field_put(&h, 32, 20, 13, alt ? ac13(in->alt_valid, in->alt_ft) : jw_modes_id13(in->squawk));
    memset(out, 0, sizeof *out);
    put_word(out->data, h, 4);
    int bytes = in->df >= 20 ? 14 : 7;
    if (bytes == 14)
        memcpy(out->data + 4, in->mb, 7);
    frame_finish(out, bytes, icao);
    return JW_OK;
}
