/*
 * fuzz_modes.c - libFuzzer target for jw_modes_decode().
 *
 * The first input byte picks the frame kind (Mode A/C, short, long) and
 * whether error correction is on; the rest are the frame bytes. Asserted
 * invariants: a known error code; fields without their presence bit are
 * zero; decoded values lie in their ranges; a CPR position, decoded locally
 * and globally (paired with itself flipped), gives a latitude in [-90, 90]
 * and a longitude in [-180, 180).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/cpr.h"
#include "jamwatch/modes.h"

#define CHECK(c)     \
    do {             \
        if (!(c))    \
            abort(); \
    } while (0)

static void check_pos(jw_err e, const jw_latlon *p)
{
    CHECK(e == JW_OK || e == JW_ECPR);
    if (e == JW_OK)
        CHECK(p->lat >= -90 && p->lat <= 90 && p->lon >= -180 && p->lon < 180);
}

static void check_cpr(const jw_msg *m)
{
    CHECK(m->cpr_lat < 131072 && m->cpr_lon < 131072 && m->cpr_odd <= 1);
    jw_latlon ref = {m->alt_baro % 90, (m->cpr_lat % 360) - 180.0}, p;
    check_pos(jw_cpr_local(m->cpr_lat, m->cpr_lon, m->cpr_odd, m->cpr_surface, &ref, &p), &p);
    jw_cpr_pair pair = {m->cpr_lat, m->cpr_lon, m->cpr_lon, m->cpr_lat, m->cpr_odd};
    if (m->cpr_surface)
        check_pos(jw_cpr_global_surface(&pair, &ref, &p), &p);
    else
        check_pos(jw_cpr_global_airborne(&pair, &p), &p);
}

static void check_msg(const jw_msg *m)
{
    CHECK(m->has < (UINT64_C(1) << JW_F_COUNT));
    CHECK(m->tc < 32 && m->addr <= 0xFFFFFF && m->addr_src <= JW_ADDR_NONE);
    CHECK(memchr(m->callsign, '\0', sizeof m->callsign) != NULL);
    if (!JW_HAS(m, JW_F_ALT_BARO))
        CHECK(m->alt_baro == 0);
    if (!JW_HAS(m, JW_F_GS))
        CHECK(jw_velocity_gs(&m->vel) == 0);
    else
        CHECK(jw_velocity_gs(&m->vel) >= 0 && jw_velocity_gs(&m->vel) < 6000);
    if (JW_HAS(m, JW_F_TRACK))
        CHECK(jw_velocity_track(&m->vel) >= 0 && jw_velocity_track(&m->vel) < 360);
    else
        CHECK(jw_velocity_track(&m->vel) == 0);
    if (JW_HAS(m, JW_F_HEADING))
        CHECK(m->heading >= 0 && m->heading < 360);
    if (!JW_HAS(m, JW_F_CALLSIGN))
        CHECK(m->callsign[0] == '\0');
    if (!JW_HAS(m, JW_F_SQUAWK))
        CHECK(m->squawk == 0);
    if (JW_HAS(m, JW_F_NACP))
        CHECK(m->nacp < 16);
    if (JW_HAS(m, JW_F_CPR))
        check_cpr(m);
    else
        CHECK(m->cpr_lat == 0 && m->cpr_lon == 0);
    CHECK(!JW_HAS(m, JW_F_POS) && !JW_HAS(m, JW_F_NIC));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const uint8_t kinds[3] = {JW_FRAME_MODEAC, JW_FRAME_SHORT, JW_FRAME_LONG};
    jw_frame f = {0};
    f.kind = kinds[data[0] % 3];
    jw_decode_config cfg = {.fix_errors = (data[0] >> 2) & 1};
    size_t n = size - 1 > JW_FRAME_MAX ? JW_FRAME_MAX : size - 1;
    memcpy(f.data, data + 1, n);
    /* Mostly the length the kind implies, sometimes whatever came in. */
    f.len = (data[0] & 0x80) ? (uint8_t)n
                             : (uint8_t)(f.kind == JW_FRAME_MODEAC  ? 2
                                         : f.kind == JW_FRAME_SHORT ? 7
                                                                    : 14);
    jw_msg m;
    jw_err e = jw_modes_decode(&cfg, &f, &m);
    CHECK(e == JW_OK || e == JW_ECRC || e == JW_ETRUNC || e == JW_EUNSUPPORTED);
    if (e == JW_OK)
        check_msg(&m);
    return 0;
}
