/*
 * h3.c - H3 indices: bit fields, validity, strings, parents, IJK arithmetic
 * and the point-to-cell path (latLngToCell).
 *
 * Point to cell: the point's unit vector (an own branch-free sine/cosine)
 * picks the nearest face centre (a 1-degree lookup grid, else ten dot
 * products); the gnomonic projection onto that face is read off with two dot
 * products in the face's precomputed tangent frame (near a face centre the
 * reference's own acos/azimuth form instead, see near_centre_v2); the plane
 * point is rounded to the nearest hexagon centre
 * at the target resolution; aperture-7 steps up to resolution 0 give the
 * digits; the face and resolution-0 IJK give the base cell, and the digits
 * are rotated into the base cell's frame (pentagons skip the deleted K
 * sub-sequence). Tables: h3_tables.h and h3_face_lut.h (generated, see docs/h3.md).
 */
#include "h3_internal.h"
#include "h3_tables.h"

#include <math.h>
#include <string.h>

#define RES0_U_GNOMONIC 0.38196601125010500003
#define SIN60           0.8660254037844386467637231707529361834714
#define SQRT7           2.6457513110645905905016157536392604257102
#define AP7_ROT         0.333473172251832115336090755351601070065900389 /* asin(sqrt(3/28)) */
/* cos(0.01): within 0.01 rad (64 km) of a face centre, near_centre_v2(). */
#define NEAR_CENTRE_COS 0.9999500004166653

/* sqrt(7)^res / RES0_U_GNOMONIC: plane units of resolution res per gnomonic unit. */
static const double jw_res_scale[JW_H3_MAX_RES + 1] = {
    1.0 / RES0_U_GNOMONIC,      2.6457513110645905905 / RES0_U_GNOMONIC,
    7.0 / RES0_U_GNOMONIC,      18.520259177452134133 / RES0_U_GNOMONIC,
    49.0 / RES0_U_GNOMONIC,     129.64181424216493893 / RES0_U_GNOMONIC,
    343.0 / RES0_U_GNOMONIC,    907.49269969515457252 / RES0_U_GNOMONIC,
    2401.0 / RES0_U_GNOMONIC,   6352.4488978660820076 / RES0_U_GNOMONIC,
    16807.0 / RES0_U_GNOMONIC,  44467.142285062574053 / RES0_U_GNOMONIC,
    117649.0 / RES0_U_GNOMONIC, 311269.99599543801837 / RES0_U_GNOMONIC,
    823543.0 / RES0_U_GNOMONIC, 2178889.9719680661286 / RES0_U_GNOMONIC,
};

/* Digit after one 60-degree rotation (counter-clockwise / clockwise). */
static const int8_t jw_rot_ccw[8] = {0, 5, 3, 1, 6, 4, 2, 7};
static const int8_t jw_rot_cw[8] = {0, 3, 6, 2, 5, 1, 4, 7};

/* ---- IJK arithmetic -------------------------------------------------- */

void jw__ijk_normalize(jw__ijk *c)
{
    if (c->i < 0) {
        c->j -= c->i;
        c->k -= c->i;
        c->i = 0;
    }
    if (c->j < 0) {
        c->i -= c->j;
        c->k -= c->j;
        c->j = 0;
    }
    if (c->k < 0) {
        c->i -= c->k;
        c->j -= c->k;
        c->k = 0;
    }
    int m = c->i < c->j ? c->i : c->j;
    m = m < c->k ? m : c->k;
    c->i -= m;
    c->j -= m;
    c->k -= m;
}

void jw__ijk_add(jw__ijk *c, jw__ijk d)
{
    c->i += d.i;
    c->j += d.j;
    c->k += d.k;
    jw__ijk_normalize(c);
}

/* c = i*vi + j*vj + k*vk, normalised. */
static void ijk_linear(jw__ijk *c, jw__ijk vi, jw__ijk vj, jw__ijk vk)
{
    jw__ijk r = {c->i * vi.i + c->j * vj.i + c->k * vk.i, c->i * vi.j + c->j * vj.j + c->k * vk.j,
                 c->i * vi.k + c->j * vj.k + c->k * vk.k};
    jw__ijk_normalize(&r);
    *c = r;
}

