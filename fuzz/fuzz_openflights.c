/* fuzz_openflights.c - the OpenFlights reader (airports.dat, routes.dat) on
 * arbitrary bytes: the input is cut at its first NUL into the two files,
 * which are read over a small scenario; a network it adopts must have its
 * routes' ends among its airports. The reader takes paths, so the two parts are
 * written to per-process files under /tmp first. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jamwatch/sim.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char scenario[] =
    "{\"name\":\"of\",\"duration_s\":5,\"region\":{\"lat_min\":50,\"lat_max\":52,"
    "\"lon_min\":10,\"lon_max\":13},\"traffic\":{\"aircraft\":5,\"airports\":[{\"code\":\"A\","
    "\"lat\":50.5,\"lon\":10.5},{\"code\":\"B\",\"lat\":51.8,\"lon\":12.8}]},"
    "\"receivers\":[{\"lat\":51,\"lon\":11}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    char ap[64], rp[64];
    snprintf(ap, sizeof ap, "/tmp/jw_fuzz_of_%ld.airports", (long)getpid());
    snprintf(rp, sizeof rp, "/tmp/jw_fuzz_of_%ld.routes", (long)getpid());
    const uint8_t *cut = memchr(data, 0, size);
    size_t na = cut ? (size_t)(cut - data) : size;
    size_t nr = cut ? size - na - 1 : 0;
    if (fz_write_file(ap, data, na) || fz_write_file(rp, cut ? cut + 1 : data, nr))
        return 0;
    char err[256];
    jw_sim_scenario *sc = NULL;
    if (jw_sim_scenario_parse(scenario, err, sizeof err, &sc) != JW_OK)
        abort();
    if (jw_sim_scenario_openflights(sc, ap, rp, err, sizeof err) == JW_OK) {
        if (sc->nairports < 2 || sc->nroutes < 1)
            abort();
        for (size_t i = 0; i < sc->nroutes; i++)
            if (sc->routes[i].from >= sc->nairports || sc->routes[i].to >= sc->nairports)
                abort();
    }
    jw_sim_scenario_free(sc);
    unlink(ap);
    unlink(rp);
    return 0;
}
