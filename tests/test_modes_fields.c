/*
 * test_modes_fields.c - Mode S field decoding beyond the shared vectors:
 * altitude codes (Q bit, negative, Gillham against an encoder written from
 * the code's definition, metric), velocity subtypes 2 and 4 (supersonic),
 * TC0 with altitude, TCAS RA status, DF18 control fields, error codes,
 * Mode A/C, DF11 interrogator codes, single-bit error correction and the
 * generated syndrome table. Synthetic frames are built field by field here
 * and given a correct parity; real frames come from pyModeS's test data.
 */
#include <math.h>
#include <string.h>

#include "jamwatch/modes.h"
#include "modes_syndrome.h"
#include "testutil.h"

/* Sets nbits of value at 1-based bit first of frame f. */
static void put(uint8_t *f, int first, int nbits, uint32_t value)
{
    for (int i = 0; i < nbits; i++) {
        int b = first - 1 + i;
        uint8_t mask = (uint8_t)(0x80 >> (b % 8));
        if ((value >> (nbits - 1 - i)) & 1)
            f[b / 8] |= mask;
        else
            f[b / 8] &= (uint8_t)~mask;
    }
}

/* A DF17 frame of address 0xABCDEF with the given ME bits set by the
 * caller through put(f, 32 + n, ...); seal() writes the parity. */
static jw_frame es_frame(void)
{
    jw_frame fr = {.kind = JW_FRAME_LONG, .len = 14};
    put(fr.data, 1, 5, 17);
    put(fr.data, 6, 3, 5);
    put(fr.data, 9, 24, 0xABCDEF);
    return fr;
}

static void seal(jw_frame *fr)
{
    int bits = fr->len * 8;
    put(fr->data, bits - 23, 24, jw_modes_crc(fr->data, bits));
}

static jw_err decode(jw_frame *fr, int fix, jw_msg *m)
{
    jw_decode_config cfg = {.fix_errors = fix};
    return jw_modes_decode(&cfg, fr, m);
}

/* Gillham encoder from the definition: 500 ft band index in reflected Gray
 * code over D1 D2 D4 A1 A2 A4 B1 B2 B4, 100 ft step as C1 C2 C4 in the
 * 5-cycle 001 011 010 110 100, reversed in odd bands. Returns the AC13. */
static unsigned gillham_encode(int ft)
{
    int n = (ft + 1200) / 100; /* 0 for -1200 ft */
    int band = n / 5, step = n % 5;
    if (band & 1)
        step = 4 - step;
    static const unsigned cyc[5] = {1, 3, 2, 6, 4};
    unsigned c = cyc[step], g = (unsigned)band ^ ((unsigned)band >> 1);
    unsigned d1 = g >> 8 & 1, d2 = g >> 7 & 1, d4 = g >> 6 & 1, a1 = g >> 5 & 1, a2 = g >> 4 & 1,
             a4 = g >> 3 & 1, b1 = g >> 2 & 1, b2 = g >> 1 & 1, b4 = g & 1;
    unsigned c1 = c >> 2 & 1, c2 = c >> 1 & 1, c4 = c & 1;
    return c1 << 12 | a1 << 11 | c2 << 10 | a2 << 9 | c4 << 8 | a4 << 7 | b1 << 5 | d1 << 4 |
           b2 << 3 | d2 << 2 | b4 << 1 | d4;
}

Test(modes_alt, gillham_every_100ft)
{
    for (int ft = -1200; ft <= 126700; ft += 100) {
        unsigned ac = gillham_encode(ft);
        int32_t got;
        cr_assert_eq(jw_modes_gillham(ac, &got), JW_OK, "%d ft code %04x", ft, ac);
        cr_assert_eq(got, ft, "code %04x", ac);
        if (!(ac & 0x10)) { /* D1 clear: also valid as an AC13 with Q=0 */
            cr_assert_eq(jw_modes_alt_ac13(ac, &got), JW_OK);
            cr_assert_eq(got, ft);
        }
    }
    int32_t x;
    cr_expect_eq(jw_modes_gillham(0x0800, &x), JW_ERANGE, "C bits all zero is no altitude");
}

