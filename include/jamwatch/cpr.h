/*
 * cpr.h - Compact Position Reporting (DO-260B Appendix A.1.7): pure decode
 * and encode of the 17-bit CPR latitude/longitude of ADS-B positions.
 *
 * Airborne positions use 360-degree zones (60 even / 59 odd in latitude);
 * surface positions use 90-degree zones and are only defined modulo 90
 * degrees, so their global decode needs a reference position to choose the
 * hemisphere and longitude quadrant.
 *
 * Validity of local decoding (decoding one message against a reference):
 * the reference must lie within half a latitude zone of the true position,
 * i.e. within 3 degrees (~180 NM) for airborne and 0.75 degree (~45 NM) for
 * surface positions. The functions cannot check that: callers use a
 * reference they trust to be that close (a recent position of the same
 * aircraft, or the receiver for surface positions). See docs/decoder.md.
 */
#ifndef JAMWATCH_CPR_H
#define JAMWATCH_CPR_H

#include <stdint.h>

#include "jamwatch/error.h"

/* A position in degrees (WGS-84): lat in [-90, 90], lon in [-180, 180). */
typedef struct jw_latlon {
    double lat; /* degrees north */
    double lon; /* degrees east */
} jw_latlon;

/* An even/odd pair of raw 17-bit CPR coordinates. */
typedef struct jw_cpr_pair {
    uint32_t even_lat, even_lon; /* from the even (F=0) message */
    uint32_t odd_lat, odd_lon;   /* from the odd (F=1) message */
    int odd_newer;               /* 1 when the odd message is the more recent one */
} jw_cpr_pair;

/* Number of longitude zones at latitude lat (degrees): 59 at the equator
 * down to 1 beyond 87 degrees; uses the table of transition latitudes. */
int jw_cpr_nl(double lat);

/*
 * Global airborne decode of an even/odd pair; the newer message's position
 * is returned. JW_ECPR when either latitude falls outside [-90, 90] or the
 * two latitudes lie in different NL zones (the aircraft crossed a zone
 * boundary between the messages: wait for a new pair).
 */
jw_err jw_cpr_global_airborne(const jw_cpr_pair *pair, jw_latlon *out);

/*
 * Global surface decode of an even/odd pair. ref (e.g. the receiver) picks
 * the solution nearest to it among the hemispheres and the four longitude
 * quadrants. JW_ECPR as for airborne.
 */
jw_err jw_cpr_global_surface(const jw_cpr_pair *pair, const jw_latlon *ref, jw_latlon *out);

/*
 * Local decode of one message (cpr_lat/cpr_lon, odd 0/1, surface 0/1)
 * against a reference position; valid only when ref is within ~180 NM
 * (airborne) or ~45 NM (surface) of the true position (see above).
 * JW_EINVAL unless ref is finite with |lat| <= 90 and |lon| <= 360.
 */
jw_err jw_cpr_local(uint32_t cpr_lat, uint32_t cpr_lon, int odd, int surface, const jw_latlon *ref,
                    jw_latlon *out);

/*
 * CPR encoding of a position (the transmitter's side, for the simulator):
 * 17-bit YZ (latitude) and XZ (longitude) of an even (odd=0) or odd message,
 * airborne or surface. JW_ELATLNG for non-finite or out-of-range input.
 * Results in *yz and *xz (the last two arguments).
 */
jw_err jw_cpr_encode(double lat, double lon, int odd, int surface, uint32_t *yz, uint32_t *xz);

#endif
