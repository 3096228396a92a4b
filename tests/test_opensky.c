/*
 * test_opensky.c - the OpenSky state-vector reader: units, stale positions,
 * frozen rows, malformed rows (the THY9BP recording is in test_thy9bp.c).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/opensky.h"

static jw_err line(jw_opensky *r, const char *s, jw_msg *m, bool *has)
{
    return jw_opensky_line(r, s, strlen(s), m, has);
}

Test(opensky, row_units_and_frozen_rows)
{
    jw_opensky *r;
    cr_assert_eq(jw_opensky_open(&r), JW_OK);
    jw_msg m;
    bool has;
    const char *hdr = "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,"
                      "spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact";
    cr_assert_eq(line(r, hdr, &m, &has), JW_OK);
    cr_assert(!has);
    const char *row = "1726560266,4baac6,41.379684,28.767639,119.865,334.093,6.177,THY9BP,False,"
                      "False,False,,1272.54,,1726560263.061,";
    cr_assert_eq(line(r, row, &m, &has), JW_OK);
    cr_assert(has);
    cr_assert_eq(m.addr, 0x4baac6);
    cr_assert(JW_HAS(&m, JW_F_POS));
    cr_assert_float_eq(jw_velocity_gs(&m.vel), 119.865 / 0.514444, 1e-6);
    cr_assert_eq(m.alt_baro, 4175); /* 1272.54 m */
    cr_assert_str_eq(m.callsign, "THY9BP");
    /* the same values with new timestamps: frozen, no message */
    const char *frozen = "1726560267,4baac6,41.379684,28.767639,119.865,334.093,6.177,THY9BP,"
                         "False,False,False,,1272.54,,1726560263.061,";
    cr_assert_eq(line(r, frozen, &m, &has), JW_OK);
    cr_assert(!has);
    /* a stale position is left out */
    const char *stale = "1726560300,4baac6,41.4,28.7,120,334,0,THY9BP,False,False,False,,1300,,"
                        "1726560263.061,";
    cr_assert_eq(line(r, stale, &m, &has), JW_OK);
    cr_assert(has && !JW_HAS(&m, JW_F_POS));
    cr_assert_eq(line(r, "1,2,3", &m, &has), JW_EPARSE);
    cr_assert_eq(line(r, "x,4baac6,1,2,3,4,5,A,False,False,False,,1,,1,", &m, &has), JW_EPARSE);
    jw_opensky_close(r);
}
