/*
 * sim_effects.c - what jammers and spoofers do to each GNSS receiver.
 *
 * Once a second every receiver (aircraft, vessel, fixed AIS station) is
 * checked against every emitter that is on. Jammers act through
 * jw_jam_effect() (path loss, radio horizon, this receiver's tolerance):
 * integrity falls as J/S nears the tolerance, the position is lost above it,
 * and it comes back only after the receiver's recovery delay out of reach.
 * A spoofer captures every receiver within its reach and line of sight
 * (optionally after a dip) and then dictates the reported position; on
 * release the receiver loses its fix for the recovery delay.
 */
#include <math.h>

#include "jamwatch/sim_physics.h"
#include "sim_internal.h"

#define KM_PER_DEG 111.195

/* Position of a moving emitter by linear interpolation along its path. */
static void emitter_pos(const jw_sim_emitter *e, double t, double *lat, double *lon)
{
    *lat = e->lat, *lon = e->lon;
    if (!e->path || e->npath == 0)
        return;
    const jw_sim_waypoint *w = e->path;
    if (t <= w[0].t || e->npath == 1) {
        *lat = w[0].lat, *lon = w[0].lon;
        return;
    }
    for (size_t i = 1; i < e->npath; i++) {
        if (t <= w[i].t) {
            double f = (t - w[i - 1].t) / (w[i].t - w[i - 1].t);
            *lat = w[i - 1].lat + f * (w[i].lat - w[i - 1].lat);
            *lon = w[i - 1].lon + f * (w[i].lon - w[i - 1].lon);
            return;
        }
    }
    *lat = w[e->npath - 1].lat, *lon = w[e->npath - 1].lon;
}

static bool emitter_on(const jw_sim_emitter *e, double t)
{
    if (e->nsched == 0)
        return true;
    for (size_t i = 0; i < e->nsched; i++)
        if (t >= e->sched[i].start && t < e->sched[i].end)
            return true;
    return false;
}

void jw__emitters_update(jw_sim *s, double t)
{
    for (size_t i = 0; i < s->sc->nemitters; i++) {
        s->emit_on[i] = emitter_on(&s->sc->emitters[i], t);
        emitter_pos(&s->sc->emitters[i], t, &s->emit_lat[i], &s->emit_lon[i]);
        s->emit_xyz[i] = xyz_of(s->emit_lat[i], s->emit_lon[i]);
    }
}

void jw__gnss_init(jw_sim *s, sim_gnss *g, uint8_t nacp, uint8_t nic)
{
    const jw_sim_scenario *sc = s->sc;
    g->state = SIM_GOOD;
    g->base_nacp = g->nacp = nacp;
    g->base_nic = g->nic = nic;
    g->cause = -1;
    g->tol_db = sc->tolerance_db + sc->tolerance_sd_db * jw__rng_normal(&s->rng);
    g->recovery_s = rng_uniform(&s->rng, sc->recovery_s[0], sc->recovery_s[1]);
    g->clear_since = -1;
    g->phase = rng_uniform(&s->rng, 0, 2 * 3.14159265358979323846);
    g->jit_n = rng_uniform(&s->rng, -0.05, 0.05);
    g->jit_e = rng_uniform(&s->rng, -0.05, 0.05);
}

/* The fake position a spoofer imposes at time t on receiver g at pl. */
static void fake_at(const jw_sim_emitter *e, const sim_gnss *g, const sim_place *pl, double t,
                    double *lat, double *lon)
{
    double coslat = cos(pl->lat * 3.14159265358979323846 / 180.0);
    switch (e->mode) {
    case JW_FAKE_FIXED:
        *lat = e->fake_lat + g->jit_n / KM_PER_DEG;
        *lon = e->fake_lon + g->jit_e / (KM_PER_DEG * cos(e->fake_lat * 0.0174532925));
        return;
    case JW_FAKE_OFFSET:
        *lat = pl->lat + e->off_n_km / KM_PER_DEG;
        *lon = pl->lon + e->off_e_km / (KM_PER_DEG * coslat);
        return;
    case JW_FAKE_DRIFT: {
        double d = e->drift_kt * 1.852 / 3600.0 * (t - g->cap_t);
        jw_geo_destination_km(pl->lat, pl->lon, e->drift_brg, d, lat, lon);
        return;
    }
    default: {
        double a = g->phase + 2 * 3.14159265358979323846 * (t - g->cap_t) / e->period_s;
        jw_geo_destination_km(e->fake_lat, e->fake_lon, fmod(a * 57.29577951308232, 360.0),
                              e->radius_km, lat, lon);
        return;
    }
    }
}

