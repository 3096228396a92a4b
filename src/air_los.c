/*
 * air_los.c - radio line of sight between receivers and aircraft (air_los.h).
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "jamwatch/air_los.h"
#include "jamwatch/geo.h"
#include "jamwatch/sim_physics.h"

bool jw_los_heard_possible(const jw_receiver *rx, size_t n, double lat, double lon, double alt_m,
                           double margin, double slack_km)
{
    if (n == 0 || !isfinite(lat) || !isfinite(lon))
        return true;
    double h = isfinite(alt_m) ? alt_m : 0;
    for (size_t i = 0; i < n; i++) {
        double reach = jw_radio_horizon_km(rx[i].height_m, h) * margin + slack_km;
        if (jw_geo_distance_km(rx[i].lat, rx[i].lon, lat, lon) <= reach)
            return true;
    }
    return false;
}

static int number(const char **p, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(*p, &end);
    if (errno || end == *p || !isfinite(v))
        return -1;
    *out = v;
    *p = end;
    return 0;
}

int jw_receiver_parse(const char *s, jw_receiver *out)
{
    jw_receiver r = {0, 0, 10};
    if (number(&s, &r.lat) || *s++ != ',' || number(&s, &r.lon))
        return -1;
    if (*s == ',') {
        s++;
        if (number(&s, &r.height_m))
            return -1;
    }
    if (*s || !jw_receiver_valid(&r))
        return -1;
    *out = r;
    return 0;
}

bool jw_receiver_valid(const jw_receiver *r)
{
    return r && isfinite(r->lat) && isfinite(r->lon) && isfinite(r->height_m) &&
           fabs(r->lat) <= 90 && fabs(r->lon) <= 180 && r->height_m >= 0;
}

/* One element of a receivers array into *r. */
static jw_err receiver_of(json_t *e, jw_receiver *r)
{
    json_t *la = json_object_get(e, "lat"), *lo = json_object_get(e, "lon");
    json_t *h = json_object_get(e, "height_m");
    if (!json_is_number(la) || !json_is_number(lo) || (h && !json_is_number(h)))
        return JW_EFORMAT;
    *r = (jw_receiver){json_number_value(la), json_number_value(lo), h ? json_number_value(h) : 10};
    return jw_receiver_valid(r) ? JW_OK : JW_ERANGE;
}

jw_err jw_receivers_json(const char *text, size_t len, jw_receiver *out, size_t cap, size_t *n,
                         size_t *bad)
{
    if (bad)
        *bad = SIZE_MAX;
    if (!n || (!text && len) || (!out && cap))
        return JW_EINVAL;
    *n = 0;
    json_t *j = json_loadb(text, len, 0, NULL);
    if (!j)
        return JW_EPARSE;
    json_t *list = json_is_array(j) ? j : json_object_get(j, "receivers");
    jw_err err = json_is_array(list) ? JW_OK : JW_EFORMAT;
    for (size_t i = 0; err == JW_OK && i < json_array_size(list); i++) {
        jw_receiver r;
        err = i >= cap ? JW_EFULL : receiver_of(json_array_get(list, i), &r);
        if (err == JW_OK)
            out[(*n)++] = r;
        else if (bad)
            *bad = i;
    }
    json_decref(j);
    if (err != JW_OK)
        *n = 0;
    return err;
}
