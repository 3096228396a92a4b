/*
 * analyze_out.h - the product files of `jamwatch analyze` (analyze_out.c).
 */
#ifndef JW_CLI_ANALYZE_OUT_H
#define JW_CLI_ANALYZE_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "jamwatch/products.h"

typedef struct analyze_out {
    bool gpsjam;                                        /* cells.csv in gpsjam.org's columns */
    FILE *cells_csv;                                    /* cells.csv */
    FILE *cells_geo;                                    /* cells.geojson */
    FILE *events;                                       /* events.jsonl */
    FILE *emitters;                                     /* emitters.geojson */
    FILE *targets;                                      /* targets.jsonl */
    FILE *locate_obs;                                   /* locate_obs.csv, NULL when not asked */
    unsigned long ncells, nevents, nemitters, ntargets; /* written so far */
    struct ao_cell_text *cell_text;                     /* AO_CELL_TEXTS formatted cells (cache:
                                                         * cells recur window after window),
                                                         * owned, NULL when none */
} analyze_out;

/* Creates the five files in dir (which must exist), and locate_obs.csv
 * when locate_obs. Returns 0 or -1. */
int analyze_out_open(analyze_out *o, const char *dir, bool gpsjam, bool locate_obs);

/* A sink writing to o. */
jw_products_sink analyze_out_sink(analyze_out *o);

/* Finishes and closes the files. Returns 0 or -1 on a write error. */
int analyze_out_close(analyze_out *o);

#endif
