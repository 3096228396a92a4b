/*
 * air_los.c - radio line of sight between receivers and aircraft (air_los.h).
 */
#include <errno.h>
#include <math.h>
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
        if (number(&s, &r.height_m) || r.height_m < 0)
            return -1;
    }
    if (*s || fabs(r.lat) > 90 || fabs(r.lon) > 180)
        return -1;
    *out = r;
    return 0;
}
