/* geo.c - spherical great-circle geometry (see geo.h). */
#include "jamwatch/geo.h"

#include <math.h>

#define DEG (M_PI / 180.0)

double jw_geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
    /* Haversine: well conditioned for the short distances that dominate. */
    double dlat = (lat2 - lat1) * DEG, dlon = (lon2 - lon1) * DEG;
    double s1 = sin(dlat / 2), s2 = sin(dlon / 2);
    double h = s1 * s1 + cos(lat1 * DEG) * cos(lat2 * DEG) * s2 * s2;
    if (h > 1)
        h = 1;
    return 2 * JW_EARTH_RADIUS_M * asin(sqrt(h));
}

double jw_geo_bearing(double lat1, double lon1, double lat2, double lon2)
{
    double p1 = lat1 * DEG, p2 = lat2 * DEG, dl = (lon2 - lon1) * DEG;
    double y = sin(dl) * cos(p2);
    double x = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl);
    double b = atan2(y, x) / DEG;
    return b < 0 ? b + 360 : b;
}

void jw_geo_destination(double lat, double lon, double bearing_deg, double dist_m, double *lat_out,
                        double *lon_out)
{
    double d = dist_m / JW_EARTH_RADIUS_M, b = bearing_deg * DEG, p1 = lat * DEG;
    double p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(b));
    double l2 = lon * DEG + atan2(sin(b) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2));
    *lat_out = p2 / DEG;
    *lon_out = jw_geo_wrap_lon(l2 / DEG);
}

double jw_geo_wrap_lon(double lon)
{
    lon = fmod(lon + 180.0, 360.0);
    if (lon < 0)
        lon += 360.0;
    return lon - 180.0;
}
