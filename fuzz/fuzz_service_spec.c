/* fuzz_service_spec.c - the service's input specifications
 * (jw_service_parse_input) on arbitrary strings, for every kind of input:
 * what is accepted has a port in range and, to connect, a host. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/service.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fz_text(data, size, 8192);
    if (!s)
        return 0;
    for (int k = JW_SVC_CONNECT; k <= JW_SVC_SIM; k++) {
        jw_service_input in;
        if (jw_service_parse_input((jw_service_input_kind)k, s, &in) != JW_OK)
            continue;
        bool net = k == JW_SVC_CONNECT || k == JW_SVC_LISTEN || k == JW_SVC_UDP;
        if ((net && (in.port < 1 || in.port > 65535)) || (k == JW_SVC_CONNECT && !in.host[0]) ||
            (!net && strcmp(in.path, s)))
            abort();
    }
    free(s);
    return 0;
}
