/*
 * modes.c - Mode S frame decoding: downlink format dispatch, CRC and
 * address/parity, optional single-bit error correction, and the fields of
 * the surveillance (DF0/4/5/16/20/21) and all-call (DF11) replies.
 *
 * Extended squitters (DF17/18) continue in modes_es.c. Everything here is
 * pure: no state survives a call.
 */
#include <string.h>

#include "bits.h"
#include "jamwatch/modes.h"
#include "modes_internal.h"
#include "modes_syndrome.h"

/* Handler for one downlink format; f is the frame's data (error correction
 * works on a copy). */
typedef jw_err (*df_fn)(const jw_decode_config *cfg, const uint8_t *f, jw_msg *m);

/* CRC residual of a frame: zero for a clean DF11/17/18, the address for
 * address/parity formats. */
static uint32_t residual(const uint8_t *f, int bits)
{
    int n = bits / 8;
    uint32_t parity = (uint32_t)f[n - 3] << 16 | (uint32_t)f[n - 2] << 8 | f[n - 1];
    return jw_modes_crc(f, bits) ^ parity;
}

/* FS (DF4/5/20/21): 0 and 2 airborne, 1 and 3 on the ground, else either. */
static void set_flight_status(const uint8_t *f, jw_msg *m)
{
    static const uint8_t ag[8] = {JW_AG_AIRBORNE, JW_AG_GROUND,  JW_AG_AIRBORNE, JW_AG_GROUND,
                                  JW_AG_UNKNOWN,  JW_AG_UNKNOWN, JW_AG_UNKNOWN,  JW_AG_UNKNOWN};
    m->flight_status = (uint8_t)jw_bits(f, 6, 3);
    m->ca = m->flight_status;
    m->dr = (uint8_t)jw_bits(f, 9, 5);
    m->um = (uint8_t)jw_bits(f, 14, 6);
    JW_SET(m, JW_F_FLIGHT_STATUS);
    m->airground = ag[m->flight_status];
    if (m->airground != JW_AG_UNKNOWN)
        JW_SET(m, JW_F_AIRGROUND);
}

static void set_parity_address(const uint8_t *f, int bits, jw_msg *m)
{
    m->addr = residual(f, bits);
    m->addr_src = JW_ADDR_PARITY;
}

static void set_ac13(const uint8_t *f, jw_msg *m)
{
    if (jw_modes_alt_ac13(jw_bits(f, 20, 13), &m->alt_baro) == JW_OK)
        JW_SET(m, JW_F_ALT_BARO);
}

/* DF0 short / DF16 long air-air surveillance: VS, AC13. */
static jw_err df_acas(const jw_decode_config *cfg, const uint8_t *f, jw_msg *m)
{
    (void)cfg;
    m->airground = jw_bits(f, 6, 1) ? JW_AG_GROUND : JW_AG_AIRBORNE;
    JW_SET(m, JW_F_AIRGROUND);
    set_ac13(f, m);
    set_parity_address(f, m->df == 16 ? 112 : 56, m);
    return JW_OK;
}

/* DF4 / DF20 altitude reply (DF20 adds a Comm-B MB field, not decoded). */
static jw_err df_alt(const jw_decode_config *cfg, const uint8_t *f, jw_msg *m)
{
    (void)cfg;
    set_flight_status(f, m);
    set_ac13(f, m);
    set_parity_address(f, m->df == 20 ? 112 : 56, m);
    return JW_OK;
}

/* DF5 / DF21 identity reply. */
static jw_err df_id(const jw_decode_config *cfg, const uint8_t *f, jw_msg *m)
{
    (void)cfg;
    set_flight_status(f, m);
    m->squawk = jw_modes_squawk(jw_bits(f, 20, 13));
    JW_SET(m, JW_F_SQUAWK);
    set_parity_address(f, m->df == 21 ? 112 : 56, m);
    return JW_OK;
}

/* CA of DF11/17: 4 on the ground, 5 airborne, others say nothing. */
static void set_capability(const uint8_t *f, jw_msg *m)
{
    m->ca = (uint8_t)jw_bits(f, 6, 3);
    if (m->ca == 4 || m->ca == 5) {
        m->airground = m->ca == 4 ? JW_AG_GROUND : JW_AG_AIRBORNE;
        JW_SET(m, JW_F_AIRGROUND);
    }
}

/* DF11 all-call reply: the parity may be overlaid with the interrogator
 * code, so only the low 7 bits of the residual may be non-zero. */
static jw_err df_allcall(const jw_decode_config *cfg, const uint8_t *f, jw_msg *m)
{
    (void)cfg;
    set_capability(f, m);
    m->addr = jw_bits(f, 9, 24);
    m->addr_src = JW_ADDR_CRC;
    if (residual(f, 56) & ~0x7Fu)
        return JW_ECRC;
    return JW_OK;
}

/* Flips the one bit whose syndrome is res, never one of the DF bits (a
 * "corrected" DF would turn the frame into another format). */
static int fix_one_bit(uint8_t *f, uint32_t res)
{
    for (int i = 5; i < 112; i++) {
        if (jw_syndrome112[i] == res) {
            f[i / 8] ^= (uint8_t)(0x80 >> (i % 8));
            return 1;
        }
    }
    return 0;
}

