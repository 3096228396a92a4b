/*
 * crc.c - the Mode S CRC-24 (generator polynomial 0x1FFF409).
 *
 * A table of 256 remainders drives a byte-at-a-time loop; the table is built
 * at compile time by the constant-expression macros below so that no
 * initialisation call or global mutable state is needed.
 */
#include "jamwatch/modes.h"

#define JW_CRC_POLY    0xFFF409u
#define JW_CRC_STEP(c) (((c)&0x800000u) ? (((c) << 1) ^ JW_CRC_POLY) : ((c) << 1))
#define JW_CRC_BYTE(b)                                                                             \
    (JW_CRC_STEP(JW_CRC_STEP(JW_CRC_STEP(                                                          \
         JW_CRC_STEP(JW_CRC_STEP(JW_CRC_STEP(JW_CRC_STEP(JW_CRC_STEP((uint32_t)(b) << 16)))))))) & \
     0xFFFFFFu)
#define JW_CRC_ROW4(b) \
    JW_CRC_BYTE(b), JW_CRC_BYTE((b) + 1), JW_CRC_BYTE((b) + 2), JW_CRC_BYTE((b) + 3)
#define JW_CRC_ROW16(b) \
    JW_CRC_ROW4(b), JW_CRC_ROW4((b) + 4), JW_CRC_ROW4((b) + 8), JW_CRC_ROW4((b) + 12)
#define JW_CRC_ROW64(b) \
    JW_CRC_ROW16(b), JW_CRC_ROW16((b) + 16), JW_CRC_ROW16((b) + 32), JW_CRC_ROW16((b) + 48)

static const uint32_t jw_crc_table[256] = {JW_CRC_ROW64(0), JW_CRC_ROW64(64), JW_CRC_ROW64(128),
                                           JW_CRC_ROW64(192)};

uint32_t jw_modes_crc(const uint8_t *msg, int bits)
{
    int n = bits / 8 - 3;
    uint32_t crc = 0;
    for (int i = 0; i < n; i++)
        crc = ((crc << 8) ^ jw_crc_table[((crc >> 16) ^ msg[i]) & 0xFF]) & 0xFFFFFFu;
    return crc;
}

int jw_modes_len_for_df(unsigned df)
{
    /* DF 16 and above (and 24..31, the Comm-D extended range) are long. */
    return df >= 16 ? 14 : 7;
}
