/*
 * sim.c - the simulation loop: one second per jw_sim_step(). Each step
 * moves every aircraft and vessel, updates what emitters do to their GNSS,
 * decides which receivers hear them, collects what they transmit, and
 * sorts it into reception order. All randomness comes from one seeded
 * xoshiro256** generator consumed in a fixed order, so a seed fixes the
 * output byte for byte.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/ais_encode.h"
#include "jamwatch/sim_physics.h"
#include "sim_internal.h"

#define SHIP_ANTENNA_M    15.0
#define STATION_ANTENNA_M 20.0

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void jw__rng_seed(sim_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t jw__rng_next(sim_rng *r)
{
    uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 45);
    return out;
}

double jw__rng_normal(sim_rng *r)
{
    double u = 1.0 - rng_unit(r), v = rng_unit(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * 3.14159265358979323846 * v);
}

static jw_err open_objects(jw_sim *s)
{
    const jw_sim_scenario *sc = s->sc;
    s->ac = calloc(sc->aircraft ? sc->aircraft : 1, sizeof *s->ac);
    s->vs = calloc(sc->vessels ? sc->vessels : 1, sizeof *s->vs);
    s->st = calloc(sc->nstations ? sc->nstations : 1, sizeof *s->st);
    if (!s->ac || !s->vs || !s->st)
        return JW_ENOMEM;
    size_t routed = 0;
    for (size_t i = 0; i < sc->aircraft; i++, s->nac++)
        routed += jw__aircraft_spawn(s, &s->ac[i], true);
    if (sc->aircraft > 0 && routed == 0)
        return JW_ENOTFOUND; /* no route crosses the region */
    for (size_t i = 0; i < sc->vessels; i++, s->nvs++)
        jw__vessel_spawn(s, &s->vs[i]);
    for (size_t i = 0; i < sc->nstations; i++, s->nst++) {
        sim_station *st = &s->st[i];
        st->def = &sc->stations[i];
        st->next = rng_unit(&s->rng) * 10.0;
        jw__gnss_init(s, &st->g, 10, 9);
        st->g.truth =
            st->def->gnss ? jw__truth_new(s, 2, st->def->mmsi, st->def->name, 0) : UINT32_MAX;
        for (size_t r = 0; r < sc->nreceivers; r++) {
            const jw_sim_receiver *rx = &sc->receivers[r];
            double d = jw_geo_distance_km(rx->lat, rx->lon, st->def->lat, st->def->lon);
            double hz = jw_radio_horizon_km(rx->height_m, STATION_ANTENNA_M);
            if (rx->ais && d <= rx->ais_range_km && d <= hz)
                st->rx_mask |= 1u << r;
        }
    }
    return JW_OK;
}

jw_err jw_sim_open(const jw_sim_scenario *sc, const jw_sim_options *opt, jw_sim **out)
{
    if (!sc || !opt || !out || sc->nreceivers > JW_SIM_MAX_RX || sc->nemitters > JW_SIM_MAX_EMIT)
        return JW_EINVAL;
    jw_sim *s = calloc(1, sizeof *s);
    if (!s)
        return JW_ENOMEM;
    s->sc = sc;
    s->opt = *opt;
    if (s->opt.track_every_s <= 0)
        s->opt.track_every_s = 10;
    s->end = opt->duration_s > 0 ? opt->duration_s : sc->duration_s;
    jw__rng_seed(&s->rng, opt->seed);
    for (size_t r = 0; r < sc->nreceivers; r++)
        s->rx_xyz[r] = xyz_of(sc->receivers[r].lat, sc->receivers[r].lon);
    jw_err err = jw__traffic_init(s);
    if (err == JW_OK)
        err = open_objects(s);
    if (err == JW_OK)
        err = jw__emit_reserve(s, 4096, 1 << 16);
    if (err != JW_OK) {
        jw_sim_close(s);
        return err;
    }
    *out = s;
    return JW_OK;
}

