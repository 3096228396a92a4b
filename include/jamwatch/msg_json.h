/*
 * msg_json.h - one decoded Mode S message as a JSON object (one line of
 * `jamwatch decode` output). Field names and units are documented in
 * docs/decode-schema.md and are stable: tools downstream depend on them.
 */
#ifndef JAMWATCH_MSG_JSON_H
#define JAMWATCH_MSG_JSON_H

#include <stddef.h>

#include "jamwatch/modes.h"

/* Longest object jw_msg_to_json() can produce, with its NUL. */
#define JW_MSG_JSON_MAX 2048

/*
 * Writes m as a JSON object (no newline) into buf, NUL-terminated, and
 * returns its length. cap must be at least JW_MSG_JSON_MAX; with less the
 * output is cut (still NUL-terminated) and the return value is cap - 1.
 */
size_t jw_msg_to_json(const jw_msg *m, char *buf, size_t cap);

#endif
