/*
 * cmd_score.c - `jamwatch score --truth truth.json RESULT_DIR`: one line of
 * key=value figures (docs/analysis.md, "Scoring").
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "jamwatch/score.h"

int jw_cmd_score(int argc, char **argv)
{
    static const struct option lo[] = {{"truth", required_argument, 0, 't'},
                                       {"list", no_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    bool list = false;
    const char *truth = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        if (c == 't') {
            truth = optarg;
        } else if (c == 'l') {
            list = true;
        } else if (c == 'h') {
            puts("usage: jamwatch score --truth truth.json [--list] RESULT_DIR\n"
                 "  --list  also list the false and missed jamming cell-windows with the\n"
                 "          aircraft whose true positions were in them (debugging)");
            return 0;
        } else {
            return cli_usage_error("score", "see 'jamwatch score --help'");
        }
    }
    if (!truth || optind + 1 != argc)
        return cli_usage_error("score", "usage: jamwatch score --truth truth.json RESULT_DIR");
    jw_score s;
    jw_err err = jw_score_run(truth, argv[optind], &s);
    if (err != JW_OK)
        return cli_error("score", "%s: %s", argv[optind], jw_strerror(err));
    printf("jam_precision=%.3f jam_recall=%.3f jam_truth=%ld jam_pred=%ld jam_recall_seen=%.3f "
           "spoof_cell_precision=%.3f spoof_cell_recall=%.3f onset_median_s=%.0f onsets=%d "
           "spoof_tgt_precision=%.3f spoof_tgt_recall=%.3f spoof_tgt_truth=%ld "
           "emitters=%d emit_median_km=%.1f emit_p95_km=%.1f emit_inside=%.2f "
           "aircraft_hours=%.0f false_spoof=%ld false_spoof_per_10k_h=%.1f jam_recall_all=%.3f "
           "false_spoof_sea=%ld\n",
           s.jam_precision, s.jam_recall, s.jam_truth, s.jam_pred, s.jam_recall_seen,
           s.spoof_precision, s.spoof_recall, s.onset_median_s, s.onsets, s.tgt_precision,
           s.tgt_recall, s.tgt_truth, s.emitters, s.emit_median_km, s.emit_p95_km, s.emit_inside,
           s.aircraft_hours, s.false_spoof, s.false_spoof_per_10k_h, s.jam_recall_all,
           s.false_spoof_sea);
    printf("emit_truth=%d emit_found=%d emit_recall=%.2f emit_errs=", s.emit_truth, s.emit_found,
           s.emit_recall);
    for (int i = 0; i < s.emitters && i < JW_SCORE_MAX_EMIT; i++)
        printf("%s%.2f:%d", i ? "," : "", s.emit_err_km[i], s.emit_in[i]);
    printf("\n");
    if (list && (err = jw_score_list(truth, argv[optind], stdout)) != JW_OK)
        return cli_error("score", "%s: %s", argv[optind], jw_strerror(err));
    return 0;
}
