/*
 * input.h - byte sources for feeds: files (plain, gzip, zstd), stdin, and
 * already-open descriptors (sockets, pipes).
 *
 * A file's compression is detected from its first bytes, not its name. A
 * descriptor opened with jw_input_from_fd() is read as plain bytes, because
 * sniffing a live socket would block.
 */
#ifndef JAMWATCH_INPUT_H
#define JAMWATCH_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jamwatch/error.h"

typedef struct jw_input jw_input;

typedef enum jw_compression { JW_COMP_NONE = 0, JW_COMP_GZIP = 1, JW_COMP_ZSTD = 2 } jw_compression;

/*
 * Opens path for reading ("-" is standard input) and detects its compression.
 * On success *out is a handle the caller releases with jw_input_close().
 * Returns JW_EIO when the file cannot be opened (errno is kept).
 */
jw_err jw_input_open(const char *path, jw_input **out);

/*
 * Wraps an open descriptor (plain bytes). When own is true, jw_input_close()
 * closes fd. name is copied and used in messages.
 */
jw_err jw_input_from_fd(int fd, bool own, const char *name, jw_input **out);

/*
 * Reads up to cap decompressed bytes into buf. *got is 0 only at the end of
 * the input. Returns JW_EAGAIN for a non-blocking descriptor with nothing to
 * read, JW_EIO on a read error, JW_EFORMAT on corrupt compressed data.
 */
jw_err jw_input_read(jw_input *in, uint8_t *buf, size_t cap, size_t *got);

/* The compression detected (JW_COMP_NONE for descriptors). */
jw_compression jw_input_compression(const jw_input *in);

/* The name given at open: a path, "-" or the caller's name. Never NULL. */
const char *jw_input_name(const jw_input *in);

/* Closes the handle (and the descriptor when owned). NULL is allowed. */
void jw_input_close(jw_input *in);

#endif
