/* civil_date.h - days since 1970-01-01 of a proleptic Gregorian date, for the
 * feed readers that carry a calendar date ($PGHP lines, SBS records).
 *
 * Callers check the ranges first: year 1..9999, month 1..12, day 1..31. The
 * arithmetic is then exact and far from overflow (|result| < 3.7e6). */
#ifndef JW_CIVIL_DATE_H
#define JW_CIVIL_DATE_H

#include <stdbool.h>

#define JW_CIVIL_YEAR_MIN 1
#define JW_CIVIL_YEAR_MAX 9999

static inline bool jw_civil_date_ok(long y, long m, long d)
{
    return y >= JW_CIVIL_YEAR_MIN && y <= JW_CIVIL_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= 31;
}

/* Counts 400-year eras of 146,097 days from 0000-03-01, so that the leap day
 * ends the counted year. Only for dates jw_civil_date_ok accepts. */
static inline long jw_days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = y / 400; /* y >= 0 in the accepted range */
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

#endif
