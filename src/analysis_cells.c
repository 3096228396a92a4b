/*
 * analysis_cells.c - distinct targets per (cell, window) and the rows of a
 * closed window: counts, level with its Wilson 95 % interval, class and
 * alarm under the rule in use (docs/analysis.md, "Cells").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"

static size_t slot_of(jw_h3 cell, uint32_t target, uint8_t domain, size_t mask)
{
    uint64_t h = cell ^ ((uint64_t)target << 1 | domain) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return (size_t)h & mask;
}

static jw_err grow(an_window *w)
{
    size_t ncap = w->cap ? w->cap * 2 : 4096;
    an_entry *nt = calloc(ncap, sizeof *nt);
    if (!nt)
        return JW_ENOMEM;
    for (size_t i = 0; i < w->cap; i++) {
        const an_entry *e = &w->tab[i];
        if (!e->cell)
            continue;
        size_t s = slot_of(e->cell, e->target, e->domain, ncap - 1);
        while (nt[s].cell)
            s = (s + 1) & (ncap - 1);
        nt[s] = *e;
    }
    free(w->tab);
    w->tab = nt;
    w->cap = ncap;
    return JW_OK;
}

static uint8_t flags_of(const jw_evidence *ev)
{
    bool strong = ev->confidence >= 0.5f;
    if (ev->kind == JW_EV_GOOD)
        return CF_GOOD;
    if (ev->kind == JW_EV_DEGRADED)
        return strong ? CF_BAD : CF_WEAK;
    if (ev->kind == JW_EV_LOST)
        return strong ? CF_BAD | CF_LOST : CF_WEAK;
    if (JW_EV_IS_SPOOF(ev->kind))
        return strong ? CF_SPOOF : CF_WEAK;
    return 0;
}

jw_err an_window_add(jw_analysis *a, an_window *w, jw_h3 cell, const jw_evidence *ev)
{
    uint8_t f = flags_of(ev);
    if (!f)
        return JW_OK;
    if ((w->n + 1) * 4 > w->cap * 3) {
        if (w->cap >= a->max_entries) {
            a->dropped++;
            return JW_OK;
        }
        jw_err err = grow(w);
        if (err != JW_OK)
            return err;
    }
    size_t s = slot_of(cell, ev->target, ev->domain, w->cap - 1);
    while (w->tab[s].cell && (w->tab[s].cell != cell || w->tab[s].target != ev->target ||
                              w->tab[s].domain != ev->domain))
        s = (s + 1) & (w->cap - 1);
    an_entry *e = &w->tab[s];
    float onset = (float)(fmax(ev->since, w->t0 - 3600) - w->t0);
    if (!e->cell) {
        e->cell = cell;
        e->target = ev->target;
        e->domain = ev->domain;
        e->onset = INFINITY;
        e->bad_first = 0xFFFF;
        e->spoof_first = INFINITY;
        e->bad_last = e->good_after = -INFINITY;
        w->n++;
    }
    e->flags |= f;
    double at = fmax(ev->time - w->t0, 0);
    if ((f & CF_GOOD) && e->good_after < e->bad_last)
        e->good_after = (float)at;
    if ((f & CF_BAD) && at > e->bad_last)
        e->bad_last = (float)at;
    if (f & (CF_BAD | CF_SPOOF)) {
        if ((f & CF_BAD) && at / 2 < e->bad_first)
            e->bad_first = (uint16_t)fmin(at / 2, 0xFFFE);
        if ((f & CF_SPOOF) && at < e->spoof_first)
            e->spoof_first = (float)at;
    }
    if ((f & (CF_BAD | CF_SPOOF)) && onset < e->onset)
        e->onset = onset;
    return JW_OK;
}

void an_wilson(uint32_t k, uint32_t n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = 0, *hi = 1;
        return;
    }
    const double z = 1.959963984540054, z2 = z * z;
    double p = (double)k / n, d = 1 + z2 / n;
    double c = (p + z2 / (2.0 * n)) / d;
    double r = z * sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / d;
    *lo = fmax(0, c - r);
    *hi = fmin(1, c + r);
}

static int by_cell(const void *x, const void *y)
{
    const an_entry *a = x, *b = y;
    return a->cell < b->cell ? -1 : a->cell > b->cell;
}

static uint8_t class_of(double f)
{
    return f < 0.02 ? JW_CLASS_GREEN : f < 0.10 ? JW_CLASS_YELLOW : JW_CLASS_RED;
}

/* Counts, level and classes of one cell's finished row. */
static void finish_row(const jw_analysis *a, jw_cell_row *r)
{
    uint32_t good = r->good[0] + r->good[1], bad = r->degraded[0] + r->degraded[1];
    uint32_t spoof = r->spoofed[0] + r->spoofed[1], n = good + bad;
    r->level = n ? (double)bad / n : 0;
    an_wilson(bad, n, &r->level_lo, &r->level_hi);
    r->spoof_level = n + spoof ? (double)spoof / (n + spoof) : 0;
    if (a->cfg.rule == JW_RULE_GPSJAM) {
        r->cls = n ? class_of(((double)bad - 1) / n) : JW_CLASS_NONE;
        r->alarm = r->cls == JW_CLASS_RED;
    } else {
        r->cls = n ? class_of(r->level_lo) : JW_CLASS_NONE;
        r->alarm = bad >= 1 && r->level_lo >= a->cfg.alarm_level;
    }
    r->spoof_alarm = spoof >= 1;
}

