/*
 * service_noengine.c - the engine seam of a build without the analysis
 * engine (no src/analysis.c): the service runs the pipeline, keeps the
 * targets' integrity state and serves what the store holds, but produces
 * no cells, events or emitters itself. The Makefile drops this file as
 * soon as src/analysis.c exists (then src/service_analysis.c is built).
 */
#include "service_engine.h"

jw_err jw_svc_engine_open(const jw_svc_engine_config *cfg, const jw_products_sink *sink,
                          jw_svc_engine **out)
{
    (void)cfg, (void)sink, (void)out;
    return JW_EUNSUPPORTED;
}

void jw_svc_engine_air(jw_svc_engine *e, const jw_msg *m, const jw_aircraft *a)
{
    (void)e, (void)m, (void)a;
}

void jw_svc_engine_sea(jw_svc_engine *e, const jw_ais_msg *m, const jw_vessel *v, double t)
{
    (void)e, (void)m, (void)v, (void)t;
}

void jw_svc_engine_advance(jw_svc_engine *e, double now)
{
    (void)e, (void)now;
}

void jw_svc_engine_close(jw_svc_engine *e)
{
    (void)e;
}
