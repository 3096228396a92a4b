/*
 * integrity.h - ADS-B position integrity and accuracy figures.
 *
 * Pure lookups: NIC and containment radius Rc from the type code, the NIC
 * supplements A/B/C and the ADS-B version (DO-260B Table 2-69/2-70, ICAO
 * Doc 9871 Table C-2; REFERENCE.md section 2), the 95 % accuracy bound of a
 * NACp, and the version-0 derivations (NUCp, and the NACp and SIL that a
 * version-0 type code implies, ICAO Doc 9871 Tables C-43 and C-44).
 * docs/decoder.md explains each derivation.
 */
#ifndef JAMWATCH_INTEGRITY_H
#define JAMWATCH_INTEGRITY_H

#include <stdint.h>

#include "jamwatch/error.h"

/* NIC and its horizontal containment radius. */
typedef struct jw_nic_rc {
    uint8_t nic; /* 0-11 */
    double rc;   /* metres; 0 = unknown (NIC 0) */
} jw_nic_rc;

/*
 * NIC/Rc of a position message: tc 0 or 5-22 (tc 19 is not a position:
 * JW_EINVAL), version 0/1/2, supplements 0/1 (A from TC31, B from ME bit 8
 * of TC 9-18, C from surface TC31). Version 0 has no supplements and
 * version 1 no B/C: they are ignored there.
 */
jw_err jw_nic_from_tc(int tc, int version, int nic_a, int nic_b, int nic_c, jw_nic_rc *out);

/* For a global CPR pair: the lower NIC of the two (the larger Rc on a tie,
 * unknown counting as the largest). */
jw_nic_rc jw_nic_pair(jw_nic_rc a, jw_nic_rc b);

/* 95 % horizontal accuracy bound (metres) of NACp 1-11; 0 for NACp 0
 * (unknown). JW_ERANGE for 12-15. */
jw_err jw_nacp_bound_m(int nacp, double *out_m);

/* Version 0: NUCp of a position type code (9..0 for TC 9..18, 5..8 -> 9..6,
 * 20..22 -> 9, 8, 0, TC 0 -> 0). JW_EINVAL for a non-position tc. */
jw_err jw_v0_nucp(int tc, int *out);

/* Version 0: the NACp implied by a position type code (HFOM of its NUCp
 * mapped onto the NACp bands). JW_EINVAL for a non-position tc. */
jw_err jw_v0_nacp(int tc, int *out);

/* Version 0: the SIL implied by a position type code: 2 (1e-5) for a
 * position with a stated containment, 0 for TC 0, 18, 22. */
jw_err jw_v0_sil(int tc, int *out);

#endif
