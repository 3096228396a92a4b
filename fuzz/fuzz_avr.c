/* fuzz_avr.c - the AVR reader: any input, cut anywhere, gives the same frames
 * and counters; frames are well formed; nothing crashes or grows. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_feed_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fz_check(JW_FMT_AVR, data, size);
}
