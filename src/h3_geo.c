/*
 * h3_geo.c - H3 cell geometry: centre (cellToLatLng) and boundary
 * (cellToBoundary).
 *
 * A cell index is unfolded into IJK on its base cell's home face (one
 * aperture-7 step and one unit move per digit); when the result lies beyond
 * the home face it is carried across the face edge ("overage") with the
 * lattice isometry of jw__h3_face_nbs, so that every point is projected from
 * the face it lies on. Boundary vertices come from the aperture-3 substrate
 * grid; a Class III cell edge that crosses an icosahedron edge gets an extra
 * vertex where it crosses.
 */
#include "h3_internal.h"
#include "h3_tables.h"

#include <float.h>
#include <math.h>

#define RES0_U_GNOMONIC 0.38196601125010500003
#define SQRT7           2.6457513110645905905016157536392604257102
#define SIN60           0.8660254037844386467637231707529361834714

enum { NO_OVERAGE = 0, FACE_EDGE = 1, NEW_FACE = 2 };
enum { Q_IJ = 1, Q_KI = 2, Q_JK = 3 };

/* 7^(res/2) for Class II res: resolution-0 units in res units. */
static int unit_scale(int res)
{
    int s = 1;
    for (int r = 0; r + 2 <= res; r += 2)
        s *= 7;
    return s;
}

void jw__v2_to_vec3(jw__v2 v, int face, int res, int substrate, double p[3])
{
    const jw_h3_face *F = &jw__h3_faces[face];
    double s = RES0_U_GNOMONIC / pow(SQRT7, res);
    if (substrate)
        s /= 3.0;
    int cls = substrate ? 0 : jw__is_class3(res);
    double x = v.x * s, y = v.y * s;
    double n2 = 0.0;
    for (int q = 0; q < 3; q++) {
        p[q] = F->c[q] + x * F->u[cls][q] + y * F->v[cls][q];
        n2 += p[q] * p[q];
    }
    double inv = 1.0 / sqrt(n2);
    for (int q = 0; q < 3; q++)
        p[q] *= inv;
}

jw_h3_latlng jw__vec3_to_latlng(const double p[3])
{
    jw_h3_latlng g;
    g.lat = atan2(p[2], hypot(p[0], p[1])) * (180.0 / M_PI);
    g.lon = (p[0] == 0.0 && p[1] == 0.0) ? 0.0 : atan2(p[1], p[0]) * (180.0 / M_PI);
    return g;
}

/* Carries a Class II coordinate that lies beyond its face onto the
 * neighbouring face. substrate: coord is on the aperture-3 substrate grid.
 * pent_lead4: a pentagon cell whose leading digit is I, whose overage into
 * the KI quadrant turns one more step (the deleted K sub-sequence). */
static int adjust_overage(jw__fijk *f, int res, int pent_lead4, int substrate)
{
    int max_dim = 2 * unit_scale(res) * (substrate ? 3 : 1);
    jw__ijk *c = &f->coord;
    int sum = c->i + c->j + c->k;
    if (substrate && sum == max_dim)
        return FACE_EDGE;
    if (sum <= max_dim)
        return NO_OVERAGE;
    int quad;
    if (c->k > 0) {
        if (c->j > 0) {
            quad = Q_JK;
        } else {
            quad = Q_KI;
            if (pent_lead4) {
                jw__ijk t = {c->i - max_dim, c->j, c->k};
                jw__ijk_normalize(&t);
                jw__ijk_rot60cw(&t);
                jw__ijk_add(&t, (jw__ijk){max_dim, 0, 0});
                *c = t;
            }
        }
    } else {
        quad = Q_IJ;
    }
    const jw_h3_face_nb *nb = &jw__h3_face_nbs[f->face][quad];
    f->face = nb->face;
    for (int q = 0; q < nb->rot; q++)
        jw__ijk_rot60ccw(c);
    int us = unit_scale(res) * (substrate ? 3 : 1);
    jw__ijk_add(c, (jw__ijk){nb->t[0] * us, nb->t[1] * us, nb->t[2] * us});
    if (substrate && c->i + c->j + c->k == max_dim)
        return FACE_EDGE;
    return NEW_FACE;
}

/* Digits applied to the home face IJK; returns whether overage is possible. */
static int unfold_digits(jw_h3 h, jw__fijk *f)
{
    int res = jw_h3_resolution(h), bc = jw_h3_base_cell(h);
    jw__ijk *c = &f->coord;
    int possible =
        !(!jw__h3_bases[bc].pentagon && (res == 0 || (c->i == 0 && c->j == 0 && c->k == 0)));
    for (int r = 1; r <= res; r++) {
        if (jw__is_class3(r))
            jw__down_ap7(c);
        else
            jw__down_ap7r(c);
        jw__ijk_add(c, jw__digit_vec(jw__h3_digit(h, r)));
    }
    return possible;
}

