/*
 * sim_truth.c - the ground truth of a run: for every aircraft, vessel and
 * GNSS-equipped station, when it was seen and the intervals it was
 * degraded, lost or spoofed and by which emitter; sampled true and reported
 * tracks; and truth.json (schema in docs/sim.md).
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/sim_physics.h"
#include "sim_internal.h"

enum { TRUTH_MAX = 1 << 20, IV_MAX = 1 << 16 };

static const char *const state_names[] = {"good", "degraded", "lost", "spoofed"};

uint32_t jw__truth_new(jw_sim *s, uint8_t kind, uint32_t id, const char *name, double t)
{
    if (s->ntruth == s->truth_cap) {
        size_t cap = s->truth_cap ? s->truth_cap * 2 : 1024;
        sim_truth *n = cap <= TRUTH_MAX ? realloc(s->truth, cap * sizeof *n) : NULL;
        if (!n) {
            s->truth_dropped++;
            return UINT32_MAX;
        }
        s->truth = n, s->truth_cap = cap;
    }
    sim_truth *tr = &s->truth[s->ntruth];
    memset(tr, 0, sizeof *tr);
    tr->kind = kind, tr->id = id, tr->first = tr->last = t;
    snprintf(tr->name, sizeof tr->name, "%s", name ? name : "");
    return (uint32_t)s->ntruth++;
}

void jw__truth_seen(jw_sim *s, uint32_t idx, double t)
{
    if (idx < s->ntruth)
        s->truth[idx].last = t;
}

void jw__truth_mark(jw_sim *s, uint32_t idx, uint8_t state, int16_t cause, double t)
{
    if (idx >= s->ntruth)
        return;
    sim_truth *tr = &s->truth[idx];
    if (tr->niv > 0 && tr->iv[tr->niv - 1].t1 < 0)
        tr->iv[tr->niv - 1].t1 = t;
    if (state == SIM_GOOD)
        return;
    if (tr->niv == tr->cap) {
        uint32_t cap = tr->cap ? tr->cap * 2 : 4;
        sim_interval *n = cap <= IV_MAX ? realloc(tr->iv, cap * sizeof *n) : NULL;
        if (!n)
            return;
        tr->iv = n, tr->cap = cap;
    }
    tr->iv[tr->niv++] = (sim_interval){t, -1, state, cause};
}

const char *jw_sim_tracks_header(void)
{
    return "t,kind,id,true_lat,true_lon,true_alt_ft,rep_lat,rep_lon,state,cause,nacp,nic\n";
}

/* Degrees with five decimals, formatted from integers (faster than %f). */
static const char *deg5(double x, char out[24])
{
    long v = lround(x * 1e5);
    snprintf(out, 24, "%s%ld.%05ld", v < 0 ? "-" : "", labs(v) / 100000, labs(v) % 100000);
    return out;
}

static void track_line(jw_sim *s, double t, char kind, uint32_t id, double lat, double lon,
                       double alt, const sim_gnss *g)
{
    if (s->tracks_len + 256 > s->tracks_cap) {
        size_t cap = (s->tracks_cap + 256) * 2;
        char *n = realloc(s->tracks, cap);
        if (!n)
            return;
        s->tracks = n, s->tracks_cap = cap;
    }
    char rep[48] = ",", tl[24], tn[24];
    if (g->rep_valid) {
        char rl[24], rn[24];
        snprintf(rep, sizeof rep, "%s,%s", deg5(g->rep_lat, rl), deg5(g->rep_lon, rn));
    }
    const char *cause = g->cause >= 0 ? s->sc->emitters[g->cause].name : "";
    char ids[16];
    snprintf(ids, sizeof ids, kind == 'A' ? "%06X" : "%09u", (unsigned)id);
    int n =
        snprintf(s->tracks + s->tracks_len, s->tracks_cap - s->tracks_len,
                 "%lld,%c,%s,%s,%s,%ld,%s,%s,%s,%u,%u\n",
                 (long long)(s->sc->start_unix + (int64_t)t), kind, ids, deg5(lat, tl),
                 deg5(lon, tn), lround(alt), rep, state_names[g->state], cause, g->nacp, g->nic);
    if (n > 0 && (size_t)n < s->tracks_cap - s->tracks_len)
        s->tracks_len += (size_t)n;
}

void jw__tracks_change(jw_sim *s, double t, char kind, uint32_t id, const sim_place *pl,
                       double alt_ft, const sim_gnss *g, uint8_t state, int16_t cause)
{
    if (g->state != state || g->cause != cause)
        track_line(s, t, kind, id, pl->lat, pl->lon, alt_ft, g);
}

