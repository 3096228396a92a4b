/*
 * modes_alt.c - Mode S altitude and identity codes.
 *
 * The 13-bit AC and ID fields interleave their bits as
 *   bit 1..13 = C1 A1 C2 A2 C4 A4 M(X) B1 Q(D1) B2 D2 B4 D4
 * (ICAO Annex 10 Vol IV, 3.1.2.6.5.4 and 3.1.2.6.7.1). Below, bit k of the
 * right-aligned value is field bit 13 - k.
 */
#include <math.h>

#include "jamwatch/modes.h"

/* Shift of each named bit in the right-aligned 13-bit field. */
enum {
    C1 = 12,
    A1 = 11,
    C2 = 10,
    A2 = 9,
    C4 = 8,
    A4 = 7,
    MB = 6,
    B1 = 5,
    QB = 4,
    B2 = 3,
    D2 = 2,
    B4 = 1,
    D4 = 0
};

static unsigned bit(unsigned v, int shift)
{
    return (v >> shift) & 1u;
}

static unsigned gray_to_binary(unsigned g)
{
    g ^= g >> 8;
    g ^= g >> 4;
    g ^= g >> 2;
    g ^= g >> 1;
    return g;
}

jw_err jw_modes_gillham(unsigned ac13, int32_t *out_ft)
{
    if (!out_ft)
        return JW_EINVAL;
    /* 500 ft steps: reflected Gray code over D1 D2 D4 A1 A2 A4 B1 B2 B4. */
    unsigned g500 = bit(ac13, QB) << 8 | bit(ac13, D2) << 7 | bit(ac13, D4) << 6 |
                    bit(ac13, A1) << 5 | bit(ac13, A2) << 4 | bit(ac13, A4) << 3 |
                    bit(ac13, B1) << 2 | bit(ac13, B2) << 1 | bit(ac13, B4);
    /* 100 ft steps: C1 C2 C4 cycle through 001 011 010 110 100, whose Gray
     * decodes are 1 2 3 4 7; any other pattern is not an altitude. */
    unsigned c = gray_to_binary(bit(ac13, C1) << 2 | bit(ac13, C2) << 1 | bit(ac13, C4));
    if (c == 7)
        c = 5;
    if (c < 1 || c > 5)
        return JW_ERANGE;
    unsigned n500 = gray_to_binary(g500);
    if (n500 & 1)
        c = 6 - c; /* the 100 ft code runs backwards in odd 500 ft bands */
    *out_ft = (int32_t)n500 * 500 + (int32_t)c * 100 - 1300;
    return JW_OK;
}

jw_err jw_modes_alt_ac13(unsigned ac13, int32_t *out_ft)
{
    if (!out_ft)
        return JW_EINVAL;
    ac13 &= 0x1FFF;
    if (ac13 == 0)
        return JW_ERANGE;
    if (bit(ac13, MB)) {
        /* Metric: the 12 other bits are the altitude in metres. */
        unsigned metres = (ac13 >> 7) << 6 | (ac13 & 0x3F);
        *out_ft = (int32_t)lround(metres * 3.28084);
        return JW_OK;
    }
    if (bit(ac13, QB)) {
        /* 25 ft steps: the 11 bits left once M and Q are removed. */
        unsigned n = (ac13 >> 7) << 5 | ((ac13 >> 5) & 1u) << 4 | (ac13 & 0xF);
        *out_ft = (int32_t)n * 25 - 1000;
        return JW_OK;
    }
    return jw_modes_gillham(ac13, out_ft);
}

jw_err jw_modes_alt_ac12(unsigned ac12, int32_t *out_ft)
{
    ac12 &= 0xFFF;
    /* Re-insert a zero M bit after the sixth bit. */
    return jw_modes_alt_ac13((ac12 >> 6) << 7 | (ac12 & 0x3F), out_ft);
}

uint16_t jw_modes_squawk(unsigned id13)
{
    unsigned a = bit(id13, A4) << 2 | bit(id13, A2) << 1 | bit(id13, A1);
    unsigned b = bit(id13, B4) << 2 | bit(id13, B2) << 1 | bit(id13, B1);
    unsigned c = bit(id13, C4) << 2 | bit(id13, C2) << 1 | bit(id13, C1);
    unsigned d = bit(id13, D4) << 2 | bit(id13, D2) << 1 | bit(id13, QB);
    return (uint16_t)(a << 12 | b << 8 | c << 4 | d);
}
