/*
 * sea_out.h - helpers of `jamwatch aisdecode --evidence`: one evidence
 * record as a JSON line, and finding the land raster.
 */
#ifndef JW_CLI_SEA_OUT_H
#define JW_CLI_SEA_OUT_H

#include <stddef.h>

#include "jamwatch/evidence.h"
#include "jamwatch/landmask.h"

/* A buffer of this size always holds one record's line. */
#define JW_EVIDENCE_JSON_MAX 512

/* Writes ev as one JSON object and '\n' into buf (cap bytes); returns the
 * length, or 0 when it does not fit. NaN numbers are written as null. */
size_t jw_cli_evidence_json(const jw_evidence *ev, char *buf, size_t cap);

/*
 * Opens the land raster: path when given (failure is an error), else
 * $JW_LANDMASK, else landmask.bin beside the running binary. *out is NULL
 * when none was found without a path given (the land rules are then off).
 * Returns JW_OK or the error of opening an explicit path.
 */
jw_err jw_cli_open_landmask(const char *path, jw_landmask **out);

#endif