/* Which ADS-B receivers hear the aircraft, how well, and how loud. */
static void aircraft_visibility(jw_sim *s, sim_aircraft *a, sim_xyz xyz)
{
    const jw_sim_scenario *sc = s->sc;
    double h = a->alt_ft * 0.3048;
    a->rx_mask = 0;
    for (size_t r = 0; r < sc->nreceivers; r++) {
        const jw_sim_receiver *rx = &sc->receivers[r];
        if (!rx->adsb)
            continue;
        double d = xyz_dist_km(s->rx_xyz[r], xyz);
        double hz = jw_radio_horizon_km(rx->height_m, h);
        double R = rx->range_km < hz ? rx->range_km : hz;
        if (d > R)
            continue;
        double f = d / R;
        a->rx_mask |= 1u << r;
        a->rx_km[r] = (float)hypot(d, h / 1000.0);
        a->rx_p[r] = (float)(f < 0.6 ? 0.97 : 0.97 - 0.75 * (f - 0.6) / 0.4);
        /* -6 dBFS at 50 km, falling 20 dB per decade; signal byte 255 * 10^(dBFS/20). */
        double amp = 0.501187 * 50.0 / (d < 5 ? 5 : d);
        amp = amp > 0.891 ? 0.891 : amp < 0.01 ? 0.01 : amp;
        a->rx_sig[r] = (uint8_t)(255.0 * amp + 0.5);
    }
}

/* jw__gnss_update, with a tracks.csv row when the state changed off the
 * periodic samples (those record it anyway). */
static void gnss_update(jw_sim *s, sim_gnss *g, const sim_place *pl, double t, char kind,
                        uint32_t id, double alt_ft)
{
    uint8_t state = g->state;
    int16_t cause = g->cause;
    jw__gnss_update(s, g, pl, t);
    if (fmod(t, s->opt.track_every_s) >= 0.5)
        jw__tracks_change(s, t, kind, id, pl, alt_ft, g, state, cause);
}

static void step_aircraft(jw_sim *s, double t0, double t1)
{
    for (size_t i = 0; i < s->nac; i++) {
        sim_aircraft *a = &s->ac[i];
        if (!jw__aircraft_move(s, a, t0)) {
            jw__truth_mark(s, a->g.truth, SIM_GOOD, -1, t0);
            jw__aircraft_spawn(s, a, false);
            jw__aircraft_move(s, a, t0);
        }
        jw__truth_seen(s, a->g.truth, t0);
        double trk = a->track * 0.017453292519943295;
        sim_place pl = {a->lat,
                        a->lon,
                        a->alt_ft * 0.3048,
                        -s->sc->shielding_db,
                        a->gs_kt * cos(trk),
                        a->gs_kt * sin(trk),
                        xyz_of(a->lat, a->lon)};
        if (a->fault == SIM_FAULT_NO_GNSS) /* nothing to jam: never a position */
            a->g.rep_valid = false, a->g.nacp = 0, a->g.nic = 0;
        else
            gnss_update(s, &a->g, &pl, t0, 'A', a->icao, a->alt_ft);
        aircraft_visibility(s, a, pl.xyz);
        if (jw__emit_reserve(s, 64 * s->sc->nreceivers, 0) != JW_OK)
            continue;
        jw__emit_aircraft(s, a, t0, t1);
    }
}

static jw_err ais_reserve(jw_sim *s, size_t items)
{
    if (s->nais + items > s->ais_items_cap) {
        size_t cap = (s->nais + items) * 2;
        sim_ais_item *n = realloc(s->ais_items, cap * sizeof *n);
        if (!n)
            return JW_ENOMEM;
        s->ais_items = n, s->ais_items_cap = cap;
    }
    return jw__emit_reserve(s, 0, items * 2 * JW_AIS_LINE_MAX);
}

