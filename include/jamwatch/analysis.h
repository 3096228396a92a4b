/*
 * analysis.h - the analysis engine: evidence in, products out.
 *
 * The engine is incremental and driven by data time: evidence for time t
 * may close every window ending at or before t - lateness, whose cells are
 * then final and emitted; events are opened, extended and closed as cells
 * change, and emitter estimates are refreshed as evidence for an event
 * accumulates. The batch command and the live service use it the same way:
 *
 *     jw_analysis_open(&cfg, &sink, &a);
 *     for each message: pipeline -> jw_air_evidence(...) -> jw_analysis_add(a, &ev)
 *     jw_analysis_finish(a);  // closes the windows still open
 *
 * Memory is bounded by the number of cells, targets and open events, not
 * by the input length.
 */
#ifndef JAMWATCH_ANALYSIS_H
#define JAMWATCH_ANALYSIS_H

#include <stdbool.h>

#include "jamwatch/error.h"
#include "jamwatch/evidence.h"
#include "jamwatch/products.h"

typedef enum jw_rule {
    JW_RULE_DEFAULT = 0, /* jamwatch's classification with intervals */
    JW_RULE_GPSJAM = 1   /* gpsjam.org's: f = (bad - 1)/(bad + good), 2 % / 10 % */
} jw_rule;

/* The longest window jw_analysis_open accepts: a leap year. */
#define JW_WINDOW_MAX_S (366.0 * 86400.0)

typedef struct jw_analysis_config {
    int res;            /* H3 resolution of cells (default 4) */
    double window_s;    /* window length in seconds, 1..JW_WINDOW_MAX_S (default 600) */
    double lateness_s;  /* how long after its end a window waits for late evidence (default 60) */
    jw_rule rule;       /* classification rule */
    double alarm_level; /* level lower bound above which a cell alarms (default: documented) */
    bool locate;        /* estimate emitters (default true via jw_analysis_defaults) */
    bool interim;       /* also re-estimate emitters of open events as their evidence grows
                         * (the live service); off: one estimate when an event closes */
    bool moving;        /* also try each long-lived source as moving at constant velocity
                         * (jw_locate_config.moving; default false) */
} jw_analysis_config;

typedef struct jw_analysis jw_analysis;

/* Fills *cfg with the defaults. */
void jw_analysis_defaults(jw_analysis_config *cfg);

/* sink is copied; its callbacks receive the products. Free with jw_analysis_close(). */
jw_err jw_analysis_open(const jw_analysis_config *cfg, const jw_products_sink *sink,
                        jw_analysis **out);

/* Adds one piece of evidence; may close windows and emit products. */
jw_err jw_analysis_add(jw_analysis *a, const jw_evidence *ev);

/* Advances data time without evidence (live service: a quiet feed still closes windows). */
jw_err jw_analysis_advance(jw_analysis *a, double now);

/* Closes every open window and event and emits the remaining products. */
jw_err jw_analysis_finish(jw_analysis *a);

void jw_analysis_close(jw_analysis *a);

#endif
