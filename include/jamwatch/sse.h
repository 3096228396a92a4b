/*
 * sse.h - Server-Sent Events hub: a bounded set of clients, each with a
 * bounded buffer. The ingest thread publishes events; each client's HTTP
 * thread drains its own buffer. A client whose buffer would overflow is
 * dropped (marked dead; its connection is then closed), so a slow client
 * never holds memory or the publisher back.
 */
#ifndef JAMWATCH_SSE_H
#define JAMWATCH_SSE_H

#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"

typedef struct jw_sse jw_sse;
typedef struct jw_sse_client jw_sse_client;

/* max_clients and buf_bytes per client bound the memory. Free with jw_sse_close(). */
jw_err jw_sse_open(size_t max_clients, size_t buf_bytes, jw_sse **out);

/* Makes every read return -1 from now on (call before stopping the HTTP
 * server, so that its threads finish). */
void jw_sse_shutdown(jw_sse *h);

/* Frees the hub; every client must be detached. NULL is allowed. */
void jw_sse_close(jw_sse *h);

/* Queues "event: <event>\ndata: <data>\n\n" to every client (data: one line). */
void jw_sse_publish(jw_sse *h, const char *event, const char *data);

/* A new client; JW_EFULL when max_clients are connected. */
jw_err jw_sse_attach(jw_sse *h, jw_sse_client **out);

/* Copies up to cap queued bytes into buf, waiting up to wait_ms for some.
 * Returns the count; 0 after the wait ("nothing yet": the caller sends a
 * comment to keep the connection alive); -1 when the client was dropped or
 * the hub is closing. */
long jw_sse_read(jw_sse_client *c, char *buf, size_t cap, int wait_ms);

/* Detaches and frees a client. */
void jw_sse_detach(jw_sse_client *c);

/* Clients now, and clients dropped for being slow since open. */
void jw_sse_counts(jw_sse *h, size_t *clients, uint64_t *dropped);

#endif