Test(modes_alt, q_bit_and_edges)
{
    int32_t ft;
    /* Q=1, N=0 is -1000 ft; every 25 ft step up to 50175 ft. */
    for (unsigned n = 0; n < 2048; n++) {
        unsigned ac12 = (n >> 4) << 5 | 1u << 4 | (n & 0xF);
        cr_assert_eq(jw_modes_alt_ac12(ac12, &ft), JW_OK);
        cr_assert_eq(ft, (int32_t)n * 25 - 1000);
    }
    cr_expect_eq(jw_modes_alt_ac12(0, &ft), JW_ERANGE);
    cr_expect_eq(jw_modes_alt_ac13(0, &ft), JW_ERANGE);
    /* Metric (M=1): 12 bits of metres, reported in feet. */
    cr_assert_eq(jw_modes_alt_ac13((100u >> 6) << 7 | 0x40 | (100u & 0x3F), &ft), JW_OK);
    cr_expect_eq(ft, 328);
}

Test(modes_alt, squawk_digits)
{
    /* 7700: A4 A2 A1 (shifts 7 9 11) and B4 B2 B1 (1 3 5) set. */
    cr_expect_eq(jw_modes_squawk(1u << 7 | 1u << 9 | 1u << 11 | 1u << 1 | 1u << 3 | 1u << 5),
                 0x7700);
    cr_expect_eq(jw_modes_squawk(1u << 7 | 1u << 9 | 1u << 11), 0x7000);
    /* D4 D2 D1 and C1 C2 C4 -> 0077. */
    cr_expect_eq(jw_modes_squawk(1u << 0 | 1u << 2 | 1u << 4 | 1u << 12 | 1u << 10 | 1u << 8),
                 0x0077);
}

Test(modes_es, velocity_supersonic_ground)
{
    jw_frame fr = es_frame();
    put(fr.data, 33, 5, 19);
    put(fr.data, 38, 3, 2);    /* subtype 2 */
    put(fr.data, 46, 1, 1);    /* west */
    put(fr.data, 47, 10, 101); /* (101-1)*4 = 400 kt */
    put(fr.data, 58, 10, 301); /* north 1200 kt */
    put(fr.data, 68, 1, 1);    /* baro */
    put(fr.data, 70, 9, 11);   /* up 640 ft/min */
    put(fr.data, 81, 1, 1);    /* GNSS below baro */
    put(fr.data, 82, 7, 5);    /* 100 ft */
    seal(&fr);
    jw_msg m;
    cr_assert_eq(decode(&fr, 0, &m), JW_OK);
    cr_expect_eq(m.subtype, 2);
    cr_expect(fabs(jw_velocity_gs(&m.vel) - sqrt(400.0 * 400 + 1200.0 * 1200)) < 1e-9);
    cr_expect(fabs(jw_velocity_track(&m.vel) - (360 - atan2(400, 1200) * 180 / M_PI)) < 1e-9, "%f",
              jw_velocity_track(&m.vel));
    cr_expect(JW_HAS(&m, JW_F_VRATE) && m.vrate == 640 && !m.vrate_geom);
    cr_expect(JW_HAS(&m, JW_F_GEO_MINUS_BARO) && m.geo_minus_baro == -100);
}

Test(modes_es, velocity_supersonic_airspeed_and_no_info)
{
    jw_frame fr = es_frame();
    put(fr.data, 33, 5, 19);
    put(fr.data, 38, 3, 4);    /* subtype 4 */
    put(fr.data, 46, 1, 0);    /* heading not available */
    put(fr.data, 57, 1, 1);    /* TAS */
    put(fr.data, 58, 10, 251); /* (251-1)*4 = 1000 kt */
    seal(&fr);
    jw_msg m;
    cr_assert_eq(decode(&fr, 0, &m), JW_OK);
    cr_expect(JW_HAS(&m, JW_F_TAS) && m.tas == 1000);
    cr_expect(!JW_HAS(&m, JW_F_HEADING) && !JW_HAS(&m, JW_F_IAS));
    cr_expect(!JW_HAS(&m, JW_F_VRATE) && !JW_HAS(&m, JW_F_GEO_MINUS_BARO));
}

