/*
 * service_priv.h - internals of the live service shared by service.c (the
 * loop, products, snapshot), service_inputs.c (sockets, replay, sim) and
 * service_resolve.c (host name lookups).
 */
#ifndef JW_SERVICE_PRIV_H
#define JW_SERVICE_PRIV_H

#include <poll.h>

#include "jamwatch/http_api.h"
#include "jamwatch/input.h"
#include "jamwatch/live.h"
#include "jamwatch/nmea.h"
#include "jamwatch/pipeline.h"
#include "jamwatch/service.h"
#include "jamwatch/sim.h"
#include "jamwatch/sse.h"
#include "jamwatch/store.h"
#include "jamwatch/vessel.h"
#include "service_engine.h"

enum {
    SVC_MAX_FEEDS = JW_LIVE_MAX_FEEDS, /* inputs plus accepted connections */
    SVC_MAX_ACCEPT = 16,               /* accepted feeders per listening port */
    SVC_READ = 65536                   /* bytes read per socket per turn */
};

/* An asynchronous host name lookup (service_resolve.c). */
typedef struct svc_lookup svc_lookup;
struct addrinfo;

/* Starts looking up host:port (any family, TCP). On failure *why says why. */
jw_err svc_lookup_start(const char *host, int port, svc_lookup **out, const char **why);

/* 0 still running; 1 done, *res is the answer (free with freeaddrinfo);
 * -1 failed, *why says why (the lookup is still to be freed). */
int svc_lookup_poll(svc_lookup *l, struct addrinfo **res, const char **why);

/* Cancels (waiting up to a second for a lookup already running) and frees.
 * false when glibc still holds the request: it is then left allocated.
 * NULL is allowed. */
bool svc_lookup_free(svc_lookup *l);

typedef enum feed_state {
    FS_IDLE = 0,   /* waiting for its next connection attempt (backoff) */
    FS_RESOLVING,  /* host name lookup in progress (getaddrinfo_a) */
    FS_CONNECTING, /* non-blocking connect in progress */
    FS_OPEN,       /* reading */
    FS_LISTENING,  /* a listening socket */
    FS_DONE        /* finished (replay end, closed feeder) */
} feed_state;

/* One input or accepted connection. */
typedef struct svc_feed {
    bool used;           /* slot in use */
    jw_service_input in; /* what it is */
    int fd;              /* socket, or -1 */
    feed_state state;
    jw_feed *feed;       /* ADS-B reader (NULL for NMEA) */
    jw_nmea *nmea;       /* AIS reader (NMEA format) */
    jw_input *file;      /* replay */
    jw_sim_scenario *sc; /* sim */
    jw_sim *sim;
    svc_lookup *lookup;            /* connect: the name lookup in progress, NULL none */
    double next_at;                /* monotonic time of the next attempt / step / read */
    double backoff;                /* current reconnect delay, seconds */
    double connected_at;           /* connect: monotonic time the connection opened, 0 none */
    double lookup_started;         /* connect: monotonic time the name lookup began */
    double last_data;              /* monotonic time of the latest bytes */
    double pace_wall0, pace_data0; /* replay: wall time of its start, first data time */
    double pace_mono0;             /* replay: monotonic time of its start */
    double pace_last;              /* replay: latest data time read, in its own time */
    bool retime;                   /* replay: its times are moved to start now */
    int parent;                    /* listen: index of the listening feed, -1 otherwise */
    int children;                  /* listen: accepted connections open */
    uint64_t base_messages;        /* messages of readers replaced before (and sim frames) */
    uint64_t base_garbage;         /* garbage of readers replaced before */
    jw_live_feed live;             /* health as published */
} svc_feed;

/* The whole service state (one per jw_service_run). */
typedef struct svc {
    const jw_service_config *cfg;
    jw_pipeline *pipe;
    jw_vessels *vessels;
    jw_store *store;
    jw_live *live;
    jw_sse *sse;
    jw_http *http;
    jw_svc_engine *engine;
    jw_products_sink sink; /* the service's sink (store + SSE) */
    svc_feed feeds[SVC_MAX_FEEDS];
    int sigfd;
    bool stop;
    bool has_timed;          /* a replay or sim input exists: data time drives analysis */
    jw_live_counters c;      /* counters being built */
    double data_time;        /* latest data time */
    uint8_t *buf;            /* SVC_READ bytes */
    jw_live_target *targets; /* snapshot being built */
    size_t ntargets;
} svc;

/* Monotonic seconds. */
double svc_mono(void);

/* Opens every configured input (sockets bound, files opened, sims loaded). */
jw_err svc_inputs_open(svc *s);

/* Fills pfd for every feed that waits on a descriptor; idx maps back. Returns
 * the count; *timeout_ms is lowered to the next timer. */
size_t svc_inputs_poll(svc *s, struct pollfd *pfd, int *idx, size_t cap, int *timeout_ms);

/* Handles the ready descriptor of feed i (revents) and every due timer. */
void svc_inputs_ready(svc *s, int i, short revents);
void svc_inputs_timers(svc *s);

/* Closes everything. */
void svc_inputs_close(svc *s);

/* Bytes of feed f arrived (arrival: wall time) -> readers -> pipeline. */
void svc_feed_bytes(svc *s, svc_feed *f, const uint8_t *data, size_t n, double arrival);

/* One AIS payload (from any NMEA reader or the simulator). */
void svc_ais_payload(void *user, const jw_nmea_msg *p);

/* Wall-clock UNIX seconds. */
double svc_wall(void);

#endif
