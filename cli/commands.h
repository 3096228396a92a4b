/*
 * commands.h - the jamwatch subcommands. Each takes the arguments after its
 * own name (argv[0] is the subcommand name) and returns the process exit
 * status: 0 success, 1 failure, 2 usage error.
 */
#ifndef JW_CLI_COMMANDS_H
#define JW_CLI_COMMANDS_H

int jw_cmd_version(int argc, char **argv);
int jw_cmd_cell(int argc, char **argv); /* cmd_cell.c: H3 cells */

#endif
