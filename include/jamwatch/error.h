/*
 * error.h - the one error enum of the jamwatch library.
 *
 * Every public function that can fail returns a jw_err; JW_OK (0) is success
 * and results come out through the last argument. jw_strerror() turns any
 * code into a short English sentence fragment for logs and CLI messages.
 */
#ifndef JAMWATCH_ERROR_H
#define JAMWATCH_ERROR_H

/* X(name, text): the single table the enum and its strings are made from. */
#define JW_ERROR_TABLE(X)                                             \
    X(JW_OK, "success")                                               \
    X(JW_EINVAL, "invalid argument")                                  \
    X(JW_ENOMEM, "out of memory")                                     \
    X(JW_EIO, "input/output error")                                   \
    X(JW_EFORMAT, "unknown or unsupported format")                    \
    X(JW_ETRUNC, "input truncated")                                   \
    X(JW_ECRC, "CRC check failed")                                    \
    X(JW_EUNSUPPORTED, "message type not supported")                  \
    X(JW_ERANGE, "value out of range")                                \
    X(JW_ECPR, "CPR position could not be resolved")                  \
    X(JW_ENOTFOUND, "not found")                                      \
    X(JW_EFULL, "table full")                                         \
    X(JW_EPARSE, "malformed input")                                   \
    X(JW_ECELL, "invalid H3 cell index")                              \
    X(JW_ERES, "invalid H3 resolution")                               \
    X(JW_ELATLNG, "latitude or longitude not finite or out of range") \
    X(JW_EPENTAGON, "pentagon distortion encountered")                \
    X(JW_ECHECKSUM, "NMEA checksum mismatch")                         \
    X(JW_EAGAIN, "more input needed")

typedef enum jw_err {
#define JW_ERR_ENUM_(name, text) name,
    JW_ERROR_TABLE(JW_ERR_ENUM_)
#undef JW_ERR_ENUM_
        JW_ERR_COUNT /* number of codes; not an error itself */
} jw_err;

/* Returns a static string describing err; never NULL, even for bad codes. */
const char *jw_strerror(jw_err err);

#endif
