/* test_cli_aisdecode.c - `jamwatch aisdecode` end to end: JSON Lines on
 * stdout from plain, gzip and stdin input, the stderr summary, and a
 * one-line error with exit status 1 for an unreadable file. Sentences are
 * pyais and gpsd test vectors (see test_ais.c). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static const char *const sample =
    "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n"
    "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\n"
    "!AIVDM,2,2,1,A,88888888880,2*25\n"
    "!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5D\n" /* bad checksum */
    "!AIVDO,1,1,,A,K01;FQh?PbtE3P00,0*75\n";

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(cli_aisdecode, plain_gzip_stdin_and_summary)
{
    char plain[] = "/tmp/jw_cli_XXXXXX";
    int fd = mkstemp(plain);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, sample, strlen(sample)), (ssize_t)strlen(sample));
    close(fd);
    char gz[64];
    snprintf(gz, sizeof gz, "%s.gz", plain);
    gzFile g = gzopen(gz, "wb");
    gzwrite(g, sample, (unsigned)strlen(sample));
    gzclose(g);

    char cmd[512], *out, *err;
    snprintf(cmd, sizeof cmd, "%s aisdecode %s %s", tu_bin(), plain, gz);
    cr_assert_eq(tu_run(cmd, &out, &err), 0);
    cr_expect_eq(count_lines(out), 6);
    cr_expect(strstr(out, "\"mmsi\":371798000,\"scaled\":true"));
    cr_expect(strstr(out, "\"shipname\":\"EVER DIADEM\""));
    cr_expect(strstr(err, "bad checksum 2"));
    cr_expect(strstr(err, "messages by type: 1:2 5:2 27:2"));
    free(out);
    free(err);

    snprintf(cmd, sizeof cmd, "%s aisdecode --unscaled --no-summary - < %s", tu_bin(), plain);
    cr_assert_eq(tu_run(cmd, &out, &err), 0);
    cr_expect_eq(count_lines(out), 3);
    cr_expect(strstr(out, "\"lon\":-74037230,\"lat\":29028980"));
    cr_expect_str_eq(err, "");
    free(out);
    free(err);
    unlink(plain);
    unlink(gz);
}

Test(cli_aisdecode, unreadable_file_one_line_error)
{
    char cmd[512], *out, *err;
    snprintf(cmd, sizeof cmd, "%s aisdecode --no-summary /nonexistent/ais.nmea", tu_bin());
    cr_expect_eq(tu_run(cmd, &out, &err), 1);
    cr_expect_eq(count_lines(err), 1);
    cr_expect(strstr(err, "/nonexistent/ais.nmea"));
    cr_expect_str_eq(out, "");
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "%s aisdecode --bogus", tu_bin());
    cr_expect_eq(tu_run(cmd, &out, &err), 2);
    free(out);
    free(err);
}
