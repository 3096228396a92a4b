/*
 * service_engine.h - the seam between the live service and the analysis
 * engine. src/service_analysis.c implements it with jw_analysis_* when the
 * engine is in the tree (src/analysis.c); src/service_noengine.c, used
 * otherwise (the Makefile picks one), says that this build has no engine.
 */
#ifndef JW_SERVICE_ENGINE_H
#define JW_SERVICE_ENGINE_H

#include "jamwatch/aircraft.h"
#include "jamwatch/ais.h"
#include "jamwatch/error.h"
#include "jamwatch/modes.h"
#include "jamwatch/products.h"
#include "jamwatch/vessel.h"

typedef struct jw_svc_engine jw_svc_engine;

/* Engine settings the service passes on (0 = the engine's default). */
typedef struct jw_svc_engine_config {
    int res;         /* H3 resolution */
    double window_s; /* window length */
} jw_svc_engine_config;

/* Opens the engine with sink receiving its products. JW_EUNSUPPORTED when
 * this build has no analysis engine. Free with jw_svc_engine_close(). */
jw_err jw_svc_engine_open(const jw_svc_engine_config *cfg, const jw_products_sink *sink,
                          jw_svc_engine **out);

/* One message accepted by the aircraft table (a may be NULL). */
void jw_svc_engine_air(jw_svc_engine *e, const jw_msg *m, const jw_aircraft *a);

/* One decoded AIS message and its vessel, at time t. */
void jw_svc_engine_sea(jw_svc_engine *e, const jw_ais_msg *m, const jw_vessel *v, double t);

/* Data time moves on without evidence (closes windows of quiet feeds). */
void jw_svc_engine_advance(jw_svc_engine *e, double now);

/* Finishes (emits what is still open) and frees. NULL is allowed. */
void jw_svc_engine_close(jw_svc_engine *e);

#endif