/* At a spoofer's capture edge (AN_EDGE_S): not spoofed itself, another
 * target spoofed in the cell-window (nspoof counts the cell's spoofed
 * targets), a position loss, and a good fix again here within AN_EDGE_S of
 * its onset, after its last loss record. */
bool an_spoof_edge(const an_entry *e, uint32_t nspoof)
{
    if ((e->flags & CF_SPOOF) || nspoof == 0 || !(e->flags & CF_LOST) || !(e->flags & CF_GOOD))
        return false;
    return e->good_after > e->bad_last && e->good_after - e->onset <= AN_EDGE_S;
}

/* Adds one (cell, target) to its row. A target only weakly degraded (never
 * seen healthy: maybe a chronic fault) counts as degraded only where another
 * target is confidently degraded in the same cell-window; one at a spoofer's
 * capture edge (an_spoof_edge) counts as good. */
static void count_entry(const an_window *w, const an_entry *e, bool confirmed, uint32_t nspoof,
                        jw_cell_row *row, an_cell_extra *x)
{
    int d = e->domain & 1;
    bool spoofed = (e->flags & CF_SPOOF) != 0;
    if (an_spoof_edge(e, nspoof)) {
        row->good[d]++;
        return;
    }
    /* A target confidently degraded in the cell-window counts as degraded
     * even if it was also spoofed there (jammed, then captured: both) —
     * unless the degradation there only just preceded the spoofing (the
     * spoofer's own dip before capture, AN_DIP_S). */
    bool jammed =
        (e->flags & CF_BAD) && (!spoofed || e->bad_first * 2.0 + AN_DIP_S <= e->spoof_first);
    if (spoofed)
        row->spoofed[d]++;
    if (jammed || (!spoofed && (e->flags & CF_WEAK) && confirmed))
        row->degraded[d]++;
    else if (!spoofed && (e->flags & CF_GOOD))
        row->good[d]++;
    if ((e->flags & (CF_BAD | CF_SPOOF)) && isfinite(e->onset)) {
        double on = w->t0 + e->onset;
        if (!(on >= x->onset))
            x->onset = on;
    }
}

jw_err an_window_rows(const jw_analysis *a, const an_window *w, jw_cell_row **rows,
                      an_cell_extra **extra, size_t *n)
{
    an_entry *e = malloc((w->n ? w->n : 1) * sizeof *e);
    jw_cell_row *r = calloc(w->n ? w->n : 1, sizeof *r);
    an_cell_extra *x = calloc(w->n ? w->n : 1, sizeof *x);
    if (!e || !r || !x) {
        free(e), free(r), free(x);
        return JW_ENOMEM;
    }
    size_t m = 0, k = 0;
    for (size_t i = 0; i < w->cap; i++)
        if (w->tab[i].cell)
            e[m++] = w->tab[i];
    qsort(e, m, sizeof *e, by_cell);
    for (size_t i = 0, j; i < m; i = j) {
        /* one cell: e[i..j) */
        bool confirmed = false;
        uint32_t nspoof = 0;
        for (j = i; j < m && e[j].cell == e[i].cell; j++)
            nspoof += (e[j].flags & CF_SPOOF) != 0;
        for (j = i; j < m && e[j].cell == e[i].cell; j++)
            confirmed |= (e[j].flags & CF_BAD) && !an_spoof_edge(&e[j], nspoof);
        r[k] = (jw_cell_row){.cell = e[i].cell, .t0 = w->t0, .t1 = w->t1};
        x[k].onset = NAN;
        for (size_t q = i; q < j; q++)
            count_entry(w, &e[q], confirmed, nspoof, &r[k], &x[k]);
        k++;
    }
    for (size_t i = 0; i < k; i++)
        finish_row(a, &r[i]);
    free(e);
    *rows = r;
    *extra = x;
    *n = k;
    return JW_OK;
}
