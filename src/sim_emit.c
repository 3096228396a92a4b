/*
 * sim_emit.c - transponders and AIS units: what each aircraft, vessel and
 * fixed station transmits and when, and which receivers get it.
 *
 * Mode S rates follow DO-260B: airborne position and velocity every
 * 0.4-0.6 s (even/odd CPR alternating), identification and aircraft status
 * every 4.8-5.2 s, operational status every 2.4-2.6 s (versions 1 and 2),
 * target state every 1.2-1.3 s (version 2), acquisition squitters (DF11)
 * every 0.8-1.2 s; DF4/5 and DF20/21 replies to ground interrogations at
 * random. AIS: class A position every 2-10 s by speed (3 min at anchor),
 * class B every 30 s, static data every 6 min, base stations every 10 s,
 * aids to navigation every 3 min. A receiver decodes a frame with a
 * probability that falls toward the edge of its range; a share of frames
 * arrive with one bit flipped (its CRC error rate).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/ais_encode.h"
#include "jamwatch/modes_encode.h"
#include "sim_internal.h"

#define LIGHT_KM_S 299792.458
#define KM_PER_DEG 111.195
#define DEG        0.017453292519943295

jw_err jw__emit_reserve(jw_sim *s, size_t frames, size_t ais_bytes)
{
    if (s->nfr + frames > s->fr_cap) {
        size_t cap = (s->nfr + frames) * 2;
        void *a = realloc(s->fr, cap * sizeof *s->fr), *b = NULL, *c = NULL, *d = NULL, *e = NULL;
        if (a)
            s->fr = a, b = realloc(s->fr_sorted, cap * sizeof *s->fr_sorted);
        if (b)
            s->fr_sorted = b, c = realloc(s->keys, cap * sizeof *s->keys);
        if (c)
            s->keys = c, d = realloc(s->keys_tmp, cap * sizeof *s->keys_tmp);
        if (d && s->opt.want_sbs) {
            s->keys_tmp = d;
            e = realloc(s->sbs, cap * sizeof *s->sbs);
            if (e)
                s->sbs = e, e = realloc(s->sbs_sorted, cap * sizeof *s->sbs_sorted);
            if (e)
                s->sbs_sorted = e;
        } else if (d) {
            s->keys_tmp = d, e = d;
        }
        if (!e)
            return JW_ENOMEM;
        s->fr_cap = cap;
    }
    if (s->ais_len + ais_bytes > s->ais_cap) {
        size_t cap = (s->ais_len + ais_bytes) * 2;
        char *a = realloc(s->ais_text, cap), *b = a ? realloc(s->ais_sorted, cap) : NULL;
        if (a)
            s->ais_text = a;
        if (!b)
            return JW_ENOMEM;
        s->ais_sorted = b, s->ais_cap = cap;
    }
    return JW_OK;
}

/* One frame as every receiver in range gets it. */
static void add_frame(jw_sim *s, const sim_aircraft *a, const jw_frame *f, double tm,
                      const jw_sbs_rec *sbs)
{
    uint32_t mask = a->rx_mask;
    while (mask) {
        int i = __builtin_ctz(mask);
        mask &= mask - 1;
        /* One draw decides both reception (low half) and a bit error (high half). */
        uint64_t u = jw__rng_next(&s->rng);
        if ((double)(u & 0xFFFFFFFFu) * (1.0 / 4294967296.0) >= a->rx_p[i] || s->nfr >= s->fr_cap)
            continue;
        double trx = tm + a->rx_km[i] / LIGHT_KM_S;
        jw_sim_frame *o = &s->fr[s->nfr];
        o->f = *f;
        o->rx = (uint16_t)i;
        o->f.time = (double)s->sc->start_unix + trx;
        o->f.ts_raw = (uint64_t)(trx * 12e6 + 0.5) & 0xFFFFFFFFFFFFull;
        o->f.signal = a->rx_sig[i];
        if ((double)(u >> 32) * (1.0 / 4294967296.0) < s->sc->receivers[i].crc_error_rate) {
            unsigned bit = 5 + (unsigned)((u >> 8) % (f->len * 8u - 5));
            o->f.data[bit / 8] ^= (uint8_t)(0x80u >> (bit % 8));
            s->n_crc_errors++;
        }
        uint64_t ticks = (uint64_t)((trx - s->t) * 12e6);
        s->keys[s->nfr] = (ticks > 0xFFFFFF ? 0xFFFFFF : ticks) << 24 | s->nfr;
        if (s->opt.want_sbs)
            s->sbs[s->nfr] = *sbs, s->sbs[s->nfr].time = o->f.time;
        s->nfr++;
        s->n_frames++;
    }
}