void jw__ijk_rot60ccw(jw__ijk *c)
{
    ijk_linear(c, (jw__ijk){1, 1, 0}, (jw__ijk){0, 1, 1}, (jw__ijk){1, 0, 1});
}

void jw__ijk_rot60cw(jw__ijk *c)
{
    ijk_linear(c, (jw__ijk){1, 0, 1}, (jw__ijk){1, 1, 0}, (jw__ijk){0, 1, 1});
}

/* One resolution finer, Class III (counter-clockwise). */
void jw__down_ap7(jw__ijk *c)
{
    ijk_linear(c, (jw__ijk){3, 0, 1}, (jw__ijk){1, 3, 0}, (jw__ijk){0, 1, 3});
}

/* One resolution finer, Class II (clockwise). */
void jw__down_ap7r(jw__ijk *c)
{
    ijk_linear(c, (jw__ijk){3, 1, 0}, (jw__ijk){0, 3, 1}, (jw__ijk){1, 0, 3});
}

/* round(n / 7) for |n| < 2^27 without a sign branch (never a tie). With
 * x = n + 3 + 7 * 2^27 < 2^31, x / 7 = (x * ceil(2^35 / 7)) >> 35 exactly:
 * the excess is below x * 0.43 / 2^35 < 0.03, and x / 7 is at most 6/7 past
 * an integer. */
static inline int div7r(int n)
{
    uint64_t x = (uint64_t)(n + 3 + 7 * (1 << 27));
    return (int)((x * 4908534053u) >> 35) - (1 << 27);
}

/* One resolution coarser from a Class II grid. */
void jw__up_ap7r(jw__ijk *c)
{
    int i = c->i - c->k, j = c->j - c->k;
    c->i = div7r(2 * i + j);
    c->j = div7r(3 * j - i);
    c->k = 0;
    jw__ijk_normalize(c);
}

jw__ijk jw__digit_vec(int d)
{
    return (jw__ijk){(d >> 2) & 1, (d >> 1) & 1, d & 1};
}

jw__v2 jw__ijk_to_v2(jw__ijk c)
{
    int i = c.i - c.k, j = c.j - c.k;
    return (jw__v2){i - 0.5 * j, j * SIN60};
}

/* ---- index fields ---------------------------------------------------- */

int jw_h3_resolution(jw_h3 cell)
{
    return (int)((cell >> JW__H3_RES_SHIFT) & 15);
}

int jw_h3_base_cell(jw_h3 cell)
{
    return (int)((cell >> JW__H3_BC_SHIFT) & 127);
}

int jw__bc_is_pentagon(int bc)
{
    return bc >= 0 && bc < JW_H3_NUM_BASE && jw__h3_bases[bc].pentagon;
}

int jw__h3_leading(jw_h3 h)
{
    int res = jw_h3_resolution(h);
    for (int r = 1; r <= res; r++) {
        int d = jw__h3_digit(h, r);
        if (d)
            return d;
    }
    return 0;
}

static jw_h3 h3_rot_map(jw_h3 h, const int8_t map[8])
{
    int res = jw_h3_resolution(h);
    for (int r = 1; r <= res; r++)
        h = jw__h3_set_digit(h, r, map[jw__h3_digit(h, r)]);
    return h;
}

jw_h3 jw__h3_rot60ccw(jw_h3 h)
{
    return h3_rot_map(h, jw_rot_ccw);
}

jw_h3 jw__h3_rot60cw(jw_h3 h)
{
    return h3_rot_map(h, jw_rot_cw);
}

/* Counter-clockwise rotation about a pentagon: the K sub-sequence is
 * deleted, so a leading K moves on one more step. */
