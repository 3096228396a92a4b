/*
 * modes_internal.h - what the Mode S decoder's source files share.
 *
 * modes.c dispatches on the downlink format and hands DF17/18 extended
 * squitters to jw__es_decode() in modes_es.c.
 */
#ifndef JW_MODES_INTERNAL_H
#define JW_MODES_INTERNAL_H

#include <stdint.h>

#include "jamwatch/modes.h"

/*
 * Decodes the ME field (frame bits 33-88) of a CRC-checked DF17/18 frame f
 * into m (tc, subtype and the fields of that type code). imf is 1 for TIS-B
 * fine and ADS-R messages (DF18 CF 2 and 6), where some ME bits carry the
 * IMF flag (address is not an ICAO one) instead of their ADS-B meaning.
 */
void jw__es_decode(const uint8_t *f, int imf, jw_msg *m);

/* CRC residual of a 112-bit frame f: the CRC of its first 88 bits XOR its
 * parity field (bits 89-112); zero for a clean DF17/18. The decoder's one
 * per-frame CRC: a function of its own, so that the link inlines it. */
uint32_t jw__es_residual(const uint8_t *f);

#endif
