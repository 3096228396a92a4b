/* fuzz_service_conf.c - the service's configuration file reader
 * (jw_service_conf_parse, `jamwatch run --config`) on arbitrary bytes: every
 * setting handed over is a trimmed key without "=" and a trimmed value, on
 * increasing lines that fit; a setting whose key is "stop" stops the reading
 * there; a file read whole holds no NUL byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/service.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
    int last_line, stop_line, lines;
} seen;

static int blank_end(const char *s, size_t n)
{
    return n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
}

static int check(void *user, const char *key, const char *val, int line)
{
    seen *z = user;
    size_t kn = strlen(key), vn = val ? strlen(val) : 0;
    if (!kn || blank_end(key, kn) || key[0] == '#' || strpbrk(key, "=\n") ||
        (val && (blank_end(val, vn) || strchr(val, '\n'))) || kn + vn > JW_CONF_LINE_MAX ||
        line <= z->last_line || line > z->lines)
        abort();
    z->last_line = line;
    if (!strcmp(key, "stop")) {
        z->stop_line = line;
        return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    seen z = {0, 0, 1};
    for (size_t i = 0; i < size; i++)
        z.lines += data[i] == '\n';
    int line = -1;
    jw_err e = jw_service_conf_parse((const char *)data, size, check, &z, &line);
    if (e == JW_OK && (line != 0 || z.stop_line || memchr(data, 0, size)))
        abort();
    if (e == JW_EINVAL && (!z.stop_line || line != z.stop_line))
        abort();
    if (e == JW_EPARSE && (line < 1 || line > z.lines || line <= z.last_line))
        abort();
    if (e != JW_OK && e != JW_EINVAL && e != JW_EPARSE)
        abort();
    return 0;
}
