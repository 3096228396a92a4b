/*
 * test_integrity.c - NIC/Rc for every row of the REFERENCE.md section 2
 * table (DO-260B / ICAO Doc 9871 Table C-2) across versions and supplements,
 * NACp bounds, and the version-0 derivations (Doc 9871 Tables C-43, C-44),
 * checked also against what readsb 3.14 printed for the version-0 aircraft
 * of sample_data_adsb.csv (peers/readsb_verbose_adsb2k.txt).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/integrity.h"
#include "jamwatch/modes.h"
#include "testutil.h"

#define NM 1852.0

typedef struct nic_case {
    int tc, version, a, b, c;
    int nic;
    double rc;
} nic_case;

/* One line per table cell. Where REFERENCE.md and the standard differ (TC 8,
 * A0 C1: 926 m listed, Doc 9871 says Rc < 0.6 NM) the standard is used. */
static const nic_case cases[] = {
    /* TC 5, 9, 20: NIC 11, 7.5 m; TC 6, 10, 21: NIC 10, 25 m; any version */
    {5, 2, 0, 0, 0, 11, 7.5},
    {9, 2, 1, 1, 0, 11, 7.5},
    {20, 0, 0, 0, 0, 11, 7.5},
    {6, 1, 1, 0, 0, 10, 25},
    {10, 2, 0, 1, 0, 10, 25},
    {21, 2, 0, 0, 0, 10, 25},
    /* TC 7: v2 A1 C0 or v1 A1 -> 9 (75 m); else 8 (0.1 NM) */
    {7, 2, 1, 0, 0, 9, 75},
    {7, 2, 1, 0, 1, 8, 0.1 * NM},
    {7, 2, 0, 0, 0, 8, 0.1 * NM},
    {7, 1, 1, 0, 0, 9, 75},
    {7, 1, 0, 0, 1, 8, 0.1 * NM},
    {7, 0, 1, 0, 0, 8, 0.1 * NM},
    /* TC 8: v2 A1C1 7 (0.2 NM), A1C0 6 (0.3 NM), A0C1 6 (0.6 NM), else 0 */
    {8, 2, 1, 0, 1, 7, 0.2 * NM},
    {8, 2, 1, 0, 0, 6, 0.3 * NM},
    {8, 2, 0, 0, 1, 6, 0.6 * NM},
    {8, 2, 0, 0, 0, 0, 0},
    {8, 1, 1, 0, 1, 0, 0},
    {8, 0, 0, 0, 0, 0, 0},
    /* TC 11: v2 A1B1 or v1 A1 -> 9 (75 m); else 8 (0.1 NM) */
    {11, 2, 1, 1, 0, 9, 75},
    {11, 2, 1, 0, 0, 8, 0.1 * NM},
    {11, 2, 0, 1, 0, 8, 0.1 * NM},
    {11, 1, 1, 0, 0, 9, 75},
    {11, 1, 0, 1, 0, 8, 0.1 * NM},
    {11, 0, 1, 1, 0, 8, 0.1 * NM},
    /* TC 12: 7, 0.2 NM */
    {12, 2, 1, 1, 1, 7, 0.2 * NM},
    {12, 0, 0, 0, 0, 7, 0.2 * NM},
    /* TC 13: 6; v2 A0B1 0.3 NM, A0B0 0.5 NM, A1B1 0.6 NM */
    {13, 2, 0, 1, 0, 6, 0.3 * NM},
    {13, 2, 0, 0, 0, 6, 0.5 * NM},
    {13, 2, 1, 1, 0, 6, 0.6 * NM},
    {13, 1, 1, 0, 0, 6, 0.6 * NM},
    {13, 1, 0, 1, 0, 6, 0.5 * NM},
    {13, 0, 1, 1, 0, 6, 0.5 * NM},
    /* TC 14: 5, 1 NM; TC 15: 4, 2 NM */
    {14, 2, 1, 1, 0, 5, NM},
    {15, 1, 1, 0, 0, 4, 2 * NM},
    /* TC 16: 3 if A1B1 (4 NM) else 2 (8 NM); v1 A1 */
    {16, 2, 1, 1, 0, 3, 4 * NM},
    {16, 2, 1, 0, 0, 2, 8 * NM},
    {16, 2, 0, 1, 0, 2, 8 * NM},
    {16, 1, 1, 0, 0, 3, 4 * NM},
    {16, 0, 1, 1, 0, 2, 8 * NM},
    /* TC 17: 1, 20 NM; TC 18, 22, 0: 0, unknown */
    {17, 2, 1, 1, 1, 1, 20 * NM},
    {18, 2, 1, 1, 1, 0, 0},
    {22, 2, 0, 0, 0, 0, 0},
    {0, 2, 1, 1, 1, 0, 0},
};

Test(integrity, nic_rc_every_table_row)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const nic_case *c = &cases[i];
        jw_nic_rc r;
        cr_assert_eq(jw_nic_from_tc(c->tc, c->version, c->a, c->b, c->c, &r), JW_OK);
        cr_expect(r.nic == c->nic && fabs(r.rc - c->rc) < 1e-9,
                  "TC%d v%d A%d B%d C%d: got NIC %d Rc %.1f, want NIC %d Rc %.1f", c->tc,
                  c->version, c->a, c->b, c->c, r.nic, r.rc, c->nic, c->rc);
    }
}

