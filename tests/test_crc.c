/* test_crc.c - CRC-24 and the error table. Vectors: real DF17 frames from
 * pyModeS's test data (../shared/data/modes/test_vectors.tsv, copied as
 * hex literals only). */
#include "jamwatch/error.h"
#include "jamwatch/modes.h"
#include "modes_internal.h"
#include "testutil.h"

#include <string.h>

Test(crc, valid_frames_have_zero_residual)
{
    static const char *const frames[] = {
        "8D406B902015A678D4D220AA4BDA",
        "8D40058B58C901375147EFD09357",
        "8D485020994409940838175B284F",
        "8DA05629EA21485CBF3F8CADAEEB",
    };
    for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++) {
        uint8_t m[14];
        cr_assert_eq(tu_hex(frames[i], m, sizeof m), 14);
        uint32_t parity = (uint32_t)m[11] << 16 | (uint32_t)m[12] << 8 | m[13];
        cr_expect_eq(jw_modes_crc(m, 112), parity, "frame %s", frames[i]);
    }
}

Test(crc, corrupted_frame_fails)
{
    uint8_t m[14];
    tu_hex("8d4ca251204994b1c36e60a5343d", m, sizeof m); /* invalid per rs1090 */
    uint32_t parity = (uint32_t)m[11] << 16 | (uint32_t)m[12] << 8 | m[13];
    cr_expect_neq(jw_modes_crc(m, 112), parity);
}

Test(crc, df11_short_frame)
{
    uint8_t m[7];
    tu_hex("5D484FDEA248F5", m, sizeof m);
    uint32_t parity = (uint32_t)m[4] << 16 | (uint32_t)m[5] << 8 | m[6];
    /* DF11 parity is overlaid with the interrogator code: the residual may
     * be non-zero but only in its low 7 bits. */
    cr_expect_eq((jw_modes_crc(m, 56) ^ parity) & ~0x7Fu, 0u);
}

/* A bitwise CRC-24 straight from the definition (long division by the
 * generator 0x1FFF409), the reference for the table-driven ones. */
static uint32_t crc_bitwise(const uint8_t *m, int nbytes)
{
    uint32_t r = 0;
    for (int i = 0; i < nbytes * 8; i++) {
        uint32_t in = (m[i / 8] >> (7 - i % 8)) & 1u;
        uint32_t top = ((r >> 23) & 1u) ^ in;
        r = (r << 1) & 0xFFFFFFu;
        if (top)
            r ^= 0xFFF409u;
    }
    return r;
}

/* The decoder's inlined 112-bit residual against jw_modes_crc() and the
 * bitwise definition, on pseudo-random frames (fixed seed, xorshift). */
Test(crc, es_residual_matches_definition_on_random_frames)
{
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int n = 0; n < 20000; n++) {
        uint8_t m[14];
        for (int i = 0; i < 14; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            m[i] = (uint8_t)(x >> 32);
        }
        if (n % 4 == 0) { /* a quarter with a correct parity field */
            uint32_t c = crc_bitwise(m, 11);
            m[11] = (uint8_t)(c >> 16), m[12] = (uint8_t)(c >> 8), m[13] = (uint8_t)c;
        }
        uint32_t parity = (uint32_t)m[11] << 16 | (uint32_t)m[12] << 8 | m[13];
        uint32_t want = crc_bitwise(m, 11) ^ parity;
        cr_assert_eq(jw_modes_crc(m, 112) ^ parity, want, "frame %d", n);
        cr_assert_eq(jw__es_residual(m), want, "frame %d", n);
        if (n % 4 == 0)
            cr_assert_eq(jw__es_residual(m), 0u);
    }
}

Test(error, every_code_has_text)
{
    for (int e = 0; e < JW_ERR_COUNT; e++)
        cr_expect(strlen(jw_strerror((jw_err)e)) > 0);
    cr_expect_str_eq(jw_strerror((jw_err)9999), "unknown error code");
    cr_expect_str_eq(jw_strerror(JW_OK), "success");
}