void jw__tracks_sample(jw_sim *s, double t)
{
    for (size_t i = 0; i < s->nac; i++)
        track_line(s, t, 'A', s->ac[i].icao, s->ac[i].lat, s->ac[i].lon, s->ac[i].alt_ft,
                   &s->ac[i].g);
    for (size_t i = 0; i < s->nvs; i++)
        track_line(s, t, 'S', s->vs[i].mmsi, s->vs[i].lat, s->vs[i].lon, 0, &s->vs[i].g);
    for (size_t i = 0; i < s->nst; i++)
        if (s->st[i].def->gnss)
            track_line(s, t, 'F', s->st[i].def->mmsi, s->st[i].def->lat, s->st[i].def->lon, 0,
                       &s->st[i].g);
}

static json_t *emitter_json(const jw_sim *s, const jw_sim_emitter *e)
{
    const jw_sim_scenario *sc = s->sc;
    json_t *o =
        json_pack("{s:s,s:s,s:f,s:f,s:f}", "name", e->name, "kind", e->kind ? "spoofer" : "jammer",
                  "lat", e->lat, "lon", e->lon, "height_m", e->height_m);
    json_t *sched = json_array();
    if (e->nsched == 0)
        json_array_append_new(sched, json_pack("{s:I,s:I}", "start", (json_int_t)sc->start_unix,
                                               "end", (json_int_t)(sc->start_unix + s->end)));
    for (size_t i = 0; i < e->nsched; i++)
        json_array_append_new(
            sched, json_pack("{s:I,s:I}", "start", (json_int_t)(sc->start_unix + e->sched[i].start),
                             "end", (json_int_t)(sc->start_unix + e->sched[i].end)));
    json_object_set_new(o, "schedule", sched);
    if (e->npath) {
        json_t *p = json_array();
        for (size_t i = 0; i < e->npath; i++)
            json_array_append_new(p, json_pack("{s:I,s:f,s:f}", "t",
                                               (json_int_t)(sc->start_unix + e->path[i].t), "lat",
                                               e->path[i].lat, "lon", e->path[i].lon));
        json_object_set_new(o, "path", p);
    }
    if (e->kind == 0) {
        json_object_set_new(o, "eirp_w", json_real(e->eirp_w));
        jw_jam_model m = {e->eirp_w, e->height_m, sc->tolerance_db, sc->degrade_db,
                          -sc->shielding_db};
        json_object_set_new(
            o, "reach_km",
            json_pack("{s:f,s:f,s:f,s:f}", "alt_1000ft", jw_jam_reach_km(&m, 305), "alt_10000ft",
                      jw_jam_reach_km(&m, 3048), "alt_35000ft", jw_jam_reach_km(&m, 10668),
                      "ship_15m",
                      jw_jam_reach_km(&(jw_jam_model){e->eirp_w, e->height_m, sc->tolerance_db,
                                                      sc->degrade_db, 0},
                                      15)));
        return o;
    }
    static const char *const modes[] = {"fixed", "offset", "drift", "circle"};
    json_object_set_new(o, "reach_km", json_real(e->reach_km));
    json_t *f = json_pack("{s:s}", "mode", modes[e->mode]);
    if (e->mode == JW_FAKE_FIXED || e->mode == JW_FAKE_CIRCLE)
        json_object_update_new(f, json_pack("{s:f,s:f}", "lat", e->fake_lat, "lon", e->fake_lon));
    if (e->mode == JW_FAKE_OFFSET)
        json_object_update_new(
            f, json_pack("{s:f,s:f}", "north_km", e->off_n_km, "east_km", e->off_e_km));
    if (e->mode == JW_FAKE_DRIFT)
        json_object_update_new(
            f, json_pack("{s:f,s:f}", "speed_kt", e->drift_kt, "bearing_deg", e->drift_brg));
    if (e->mode == JW_FAKE_CIRCLE)
        json_object_update_new(
            f, json_pack("{s:f,s:f}", "radius_km", e->radius_km, "period_s", e->period_s));
    json_object_set_new(o, "fake", f);
    json_object_set_new(o, "dip_s", json_real(e->dip_s));
    if (e->has_height)
        json_object_set_new(o, "gnss_height_ft", json_real(e->height_ft));
    return o;
}