Test(modes_es, tc0_keeps_altitude_and_tc)
{
    jw_frame fr = es_frame();
    put(fr.data, 33, 5, 0);
    put(fr.data, 41, 12, (1400 >> 4) << 5 | 1u << 4 | (1400 & 0xF)); /* N=1400: 34000 ft */
    seal(&fr);
    jw_msg m;
    cr_assert_eq(decode(&fr, 0, &m), JW_OK);
    cr_expect_eq(m.tc, 0);
    cr_expect(JW_HAS(&m, JW_F_ALT_BARO) && m.alt_baro == 34000);
    cr_expect(!JW_HAS(&m, JW_F_CPR));
}

Test(modes_es, tcas_ra_and_reserved_recognised)
{
    const int tcs[] = {23, 24, 25, 26, 27, 30};
    for (size_t i = 0; i < sizeof tcs / sizeof tcs[0]; i++) {
        jw_frame fr = es_frame();
        put(fr.data, 33, 5, (uint32_t)tcs[i]);
        seal(&fr);
        jw_msg m;
        cr_assert_eq(decode(&fr, 0, &m), JW_OK);
        cr_expect_eq(m.tc, tcs[i]);
    }
    jw_frame fr = es_frame();
    put(fr.data, 33, 5, 28);
    put(fr.data, 38, 3, 2);
    seal(&fr);
    jw_msg m;
    cr_assert_eq(decode(&fr, 0, &m), JW_OK);
    cr_expect(m.tc == 28 && m.subtype == 2 && !JW_HAS(&m, JW_F_SQUAWK));
}

Test(modes_es, opstatus_airborne_v2)
{
    jw_frame fr = es_frame();
    put(fr.data, 33, 5, 31);
    put(fr.data, 38, 3, 0);
    put(fr.data, 73, 3, 2); /* version */
    put(fr.data, 76, 1, 1); /* NIC-A */
    put(fr.data, 77, 4, 9); /* NACp */
    put(fr.data, 81, 2, 2); /* GVA */
    put(fr.data, 83, 2, 3); /* SIL */
    put(fr.data, 85, 1, 1); /* NIC-baro */
    put(fr.data, 86, 1, 1); /* HRD */
    put(fr.data, 87, 1, 1); /* SIL supplement */
    seal(&fr);
    jw_msg m;
    cr_assert_eq(decode(&fr, 0, &m), JW_OK);
    cr_expect(m.version == 2 && m.nic_a == 1 && m.nacp == 9 && m.gva == 2 && m.sil == 3 &&
              m.nic_baro == 1 && m.hrd == 1 && m.sil_supp == 1);
    cr_expect(JW_HAS(&m, JW_F_GVA) && !JW_HAS(&m, JW_F_NIC_C));
}

Test(modes_df, df18_control_fields)
{
    /* CF 1: non-ICAO address, ME decoded; CF 3/4/7: other layouts. */
    for (unsigned cf = 0; cf < 8; cf++) {
        jw_frame fr = es_frame();
        put(fr.data, 1, 5, 18);
        put(fr.data, 6, 3, cf);
        put(fr.data, 33, 5, 11);
        put(fr.data, 40, 1, 1); /* ME bit 8: NIC-B, or IMF for CF 2/6 */
        seal(&fr);
        jw_msg m;
        jw_err e = decode(&fr, 0, &m);
        cr_expect_eq(m.df, 18);
        if (cf == 3 || cf == 4 || cf == 7) {
            cr_expect_eq(e, JW_EUNSUPPORTED, "cf %u", cf);
            continue;
        }
        cr_assert_eq(e, JW_OK, "cf %u", cf);
        int imf = cf == 2 || cf == 6;
        cr_expect_eq(m.non_icao, cf == 1 || cf == 5 || imf, "cf %u", cf);
        cr_expect_eq(JW_HAS(&m, JW_F_NIC_B), !imf, "cf %u", cf);
    }
}

