/*
 * air_evidence.c - the aircraft evidence generator (see air_evidence.h and
 * docs/analysis.md, "Evidence"). One small state machine per aircraft:
 *
 *   NORMAL --(4 low-integrity positions over >= 2 s)--> DEGRADED
 *   NORMAL --(no position for 20 s, >= 10 other messages)--> LOST
 *   any    --(3 consistent positions the velocity cannot reach)--> SPOOF (jump)
 *   any    --(airborne at walking pace for 60 s)--> SPOOF (track)
 *   any    --(|GNSS - baro| saturated for 3 messages over 5 s)--> SPOOF (height)
 *   DEGRADED/LOST --(3 good positions over >= 1 s)--> NORMAL
 *   SPOOF  --(a jump followed by 10 s of plausible kinematics)--> NORMAL
 *
 * Duplicates of one transmission heard by several receivers are skipped
 * (same CPR code) so that persistence counts transmissions, not copies.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "air_evidence_internal.h"
#include "jamwatch/cpr.h"

#define KT_KMS         (0.514444 / 1000.0) /* knots to km/s */
#define LOST_AFTER_S   20.0                /* no position for this long ... */
#define LOST_MIN_MSGS  10                  /* ... while this many other messages came */
#define BAD_MIN_MSGS   4                   /* low-integrity positions in a row */
#define BAD_MIN_S      2.0                 /* ... spanning at least this */
#define GOOD_MIN_MSGS  3                   /* good positions in a row to recover */
#define NIC_LOW        7                   /* NIC below: low integrity */
#define NACP_LOW       8                   /* NACp below: low integrity */
#define JAM_HOLD_S     30.0                /* degraded/lost this long before the first record */
#define SLOW_MIN_S     60.0                /* walking pace for this long at altitude */
#define GMB_LIMIT_FT   3000                /* |GNSS - baro| at or above: implausible */
#define REF_MAX_AGE_S  900.0               /* an older reference is no reference */
#define REF_LOW_S      60.0                /* ... a low-integrity one refreshes an older one */
#define DR_MAX_S       3600.0              /* dead reckoning cap (spoofed) */
#define RELEASE_S      10.0                /* plausible kinematics after a jump back */
#define SPOOF_SILENT_S 10.0                /* spoofed, no position this long: maybe released */
#define FIX_S          5.0                 /* a position this recent: the receiver has a fix */

static void emit(jw_air_evidence *g, const ae_ac *ac, jw_evidence_kind kind, double t, double lat,
                 double lon, double since, float conf)
{
    if (!g->fn || !isfinite(lat) || !isfinite(lon))
        return;
    jw_evidence ev = {.time = t,
                      .lat = lat,
                      .lon = lon,
                      .alt_m = ac->alt_time >= 0 ? ac->alt_ft * 0.3048 : NAN,
                      .fake_lat = JW_EV_IS_SPOOF(kind) ? ac->fake_lat : NAN,
                      .fake_lon = JW_EV_IS_SPOOF(kind) ? ac->fake_lon : NAN,
                      .since = since,
                      .target = ac->addr,
                      .domain = JW_DOMAIN_AIR,
                      .kind = (uint8_t)kind,
                      .confidence = conf};
    /* degraded with a fresh position: the receiver has a fix, so is not lost */
    ev.fix = kind == JW_EV_DEGRADED && ac->has_ref && t - ac->ref_time <= FIX_S;
    if (ac->vel_time >= 0 && t - ac->vel_time < 60 && !JW_EV_IS_SPOOF(kind)) {
        ev.gs_ms = (float)(ac->gs * KT_KMS * 1000.0); /* a spoofed one's is the spoofer's */
        ev.track_deg = (float)ac->track;
    }
    g->fn(g->user, &ev);
}

/* Where the aircraft really is at t. Jammed: dead reckoning with the
 * velocities it keeps reporting (airspeed and heading need no GNSS);
 * spoofed: with the velocity of its last trusted fix (the reported one is
 * the spoofer's). */