static void step_vessels(jw_sim *s, double t0, double t1)
{
    const jw_sim_scenario *sc = s->sc;
    for (size_t i = 0; i < s->nvs; i++) {
        sim_vessel *v = &s->vs[i];
        jw__vessel_move(s, v, t0 > 0 ? 1.0 : 0.0);
        jw__truth_seen(s, v->g.truth, t0);
        double c = v->cog * 0.017453292519943295;
        sim_place pl = {v->lat,
                        v->lon,
                        SHIP_ANTENNA_M,
                        0,
                        v->speed_kn * cos(c),
                        v->speed_kn * sin(c),
                        xyz_of(v->lat, v->lon)};
        gnss_update(s, &v->g, &pl, t0, 'S', v->mmsi, 0);
        v->rx_mask = 0;
        for (size_t r = 0; r < sc->nreceivers; r++) {
            const jw_sim_receiver *rx = &sc->receivers[r];
            double d = xyz_dist_km(s->rx_xyz[r], pl.xyz);
            if (rx->ais && d <= rx->ais_range_km &&
                d <= jw_radio_horizon_km(rx->height_m, SHIP_ANTENNA_M))
                v->rx_mask |= 1u << r;
        }
        if (ais_reserve(s, 8 * sc->nreceivers) == JW_OK)
            jw__emit_vessel(s, v, t0, t1);
    }
    for (size_t i = 0; i < s->nst; i++) {
        sim_station *st = &s->st[i];
        if (st->def->gnss) {
            sim_place pl = {st->def->lat,
                            st->def->lon,
                            STATION_ANTENNA_M,
                            0,
                            0,
                            0,
                            xyz_of(st->def->lat, st->def->lon)};
            gnss_update(s, &st->g, &pl, t0, 'F', st->def->mmsi, 0);
            jw__truth_seen(s, st->g.truth, t0);
        }
        if (ais_reserve(s, 2 * sc->nreceivers) == JW_OK)
            jw__emit_station(s, st, t0, t1);
    }
}

/* Sorts the step's frames by reception time (LSD radix on the 24-bit key). */
static void sort_frames(jw_sim *s)
{
    uint64_t *a = s->keys, *b = s->keys_tmp;
    for (int pass = 0; pass < 3; pass++) {
        size_t count[257] = {0};
        int shift = 24 + 8 * pass;
        for (size_t i = 0; i < s->nfr; i++)
            count[((a[i] >> shift) & 0xFF) + 1]++;
        for (int k = 0; k < 256; k++)
            count[k + 1] += count[k];
        for (size_t i = 0; i < s->nfr; i++)
            b[count[(a[i] >> shift) & 0xFF]++] = a[i];
        uint64_t *t = a;
        a = b, b = t;
    }
    for (size_t i = 0; i < s->nfr; i++) {
        size_t k = (size_t)(a[i] & 0xFFFFFF);
        s->fr_sorted[i] = s->fr[k];
        if (s->opt.want_sbs)
            s->sbs_sorted[i] = s->sbs[k];
    }
}

static int ais_cmp(const void *x, const void *y)
{
    const sim_ais_item *a = x, *b = y;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->off < b->off ? -1 : a->off > b->off;
}

static void sort_ais(jw_sim *s)
{
    if (s->nais == 0)
        return;
    qsort(s->ais_items, s->nais, sizeof *s->ais_items, ais_cmp);
    size_t n = 0;
    for (size_t i = 0; i < s->nais; i++) {
        memcpy(s->ais_sorted + n, s->ais_text + s->ais_items[i].off, s->ais_items[i].len);
        n += s->ais_items[i].len;
    }
}

jw_err jw_sim_step(jw_sim *s, jw_sim_batch *out)
{
    if (!s || !out)
        return JW_EINVAL;
    memset(out, 0, sizeof *out);
    if (s->t >= s->end) {
        out->done = true;
        return JW_OK;
    }
    double t0 = s->t, t1 = t0 + 1.0;
    s->nfr = s->ais_len = s->nais = s->tracks_len = 0;
    jw__emitters_update(s, t0);
    step_aircraft(s, t0, t1);
    step_vessels(s, t0, t1);
    double every = s->opt.track_every_s;
    if (fmod(t0, every) < 0.5)
        jw__tracks_sample(s, t0);
    sort_frames(s);
    sort_ais(s);
    out->frames = s->fr_sorted;
    out->sbs = s->opt.want_sbs ? s->sbs_sorted : NULL;
    out->nframes = s->nfr;
    out->ais = s->ais_sorted;
    out->ais_len = s->ais_len;
    out->ais_sentences = s->nais;
    out->tracks = s->tracks;
    out->tracks_len = s->tracks_len;
    out->t0 = t0, out->t1 = t1;
    s->t = t1;
    return JW_OK;
}

void jw_sim_close(jw_sim *s)
{
    if (!s)
        return;
    free(s->route_cum), free(s->pair_from), free(s->pair_to), free(s->lane_cum);
    free(s->ac), free(s->vs), free(s->st);
    free(s->fr), free(s->fr_sorted), free(s->sbs), free(s->sbs_sorted);
    free(s->keys), free(s->keys_tmp);
    free(s->ais_text), free(s->ais_sorted), free(s->ais_items), free(s->tracks);
    jw__truth_free(s);
    free(s);
}
