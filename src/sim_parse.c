/*
 * sim_parse.c - checked JSON readers and the scenario's list sections
 * (traffic, vessels, receivers, jammers, spoofers). See sim_parse.h.
 */
#include "sim_parse.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jw_parse_fail(jw_parse *p, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    if (!p->err || p->errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
}

/* "path.key" or "key" into buf. */
static const char *fpath(char *buf, size_t n, const char *path, const char *key)
{
    snprintf(buf, n, "%s%s%s", path, *path ? "." : "", key);
    return buf;
}

void jw_parse_keys(jw_parse *p, json_t *obj, const char *path, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        bool ok = false;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = strcmp(key, allowed[i]) == 0;
        if (!ok) {
            char b[160];
            jw_parse_fail(p, "%s: unknown field", fpath(b, sizeof b, path, key));
        }
    }
}

double jw_parse_num(jw_parse *p, json_t *obj, const char *path, const char *key, double def,
                    double lo, double hi, bool required)
{
    char b[160];
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            jw_parse_fail(p, "%s: required number missing", fpath(b, sizeof b, path, key));
        return def;
    }
    if (!json_is_number(v)) {
        jw_parse_fail(p, "%s: must be a number", fpath(b, sizeof b, path, key));
        return def;
    }
    double x = json_number_value(v);
    if (!(x >= lo && x <= hi)) {
        jw_parse_fail(p, "%s: %g is outside [%g, %g]", fpath(b, sizeof b, path, key), x, lo, hi);
        return def;
    }
    return x;
}

const char *jw_parse_str(jw_parse *p, json_t *obj, const char *path, const char *key, bool required)
{
    char b[160];
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            jw_parse_fail(p, "%s: required string missing", fpath(b, sizeof b, path, key));
        return NULL;
    }
    if (!json_is_string(v)) {
        jw_parse_fail(p, "%s: must be a string", fpath(b, sizeof b, path, key));
        return NULL;
    }
    return json_string_value(v);
}

bool jw_parse_bool(jw_parse *p, json_t *obj, const char *path, const char *key, bool def)
{
    char b[160];
    json_t *v = json_object_get(obj, key);
    if (!v)
        return def;
    if (!json_is_boolean(v)) {
        jw_parse_fail(p, "%s: must be true or false", fpath(b, sizeof b, path, key));
        return def;
    }
    return json_is_true(v);
}

json_t *jw_parse_obj(jw_parse *p, json_t *obj, const char *path, const char *key, bool required)
{
    char b[160];
    json_t *v = json_object_get(obj, key);
    if (!v && required)
        jw_parse_fail(p, "%s: required object missing", fpath(b, sizeof b, path, key));
    if (v && !json_is_object(v)) {
        jw_parse_fail(p, "%s: must be an object", fpath(b, sizeof b, path, key));
        return NULL;
    }
    return v;
}

json_t *jw_parse_arr(jw_parse *p, json_t *obj, const char *path, const char *key, bool required)
{
    char b[160];
    json_t *v = json_object_get(obj, key);
    if (!v && required)
        jw_parse_fail(p, "%s: required array missing", fpath(b, sizeof b, path, key));
    if (v && !json_is_array(v)) {
        jw_parse_fail(p, "%s: must be an array", fpath(b, sizeof b, path, key));
        return NULL;
    }
    return v;
}

void jw_parse_range(jw_parse *p, json_t *obj, const char *path, const char *key, double lo,
                    double hi, double out[2])
{
    char b[160];
    json_t *v = json_object_get(obj, key);
    if (!v)
        return;
    if (!json_is_array(v) || json_array_size(v) != 2 || !json_is_number(json_array_get(v, 0)) ||
        !json_is_number(json_array_get(v, 1))) {
        jw_parse_fail(p, "%s: must be [min, max]", fpath(b, sizeof b, path, key));
        return;
    }
    double a = json_number_value(json_array_get(v, 0)), c = json_number_value(json_array_get(v, 1));
    if (!(a >= lo && c <= hi && a <= c)) {
        jw_parse_fail(p, "%s: [%g, %g] must satisfy %g <= min <= max <= %g",
                      fpath(b, sizeof b, path, key), a, c, lo, hi);
        return;
    }
    out[0] = a;
    out[1] = c;
}

