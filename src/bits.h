/*
 * bits.h - the one bit reader of the Mode S decoders.
 *
 * Bits are numbered as in the standards: bit 1 is the most significant bit
 * of p[0]. jw_bits() reads nbits (1..32) starting at first (1-based) and
 * returns them right-aligned. It touches only the bytes that hold those bits,
 * so it never reads past the end of a frame whose length covers them.
 */
#ifndef JW_BITS_H
#define JW_BITS_H

#include <stdint.h>
#include <string.h>

static inline uint32_t jw_bits(const uint8_t *p, int first, int nbits)
{
    int start = first - 1;
    int lo = start >> 3;
    int hi = (start + nbits - 1) >> 3;
    uint64_t acc = 0;
    for (int i = lo; i <= hi; i++)
        acc = acc << 8 | p[i];
    int shift = ((hi + 1) << 3) - (start + nbits);
    return (uint32_t)((acc >> shift) & ((UINT64_C(1) << nbits) - 1));
}

/* ME bit n of an extended squitter is frame bit 32 + n. */
static inline uint32_t jw_me(const uint8_t *frame, int first, int nbits)
{
    return jw_bits(frame, 32 + first, nbits);
}

/* The 56-bit ME field (frame bits 33-88) of a 112-bit frame, right-aligned
 * in a word, for many reads with jw_me_bits(). One load of frame bytes 4-11
 * (byte 11 is parity, shifted out): within the frame. */
static inline uint64_t jw_me_word(const uint8_t *frame)
{
    uint64_t w;
    memcpy(&w, frame + 4, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w >> 8;
}

/* ME bits first .. first + nbits - 1 (numbered as jw_me()) of a jw_me_word(). */
static inline uint32_t jw_me_bits(uint64_t me, int first, int nbits)
{
    return (uint32_t)((me >> (57 - first - nbits)) & ((UINT64_C(1) << nbits) - 1));
}

#endif
