/*
 * service_resolve.c - host name lookups of --connect inputs that never block
 * the ingest loop: glibc's getaddrinfo_a runs each lookup in its own helper
 * thread, the loop polls it from its timers (svc_inputs_timers) and connects
 * once the address is known. A dead or slow DNS server thus delays only the
 * feed that needs it; the other inputs, the windows and the snapshot go on.
 */
#define _GNU_SOURCE /* getaddrinfo_a, gai_error, gai_cancel, gai_suspend */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service_priv.h"

struct svc_lookup {
    struct gaicb cb;       /* the request glibc works on (refers to the fields below) */
    struct addrinfo hints; /* any family, stream sockets */
    char host[256];        /* the name, as glibc reads it */
    char port[8];          /* the port, as a string */
};

/* How long svc_lookup_free waits for a lookup that cannot be cancelled. */
#define LOOKUP_DRAIN_S 1

jw_err svc_lookup_start(const char *host, int port, svc_lookup **out, const char **why)
{
    svc_lookup *l = calloc(1, sizeof *l);
    if (!l) {
        *why = "out of memory";
        return JW_ENOMEM;
    }
    snprintf(l->host, sizeof l->host, "%s", host);
    snprintf(l->port, sizeof l->port, "%d", port);
    l->hints.ai_family = AF_UNSPEC;
    l->hints.ai_socktype = SOCK_STREAM;
    l->cb.ar_name = l->host;
    l->cb.ar_service = l->port;
    l->cb.ar_request = &l->hints;
    struct gaicb *list[1] = {&l->cb};
    int rc = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL);
    if (rc != 0) {
        *why = gai_strerror(rc);
        free(l);
        return JW_EIO;
    }
    *out = l;
    return JW_OK;
}

int svc_lookup_poll(svc_lookup *l, struct addrinfo **res, const char **why)
{
    int rc = gai_error(&l->cb);
    if (rc == EAI_INPROGRESS)
        return 0;
    if (rc != 0) {
        *why = gai_strerror(rc);
        return -1;
    }
    *res = l->cb.ar_result;
    l->cb.ar_result = NULL;
    return 1;
}

bool svc_lookup_free(svc_lookup *l)
{
    if (!l)
        return true;
    int rc = gai_error(&l->cb);
    if (rc == EAI_INPROGRESS && gai_cancel(&l->cb) == EAI_NOTCANCELED) {
        /* glibc's helper thread is inside the lookup: wait for it a little. */
        const struct gaicb *list[1] = {&l->cb};
        struct timespec ts = {LOOKUP_DRAIN_S, 0};
        gai_suspend(list, 1, &ts);
    }
    if (gai_error(&l->cb) == EAI_INPROGRESS)
        return false; /* still glibc's: left to it (the process is usually ending) */
    if (l->cb.ar_result)
        freeaddrinfo(l->cb.ar_result);
    free(l);
    return true;
}
