/* test_feed_write.c - Beast, AVR and SBS writers: layout and escaping as
 * REFERENCE.md section 1 describes the formats. */
#include "jamwatch/feed_write.h"
#include "testutil.h"

#include <string.h>

static jw_frame long_frame(const char *hex)
{
    jw_frame f = {.kind = JW_FRAME_LONG, .len = 14};
    cr_assert_eq(tu_hex(hex, f.data, sizeof f.data), 14);
    return f;
}

Test(feed_write, beast_layout)
{
    jw_frame f = long_frame("8D406B902015A678D4D220AA4BDA");
    f.ts_raw = 0x112233445566ull; /* 48 bits, big-endian on the wire */
    f.signal = 0x80;
    uint8_t out[JW_BEAST_MAX];
    size_t n = jw_beast_write(&f, out);
    cr_assert_eq(n, 2 + 6 + 1 + 14);
    static const uint8_t head[] = {0x1A, '3', 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x80};
    cr_expect(memcmp(out, head, sizeof head) == 0);
    cr_expect(memcmp(out + 9, f.data, 14) == 0);
}

Test(feed_write, beast_escapes_every_1a)
{
    jw_frame f = {.kind = JW_FRAME_SHORT, .len = 7, .ts_raw = 0x1A0000001A1Aull, .signal = 0x1A};
    static const uint8_t d[7] = {0x5D, 0x1A, 0x4F, 0xDE, 0x1A, 0x1A, 0xF5};
    memcpy(f.data, d, 7);
    uint8_t out[JW_BEAST_MAX];
    size_t n = jw_beast_write(&f, out);
    /* 2 + 6 + 1 + 7 bytes, plus one more for each of the seven 0x1A after the type. */
    cr_assert_eq(n, 16 + 7);
    static const uint8_t want[] = {0x1A, '2',  0x1A, 0x1A, 0,    0,    0,    0x1A,
                                   0x1A, 0x1A, 0x1A, 0x1A, 0x1A, 0x5D, 0x1A, 0x1A,
                                   0x4F, 0xDE, 0x1A, 0x1A, 0x1A, 0x1A, 0xF5};
    cr_expect(memcmp(out, want, sizeof want) == 0);
}

Test(feed_write, timestamps)
{
    cr_expect_eq(jw_beast_ts_12mhz(1.5), 18000000u);
    /* GPS layout: second of day in the top 18 bits, nanoseconds below. */
    uint64_t g = jw_beast_ts_gps(86400.0 * 19000 + 3661.25);
    cr_expect_eq(g >> 30, 3661u);
    cr_expect_eq(g & 0x3FFFFFFFu, 250000000u);
}

Test(feed_write, avr_lines)
{
    jw_frame f = long_frame("8D406B902015A678D4D220AA4BDA");
    f.ts_raw = 0xABCDEF012345ull;
    char out[JW_AVR_MAX];
    cr_expect_eq(jw_avr_write(&f, true, out), strlen("@ABCDEF012345") + 28 + 2);
    cr_expect_str_eq(out, "@ABCDEF0123458D406B902015A678D4D220AA4BDA;\n");
    jw_avr_write(&f, false, out);
    cr_expect_str_eq(out, "*8D406B902015A678D4D220AA4BDA;\n");
}

Test(feed_write, sbs_22_fields)
{
    jw_sbs_rec r = {.type = 3,
                    .icao = 0x406B90,
                    .time = 1700000000.25,
                    .has_alt = true,
                    .alt_ft = 39000,
                    .has_pos = true,
                    .lat = 49.8241,
                    .lon = -6.06785};
    char out[JW_SBS_MAX];
    size_t n = jw_sbs_write(&r, out, sizeof out);
    cr_assert(n > 0);
    cr_expect_str_eq(out, "MSG,3,1,1,406B90,1,2023/11/14,22:13:20.250,2023/11/14,22:13:20.250,"
                          ",39000,,,49.82410,-6.06785,,,,,,0\r\n");
    int commas = 0;
    for (size_t i = 0; i < n; i++)
        commas += out[i] == ',';
    cr_expect_eq(commas, 21);
}
