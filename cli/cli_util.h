/*
 * cli_util.h - small helpers shared by the subcommands: uniform error
 * messages and strict number parsing.
 */
#ifndef JW_CLI_UTIL_H
#define JW_CLI_UTIL_H

#include <stddef.h>

/* Prints "jamwatch CMD: message" to stderr; returns 1 (the failure status). */
int cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "jamwatch CMD: message" to stderr; returns 2 (the usage status). */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses a whole string as a finite double. Returns 0, or -1 if it is not one. */
int cli_parse_double(const char *s, double *out);

/* Parses a whole string as a long in [min, max]. Returns 0, or -1. */
int cli_parse_long(const char *s, long min, long max, long *out);

/* Parses a duration: a finite number with an optional unit, s (default), m,
 * h or d, e.g. "90", "10m", "1.5h", "1d", into seconds in [min_s, max_s].
 * Returns 0, or -1. */
int cli_parse_duration(const char *s, double min_s, double max_s, double *out);

/* Parses "LAT,LON" in degrees (|lat| <= 90, |lon| <= 180). Returns 0, or -1. */
int cli_parse_latlon(const char *s, double *lat, double *lon);

/* Reads the file at path whole into *text (malloc'd, NUL-terminated; the
 * caller frees it) and its length into *len. Returns 0; -1 when it cannot be
 * read; -2 when it is larger than max bytes. */
int cli_read_file(const char *path, size_t max, char **text, size_t *len);

/* The directory of the running binary (from /proc/self/exe) into out.
 * Returns 0, or -1 (out is then ""). */
int cli_exe_dir(char *out, size_t cap);

/* A scenario by name or path (sim, run): NAME itself when readable, else
 * NAME.json in $JW_SCENARIOS, in ./scenarios, or in the scenarios directory
 * beside the binary (EXE_DIR/../scenarios, EXE_DIR/scenarios,
 * EXE_DIR/../../scenarios). Writes the path into out; returns 0, or -1 when
 * none is readable (or the path does not fit in cap). */
int cli_find_scenario(const char *name, char *out, size_t cap);

/* Wall-clock UNIX time in seconds: only for stamping live input on arrival. */
double cli_now(void);

#endif