static bool truth_pos(const ae_ac *ac, double t, double *lat, double *lon)
{
    if (!ac->has_trusted)
        return false;
    if (ac->state != ST_SPOOF && ac->vel_time >= 0 && t - ac->vel_time < 60) {
        double dt = fmin(fmax(t - ac->dr_time, 0), 60);
        jw_geo_destination_km(ac->dr_lat, ac->dr_lon, ac->track, ac->gs * KT_KMS * dt, lat, lon);
        return true;
    }
    double dt = fmin(fmax(t - ac->tr_time, 0), DR_MAX_S);
    jw_geo_destination_km(ac->tr_lat, ac->tr_lon, ac->tr_track, ac->tr_gs * KT_KMS * dt, lat, lon);
    return true;
}

static void track_sines(ae_ac *ac)
{
    if (ac->track != ac->sc_track) {
        ac->sin_track = sin(ac->track * (M_PI / 180));
        ac->cos_track = cos(ac->track * (M_PI / 180));
        ac->sc_track = ac->track;
    }
}

/* Moves the dead-reckoned position to t with the velocity held so far
 * (steps of ~0.1 km: jw_geo_short_step, no trigonometry per step). */
static void dr_advance(ae_ac *ac, double t)
{
    if (!ac->has_trusted || t <= ac->dr_time)
        return;
    if (ac->state == ST_NORMAL || ac->state == ST_SPOOF) {
        ac->dr_time = t; /* reset by every trusted fix; unused while spoofed */
        return;
    }
    if (ac->vel_time >= 0 && t - ac->dr_time < 120) {
        track_sines(ac);
        jw_geo_short_step(&ac->dr_lat, &ac->dr_lon, ac->track, ac->sin_track, ac->cos_track,
                          ac->gs * KT_KMS * (t - ac->dr_time), &ac->dr_trig);
    }
    ac->dr_time = t;
}

/* A trusted fix: the reference of both dead reckonings. */
static void set_trusted(ae_ac *ac, double t, double lat, double lon)
{
    ac->has_trusted = true;
    ac->tr_lat = ac->dr_lat = lat;
    ac->tr_lon = ac->dr_lon = lon;
    ac->tr_time = ac->dr_time = t;
    if (ac->vel_time >= 0)
        ac->tr_gs = ac->gs, ac->tr_track = ac->track;
    if (ac->alt_time >= 0)
        ac->tr_alt_ft = ac->alt_ft;
}

/*
 * The latest time a spoofed aircraft is known to be captured: it is while it
 * reports positions (the spoofer's); a receiver released at the edge of the
 * reach loses its fix for its recovery delay (silence) and then jumps back
 * (pending release). Dead reckoning past that would place the capture up to
 * a minute of flight (15 km) beyond the edge, in the direction of flight,
 * which one-directional traffic turns into a shifted (levant seed 2: a
 * second) spoofer. Silences shorter than SPOOF_SILENT_S are the feed's.
 * Known: the few seconds until a jump back is confirmed still count as
 * captured (taking them out, via the candidate's start, split levant's one
 * spoofer into two 5-7 km apart on make eval seeds 1-3).
 */
static double captured_until(const ae_ac *ac, double t)
{
    double last = fmax(ac->spoof_pos, ac->onset);
    return ac->pending_release || t - last > SPOOF_SILENT_S ? fmin(t, last) : t;
}

static float bad_conf(const ae_ac *ac, float base)
{
    return ac->ever_good ? base : base * 0.5f;
}

