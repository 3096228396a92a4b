/* test_service_config.c - the service's input specifications
 * (jw_service_parse_input): what each kind accepts and what it refuses; its
 * configuration file (jw_service_conf_parse, `jamwatch run --config`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/service.h"
#include "testutil.h"

Test(service_config, accepted_specs)
{
    jw_service_input in;
    cr_assert_eq(jw_service_parse_input(JW_SVC_CONNECT, "localhost:30005:beast", &in), JW_OK);
    cr_expect_str_eq(in.host, "localhost");
    cr_expect_eq(in.port, 30005);
    cr_expect_eq(in.format, JW_FMT_BEAST);
    cr_assert_eq(jw_service_parse_input(JW_SVC_CONNECT, "[::1]:30003:sbs", &in), JW_OK);
    cr_expect_str_eq(in.host, "::1");
    cr_expect_eq(in.port, 30003);
    cr_expect_eq(in.format, JW_FMT_SBS);
    cr_assert_eq(jw_service_parse_input(JW_SVC_LISTEN, "30004:avr", &in), JW_OK);
    cr_expect_eq(in.port, 30004);
    cr_expect_eq(in.format, JW_FMT_AVR);
    cr_assert_eq(jw_service_parse_input(JW_SVC_UDP, "10110", &in), JW_OK);
    cr_expect_eq(in.port, 10110);
    cr_expect_eq(in.format, JW_FMT_NMEA);
    cr_assert_eq(jw_service_parse_input(JW_SVC_UDP, "10110:nmea", &in), JW_OK);
    cr_assert_eq(jw_service_parse_input(JW_SVC_REPLAY, "rec/a:b.beast.zst", &in), JW_OK);
    cr_expect_str_eq(in.path, "rec/a:b.beast.zst");
    cr_expect_eq(in.format, JW_FMT_AUTO);
    cr_expect_eq(in.speed, 1);
}

Test(service_config, refused_specs)
{
    static const struct {
        jw_service_input_kind kind;
        const char *spec;
    } bad[] = {
        {JW_SVC_CONNECT, ""},
        {JW_SVC_CONNECT, "localhost:30005"},       /* no format */
        {JW_SVC_CONNECT, "localhost:30005:morse"}, /* no such format */
        {JW_SVC_CONNECT, ":30005:beast"},          /* no host */
        {JW_SVC_CONNECT, "[]:30005:beast"},        /* an empty bracketed host */
        {JW_SVC_CONNECT, "host:0:beast"},
        {JW_SVC_CONNECT, "host:65536:beast"},
        {JW_SVC_CONNECT, "host:30005x:beast"},
        {JW_SVC_CONNECT, "host:-1:beast"},
        {JW_SVC_CONNECT, "host::beast"},
        {JW_SVC_LISTEN, "30004"},
        {JW_SVC_LISTEN, ":beast"},
        {JW_SVC_LISTEN, "99999999999999999999:beast"},
        {JW_SVC_UDP, "10110:beast"},
        {JW_SVC_UDP, "port"},
        {JW_SVC_UDP, ""},
        {JW_SVC_REPLAY, ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        jw_service_input in;
        cr_expect_eq(jw_service_parse_input(bad[i].kind, bad[i].spec, &in), JW_EINVAL, "%d '%s'",
                     bad[i].kind, bad[i].spec);
    }
    /* A host that does not fit, and a path that does not. */
    char big[PATH_MAX + 16];
    memset(big, 'h', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    jw_service_input in;
    cr_expect_eq(jw_service_parse_input(JW_SVC_REPLAY, big, &in), JW_EINVAL);
    memcpy(big + 300, ":1:beast", 9);
    cr_expect_eq(jw_service_parse_input(JW_SVC_CONNECT, big, &in), JW_EINVAL);
}

/* The settings handed over, as "line:key=value" or "line:key" lines. */
typedef struct conf_log {
    char text[4096];
    int stop_at; /* the callback refuses this line (0: none) */
} conf_log;

static int log_setting(void *user, const char *key, const char *val, int line)
{
    conf_log *l = user;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, val ? "%d:%s=%s\n" : "%d:%s\n", line, key, val);
    return line == l->stop_at;
}

static jw_err conf(const char *text, size_t len, conf_log *l, int *line)
{
    memset(l->text, 0, sizeof l->text);
    return jw_service_conf_parse(text, len, log_setting, l, line);
}

Test(service_config, conf_settings_in_order)
{
    static const char text[] = "# jamwatch.conf\n"
                               "connect = 127.0.0.1:30005:beast\r\n"
                               "\n"
                               "   \t  \n"
                               "  # an indented comment\n"
                               "\tno-http\n"
                               "db=/var/lib/a=b.db\n"
                               "web-dir =\n"
                               "replay = /r/x y.beast   \r\n"
                               "stall = 60"; /* no line end */
    conf_log l = {.stop_at = 0};
    int line = -1;
    cr_assert_eq(conf(text, strlen(text), &l, &line), JW_OK);
    cr_expect_eq(line, 0);
    cr_expect_str_eq(l.text, "2:connect=127.0.0.1:30005:beast\n"
                             "6:no-http\n"
                             "7:db=/var/lib/a=b.db\n"
                             "8:web-dir=\n"
                             "9:replay=/r/x y.beast\n"
                             "10:stall=60\n");
    cr_assert_eq(conf("", 0, &l, &line), JW_OK);
    cr_expect_str_eq(l.text, "");
}