static jw_h3 h3_rot_pent60ccw(jw_h3 h)
{
    h = jw__h3_rot60ccw(h);
    if (jw__h3_leading(h) == JW__DIG_K)
        h = jw__h3_rot60ccw(h);
    return h;
}

bool jw_h3_is_valid(jw_h3 h)
{
    if (h >> 63 || ((h >> JW__H3_MODE_SHIFT) & 15) != 1 || ((h >> 56) & 7) != 0)
        return false;
    int bc = jw_h3_base_cell(h), res = jw_h3_resolution(h);
    if (bc >= JW_H3_NUM_BASE)
        return false;
    int lead = 0;
    for (int r = 1; r <= JW_H3_MAX_RES; r++) {
        int d = jw__h3_digit(h, r);
        if (r > res ? d != JW__DIG_NONE : d == JW__DIG_NONE)
            return false;
        if (!lead && r <= res && d)
            lead = d;
    }
    return !(jw__h3_bases[bc].pentagon && lead == JW__DIG_K);
}

bool jw_h3_is_pentagon(jw_h3 h)
{
    return jw_h3_is_valid(h) && jw__bc_is_pentagon(jw_h3_base_cell(h)) && jw__h3_leading(h) == 0;
}

jw_err jw_h3_parent(jw_h3 cell, int res, jw_h3 *out)
{
    if (!jw_h3_is_valid(cell))
        return JW_ECELL;
    int cres = jw_h3_resolution(cell);
    if (res < 0 || res > cres)
        return JW_ERES;
    jw_h3 h = (cell & ~((jw_h3)15 << JW__H3_RES_SHIFT)) | ((jw_h3)res << JW__H3_RES_SHIFT);
    for (int r = res + 1; r <= cres; r++)
        h = jw__h3_set_digit(h, r, JW__DIG_NONE);
    *out = h;
    return JW_OK;
}

jw_err jw_h3_from_string(const char *s, jw_h3 *out)
{
    if (!s)
        return JW_EINVAL;
    jw_h3 h = 0;
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            return JW_EPARSE;
        if (n >= 16)
            return JW_EPARSE;
        h = h << 4 | (jw_h3)v;
    }
    if (n == 0)
        return JW_EPARSE;
    if (!jw_h3_is_valid(h))
        return JW_ECELL;
    *out = h;
    return JW_OK;
}

jw_err jw_h3_to_string(jw_h3 cell, char *buf, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    if (!buf || cap < JW_H3_STRING_SIZE)
        return JW_EINVAL;
    if (!jw_h3_is_valid(cell))
        return JW_ECELL;
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = hex[cell & 15];
        cell >>= 4;
    } while (cell);
    for (int q = 0; q < n; q++)
        buf[q] = tmp[n - 1 - q];
    buf[n] = '\0';
    return JW_OK;
}

/* ---- point to cell --------------------------------------------------- */

/* Digit after n 60-degree counter-clockwise rotations. */
static const int8_t jw_rot_ccw_n[6][8] = {
    {0, 1, 2, 3, 4, 5, 6, 7}, {0, 5, 3, 1, 6, 4, 2, 7}, {0, 4, 1, 5, 2, 6, 3, 7},
    {0, 6, 5, 4, 3, 2, 1, 7}, {0, 2, 4, 6, 1, 3, 5, 7}, {0, 3, 6, 2, 5, 1, 4, 7},
};

/* Digit of an axial unit offset (di, dj) = (i - k, j - k), at (di+1)*3 + dj+1. */
static const int8_t jw_axial_digit[9] = {1, 3, 0, 5, 0, 2, 0, 4, 6};

/* Rotates the face-frame digits of h into the base cell's frame. */
static jw_h3 to_base_frame(jw_h3 h, int face, const jw_h3_face_bc *e)
{
    const jw_h3_base *b = &jw__h3_bases[e->bc];
    if (!b->pentagon)
        return h3_rot_map(h, jw_rot_ccw_n[e->rot]); /* rot 0 maps to itself */
    if (jw__h3_leading(h) == JW__DIG_K)
        h = (face == b->cw_off[0] || face == b->cw_off[1]) ? jw__h3_rot60cw(h) : jw__h3_rot60ccw(h);
    for (int q = 0; q < e->rot; q++)
        h = h3_rot_pent60ccw(h);
    return h;
}