/* Emits the record of the current state at t. */
void ae_emit_state(jw_air_evidence *g, ae_ac *ac, double t)
{
    double lat, lon;
    bool jam = ac->state == ST_DEGRADED || ac->state == ST_LOST;
    if (jam && t - ac->onset < JAM_HOLD_S)
        return; /* not yet: a spoofer's dip is shorter */
    if (jam && !ac->announced && isfinite(ac->onset_lat))
        emit(g, ac, (jw_evidence_kind)ac->kind, ac->onset, ac->onset_lat, ac->onset_lon, ac->onset,
             bad_conf(ac, 0.8f)); /* where it was when it began */
    ac->announced = true;
    ac->last_emit = t;
    switch (ac->state) {
    case ST_NORMAL:
        if (ac->has_ref && t - ac->ref_time <= g->cfg.good_every_s)
            emit(g, ac, JW_EV_GOOD, t, ac->ref_lat, ac->ref_lon, t, 1.0f);
        break;
    case ST_DEGRADED:
        if (ac->has_ref && t - ac->ref_time <= 60)
            emit(g, ac, JW_EV_DEGRADED, t, ac->ref_lat, ac->ref_lon, ac->onset, bad_conf(ac, 0.8f));
        else if (truth_pos(ac, t, &lat, &lon))
            emit(g, ac, JW_EV_DEGRADED, t, lat, lon, ac->onset, bad_conf(ac, 0.6f));
        break;
    case ST_LOST:
        if (truth_pos(ac, t, &lat, &lon))
            emit(g, ac, JW_EV_LOST, t, lat, lon, ac->onset, bad_conf(ac, 0.8f));
        else if (ac->has_ref)
            emit(g, ac, JW_EV_LOST, t, ac->ref_lat, ac->ref_lon, ac->onset, bad_conf(ac, 0.4f));
        break;
    default: {
        float c = ac->kind == JW_EV_SPOOF_JUMP ? 0.9f : 0.8f;
        if (!truth_pos(ac, captured_until(ac, t), &lat, &lon)) {
            lat = ac->fake_lat, lon = ac->fake_lon, c = 0.5f;
        } else if (t - ac->tr_time > DR_MAX_S) {
            c *= 0.5f;
        }
        emit(g, ac, (jw_evidence_kind)ac->kind, t, lat, lon, ac->onset, c);
        break;
    }
    }
}

static void enter(jw_air_evidence *g, ae_ac *ac, int state, jw_evidence_kind kind, double onset,
                  double t)
{
    ac->state = (uint8_t)state;
    ac->kind = (uint8_t)kind;
    ac->onset = onset;
    ac->good_n = 0;
    ac->pending_release = false;
    ac->announced = false;
    ae_emit_state(g, ac, t);
}

/* Back to NORMAL at (lat, lon): the recovery record carries the first good position. */
static void recover(jw_air_evidence *g, ae_ac *ac, double t, double lat, double lon)
{
    ac->state = ST_NORMAL;
    ac->bad_n = ac->good_n = ac->slow_n = ac->gmb_n = 0;
    ac->pending_release = false;
    ac->announced = true;
    set_trusted(ac, t, lat, lon);
    ac->last_emit = t;
    emit(g, ac, JW_EV_GOOD, t, lat, lon, t, 1.0f);
}

static bool airborne(const ae_ac *ac, double t)
{
    return ac->alt_time >= 0 && t - ac->alt_time < 60 && ac->alt_ft > 1000;
}

/* Walking pace in the air: a GNSS ground speed no aeroplane flies at. */
static bool slow_now(const ae_ac *ac, double t)
{
    if (!airborne(ac, t))
        return false;
    return ac->gs < 60 || (ac->alt_ft > 15000 && ac->gs < 120);
}

static void on_velocity(jw_air_evidence *g, ae_ac *ac, double t)
{
    if (slow_now(ac, t)) {
        if (ac->slow_n++ == 0)
            ac->slow_first = t;
        ac->pending_release = false;
        if (ac->state != ST_SPOOF && ac->slow_n >= 5 && t - ac->slow_first >= SLOW_MIN_S) {
            if (ac->has_ref)
                ac->fake_lat = ac->ref_lat, ac->fake_lon = ac->ref_lon;
            enter(g, ac, ST_SPOOF, JW_EV_SPOOF_TRACK, ac->slow_first, t);
        }
    } else {
        ac->slow_n = 0;
    }
}

