/*
 * test_api_params.c - the HTTP API's parameter validator: every bad input
 * is refused with a message naming the parameter; good ones fill the query.
 */
#include <math.h>
#include <string.h>

#include "jamwatch/api_params.h"
#include "testutil.h"

static jw_err parse1(unsigned allowed, const char *k, const char *v, jw_api_params *p, char *err)
{
    const char *keys[] = {k}, *vals[] = {v};
    return jw_api_params_parse(allowed, keys, vals, 1, 100, 1000, p, err, 160);
}

Test(api_params, good_values_fill_the_query)
{
    const char *keys[] = {"from", "to", "bbox", "min_level", "limit", "kind", "cell"};
    const char *vals[] = {"1700000000", "1700003600.5", "124,33,131,43",  "0.25",
                          "42",         "spoofing",     "842f5a3ffffffff"};
    jw_api_params p;
    char err[160] = "";
    cr_assert_eq(jw_api_params_parse(~0u, keys, vals, 7, 100, 1000, &p, err, sizeof err), JW_OK,
                 "%s", err);
    cr_assert_float_eq(p.q.from, 1700000000, 1e-6);
    cr_assert_float_eq(p.q.to, 1700003600.5, 1e-6);
    cr_assert_float_eq(p.q.bbox[3], 43, 1e-9);
    cr_assert_float_eq(p.q.min_level, 0.25, 1e-9);
    cr_assert_eq(p.q.limit, 42);
    cr_assert_eq(p.q.kind, 1);
    cr_assert(jw_h3_is_valid(p.q.cell));
    cr_assert(isnan(p.q.window));
}

Test(api_params, defaults)
{
    jw_api_params p;
    char err[160];
    cr_assert_eq(jw_api_params_parse(~0u, NULL, NULL, 0, 100, 1000, &p, err, sizeof err), JW_OK);
    cr_assert_eq(p.q.limit, 100);
    cr_assert_eq(p.lf.domain, -1);
    cr_assert(isnan(p.q.from) && isnan(p.q.bbox[0]));
}

/* Each row: key, value, a word the message must contain. */
static const char *const bad[][3] = {
    {"from", "yesterday", "from"},
    {"from", "-5", "from"},
    {"from", "1e400", "from"},
    {"from", "nan", "from"},
    {"to", "", "needs a value"},
    {"limit", "0", "limit"},
    {"limit", "1001", "limit"},
    {"limit", "12abc", "limit"},
    {"kind", "gps", "kind"},
    {"bbox", "1,2,3", "bbox"},
    {"bbox", "1,2,3,4,5", "bbox"},
    {"bbox", "10,0,5,1", "bbox"},
    {"bbox", "0,-91,1,1", "bbox"},
    {"cell", "zz", "cell"},
    {"cell", "8ffffffffffffffff", "cell"},
    {"min_level", "1.5", "min_level"},
    {"domain", "space", "domain"},
    {"state", "fine", "state"},
    {"target", "1234567", "target"},
    {"target", "xyz", "target"},
    {"event", "-1", "event"},
    {"event", "0", "event"},
    {"sql", "1;DROP TABLE cells", "unknown parameter"},
};

Test(api_params, bad_values_are_refused_with_a_message)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jw_api_params p;
        char err[160] = "";
        cr_assert_eq(parse1(~0u, bad[i][0], bad[i][1], &p, err), JW_EINVAL, "%s=%s accepted",
                     bad[i][0], bad[i][1]);
        cr_assert(strstr(err, bad[i][2]), "%s=%s: message '%s'", bad[i][0], bad[i][1], err);
    }
}

Test(api_params, route_masks_repeats_and_order)
{
    jw_api_params p;
    char err[160];
    cr_assert_eq(parse1(JW_P_FROM, "kind", "jamming", &p, err), JW_EINVAL);
    cr_assert(strstr(err, "unknown parameter 'kind'"));
    const char *k2[] = {"from", "from"}, *v2[] = {"1", "2"};
    cr_assert_eq(jw_api_params_parse(~0u, k2, v2, 2, 10, 10, &p, err, sizeof err), JW_EINVAL);
    cr_assert(strstr(err, "twice"));
    const char *k3[] = {"from", "to"}, *v3[] = {"200", "100"};
    cr_assert_eq(jw_api_params_parse(~0u, k3, v3, 2, 10, 10, &p, err, sizeof err), JW_EINVAL);
    cr_assert(strstr(err, "greater"));
    cr_assert_eq(parse1(~0u, "target", "71c012", &p, err), JW_OK);
    cr_assert_eq(p.q.target, 0x71c012);
    cr_assert_eq(parse1(~0u, "target", "440123456", &p, err), JW_OK);
    cr_assert_eq(p.q.target, 440123456);
    cr_assert_eq(parse1(~0u, "state", "bad", &p, err), JW_OK);
    cr_assert_eq(p.lf.state, JW_LIVE_BAD);
}