/* Nearest hexagon centre to a plane point, as axial (i - k, j - k). With
 * the point at fa*I + fb*J from the corner (a0, b0) of its lattice rhombus
 * (fa, fb in [0, 1)), the squared distances to the four corners share the
 * term fa^2 + fb^2 - fa*fb and differ by the linear terms below, so three
 * linear forms decide. */
static void v2_to_axial(double x, double y, int *ai, int *aj)
{
    double b = y * (1.0 / SIN60), a = x + 0.5 * b;
    int ia = (int)a, ib = (int)b; /* floor: |a|, |b| < 2^31 at any resolution */
    ia -= a < (double)ia;
    ib -= b < (double)ib;
    double fa = a - ia, fb = b - ib;
    double l10 = 1.0 - 2.0 * fa + fb, l01 = 1.0 + fa - 2.0 * fb, l11 = 1.0 - fa - fb;
    int t0 = l10 < 0.0, t1 = l11 < l01;
    double m0 = t0 ? l10 : 0.0, m1 = t1 ? l11 : l01;
    int q = m1 < m0 ? 2 + t1 : t0;
    *ai = ia + (q & 1);
    *aj = ib + (q >> 1);
}

/* Nearest face centre to unit vector p; *dot gets the dot product (the
 * cosine of the distance), 0 on NaN. Face centres come in antipodal pairs,
 * so ten dot products decide (largest magnitude; the sign picks the face).
 * Which face wins is unpredictable, so the arg-max avoids branches: the
 * bits of a non-negative double order like the double, and integer selects
 * compile to conditional moves. */
static int nearest_face(const double p[3], double *dot)
{
    uint64_t mbits = 0, dbits = 0;
    int pair = 0;
    for (int q = 0; q < 10; q++) {
        double d = p[0] * jw__h3_face_axis[0][q] + p[1] * jw__h3_face_axis[1][q] +
                   p[2] * jw__h3_face_axis[2][q];
        uint64_t db, ab;
        memcpy(&db, &d, sizeof db);
        ab = db & ~((uint64_t)1 << 63);
        int t = ab > mbits;
        mbits = t ? ab : mbits;
        dbits = t ? db : dbits;
        pair = t ? q : pair;
    }
    memcpy(dot, &mbits, sizeof *dot);
    return jw__h3_face_pair[pair][dbits >> 63];
}

static double pos_angle(double a)
{
    double t = a < 0.0 ? a + 2.0 * M_PI : a;
    return a >= 2.0 * M_PI ? t - 2.0 * M_PI : t;
}

/* Plane point of (lat, lng) radians on face near its centre, computed the
 * way the reference library does: the distance as acos(1 - d^2/2) of the
 * chord d, which is coarse for small distances (steps of about 1.5e-8 rad),
 * and the direction as an azimuth. Within NEAR_CENTRE of a face centre
 * that coarseness is larger than the finest cells, so jamwatch reproduces it
 * there to give the very same cell. */
static void near_centre_v2(const double p[3], double lat, double lng, int face, int res, double *x,
                           double *y)
{
    const jw_h3_face *F = &jw__h3_faces[face];
    double dx = F->c[0] - p[0], dy = F->c[1] - p[1], dz = F->c[2] - p[2];
    double r = acos(1.0 - (dx * dx + dy * dy + dz * dz) / 2.0);
    if (r < 1e-16) {
        *x = *y = 0.0;
        return;
    }
    double dl = lng - F->lng;
    double az =
        atan2(cos(lat) * sin(dl), cos(F->lat) * sin(lat) - sin(F->lat) * cos(lat) * cos(dl));
    double theta = pos_angle(F->az - pos_angle(az));
    if (jw__is_class3(res))
        theta = pos_angle(theta - AP7_ROT);
    r = tan(r) / RES0_U_GNOMONIC;
    for (int i = 0; i < res; i++)
        r *= SQRT7;
    *x = r * cos(theta);
    *y = r * sin(theta);
}

