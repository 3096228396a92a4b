/*
 * landmask.h - is a point on land? A raster of the Natural Earth land
 * polygons, built at build time (`make landmask`, tools/landmask/) and read
 * at run time.
 *
 * The raster has R cells per degree (128 by default: about 870 m north-south)
 * stored as 1-degree tiles: a tile is all water, all land, or a bitmap. A
 * lookup is a few array reads. Classification adds a coastal margin: a point
 * whose neighbourhood (margin_m around it) holds both land and water is
 * COAST, so a ship in a harbour, a river mouth or a narrow strait that the
 * raster does not resolve is never said to be on land. The mask is
 * read-only once open: one handle may be shared between threads.
 */
#ifndef JAMWATCH_LANDMASK_H
#define JAMWATCH_LANDMASK_H

#include <stdbool.h>
#include <stddef.h>

#include "jamwatch/error.h"

typedef struct jw_landmask jw_landmask;

/* What a point is, margin included. */
typedef enum jw_land_class {
    JW_LAND_SEA = 0,   /* water, and only water within the margin */
    JW_LAND_COAST = 1, /* land and water both within the margin */
    JW_LAND_LAND = 2   /* land, and only land within the margin */
} jw_land_class;

/* Largest margin classify looks at, in raster cells each way. */
#define JW_LANDMASK_MAX_MARGIN_CELLS 16

/*
 * Reads a raster file written by tools/landmask/gen_landmask.js. Returns
 * JW_EIO when it cannot be read, JW_EFORMAT when it is not a valid raster.
 * On success *out is owned by the caller: free with jw_landmask_close.
 */
jw_err jw_landmask_open(const char *path, jw_landmask **out);

/* The same from bytes in memory (copied; the caller keeps buf). */
jw_err jw_landmask_from_memory(const void *buf, size_t len, jw_landmask **out);

/* Frees the mask. NULL is allowed. */
void jw_landmask_close(jw_landmask *m);

/* Cells per degree of the raster. */
unsigned jw_landmask_resolution(const jw_landmask *m);

/* True when the raster cell holding (lat, lon) is land (no margin). False for
 * a non-finite or out-of-range point. Longitudes wrap. */
bool jw_landmask_is_land(const jw_landmask *m, double lat, double lon);

/*
 * Class of (lat, lon) with a margin of margin_m metres (clamped to
 * JW_LANDMASK_MAX_MARGIN_CELLS cells): SEA or LAND when every cell within
 * the margin agrees with the point's own cell, COAST otherwise. Writes the
 * class into *out; JW_ELATLNG for a non-finite or out-of-range point.
 */
jw_err jw_landmask_classify(const jw_landmask *m, double lat, double lon, double margin_m,
                            jw_land_class *out);

#endif
