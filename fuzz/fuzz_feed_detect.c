/* fuzz_feed_detect.c - format detection and AUTO feeds: jw_format_detect is
 * pure and monotonic enough that an AUTO feed (which detects as bytes arrive)
 * gives the same output however the input is cut. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_feed_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jw_format d1 = jw_format_detect(data, size), d2 = jw_format_detect(data, size);
    if (d1 != d2 || (unsigned)d1 > JW_FMT_NMEA)
        abort();
    return fz_check(JW_FMT_AUTO, data, size);
}
