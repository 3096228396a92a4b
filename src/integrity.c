/*
 * integrity.c - NIC/Rc, NACp bounds and version-0 derivations (see
 * integrity.h and docs/decoder.md).
 *
 * NIC/Rc follow REFERENCE.md section 2 and DO-260B (ICAO Doc 9871 Table
 * C-2), with one difference: for TC 8 with NIC-A 0 and NIC-C 1 the standard
 * gives Rc < 0.6 NM (1111.2 m), where REFERENCE.md lists 926 m; the
 * standard wins.
 */
#include <stddef.h>

#include "jamwatch/integrity.h"

#define NM 1852.0

/* Per type code: the NIC and Rc when no supplement raises them, the
 * version-0 NUCp, NACp (Doc 9871 Table C-43) and SIL (Table C-44).
 * pos = 0 marks the type codes that are not positions. */
static const struct tc_row {
    uint8_t pos, nic;
    double rc;
    uint8_t nucp, nacp0, sil0;
} tc_rows[23] = {
    [0] = {1, 0, 0, 0, 0, 0},         [5] = {1, 11, 7.5, 9, 11, 2},
    [6] = {1, 10, 25, 8, 10, 2},      [7] = {1, 8, 0.1 * NM, 7, 8, 2},
    [8] = {1, 0, 0, 6, 0, 2},         [9] = {1, 11, 7.5, 9, 11, 2},
    [10] = {1, 10, 25, 8, 10, 2},     [11] = {1, 8, 0.1 * NM, 7, 8, 2},
    [12] = {1, 7, 0.2 * NM, 6, 7, 2}, [13] = {1, 6, 0.5 * NM, 5, 6, 2},
    [14] = {1, 5, 1 * NM, 4, 5, 2},   [15] = {1, 4, 2 * NM, 3, 4, 2},
    [16] = {1, 2, 8 * NM, 2, 1, 2},   [17] = {1, 1, 20 * NM, 1, 1, 2},
    [18] = {1, 0, 0, 0, 0, 0},        [20] = {1, 11, 7.5, 9, 11, 2},
    [21] = {1, 10, 25, 8, 10, 2},     [22] = {1, 0, 0, 0, 0, 0},
};

static const struct tc_row *row(int tc)
{
    if (tc < 0 || tc >= (int)(sizeof tc_rows / sizeof tc_rows[0]) || !tc_rows[tc].pos)
        return NULL;
    return &tc_rows[tc];
}

static jw_nic_rc nic(uint8_t n, double rc)
{
    jw_nic_rc r = {n, rc};
    return r;
}

/* The type codes whose NIC depends on the supplements. a, b, c are the
 * supplements already reduced to what the version defines. */
static jw_nic_rc with_supplements(int tc, int version, int a, int b, int c, jw_nic_rc base)
{
    switch (tc) {
    case 7: /* v2: A1 C0; v1: A1 */
        return (version == 2 ? a && !c : a) ? nic(9, 75) : base;
    case 8: /* v2 only */
        if (version != 2)
            return base;
        if (a && c)
            return nic(7, 0.2 * NM);
        if (a)
            return nic(6, 0.3 * NM);
        if (c)
            return nic(6, 0.6 * NM);
        return base;
    case 11: /* v2: A1 B1; v1: A1 */
        return (version == 2 ? a && b : a) ? nic(9, 75) : base;
    case 13: /* v2: A0B1 0.3 NM, A0B0 0.5 NM, A1B1 0.6 NM; v1: A1 0.6 NM */
        if (version == 2 && !a && b)
            return nic(6, 0.3 * NM);
        return a ? nic(6, 0.6 * NM) : base;
    case 16: /* v2: A1 B1; v1: A1 */
        return (version == 2 ? a && b : a) ? nic(3, 4 * NM) : base;
    default:
        return base;
    }
}

jw_err jw_nic_from_tc(int tc, int version, int nic_a, int nic_b, int nic_c, jw_nic_rc *out)
{
    const struct tc_row *r = row(tc);
    if (!out || !r || version < 0)
        return JW_EINVAL;
    /* Version 0 has no supplements, version 1 only A; later versions are
     * read as version 2, the newest this decoder knows. */
    int a = version >= 1 && nic_a;
    int b = version >= 2 && nic_b;
    int c = version >= 2 && nic_c;
    if (!(a | b | c)) { /* no supplement raises any type code's NIC */
        *out = nic(r->nic, r->rc);
        return JW_OK;
    }
    *out = with_supplements(tc, version >= 2 ? 2 : version, a, b, c, nic(r->nic, r->rc));
    return JW_OK;
}

jw_nic_rc jw_nic_pair(jw_nic_rc a, jw_nic_rc b)
{
    if (a.nic != b.nic)
        return a.nic < b.nic ? a : b;
    if (a.rc == 0 || b.rc == 0)
        return a.rc == 0 ? a : b;
    return a.rc >= b.rc ? a : b;
}

jw_err jw_nacp_bound_m(int nacp, double *out_m)
{
    static const double bound[12] = {0,        10 * NM,  4 * NM,    2 * NM, 1 * NM, 0.5 * NM,
                                     0.3 * NM, 0.1 * NM, 0.05 * NM, 30,     10,     3};
    if (!out_m)
        return JW_EINVAL;
    if (nacp < 0 || nacp > 11)
        return JW_ERANGE;
    *out_m = bound[nacp];
    return JW_OK;
}

jw_err jw_v0_nucp(int tc, int *out)
{
    const struct tc_row *r = row(tc);
    if (!out || !r)
        return JW_EINVAL;
    *out = r->nucp;
    return JW_OK;
}

jw_err jw_v0_nacp(int tc, int *out)
{
    const struct tc_row *r = row(tc);
    if (!out || !r)
        return JW_EINVAL;
    *out = r->nacp0;
    return JW_OK;
}

jw_err jw_v0_sil(int tc, int *out)
{
    const struct tc_row *r = row(tc);
    if (!out || !r)
        return JW_EINVAL;
    *out = r->sil0;
    return JW_OK;
}
