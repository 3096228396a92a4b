/*
 * score.h - compares `jamwatch analyze` results with the simulator's
 * truth.json and tracks.csv (definitions in docs/analysis.md, "Scoring").
 */
#ifndef JAMWATCH_SCORE_H
#define JAMWATCH_SCORE_H

#include <stdio.h>

#include "jamwatch/error.h"

/* Emitter estimates kept per score; recall distance. */
#define JW_SCORE_MAX_EMIT 64
#define JW_SCORE_FOUND_KM 10.0

typedef struct jw_score {
    double window_s; /* window length found in cells.csv */
    int res;         /* H3 resolution found in cells.csv */
    int domains;     /* domains the result covers (bit 0 air, bit 1 sea): run.json, else
                      * targets.jsonl's, else air; truth outside them is not scored */
    long jam_truth, jam_pred, jam_hit;       /* jamming cell-windows: truth, alarmed, both */
    long spoof_truth, spoof_pred, spoof_hit; /* spoofing cell-windows */
    double jam_precision, jam_recall;        /* NAN when undefined */
    long jam_truth_seen;    /* truth jamming cell-windows of aircraft whose position had
                             * been reported before (so that a monitor could place them) */
    double jam_recall_seen; /* recall over those */
    long jam_truth_all;     /* truth jamming cell-windows counting also "degraded" samples
                             * that still meet NACp >= 8 and NIC >= 7 (not visible) */
    double jam_recall_all;  /* recall over those */
    double spoof_precision, spoof_recall;
    double onset_median_s;             /* detected minus true onset, per jammer on-period */
    int onsets;                        /* on-periods scored */
    long tgt_truth, tgt_pred, tgt_hit; /* spoofed aircraft: truth, flagged, both */
    double tgt_precision, tgt_recall;
    int emitters;                             /* emitter estimates scored */
    double emit_median_km, emit_p95_km;       /* location error */
    double emit_inside;                       /* share of truths inside the 95 % ellipse */
    int emit_truth;                           /* true emitters (jammers and spoofers) */
    int emit_found;                           /* of them, with an estimate of their kind within
                                               * JW_SCORE_FOUND_KM of where they were */
    double emit_recall;                       /* emit_found / emit_truth (NAN without truth) */
    double emit_err_km[JW_SCORE_MAX_EMIT];    /* each scored estimate's error ... */
    unsigned char emit_in[JW_SCORE_MAX_EMIT]; /* ... and 1 when the truth is inside its
                                               * ellipse (first `emitters` entries) */
    double aircraft_hours;                    /* truth aircraft-hours */
    long false_spoof;                         /* flagged spoofed aircraft not spoofed in truth */
    long false_spoof_sea;                     /* flagged spoofed vessels not spoofed in truth */
    double false_spoof_per_10k_h;             /* per 10,000 aircraft-hours */
} jw_score;

/* Scores result_dir (cells.csv, targets.jsonl, events.jsonl, emitters.geojson)
 * against truth_path and the tracks.csv beside it. */
jw_err jw_score_run(const char *truth_path, const char *result_dir, jw_score *out);

/* Debug listing (`jamwatch score --list`): per false (alarmed, not truth)
 * and missed (truth, not alarmed) jamming cell-window, one line per aircraft
 * and truth state whose true position was in it: "false|missed CELL
 * WINDOW_START ICAO STATE CAUSE T_FIRST-T_LAST n=.. nacp_min=.. nic_min=..".
 * Missed cell-windows list only the aircraft not in good state. */
jw_err jw_score_list(const char *truth_path, const char *result_dir, FILE *out);

#endif
