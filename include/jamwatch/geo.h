/*
 * geo.h - great-circle geometry on a spherical earth (mean radius 6371 km),
 * in degrees and metres. Good to about 0.5 % against WGS-84, which is far
 * below anything jamwatch infers from positions.
 */
#ifndef JAMWATCH_GEO_H
#define JAMWATCH_GEO_H

#include <math.h>

#define JW_EARTH_RADIUS_M  6371008.8
#define JW_EARTH_RADIUS_KM (JW_EARTH_RADIUS_M / 1000.0)

/* Great-circle distance between two points, metres. */
double jw_geo_distance_m(double lat1, double lon1, double lat2, double lon2);

/* Initial bearing from point 1 to point 2, degrees clockwise from north, 0-360. */
double jw_geo_bearing(double lat1, double lon1, double lat2, double lon2);

/* The point reached from (lat, lon) after dist_m along bearing_deg: *lat_out, *lon_out. */
void jw_geo_destination(double lat, double lon, double bearing_deg, double dist_m, double *lat_out,
                        double *lon_out);

/* The same in kilometres, for callers that think in radio ranges. */
static inline double jw_geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    return jw_geo_distance_m(lat1, lon1, lat2, lon2) / 1000.0;
}

static inline void jw_geo_destination_km(double lat, double lon, double bearing_deg, double dist_km,
                                         double *lat_out, double *lon_out)
{
    jw_geo_destination(lat, lon, bearing_deg, dist_km * 1000.0, lat_out, lon_out);
}

/* The cosine and sine of a latitude, cached for jw_geo_short_step. */
typedef struct jw_geo_lat_trig {
    double cos_lat, sin_lat; /* of anchor */
    double anchor;           /* the latitude they are of, radians (1e9: none yet) */
} jw_geo_lat_trig;

/*
 * One short step of d_km along the great circle leaving (*lat, *lon) on
 * track_deg (whose sine and cosine the caller passes), in place. For steps
 * under 5 km away from the poles (|lat| <= 80) it uses the second-order
 * expansion of the destination (dphi = x - y^2/2 tan(phi), dlambda =
 * (y + x y tan(phi)) / cos(phi), x, y the north and east angles), exact to
 * (d/R)^3 (millimetres at 2 km, tests/test_geo.c), with the latitude's
 * trigonometry from *trig, refreshed every 1e-3 rad (error 1e-10): no
 * trigonometry per step. Longer steps (and NaN) go through
 * jw_geo_destination_km. Inline: dead reckoning calls it per velocity
 * message.
 */
static inline void jw_geo_short_step(double *lat, double *lon, double track_deg, double sin_track,
                                     double cos_track, double d_km, jw_geo_lat_trig *trig)
{
    if (!(d_km < 5.0) || fabs(*lat) > 80) {
        jw_geo_destination_km(*lat, *lon, track_deg, d_km, lat, lon);
        return;
    }
    double phi = *lat * (M_PI / 180), e = phi - trig->anchor;
    if (fabs(e) > 1e-3) {
        trig->cos_lat = cos(phi), trig->sin_lat = sin(phi), trig->anchor = phi;
        e = 0;
    }
    double c = trig->cos_lat * (1 - 0.5 * e * e) - trig->sin_lat * e;
    double s = trig->sin_lat * (1 - 0.5 * e * e) + trig->cos_lat * e, tn = s / c;
    double x = d_km / JW_EARTH_RADIUS_KM * cos_track, y = d_km / JW_EARTH_RADIUS_KM * sin_track;
    *lat += (x - 0.5 * y * y * tn) * (180 / M_PI);
    double l = *lon + (y + x * y * tn) / c * (180 / M_PI);
    *lon = l > 180 ? l - 360 : l < -180 ? l + 360 : l;
}

/* Longitude folded into [-180, 180). */
double jw_geo_wrap_lon(double lon);

#endif
