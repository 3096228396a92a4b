/* fuzz_cli_values.c - the command line's value parsers (cli/cli_util.c:
 * cli_parse_double, cli_parse_long, cli_parse_latlon, cli_parse_duration)
 * on arbitrary strings: what is accepted is finite and within the bounds
 * asked for, and a duration is its number times its unit. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli_util.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fz_text(data, size, 4096);
    if (!s)
        return 0;
    double d, lat, lon;
    long v;
    if (cli_parse_double(s, &d) == 0 && !isfinite(d))
        abort();
    if (cli_parse_long(s, -1000, 1000, &v) == 0 && (v < -1000 || v > 1000))
        abort();
    if (cli_parse_latlon(s, &lat, &lon) == 0 &&
        !(fabs(lat) <= 90 && fabs(lon) <= 180 && isfinite(lat) && isfinite(lon)))
        abort();
    if (cli_parse_duration(s, 1, 366 * 86400.0, &d) == 0) {
        size_t n = strlen(s);
        const char *u = strchr("smhd", s[n - 1]);
        double mult = 1, num;
        if (n > 1 && u && *u) {
            static const double secs[] = {1, 60, 3600, 86400};
            mult = secs[u - "smhd"];
            s[n - 1] = '\0';
        }
        if (!(d >= 1 && d <= 366 * 86400.0) || cli_parse_double(s, &num) || num * mult != d)
            abort();
    }
    free(s);
    return 0;
}
