/* test_crc.c - CRC-24 and the error table. Vectors: real DF17 frames from
 * pyModeS's test data (../shared/data/modes/test_vectors.tsv, copied as
 * hex literals only). */
#include "jamwatch/error.h"
#include "jamwatch/modes.h"
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

Test(error, every_code_has_text)
{
    for (int e = 0; e < JW_ERR_COUNT; e++)
        cr_expect(strlen(jw_strerror((jw_err)e)) > 0);
    cr_expect_str_eq(jw_strerror((jw_err)9999), "unknown error code");
    cr_expect_str_eq(jw_strerror(JW_OK), "success");
}
