/*
 * h3.h - H3-compatible hexagonal cell indexing (the grid gpsjam.org draws on).
 *
 * An independent implementation of the published H3 algorithm (h3geo.org,
 * "Indexing"): icosahedron faces, gnomonic projection, aperture-7 hexagonal
 * IJK coordinates, 122 base cells (12 pentagons), 64-bit indices. Every
 * function gives the same cell as the reference library (h3-js 4.x), which
 * the oracle test checks; see docs/h3.md.
 *
 * Angles are DEGREES everywhere, like the rest of jamwatch: latitude in
 * [-90, 90], longitude in [-180, 180]. Outputs use longitudes in [-180, 180].
 * All functions are pure (no state, no allocation, thread-safe).
 */
#ifndef JAMWATCH_H3_H
#define JAMWATCH_H3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"

/* An H3 cell index (mode 1). 0 is never a valid cell. */
typedef uint64_t jw_h3;

enum {
    JW_H3_MAX_RES = 15,     /* finest resolution */
    JW_H3_MAX_VERTS = 10,   /* most vertices a cell boundary can have */
    JW_H3_STRING_SIZE = 17, /* buffer for jw_h3_to_string: 16 hex digits + NUL */
    JW_H3_NUM_BASE = 122    /* base cells (resolution-0 cells) */
};

/* A point on the sphere, degrees. */
typedef struct jw_h3_latlng {
    double lat; /* latitude, degrees north, [-90, 90] */
    double lon; /* longitude, degrees east, [-180, 180] */
} jw_h3_latlng;

/* A cell's boundary, counter-clockwise, not closed (first vertex not repeated). */
typedef struct jw_h3_cell_boundary {
    int n;                               /* vertices used: 5..10 */
    jw_h3_latlng verts[JW_H3_MAX_VERTS]; /* the vertices */
} jw_h3_cell_boundary;

/* The cell of resolution res (0..15) containing (lat, lon) degrees.
 * Errors: JW_ELATLNG (NaN, infinite, |lat| > 90 or |lon| > 180), JW_ERES. */
jw_err jw_h3_from_latlng(double lat, double lon, int res, jw_h3 *out);

/* The centre of a cell. Errors: JW_ECELL. */
jw_err jw_h3_to_latlng(jw_h3 cell, jw_h3_latlng *out);

/* The boundary of a cell: 6 vertices for a hexagon, 5 for a pentagon, plus
 * one per icosahedron edge a Class III (odd resolution) cell edge crosses.
 * Errors: JW_ECELL. */
jw_err jw_h3_boundary(jw_h3 cell, jw_h3_cell_boundary *out);

/* Resolution field of an index (0..15); meaningful only for valid cells. */
int jw_h3_resolution(jw_h3 cell);

/* Base cell number (0..121) of an index; meaningful only for valid cells. */
int jw_h3_base_cell(jw_h3 cell);

/* True when cell is a valid H3 cell index (mode 1, valid digits, no deleted
 * pentagon sub-sequence). */
bool jw_h3_is_valid(jw_h3 cell);

/* True when cell is one of the 12 pentagons of its resolution. */
bool jw_h3_is_pentagon(jw_h3 cell);

/* The ancestor of cell at resolution res (<= the cell's; equal gives the
 * cell). Errors: JW_ECELL, JW_ERES. */
jw_err jw_h3_parent(jw_h3 cell, int res, jw_h3 *out);

/* Parses 1..16 hexadecimal digits (either case, nothing else) into a valid
 * cell. Errors: JW_EPARSE (not hex, empty, too long), JW_ECELL (not a cell). */
jw_err jw_h3_from_string(const char *s, jw_h3 *out);

/* Writes the cell as lowercase hexadecimal without leading zeros, as h3-js
 * does; buf must hold JW_H3_STRING_SIZE bytes. Errors: JW_ECELL, JW_EINVAL. */
jw_err jw_h3_to_string(jw_h3 cell, char *buf, size_t cap);

/* Number of cells gridDisk(k) can return at most: 3k(k+1) + 1. */
size_t jw_h3_disk_size(int k);

/* Every cell within grid distance k of origin (origin first, then by
 * increasing distance; the order inside one ring is not h3-js's). Pentagons
 * are handled (fewer cells come back). out must hold jw_h3_disk_size(k)
 * cells; *n_out is the count written. Intended for small k (<= ~50).
 * Errors: JW_ECELL, JW_EINVAL (k < 0 or k > 1000), JW_EFULL (cap too small). */
jw_err jw_h3_disk(jw_h3 origin, int k, jw_h3 *out, size_t cap, size_t *n_out);

#endif
