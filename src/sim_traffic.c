/*
 * sim_traffic.c - where aircraft and ships are: flights along great circles
 * between airports (climb, cruise, descent), ships along lanes, and the
 * identities they carry.
 *
 * A flight follows the great circle from its departure airport with a
 * fixed initial bearing. Its altitude is a closed-form profile of the
 * distance flown, min(cruise, climb from A, descent to B), so a flight can
 * be placed anywhere along its route at once (the sky is full at t = 0).
 * Flights live while they are inside the region (widened by a margin) and
 * are replaced when they land or leave, keeping the count constant.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/sim_physics.h"
#include "sim_internal.h"

#define REGION_MARGIN_DEG 1.0
#define KT_KMS            (1.852 / 3600.0) /* knots to km per second */

static const char *const default_airlines[] = {"KAL", "AAR", "CES", "CCA", "ANA", "JAL", "DLH",
                                               "AFR", "BAW", "THY", "UAE", "QTR", "SAS", "FIN",
                                               "LOT", "RYR", "EZY", "WZZ", "ELY", "MEA"};

static const char *const vessel_words[] = {
    "OCEAN",   "STAR",    "GLORY",   "PACIFIC", "BALTIC", "SEA",  "SPIRIT",  "PIONEER",
    "HARMONY", "EXPRESS", "VENTURE", "FORTUNE", "GRACE",  "DAWN", "HORIZON", "TRADER"};

static bool in_region(const jw_sim_scenario *sc, double lat, double lon, double m)
{
    return lat >= sc->lat_min - m && lat <= sc->lat_max + m && lon >= sc->lon_min - m &&
           lon <= sc->lon_max + m;
}

