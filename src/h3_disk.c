/*
 * h3_disk.c - gridDisk: every cell within k steps of a cell.
 *
 * Breadth-first over cell adjacency. A cell's neighbours are found
 * geometrically: the cell's centre reflected across the middle of each of
 * its edges (between two of its own corners) lands near the centre of the
 * cell across that edge, and jw__h3_from_vec3 names it. Because the walk
 * follows adjacency, pentagons need no special case: the disk is exactly the
 * set of cells at grid distance <= k (what h3-js gridDisk returns).
 */
#include "h3_internal.h"

#include <math.h>

enum { JW_H3_DISK_MAX_K = 1000 };

size_t jw_h3_disk_size(int k)
{
    if (k < 0)
        return 0;
    return 3 * (size_t)k * ((size_t)k + 1) + 1;
}

/* The 5 or 6 cells sharing an edge with h; returns the count (0 on failure). */
static int neighbours(jw_h3 h, jw_h3 nb[6])
{
    double v[JW_H3_MAX_VERTS][3], c[3];
    int topo[JW_H3_MAX_VERTS], corner[JW_H3_MAX_VERTS], nc = 0, n = 0;
    int nv = jw__h3_boundary_vec(h, v, topo);
    for (int q = 0; q < nv; q++)
        if (topo[q])
            corner[nc++] = q;
    jw__fijk f;
    jw__h3_to_fijk(h, &f);
    int res = jw_h3_resolution(h);
    jw__v2_to_vec3(jw__ijk_to_v2(f.coord), f.face, res, 0, c);
    for (int e = 0; e < nc; e++) {
        const double *a = v[corner[e]], *b = v[corner[(e + 1) % nc]];
        double m[3] = {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
        double len = sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]);
        double cm = (c[0] * m[0] + c[1] * m[1] + c[2] * m[2]) / (len * len);
        double p[3];
        for (int q = 0; q < 3; q++)
            p[q] = 2.0 * cm * m[q] - c[q];
        jw_h3 x = jw__h3_from_vec3(p, res);
        if (!x || x == h)
            return 0;
        int dup = 0;
        for (int q = 0; q < n; q++)
            dup |= nb[q] == x;
        if (!dup && n < 6)
            nb[n++] = x;
    }
    return n;
}

jw_err jw_h3_disk(jw_h3 origin, int k, jw_h3 *out, size_t cap, size_t *n_out)
{
    if (!jw_h3_is_valid(origin))
        return JW_ECELL;
    if (k < 0 || k > JW_H3_DISK_MAX_K || !out || !n_out)
        return JW_EINVAL;
    if (cap < jw_h3_disk_size(k))
        return JW_EFULL;
    size_t n = 0, ring_prev = 0, ring_cur = 0;
    out[n++] = origin;
    /* Ring d-1 is out[ring_cur, ring_end); its neighbours lie in rings
     * d-2 .. d, which start at ring_prev. */
    for (int d = 1; d <= k; d++) {
        size_t ring_end = n;
        for (size_t i = ring_cur; i < ring_end; i++) {
            jw_h3 nb[6];
            int m = neighbours(out[i], nb);
            if (m < 5)
                return JW_EPENTAGON; /* geometry failed: never seen */
            for (int q = 0; q < m; q++) {
                int seen = 0;
                for (size_t s = ring_prev; s < n && !seen; s++)
                    seen = out[s] == nb[q];
                if (!seen)
                    out[n++] = nb[q];
            }
        }
        ring_prev = ring_cur;
        ring_cur = ring_end;
    }
    *n_out = n;
    return JW_OK;
}
