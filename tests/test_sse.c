/*
 * test_sse.c - the Server-Sent Events hub's ring buffers: bytes come out
 * exactly as published, in order, through partial reads, wraps of the ring
 * and its restart at the first byte when emptied; a client that falls
 * behind by more than its buffer is dropped, not grown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/sse.h"
#include "testutil.h"

enum { RING = 256, ROUNDS = 300 };

/* Reads everything queued, in pieces of at most piece bytes, onto out. */
static size_t drain(jw_sse_client *c, char *out, size_t cap, size_t piece)
{
    size_t n = 0;
    long k;
    while (n < cap && (k = jw_sse_read(c, out + n, piece < cap - n ? piece : cap - n, 0)) > 0)
        n += (size_t)k;
    return n;
}

Test(sse, bytes_in_order_through_wraps_and_restarts)
{
    jw_sse *h = NULL;
    jw_sse_client *c = NULL;
    cr_assert_eq(jw_sse_open(2, RING, &h), JW_OK);
    cr_assert_eq(jw_sse_attach(h, &c), JW_OK);
    size_t cap = (size_t)ROUNDS * 3 * 64;
    char *want = malloc(cap), *got = malloc(cap);
    cr_assert(want && got);
    size_t nw = 0, ng = 0;
    for (int i = 0; i < ROUNDS; i++) {
        /* 1 to 3 events queued before a read (a backlog that wraps the
         * ring at different offsets), read back in pieces of 1 to 13. */
        for (int j = 0; j <= i % 3; j++) {
            char data[64];
            snprintf(data, sizeof data, "{\"i\":%d,\"j\":%d,\"pad\":\"%.*s\"}", i, j, i % 11,
                     "xxxxxxxxxxx");
            jw_sse_publish(h, "stats", data);
            nw += (size_t)snprintf(want + nw, cap - nw, "event: stats\ndata: %s\n\n", data);
        }
        ng += drain(c, got + ng, cap - ng, 1 + (size_t)(i % 13));
        cr_assert_eq(ng, nw, "round %d: read %zu bytes of %zu", i, ng, nw);
    }
    cr_assert(nw > 20 * RING, "the ring wrapped many times (%zu bytes)", nw);
    cr_assert_eq(memcmp(got, want, nw), 0);
    size_t clients = 0;
    uint64_t dropped = 1;
    jw_sse_counts(h, &clients, &dropped);
    cr_assert_eq(clients, 1);
    cr_assert_eq(dropped, 0);
    jw_sse_detach(c);
    jw_sse_close(h);
    free(want);
    free(got);
}

Test(sse, client_behind_by_more_than_its_ring_is_dropped)
{
    jw_sse *h = NULL;
    jw_sse_client *c = NULL;
    cr_assert_eq(jw_sse_open(1, RING, &h), JW_OK);
    cr_assert_eq(jw_sse_attach(h, &c), JW_OK);
    for (int i = 0; i < 20; i++) /* ~40 bytes each: 800 > 256 */
        jw_sse_publish(h, "stats", "{\"messages\":123456789}");
    char buf[RING];
    cr_assert_eq(jw_sse_read(c, buf, sizeof buf, 0), -1);
    size_t clients = 0;
    uint64_t dropped = 0;
    jw_sse_counts(h, &clients, &dropped);
    cr_assert_eq(dropped, 1);
    jw_sse_detach(c);
    jw_sse_close(h);
}
