/*
 * test_locate_io.c - one row of locate_obs.csv (locate.h): what is written
 * reads back to the same observation, bit for bit, and a row that is not
 * one is refused whole.
 */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "jamwatch/locate.h"

Test(locate_io, rows_read_back_bit_for_bit)
{
    uint64_t s = 11;
    for (int i = 0; i < 5000; i++) {
        jw_locate_obs o = {.lat = -90 + 180 * tu_rand(&s),
                           .lon = -180 + 360 * tu_rand(&s),
                           .alt_m = -50 + 14000 * tu_rand(&s),
                           .time = 1.7e9 + 1e5 * tu_rand(&s),
                           .affected = (uint8_t)(tu_rand(&s) < 0.5),
                           .weight = (float)tu_rand(&s),
                           .band = (uint8_t)(tu_rand(&s) < 0.5),
                           .target = i % 3 ? (uint32_t)(tu_rand(&s) * 4294967295.0) : 0};
        uint64_t id = i % 5 ? (uint64_t)i : UINT64_MAX, id2;
        int kind = i & 1, kind2;
        char row[256];
        int len = jw_locate_obs_format(row, sizeof row, id, kind, &o);
        cr_assert(len > 0 && len < (int)sizeof row, "row %d too long: %d", i, len);
        jw_locate_obs b;
        cr_assert_eq(jw_locate_obs_parse(row, &id2, &kind2, &b), JW_OK, "row %d: %s", i, row);
        cr_expect(id2 == id && kind2 == kind, "row %d: id/kind: %s", i, row);
        cr_expect(b.lat == o.lat && b.lon == o.lon && b.alt_m == o.alt_m && b.time == o.time,
                  "row %d: numbers: %s", i, row);
        cr_expect(b.weight == o.weight && b.affected == o.affected && b.band == o.band &&
                      b.target == o.target,
                  "row %d: fields: %s", i, row);
    }
}

Test(locate_io, a_line_end_is_allowed)
{
    static const char *rows[] = {"7,jamming,38.0,126.5,10000,1.5,1,0.8,0,4DE76B\n",
                                 "7,jamming,38.0,126.5,10000,1.5,1,0.8,0,4DE76B\r\n",
                                 "7,jamming,38.0,126.5,10000,1.5,1,0.8,0,4DE76B"};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        uint64_t id;
        int kind;
        jw_locate_obs o;
        cr_assert_eq(jw_locate_obs_parse(rows[i], &id, &kind, &o), JW_OK, "%s", rows[i]);
        cr_expect(id == 7 && kind == JW_EVENT_JAMMING && o.target == 0x4DE76B && o.affected == 1 &&
                  o.band == 0 && o.weight == 0.8f && o.lat == 38.0 && o.time == 1.5);
    }
}

Test(locate_io, bad_rows_are_refused_whole)
{
    static const char *rows[] = {
        "",
        "\n",
        "event_id,kind,lat,lon,alt_m,time,affected,weight,band,target",
        "7,jamming,38.0,126.5,10000,1.5,1,0.8,0",            /* a field short */
        "7,jamming,38.0,126.5,10000,1.5,1,0.8,0,4DE76B,1",   /* one too many */
        "7,jammer,38.0,126.5,10000,1.5,1,0.8,0,4DE76B",      /* unknown kind */
        "7,jamming2,38.0,126.5,10000,1.5,1,0.8,0,4DE76B",    /* kind with a tail */
        "-7,jamming,38.0,126.5,10000,1.5,1,0.8,0,4DE76B",    /* negative id */
        "7,jamming,91.0,126.5,10000,1.5,1,0.8,0,4DE76B",     /* latitude */
        "7,jamming,38.0,361,10000,1.5,1,0.8,0,4DE76B",       /* longitude */
        "7,jamming,nan,126.5,10000,1.5,1,0.8,0,4DE76B",      /* not finite */
        "7,jamming,38.0,126.5,inf,1.5,1,0.8,0,4DE76B",       /* not finite */
        "7,jamming,38.0,126.5,10000,1e999,1,0.8,0,4DE76B",   /* overflow */
        "7,jamming,38.0,126.5,10000,1.5,2,0.8,0,4DE76B",     /* affected not 0/1 */
        "7,jamming,38.0,126.5,10000,1.5,1,-0.1,0,4DE76B",    /* negative weight */
        "7,jamming,38.0,126.5,10000,1.5,1,0.8,2,4DE76B",     /* band not 0/1 */
        "7,jamming,38.0,126.5,10000,1.5,1,0.8,0,1FFFFFFFF",  /* target over 32 bits */
        "7,jamming,38.0,126.5,10000,1.5,1,0.8,0,XYZ",        /* target not hex */
        "7,jamming,38.0 ,126.5,10000,1.5,1,0.8,0,4DE76B",    /* trailing space */
        "7,jamming,38.0,126.5,10000,1.5,1,0.8,0,4DE76B x",   /* trailing text */
        "7,jamming,,126.5,10000,1.5,1,0.8,0,4DE76B",         /* empty field */
        "7,jamming,38.0,126.5,10000,1.5,+1,0.8,0,4DE76B",    /* signed integer */
        "7,jamming, 38.0,126.5,10000,1.5,1,0.8,0,4DE76B",    /* leading blank */
        "7,jamming,38.0,126.5,10000,1.5,1,0.8,0,\t4DE76B",   /* leading tab */
        "7,jamming,38.0,126.5,10000,1.5,1,0.8,0,4DE76B\rX",  /* text after a CR */
        "7,jamming,38.0,126.5,10000,1.5,1,0.8,0,4DE76B\n\n", /* two line ends */
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        uint64_t id = 99;
        int kind = 5;
        jw_locate_obs o = {.lat = 1234};
        cr_expect_eq(jw_locate_obs_parse(rows[i], &id, &kind, &o), JW_EINVAL, "accepted: '%s'",
                     rows[i]);
        cr_expect(id == 99 && kind == 5 && o.lat == 1234, "written on refusal: '%s'", rows[i]);
    }
}
