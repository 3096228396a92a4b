/*
 * sim_scenario.c - scenario files: JSON in, a validated jw_sim_scenario out.
 *
 * Every value is range-checked and every error names the field by its path
 * (e.g. "jammers[1].eirp_w"). Unknown keys are errors too, so that a typo
 * does not silently fall back to a default. The format is in docs/sim.md.
 */
#include "jamwatch/sim.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim_parse.h"

static void scenario_defaults(jw_sim_scenario *sc)
{
    snprintf(sc->name, sizeof sc->name, "unnamed");
    sc->start_unix = 1704067200; /* 2024-01-01T00:00:00Z */
    sc->duration_s = 3600;
    sc->cruise_ft[0] = 30000, sc->cruise_ft[1] = 41000;
    sc->cruise_kt[0] = 430, sc->cruise_kt[1] = 490;
    sc->climb_fpm[0] = 1800, sc->climb_fpm[1] = 3000;
    sc->descent_fpm[0] = 1500, sc->descent_fpm[1] = 2500;
    sc->version_share[0] = 0.04, sc->version_share[1] = 0.12, sc->version_share[2] = 0.84;
    sc->class_b_share = 0.2;
    sc->anchored_share = 0.1;
    sc->tolerance_db = 30;
    sc->tolerance_sd_db = 3;
    sc->degrade_db = 8;
    sc->recovery_s[0] = 20, sc->recovery_s[1] = 90;
    sc->shielding_db = 6;
    sc->fault_low_nacp = 0.01;
    sc->fault_no_gnss = 0.005;
    sc->fault_ais_na = 0.01;
}

static void parse_region(jw_parse *p, json_t *root, jw_sim_scenario *sc)
{
    json_t *r = jw_parse_obj(p, root, "", "region", true);
    if (!r)
        return;
    static const char *const keys[] = {"lat_min", "lat_max", "lon_min", "lon_max", NULL};
    jw_parse_keys(p, r, "region", keys);
    sc->lat_min = jw_parse_num(p, r, "region", "lat_min", 0, -85, 85, true);
    sc->lat_max = jw_parse_num(p, r, "region", "lat_max", 0, -85, 85, true);
    sc->lon_min = jw_parse_num(p, r, "region", "lon_min", 0, -180, 180, true);
    sc->lon_max = jw_parse_num(p, r, "region", "lon_max", 0, -180, 180, true);
    if (!p->failed && (sc->lat_min >= sc->lat_max || sc->lon_min >= sc->lon_max))
        jw_parse_fail(p, "region: lat_min/lon_min must be below lat_max/lon_max");
}

static void parse_model(jw_parse *p, json_t *root, jw_sim_scenario *sc)
{
    json_t *m = jw_parse_obj(p, root, "", "receiver_model", false);
    if (m) {
        static const char *const keys[] = {"tolerance_db", "tolerance_sd_db", "degrade_db",
                                           "recovery_s",   "shielding_db",    NULL};
        jw_parse_keys(p, m, "receiver_model", keys);
        const char *q = "receiver_model";
        sc->tolerance_db = jw_parse_num(p, m, q, "tolerance_db", sc->tolerance_db, 10, 60, false);
        sc->tolerance_sd_db =
            jw_parse_num(p, m, q, "tolerance_sd_db", sc->tolerance_sd_db, 0, 10, false);
        sc->degrade_db = jw_parse_num(p, m, q, "degrade_db", sc->degrade_db, 0, 30, false);
        jw_parse_range(p, m, q, "recovery_s", 0, 3600, sc->recovery_s);
        sc->shielding_db = jw_parse_num(p, m, q, "shielding_db", sc->shielding_db, 0, 40, false);
    }
    json_t *f = jw_parse_obj(p, root, "", "faults", false);
    if (f) {
        static const char *const keys[] = {"low_nacp_share", "no_gnss_share", "ais_na_share", NULL};
        jw_parse_keys(p, f, "faults", keys);
        sc->fault_low_nacp =
            jw_parse_num(p, f, "faults", "low_nacp_share", sc->fault_low_nacp, 0, 1, false);
        sc->fault_no_gnss =
            jw_parse_num(p, f, "faults", "no_gnss_share", sc->fault_no_gnss, 0, 1, false);
        sc->fault_ais_na =
            jw_parse_num(p, f, "faults", "ais_na_share", sc->fault_ais_na, 0, 1, false);
    }
}

static void parse_top(jw_parse *p, json_t *root, jw_sim_scenario *sc)
{
    static const char *const keys[] = {
        "name",      "description", "start_unix", "duration_s",     "region", "traffic", "vessels",
        "receivers", "jammers",     "spoofers",   "receiver_model", "faults", NULL};
    jw_parse_keys(p, root, "", keys);
    const char *name = jw_parse_str(p, root, "", "name", true);
    if (name)
        snprintf(sc->name, sizeof sc->name, "%s", name);
    const char *d = jw_parse_str(p, root, "", "description", false);
    if (d && !(sc->description = strdup(d)))
        jw_parse_fail(p, "out of memory");
    sc->start_unix = (int64_t)jw_parse_num(p, root, "", "start_unix", (double)sc->start_unix, 0,
                                           4102444800.0, false);
    sc->duration_s =
        jw_parse_num(p, root, "", "duration_s", sc->duration_s, 1, 30 * 86400.0, false);
}

jw_err jw_sim_scenario_parse(const char *json, char *errbuf, size_t errlen, jw_sim_scenario **out)
{
    if (!json || !out)
        return JW_EINVAL;
    jw_parse p = {.err = errbuf, .errlen = errlen};
    json_error_t je;
    json_t *root = json_loads(json, 0, &je);
    if (!root) {
        jw_parse_fail(&p, "JSON error at line %d column %d: %s", je.line, je.column, je.text);
        return JW_EPARSE;
    }
    jw_sim_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        json_decref(root);
        return JW_ENOMEM;
    }
    scenario_defaults(sc);
    if (!json_is_object(root))
        jw_parse_fail(&p, "the scenario must be a JSON object");
    else {
        parse_top(&p, root, sc);
        parse_region(&p, root, sc);
        jw_parse_traffic(&p, root, sc);
        jw_parse_vessels(&p, root, sc);
        jw_parse_receivers(&p, root, sc);
        jw_parse_emitters(&p, root, sc);
        parse_model(&p, root, sc);
    }
    json_decref(root);
    if (p.failed) {
        jw_sim_scenario_free(sc);
        return JW_EPARSE;
    }
    *out = sc;
    return JW_OK;
}

jw_err jw_sim_scenario_load(const char *path, char *errbuf, size_t errlen, jw_sim_scenario **out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(errbuf, errlen, "%s: cannot open", path);
        return JW_EIO;
    }
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap && cap < (64u << 20)) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        } else if (len == cap) {
            break;
        }
    }
    fclose(f);
    if (!buf)
        return JW_ENOMEM;
    buf[len] = '\0';
    jw_err err = jw_sim_scenario_parse(buf, errbuf, errlen, out);
    free(buf);
    return err;
}

void jw_sim_scenario_free(jw_sim_scenario *sc)
{
    if (!sc)
        return;
    free(sc->description);
    free(sc->airports);
    free(sc->routes);
    for (size_t i = 0; i < sc->nlanes; i++)
        free(sc->lanes[i].pts);
    free(sc->lanes);
    free(sc->stations);
    free(sc->receivers);
    for (size_t i = 0; i < sc->nemitters; i++) {
        free(sc->emitters[i].sched);
        free(sc->emitters[i].path);
    }
    free(sc->emitters);
    free(sc);
}