static void on_gmb(jw_air_evidence *g, ae_ac *ac, int gmb, double t)
{
    if (abs(gmb) >= GMB_LIMIT_FT) {
        if (ac->gmb_n++ == 0)
            ac->gmb_first = t;
        if (ac->state != ST_SPOOF && ac->gmb_n >= 3 && t - ac->gmb_first >= 5) {
            if (ac->has_ref)
                ac->fake_lat = ac->ref_lat, ac->fake_lon = ac->ref_lon;
            enter(g, ac, ST_SPOOF, JW_EV_SPOOF_HEIGHT, ac->gmb_first, t);
        }
    } else {
        ac->gmb_n = 0;
    }
}

/* Speed (knots) and track of a velocity message (track only when the
 * message has one). Components repeat (the copies of one transmission from
 * several receivers, steady flight): the speed and track of the latest ones
 * are kept, the same bits as computing them again. */
static void velocity_of(ae_ac *ac, const jw_msg *m, double *gs, double *track)
{
    const jw_velocity *v = &m->vel;
    if (!v->from_components) {
        *gs = jw_velocity_gs(v);
        if (JW_HAS(m, JW_F_TRACK))
            *track = jw_velocity_track(v);
        return;
    }
    uint64_t key = (uint64_t)1 << 40 | (uint64_t)v->south << 33 | (uint64_t)v->west << 32 |
                   (uint64_t)v->ns << 16 | v->ew;
    if (key != ac->vel_key) {
        ac->vel_key = key;
        ac->vk_gs = jw_velocity_gs(v);
        ac->vk_track = jw_velocity_track(v);
    }
    *gs = ac->vk_gs;
    if (JW_HAS(m, JW_F_TRACK))
        *track = ac->vk_track;
}

static void update_kinematics(jw_air_evidence *g, ae_ac *ac, const jw_msg *m)
{
    if (JW_HAS(m, JW_F_ALT_BARO))
        ac->alt_ft = m->alt_baro, ac->alt_time = m->time;
    bool ground = JW_HAS(m, JW_F_GS);
    if (ground || (JW_HAS(m, JW_F_HEADING) && JW_HAS(m, JW_F_TAS))) {
        /* at zero ground speed there is no track: the last one is kept */
        double gs = m->tas, track = ac->track;
        if (ground)
            velocity_of(ac, m, &gs, &track);
        else
            track = m->heading;
        dr_advance(ac, m->time);
        ac->gs = gs, ac->track = track, ac->vel_time = m->time;
        if (ground)
            on_velocity(g, ac, m->time);
    }
    if (JW_HAS(m, JW_F_GEO_MINUS_BARO))
        on_gmb(g, ac, m->geo_minus_baro, m->time);
}

/* Within tolerance of the track at (lat0, lon0, t0) moved with the latest velocity? */
static bool consistent(ae_ac *ac, double lat0, double lon0, double t0, double lat, double lon,
                       double t)
{
    double dt = t - t0 > 0 ? t - t0 : 0; /* fmax(t - t0, 0), NaN included, without a call */
    bool vel = ac->vel_time >= 0 && t - ac->vel_time < 60;
    double dr = vel ? ac->gs * KT_KMS * dt : 0;
    double tol = vel ? 3.0 + 0.15 * dr : 3.0 + 700 * KT_KMS * dt;
    if (dt <= 120 && fabs(lat0) < 80) {
        /* Short moves on a local flat earth (error far below the 3 km floor):
         * the hot path, without trigonometry but the cached sines. */
        if (fabs(lat0 - ac->cos_lat_at) > 0.5)
            ac->cos_lat = cos(lat0 * (M_PI / 180)), ac->cos_lat_at = lat0;
        if (vel)
            track_sines(ac);
        double dlon = lon - lon0;
        if (dlon > 180)
            dlon -= 360;
        else if (dlon < -180)
            dlon += 360;
        const double km_deg = JW_EARTH_RADIUS_KM * M_PI / 180;
        double dn = (lat - lat0) * km_deg - (vel ? dr * ac->cos_track : 0);
        double de = dlon * km_deg * ac->cos_lat - (vel ? dr * ac->sin_track : 0);
        return dn * dn + de * de <= tol * tol;
    }
    double plat = lat0, plon = lon0;
    if (vel)
        jw_geo_destination_km(lat0, lon0, ac->track, dr, &plat, &plon);
    return jw_geo_distance_km(plat, plon, lat, lon) <= tol;
}

