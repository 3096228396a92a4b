/*
 * h3_internal.h - what the H3 sources (h3.c, h3_geo.c, h3_disk.c) share:
 * IJK coordinates on a face, index bit fields, aperture-7 steps.
 * Not part of the public API.
 */
#ifndef JW_H3_INTERNAL_H
#define JW_H3_INTERNAL_H

#include <stdint.h>

#include "jamwatch/h3.h"

/* Hexagonal IJK coordinates (normalised: all >= 0, at least one 0). */
typedef struct jw__ijk {
    int i; /* along the I axis */
    int j; /* along the J axis, 120 degrees counter-clockwise from I */
    int k; /* along the K axis, 240 degrees counter-clockwise from I */
} jw__ijk;

/* IJK on one icosahedron face. */
typedef struct jw__fijk {
    int face;      /* 0..19 */
    jw__ijk coord; /* on that face's grid at some resolution */
} jw__fijk;

/* A point in a face's hexagon plane (x along I, y 90 degrees ccw). */
typedef struct jw__v2 {
    double x; /* along the I axis */
    double y; /* perpendicular, counter-clockwise */
} jw__v2;

/* Digits: 0 centre, then the unit directions K J JK I IK IJ, 7 = unused. */
enum { JW__DIG_K = 1, JW__DIG_I = 4, JW__DIG_IK = 5, JW__DIG_NONE = 7 };

#define JW__H3_MODE_SHIFT 59
#define JW__H3_RES_SHIFT  52
#define JW__H3_BC_SHIFT   45

static inline int jw__h3_digit(jw_h3 h, int r)
{
    return (int)((h >> ((JW_H3_MAX_RES - r) * 3)) & 7);
}

static inline jw_h3 jw__h3_set_digit(jw_h3 h, int r, int d)
{
    int s = (JW_H3_MAX_RES - r) * 3;
    return (h & ~((jw_h3)7 << s)) | ((jw_h3)d << s);
}

static inline int jw__is_class3(int res)
{
    return res & 1;
}

void jw__ijk_normalize(jw__ijk *c);
void jw__ijk_add(jw__ijk *c, jw__ijk d);
void jw__ijk_rot60ccw(jw__ijk *c);
void jw__ijk_rot60cw(jw__ijk *c);
void jw__down_ap7(jw__ijk *c);
void jw__down_ap7r(jw__ijk *c);
void jw__up_ap7r(jw__ijk *c);
jw__ijk jw__digit_vec(int d);
jw__v2 jw__ijk_to_v2(jw__ijk c);

/* First non-zero digit of h (0 if all zero). */
int jw__h3_leading(jw_h3 h);
/* h with every digit rotated 60 degrees counter-clockwise / clockwise. */
jw_h3 jw__h3_rot60ccw(jw_h3 h);
jw_h3 jw__h3_rot60cw(jw_h3 h);
/* Whether base cell bc is a pentagon. */
int jw__bc_is_pentagon(int bc);

/* Unit vector (x, y, z) of a point on face face's grid: v is in units of
 * the resolution res grid, or of the aperture-3 substrate of Class II
 * resolution res when substrate is set. */
void jw__v2_to_vec3(jw__v2 v, int face, int res, int substrate, double p[3]);
/* Degrees of a unit vector. */
jw_h3_latlng jw__vec3_to_latlng(const double p[3]);
/* Cell (valid) to face IJK of its centre on the face that holds it. */
void jw__h3_to_fijk(jw_h3 h, jw__fijk *out);
/* Boundary as unit vectors; topo[] marks the cell's own corners (the others
 * are where an edge crosses an icosahedron edge). Returns the count. */
int jw__h3_boundary_vec(jw_h3 h, double v[JW_H3_MAX_VERTS][3], int topo[JW_H3_MAX_VERTS]);
/* Cell of resolution res containing the unit vector p (no checks). */
jw_h3 jw__h3_from_vec3(const double p[3], int res);

#endif
