/*
 * sse.c - the Server-Sent Events hub: bounded clients with bounded ring
 * buffers, one mutex and one condition variable for the whole hub.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jamwatch/sse.h"

struct jw_sse_client {
    jw_sse *hub; /* owner */
    char *buf;   /* ring of hub->buf_bytes */
    size_t head; /* next byte to read */
    size_t len;  /* bytes queued */
    bool dead;   /* dropped: too slow, or the hub is closing */
};

struct jw_sse {
    pthread_mutex_t mu;      /* guards everything */
    pthread_cond_t cv;       /* signalled on publish and shutdown */
    jw_sse_client **clients; /* max_clients slots, NULL free */
    size_t max_clients;
    size_t nclients;
    size_t buf_bytes;
    uint64_t dropped; /* clients dropped for being slow */
    bool closing;
};

jw_err jw_sse_open(size_t max_clients, size_t buf_bytes, jw_sse **out)
{
    if (!max_clients || buf_bytes < 256)
        return JW_EINVAL;
    jw_sse *h = calloc(1, sizeof *h);
    if (!h)
        return JW_ENOMEM;
    h->clients = calloc(max_clients, sizeof *h->clients);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    if (!h->clients || pthread_mutex_init(&h->mu, NULL) || pthread_cond_init(&h->cv, &ca)) {
        pthread_condattr_destroy(&ca);
        free(h->clients);
        free(h);
        return JW_ENOMEM;
    }
    pthread_condattr_destroy(&ca);
    h->max_clients = max_clients;
    h->buf_bytes = buf_bytes;
    *out = h;
    return JW_OK;
}

void jw_sse_shutdown(jw_sse *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->closing = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

void jw_sse_close(jw_sse *h)
{
    if (!h)
        return;
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    free(h->clients);
    free(h);
}

static void put(jw_sse_client *c, const char *s, size_t n)
{
    size_t cap = c->hub->buf_bytes;
    for (size_t i = 0; i < n; i++)
        c->buf[(c->head + c->len + i) % cap] = s[i];
    c->len += n;
}

void jw_sse_publish(jw_sse *h, const char *event, const char *data)
{
    size_t ne = strlen(event), nd = strlen(data);
    size_t need = ne + nd + 16;
    pthread_mutex_lock(&h->mu);
    for (size_t i = 0; i < h->max_clients; i++) {
        jw_sse_client *c = h->clients[i];
        if (!c || c->dead)
            continue;
        if (c->len + need > h->buf_bytes) {
            c->dead = true; /* too slow: drop rather than grow */
            h->dropped++;
            continue;
        }
        put(c, "event: ", 7);
        put(c, event, ne);
        put(c, "\ndata: ", 7);
        put(c, data, nd);
        put(c, "\n\n", 2);
    }
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

jw_err jw_sse_attach(jw_sse *h, jw_sse_client **out)
{
    jw_sse_client *c = calloc(1, sizeof *c);
    if (!c || !(c->buf = malloc(h->buf_bytes))) {
        free(c);
        return JW_ENOMEM;
    }
    c->hub = h;
    jw_err err = JW_EFULL;
    pthread_mutex_lock(&h->mu);
    for (size_t i = 0; i < h->max_clients && !h->closing; i++) {
        if (!h->clients[i]) {
            h->clients[i] = c;
            h->nclients++;
            err = JW_OK;
            break;
        }
    }
    pthread_mutex_unlock(&h->mu);
    if (err != JW_OK) {
        free(c->buf);
        free(c);
        return err;
    }
    *out = c;
    return JW_OK;
}

long jw_sse_read(jw_sse_client *c, char *buf, size_t cap, int wait_ms)
{
    jw_sse *h = c->hub;
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L)
        until.tv_sec++, until.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&h->mu);
    while (!c->len && !c->dead && !h->closing)
        if (pthread_cond_timedwait(&h->cv, &h->mu, &until) == ETIMEDOUT)
            break;
    long n = -1;
    if (!c->dead && !h->closing) {
        size_t k = c->len < cap ? c->len : cap;
        for (size_t i = 0; i < k; i++)
            buf[i] = c->buf[(c->head + i) % h->buf_bytes];
        c->head = (c->head + k) % h->buf_bytes;
        c->len -= k;
        /* Emptied: start again at the ring's first byte, so that a client
         * that keeps up only ever touches the pages of its largest backlog
         * (otherwise the head walks through the whole ring, bringing one
         * new page into the resident set every 4 KiB published, until the
         * first wrap: ~40 min of stats events, read as a slow leak). */
        if (c->len == 0)
            c->head = 0;
        n = (long)k;
    }
    pthread_mutex_unlock(&h->mu);
    return n;
}

void jw_sse_detach(jw_sse_client *c)
{
    if (!c)
        return;
    jw_sse *h = c->hub;
    pthread_mutex_lock(&h->mu);
    for (size_t i = 0; i < h->max_clients; i++)
        if (h->clients[i] == c) {
            h->clients[i] = NULL;
            h->nclients--;
        }
    pthread_mutex_unlock(&h->mu);
    free(c->buf);
    free(c);
}

void jw_sse_counts(jw_sse *h, size_t *clients, uint64_t *dropped)
{
    pthread_mutex_lock(&h->mu);
    *clients = h->nclients;
    *dropped = h->dropped;
    pthread_mutex_unlock(&h->mu);
}