/* A confirmed jump of the reported track to the candidate position. */
static void on_jump(jw_air_evidence *g, ae_ac *ac, double t)
{
    double jump_km = jw_geo_distance_km(ac->ref_lat, ac->ref_lon, ac->cand_lat, ac->cand_lon);
    double dt = fmax(ac->cand_first - ac->ref_time, 1.0);
    double implied_kt = jump_km / dt / KT_KMS;
    double gs = ac->vel_time >= 0 ? ac->gs : 500;
    if (ac->state != ST_SPOOF) {
        ac->fake_lat = ac->cand_lat, ac->fake_lon = ac->cand_lon;
        if (jump_km > 5 && implied_kt > fmax(2 * gs, gs + 250))
            enter(g, ac, ST_SPOOF, JW_EV_SPOOF_JUMP, ac->cand_first, t);
    } else {
        ac->pending_release = true;
        ac->release_time = t;
        ac->spoof_pos = fmin(ac->spoof_pos, ac->cand_first); /* the true track is back */
    }
    ac->ref_lat = ac->cand_lat, ac->ref_lon = ac->cand_lon, ac->ref_time = ac->cand_time;
    ac->cand_n = 0;
}

/* Checks a reported position against the reported track; true when consistent. */
static bool kinematic(jw_air_evidence *g, ae_ac *ac, double t, double lat, double lon)
{
    if (!ac->has_ref || t - ac->ref_time > REF_MAX_AGE_S) {
        ac->has_ref = true;
        ac->ref_lat = lat, ac->ref_lon = lon, ac->ref_time = t;
        ac->cand_n = 0;
        return true;
    }
    if (consistent(ac, ac->ref_lat, ac->ref_lon, ac->ref_time, lat, lon, t)) {
        ac->ref_lat = lat, ac->ref_lon = lon, ac->ref_time = t;
        ac->cand_n = 0;
        return true;
    }
    if (ac->cand_n > 0 && consistent(ac, ac->cand_lat, ac->cand_lon, ac->cand_time, lat, lon, t)) {
        ac->cand_n++;
    } else {
        ac->cand_n = 1;
        ac->cand_first = t;
    }
    ac->cand_lat = lat, ac->cand_lon = lon, ac->cand_time = t;
    if (ac->cand_n >= 3 && t - ac->cand_first >= 1.0)
        on_jump(g, ac, t);
    return false;
}

/* Integrity of a position message: -1 unknown, 0 low, 1 good, 2 good NIC with NACp unknown. */
static int quality(const jw_msg *m, const jw_aircraft *a)
{
    int nic = JW_HAS(m, JW_F_NIC) ? m->nic : -1;
    int nacp = JW_HAS(m, JW_F_NACP) ? m->nacp : (a && a->nacp_known ? a->nacp : -1);
    if ((nic >= 0 && nic < NIC_LOW) || (nacp >= 0 && nacp < NACP_LOW))
        return 0;
    if (nacp >= 0)
        return 1; /* only a known NACp makes an aircraft "seen good" */
    return nic >= 0 ? 2 : -1;
}

/* The position a message reports: resolved by the table, else from the
 * last even/odd pair this generator kept (airborne only). */