void jw__h3_to_fijk(jw_h3 h, jw__fijk *out)
{
    int bc = jw_h3_base_cell(h), res = jw_h3_resolution(h);
    int pent = jw__h3_bases[bc].pentagon;
    if (pent && jw__h3_leading(h) == JW__DIG_IK)
        h = jw__h3_rot60cw(h);
    const jw_h3_base *b = &jw__h3_bases[bc];
    out->face = b->face;
    out->coord = (jw__ijk){b->ijk[0], b->ijk[1], b->ijk[2]};
    if (!unfold_digits(h, out))
        return;
    jw__ijk orig = out->coord;
    int ares = res;
    if (jw__is_class3(res)) {
        jw__down_ap7r(&out->coord);
        ares++;
    }
    int lead4 = pent && jw__h3_leading(h) == JW__DIG_I;
    if (adjust_overage(out, ares, lead4, 0) != NO_OVERAGE) {
        if (pent)
            while (adjust_overage(out, ares, 0, 0) != NO_OVERAGE)
                ;
        if (ares != res)
            jw__up_ap7r(&out->coord);
    } else if (ares != res) {
        out->coord = orig;
    }
}

jw_err jw_h3_to_latlng(jw_h3 cell, jw_h3_latlng *out)
{
    if (!jw_h3_is_valid(cell))
        return JW_ECELL;
    jw__fijk f;
    jw__h3_to_fijk(cell, &f);
    double p[3];
    jw__v2_to_vec3(jw__ijk_to_v2(f.coord), f.face, jw_h3_resolution(cell), 0, p);
    *out = jw__vec3_to_latlng(p);
    return JW_OK;
}

/* ---- boundary -------------------------------------------------------- */

/* One aperture-3 step finer, counter-clockwise and clockwise. */
static void down_ap3(jw__ijk *c)
{
    jw__ijk r = {2 * c->i + c->j, 2 * c->j + c->k, c->i + 2 * c->k};
    jw__ijk_normalize(&r);
    *c = r;
}

static void down_ap3r(jw__ijk *c)
{
    jw__ijk r = {2 * c->i + c->k, c->i + 2 * c->j, c->j + 2 * c->k};
    jw__ijk_normalize(&r);
    *c = r;
}

/* The n (5 or 6) corners of the cell centred at *centre on the substrate
 * grid, counter-clockwise from the I axis; *res becomes the Class II
 * resolution whose substrate that is, and *centre moves onto it. */
static void cell_corners(jw__fijk *centre, int *res, int n, jw__fijk corners[6])
{
    static const jw__ijk off2[6] = {{2, 1, 0}, {1, 2, 0}, {0, 2, 1},
                                    {0, 1, 2}, {1, 0, 2}, {2, 0, 1}};
    static const jw__ijk off3[6] = {{5, 4, 0}, {1, 5, 0}, {0, 5, 4},
                                    {0, 1, 5}, {4, 0, 5}, {5, 0, 1}};
    const jw__ijk *off = jw__is_class3(*res) ? off3 : off2;
    down_ap3(&centre->coord);
    down_ap3r(&centre->coord);
    if (jw__is_class3(*res)) {
        jw__down_ap7r(&centre->coord);
        (*res)++;
    }
    for (int v = 0; v < n; v++) {
        corners[v] = *centre;
        jw__ijk_add(&corners[v].coord, off[v]);
    }
}

/* Where segment p0-p1 crosses the line through p2 and p3. */
static jw__v2 intersect(jw__v2 p0, jw__v2 p1, jw__v2 p2, jw__v2 p3)
{
    jw__v2 s1 = {p1.x - p0.x, p1.y - p0.y}, s2 = {p3.x - p2.x, p3.y - p2.y};
    double t = (s2.x * (p0.y - p2.y) - s2.y * (p0.x - p2.x)) / (-s2.x * s1.y + s1.x * s2.y);
    return (jw__v2){p0.x + t * s1.x, p0.y + t * s1.y};
}

static int almost_eq(jw__v2 a, jw__v2 b)
{
    return fabs(a.x - b.x) < FLT_EPSILON && fabs(a.y - b.y) < FLT_EPSILON;
}

