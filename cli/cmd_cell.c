/*
 * cmd_cell.c - `jamwatch cell`: H3 cells from the command line.
 *
 *   jamwatch cell LAT LON RES        the cell (hex, as h3-js prints it)
 *   jamwatch cell -                  "lat lon res" lines on stdin, one cell per line
 *   jamwatch cell --boundary CELL    the cell's polygon as a GeoJSON Feature
 *   jamwatch cell --center CELL      the cell's centre, "lat lon"
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "jamwatch/h3.h"

enum { CELL_LINE_MAX = 4096 /* longest stdin line accepted */ };

static void cell_usage(FILE *out)
{
    fprintf(out,
            "usage: jamwatch cell LAT LON RES\n"
            "       jamwatch cell -\n"
            "       jamwatch cell --boundary CELL\n"
            "       jamwatch cell --center CELL\n\n"
            "H3 cells (the grid of gpsjam.org maps), identical to h3-js.\n"
            "LAT, LON in degrees (-90..90, -180..180), RES 0..15; CELL as 15/16 hex digits.\n\n"
            "  LAT LON RES       print the cell containing the point\n"
            "  -                 read 'lat lon res' lines from stdin and print one cell per\n"
            "                    line; a bad line prints an error naming the line on stderr\n"
            "                    and the run goes on, exiting 1 at the end\n"
            "  --boundary CELL   print the cell's polygon as a GeoJSON Feature ([lon, lat],\n"
            "                    closed ring, counter-clockwise). Longitudes are kept\n"
            "                    continuous along the ring, so a cell crossing the\n"
            "                    antimeridian has some longitudes beyond +-180 (e.g. 181.2);\n"
            "                    a cell containing a pole is printed unwrapped in [-180, 180]\n"
            "  --center CELL     print the cell's centre as 'lat lon'\n");
}

/* Parses a whole string as a double / an int; 0 on success. */
static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return (end == s || *end || errno == ERANGE) ? -1 : 0;
}

static int parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < -1000 || v > 1000)
        return -1;
    *out = (int)v;
    return 0;
}

/* The cell for three text fields; the message for a failure in *why. */
static jw_err cell_of(const char *slat, const char *slon, const char *sres, jw_h3 *out,
                      const char **why)
{
    double lat, lon;
    int res;
    if (parse_double(slat, &lat) || parse_double(slon, &lon)) {
        *why = "latitude and longitude must be numbers";
        return JW_EPARSE;
    }
    if (parse_int(sres, &res)) {
        *why = "resolution must be an integer";
        return JW_EPARSE;
    }
    jw_err e = jw_h3_from_latlng(lat, lon, res, out);
    *why = jw_strerror(e);
    return e;
}

static int cell_stdin(void)
{
    char line[CELL_LINE_MAX];
    long lineno = 0, bad = 0;
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            fprintf(stderr, "jamwatch cell: line %ld: longer than %d bytes\n", lineno,
                    CELL_LINE_MAX - 2);
            bad++;
            int c;
            while ((c = getchar()) != EOF && c != '\n')
                ;
            continue;
        }
        char *save = NULL, *f[4] = {NULL, NULL, NULL, NULL};
        int nf = 0;
        for (char *t = strtok_r(line, " \t\r\n,", &save); t && nf < 4;
             t = strtok_r(NULL, " \t\r\n,", &save))
            f[nf++] = t;
        if (nf == 0)
            continue; /* blank line */
        jw_h3 h;
        const char *why = "expected 'lat lon res'";
        char buf[JW_H3_STRING_SIZE];
        if (nf != 3 || cell_of(f[0], f[1], f[2], &h, &why) != JW_OK ||
            jw_h3_to_string(h, buf, sizeof buf) != JW_OK) {
            fprintf(stderr, "jamwatch cell: line %ld: %s\n", lineno, why);
            bad++;
            continue;
        }
        puts(buf);
    }
    if (bad)
        fprintf(stderr, "jamwatch cell: %ld of %ld lines rejected\n", bad, lineno);
    return bad ? 1 : 0;
}

/* Longitudes continuous along the ring (antimeridian); a ring that winds
 * round a pole is left in [-180, 180]. */
static void unwrap_ring(jw_h3_cell_boundary *b)
{
    double lon[JW_H3_MAX_VERTS], total = 0.0;
    lon[0] = b->verts[0].lon;
    for (int i = 1; i < b->n; i++) {
        double d = b->verts[i].lon - b->verts[i - 1].lon;
        d -= d > 180.0 ? 360.0 : (d < -180.0 ? -360.0 : 0.0);
        lon[i] = lon[i - 1] + d;
        total += d;
    }
    double d = b->verts[0].lon - b->verts[b->n - 1].lon;
    total += d - (d > 180.0 ? 360.0 : (d < -180.0 ? -360.0 : 0.0));
    if (fabs(total) > 180.0)
        return; /* contains a pole */
    for (int i = 0; i < b->n; i++)
        b->verts[i].lon = lon[i];
}

static int cell_boundary(const char *s)
{
    jw_h3 h;
    jw_h3_cell_boundary b;
    jw_err e = jw_h3_from_string(s, &h);
    if (e == JW_OK)
        e = jw_h3_boundary(h, &b);
    if (e != JW_OK) {
        fprintf(stderr, "jamwatch cell: '%s': %s\n", s, jw_strerror(e));
        return 1;
    }
    unwrap_ring(&b);
    char buf[JW_H3_STRING_SIZE];
    jw_h3_to_string(h, buf, sizeof buf);
    printf("{\"type\":\"Feature\",\"properties\":{\"cell\":\"%s\",\"resolution\":%d,"
           "\"pentagon\":%s},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[",
           buf, jw_h3_resolution(h), jw_h3_is_pentagon(h) ? "true" : "false");
    for (int i = 0; i <= b.n; i++) {
        const jw_h3_latlng *v = &b.verts[i % b.n];
        printf("%s[%.9f,%.9f]", i ? "," : "", v->lon, v->lat);
    }
    printf("]]}}\n");
    return 0;
}

static int cell_center(const char *s)
{
    jw_h3 h;
    jw_h3_latlng g;
    jw_err e = jw_h3_from_string(s, &h);
    if (e == JW_OK)
        e = jw_h3_to_latlng(h, &g);
    if (e != JW_OK) {
        fprintf(stderr, "jamwatch cell: '%s': %s\n", s, jw_strerror(e));
        return 1;
    }
    printf("%.9f %.9f\n", g.lat, g.lon);
    return 0;
}

int jw_cmd_cell(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        cell_usage(stdout);
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "-"))
        return cell_stdin();
    if (argc == 3 && !strcmp(argv[1], "--boundary"))
        return cell_boundary(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "--center"))
        return cell_center(argv[2]);
    if (argc == 4) { /* LAT LON RES; LAT may be negative */
        jw_h3 h;
        const char *why;
        char buf[JW_H3_STRING_SIZE];
        if (cell_of(argv[1], argv[2], argv[3], &h, &why) != JW_OK) {
            fprintf(stderr, "jamwatch cell: %s\n", why);
            return 1;
        }
        jw_h3_to_string(h, buf, sizeof buf);
        puts(buf);
        return 0;
    }
    cell_usage(stderr);
    return 2;
}
