/*
 * sea_cluster.h - internal to the sea evidence generator: a bounded spatial
 * hash of the latest reported positions per time slice, to find many MMSIs
 * at one point at once.
 *
 * Cells are about 300 m square (1/360 degree of latitude; longitude cells
 * widened by 1/cos(latitude)); slices are SEA_SLICE_S seconds. The table is
 * set-associative (SEA_CLUSTER_WAYS cells per set, the oldest slice
 * replaced), each cell remembers at most SEA_CLUSTER_MEMBERS MMSIs, so
 * memory is fixed at open whatever the input.
 */
#ifndef JW_SEA_CLUSTER_H
#define JW_SEA_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"

#define SEA_SLICE_S         120.0
#define SEA_CLUSTER_WAYS    4
#define SEA_CLUSTER_MEMBERS 8
#define SEA_CLUSTER_MAX_OUT 64

typedef struct sea_cluster sea_cluster;

/* A table of nsets sets (rounded up to a power of two). Free with
 * sea_cluster_close. */
jw_err sea_cluster_open(size_t nsets, sea_cluster **out);
void sea_cluster_close(sea_cluster *c);

/*
 * Records mmsi at (lat, lon) at time t, then, when its own cell already
 * holds two other MMSIs, counts the distinct MMSIs reported within radius_m of
 * (lat, lon) in this slice and the one before. Their MMSIs (this one
 * included) go to members (at most SEA_CLUSTER_MAX_OUT); returns their
 * number (1 when the cell held fewer than two other vessels).
 * *cookie remembers the vessel's last (slice, cell): a report in the same
 * cell and slice as its previous one changes nothing and returns 0 at once
 * (the caller keeps one cookie per vessel, 0 to start).
 */
unsigned sea_cluster_add(sea_cluster *c, uint32_t mmsi, double lat, double lon, double t,
                         double radius_m, uint64_t *cookie, uint32_t *members);

#endif