Test(modes_df, errors_and_unsupported)
{
    jw_msg m;
    for (unsigned df = 0; df < 32; df++) {
        jw_frame fr = {.kind = JW_FRAME_LONG, .len = 14};
        put(fr.data, 1, 5, df);
        jw_err e = decode(&fr, 0, &m);
        int known = df == 0 || df == 4 || df == 5 || df == 11 || df == 16 || df == 17 || df == 18 ||
                    df == 20 || df == 21;
        cr_expect_eq(m.df, df >= 24 ? 24 : df);
        if (!known)
            cr_expect_eq(e, JW_EUNSUPPORTED, "df %u", df);
        else if (df < 16)
            cr_expect_eq(e, JW_ETRUNC, "df %u in a long frame", df);
    }
    jw_frame ac = {.kind = JW_FRAME_MODEAC, .len = 2, .data = {0x12, 0x34}};
    cr_assert_eq(decode(&ac, 0, &m), JW_OK);
    cr_expect(m.df == 32 && JW_HAS(&m, JW_F_MODEAC) && m.modeac == 0x1234);
    cr_expect_eq(m.addr_src, JW_ADDR_NONE);
    cr_expect_eq(jw_modes_decode(NULL, &ac, &m), JW_EINVAL);
}

Test(modes_df, df11_interrogator_code)
{
    jw_frame fr = {.kind = JW_FRAME_SHORT, .len = 7};
    tu_hex("5D484FDEA248F5", fr.data, 7); /* pyModeS test_allcall.py */
    jw_msg m;
    cr_assert_eq(decode(&fr, 0, &m), JW_OK);
    cr_expect(m.addr == 0x484FDE && m.ca == 5 && m.airground == JW_AG_AIRBORNE);
    fr.data[6] ^= 0x80; /* outside the 7 low bits: a real error */
    cr_expect_eq(decode(&fr, 0, &m), JW_ECRC);
}

Test(modes_crc, syndrome_table_is_current)
{
    for (int i = 0; i < 112; i++) {
        uint8_t f[14] = {0};
        f[i / 8] = (uint8_t)(0x80 >> (i % 8));
        uint32_t parity = (uint32_t)f[11] << 16 | (uint32_t)f[12] << 8 | f[13];
        cr_expect_eq(jw_syndrome112[i], jw_modes_crc(f, 112) ^ parity, "bit %d", i + 1);
    }
}

/* Bit-by-bit CRC from the definition, against the table-driven one. */
Test(modes_crc, matches_bitwise_definition)
{
    uint32_t seed = 12345;
    for (int t = 0; t < 2000; t++) {
        uint8_t f[14];
        for (int i = 0; i < 14; i++) {
            seed = seed * 1103515245u + 12345u;
            f[i] = (uint8_t)(seed >> 16);
        }
        int bits = (t & 1) ? 112 : 56;
        uint32_t crc = 0;
        for (int i = 0; i < bits - 24; i++) {
            int in = (f[i / 8] >> (7 - i % 8)) & 1, top = (crc >> 23) & 1;
            crc = (crc << 1) & 0xFFFFFF;
            if (top ^ in)
                crc ^= 0xFFF409;
        }
        cr_assert_eq(jw_modes_crc(f, bits), crc);
    }
}

Test(modes_fix, every_single_bit_error_corrected)
{
    jw_frame good = {.kind = JW_FRAME_LONG, .len = 14};
    tu_hex("8D406B902015A678D4D220AA4BDA", good.data, 14);
    jw_msg ref, m;
    cr_assert_eq(decode(&good, 0, &ref), JW_OK);
    for (int i = 5; i < 112; i++) {
        jw_frame bad = good;
        bad.data[i / 8] ^= (uint8_t)(0x80 >> (i % 8));
        cr_expect_eq(decode(&bad, 0, &m), JW_ECRC, "bit %d without fix", i + 1);
        cr_assert_eq(decode(&bad, 1, &m), JW_OK, "bit %d", i + 1);
        cr_expect(m.corrected == 1 && m.addr == ref.addr && !strcmp(m.callsign, ref.callsign));
    }
    /* Two bit errors are not corrected. */
    jw_frame two = good;
    two.data[5] ^= 0x11;
    cr_expect_eq(decode(&two, 1, &m), JW_ECRC);
}