/* Sets the reported position and velocity for the state just decided. */
/* Degrees per second of the reported motion, for per-message extrapolation. */
static void report_motion(sim_gnss *g)
{
    const double kms = 1.852 / 3600.0;
    g->rep_dlat = g->rep_vn * kms / KM_PER_DEG;
    g->rep_dlon = g->rep_ve * kms / (KM_PER_DEG * cos(g->rep_lat * 0.017453292519943295));
}

static void report(jw_sim *s, sim_gnss *g, const sim_place *pl, double t)
{
    g->rep_geo_ft = 0;
    if (g->state == SIM_LOST) {
        g->rep_valid = false;
        g->nacp = 0, g->nic = 0;
        return;
    }
    g->rep_valid = true;
    if (g->state != SIM_SPOOFED) {
        g->rep_lat = pl->lat, g->rep_lon = pl->lon, g->rep_vn = pl->vn, g->rep_ve = pl->ve;
        report_motion(g);
        return;
    }
    const jw_sim_emitter *e = &s->sc->emitters[g->cause];
    double la0, lo0, la1, lo1;
    fake_at(e, g, pl, t, &la0, &lo0);
    sim_place next = *pl; /* one second on, for the fake velocity */
    next.lat += pl->vn * 1.852 / 3600.0 / KM_PER_DEG;
    next.lon += pl->ve * 1.852 / 3600.0 / (KM_PER_DEG * cos(pl->lat * 0.0174532925));
    fake_at(e, g, &next, t + 1, &la1, &lo1);
    g->rep_lat = la0, g->rep_lon = lo0;
    g->rep_vn = (la1 - la0) * KM_PER_DEG / 1.852 * 3600.0;
    g->rep_ve = (lo1 - lo0) * KM_PER_DEG * cos(la0 * 0.0174532925) / 1.852 * 3600.0;
    g->nacp = g->base_nacp, g->nic = g->base_nic;
    report_motion(g);
    if (e->has_height)
        g->rep_geo_ft = e->height_ft; /* absolute; see sim_emit.c */
}

/* Worst jamming margin over the jammers that are on; *cause gets the index. */
/* J/S margin of all jammers that are on and in line of sight, their powers
 * added; *cause gets the strongest one's index. */
static double jam_margin(jw_sim *s, const sim_gnss *g, const sim_place *pl, int *cause)
{
    double worst = -1e9, sum = 0;
    *cause = -1;
    for (size_t i = 0; i < s->sc->nemitters; i++) {
        const jw_sim_emitter *e = &s->sc->emitters[i];
        if (e->kind != 0 || !s->emit_on[i])
            continue;
        jw_jam_model m = {e->eirp_w, e->height_m, g->tol_db, s->sc->degrade_db, pl->gain_db};
        double d = xyz_dist_km(s->emit_xyz[i], pl->xyz), margin;
        if (jw_jam_effect(&m, d, pl->h_m, &margin) == JW_JAM_NONE && margin < -100)
            continue; /* below the horizon */
        sum += pow(10.0, margin / 10.0);
        if (margin > worst)
            worst = margin, *cause = (int)i;
    }
    return sum > 0 ? 10.0 * log10(sum) : worst;
}