static bool raw_position(ae_ac *ac, const jw_msg *m, double *lat, double *lon)
{
    if (JW_HAS(m, JW_F_CPR) && !m->cpr_surface) {
        int h = m->cpr_odd & 1;
        ac->half_lat[h] = m->cpr_lat, ac->half_lon[h] = m->cpr_lon, ac->half_time[h] = m->time;
    }
    if (JW_HAS(m, JW_F_POS)) {
        *lat = m->lat, *lon = m->lon;
        return true;
    }
    if (!JW_HAS(m, JW_F_CPR) || m->cpr_surface || ac->half_time[0] < 0 || ac->half_time[1] < 0 ||
        fabs(ac->half_time[0] - ac->half_time[1]) > 10)
        return false;
    jw_cpr_pair pair = {ac->half_lat[0], ac->half_lon[0], ac->half_lat[1], ac->half_lon[1],
                        m->cpr_odd};
    jw_latlon p;
    if (jw_cpr_global_airborne(&pair, &p) != JW_OK)
        return false;
    *lat = p.lat, *lon = p.lon;
    return true;
}

static void integrity_step(jw_air_evidence *g, ae_ac *ac, int q, bool have, double t, double lat,
                           double lon)
{
    if (q == 0) {
        ac->good_n = 0;
        /* A kinematically consistent position of low integrity becomes the reference
         * of the dead reckonings when the trusted fix is older than REF_LOW_S: else
         * an aircraft whose transponder always reports a low NACp keeps the fix of
         * its first seconds, and its spoofing records are dead-reckoned from there
         * along its first track (levant seed 1: DEA206, NACp 1, placed 197-234 km
         * from the spoofer while it was 140 km away, 18 minutes after that fix). A
         * minute: a standard-rate turn reverses the track in one. Its effect on
         * make eval: docs/analysis.md, "Measured". */
        if (have && ac->state != ST_LOST && (!ac->has_trusted || t - ac->tr_time > REF_LOW_S))
            set_trusted(ac, t, lat, lon); /* low integrity is not a fake position */
        if (ac->bad_n++ == 0)
            ac->bad_first = t, ac->bad_lat = lat, ac->bad_lon = lon;
        if (ac->state == ST_NORMAL && ac->bad_n >= BAD_MIN_MSGS && t - ac->bad_first >= BAD_MIN_S) {
            ac->onset_lat = ac->bad_lat, ac->onset_lon = ac->bad_lon;
            enter(g, ac, ST_DEGRADED, JW_EV_DEGRADED, ac->bad_first, t);
        }
        return;
    }
    if (!have)
        return;
    ac->bad_n = 0;
    if (ac->state == ST_DEGRADED || ac->state == ST_LOST) {
        if (ac->good_n++ == 0)
            ac->good_first = t;
        if (ac->good_n >= GOOD_MIN_MSGS && t - ac->good_first >= 1.0)
            recover(g, ac, t, lat, lon);
    } else if (ac->state == ST_NORMAL) {
        if (q == 1)
            ac->ever_good = true;
        set_trusted(ac, t, lat, lon);
    }
}

