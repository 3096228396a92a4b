/*
 * main.c - the jamwatch command line: dispatches to one subcommand.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

#define JW_VERSION "0.1.0"

typedef struct jw_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} jw_command;

static const jw_command jw_commands[] = {
    {"run", jw_cmd_run, "the live monitor: feeds -> analysis -> SQLite, HTTP API and map"},
    {"analyze", jw_cmd_analyze,
     "find GNSS jamming and spoofing: cells, events, emitters, incidents"},
    {"score", jw_cmd_score, "compare analyze results with a simulator truth.json"},
    {"decode", jw_cmd_decode, "decode ADS-B/Mode S and AIS feeds to JSON Lines"},
    {"sim", jw_cmd_sim, "simulate air and sea traffic under jamming and spoofing"},
    {"locate", jw_cmd_locate, "locate emitters from locate_obs.csv observations"},
    {"cell", jw_cmd_cell, "H3 cells: point to cell, cell boundary (GeoJSON)"},
    {"aisdecode", jw_cmd_aisdecode, "decode AIS NMEA (!AIVDM) to JSON Lines, like gpsdecode -j"},
    {"feedcheck", jw_cmd_feedcheck, "read feed files, print their format and counters"},
    {"version", jw_cmd_version, "print the version"},
};

int jw_cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("jamwatch %s\n", JW_VERSION);
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: jamwatch COMMAND [OPTIONS] [ARGS]\n\n"
                 "GNSS jamming and spoofing monitor for ADS-B and AIS feeds.\n\n"
                 "commands:\n");
    for (size_t i = 0; i < sizeof jw_commands / sizeof jw_commands[0]; i++)
        fprintf(out, "  %-10s %s\n", jw_commands[i].name, jw_commands[i].summary);
    fprintf(out, "\n'jamwatch COMMAND --help' explains each command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version"))
        return jw_cmd_version(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof jw_commands / sizeof jw_commands[0]; i++)
        if (!strcmp(argv[1], jw_commands[i].name)) {
            /* Library constructors (libmicrohttpd's) may leave errno set; the
             * commands' number parsers test errno after strtod. */
            errno = 0;
            return jw_commands[i].run(argc - 1, argv + 1);
        }
    fprintf(stderr, "jamwatch: unknown command '%s' (try 'jamwatch --help')\n", argv[1]);
    return 2;
}