static int spoofer_in_reach(jw_sim *s, const sim_place *pl)
{
    for (size_t i = 0; i < s->sc->nemitters; i++) {
        const jw_sim_emitter *e = &s->sc->emitters[i];
        if (e->kind != 1 || !s->emit_on[i])
            continue;
        double d = xyz_dist_km(s->emit_xyz[i], pl->xyz);
        if (d <= e->reach_km && d <= jw_radio_horizon_km(e->height_m, pl->h_m))
            return (int)i;
    }
    return -1;
}

static void set_state(jw_sim *s, sim_gnss *g, uint8_t state, int cause, double t)
{
    if (g->state != state || g->cause != cause)
        jw__truth_mark(s, g->truth, state, (int16_t)cause, t);
    g->state = state;
    g->cause = (int16_t)cause;
}

static void degrade(jw_sim *s, sim_gnss *g, double margin);

static void spoof_step(jw_sim *s, sim_gnss *g, int sp, double t)
{
    const jw_sim_emitter *e = &s->sc->emitters[sp];
    g->clear_since = -1;
    if (g->state == SIM_SPOOFED && g->cause == sp)
        return;
    if (!g->capturing || g->cause != sp) {
        g->capturing = 1;
        g->cap_t = t;
        /* Before the capture, half the receivers lose their fix and the others
         * report a collapsing integrity (REFERENCE.md 3). */
        uint8_t dip = g->jit_n > 0 ? SIM_LOST : SIM_DEGRADED;
        set_state(s, g, e->dip ? dip : SIM_SPOOFED, sp, t);
    }
    if (t >= g->cap_t + e->dip_s) {
        g->capturing = 0;
        set_state(s, g, SIM_SPOOFED, sp, t);
    } else if (g->state == SIM_DEGRADED) {
        degrade(s, g, -0.5);
    }
}

/* Integrity under moderate jamming: falls linearly toward 1 as margin -> 0. */
static void degrade(jw_sim *s, sim_gnss *g, double margin)
{
    double f = (margin + s->sc->degrade_db) / (s->sc->degrade_db > 0 ? s->sc->degrade_db : 1);
    f = f < 0.15 ? 0.15 : f > 1 ? 1 : f; /* in the degraded band integrity is always down */
    g->nacp = (uint8_t)(g->base_nacp - ceil(f * (g->base_nacp > 1 ? g->base_nacp - 1 : 0)));
    g->nic = (uint8_t)(g->base_nic - ceil(f * (g->base_nic > 1 ? g->base_nic - 1 : 0)));
}

void jw__gnss_update(jw_sim *s, sim_gnss *g, const sim_place *pl, double t)
{
    int jam, sp = spoofer_in_reach(s, pl);
    double margin = jam_margin(s, g, pl, &jam);
    g->nacp = g->base_nacp, g->nic = g->base_nic;
    if (sp >= 0) {
        spoof_step(s, g, sp, t);
    } else if (margin >= 0) {
        g->capturing = 0, g->clear_since = -1;
        set_state(s, g, SIM_LOST, jam, t);
    } else if (margin >= -s->sc->degrade_db) {
        g->capturing = 0, g->clear_since = -1;
        if (g->state == SIM_LOST || g->state == SIM_SPOOFED)
            set_state(s, g, SIM_LOST, g->cause, t);
        else
            set_state(s, g, SIM_DEGRADED, jam, t), degrade(s, g, margin);
    } else if (g->state != SIM_GOOD) {
        g->capturing = 0;
        if (g->state == SIM_SPOOFED)
            set_state(s, g, SIM_LOST, g->cause, t); /* released: reacquiring */
        if (g->clear_since < 0)
            g->clear_since = t;
        double need = g->state == SIM_DEGRADED ? g->recovery_s / 4 : g->recovery_s;
        if (t - g->clear_since >= need) {
            set_state(s, g, SIM_GOOD, -1, t);
            g->clear_since = -1;
        } else if (g->state == SIM_DEGRADED) {
            degrade(s, g, -s->sc->degrade_db);
        }
    }
    report(s, g, pl, t);
}
