/*
 * aircraft_pos.c - CPR pairing and position acceptance (see aircraft_pos.h).
 *
 * Order of attempts for a new CPR half:
 *   1. global decoding with the other half when it is recent enough (10 s
 *      airborne, 25 s surface) and of the same kind; surface pairs need a
 *      reference (last position or receiver) to pick the quadrant;
 *   2. otherwise local decoding against the aircraft's last position (if not
 *      older than 10 minutes), or against the receiver when configured.
 * A result is accepted only when the implied speed from the previous position
 * is plausible, so that a corrupted or spoofed-looking jump does not replace a
 * good track on the strength of one message.
 */
#include "aircraft_pos.h"

#include <math.h>

#include "jamwatch/cpr.h"
#include "jamwatch/geo.h"
#include "jamwatch/integrity.h"

#define PAIR_MAX_AIRBORNE 10.0  /* s between halves of a global airborne pair */
#define PAIR_MAX_SURFACE  25.0  /* s between halves of a global surface pair */
#define LOCAL_REF_MAX_AGE 600.0 /* s: older positions are no local reference */
#define KT_TO_MS          0.514444

/* Is the move from a's last position to (lat, lon) at time t plausible? */
static bool speed_ok(const jw_aircraft_config *cfg, const jw_aircraft *a, double lat, double lon,
                     double t)
{
    if (!a->pos_valid)
        return true;
    double dt = fabs(t - a->pos_time);
    /* Allow one CPR cell of slack and a second of timing jitter. */
    double limit = cfg->max_speed_kt * KT_TO_MS * (dt + 1.0) + 1000.0;
    /* Without trigonometry first: ignoring the cos(lat) shrink of longitude
     * over-estimates a short distance, so a move within the limit by this
     * measure is within it on the sphere too. Almost every position is. */
    double dlat = fabs(lat - a->lat), dlon = fabs(lon - a->lon);
    if (dlon > 180)
        dlon = 360 - dlon;
    double deg = limit / (JW_EARTH_RADIUS_M * (M_PI / 180.0));
    if (dlat * dlat + dlon * dlon <= deg * deg && deg < 10)
        return true;
    return jw_geo_distance_m(a->lat, a->lon, lat, lon) <= limit;
}

/* The reference for local and surface decoding: a recent own position, else the receiver. */
static bool reference(const jw_aircraft_config *cfg, const jw_aircraft *a, double t, jw_latlon *ref)
{
    if (a->pos_valid && t - a->pos_time <= LOCAL_REF_MAX_AGE) {
        ref->lat = a->lat;
        ref->lon = a->lon;
        return true;
    }
    if (cfg->has_receiver) {
        ref->lat = cfg->rx_lat;
        ref->lon = cfg->rx_lon;
        return true;
    }
    return false;
}

/* Global decoding of the pair held in a; the half just received is m's. */
static jw_err try_global(const jw_aircraft_config *cfg, const jw_aircraft *a, const jw_msg *m,
                         jw_latlon *pos)
{
    const jw_cpr_half *other = &a->cpr[!m->cpr_odd];
    double window = m->cpr_surface ? PAIR_MAX_SURFACE : PAIR_MAX_AIRBORNE;
    if (other->time < 0 || other->surface != m->cpr_surface || fabs(m->time - other->time) > window)
        return JW_ECPR;
    jw_cpr_pair pair = {a->cpr[0].lat, a->cpr[0].lon, a->cpr[1].lat, a->cpr[1].lon, m->cpr_odd};
    if (!m->cpr_surface)
        return jw_cpr_global_airborne(&pair, pos);
    jw_latlon ref;
    if (!reference(cfg, a, m->time, &ref))
        return JW_ECPR;
    return jw_cpr_global_surface(&pair, &ref, pos);
}

static jw_err try_local(const jw_aircraft_config *cfg, const jw_aircraft *a, const jw_msg *m,
                        jw_latlon *pos)
{
    jw_latlon ref;
    if (!reference(cfg, a, m->time, &ref))
        return JW_ECPR;
    return jw_cpr_local(m->cpr_lat, m->cpr_lon, m->cpr_odd, m->cpr_surface, &ref, pos);
}

/* NIC/Rc of m's half from its type code, the supplements and the version. */
static jw_nic_rc half_nic(const jw_aircraft *a, const jw_msg *m)
{
    jw_nic_rc r = {0, 0};
    int nic_b = JW_HAS(m, JW_F_NIC_B) ? m->nic_b : 0;
    int version = a->version_known ? a->version : 0;
    if (jw_nic_from_tc(m->tc, version, a->nic_a, nic_b, a->nic_c, &r) != JW_OK)
        r.nic = 0, r.rc = 0;
    return r;
}

bool jw_aircraft_position(const jw_aircraft_config *cfg, jw_aircraft_stats *st, jw_aircraft *a,
                          jw_msg *m)
{
    jw_nic_rc nr = half_nic(a, m);
    jw_cpr_half *h = &a->cpr[m->cpr_odd & 1];
    h->lat = m->cpr_lat;
    h->lon = m->cpr_lon;
    h->time = m->time;
    h->surface = m->cpr_surface;
    h->nic = nr.nic;
    h->rc = nr.rc;

    jw_latlon pos;
    bool global = try_global(cfg, a, m, &pos) == JW_OK;
    if (global && !speed_ok(cfg, a, pos.lat, pos.lon, m->time)) {
        st->cpr_rejected++;
        global = false;
        a->cpr[!m->cpr_odd].time = -1; /* a pair that jumps may hold a stale half */
    }
    if (!global) {
        if (try_local(cfg, a, m, &pos) != JW_OK || !speed_ok(cfg, a, pos.lat, pos.lon, m->time)) {
            if (a->pos_valid || cfg->has_receiver)
                st->cpr_rejected++;
            return false;
        }
        st->cpr_local++;
    } else {
        st->cpr_global++;
        const jw_cpr_half *o = &a->cpr[!m->cpr_odd];
        jw_nic_rc other = {o->nic, o->rc};
        nr = jw_nic_pair(nr, other); /* a pair is as good as its weaker half */
    }
    a->lat = m->lat = pos.lat;
    a->lon = m->lon = pos.lon;
    a->pos_time = m->time;
    a->pos_valid = true;
    a->surface = m->cpr_surface;
    JW_SET(m, JW_F_POS);
    a->nic = m->nic = nr.nic;
    a->rc = m->rc = nr.rc;
    JW_SET(m, JW_F_NIC);
    if (!a->version_known || a->version == 0) {
        int nacp; /* version 0 sends no NACp: take the one its NUCp implies */
        if (jw_v0_nacp(m->tc, &nacp) == JW_OK) {
            a->nacp = (uint8_t)nacp;
            a->nacp_known = true;
            if (!JW_HAS(m, JW_F_NACP)) {
                m->nacp = a->nacp;
                JW_SET(m, JW_F_NACP);
            }
        }
    }
    return a->nacp_known && a->nacp >= 4;
}