Test(integrity, nic_rejects_non_positions)
{
    jw_nic_rc r;
    const int bad[] = {1, 4, 19, 23, 28, 31, -1, 32};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_eq(jw_nic_from_tc(bad[i], 2, 0, 0, 0, &r), JW_EINVAL, "tc %d", bad[i]);
    cr_expect_eq(jw_nic_from_tc(11, 2, 0, 0, 0, NULL), JW_EINVAL);
}

Test(integrity, pair_takes_lower_nic)
{
    jw_nic_rc a = {8, 185.2}, b = {9, 75}, u = {0, 0}, c = {6, 926}, d = {6, 1111.2};
    cr_expect_eq(jw_nic_pair(a, b).nic, 8);
    cr_expect_eq(jw_nic_pair(b, a).nic, 8);
    cr_expect_eq(jw_nic_pair(a, u).nic, 0);
    cr_expect_eq(jw_nic_pair(c, d).rc, 1111.2);
    cr_expect_eq(jw_nic_pair(d, c).rc, 1111.2);
}

Test(integrity, nacp_bounds)
{
    const double want[12] = {0, 18520, 7408, 3704, 1852, 926, 555.6, 185.2, 92.6, 30, 10, 3};
    for (int n = 0; n < 12; n++) {
        double m;
        cr_assert_eq(jw_nacp_bound_m(n, &m), JW_OK);
        cr_expect(fabs(m - want[n]) < 1e-9, "NACp %d: %f", n, m);
    }
    double m;
    cr_expect_eq(jw_nacp_bound_m(12, &m), JW_ERANGE);
    cr_expect_eq(jw_nacp_bound_m(-1, &m), JW_ERANGE);
}

/* Doc 9871 Table C-43 (NACp) and C-44 (SIL) for version 0, with the NUCp
 * of each type code (DO-260 2.2.3.2.3.1). */
Test(integrity, version0_tables)
{
    static const struct {
        int tc, nucp, nacp, sil;
    } rows[] = {{0, 0, 0, 0},   {5, 9, 11, 2},  {6, 8, 10, 2}, {7, 7, 8, 2},  {8, 6, 0, 2},
                {9, 9, 11, 2},  {10, 8, 10, 2}, {11, 7, 8, 2}, {12, 6, 7, 2}, {13, 5, 6, 2},
                {14, 4, 5, 2},  {15, 3, 4, 2},  {16, 2, 1, 2}, {17, 1, 1, 2}, {18, 0, 0, 0},
                {20, 9, 11, 2}, {21, 8, 10, 2}, {22, 0, 0, 0}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int nucp, nacp, sil;
        cr_assert_eq(jw_v0_nucp(rows[i].tc, &nucp), JW_OK);
        cr_assert_eq(jw_v0_nacp(rows[i].tc, &nacp), JW_OK);
        cr_assert_eq(jw_v0_sil(rows[i].tc, &sil), JW_OK);
        cr_expect(nucp == rows[i].nucp && nacp == rows[i].nacp && sil == rows[i].sil,
                  "TC%d: NUCp %d NACp %d SIL %d", rows[i].tc, nucp, nacp, sil);
    }
    int x;
    cr_expect_eq(jw_v0_nacp(19, &x), JW_EINVAL);
}

/* readsb prints NIC, Rc, NACp and SIL for each position of the version-0
 * aircraft 406B90 (no TC31 seen); our derivation must give the same. */
Test(integrity, version0_matches_readsb)
{
    TU_DATA_OR_SKIP(path, "modes/peers/readsb_verbose_adsb2k.txt");
    char *text = tu_read_file(path, NULL);
    cr_assert(text);
    int checked = 0;
    for (char *p = strstr(text, "\n*8d"); p; p = strstr(p + 1, "\n*8d")) {
        char hex[29];
        memcpy(hex, p + 2, 28);
        hex[28] = '\0';
        char *next = strstr(p + 1, "\n*");
        char *nic = strstr(p, "  NIC:"), *rc = strstr(p, "  Rc:"), *nacp = strstr(p, "  NACp:"),
             *sil = strstr(p, "  SIL:");
        if (!nic || (next && nic > next) || !rc || !nacp || !sil)
            continue;
        jw_frame f = {.kind = JW_FRAME_LONG, .len = 14};
        tu_hex(hex, f.data, sizeof f.data);
        jw_decode_config cfg = {0};
        jw_msg m;
        cr_assert_eq(jw_modes_decode(&cfg, &f, &m), JW_OK, "%s", hex);
        jw_nic_rc r;
        cr_assert_eq(jw_nic_from_tc(m.tc, 0, 0, m.nic_b, 0, &r), JW_OK);
        int n0, s0;
        jw_v0_nacp(m.tc, &n0);
        jw_v0_sil(m.tc, &s0);
        cr_expect_eq(r.nic, strtol(nic + 6, NULL, 10), "%s NIC", hex);
        /* readsb keeps Rc in whole metres rounded up (186 for 185.2 m). */
        cr_expect(fabs(r.rc / 1000 - strtod(rc + 5, NULL)) <= 0.001, "%s Rc", hex);
        cr_expect_eq(n0, strtol(nacp + 7, NULL, 10), "%s NACp", hex);
        cr_expect_eq(s0, strtol(sil + 6, NULL, 10), "%s SIL", hex);
        checked++;
    }
    cr_expect_gt(checked, 900, "only %d readsb positions compared", checked);
    free(text);
    free(path);
}
