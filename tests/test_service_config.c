/* test_service_config.c - the service's input specifications
 * (jw_service_parse_input): what each kind accepts and what it refuses. */
#include <criterion/criterion.h>
#include <string.h>

#include "jamwatch/service.h"

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