/* The face edge (two substrate-plane points) of face quadrant quad. */
static void face_edge(int quad, int ares, jw__v2 *e0, jw__v2 *e1)
{
    double m = 2.0 * unit_scale(ares);
    jw__v2 v0 = {3.0 * m, 0.0}, v1 = {-1.5 * m, 3.0 * SIN60 * m}, v2 = {-1.5 * m, -3.0 * SIN60 * m};
    if (quad == Q_IJ) {
        *e0 = v0;
        *e1 = v1;
    } else if (quad == Q_JK) {
        *e0 = v1;
        *e1 = v2;
    } else {
        *e0 = v2;
        *e1 = v0;
    }
}

static int hex_boundary(jw__fijk centre, int res, double out[][3], int topo[])
{
    jw__fijk c[6];
    int ares = res, n = 0, last_face = -1, last_over = NO_OVERAGE;
    cell_corners(&centre, &ares, 6, c);
    for (int vert = 0; vert < 6 + jw__is_class3(res); vert++) {
        int v = vert % 6;
        jw__fijk f = c[v];
        int over = adjust_overage(&f, ares, 0, 1);
        /* A Class III edge that crosses onto another face gets a vertex at
         * the crossing; Class II corners lie on the face edges instead. */
        if (jw__is_class3(res) && vert > 0 && f.face != last_face && last_over != FACE_EDGE) {
            jw__v2 o0 = jw__ijk_to_v2(c[(v + 5) % 6].coord), o1 = jw__ijk_to_v2(c[v].coord), e0, e1;
            int face2 = last_face == centre.face ? f.face : last_face;
            face_edge(jw__h3_adj_dir[centre.face][face2], ares, &e0, &e1);
            jw__v2 x = intersect(o0, o1, e0, e1);
            if (!almost_eq(o0, x) && !almost_eq(o1, x)) {
                jw__v2_to_vec3(x, centre.face, ares, 1, out[n]);
                topo[n++] = 0;
            }
        }
        if (vert < 6) {
            jw__v2_to_vec3(jw__ijk_to_v2(f.coord), f.face, ares, 1, out[n]);
            topo[n++] = 1;
        }
        last_face = f.face;
        last_over = over;
    }
    return n;
}

static int pent_boundary(jw__fijk centre, int res, double out[][3], int topo[])
{
    jw__fijk c[6], last = {0, {0, 0, 0}};
    int ares = res, n = 0;
    cell_corners(&centre, &ares, 5, c);
    for (int vert = 0; vert < 5 + jw__is_class3(res); vert++) {
        jw__fijk f = c[vert % 5];
        while (adjust_overage(&f, ares, 0, 1) == NEW_FACE)
            ;
        /* Every Class III pentagon edge crosses an icosahedron edge: carry
         * this corner onto the previous corner's face and cut there. */
        if (jw__is_class3(res) && vert > 0) {
            const jw_h3_face_nb *nb =
                &jw__h3_face_nbs[f.face][jw__h3_adj_dir[f.face][last.face] & 3];
            jw__fijk t = {nb->face, f.coord};
            for (int q = 0; q < nb->rot; q++)
                jw__ijk_rot60ccw(&t.coord);
            int us = unit_scale(ares) * 3;
            jw__ijk_add(&t.coord, (jw__ijk){nb->t[0] * us, nb->t[1] * us, nb->t[2] * us});
            jw__v2 e0, e1;
            face_edge(jw__h3_adj_dir[t.face][f.face], ares, &e0, &e1);
            jw__v2 x = intersect(jw__ijk_to_v2(last.coord), jw__ijk_to_v2(t.coord), e0, e1);
            jw__v2_to_vec3(x, t.face, ares, 1, out[n]);
            topo[n++] = 0;
        }
        if (vert < 5) {
            jw__v2_to_vec3(jw__ijk_to_v2(f.coord), f.face, ares, 1, out[n]);
            topo[n++] = 1;
        }
        last = f;
    }
    return n;
}

int jw__h3_boundary_vec(jw_h3 h, double v[JW_H3_MAX_VERTS][3], int topo[JW_H3_MAX_VERTS])
{
    jw__fijk f;
    jw__h3_to_fijk(h, &f);
    int res = jw_h3_resolution(h);
    if (jw_h3_is_pentagon(h))
        return pent_boundary(f, res, v, topo);
    return hex_boundary(f, res, v, topo);
}

jw_err jw_h3_boundary(jw_h3 cell, jw_h3_cell_boundary *out)
{
    if (!jw_h3_is_valid(cell))
        return JW_ECELL;
    double v[JW_H3_MAX_VERTS][3];
    int topo[JW_H3_MAX_VERTS];
    out->n = jw__h3_boundary_vec(cell, v, topo);
    for (int q = 0; q < out->n; q++)
        out->verts[q] = jw__vec3_to_latlng(v[q]);
    return JW_OK;
}
