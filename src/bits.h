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

#endif