/* Cell of the plane point (x, y) on face at resolution res. Coordinates
 * stay axial (i - k, j - k), where the aperture-7 steps are plain linear
 * maps: no normalisation until resolution 0. */
static jw_h3 v2_to_cell(double x, double y, int face, int res)
{
    int a = 0, b = 0;
    uint8_t dig[JW_H3_MAX_RES + 1];
    v2_to_axial(x, y, &a, &b);
    for (int r = res; r >= 1; r--) {
        int pa, pb, ca, cb;
        if (jw__is_class3(r)) { /* up_ap7, then the parent's centre back down */
            pa = div7r(3 * a - b);
            pb = div7r(a + 2 * b);
            ca = 2 * pa + pb;
            cb = 3 * pb - pa;
        } else { /* up_ap7r, down_ap7r */
            pa = div7r(2 * a + b);
            pb = div7r(3 * b - a);
            ca = 3 * pa - pb;
            cb = pa + 2 * pb;
        }
        dig[r] = (uint8_t)jw_axial_digit[(a - ca + 1) * 3 + (b - cb) + 1];
        a = pa;
        b = pb;
    }
    int mn = a < b ? a : b;
    mn = mn < 0 ? mn : 0;
    jw__ijk c = {a - mn, b - mn, -mn}; /* normalised */
    /* A point on the face always reduces to resolution-0 IJK within 0..2. */
    if ((unsigned)c.i > 2 || (unsigned)c.j > 2 || (unsigned)c.k > 2)
        return 0;
    const jw_h3_face_bc *e = &jw__h3_face_ijk_bc[face][c.i][c.j][c.k];
    /* Hexagons: the digits go in already rotated into the base cell frame. */
    const int8_t *rot = jw_rot_ccw_n[jw__h3_bases[e->bc].pentagon ? 0 : e->rot];
    jw_h3 h = (jw_h3)1 << JW__H3_MODE_SHIFT | (jw_h3)res << JW__H3_RES_SHIFT |
              (jw_h3)e->bc << JW__H3_BC_SHIFT | (((jw_h3)1 << (3 * (JW_H3_MAX_RES - res))) - 1);
    for (int r = 1; r <= res; r++)
        h |= (jw_h3)rot[dig[r]] << (3 * (JW_H3_MAX_RES - r));
    return jw__h3_bases[e->bc].pentagon ? to_base_frame(h, face, e) : h;
}

/* The hot path: the gnomonic projection read off with two dot products in
 * the face's precomputed tangent frame. face is the nearest face when the
 * caller knows it, else -1. lat, lng (radians) are only used near a face
 * centre; NAN there means "derive them from p". */
static jw_h3 vec3_to_cell(const double p[3], int face, double lat, double lng, int res)
{
    double best;
    if (face < 0) {
        face = nearest_face(p, &best);
    } else {
        const double *c = jw__h3_faces[face].c;
        best = p[0] * c[0] + p[1] * c[1] + p[2] * c[2];
    }
    if (!(best > 0.5 && best <= 1.0 + 1e-9))
        return 0; /* NaN, or not a unit vector */
    double x, y;
    if (best > NEAR_CENTRE_COS) {
        if (isnan(lat)) {
            lat = atan2(p[2], hypot(p[0], p[1]));
            lng = atan2(p[1], p[0]);
        }
        near_centre_v2(p, lat, lng, face, res, &x, &y);
    } else {
        const jw_h3_face *F = &jw__h3_faces[face];
        int cls = jw__is_class3(res);
        double s = jw_res_scale[res] / best;
        x = (p[0] * F->u[cls][0] + p[1] * F->u[cls][1] + p[2] * F->u[cls][2]) * s;
        y = (p[0] * F->v[cls][0] + p[1] * F->v[cls][1] + p[2] * F->v[cls][2]) * s;
    }
    return v2_to_cell(x, y, face, res);
}

