/*
 * sim_parse.h - internal: checked JSON field access for scenario parsing,
 * and the section parsers of sim_parse.c. Every reader records the first
 * error (with the field path) in the jw_parse context and returns a default.
 */
#ifndef JW_SIM_PARSE_H
#define JW_SIM_PARSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "jamwatch/sim.h"

typedef struct jw_parse {
    char *err;     /* message buffer (caller's), may be NULL */
    size_t errlen; /* its size */
    bool failed;   /* an error has been recorded */
} jw_parse;

void jw_parse_fail(jw_parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Fails when obj has a key not in the NULL-terminated list allowed. */
void jw_parse_keys(jw_parse *p, json_t *obj, const char *path, const char *const *allowed);

double jw_parse_num(jw_parse *p, json_t *obj, const char *path, const char *key, double def,
                    double lo, double hi, bool required);
const char *jw_parse_str(jw_parse *p, json_t *obj, const char *path, const char *key,
                         bool required);
bool jw_parse_bool(jw_parse *p, json_t *obj, const char *path, const char *key, bool def);
json_t *jw_parse_obj(jw_parse *p, json_t *obj, const char *path, const char *key, bool required);
json_t *jw_parse_arr(jw_parse *p, json_t *obj, const char *path, const char *key, bool required);

/* A [min, max] pair; leaves out untouched when the key is absent. */
void jw_parse_range(jw_parse *p, json_t *obj, const char *path, const char *key, double lo,
                    double hi, double out[2]);

void jw_parse_traffic(jw_parse *p, json_t *root, jw_sim_scenario *sc);
void jw_parse_vessels(jw_parse *p, json_t *root, jw_sim_scenario *sc);
void jw_parse_receivers(jw_parse *p, json_t *root, jw_sim_scenario *sc);
void jw_parse_emitters(jw_parse *p, json_t *root, jw_sim_scenario *sc);

#endif
