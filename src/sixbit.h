/*
 * sixbit.h - the one bit reader of the AIS decoder (internal).
 *
 * Bits are numbered from 1, the first transmitted bit, which is the most
 * significant bit of byte 0. The buffer must have at least 8 readable bytes
 * after the byte holding the last bit asked for (callers pad with zeros), so
 * a field is read with one unaligned big-endian 64-bit load.
 */
#ifndef JW_SIXBIT_H
#define JW_SIXBIT_H

#include <stdint.h>

/* Unsigned field of len (1..32) bits starting at bit first (1-based). */
static inline uint32_t jw_bits_u(const uint8_t *b, unsigned first, unsigned len)
{
    unsigned start = first - 1;
    const uint8_t *p = b + (start >> 3);
    uint64_t w = (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
                 (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
                 (uint64_t)p[6] << 8 | (uint64_t)p[7];
    return (uint32_t)((w << (start & 7)) >> (64 - len));
}

/* Signed (two's complement) field of len (2..32) bits. */
static inline int32_t jw_bits_s(const uint8_t *b, unsigned first, unsigned len)
{
    uint32_t u = jw_bits_u(b, first, len);
    uint32_t sign = (uint32_t)1 << (len - 1);
    return (int32_t)((u ^ sign) - sign);
}

#endif