static void on_position(jw_air_evidence *g, ae_ac *ac, const jw_msg *m, const jw_aircraft *a)
{
    double t = m->time, lat = NAN, lon = NAN;
    ac->last_pos = t;
    ac->other_since = 0;
    bool have = raw_position(ac, m, &lat, &lon);
    bool ok = have ? kinematic(g, ac, t, lat, lon) : false;
    if (have && g->cross)
        jw_air_cluster_note_slot(g->cross, ac->addr, t, lat, lon,
                                 ac->alt_time >= 0 && t - ac->alt_time < 60 ? ac->alt_ft : NAN,
                                 ac->vel_time >= 0 && t - ac->vel_time < 60 ? ac->gs : NAN,
                                 ac->track, &ac->cross_slot);
    if (ac->state == ST_SPOOF) {
        if (have && !ac->pending_release)
            ac->spoof_pos = t;
        if (have && ok && !ac->pending_release) /* off-track or after a jump: maybe the truth */
            ac->fake_lat = lat, ac->fake_lon = lon;
        if (ac->pending_release && ok && t - ac->release_time >= RELEASE_S && !slow_now(ac, t))
            recover(g, ac, t, lat, lon);
        else if (ac->has_trusted && t - ac->tr_time > 2 * DR_MAX_S)
            recover(g, ac, t, lat, lon); /* gave up: no truth to compare with */
        return;
    }
    int q = a ? quality(m, a) : -1;
    /* A NACp derived before TC31 told the version is no proof of good health:
     * "seen good" needs the version, or 30 s of positions without it. */
    bool told = a && a->version_known;
    if (q == 1 && !told && t - ac->first_pos < 30)
        q = 2;
    if (told && ac->good_guessed)
        ac->ever_good = ac->good_guessed = false;
    bool guessed = !ac->ever_good && q == 1 && !told;
    integrity_step(g, ac, q, have && ok, t, lat, lon);
    if (guessed && ac->ever_good)
        ac->good_guessed = true;
}

static void check_lost(jw_air_evidence *g, ae_ac *ac, double t)
{
    if (ac->state != ST_NORMAL && ac->state != ST_DEGRADED)
        return;
    if (ac->other_since >= LOST_MIN_MSGS && t - ac->last_pos >= LOST_AFTER_S) {
        ac->onset_lat = ac->has_ref ? ac->ref_lat : NAN;
        ac->onset_lon = ac->has_ref ? ac->ref_lon : NAN;
        enter(g, ac, ST_LOST, JW_EV_LOST, ac->last_pos, t);
    }
}

static void on_gap(jw_air_evidence *g, ae_ac *ac, double t)
{
    double lat = ac->has_ref ? ac->ref_lat : NAN, lon = ac->has_ref ? ac->ref_lon : NAN;
    emit(g, ac, JW_EV_GAP, t, lat, lon, ac->last_seen, 0.9f);
    ac->bad_n = ac->good_n = ac->slow_n = ac->gmb_n = ac->cand_n = 0;
    ac->other_since = 0;
    ac->last_pos = t;
    if (ac->state == ST_DEGRADED || ac->state == ST_LOST) {
        ac->state = ST_NORMAL; /* the condition cannot be followed across a gap */
        emit(g, ac, JW_EV_GOOD, ac->last_seen, lat, lon, ac->last_seen, 0.5f);
    }
}

static void gpsjam_feed(jw_air_evidence *g, const jw_msg *m, const jw_aircraft *a)
{
    if (!a || !a->pos_valid || a->gnss == JW_GNSS_UNKNOWN || !g->fn)
        return;
    jw_evidence ev = {.time = m->time,
                      .lat = a->lat,
                      .lon = a->lon,
                      .alt_m = NAN,
                      .fake_lat = NAN,
                      .fake_lon = NAN,
                      .since = m->time,
                      .target = a->addr,
                      .domain = JW_DOMAIN_AIR,
                      .kind = a->gnss == JW_GNSS_BAD ? JW_EV_DEGRADED : JW_EV_GOOD,
                      .confidence = 1.0f};
    g->fn(g->user, &ev);
}

/* The cross-aircraft checks (air_cluster.h), once per second of feed time:
 * a finding that begins puts its aircraft in the spoofed state (onset and
 * fake position from the finding); one that ends releases an aircraft it
 * alone put there. */
