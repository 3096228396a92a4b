/*
 * test_landmask.c - the land raster built by `make landmask` from Natural
 * Earth (world-atlas land-10m): known land and water points, the coastal
 * margin, and refusal of malformed files. Skips visibly when the raster has
 * not been built (JW_LANDMASK, else build/landmask.bin).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/landmask.h"

static jw_landmask *open_mask(void)
{
    const char *p = getenv("JW_LANDMASK");
    jw_landmask *m = NULL;
    if (!p || jw_landmask_open(p, &m) != JW_OK)
        if (jw_landmask_open("build/landmask.bin", &m) != JW_OK)
            return NULL;
    return m;
}

#define MASK_OR_SKIP(m)                                                              \
    jw_landmask *m = open_mask();                                                    \
    do {                                                                             \
        if (!m)                                                                      \
            cr_skip_test("SKIP: no land raster (make landmask; JW_LANDMASK unset)"); \
    } while (0)

typedef struct point {
    const char *name;
    double lat, lon;
    jw_land_class cls; /* with a 1 km margin */
} point;

/* Places checked against a map by hand. */
static const point points[] = {
    {"mid-Atlantic", 30.0, -40.0, JW_LAND_SEA},
    {"Paris", 48.8566, 2.3522, JW_LAND_LAND},
    {"Bosphorus (Bebek)", 41.0768, 29.0461, JW_LAND_COAST},
    {"Bosphorus north mouth", 41.215, 29.115, JW_LAND_COAST},
    {"Black Sea centre", 43.5, 34.0, JW_LAND_SEA},
    {"Gelendzhik airport (URKG)", 44.5821, 38.0125, JW_LAND_LAND},
    {"Moscow", 55.75, 37.62, JW_LAND_LAND},
    {"Antarctic plateau", -85.0, 0.0, JW_LAND_LAND},
    {"Chukotka west of 180", 67.0, 178.0, JW_LAND_LAND},
    {"Chukotka east of 180", 67.0, -175.0, JW_LAND_LAND},
    {"Bering Sea on 180", 60.0, 180.0, JW_LAND_SEA},
    {"North Sea", 56.0, 3.0, JW_LAND_SEA},
    {"Oslofjord off Horten", 59.5, 10.55, JW_LAND_SEA},
};

Test(landmask, known_points)
{
    MASK_OR_SKIP(m);
    cr_assert_eq(jw_landmask_resolution(m), 128);
    for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
        jw_land_class c;
        cr_assert_eq(jw_landmask_classify(m, points[i].lat, points[i].lon, 1000, &c), JW_OK);
        cr_expect_eq(c, points[i].cls, "%s: class %d, expected %d", points[i].name, c,
                     points[i].cls);
        if (points[i].cls != JW_LAND_COAST)
            cr_expect_eq(jw_landmask_is_land(m, points[i].lat, points[i].lon),
                         points[i].cls == JW_LAND_LAND, "%s", points[i].name);
    }
    jw_landmask_close(m);
}

/* Ports: a ship at the quay is never "on land" with a 2 km margin (the
 * cluster rule's). With 1 km, the river port of Gothenburg and Bergen's
 * Vagen are land at this resolution: why the land rule judges only vessels
 * that jumped (docs/sea-evidence.md). */
Test(landmask, ports_are_coast)
{
    MASK_OR_SKIP(m);
    const double ports[][2] = {{59.903, 10.735}, /* Oslo */
                               {55.70, 12.60},   /* Copenhagen */
                               {44.72, 37.79},   /* Novorossiysk */
                               {57.715, 11.95},  /* Gothenburg */
                               {60.395, 5.32}};  /* Bergen */
    for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++) {
        jw_land_class c;
        cr_assert_eq(jw_landmask_classify(m, ports[i][0], ports[i][1], 2000, &c), JW_OK);
        cr_expect_neq(c, JW_LAND_LAND, "port %zu (%g, %g) classed land", i, ports[i][0],
                      ports[i][1]);
    }
    jw_landmask_close(m);
}

/* A margin turns the cells near a shore into coast, and only those. */
Test(landmask, margin)
{
    MASK_OR_SKIP(m);
    jw_land_class c0, c1;
    /* Paris is far from the sea: land whatever the margin */
    jw_landmask_classify(m, 48.8566, 2.3522, 0, &c0);
    jw_landmask_classify(m, 48.8566, 2.3522, 10000, &c1);
    cr_expect_eq(c0, JW_LAND_LAND);
    cr_expect_eq(c1, JW_LAND_LAND);
    /* Gelendzhik airport is about 1.5 km from the bay: land at 1 km, coast at 5 km */
    jw_landmask_classify(m, 44.5821, 38.0125, 5000, &c1);
    cr_expect_eq(c1, JW_LAND_COAST);
    cr_expect_eq(jw_landmask_classify(m, NAN, 0, 1000, &c0), JW_ELATLNG);
    cr_expect_eq(jw_landmask_classify(m, 91, 0, 1000, &c0), JW_ELATLNG);
    cr_expect(!jw_landmask_is_land(m, 91, 181));
    jw_landmask_close(m);
}

Test(landmask, rejects_bad_files)
{
    jw_landmask *m = NULL;
    static uint8_t buf[12 + 4 * 64800 + 256];
    cr_expect_eq(jw_landmask_from_memory(buf, sizeof buf, &m), JW_EFORMAT); /* no magic */
    memcpy(buf, "JWLANDM1", 8);
    buf[8] = 64; /* 64 cells per degree: 512-byte tiles; 256 spare bytes do not fit */
    cr_expect_eq(jw_landmask_from_memory(buf, sizeof buf, &m), JW_EFORMAT);
    cr_expect_eq(jw_landmask_from_memory(buf, sizeof buf - 256, &m), JW_OK);
    cr_expect(!jw_landmask_is_land(m, 10, 10));
    jw_landmask_close(m);
    buf[12] = 7; /* tile 0 points at bitmap 5, which does not exist */
    cr_expect_eq(jw_landmask_from_memory(buf, sizeof buf - 256, &m), JW_EFORMAT);
    buf[12] = 1; /* tile 0 (-90..-89, -180..-179) all land */
    cr_assert_eq(jw_landmask_from_memory(buf, sizeof buf - 256, &m), JW_OK);
    cr_expect(jw_landmask_is_land(m, -89.5, -179.5));
    cr_expect(jw_landmask_is_land(m, -89.5, 180.5)); /* wraps */
    cr_expect(!jw_landmask_is_land(m, -89.5, -178.5));
    jw_landmask_close(m);
    cr_expect_eq(jw_landmask_open("/nonexistent/landmask.bin", &m), JW_EIO);
}