static json_t *object_json(const jw_sim *s, const sim_truth *tr)
{
    static const char *const faults[] = {"none", "low_nacp", "no_gnss", "ais_position_na"};
    char id[16];
    snprintf(id, sizeof id, tr->kind == 0 ? "%06X" : "%09u", (unsigned)tr->id);
    json_t *o =
        json_pack("{s:s,s:s,s:I,s:I,s:s}", tr->kind == 0 ? "icao" : "mmsi", id, "name", tr->name,
                  "first_seen", (json_int_t)(s->sc->start_unix + tr->first), "last_seen",
                  (json_int_t)(s->sc->start_unix + tr->last), "fault", faults[tr->fault]);
    if (tr->kind == 0) {
        json_object_set_new(o, "version", json_integer(tr->version));
        json_object_set_new(o, "from", json_string(s->sc->airports[tr->from].code));
        json_object_set_new(o, "to", json_string(s->sc->airports[tr->to].code));
    } else if (tr->kind == 1) {
        json_object_set_new(o, "class", json_string(tr->class_b ? "B" : "A"));
    }
    json_t *iv = json_array();
    for (uint32_t i = 0; i < tr->niv; i++) {
        const sim_interval *v = &tr->iv[i];
        double end = v->t1 < 0 ? tr->last : v->t1;
        json_array_append_new(iv, json_pack("{s:s,s:s,s:I,s:I}", "state", state_names[v->state],
                                            "cause",
                                            v->cause >= 0 ? s->sc->emitters[v->cause].name : "",
                                            "start", (json_int_t)(s->sc->start_unix + v->t0), "end",
                                            (json_int_t)(s->sc->start_unix + end)));
    }
    json_object_set_new(o, "intervals", iv);
    return o;
}

static json_t *counts_json(const jw_sim *s)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "adsb_frames", (json_int_t)s->n_frames,
                     "adsb_crc_errors", (json_int_t)s->n_crc_errors, "ais_sentence_groups",
                     (json_int_t)s->n_ais, "position_squitters",
                     (json_int_t)s->n_by_kind[SIM_M_POS], "velocity_squitters",
                     (json_int_t)s->n_by_kind[SIM_M_VEL], "objects", (json_int_t)s->ntruth,
                     "objects_not_recorded", (json_int_t)s->truth_dropped);
}

jw_err jw_sim_write_truth(const jw_sim *s, FILE *f)
{
    const jw_sim_scenario *sc = s->sc;
    json_t *root = json_pack(
        "{s:s,s:s,s:I,s:I,s:f,s:{s:s,s:s,s:I,s:i},s:{s:s,s:s},s:{s:s,s:s,s:s}}", "format",
        "jamwatch-sim-truth/1", "scenario", sc->name, "seed", (json_int_t)s->opt.seed, "start_unix",
        (json_int_t)sc->start_unix, "duration_s", s->end, "adsb_time_base", "format", "beast",
        "clock", "12 MHz counter: unix = unix_at_zero + ticks / 12e6", "unix_at_zero",
        (json_int_t)sc->start_unix, "ticks_per_second", 12000000, "ais_time", "format", "nmea",
        "clock", "tag block c: = UNIX seconds of reception", "files", "adsb",
        "adsb.beast (or adsb.avr / adsb.sbs)", "ais", "ais.nmea", "tracks", "tracks.csv");
    if (!root)
        return JW_ENOMEM;
    json_t *rx = json_array(), *em = json_array(), *ac = json_array(), *vs = json_array(),
           *st = json_array();
    for (size_t i = 0; i < sc->nreceivers; i++) {
        const jw_sim_receiver *r = &sc->receivers[i];
        json_array_append_new(rx, json_pack("{s:s,s:f,s:f,s:f,s:f,s:b,s:b,s:f}", "name", r->name,
                                            "lat", r->lat, "lon", r->lon, "height_m", r->height_m,
                                            "range_km", r->range_km, "adsb", r->adsb, "ais", r->ais,
                                            "crc_error_rate", r->crc_error_rate));
    }
    for (size_t i = 0; i < sc->nemitters; i++)
        json_array_append_new(em, emitter_json(s, &sc->emitters[i]));
    for (size_t i = 0; i < s->ntruth; i++) {
        const sim_truth *tr = &s->truth[i];
        json_array_append_new(tr->kind == 0 ? ac : tr->kind == 1 ? vs : st, object_json(s, tr));
    }
    json_object_set_new(root, "receivers", rx);
    json_object_set_new(root, "emitters", em);
    json_object_set_new(root, "aircraft", ac);
    json_object_set_new(root, "vessels", vs);
    json_object_set_new(root, "stations", st);
    json_object_set_new(root, "counts", counts_json(s));
    int rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    fputc('\n', f);
    json_decref(root);
    return rc == 0 ? JW_OK : JW_EIO;
}

void jw__truth_free(jw_sim *s)
{
    for (size_t i = 0; i < s->ntruth; i++)
        free(s->truth[i].iv);
    free(s->truth);
}
