/*
 * pipeline.c - feed sink that decodes frames and updates the aircraft table
 * (see pipeline.h).
 */
#include "jamwatch/pipeline.h"

#include <stdlib.h>

struct jw_pipeline {
    jw_pipeline_config cfg; /* options */
    jw_aircraft_table *ac;  /* per-aircraft state, owned */
    jw_pipeline_fn fn;      /* consumer callback, may be NULL */
    void *user;             /* its argument */
    jw_pipeline_stats st;   /* counters */
};

jw_err jw_pipeline_open(const jw_pipeline_config *cfg, jw_pipeline_fn fn, void *user,
                        jw_pipeline **out)
{
    if (!out)
        return JW_EINVAL;
    jw_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return JW_ENOMEM;
    if (cfg)
        p->cfg = *cfg;
    p->fn = fn;
    p->user = user;
    jw_err err = jw_aircraft_table_open(&p->cfg.aircraft, &p->ac);
    if (err != JW_OK) {
        free(p);
        return err;
    }
    *out = p;
    return JW_OK;
}

void jw_pipeline_close(jw_pipeline *p)
{
    if (!p)
        return;
    jw_aircraft_table_close(p->ac);
    free(p);
}

static void track(jw_pipeline *p, jw_msg *m)
{
    const jw_aircraft *a = NULL;
    jw_err err = jw_aircraft_update(p->ac, m, &a);
    if (err != JW_OK && !(m->df == 32 && p->cfg.emit_modeac))
        return;
    p->st.emitted++;
    if (p->fn)
        p->fn(p->user, m, a);
}

void jw_pipeline_frame(jw_pipeline *p, const jw_frame *f)
{
    jw_msg m;
    p->st.frames++;
    jw_err err = jw_modes_decode(&p->cfg.decode, f, &m);
    switch (err) {
    case JW_OK:
        break;
    case JW_ECRC:
        p->st.bad_crc++;
        return;
    case JW_ETRUNC:
        p->st.bad_length++;
        return;
    default:
        p->st.unknown_df++;
        return;
    }
    p->st.decoded++;
    p->st.by_df[m.df < 32 ? m.df : 32]++;
    if (m.corrected)
        p->st.corrected++;
    if (m.df == 32)
        p->st.modeac++;
    track(p, &m);
}

void jw_pipeline_msg(jw_pipeline *p, const jw_msg *m)
{
    jw_msg copy = *m;
    p->st.sbs++;
    track(p, &copy);
}

static void sink_frame(void *user, const jw_frame *f)
{
    jw_pipeline_frame(user, f);
}

static void sink_msg(void *user, const jw_msg *m)
{
    jw_pipeline_msg(user, m);
}

jw_feed_sink jw_pipeline_sink(jw_pipeline *p)
{
    jw_feed_sink s = {sink_frame, sink_msg, p};
    return s;
}

void jw_pipeline_stats_get(const jw_pipeline *p, jw_pipeline_stats *out)
{
    *out = p->st;
}

const jw_aircraft_table *jw_pipeline_aircraft(const jw_pipeline *p)
{
    return p->ac;
}
