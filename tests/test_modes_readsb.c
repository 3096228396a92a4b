/*
 * test_modes_readsb.c - every message of sample_data_adsb.csv against what
 * readsb 3.14 printed for it in verbose mode
 * (../shared/data/modes/peers/readsb_verbose_adsb2k.txt): address,
 * air/ground, identification and category, barometric altitude, CPR odd
 * flag and raw values, NIC-B, ground speed, track, geometric vertical rate,
 * GNSS-minus-baro and NACv. readsb prints speed and track to 0.1, so they
 * are compared at +-0.05.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/modes.h"
#include "testutil.h"

/* Value after "label" within [p, end), or NULL. */
static const char *after(const char *p, const char *end, const char *label)
{
    const char *q = strstr(p, label);
    return q && (!end || q < end) ? q + strlen(label) : NULL;
}

static int compare_one(const char *p, const char *end, const jw_msg *m, const char *hex)
{
    int n = 0;
    const char *v;
    if ((v = after(p, end, "ICAO Address:"))) {
        cr_expect_eq(m->addr, (uint32_t)strtoul(v, NULL, 16), "%s addr", hex);
        n++;
    }
    if ((v = after(p, end, "Air/Ground:"))) {
        int air = strncmp(v + strspn(v, " "), "airborne", 8) == 0;
        cr_expect_eq(m->airground, air ? JW_AG_AIRBORNE : JW_AG_GROUND, "%s a/g", hex);
        n++;
    }
    if ((v = after(p, end, "Ident:"))) {
        v += strspn(v, " ");
        size_t len = strcspn(v, " \n");
        cr_expect(strlen(m->callsign) == len && !strncmp(m->callsign, v, len), "%s ident", hex);
        n++;
    }
    if ((v = after(p, end, "Category:"))) {
        v += strspn(v, " ");
        unsigned want = (unsigned)(v[0] - 'A' + 0xA) << 4 | (unsigned)(v[1] - '0');
        cr_expect_eq(m->category, want, "%s category", hex);
        n++;
    }
    if ((v = after(p, end, "Baro altitude:"))) {
        cr_expect_eq(m->alt_baro, strtol(v, NULL, 10), "%s alt", hex);
        n++;
    }
    if ((v = after(p, end, "CPR odd flag:"))) {
        cr_expect_eq(m->cpr_odd, strstr(v, "odd") < strchr(v, '\n'), "%s odd", hex);
        n++;
    }
    if ((v = after(p, end, "CPR latitude:"))) {
        cr_expect_eq(m->cpr_lat, strtoul(strchr(v, '(') + 1, NULL, 10), "%s cpr lat", hex);
        n++;
    }
    if ((v = after(p, end, "CPR longitude:"))) {
        cr_expect_eq(m->cpr_lon, strtoul(strchr(v, '(') + 1, NULL, 10), "%s cpr lon", hex);
        n++;
    }
    if ((v = after(p, end, "NIC-B:"))) {
        cr_expect_eq(m->nic_b, strtol(v, NULL, 10), "%s nic_b", hex);
        n++;
    }
    if ((v = after(p, end, "Groundspeed:"))) {
        cr_expect(fabs(jw_velocity_gs(&m->vel) - strtod(v, NULL)) <= 0.05 + 1e-9, "%s gs %f", hex,
                  jw_velocity_gs(&m->vel));
        n++;
    }
    if ((v = after(p, end, "Ground track"))) {
        cr_expect(fabs(jw_velocity_track(&m->vel) - strtod(v, NULL)) <= 0.05 + 1e-9, "%s trk %f",
                  hex, jw_velocity_track(&m->vel));
        n++;
    }
    if ((v = after(p, end, "Geom rate:"))) {
        cr_expect(JW_HAS(m, JW_F_VRATE) && m->vrate_geom && m->vrate == strtol(v, NULL, 10),
                  "%s vrate", hex);
        n++;
    }
    if ((v = after(p, end, "Geom - baro:"))) {
        cr_expect_eq(m->geo_minus_baro, strtol(v, NULL, 10), "%s geo-baro", hex);
        n++;
    }
    if ((v = after(p, end, "NACv:"))) {
        cr_expect_eq(m->nacv, strtol(v, NULL, 10), "%s nacv", hex);
        n++;
    }
    return n;
}

Test(modes_readsb, sample_adsb_field_by_field)
{
    TU_DATA_OR_SKIP(path, "modes/peers/readsb_verbose_adsb2k.txt");
    char *text = tu_read_file(path, NULL);
    cr_assert(text);
    int msgs = 0, fields = 0;
    for (char *p = strstr(text, "*8d"); p; p = strstr(p + 1, "\n*8d")) {
        if (*p == '\n')
            p++;
        char hex[29];
        memcpy(hex, p + 1, 28);
        hex[28] = '\0';
        const char *end = strstr(p + 1, "\n*");
        jw_frame f = {.kind = JW_FRAME_LONG, .len = 14};
        cr_assert_eq(tu_hex(hex, f.data, sizeof f.data), 14);
        jw_decode_config cfg = {0};
        jw_msg m;
        cr_assert_eq(jw_modes_decode(&cfg, &f, &m), JW_OK, "%s", hex);
        fields += compare_one(p, end, &m, hex);
        msgs++;
    }
    cr_expect_eq(msgs, 2000);
    cr_log_info("readsb: %d messages, %d fields compared", msgs, fields);
    free(text);
    free(path);
}