/* TC and NIC supplements for a NIC (v1/v2) or the TC for a NUCp (v0). */
static void nic_to_tc(uint8_t version, uint8_t nic, uint8_t *tc, uint8_t *nic_a, uint8_t *nic_b)
{
    static const uint8_t tcs[12] = {18, 17, 16, 16, 15, 14, 13, 12, 11, 11, 10, 9};
    *nic_a = (nic == 9 || nic == 3);
    *nic_b = (nic == 9 || nic == 6 || nic == 3);
    *tc = version == 0 ? (uint8_t)(18 - (nic > 9 ? 9 : nic)) : tcs[nic > 11 ? 11 : nic];
}

/* Altitude as the 25 ft Q-bit fields carry it. */
static int32_t q25(double alt_ft)
{
    return (int32_t)(25 * lround(alt_ft / 25.0));
}

static double sinceof(const jw_sim *s, double tm)
{
    return tm - s->t;
}

static void build_pos(jw_sim *s, sim_aircraft *a, double tm, jw_frame *f, jw_sbs_rec *r)
{
    const sim_gnss *g = &a->g;
    double dt = sinceof(s, tm);
    jw_enc_airpos p = {.alt_valid = true, .alt_ft = q25(a->alt_ft), .ss = 0};
    r->type = 3, r->has_alt = true, r->alt_ft = p.alt_ft;
    if (!g->rep_valid) {
        p.tc = 0;
    } else {
        uint8_t na;
        nic_to_tc(a->version, g->nic, &p.tc, &na, &p.nic_b);
        p.odd = a->cpr_odd, a->cpr_odd ^= 1;
        p.lat = g->rep_lat + g->rep_dlat * dt;
        p.lon = g->rep_lon + g->rep_dlon * dt;
        p.lon = p.lon > 180 ? p.lon - 360 : p.lon < -180 ? p.lon + 360 : p.lon;
        r->has_pos = true, r->lat = p.lat, r->lon = p.lon;
    }
    jw_modes_enc_airpos(a->icao, 5, &p, f);
}

static void build_vel(jw_sim *s, sim_aircraft *a, double tm, jw_frame *f, jw_sbs_rec *r)
{
    (void)tm;
    const sim_gnss *g = &a->g;
    jw_enc_velocity v = {.nacv = 1,
                         .ifr = a->version < 2,
                         .vrate_valid = true,
                         .vrate_baro = a->vrate_baro || !g->rep_valid,
                         .vrate_fpm = (int32_t)(64 * lround(a->vrate_fpm / 64.0))};
    r->type = 4, r->has_vrate = true, r->vrate_fpm = v.vrate_fpm;
    if (!g->rep_valid) { /* no GNSS velocity: air data, heading and TAS */
        v.subtype = 3, v.heading_valid = true, v.heading = a->track;
        v.airspeed_tas = 1, v.airspeed_valid = true, v.airspeed = a->gs_kt;
        v.nacv = 0;
    } else {
        v.subtype = 1, v.v_ns = g->rep_vn, v.v_ew = g->rep_ve;
        double geo = g->rep_geo_ft != 0 ? g->rep_geo_ft - a->alt_ft : a->gmb_ft;
        v.gmb_valid = true, v.gmb_ft = (int32_t)lround(geo);
        if (s->opt.want_sbs) {
            /* The SBS record holds what the frame carries: whole knots. */
            double ns = (double)lround(v.v_ns), ew = (double)lround(v.v_ew);
            r->has_vel = true, r->gs_kt = hypot(ns, ew);
            r->track = fmod(atan2(ew, ns) / DEG + 360.0, 360.0);
        }
    }
    jw_modes_enc_velocity(a->icao, 5, &v, f);
}

static void build_opst(jw_sim *s, sim_aircraft *a, double tm, jw_frame *f, jw_sbs_rec *r)
{
    (void)s, (void)tm, (void)r;
    uint8_t tc, na, nb;
    nic_to_tc(a->version, a->g.nic, &tc, &na, &nb);
    jw_enc_opstatus o = {.version = a->version,
                         .cc = a->version == 2 ? 0x0020 : 0x0000,
                         .nic_a = na,
                         .nacp = a->g.nacp,
                         .gva = 2,
                         .sil = 3,
                         .nic_baro = 1,
                         .sil_supp = 0};
    jw_modes_enc_opstatus(a->icao, 5, &o, f);
}

static void build_tstate(jw_sim *s, sim_aircraft *a, double tm, jw_frame *f, jw_sbs_rec *r)
{
    (void)s, (void)tm, (void)r;
    bool level = a->vrate_fpm == 0;
    jw_enc_tstate t = {.alt_fms = 1,
                       .sel_alt_valid = true,
                       .sel_alt_ft = (int32_t)(level              ? a->alt_ft
                                               : a->vrate_fpm > 0 ? a->cruise_ft
                                                                  : a->b_elev + 3000),
                       .baro_valid = true,
                       .baro_hpa = 1013.6,
                       .sel_hdg_valid = true,
                       .sel_hdg = a->track,
                       .nacp = a->g.nacp,
                       .nic_baro = 1,
                       .sil = 3,
                       .modes_valid = true,
                       .ap_modes = (uint8_t)(JW_AP_ENGAGED | JW_AP_LNAV | JW_AP_TCAS |
                                             (level ? JW_AP_ALT_HOLD : JW_AP_VNAV))};
    jw_modes_enc_tstate(a->icao, 5, &t, f);
}

