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

Test(score, lists_false_and_missed_jamming_cell_windows)
{
    char dir[] = "/tmp/jw_score_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    jw_h3 jammed, healthy;
    char hj[JW_H3_STRING_SIZE], hh[JW_H3_STRING_SIZE], text[1024];
    cr_assert_eq(jw_h3_from_latlng(50, 10, 4, &jammed), JW_OK);
    cr_assert_eq(jw_h3_from_latlng(40, 10, 4, &healthy), JW_OK);
    jw_h3_to_string(jammed, hj, sizeof hj);
    jw_h3_to_string(healthy, hh, sizeof hh);
    write_file(dir, "truth.json",
               "{\"emitters\":[{\"name\":\"j1\",\"kind\":\"jammer\",\"lat\":50,\"lon\":10}],"
               "\"aircraft\":[]}");
    write_file(dir, "tracks.csv",
               "t,kind,id,true_lat,true_lon,true_alt_ft,rep_lat,rep_lon,state,cause,nacp,nic\n"
               "100,A,ABC123,50,10,30000,,,lost,j1,0,0\n"
               "110,A,ABC123,50,10,30000,,,lost,j1,0,0\n"
               "100,A,DEF456,40,10,30000,40,10,good,,9,8\n");
    snprintf(text, sizeof text,
             "hex,t0,t1,good,degraded,spoofed,level,level_lo,level_hi,spoof_level,class,alarm,"
             "spoof_alarm\n%s,0,600,0,1,0,1,0.2,1,0,red,1,0\n",
             hh);
    write_file(dir, "cells.csv", text);
    char truth[512];
    snprintf(truth, sizeof truth, "%s/truth.json", dir);
    jw_score s;
    cr_assert_eq(jw_score_run(truth, dir, &s), JW_OK);
    cr_assert_eq(s.jam_truth, 1);
    cr_assert_eq(s.jam_pred, 1);
    cr_assert_eq(s.jam_hit, 0);
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
    const char *names[] = {"truth.json", "tracks.csv", "cells.csv"};
    for (int i = 0; i < 3; i++) {
        snprintf(truth, sizeof truth, "%s/%s", dir, names[i]);
        unlink(truth);
    }
    rmdir(dir);
}
