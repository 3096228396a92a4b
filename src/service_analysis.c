/*
 * service_analysis.c - the engine seam with the real analysis engine
 * (analysis.h). Built only when src/analysis.c is in the tree (see the
 * Makefile); otherwise src/service_noengine.c stands in.
 *
 * Evidence: the air evidence generator (air_evidence.h) turns each message
 * and its aircraft's state into jw_evidence records for the engine; the
 * sea evidence generator (sea_evidence.h) does the same for each AIS message
 * and its vessel, so both domains feed the same cells, events and emitters.
 * The land raster for the sea generator's land checks is read from
 * $JW_LANDMASK when set (make landmask builds build/landmask.bin); without
 * it those checks are off and the other sea rules still run.
 */
#include <stdlib.h>

#include "jamwatch/air_evidence.h"
#include "jamwatch/analysis.h"
#include "jamwatch/landmask.h"
#include "jamwatch/sea_evidence.h"
#include "service_engine.h"

struct jw_svc_engine {
    jw_analysis *a;       /* the engine */
    jw_air_evidence *air; /* aircraft evidence generator */
    jw_sea_evidence *sea; /* vessel evidence generator */
    jw_landmask *land;    /* land raster, NULL when none was given */
};

static void add_evidence(void *user, const jw_evidence *ev)
{
    jw_svc_engine *e = user;
    jw_analysis_add(e->a, ev);
}

jw_err jw_svc_engine_open(const jw_svc_engine_config *cfg, const jw_products_sink *sink,
                          jw_svc_engine **out)
{
    jw_svc_engine *e = calloc(1, sizeof *e);
    if (!e)
        return JW_ENOMEM;
    jw_analysis_config ac;
    jw_analysis_defaults(&ac);
    if (cfg && cfg->res > 0)
        ac.res = cfg->res;
    if (cfg && cfg->window_s > 0)
        ac.window_s = cfg->window_s;
    ac.interim = true; /* live: emitter estimates while events are open */
    const char *land = getenv("JW_LANDMASK");
    if (land && *land && jw_landmask_open(land, &e->land) != JW_OK)
        e->land = NULL; /* the sea rules run without the land checks */
    jw_sea_evidence_config sc = {.land = e->land};
    jw_err err = jw_analysis_open(&ac, sink, &e->a);
    if (err == JW_OK)
        err = jw_air_evidence_open(NULL, add_evidence, e, &e->air);
    if (err == JW_OK)
        err = jw_sea_evidence_open(&sc, add_evidence, e, &e->sea);
    if (err != JW_OK) {
        jw_air_evidence_close(e->air);
        jw_analysis_close(e->a);
        jw_landmask_close(e->land);
        free(e);
        return err;
    }
    *out = e;
    return JW_OK;
}

void jw_svc_engine_air(jw_svc_engine *e, const jw_msg *m, const jw_aircraft *a)
{
    jw_air_evidence_feed(e->air, m, a);
}

void jw_svc_engine_sea(jw_svc_engine *e, const jw_ais_msg *m, const jw_vessel *v, double t)
{
    jw_sea_evidence_feed(e->sea, m, v, t);
}

void jw_svc_engine_advance(jw_svc_engine *e, double now)
{
    jw_analysis_advance(e->a, now);
}

void jw_svc_engine_close(jw_svc_engine *e)
{
    if (!e)
        return;
    jw_air_evidence_finish(e->air);
    jw_analysis_finish(e->a);
    jw_air_evidence_close(e->air);
    jw_sea_evidence_close(e->sea);
    jw_analysis_close(e->a);
    jw_landmask_close(e->land);
    free(e);
}
