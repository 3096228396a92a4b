/*
 * sim_emit_ais.c - AIS units of vessels and fixed stations (see sim_emit.c
 * for the rates) and the shore receivers that hear them.
 *
 * A vessel whose GNSS is lost reports latitude 91 / longitude 181 ("not
 * available") or, for some units, keeps repeating its last fix; a spoofed
 * one reports the fake position with the fake speed and course. Each
 * receiver that hears a message writes its sentences with an NMEA 4.10
 * tag block (s: receiver name, c: UNIX second of reception).
 */
#include <math.h>
#include <string.h>

#include "jamwatch/ais_encode.h"
#include "sim_internal.h"

#define DEG 0.017453292519943295

static void add_ais(jw_sim *s, const jw_ais_bits *b, double tm, uint32_t mask)
{
    s->ais_group = (s->ais_group + 1) % 100000;
    s->ais_seq = (s->ais_seq + 1) % 10;
    while (mask) {
        int i = __builtin_ctz(mask);
        mask &= mask - 1;
        if (rng_unit(&s->rng) >= 0.92 || s->nais >= s->ais_items_cap)
            continue;
        jw_nmea_opts o = {.channel = (jw__rng_next(&s->rng) & 1) ? 'B' : 'A',
                          .seq_id = (uint8_t)s->ais_seq,
                          .source = s->sc->receivers[i].name,
                          .unix_time = s->sc->start_unix + (int64_t)floor(tm),
                          .group_id = s->ais_group};
        size_t len = 0;
        if (jw_ais_nmea(b, &o, s->ais_text + s->ais_len, s->ais_cap - s->ais_len, &len) != JW_OK)
            continue;
        s->ais_items[s->nais++] = (sim_ais_item){tm, (uint32_t)s->ais_len, (uint32_t)len};
        s->ais_len += len;
        s->n_ais++;
    }
}

static double vessel_interval(const sim_vessel *v)
{
    if (v->class_b)
        return v->speed_kn > 2 ? 30.0 : 180.0;
    if (v->anchored)
        return 180.0;
    return v->speed_kn > 23 ? 2.0 : v->speed_kn > 14 ? 6.0 : 10.0;
}

/* What the unit reports: position, speed and course, per GNSS state. */
static void vessel_report(sim_vessel *v, jw_ais_pos *p, double tm)
{
    const sim_gnss *g = &v->g;
    p->heading = v->anchored ? (uint16_t)((int)(v->mmsi % 360)) : (uint16_t)lround(v->cog) % 360;
    p->second = (uint8_t)((int64_t)floor(tm) % 60);
    if (v->fault == SIM_FAULT_AIS_NA || (!g->rep_valid && !v->freeze)) {
        p->pos_valid = false, p->sog = -1, p->cog = -1, p->second = 60;
        return;
    }
    if (!g->rep_valid) { /* frozen: the last fix again */
        p->pos_valid = true, p->lat = v->last_lat, p->lon = v->last_lon;
        p->sog = -1, p->cog = -1;
        return;
    }
    p->pos_valid = true;
    p->lat = g->rep_lat, p->lon = g->rep_lon;
    double sog = hypot(g->rep_vn, g->rep_ve);
    p->sog = sog;
    p->cog = sog < 0.2 ? -1 : fmod(atan2(g->rep_ve, g->rep_vn) / DEG + 360.0, 360.0);
    p->accuracy = g->state == SIM_GOOD;
    v->last_lat = p->lat, v->last_lon = p->lon;
}