/* The decoder computes the track without libm's atan2 (modes_es.c): compare
 * with atan2 over every east/north component pair a subsonic velocity
 * message can carry (0..1022 kt each way) in all four quadrants. */
Test(modes_es, track_matches_atan2_exhaustively)
{
    double worst = 0;
    for (unsigned ew = 1; ew <= 1023; ew++) {
        for (unsigned ns = 1; ns <= 1023; ns += (ew % 4 == 0) ? 1 : 7) {
            for (int q = 0; q < 4; q++) {
                jw_frame fr = es_frame();
                put(fr.data, 33, 5, 19);
                put(fr.data, 38, 3, 1);
                put(fr.data, 46, 1, q & 1);
                put(fr.data, 47, 10, ew);
                put(fr.data, 57, 1, q >> 1);
                put(fr.data, 58, 10, ns);
                seal(&fr);
                jw_msg m;
                cr_assert_eq(decode(&fr, 0, &m), JW_OK);
                if (ew == 1 && ns == 1) { /* standing still: no track */
                    cr_expect(JW_HAS(&m, JW_F_GS) && jw_velocity_gs(&m.vel) == 0 &&
                              !JW_HAS(&m, JW_F_TRACK));
                    continue;
                }
                double ve = (q & 1) ? -(double)(ew - 1) : (double)(ew - 1);
                double vn = (q >> 1) ? -(double)(ns - 1) : (double)(ns - 1);
                double want = atan2(ve, vn) * 180.0 / M_PI;
                if (want < 0)
                    want += 360.0;
                double d = fabs(jw_velocity_track(&m.vel) - want);
                if (d > 180)
                    d = 360 - d; /* 0 and 360 are one track */
                worst = d > worst ? d : worst;
                cr_assert(jw_velocity_track(&m.vel) >= 0 && jw_velocity_track(&m.vel) < 360,
                          "track %f", jw_velocity_track(&m.vel));
            }
        }
    }
    cr_expect_lt(worst, 1e-9, "worst track difference %g degrees", worst);
}

/* DF0 and DF16 carry the address only in the parity (AP = CRC ^ address). */
Test(modes_df, df0_df16_address_parity)
{
    const unsigned dfs[2] = {0, 16};
    for (int i = 0; i < 2; i++) {
        jw_frame fr = {.kind = dfs[i] ? JW_FRAME_LONG : JW_FRAME_SHORT, .len = dfs[i] ? 14 : 7};
        put(fr.data, 1, 5, dfs[i]);
        put(fr.data, 6, 1, 1);                                /* VS: on the ground */
        put(fr.data, 20, 13, (40u >> 5) << 7 | 1u << 4 | 8u); /* Q=1, N=40: 0 ft */
        int bits = fr.len * 8;
        put(fr.data, bits - 23, 24, jw_modes_crc(fr.data, bits) ^ 0x3C6DD0u);
        jw_msg m;
        cr_assert_eq(decode(&fr, 0, &m), JW_OK, "df %u", dfs[i]);
        cr_expect(m.df == dfs[i] && m.addr == 0x3C6DD0 && m.addr_src == JW_ADDR_PARITY);
        cr_expect(m.airground == JW_AG_GROUND && JW_HAS(&m, JW_F_AIRGROUND));
        cr_expect(JW_HAS(&m, JW_F_ALT_BARO) && m.alt_baro == 0, "alt %d", m.alt_baro);
    }
    /* A DF17 in a short frame is truncated. */
    jw_frame shortes = {.kind = JW_FRAME_SHORT, .len = 7};
    put(shortes.data, 1, 5, 17);
    jw_msg m;
    cr_expect_eq(decode(&shortes, 0, &m), JW_ETRUNC);
    cr_expect_eq(m.df, 17);
}