static void cross_check(jw_air_evidence *g, double t)
{
    jw_air_cluster_hit hits[64];
    g->next_cross = floor(t) + 1;
    size_t n = jw_air_cluster_check(g->cross, t, hits, 64);
    for (size_t i = 0; i < n; i++) {
        ae_ac *ac = find(g, hits[i].addr);
        if (!ac)
            continue;
        if (!hits[i].ended && ac->state != ST_SPOOF) {
            ac->fake_lat = hits[i].lat, ac->fake_lon = hits[i].lon;
            enter(g, ac, ST_SPOOF, (jw_evidence_kind)hits[i].kind, hits[i].since, t);
        } else if (hits[i].ended && ac->state == ST_SPOOF && ac->kind == hits[i].kind &&
                   ac->has_ref) {
            recover(g, ac, t, ac->ref_lat, ac->ref_lon);
        }
    }
}

/* The entry of m's aircraft: the one the table's entry a names in its user
 * slot when that is still this address's (pool entries in use always are
 * their address's only entry, so this is what ae_lookup() would find), else
 * ae_lookup()'s, then named there. Saves the index probe per message. */
static ae_ac *entry_of(jw_air_evidence *g, const jw_msg *m, const jw_aircraft *a)
{
    if (a) {
        uint32_t u = a->user;
        if (u && u <= g->npool && g->pool[u - 1].addr == m->addr)
            return &g->pool[u - 1];
    }
    ae_ac *ac = ae_lookup(g, m->addr, m->time);
    if (a)
        *jw_aircraft_user(a) = (uint32_t)(ac - g->pool) + 1;
    return ac;
}

static void feed_es(jw_air_evidence *g, const jw_msg *m, const jw_aircraft *a)
    __attribute__((noinline));

void jw_air_evidence_feed(jw_air_evidence *g, const jw_msg *m, const jw_aircraft *a)
{
    if (g->cfg.gpsjam) {
        gpsjam_feed(g, m, a);
        return;
    }
    /* Extended squitters only: surveillance replies and acquisition
     * squitters say nothing of GNSS, and gaps show in squitters too. */
    if ((m->df != 17 && m->df != 18) || m->addr_src == JW_ADDR_NONE || !isfinite(m->time))
        return;
    feed_es(g, m, a);
}

/* One extended squitter with a time (the body of jw_air_evidence_feed,
 * apart so that the messages it skips cost no more than the test). */
static void feed_es(jw_air_evidence *g, const jw_msg *m, const jw_aircraft *a)
{
    double t = m->time;
    ae_ac *ac = entry_of(g, m, a);
    if (t - ac->last_seen > g->cfg.gap_s)
        on_gap(g, ac, t);
    if (t > ac->last_seen)
        ac->last_seen = t;
    update_kinematics(g, ac, m);
    if (JW_HAS(m, JW_F_CPR) || JW_HAS(m, JW_F_POS)) {
        if (JW_HAS(m, JW_F_CPR) && m->cpr_lat == ac->cpr_lat && m->cpr_lon == ac->cpr_lon &&
            t - ac->last_pos < 2)
            return; /* another receiver's copy */
        ac->cpr_lat = m->cpr_lat, ac->cpr_lon = m->cpr_lon;
        on_position(g, ac, m, a);
    } else if (a && t - ac->last_count >= 0.2) {
        ac->last_count = t;
        ac->other_since++;
        check_lost(g, ac, t);
    }
    /* bad states three times as often: a target crossing a cell is seen in it */
    double every = ac->state == ST_NORMAL ? g->cfg.good_every_s : g->bad_every_s;
    if (t - ac->last_emit >= every || !ac->announced)
        ae_emit_state(g, ac, t);
    if (g->cross && t >= g->next_cross)
        cross_check(g, t);
}

void jw_air_evidence_finish(jw_air_evidence *g)
{
    for (size_t i = 0; i < g->nbuckets * WAYS; i++) {
        const ae_bucket *b = &g->buckets[i / WAYS];
        if (!b->idx[i % WAYS])
            continue;
        ae_ac *ac = &g->pool[b->idx[i % WAYS] - 1];
        if (ac->state != ST_NORMAL)
            ae_emit_state(g, ac, ac->last_seen);
    }
}
