/*
 * aircraft_pos.h - CPR pairing and position acceptance for one aircraft;
 * internal to the aircraft table.
 */
#ifndef JW_AIRCRAFT_POS_H
#define JW_AIRCRAFT_POS_H

#include <stdbool.h>

#include "jamwatch/aircraft.h"

/*
 * Stores m's CPR half in a, then tries a global decode with the other half
 * and otherwise a local decode against the last position or the receiver.
 * A position that passes the range and speed checks is written to both a and
 * m (lat, lon, JW_F_POS, nic, rc, JW_F_NIC). Returns true when m produced a
 * position with NACp >= 4 (a "good fix" for the integrity classifier).
 */
bool jw_aircraft_position(const jw_aircraft_config *cfg, jw_aircraft_stats *st, jw_aircraft *a,
                          jw_msg *m);

#endif
