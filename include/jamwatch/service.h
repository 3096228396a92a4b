/*
 * service.h - the live monitor behind `jamwatch run`: inputs (outbound
 * connections with reconnect and backoff, listening ports, UDP, replayed
 * files, the simulator in real time) -> pipeline -> analysis engine (when
 * the build has one) -> SQLite store, live snapshot, Server-Sent Events and
 * the HTTP API.
 *
 * Time: windows follow the data's own time. Live inputs stamp messages
 * with their arrival time (or their receiver's timestamps); a replay keeps
 * the recording's times unless retime_now is set; a simulation runs at its
 * scenario's times. Retention (retention_s) is measured back from the
 * newest stored window, in data time, so an old recording is kept like a
 * live feed and is not deleted for being old.
 *
 * One thread does all ingest and analysis (a poll loop over the sockets,
 * the replay and simulator timers and a signalfd); libmicrohttpd's threads
 * answer HTTP from the snapshot and read-only store handles.
 */
#ifndef JAMWATCH_SERVICE_H
#define JAMWATCH_SERVICE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"
#include "jamwatch/feed.h"

enum { JW_SERVICE_MAX_INPUTS = 16 };

typedef enum jw_service_input_kind {
    JW_SVC_CONNECT = 0, /* outbound TCP to host:port (like readsb's net-connector) */
    JW_SVC_LISTEN = 1,  /* inbound TCP feeders on port */
    JW_SVC_UDP = 2,     /* NMEA datagrams on port */
    JW_SVC_REPLAY = 3,  /* a recorded file (plain, gzip, zstd), paced by speed */
    JW_SVC_SIM = 4      /* a simulator scenario, in real time times speed */
} jw_service_input_kind;

/* One input. */
typedef struct jw_service_input {
    jw_service_input_kind kind;
    char host[256];      /* connect: host name or address */
    int port;            /* connect, listen, udp */
    jw_format format;    /* beast, avr, sbs, nmea or auto */
    char path[PATH_MAX]; /* replay: file; sim: scenario name or path */
    double speed;        /* replay/sim: times real time (replay: 0 = as fast as possible) */
    bool retime_now;     /* replay: move its times to start now (--replay-time now); false
                            keeps the recording's own times (--replay-time original) */
    bool has_time_base;  /* replay: time_base is known */
    double time_base;    /* replay: UNIX time of the Beast/AVR 12 MHz counter zero */
} jw_service_input;

typedef struct jw_service_config {
    jw_service_input inputs[JW_SERVICE_MAX_INPUTS];
    size_t ninputs;
    const char *db_path;    /* SQLite file (default "jamwatch.db") */
    double retention_s;     /* keep this much data time (0 = everything) */
    const char *http_bind;  /* default 127.0.0.1 */
    const char *input_bind; /* address of --listen/--udp sockets (default 127.0.0.1) */
    int http_port;          /* default 8080; -1 = no HTTP */
    const char *web_dir;    /* static files (default: web/dist beside the binary or cwd) */
    size_t sse_clients;     /* default 32 */
    size_t sse_buffer;      /* bytes per SSE client (default 256 KiB) */
    double backoff_max_s;   /* reconnect backoff ceiling (default 60) */
    double stall_s;         /* a connected feed silent this long is reconnected (default 60) */
    uint64_t seed;          /* simulator seed */
    bool no_analysis;       /* do not run the analysis engine even if built in */
    int window_s;           /* analysis window (0 = engine default) */
    int res;                /* H3 resolution (0 = engine default) */
    double exit_after_s;    /* stop after this many wall seconds (0 = run until signalled) */
} jw_service_config;

/* Fills the defaults. */
void jw_service_defaults(jw_service_config *cfg);

/* Parses "HOST:PORT:FORMAT" (connect), "PORT:FORMAT" (listen), "PORT[:nmea]" (udp). */
jw_err jw_service_parse_input(jw_service_input_kind kind, const char *spec, jw_service_input *out);

/* Longest line of a configuration file, in bytes without its line end. */
#define JW_CONF_LINE_MAX 1023

/* One setting of a configuration file: its key, its value (NULL for a key
 * alone, a flag) and its line number (from 1). Returns 0 to go on; anything
 * else stops the reading. */
typedef int (*jw_conf_fn)(void *user, const char *key, const char *value, int line);

/*
 * Reads the text of a configuration file (`jamwatch run --config`): one
 * "key = value" or "key" per line, blanks around key and value trimmed,
 * empty lines and lines starting with # skipped, LF or CRLF line ends.
 * Hands each setting to fn in order. Returns JW_OK when every one was
 * taken; JW_EINVAL when fn stopped the reading; JW_EPARSE for text that is
 * not a configuration file (a line longer than JW_CONF_LINE_MAX, an empty
 * key, a NUL byte), nothing being handed over from that line on. *line
 * (may be NULL) gets the line that stopped it, 0 on success.
 */
jw_err jw_service_conf_parse(const char *text, size_t len, jw_conf_fn fn, void *user, int *line);

/*
 * Runs until SIGINT/SIGTERM (blocked in the calling thread and read through
 * a signalfd), or until every input is finished when all are replays or
 * simulations that end. Returns JW_OK on a clean stop.
 */
jw_err jw_service_run(const jw_service_config *cfg);

#endif
