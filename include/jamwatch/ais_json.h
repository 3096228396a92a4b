/*
 * ais_json.h - one decoded AIS message as one line of JSON, with gpsd's
 * member names (AIVDM.adoc "JSON-AIS encoding") and units.
 *
 * Scaled mode is what `gpsdecode -j` prints: positions in degrees (6
 * decimals), speed in knots and course in degrees (1 decimal), draught in
 * metres, turn as degrees per minute or "nan"/"fastleft"/"fastright", speed
 * "nan" when not available. Unscaled mode (`gpsdecode -u -j`) prints the raw
 * integers of the message. "Not available" positions are printed as their
 * raw value (181 / 91 degrees when scaled), as gpsd does, so that a reader
 * can count them; docs/ais.md lists every difference from gpsdecode 3.22.
 */
#ifndef JAMWATCH_AIS_JSON_H
#define JAMWATCH_AIS_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "jamwatch/ais.h"
#include "jamwatch/error.h"

/* A buffer of this size always holds one message's line. */
#define JW_AIS_JSON_MAX 1024

/*
 * Writes m as one JSON object followed by '\n' into buf (cap bytes, at least
 * JW_AIS_JSON_MAX) and sets *len to the bytes written (no NUL is added).
 * Returns JW_ERANGE when cap is too small, JW_EINVAL on NULL arguments.
 */
jw_err jw_ais_json(const jw_ais_msg *m, bool scaled, char *buf, size_t cap, size_t *len);

#endif
