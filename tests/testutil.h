/*
 * testutil.h - small helpers shared by the Criterion test suites.
 *
 * Reference data lives in ../shared/data (relative to the top of the tree,
 * where `make check` runs), or wherever JW_SHARED_DATA points. Suites that
 * need it call TU_DATA_OR_SKIP, which skips the test with a visible SKIP line
 * when the file is absent.
 */
#ifndef JW_TESTUTIL_H
#define JW_TESTUTIL_H

#include <criterion/criterion.h>
#include <stddef.h>
#include <stdint.h>

/* Full path of rel inside the shared data folder, or NULL if it is absent.
 * The string is malloc'd; the caller frees it. */
char *tu_data_path(const char *rel);

/* Reads a whole file into a malloc'd NUL-terminated buffer; NULL on error. */
char *tu_read_file(const char *path, size_t *len_out);

/* Parses hex digits into out (at most cap bytes); returns bytes, -1 on error. */
int tu_hex(const char *hex, uint8_t *out, size_t cap);

/* Prints a visible "[SKIP] ..." line for a part of a test that cannot run
 * here (data or a tool absent). Not cr_log_warn: Criterion's runner exits
 * non-zero after any logged warning, so a visible skip failed `make test`. */
void tu_skip_part(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Seeded generator (splitmix64): uniform in [0, 1), and standard normal
 * (Box-Muller), for reproducible synthetic inputs. */
double tu_rand(uint64_t *state);
double tu_rand_normal(uint64_t *state);

/* Path of the built jamwatch binary (JW_BIN, else ./jamwatch). */
const char *tu_bin(void);

/* Runs cmd with the shell: its exit status, -1 when it did not exit. */
int tu_sh(const char *cmd);

/* Runs cmd with the shell, its standard output and error into *out and
 * *err (malloc'd, the caller frees them): its exit status as tu_sh. */
int tu_run(const char *cmd, char **out, char **err);

#define TU_DATA_OR_SKIP(var, rel)                                             \
    char *var = tu_data_path(rel);                                            \
    do {                                                                      \
        if (!var)                                                             \
            cr_skip_test("SKIP: %s absent from the shared data folder", rel); \
    } while (0)

#endif