static void vessel_static(jw_sim *s, sim_vessel *v, double tm)
{
    jw_ais_bits b;
    uint16_t bow = (uint16_t)(v->length_m * 2 / 3), stern = (uint16_t)(v->length_m - bow);
    uint8_t port = (uint8_t)(v->beam_m / 2), stbd = (uint8_t)(v->beam_m - port);
    if (v->class_b) {
        jw_ais_static_b a = {.mmsi = v->mmsi,
                             .part = 0,
                             .shiptype = v->shiptype,
                             .to_bow = bow,
                             .to_stern = stern,
                             .to_port = port,
                             .to_starboard = stbd,
                             .vendor = "SIM"};
        memcpy(a.name, v->name, sizeof a.name);
        memcpy(a.callsign, v->callsign, sizeof a.callsign);
        jw_ais_enc_static_b(&a, &b);
        add_ais(s, &b, tm, v->rx_mask);
        a.part = 1;
        jw_ais_enc_static_b(&a, &b);
        add_ais(s, &b, tm + 0.05, v->rx_mask);
        return;
    }
    jw_ais_static st = {.mmsi = v->mmsi,
                        .imo = 9000000 + v->mmsi % 999999,
                        .shiptype = v->shiptype,
                        .to_bow = bow,
                        .to_stern = stern,
                        .to_port = port,
                        .to_starboard = stbd,
                        .epfd = 1,
                        .month = 0,
                        .day = 0,
                        .hour = 24,
                        .minute = 60,
                        .draught = (uint8_t)(v->length_m / 25 + 30),
                        .destination = "SIM PORT"};
    memcpy(st.name, v->name, sizeof st.name);
    memcpy(st.callsign, v->callsign, sizeof st.callsign);
    jw_ais_enc_static(&st, &b);
    add_ais(s, &b, tm, v->rx_mask);
}

void jw__emit_vessel(jw_sim *s, sim_vessel *v, double t0, double t1)
{
    (void)t0;
    while (v->next_pos < t1) {
        double tm = v->next_pos;
        v->next_pos += vessel_interval(v) * rng_uniform(&s->rng, 0.95, 1.05);
        if (!v->rx_mask)
            continue;
        jw_ais_pos p = {.type = v->class_b ? 18 : (v->anchored ? 3 : 1),
                        .mmsi = v->mmsi,
                        .status = v->class_b ? 15 : (v->anchored ? 1 : 0),
                        .rot = 0,
                        .radio = (uint32_t)(jw__rng_next(&s->rng) & 0x7FFFF)};
        vessel_report(v, &p, tm);
        jw_ais_bits b;
        if (jw_ais_enc_pos(&p, &b) == JW_OK)
            add_ais(s, &b, tm, v->rx_mask);
    }
    while (v->next_static < t1) {
        double tm = v->next_static;
        v->next_static += 360.0;
        if (v->rx_mask)
            vessel_static(s, v, tm);
    }
}

void jw__emit_station(jw_sim *s, sim_station *st, double t0, double t1)
{
    (void)t0;
    const jw_sim_station *d = st->def;
    while (st->next < t1) {
        double tm = st->next;
        st->next += d->msg_type == 4 ? 10.0 : 180.0;
        if (!st->rx_mask)
            continue;
        bool valid = !d->gnss || st->g.rep_valid;
        double lat = d->gnss && st->g.rep_valid ? st->g.rep_lat : d->lat;
        double lon = d->gnss && st->g.rep_valid ? st->g.rep_lon : d->lon;
        jw_ais_bits b;
        if (d->msg_type == 4) {
            jw_ais_base bs = {.mmsi = d->mmsi,
                              .unix_time = s->sc->start_unix + (int64_t)floor(tm),
                              .accuracy = 1,
                              .pos_valid = valid,
                              .lat = lat,
                              .lon = lon,
                              .epfd = d->gnss ? 1 : 7};
            jw_ais_enc_base(&bs, &b);
        } else {
            jw_ais_aton a = {.mmsi = d->mmsi,
                             .aid_type = d->aid_type,
                             .accuracy = 1,
                             .pos_valid = valid,
                             .lat = lat,
                             .lon = lon,
                             .epfd = d->gnss ? 1 : 7,
                             .second = (uint8_t)((int64_t)floor(tm) % 60),
                             .to_bow = 2,
                             .to_stern = 2,
                             .to_port = 2,
                             .to_starboard = 2};
            memcpy(a.name, d->name, sizeof a.name);
            jw_ais_enc_aton(&a, &b);
        }
        add_ais(s, &b, tm, st->rx_mask);
    }
}
