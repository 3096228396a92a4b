/*
 * feed_clock.c - receiver timestamps to seconds, for the Beast and AVR
 * readers: a 12 MHz free-running counter offset by a base, or GPS-mode
 * timestamps (seconds of the UTC day and nanoseconds) added to the UNIX time
 * of the day's midnight, following the day across midnight.
 */
#include "feed_priv.h"

enum {
    GPS_NS_BITS = 30,          /* low bits of a GPS-mode timestamp: nanoseconds */
    DAY_SECONDS = 86400,       /* one day */
    HALF_DAY = DAY_SECONDS / 2 /* a jump back larger than this is a new day */
};

void jw__clock_init(jw__clock *c, const jw_feed_config *cfg)
{
    c->mode = cfg->ts_mode;
    c->base = cfg->time_base;
    c->arrival = cfg->use_arrival_time;
    c->last_sod = 0;
    c->day_off = 0;
}

/* readsb marks synthetic frames (MLAT results, UAT) with FF 00 'M' 'L' 'A' x,
 * and "no timestamp" with all ones: neither is a reception time. */
static bool ts_is_magic(uint64_t ts)
{
    return (ts >> 8) == 0xFF004D4C41ull || ts == 0xFFFFFFFFFFFFull;
}

static double gps_time(jw__clock *c, uint64_t ts, double arrival)
{
    uint32_t sod = (uint32_t)(ts >> GPS_NS_BITS);
    uint32_t ns = (uint32_t)(ts & ((1u << GPS_NS_BITS) - 1));
    if (sod > DAY_SECONDS || ns >= 1000000000u) /* 86400 allowed: leap second */
        return arrival;
    if (c->last_sod >= sod + HALF_DAY)
        c->day_off += DAY_SECONDS;
    c->last_sod = sod;
    return c->base + c->day_off + (double)sod + (double)ns * 1e-9;
}

double jw__clock_time(jw__clock *c, uint64_t ts, double arrival)
{
    if (c->arrival || ts == 0 || ts_is_magic(ts))
        return arrival;
    if (c->mode == JW_TS_GPS)
        return gps_time(c, ts, arrival);
    return (double)ts * (1.0 / 12e6) + c->base;
}