/* The fields of a DF17/18 frame f whose CRC is good (or was corrected). */
typedef jw_err (*es_body_fn)(const uint8_t *f, jw_msg *m);

/* A DF17/18 frame with a non-zero CRC residual res: when correction is on
 * and one bit is wrong, decodes a corrected copy with body; otherwise only
 * the address and CA/CF, for counting. Out of line: it needs a frame buffer
 * that the clean path has no use for. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static jw_err
es_repair(const jw_decode_config *cfg, const uint8_t *f, uint32_t res, es_body_fn body, jw_msg *m)
{
    uint8_t buf[JW_FRAME_MAX];
    if (cfg->fix_errors) {
        memcpy(buf, f, JW_FRAME_MAX);
        if (fix_one_bit(buf, res)) {
            m->corrected = 1;
            return body(buf, m);
        }
    }
    m->addr = jw_bits(f, 9, 24);
    m->ca = (uint8_t)jw_bits(f, 6, 3);
    return JW_ECRC;
}

/* Checks the CRC of a DF17/18 frame f and decodes it with body. */
static jw_err es_checked(const jw_decode_config *cfg, const uint8_t *f, es_body_fn body, jw_msg *m)
{
    uint32_t res = jw__es_residual(f);
    if (res != 0)
        return es_repair(cfg, f, res, body, m);
    return body(f, m);
}

static jw_err es_body17(const uint8_t *f, jw_msg *m)
{
    m->addr = jw_bits(f, 9, 24);
    set_capability(f, m);
    jw__es_decode(f, 0, m);
    return JW_OK;
}

/* DF17 extended squitter from a transponder. */
static jw_err df_es(const jw_decode_config *cfg, const uint8_t *f, jw_msg *m)
{
    return es_checked(cfg, f, es_body17, m);
}

/*
 * DF18 non-transponder extended squitter. CF (DO-260B 2.2.3.2.1.4):
 * 0 ADS-B with ICAO address; 1 ADS-B with anonymous/other address; 2 fine
 * TIS-B (IMF tells the address kind); 3 coarse TIS-B; 4 TIS-B/ADS-R
 * management; 5 fine TIS-B with non-ICAO address; 6 ADS-R (IMF); 7 reserved.
 * CF 3, 4 and 7 use other ME layouts: recognised, not decoded.
 */
static jw_err es_body18(const uint8_t *f, jw_msg *m)
{
    m->addr = jw_bits(f, 9, 24);
    m->ca = (uint8_t)jw_bits(f, 6, 3);
    m->non_icao = m->ca == 1 || m->ca == 5;
    if (m->ca == 3 || m->ca == 4 || m->ca == 7)
        return JW_EUNSUPPORTED;
    jw__es_decode(f, m->ca == 2 || m->ca == 6, m);
    return JW_OK;
}

static jw_err df_es_nt(const jw_decode_config *cfg, const uint8_t *f, jw_msg *m)
{
    return es_checked(cfg, f, es_body18, m);
}

static const df_fn df_table[32] = {
    [0] = df_acas, [4] = df_alt,    [5] = df_id,   [11] = df_allcall, [16] = df_acas,
    [17] = df_es,  [18] = df_es_nt, [20] = df_alt, [21] = df_id,
};

static jw_err decode_modeac(const jw_frame *frame, jw_msg *m)
{
    m->df = 32;
    m->addr_src = JW_ADDR_NONE;
    if (frame->len != 2)
        return JW_ETRUNC;
    m->modeac = (uint16_t)(frame->data[0] << 8 | frame->data[1]);
    JW_SET(m, JW_F_MODEAC);
    return JW_OK;
}

/* Zeroes *m with one vector register: thirteen 16-byte stores of it (GCC
 * turns a plain memset, or a loop it recognises as one, into a slow-starting
 * rep stos at this size; copying a constant zero message costs a load per
 * store). */
typedef unsigned char msg_v16 __attribute__((vector_size(16)));
static inline void msg_clear(jw_msg *m)
{
    const msg_v16 z = {0};
    unsigned char *p = (unsigned char *)m;
    size_t i = 0;
#pragma GCC unroll 16
    for (; i + sizeof z <= sizeof *m; i += sizeof z)
        memcpy(p + i, &z, sizeof z);
    if (i < sizeof *m)
        memset(p + i, 0, sizeof *m - i);
}

jw_err jw_modes_decode(const jw_decode_config *cfg, const jw_frame *frame, jw_msg *out)
{
    if (!cfg || !frame || !out)
        return JW_EINVAL;
    msg_clear(out);
    out->time = frame->time;
    out->signal = frame->signal;
    if (frame->kind == JW_FRAME_MODEAC)
        return decode_modeac(frame, out);
    if (frame->len < 1 || frame->len > JW_FRAME_MAX)
        return JW_ETRUNC;
    unsigned df = frame->data[0] >> 3;
    /* DF24 (Comm-D) is identified by its first two bits alone. */
    out->df = (uint8_t)(df >= 24 ? 24 : df);
    df_fn fn = df_table[df];
    if (!fn)
        return JW_EUNSUPPORTED;
    if (frame->len != jw_modes_len_for_df(df))
        return JW_ETRUNC;
    return fn(cfg, frame->data, out);
}
