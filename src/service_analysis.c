/*
 * service_analysis.c - the engine seam with the real analysis engine
 * (analysis.h). Built only when src/analysis.c is in the tree (see the
 * Makefile); otherwise src/service_noengine.c stands in.
 *
 * Evidence: the air evidence generator (air_evidence.h) turns each message
 * and its aircraft's state into jw_evidence records for the engine. AIS
 * evidence joins here when a sea generator exists (marked below).
 */
#include <stdlib.h>

#include "jamwatch/air_evidence.h"
#include "jamwatch/analysis.h"
#include "service_engine.h"

struct jw_svc_engine {
    jw_analysis *a;       /* the engine */
    jw_air_evidence *air; /* aircraft evidence generator */
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
    jw_err err = jw_analysis_open(&ac, sink, &e->a);
    if (err == JW_OK)
        err = jw_air_evidence_open(NULL, add_evidence, e, &e->air);
    if (err != JW_OK) {
        jw_analysis_close(e->a);
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
    /* MERGE: a sea evidence generator -> jw_analysis_add(e->a, &ev). */
    (void)e, (void)m, (void)v, (void)t;
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
    jw_analysis_close(e->a);
    free(e);
}