jw_h3 jw__h3_from_vec3(const double p[3], int res)
{
    return vec3_to_cell(p, -1, NAN, NAN, res);
}

/* sin and cos of x, |x| <= pi + 0.1, to within about an ulp: reduce by the
 * nearest multiple of pi/2 (pi/2 split in two parts, so the reduction is
 * exact for these quotients), then Taylor series on [-pi/4, pi/4] (their
 * truncation error there is below 1e-19). The quadrant is applied through
 * small tables rather than branches, which random inputs would mispredict. */
static inline void sin_cos(double x, double *s, double *c)
{
    /* Taylor coefficients: (-1)^k / (2k+1)! and (-1)^k / (2k)!, k = 1..8. */
    static const double ks[8] = {
        -1.0 / 6.0,        1.0 / 120.0,        -1.0 / 5040.0,          1.0 / 362880.0,
        -1.0 / 39916800.0, 1.0 / 6227020800.0, -1.0 / 1307674368000.0, 1.0 / 355687428096000.0};
    static const double kc[8] = {
        -1.0 / 2.0,       1.0 / 24.0,        -1.0 / 720.0,         1.0 / 40320.0,
        -1.0 / 3628800.0, 1.0 / 479001600.0, -1.0 / 87178291200.0, 1.0 / 20922789888000.0};
    static const double sgn_s[4] = {1.0, 1.0, -1.0, -1.0}, sgn_c[4] = {1.0, -1.0, -1.0, 1.0};
    const double pio2_hi = 1.5707963267948966, pio2_lo = 6.123233995736766e-17;
    /* Round to the nearest integer by adding and taking away 1.5 * 2^52. */
    double tn = (x * (2.0 / M_PI) + 6755399441055744.0) - 6755399441055744.0;
    int n = (int)tn;
    double r = (x - tn * pio2_hi) - tn * pio2_lo, r2 = r * r;
    /* Estrin's scheme: short dependency chains. Terms beyond r^17 (sine)
     * and r^16 (cosine) are below 1e-17 on [-pi/4, pi/4]. */
    double r4 = r2 * r2, r8 = r4 * r4;
    double ps = (ks[0] + r2 * ks[1]) + r4 * (ks[2] + r2 * ks[3]) +
                r8 * ((ks[4] + r2 * ks[5]) + r4 * (ks[6] + r2 * ks[7]));
    double pc = (kc[0] + r2 * kc[1]) + r4 * (kc[2] + r2 * kc[3]) +
                r8 * ((kc[4] + r2 * kc[5]) + r4 * (kc[6] + r2 * kc[7]));
    ps = r + r * r2 * ps;
    pc = 1.0 + r2 * pc;
    double v[2] = {ps, pc};
    *s = v[n & 1] * sgn_s[n & 3];
    *c = v[(n + 1) & 1] * sgn_c[n & 3];
}

jw_err jw_h3_from_latlng(double lat, double lon, int res, jw_h3 *out)
{
    if (!(lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0))
        return JW_ELATLNG; /* also NaN */
    if (res < 0 || res > JW_H3_MAX_RES)
        return JW_ERES;
    double la = lat * (M_PI / 180.0), lo = lon * (M_PI / 180.0);
    double sla, cla, slo, clo;
    sin_cos(la, &sla, &cla);
    sin_cos(lo, &slo, &clo);
    double p[3] = {cla * clo, cla * slo, sla};
    /* Most points' face is read from a 1-degree grid (h3_face_lut.h). */
    int row = (int)(lat + 90.0), col = (int)(lon + 180.0);
    char f = jw__h3_face_lut[row < 179 ? row : 179][col < 359 ? col : 359];
    jw_h3 h = vec3_to_cell(p, f == '.' ? -1 : f - 'a', la, lo, res);
    if (!h)
        return JW_ECELL;
    *out = h;
    return JW_OK;
}
