/* fuzz_sim_scenario.c - the scenario parser on arbitrary bytes; scenarios
 * small enough are also opened and stepped for two simulated seconds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/sim.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *txt = fz_text(data, size, 1 << 16);
    if (!txt)
        return 0;
    char err[256];
    jw_sim_scenario *sc = NULL;
    if (jw_sim_scenario_parse(txt, err, sizeof err, &sc) == JW_OK) {
        if (sc->aircraft <= 20 && sc->vessels <= 20 && sc->nairports <= 50) {
            jw_sim_options opt = {.seed = 1, .duration_s = 2};
            jw_sim *s = NULL;
            if (jw_sim_open(sc, &opt, &s) == JW_OK) {
                jw_sim_batch b;
                while (jw_sim_step(s, &b) == JW_OK && !b.done)
                    ;
                jw_sim_close(s);
            }
        }
        jw_sim_scenario_free(sc);
    }
    free(txt);
    return 0;
}
