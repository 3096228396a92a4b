/*
 * opensky.h - reader of OpenSky Network state-vector CSV (REFERENCE §1:
 * time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,
 * spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact; SI units)
 * into jw_msg records for the evidence generator. State vectors carry no
 * integrity, so only kinematic and gap evidence applies. A row whose every
 * field but the timestamps repeats the aircraft's previous row (OpenSky's
 * "frozen" state while no data arrives) yields no message, so that silence
 * stays silence; a stale position (lastposupdate more than 15 s old) is left
 * out of the message.
 */
#ifndef JAMWATCH_OPENSKY_H
#define JAMWATCH_OPENSKY_H

#include <stdbool.h>
#include <stddef.h>

#include "jamwatch/error.h"
#include "jamwatch/modes.h"

enum { JW_OPENSKY_LINE_MAX = 1024 }; /* longer lines are errors */

typedef struct jw_opensky jw_opensky;

/* Free with jw_opensky_close(). */
jw_err jw_opensky_open(jw_opensky **out);
void jw_opensky_close(jw_opensky *r);

/*
 * Parses one line (without its newline; a trailing CR is ignored). The
 * header line and empty lines give *has_msg = false and JW_OK. A data row
 * fills *out (JW_F_POS, GS, TRACK, ALT_BARO, ALT_GEOM, GEO_MINUS_BARO, VRATE,
 * CALLSIGN, SQUAWK, AIRGROUND as present; df 17, addr_src CRC) and sets
 * *has_msg unless the row is frozen. JW_EPARSE for a malformed row.
 */
jw_err jw_opensky_line(jw_opensky *r, const char *line, size_t len, jw_msg *out, bool *has_msg);

/* True when a line looks like the OpenSky header. */
bool jw_opensky_is_header(const char *line, size_t len);

#endif
