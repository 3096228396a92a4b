/*
 * log.h - structured logs for the live service: one logfmt line per event
 * on standard error, "ts=... level=... event=... key=value ...".
 */
#ifndef JAMWATCH_LOG_H
#define JAMWATCH_LOG_H

/* level: "debug", "info", "warn", "error"; event: a short name without spaces;
 * fmt: printf-style "key=value" pairs (quote values that may hold spaces). */
void jw_log(const char *level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