/* Allocates n zeroed elements of size sz (n may be 0). */
static void *alloc_n(jw_parse *p, size_t n, size_t sz)
{
    void *m = calloc(n ? n : 1, sz);
    if (!m)
        jw_parse_fail(p, "out of memory");
    return m;
}

static void copy_name(char *dst, size_t cap, const char *src, size_t idx, const char *prefix)
{
    char tmp[64];
    if (!src) {
        snprintf(tmp, sizeof tmp, "%s%zu", prefix, idx);
        src = tmp;
    }
    size_t n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void parse_airports(jw_parse *p, json_t *t, jw_sim_scenario *sc)
{
    json_t *a = jw_parse_arr(p, t, "traffic", "airports", false);
    size_t n = a ? json_array_size(a) : 0;
    if (n > JW_SIM_MAX_PORTS)
        return jw_parse_fail(p, "traffic.airports: more than %d", JW_SIM_MAX_PORTS);
    sc->airports = alloc_n(p, n, sizeof *sc->airports);
    if (!sc->airports)
        return;
    sc->nairports = n;
    for (size_t i = 0; i < n && !p->failed; i++) {
        char path[64];
        snprintf(path, sizeof path, "traffic.airports[%zu]", i);
        json_t *o = json_array_get(a, i);
        if (!json_is_object(o))
            return jw_parse_fail(p, "%s: must be an object", path);
        static const char *const keys[] = {"code", "lat", "lon", "elev_ft", "weight", NULL};
        jw_parse_keys(p, o, path, keys);
        jw_sim_airport *ap = &sc->airports[i];
        copy_name(ap->code, sizeof ap->code, jw_parse_str(p, o, path, "code", true), i, "AP");
        ap->lat = jw_parse_num(p, o, path, "lat", 0, -90, 90, true);
        ap->lon = jw_parse_num(p, o, path, "lon", 0, -180, 180, true);
        ap->elev_ft = jw_parse_num(p, o, path, "elev_ft", 0, -1500, 15000, false);
        ap->weight = jw_parse_num(p, o, path, "weight", 1, 0, 1e6, false);
    }
}

static int airport_index(const jw_sim_scenario *sc, const char *code)
{
    for (size_t i = 0; code && i < sc->nairports; i++)
        if (strcmp(sc->airports[i].code, code) == 0)
            return (int)i;
    return -1;
}

static void parse_routes(jw_parse *p, json_t *t, jw_sim_scenario *sc)
{
    json_t *a = jw_parse_arr(p, t, "traffic", "routes", false);
    if (!a)
        return;
    size_t n = json_array_size(a);
    if (n > JW_SIM_MAX_ROUTES)
        return jw_parse_fail(p, "traffic.routes: more than %d", JW_SIM_MAX_ROUTES);
    sc->routes = alloc_n(p, n, sizeof *sc->routes);
    if (!sc->routes)
        return;
    sc->nroutes = n;
    for (size_t i = 0; i < n && !p->failed; i++) {
        json_t *r = json_array_get(a, i);
        json_t *w = json_array_get(r, 2);
        int from = airport_index(sc, json_string_value(json_array_get(r, 0)));
        int to = airport_index(sc, json_string_value(json_array_get(r, 1)));
        if (!json_is_array(r) || from < 0 || to < 0 || from == to || (w && !json_is_number(w)))
            return jw_parse_fail(p,
                                 "traffic.routes[%zu]: must be [\"FROM\", \"TO\"] or [\"FROM\", "
                                 "\"TO\", weight] with two different airport codes listed in "
                                 "traffic.airports",
                                 i);
        sc->routes[i] = (jw_sim_route){(uint32_t)from, (uint32_t)to, w ? json_number_value(w) : 1};
    }
}

static void parse_airlines(jw_parse *p, json_t *t, jw_sim_scenario *sc)
{
    json_t *a = jw_parse_arr(p, t, "traffic", "airlines", false);
    size_t n = a ? json_array_size(a) : 0;
    for (size_t i = 0; i < n && i < 64; i++) {
        const char *s = json_string_value(json_array_get(a, i));
        if (!s || strlen(s) != 3)
            return jw_parse_fail(p, "traffic.airlines[%zu]: must be a 3-letter ICAO designator", i);
        memcpy(sc->airlines[i], s, 4);
        sc->nairlines = i + 1;
    }
}

void jw_parse_traffic(jw_parse *p, json_t *root, jw_sim_scenario *sc)
{
    json_t *t = jw_parse_obj(p, root, "", "traffic", false);
    if (!t)
        return;
    static const char *const keys[] = {"aircraft",  "airports",  "routes",      "cruise_ft",
                                       "cruise_kt", "climb_fpm", "descent_fpm", "versions",
                                       "airlines",  NULL};
    jw_parse_keys(p, t, "traffic", keys);
    sc->aircraft = (size_t)jw_parse_num(p, t, "traffic", "aircraft", 0, 0, JW_SIM_MAX_OBJ, true);
    jw_parse_range(p, t, "traffic", "cruise_ft", 1000, 50000, sc->cruise_ft);
    jw_parse_range(p, t, "traffic", "cruise_kt", 100, 650, sc->cruise_kt);
    jw_parse_range(p, t, "traffic", "climb_fpm", 300, 6000, sc->climb_fpm);
    jw_parse_range(p, t, "traffic", "descent_fpm", 300, 6000, sc->descent_fpm);
    json_t *v = jw_parse_obj(p, t, "traffic", "versions", false);
    if (v) {
        static const char *const vk[] = {"v0", "v1", "v2", NULL};
        jw_parse_keys(p, v, "traffic.versions", vk);
        for (int i = 0; i < 3; i++)
            sc->version_share[i] = jw_parse_num(p, v, "traffic.versions", vk[i], 0, 0, 1, true);
        if (!p->failed && sc->version_share[0] + sc->version_share[1] + sc->version_share[2] <= 0)
            jw_parse_fail(p, "traffic.versions: shares must not all be zero");
    }
    parse_airports(p, t, sc);
    parse_routes(p, t, sc);
    parse_airlines(p, t, sc);
    if (!p->failed && sc->aircraft > 0 && sc->nairports < 2)
        jw_parse_fail(p, "traffic.airports: at least two airports are needed for flights");
}

/* [[lat, lon], ...] or [{"t_s":, "lat":, "lon":}, ...] into a waypoint array. */
static jw_sim_waypoint *parse_points(jw_parse *p, json_t *a, const char *path, bool timed,
                                     size_t *n_out)
{
    size_t n = json_array_size(a);
    if (n == 0 || n > JW_SIM_MAX_PATH) {
        jw_parse_fail(p, "%s: needs 1 to %d points", path, JW_SIM_MAX_PATH);
        return NULL;
    }
    jw_sim_waypoint *w = alloc_n(p, n, sizeof *w);
    for (size_t i = 0; w && i < n && !p->failed; i++) {
        json_t *e = json_array_get(a, i);
        char q[96];
        snprintf(q, sizeof q, "%s[%zu]", path, i);
        if (timed) {
            if (!json_is_object(e)) {
                jw_parse_fail(p, "%s: must be {\"t_s\", \"lat\", \"lon\"}", q);
                break;
            }
            w[i].t = jw_parse_num(p, e, q, "t_s", 0, 0, 1e9, true);
            w[i].lat = jw_parse_num(p, e, q, "lat", 0, -90, 90, true);
            w[i].lon = jw_parse_num(p, e, q, "lon", 0, -180, 180, true);
            if (i > 0 && w[i].t <= w[i - 1].t)
                jw_parse_fail(p, "%s.t_s: times must increase", q);
        } else {
            json_t *la = json_array_get(e, 0), *lo = json_array_get(e, 1);
            if (!json_is_number(la) || !json_is_number(lo) || fabs(json_number_value(la)) > 90 ||
                fabs(json_number_value(lo)) > 180) {
                jw_parse_fail(p, "%s: must be [lat, lon] in degrees", q);
                break;
            }
            w[i].lat = json_number_value(la);
            w[i].lon = json_number_value(lo);
        }
    }
    *n_out = n;
    return w;
}

static void parse_lanes(jw_parse *p, json_t *v, jw_sim_scenario *sc)
{
    json_t *a = jw_parse_arr(p, v, "vessels", "lanes", false);
    size_t n = a ? json_array_size(a) : 0;
    sc->lanes = alloc_n(p, n, sizeof *sc->lanes);
    if (!sc->lanes)
        return;
    for (size_t i = 0; i < n && !p->failed; i++) {
        char path[64];
        snprintf(path, sizeof path, "vessels.lanes[%zu]", i);
        json_t *o = json_array_get(a, i);
        if (!json_is_object(o))
            return jw_parse_fail(p, "%s: must be an object", path);
        static const char *const keys[] = {"name", "points", "speed_kn", "weight", NULL};
        jw_parse_keys(p, o, path, keys);
        jw_sim_lane *l = &sc->lanes[i];
        sc->nlanes = i + 1;
        copy_name(l->name, sizeof l->name, jw_parse_str(p, o, path, "name", false), i, "lane");
        l->speed_kn[0] = 8, l->speed_kn[1] = 16;
        jw_parse_range(p, o, path, "speed_kn", 0.5, 40, l->speed_kn);
        l->weight = jw_parse_num(p, o, path, "weight", 1, 0, 1e6, false);
        json_t *pts = jw_parse_arr(p, o, path, "points", true);
        char q[80];
        snprintf(q, sizeof q, "%s.points", path);
        if (pts)
            l->pts = parse_points(p, pts, q, false, &l->npts);
        if (!p->failed && l->npts < 2)
            jw_parse_fail(p, "%s: a lane needs at least two points", q);
    }
}

static void parse_stations(jw_parse *p, json_t *v, jw_sim_scenario *sc)
{
    json_t *a = jw_parse_arr(p, v, "vessels", "stations", false);
    size_t n = a ? json_array_size(a) : 0;
    sc->stations = alloc_n(p, n, sizeof *sc->stations);
    if (!sc->stations)
        return;
    for (size_t i = 0; i < n && !p->failed; i++) {
        char path[64];
        snprintf(path, sizeof path, "vessels.stations[%zu]", i);
        json_t *o = json_array_get(a, i);
        if (!json_is_object(o))
            return jw_parse_fail(p, "%s: must be an object", path);
        static const char *const keys[] = {"mmsi", "name", "type", "aid_type",
                                           "lat",  "lon",  "gnss", NULL};
        jw_parse_keys(p, o, path, keys);
        jw_sim_station *s = &sc->stations[i];
        sc->nstations = i + 1;
        s->mmsi = (uint32_t)jw_parse_num(p, o, path, "mmsi", 0, 1, 999999999, true);
        copy_name(s->name, sizeof s->name, jw_parse_str(p, o, path, "name", false), i, "STATION ");
        const char *type = jw_parse_str(p, o, path, "type", true);
        if (type && strcmp(type, "base") && strcmp(type, "aton"))
            jw_parse_fail(p, "%s.type: must be \"base\" or \"aton\"", path);
        s->msg_type = type && !strcmp(type, "aton") ? 21 : 4;
        s->aid_type = (uint8_t)jw_parse_num(p, o, path, "aid_type", 1, 0, 31, false);
        s->lat = jw_parse_num(p, o, path, "lat", 0, -90, 90, true);
        s->lon = jw_parse_num(p, o, path, "lon", 0, -180, 180, true);
        s->gnss = jw_parse_bool(p, o, path, "gnss", true);
    }
}

void jw_parse_vessels(jw_parse *p, json_t *root, jw_sim_scenario *sc)
{
    json_t *v = jw_parse_obj(p, root, "", "vessels", false);
    if (!v)
        return;
    static const char *const keys[] = {"count",          "lanes",    "class_b_share",
                                       "anchored_share", "stations", NULL};
    jw_parse_keys(p, v, "vessels", keys);
    sc->vessels = (size_t)jw_parse_num(p, v, "vessels", "count", 0, 0, JW_SIM_MAX_OBJ, true);
    sc->class_b_share =
        jw_parse_num(p, v, "vessels", "class_b_share", sc->class_b_share, 0, 1, false);
    sc->anchored_share =
        jw_parse_num(p, v, "vessels", "anchored_share", sc->anchored_share, 0, 1, false);
    parse_lanes(p, v, sc);
    parse_stations(p, v, sc);
    if (!p->failed && sc->vessels > 0 && sc->nlanes == 0)
        jw_parse_fail(p, "vessels.lanes: vessels need at least one lane");
}

void jw_parse_receivers(jw_parse *p, json_t *root, jw_sim_scenario *sc)
{
    json_t *a = jw_parse_arr(p, root, "", "receivers", true);
    size_t n = a ? json_array_size(a) : 0;
    if (a && (n == 0 || n > JW_SIM_MAX_RX))
        return jw_parse_fail(p, "receivers: 1 to %d receivers", JW_SIM_MAX_RX);
    sc->receivers = alloc_n(p, n, sizeof *sc->receivers);
    if (!sc->receivers)
        return;
    for (size_t i = 0; i < n && !p->failed; i++) {
        char path[48];
        snprintf(path, sizeof path, "receivers[%zu]", i);
        json_t *o = json_array_get(a, i);
        if (!json_is_object(o))
            return jw_parse_fail(p, "%s: must be an object", path);
        static const char *const keys[] = {"name",           "lat",  "lon", "height_m",
                                           "range_km",       "adsb", "ais", "ais_range_km",
                                           "crc_error_rate", NULL};
        jw_parse_keys(p, o, path, keys);
        jw_sim_receiver *r = &sc->receivers[i];
        sc->nreceivers = i + 1;
        copy_name(r->name, sizeof r->name, jw_parse_str(p, o, path, "name", false), i, "rx");
        r->lat = jw_parse_num(p, o, path, "lat", 0, -90, 90, true);
        r->lon = jw_parse_num(p, o, path, "lon", 0, -180, 180, true);
        r->height_m = jw_parse_num(p, o, path, "height_m", 20, 0, 5000, false);
        r->range_km = jw_parse_num(p, o, path, "range_km", 400, 1, 700, false);
        r->ais_range_km = jw_parse_num(p, o, path, "ais_range_km", 70, 1, 400, false);
        r->adsb = jw_parse_bool(p, o, path, "adsb", true);
        r->ais = jw_parse_bool(p, o, path, "ais", false);
        r->crc_error_rate = jw_parse_num(p, o, path, "crc_error_rate", 0.002, 0, 0.5, false);
    }
}

static void parse_schedule(jw_parse *p, json_t *o, const char *path, jw_sim_emitter *e)
{
    json_t *a = jw_parse_arr(p, o, path, "schedule", false);
    size_t n = a ? json_array_size(a) : 0;
    if (n > JW_SIM_MAX_SCHED)
        return jw_parse_fail(p, "%s.schedule: more than %d windows", path, JW_SIM_MAX_SCHED);
    if (n == 0)
        return;
    e->sched = alloc_n(p, n, sizeof *e->sched);
    for (size_t i = 0; e->sched && i < n && !p->failed; i++) {
        char q[96];
        snprintf(q, sizeof q, "%s.schedule[%zu]", path, i);
        json_t *w = json_array_get(a, i);
        if (!json_is_object(w))
            return jw_parse_fail(p, "%s: must be {\"start_s\", \"end_s\"}", q);
        e->sched[i].start = jw_parse_num(p, w, q, "start_s", 0, 0, 1e9, true);
        e->sched[i].end = jw_parse_num(p, w, q, "end_s", 0, 0, 1e9, true);
        if (!p->failed && e->sched[i].end <= e->sched[i].start)
            jw_parse_fail(p, "%s: end_s must be after start_s", q);
        e->nsched = i + 1;
    }
}

static void parse_fake(jw_parse *p, json_t *o, const char *path, jw_sim_emitter *e)
{
    char q[80];
    snprintf(q, sizeof q, "%s.fake", path);
    json_t *f = jw_parse_obj(p, o, path, "fake", true);
    if (!f)
        return;
    static const char *const keys[] = {"mode",     "lat",      "lon",         "north_km",
                                       "east_km",  "speed_kt", "bearing_deg", "radius_km",
                                       "period_s", NULL};
    jw_parse_keys(p, f, q, keys);
    static const char *const modes[] = {"fixed", "offset", "drift", "circle"};
    const char *m = jw_parse_str(p, f, q, "mode", true);
    e->mode = 255;
    for (uint8_t i = 0; m && i < 4; i++)
        if (!strcmp(m, modes[i]))
            e->mode = i;
    if (m && e->mode == 255)
        return jw_parse_fail(p, "%s.mode: must be fixed, offset, drift or circle", q);
    bool point = e->mode == JW_FAKE_FIXED || e->mode == JW_FAKE_CIRCLE;
    e->fake_lat = jw_parse_num(p, f, q, "lat", 0, -90, 90, point);
    e->fake_lon = jw_parse_num(p, f, q, "lon", 0, -180, 180, point);
    e->off_n_km = jw_parse_num(p, f, q, "north_km", 0, -2000, 2000, false);
    e->off_e_km = jw_parse_num(p, f, q, "east_km", 0, -2000, 2000, false);
    e->drift_kt = jw_parse_num(p, f, q, "speed_kt", 0, 0, 1000, e->mode == JW_FAKE_DRIFT);
    e->drift_brg = jw_parse_num(p, f, q, "bearing_deg", 0, 0, 360, false);
    e->radius_km = jw_parse_num(p, f, q, "radius_km", 0, 0, 500, e->mode == JW_FAKE_CIRCLE);
    e->period_s = jw_parse_num(p, f, q, "period_s", 600, 10, 1e6, false);
}

static void parse_emitter(jw_parse *p, json_t *o, const char *path, uint8_t kind, jw_sim_emitter *e)
{
    static const char *const jk[] = {"name",   "lat",      "lon",  "height_m",
                                     "eirp_w", "schedule", "path", NULL};
    static const char *const sk[] = {"name",           "lat",  "lon",      "height_m", "eirp_w",
                                     "schedule",       "path", "reach_km", "fake",     "dip_s",
                                     "gnss_height_ft", NULL};
    jw_parse_keys(p, o, path, kind ? sk : jk);
    e->kind = kind;
    copy_name(e->name, sizeof e->name, jw_parse_str(p, o, path, "name", false), 0,
              kind ? "spoofer" : "jammer");
    e->lat = jw_parse_num(p, o, path, "lat", 0, -90, 90, true);
    e->lon = jw_parse_num(p, o, path, "lon", 0, -180, 180, true);
    e->height_m = jw_parse_num(p, o, path, "height_m", 30, 0, 20000, false);
    e->eirp_w = jw_parse_num(p, o, path, "eirp_w", kind ? 1 : 20, 1e-6, 1e6, !kind);
    parse_schedule(p, o, path, e);
    json_t *pa = jw_parse_arr(p, o, path, "path", false);
    if (pa) {
        char q[80];
        snprintf(q, sizeof q, "%s.path", path);
        e->path = parse_points(p, pa, q, true, &e->npath);
    }
    if (!kind)
        return;
    e->reach_km = jw_parse_num(p, o, path, "reach_km", 0, 1, 1000, true);
    e->dip_s = jw_parse_num(p, o, path, "dip_s", 0, 0, 3600, false);
    e->dip = e->dip_s > 0;
    e->has_height = json_object_get(o, "gnss_height_ft") != NULL;
    e->height_ft = jw_parse_num(p, o, path, "gnss_height_ft", 0, -1000, 60000, false);
    parse_fake(p, o, path, e);
}

void jw_parse_emitters(jw_parse *p, json_t *root, jw_sim_scenario *sc)
{
    json_t *ja = jw_parse_arr(p, root, "", "jammers", false);
    json_t *sa = jw_parse_arr(p, root, "", "spoofers", false);
    size_t nj = ja ? json_array_size(ja) : 0, ns = sa ? json_array_size(sa) : 0;
    if (nj + ns > JW_SIM_MAX_EMIT)
        return jw_parse_fail(p, "jammers + spoofers: more than %d", JW_SIM_MAX_EMIT);
    sc->emitters = alloc_n(p, nj + ns, sizeof *sc->emitters);
    if (!sc->emitters)
        return;
    for (size_t i = 0; i < nj + ns && !p->failed; i++) {
        bool spoof = i >= nj;
        size_t k = spoof ? i - nj : i;
        char path[48];
        snprintf(path, sizeof path, "%s[%zu]", spoof ? "spoofers" : "jammers", k);
        json_t *o = json_array_get(spoof ? sa : ja, k);
        sc->nemitters = i + 1;
        if (!json_is_object(o))
            return jw_parse_fail(p, "%s: must be an object", path);
        parse_emitter(p, o, path, spoof ? 1 : 0, &sc->emitters[i]);
    }
}