static void build_ident(jw_sim *s, sim_aircraft *a, double tm, jw_frame *f, jw_sbs_rec *r)
{
    (void)s, (void)tm;
    jw_enc_ident id = {.tc = 4, .category = a->category};
    memcpy(id.callsign, a->callsign, sizeof id.callsign);
    jw_modes_enc_ident(a->icao, 5, &id, f);
    r->type = 1, r->callsign = a->callsign;
}

static void build_status(jw_sim *s, sim_aircraft *a, double tm, jw_frame *f, jw_sbs_rec *r)
{
    (void)s, (void)tm, (void)r;
    jw_modes_enc_status(a->icao, 5, 0, a->squawk, f);
}

static void build_df11(jw_sim *s, sim_aircraft *a, double tm, jw_frame *f, jw_sbs_rec *r)
{
    (void)s, (void)tm;
    jw_modes_enc_df11(a->icao, 5, 0, f);
    r->type = 8;
}

static void build_surv(jw_sim *s, sim_aircraft *a, double tm, jw_frame *f, jw_sbs_rec *r,
                       bool commb)
{
    (void)tm;
    bool alt = jw__rng_next(&s->rng) & 1;
    jw_enc_surv v = {.df = (uint8_t)(commb ? (alt ? 20 : 21) : (alt ? 4 : 5)),
                     .alt_valid = true,
                     .alt_ft = q25(a->alt_ft),
                     .squawk = a->squawk};
    if (commb)
        jw_modes_bds20(a->callsign, v.mb);
    jw_modes_enc_surv(a->icao, &v, f);
    r->type = alt ? 5 : 6;
    r->has_alt = alt, r->alt_ft = v.alt_ft;
    r->has_squawk = !alt, r->squawk = a->squawk;
}

/* Seconds until the next transmission of kind k. */
static double interval(jw_sim *s, int k)
{
    sim_rng *r = &s->rng;
    switch (k) {
    case SIM_M_POS:
    case SIM_M_VEL:
        return rng_uniform(r, 0.4, 0.6);
    case SIM_M_IDENT:
    case SIM_M_STATUS:
        return rng_uniform(r, 4.8, 5.2);
    case SIM_M_OPST:
        return rng_uniform(r, 2.4, 2.6);
    case SIM_M_TSTATE:
        return rng_uniform(r, 1.2, 1.3);
    case SIM_M_DF11:
        return rng_uniform(r, 0.8, 1.2);
    case SIM_M_SURV:
        return -log(1.0 - rng_unit(r)) * 1.5 + 0.05;
    default:
        return -log(1.0 - rng_unit(r)) * 8.0 + 0.05;
    }
}

static bool sends(const sim_aircraft *a, int k)
{
    if (k == SIM_M_OPST)
        return a->version >= 1;
    if (k == SIM_M_TSTATE || k == SIM_M_STATUS)
        return a->version == 2;
    if (k == SIM_M_POS)
        return a->g.rep_valid || a->lost_tc0;
    return true;
}

void jw__emit_aircraft(jw_sim *s, sim_aircraft *a, double t0, double t1)
{
    (void)t0;
    for (int k = 0; k < SIM_M_N; k++) {
        while (a->next[k] < t1) {
            double tm = a->next[k];
            a->next[k] += interval(s, k);
            if (!a->rx_mask || !sends(a, k))
                continue;
            jw_frame f;
            jw_sbs_rec r = {.icao = a->icao};
            switch (k) {
            case SIM_M_POS:
                build_pos(s, a, tm, &f, &r);
                break;
            case SIM_M_VEL:
                build_vel(s, a, tm, &f, &r);
                break;
            case SIM_M_IDENT:
                build_ident(s, a, tm, &f, &r);
                break;
            case SIM_M_OPST:
                build_opst(s, a, tm, &f, &r);
                break;
            case SIM_M_TSTATE:
                build_tstate(s, a, tm, &f, &r);
                break;
            case SIM_M_STATUS:
                build_status(s, a, tm, &f, &r);
                break;
            case SIM_M_DF11:
                build_df11(s, a, tm, &f, &r);
                break;
            default:
                build_surv(s, a, tm, &f, &r, k == SIM_M_COMMB);
                break;
            }
            s->n_by_kind[k]++;
            add_frame(s, a, &f, tm, &r);
        }
    }
}
