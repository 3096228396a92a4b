/*
 * commands.h - the jamwatch subcommands. Each takes the arguments after its
 * own name (argv[0] is the subcommand name) and returns the process exit
 * status: 0 success, 1 failure, 2 usage error.
 */
#ifndef JW_CLI_COMMANDS_H
#define JW_CLI_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

int jw_cmd_version(int argc, char **argv);
int jw_cmd_decode(int argc, char **argv);
int jw_cmd_feedcheck(int argc, char **argv);

/* Options of the AIS NMEA decoder (decode_nmea.c). */
typedef struct jw_decode_nmea_opts {
    bool unscaled;        /* raw integers, like gpsdecode -u; default scaled like gpsdecode -j */
    FILE *out;            /* JSON Lines destination; NULL means stdout */
    bool summary;         /* print the counters on stderr at the end */
    bool vessels;         /* keep the per-vessel table and summarise it (costs ~25 %) */
    bool evidence;        /* print the sea evidence (sea_evidence.h) instead of the messages */
    const char *landmask; /* land raster for --evidence; NULL: $JW_LANDMASK, then
                           * landmask.bin beside the binary, then none */
} jw_decode_nmea_opts;

/*
 * Decodes AIS NMEA from each path ("-" is stdin; plain, gzip or zstd) into
 * JSON Lines. Returns the exit status: 0, or 1 if a file could not be read.
 */
int jw_cli_decode_nmea(int npaths, char *const *paths, const jw_decode_nmea_opts *opts);

/* `jamwatch aisdecode [--unscaled] [--vessels] [--evidence [--landmask F]] [--no-summary]
 * [FILE|-]...` */
int jw_cmd_aisdecode(int argc, char **argv);

/* `jamwatch sim SCENARIO ...`: see docs/sim.md. */
int jw_cmd_sim(int argc, char **argv);

/* `jamwatch locate [--band DB] [--height M] [--sources K] [--moving-sources] FILE|-`:
 * the locator on locate_obs.csv rows, see docs/analysis.md. */
int jw_cmd_locate(int argc, char **argv);

/* `jamwatch cell LAT LON RES | - | --boundary CELL | --center CELL`: see docs/h3.md. */
int jw_cmd_cell(int argc, char **argv);

/* `jamwatch run [INPUTS] [OPTIONS]`: the live monitor, see docs/api.md. */
int jw_cmd_run(int argc, char **argv);

/* `jamwatch analyze ... --out DIR INPUT...`: see docs/analysis.md. */
int jw_cmd_analyze(int argc, char **argv);

/* `jamwatch score --truth truth.json RESULT_DIR`: see docs/analysis.md. */
int jw_cmd_score(int argc, char **argv);

#endif