/* Index of the first cumulative weight above u * total. */
static size_t pick_cum(const double *cum, size_t n, double u)
{
    double x = u * cum[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static jw_err routes_init(jw_sim *s)
{
    const jw_sim_scenario *sc = s->sc;
    size_t n = sc->nroutes ? sc->nroutes : sc->nairports * sc->nairports;
    s->route_cum = calloc(n ? n : 1, sizeof *s->route_cum);
    s->pair_from = calloc(n ? n : 1, sizeof *s->pair_from);
    s->pair_to = calloc(n ? n : 1, sizeof *s->pair_to);
    if (!s->route_cum || !s->pair_from || !s->pair_to)
        return JW_ENOMEM;
    double acc = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t f, t;
        double w;
        if (sc->nroutes) {
            f = sc->routes[i].from, t = sc->routes[i].to, w = sc->routes[i].weight;
        } else {
            f = (uint32_t)(i / sc->nairports), t = (uint32_t)(i % sc->nairports);
            const jw_sim_airport *a = &sc->airports[f], *b = &sc->airports[t];
            bool far = jw_geo_distance_km(a->lat, a->lon, b->lat, b->lon) > 150;
            w = (f != t && far) ? a->weight * b->weight : 0;
        }
        if (w <= 0)
            continue;
        acc += w;
        s->route_cum[k] = acc, s->pair_from[k] = f, s->pair_to[k] = t;
        k++;
    }
    s->nroutes = k;
    return JW_OK;
}

jw_err jw__traffic_init(jw_sim *s)
{
    jw_err err = routes_init(s);
    if (err != JW_OK)
        return err;
    if (s->sc->aircraft > 0 && s->nroutes == 0)
        return JW_EINVAL;
    s->lane_cum = calloc(s->sc->nlanes ? s->sc->nlanes : 1, sizeof *s->lane_cum);
    if (!s->lane_cum)
        return JW_ENOMEM;
    double acc = 0;
    for (size_t i = 0; i < s->sc->nlanes; i++)
        s->lane_cum[i] = acc += s->sc->lanes[i].weight > 0 ? s->sc->lanes[i].weight : 1e-9;
    return JW_OK;
}

/* Profile altitude after s_km along the route. */
static double profile_alt(const sim_aircraft *a, double s_km)
{
    double up = a->a_elev + s_km * a->k_climb, down = a->b_elev + (a->dist_km - s_km) * a->k_desc;
    double alt = a->cruise_ft;
    if (up < alt)
        alt = up;
    if (down < alt)
        alt = down;
    return alt;
}

/* The part of the route inside the region: [*s_in, *s_out]; false if none. */
static bool route_window(const jw_sim *s, sim_aircraft *a, double *s_in, double *s_out)
{
    bool found = false;
    double step = 10.0;
    for (double d = 0; d <= a->dist_km + step; d += step) {
        double dd = d > a->dist_km ? a->dist_km : d, lat, lon;
        jw_geo_destination_km(a->a_lat, a->a_lon, a->brg0, dd, &lat, &lon);
        if (in_region(s->sc, lat, lon, REGION_MARGIN_DEG)) {
            if (!found)
                *s_in = dd;
            *s_out = dd;
            found = true;
        } else if (found) {
            break;
        }
    }
    return found && *s_out - *s_in > 20.0;
}

static uint32_t new_icao(jw_sim *s)
{
    for (;;) {
        uint32_t icao = 0x100000u + (uint32_t)(jw__rng_next(&s->rng) % 0xDFFFFFu);
        bool dup = false;
        for (size_t i = 0; i < s->nac && !dup; i++)
            dup = s->ac[i].icao == icao;
        if (!dup)
            return icao;
    }
}

static void aircraft_identity(jw_sim *s, sim_aircraft *a)
{
    const jw_sim_scenario *sc = s->sc;
    sim_rng *r = &s->rng;
    a->icao = new_icao(s);
    size_t nal = sc->nairlines ? sc->nairlines : sizeof default_airlines / sizeof *default_airlines;
    const char *al = sc->nairlines ? sc->airlines[jw__rng_next(r) % nal]
                                   : default_airlines[jw__rng_next(r) % nal];
    snprintf(a->callsign, sizeof a->callsign, "%.3s%u", al, (unsigned)(1 + jw__rng_next(r) % 2999));
    unsigned sq;
    do {
        sq = 01000 + (unsigned)(jw__rng_next(r) % (06777 - 01000));
    } while ((sq >> 6) == 075 || (sq >> 6) == 076 || (sq >> 6) == 077);
    a->squawk =
        (uint16_t)(((sq >> 9) & 7) << 12 | ((sq >> 6) & 7) << 8 | ((sq >> 3) & 7) << 4 | (sq & 7));
    a->category = rng_unit(r) < 0.2 ? 5 : 3;
    double u = rng_unit(r) * (sc->version_share[0] + sc->version_share[1] + sc->version_share[2]);
    a->version = u < sc->version_share[0]                          ? 0
                 : u < sc->version_share[0] + sc->version_share[1] ? 1
                                                                   : 2;
    double f = rng_unit(r);
    a->fault = f < sc->fault_no_gnss                        ? SIM_FAULT_NO_GNSS
               : f < sc->fault_no_gnss + sc->fault_low_nacp ? SIM_FAULT_LOW_NACP
                                                            : SIM_FAULT_NONE;
    a->lost_tc0 = rng_unit(r) < 0.5;
    a->vrate_baro = rng_unit(r) < 0.7;
    a->gmb_ft = rng_uniform(r, -200, 700);
}

/* NIC and NACp of a healthy installation (v0: NUCp in nic). */
static void aircraft_integrity(jw_sim *s, sim_aircraft *a)
{
    static const uint8_t nics[] = {11, 10, 9, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 7, 7, 7, 9, 8, 8, 8};
    static const uint8_t nacps[] = {9,  9,  9,  9,  9,  9, 9, 9, 10, 10,
                                    10, 10, 10, 10, 10, 8, 8, 8, 11, 10};
    uint8_t nic = nics[jw__rng_next(&s->rng) % 20], nacp = nacps[jw__rng_next(&s->rng) % 20];
    if (a->version == 0)
        nic = 7; /* NUCp 7: TC 11, what most v0 units send */
    if (a->fault == SIM_FAULT_LOW_NACP)
        nacp = (uint8_t)(jw__rng_next(&s->rng) % 5);
    jw__gnss_init(s, &a->g, nacp, nic);
}

static bool aircraft_route(jw_sim *s, sim_aircraft *a, bool initial)
{
    const jw_sim_scenario *sc = s->sc;
    size_t k = pick_cum(s->route_cum, s->nroutes, rng_unit(&s->rng));
    const jw_sim_airport *A = &sc->airports[s->pair_from[k]], *B = &sc->airports[s->pair_to[k]];
    a->from = s->pair_from[k], a->to = s->pair_to[k];
    a->a_lat = A->lat, a->a_lon = A->lon, a->b_lat = B->lat, a->b_lon = B->lon;
    a->a_elev = A->elev_ft, a->b_elev = B->elev_ft;
    a->dist_km = jw_geo_distance_km(A->lat, A->lon, B->lat, B->lon);
    a->brg0 = jw_geo_bearing(A->lat, A->lon, B->lat, B->lon);
    double s_in = 0, s_out = 0;
    if (!route_window(s, a, &s_in, &s_out))
        return false;
    sim_rng *r = &s->rng;
    a->cruise_ft = 1000.0 * floor(rng_uniform(r, sc->cruise_ft[0], sc->cruise_ft[1]) / 1000.0);
    a->cruise_kt = rng_uniform(r, sc->cruise_kt[0], sc->cruise_kt[1]);
    a->climb_fpm = rng_uniform(r, sc->climb_fpm[0], sc->climb_fpm[1]);
    a->desc_fpm = rng_uniform(r, sc->descent_fpm[0], sc->descent_fpm[1]);
    a->k_climb = a->climb_fpm / (280.0 * 1.852 / 60.0);
    a->k_desc = a->desc_fpm / (260.0 * 1.852 / 60.0);
    /* Short hops cannot reach the drawn cruise level. */
    double top = (a->b_elev - a->a_elev + a->dist_km * a->k_desc) / (a->k_climb + a->k_desc);
    if (profile_alt(a, top) < a->cruise_ft)
        a->cruise_ft = profile_alt(a, top);
    a->s_km = initial ? rng_uniform(r, s_in, s_out) : s_in;
    a->s_end_km = s_out;
    return true;
}

bool jw__aircraft_spawn(jw_sim *s, sim_aircraft *a, bool initial)
{
    memset(a, 0, sizeof *a);
    aircraft_identity(s, a);
    bool routed = false;
    for (int tries = 0; tries < 50 && !routed; tries++)
        routed = aircraft_route(s, a, initial);
    aircraft_integrity(s, a);
    for (int k = 0; k < SIM_M_N; k++)
        a->next[k] = s->t + rng_unit(&s->rng) * 2.0;
    a->g.truth = jw__truth_new(s, 0, a->icao, a->callsign, s->t);
    if (a->g.truth < s->ntruth) {
        sim_truth *tr = &s->truth[a->g.truth];
        tr->version = a->version, tr->fault = a->fault, tr->from = a->from, tr->to = a->to;
    }
    return routed;
}

/* Sets the true state at time t; false when the flight is over. */
bool jw__aircraft_move(jw_sim *s, sim_aircraft *a, double t)
{
    (void)t;
    if (a->s_km >= a->s_end_km)
        return false;
    a->alt_ft = profile_alt(a, a->s_km);
    double frac = a->alt_ft / (0.8 * (a->cruise_ft > 1 ? a->cruise_ft : 1));
    a->gs_kt = 160.0 + (a->cruise_kt - 160.0) * (frac > 1 ? 1 : frac < 0 ? 0 : frac);
    double up = a->a_elev + a->s_km * a->k_climb,
           down = a->b_elev + (a->dist_km - a->s_km) * a->k_desc;
    a->vrate_fpm = (up < a->cruise_ft && up <= down)    ? a->climb_fpm
                   : (down < a->cruise_ft && down < up) ? -a->desc_fpm
                                                        : 0.0;
    if (a->fix_age == 0 || a->fix_age >= 10) { /* exact point on the great circle */
        jw_geo_destination_km(a->a_lat, a->a_lon, a->brg0, a->s_km, &a->lat, &a->lon);
        a->track = jw_geo_bearing(a->lat, a->lon, a->b_lat, a->b_lon);
        a->coslat = cos(a->lat * 0.017453292519943295);
        a->fix_age = 1;
    } else { /* one second of dead reckoning along the current track: metres off the arc */
        double d = a->gs_kt * KT_KMS / 111.195, trk = a->track * 0.017453292519943295;
        a->lat += d * cos(trk);
        a->lon += d * sin(trk) / a->coslat;
        a->lon = a->lon > 180 ? a->lon - 360 : a->lon < -180 ? a->lon + 360 : a->lon;
        a->fix_age++;
    }
    a->s_km += a->gs_kt * KT_KMS; /* one second */
    (void)s;
    return true;
}

void jw__vessel_spawn(jw_sim *s, sim_vessel *v)
{
    const jw_sim_scenario *sc = s->sc;
    sim_rng *r = &s->rng;
    memset(v, 0, sizeof *v);
    static const uint16_t mids[] = {440, 441, 412, 413, 431, 273, 230, 265, 276, 275, 277, 211,
                                    219, 261, 636, 538, 355, 371, 477, 215, 248, 256, 271, 272};
    v->mmsi = mids[jw__rng_next(r) % (sizeof mids / sizeof *mids)] * 1000000u +
              (uint32_t)(jw__rng_next(r) % 1000000u);
    snprintf(v->name, sizeof v->name, "%s %s %u", vessel_words[jw__rng_next(r) % 16],
             vessel_words[jw__rng_next(r) % 16], (unsigned)(1 + jw__rng_next(r) % 99));
    snprintf(v->callsign, sizeof v->callsign, "%c%c%c%u", 'A' + (int)(jw__rng_next(r) % 26),
             'A' + (int)(jw__rng_next(r) % 26), 'A' + (int)(jw__rng_next(r) % 26),
             (unsigned)(jw__rng_next(r) % 10));
    v->class_b = rng_unit(r) < sc->class_b_share;
    v->shiptype = v->class_b ? 37 : (uint8_t)(70 + jw__rng_next(r) % 20);
    v->length_m = (uint16_t)(v->class_b ? rng_uniform(r, 8, 25) : rng_uniform(r, 60, 330));
    v->beam_m = (uint8_t)(v->length_m / 6 + 2);
    v->anchored = rng_unit(r) < sc->anchored_share;
    v->fault = rng_unit(r) < sc->fault_ais_na ? SIM_FAULT_AIS_NA : SIM_FAULT_NONE;
    v->freeze = rng_unit(r) < 0.5;
    v->lane = (uint32_t)pick_cum(s->lane_cum, sc->nlanes, rng_unit(r));
    const jw_sim_lane *l = &sc->lanes[v->lane];
    v->seg = (uint32_t)(jw__rng_next(r) % (l->npts - 1));
    const jw_sim_waypoint *p = &l->pts[v->seg], *q = &l->pts[v->seg + 1];
    v->seg_km = rng_unit(r) * jw_geo_distance_km(p->lat, p->lon, q->lat, q->lon);
    v->seg_len = -1;
    v->dir = rng_unit(r) < 0.5 ? 1 : -1;
    v->speed_kn = v->anchored ? 0 : rng_uniform(r, l->speed_kn[0], l->speed_kn[1]);
    v->next_pos = s->t + rng_unit(r) * 10.0;
    v->next_static = s->t + rng_unit(r) * 360.0;
    jw__gnss_init(s, &v->g, 9, 8);
    v->g.truth = jw__truth_new(s, 1, v->mmsi, v->name, s->t);
    if (v->g.truth < s->ntruth)
        s->truth[v->g.truth].class_b = v->class_b, s->truth[v->g.truth].fault = v->fault;
    jw__vessel_move(s, v, 0);
    if (v->anchored) { /* anchorages lie beside the lane */
        jw_geo_destination_km(v->lat, v->lon, rng_uniform(r, 0, 360), rng_uniform(r, 1, 4), &v->lat,
                              &v->lon);
    }
    v->last_lat = v->lat, v->last_lon = v->lon;
}

/* Length and bearing of the vessel's current segment (cached). */
static void segment(const jw_sim_lane *l, sim_vessel *v)
{
    if (v->seg_len >= 0)
        return;
    const jw_sim_waypoint *p = &l->pts[v->seg], *q = &l->pts[v->seg + 1];
    v->seg_len = jw_geo_distance_km(p->lat, p->lon, q->lat, q->lon);
    v->seg_brg = jw_geo_bearing(p->lat, p->lon, q->lat, q->lon);
}

/* Moves a vessel dt seconds along its lane, turning back at the ends.
 * Segments are short: positions are interpolated linearly along them. */
void jw__vessel_move(jw_sim *s, sim_vessel *v, double dt)
{
    const jw_sim_lane *l = &s->sc->lanes[v->lane];
    if (v->anchored && dt > 0)
        return;
    double left = v->speed_kn * 1.852 / 3600.0 * dt;
    for (int guard = 0; guard < 64; guard++) {
        segment(l, v);
        const jw_sim_waypoint *p = &l->pts[v->seg], *q = &l->pts[v->seg + 1];
        double len = v->seg_len, pos = v->seg_km + (v->dir > 0 ? left : -left);
        if (pos >= 0 && pos <= len) {
            double f = len > 0 ? pos / len : 0;
            v->seg_km = pos;
            v->lat = p->lat + f * (q->lat - p->lat);
            v->lon = p->lon + f * (q->lon - p->lon);
            v->cog = v->dir > 0 ? v->seg_brg : fmod(v->seg_brg + 180.0, 360.0);
            return;
        }
        left = v->dir > 0 ? pos - len : -pos;
        if (v->dir > 0 && v->seg + 2 < l->npts) {
            v->seg++, v->seg_km = 0, v->seg_len = -1;
        } else if (v->dir < 0 && v->seg > 0) {
            v->seg--, v->seg_len = -1;
            segment(l, v);
            v->seg_km = v->seg_len;
        } else {
            v->dir = (int8_t)-v->dir; /* end of the lane: turn back */
            v->seg_km = v->dir > 0 ? 0 : len;
        }
    }
}