Test(service_config, conf_refuses_what_is_not_a_setting)
{
    conf_log l = {.stop_at = 0};
    int line = 0;
    /* An empty key: what came before is handed over, nothing after. */
    static const char empty_key[] = "sim = korea\n = 5\nstall = 1\n";
    cr_assert_eq(conf(empty_key, strlen(empty_key), &l, &line), JW_EPARSE);
    cr_expect_eq(line, 2);
    cr_expect_str_eq(l.text, "1:sim=korea\n");
    /* A NUL byte (a binary file). */
    static const char nul[] = "sim = korea\nstall = 6\0\n";
    cr_assert_eq(conf(nul, sizeof nul - 1, &l, &line), JW_EPARSE);
    cr_expect_eq(line, 2);
    /* The longest line is taken whole, a longer one is refused: before, the
     * reader's fgets cut it and read its rest as a setting of its own. */
    char big[JW_CONF_LINE_MAX + 8];
    memset(big, 'x', sizeof big);
    memcpy(big, "db = ", 5);
    big[JW_CONF_LINE_MAX] = '\r', big[JW_CONF_LINE_MAX + 1] = '\n';
    cr_assert_eq(conf(big, JW_CONF_LINE_MAX + 2, &l, &line), JW_OK);
    cr_expect_eq(strlen(l.text), 2 + JW_CONF_LINE_MAX + 1 - 2); /* "1:db=" + x's + LF */
    big[JW_CONF_LINE_MAX] = 'x';
    cr_assert_eq(conf(big, JW_CONF_LINE_MAX + 2, &l, &line), JW_EPARSE);
    cr_expect_eq(line, 1);
    cr_expect_str_eq(l.text, "");
    /* The callback stops the reading at its line. */
    static const char three[] = "a = 1\nb\nc = 3\n";
    l.stop_at = 2;
    cr_assert_eq(conf(three, strlen(three), &l, &line), JW_EINVAL);
    cr_expect_eq(line, 2);
    cr_expect_str_eq(l.text, "1:a=1\n2:b\n");
    cr_expect_eq(jw_service_conf_parse(NULL, 1, log_setting, &l, NULL), JW_EINVAL);
    cr_expect_eq(jw_service_conf_parse("a", 1, NULL, &l, NULL), JW_EINVAL);
}

/* `jamwatch run --config`: each kind of bad file is refused before the
 * service starts, naming the file's line. */
Test(service_config, run_config_errors_name_the_line, .timeout = 60)
{
    char d[] = "/tmp/jw_conf_XXXXXX", p[128], cmd[512];
    cr_assert(mkdtemp(d));
    static const struct {
        const char *text, *says;
    } bad[] = {
        {"sim = korea\n = 5\n", "line 2: not a setting"}, {"sim = korea\nbogus = 1\n", "line 2"},
        {"sim = korea\nhttp-port = 70000\n", "line 2"},   {"# c\nconnect = host:1\n", "line 2"},
        {"sim = korea\nno-http = maybe\n", "line 2"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(p, sizeof p, "%s/bad%zu.conf", d, i);
        FILE *f = fopen(p, "w");
        cr_assert(f);
        fputs(bad[i].text, f);
        fclose(f);
        snprintf(cmd, sizeof cmd, "%s run --no-http --exit-after 5 --db %s/x.db --config %s",
                 tu_bin(), d, p);
        char *out, *err;
        cr_expect_eq(tu_run(cmd, &out, &err), 2, "%s", bad[i].text);
        cr_expect(strstr(err, bad[i].says), "%s: '%s'", bad[i].text, err);
        free(out), free(err);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", d);
    tu_sh(cmd);
}

/* A flag set to false in a config file is not set: before, any value of
 * no-http turned the HTTP server off, "false" too. */
Test(service_config, run_config_flag_false_is_not_set, .timeout = 60)
{
    char d[] = "/tmp/jw_conf_XXXXXX", p[128], cmd[512];
    cr_assert(mkdtemp(d));
    for (int on = 0; on < 2; on++) {
        snprintf(p, sizeof p, "%s/f.conf", d);
        FILE *f = fopen(p, "w");
        cr_assert(f);
        fprintf(f, "sim = korea\nhttp-port = 0\nno-http = %s\nno-analysis = no\n",
                on ? "true" : "false");
        fclose(f);
        snprintf(cmd, sizeof cmd, "%s run --exit-after 1 --db %s/x%d.db --config %s", tu_bin(), d,
                 on, p);
        char *out, *err;
        cr_assert_eq(tu_run(cmd, &out, &err), 0, "%s", err);
        cr_expect_eq(strstr(err, "event=http_listening") != NULL, !on, "no-http %d: %s", on, err);
        cr_expect(strstr(err, "analysis=on"), "%s", err);
        free(out), free(err);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", d);
    tu_sh(cmd);
}

/* run's --window takes whole seconds from 10 to 86400, or 10m, 1h, 1d:
 * "10.5" was cut to 10 s without a word. */
Test(service_config, run_window_is_whole_seconds_in_range, .timeout = 60)
{
    static const char *bad[] = {"10.5", "5", "2d", "inf", "10ms"};
    char cmd[512], *out = NULL, *err = NULL;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(cmd, sizeof cmd, "%s run --no-http --exit-after 0 --window %s", tu_bin(), bad[i]);
        cr_expect_eq(tu_run(cmd, &out, &err), 2, "--window %s", bad[i]);
        cr_expect(err && strstr(err, "--window wants whole seconds"), "%s: %s", bad[i], err);
        free(out), free(err);
    }
    /* In range, the options pass and the missing input is what fails. */
    snprintf(cmd, sizeof cmd, "%s run --no-http --exit-after 0 --window 1h", tu_bin());
    cr_expect_eq(tu_run(cmd, &out, &err), 2);
    cr_expect(err && strstr(err, "no input"), "%s", err);
    free(out), free(err);
}
