/*
 * test_score.c - jw_score_run and the debugging list jw_score_list on a
 * small hand-made result against a hand-made truth: one jammed aircraft in
 * a cell that did not alarm (missed), one healthy aircraft in a cell that
 * did (false).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jamwatch/h3.h"
#include "jamwatch/score.h"

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* The hand-made case in a fresh directory: returns the truth.json path in
 * truth; bad_cells and bad_tracks are lines added after the good ones. */
static void write_case(char *dir, char *truth, size_t size, char *hj, char *hh,
                       const char *bad_cells, const char *bad_tracks)
{
    cr_assert_not_null(mkdtemp(dir));
    jw_h3 jammed, healthy;
    char text[2048];
    cr_assert_eq(jw_h3_from_latlng(50, 10, 4, &jammed), JW_OK);
    cr_assert_eq(jw_h3_from_latlng(40, 10, 4, &healthy), JW_OK);
    jw_h3_to_string(jammed, hj, JW_H3_STRING_SIZE);
    jw_h3_to_string(healthy, hh, JW_H3_STRING_SIZE);
    write_file(dir, "truth.json",
               "{\"emitters\":[{\"name\":\"j1\",\"kind\":\"jammer\",\"lat\":50,\"lon\":10}],"
               "\"aircraft\":[]}");
    snprintf(text, sizeof text,
             "t,kind,id,true_lat,true_lon,true_alt_ft,rep_lat,rep_lon,state,cause,nacp,nic\n"
             "100,A,ABC123,50,10,30000,,,lost,j1,0,0\n"
             "110,A,ABC123,50,10,30000,,,lost,j1,0,0\n"
             "100,A,DEF456,40,10,30000,40,10,good,,9,8\n%s",
             bad_tracks);
    write_file(dir, "tracks.csv", text);
    snprintf(text, sizeof text,
             "hex,t0,t1,good,degraded,spoofed,level,level_lo,level_hi,spoof_level,class,alarm,"
             "spoof_alarm\n%s,0,600,0,1,0,1,0.2,1,0,red,1,0\n%s",
             hh, bad_cells);
    write_file(dir, "cells.csv", text);
    snprintf(truth, size, "%s/truth.json", dir);
}

static void remove_case(const char *dir)
{
    const char *names[] = {"truth.json", "tracks.csv", "cells.csv"};
    char path[512];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Scores the case and checks the one missed and the one false cell-window. */
static void expect_one_missed_one_false(const char *truth, const char *dir, const char *hj,
                                        const char *hh)
{
    jw_score s;
    cr_assert_eq(jw_score_run(truth, dir, &s), JW_OK);
    cr_assert_eq(s.jam_truth, 1);
    cr_assert_eq(s.jam_pred, 1);
    cr_assert_eq(s.jam_hit, 0);
    cr_expect_float_eq(s.window_s, 600, 1e-9);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cr_assert_eq(jw_score_list(truth, dir, out), JW_OK);
    fclose(out);
    char want[256];
    snprintf(want, sizeof want, "missed %s 0 ABC123 lost j1 100-110 n=2 nacp_min=0 nic_min=0\n",
             hj);
    cr_assert_not_null(strstr(buf, want), "%s", buf);
    snprintf(want, sizeof want, "false %s 0 DEF456 good - 100-100 n=1 nacp_min=9 nic_min=8\n", hh);
    cr_assert_not_null(strstr(buf, want), "%s", buf);
    free(buf);
}

Test(score, lists_false_and_missed_jamming_cell_windows)
{
    char dir[] = "/tmp/jw_score_XXXXXX", truth[512];
    char hj[JW_H3_STRING_SIZE], hh[JW_H3_STRING_SIZE];
    write_case(dir, truth, sizeof truth, hj, hh, "", "");
    expect_one_missed_one_false(truth, dir, hj, hh);
    remove_case(dir);
}

Test(score, rows_that_are_no_window_or_no_sample_are_skipped)
{
    /* Cells: a window of zero, a time too far out for a window index (once
     * undefined), another window than the first row's, too few fields.
     * Tracks: short lines (one field once read a second it did not have),
     * a time too far out, no time. */
    char dir[] = "/tmp/jw_score_XXXXXX", truth[512], cells[1024];
    char hj[JW_H3_STRING_SIZE], hh[JW_H3_STRING_SIZE];
    jw_h3 other;
    char ho[JW_H3_STRING_SIZE];
    cr_assert_eq(jw_h3_from_latlng(30, 10, 4, &other), JW_OK);
    jw_h3_to_string(other, ho, sizeof ho);
    snprintf(cells, sizeof cells,
             "%s,600,600,0,1,0,1,0.2,1,0,red,1,0\n"
             "%s,1e300,1.0000000000000001e300,0,1,0,1,0.2,1,0,red,1,0\n"
             "%s,4e20,4.0000000000000006e20,0,1,0,1,0.2,1,0,red,1,0\n"
             "%s,0,3600,0,1,0,1,0.2,1,0,red,1,0\n"
             "%s,0,600\n",
             ho, ho, ho, ho, ho);
    write_case(dir, truth, sizeof truth, hj, hh, cells,
               "100\n"
               "100,A\n"
               "1e300,A,ABC123,50,10,30000,,,lost,j1,0,0\n"
               ",A,ABC123,30,10,30000,,,lost,j1,0,0\n"
               "nan,A,ABC123,30,10,30000,,,lost,j1,0,0\n");
    expect_one_missed_one_false(truth, dir, hj, hh);
    remove_case(dir);
}

Test(score, an_emitter_without_a_kind_causes_nothing)
{
    /* truth.json's emitter has no kind (once a null string compared): its
     * aircraft's losses are not jamming, so no truth cell-window. */
    char dir[] = "/tmp/jw_score_XXXXXX", truth[512];
    char hj[JW_H3_STRING_SIZE], hh[JW_H3_STRING_SIZE];
    write_case(dir, truth, sizeof truth, hj, hh, "", "");
    write_file(dir, "truth.json",
               "{\"emitters\":[{\"name\":\"j1\",\"lat\":50,\"lon\":10}],\"aircraft\":[]}");
    jw_score s;
    cr_assert_eq(jw_score_run(truth, dir, &s), JW_OK);
    cr_expect_eq(s.jam_truth, 0);
    cr_expect_eq(s.jam_pred, 1);
    remove_case(dir);
}
