/*
 * sim_openflights.c - a real route network for the simulator from the
 * OpenFlights files airports.dat and routes.dat (CSV, ODbL data, not
 * shipped with jamwatch).
 *
 * Keeps the non-stop routes whose great circle passes over the scenario's
 * region, weighted by how many airlines fly them, and the airports they
 * use; replaces the scenario's airports and routes with them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/sim.h"
#include "jamwatch/sim_physics.h"

enum { OF_FIELDS = 16, OF_LINE = 1024, OF_MAX_ID = 20000 };

/* Splits one CSV line (double-quoted fields, no escapes needed here). */
static int csv_split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        if (*p == '"') {
            f[n++] = ++p;
            char *q = strchr(p, '"');
            if (!q)
                break;
            *q = '\0';
            p = q + 1;
        } else {
            f[n++] = p;
        }
        char *c = strchr(p, ',');
        if (!c) {
            p[strcspn(p, "\r\n")] = '\0';
            break;
        }
        *c = '\0';
        p = c + 1;
    }
    return n;
}

typedef struct of_port {
    int used;         /* index in the scenario's new list + 1, 0 = unused */
    jw_sim_airport a; /* the airport */
    int valid;
} of_port;

static int load_airports(const char *path, of_port *ports, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    char line[OF_LINE], *fl[OF_FIELDS];
    while (fgets(line, sizeof line, f)) {
        if (csv_split(line, fl, OF_FIELDS) < 9)
            continue;
        long id = strtol(fl[0], NULL, 10);
        if (id <= 0 || id >= OF_MAX_ID)
            continue;
        of_port *p = &ports[id];
        const char *code = strlen(fl[5]) == 4 ? fl[5] : fl[4];
        if (strlen(code) < 3 || !strcmp(code, "\\N"))
            continue;
        char *e1, *e2, *e3;
        double lat = strtod(fl[6], &e1), lon = strtod(fl[7], &e2), elev = strtod(fl[8], &e3);
        /* A row whose place is not a place is skipped (NaN would reach the
         * route geometry's step count). */
        if (e1 == fl[6] || e2 == fl[7] || !(lat >= -90 && lat <= 90) ||
            !(lon >= -180 && lon <= 180))
            continue;
        snprintf(p->a.code, sizeof p->a.code, "%.7s", code);
        p->a.lat = lat;
        p->a.lon = lon;
        p->a.elev_ft = e3 != fl[8] && isfinite(elev) && fabs(elev) < 30000 ? elev : 0;
        p->a.weight = 1;
        p->valid = 1;
    }
    fclose(f);
    return 0;
}

static int crosses(const jw_sim_scenario *sc, const jw_sim_airport *a, const jw_sim_airport *b)
{
    double d = jw_geo_distance_km(a->lat, a->lon, b->lat, b->lon);
    double brg = jw_geo_bearing(a->lat, a->lon, b->lat, b->lon);
    int steps = (int)(d / 50.0) + 2;
    for (int i = 0; i <= steps; i++) {
        double lat, lon;
        jw_geo_destination_km(a->lat, a->lon, brg, d * i / steps, &lat, &lon);
        if (lat >= sc->lat_min && lat <= sc->lat_max && lon >= sc->lon_min && lon <= sc->lon_max)
            return 1;
    }
    return 0;
}

static int route_cmp(const void *x, const void *y)
{
    const jw_sim_route *a = x, *b = y;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return a->to < b->to ? -1 : a->to > b->to;
}

/* Reads routes.dat into raw (from, to) OpenFlights id pairs over the region. */
static size_t load_routes(const char *path, const jw_sim_scenario *sc, const of_port *ports,
                          jw_sim_route *out, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return SIZE_MAX;
    char line[OF_LINE], *fl[OF_FIELDS];
    size_t n = 0;
    while (n < cap && fgets(line, sizeof line, f)) {
        if (csv_split(line, fl, OF_FIELDS) < 8 || strtol(fl[7], NULL, 10) != 0)
            continue;
        long a = strtol(fl[3], NULL, 10), b = strtol(fl[5], NULL, 10);
        if (a <= 0 || b <= 0 || a >= OF_MAX_ID || b >= OF_MAX_ID || a == b || !ports[a].valid ||
            !ports[b].valid)
            continue;
        if (crosses(sc, &ports[a].a, &ports[b].a))
            out[n++] = (jw_sim_route){(uint32_t)a, (uint32_t)b, 1};
    }
    fclose(f);
    return n;
}

/* Merges duplicate pairs (weights add) and renumbers airports densely. */
static jw_err adopt(jw_sim_scenario *sc, of_port *ports, jw_sim_route *r, size_t n)
{
    qsort(r, n, sizeof *r, route_cmp);
    size_t m = 0, nports = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && r[m - 1].from == r[i].from && r[m - 1].to == r[i].to)
            r[m - 1].weight += 1;
        else
            r[m++] = r[i];
    }
    jw_sim_airport *ap = calloc(JW_SIM_MAX_PORTS, sizeof *ap);
    if (!ap)
        return JW_ENOMEM;
    for (size_t i = 0; i < m; i++) {
        uint32_t ids[2] = {r[i].from, r[i].to};
        for (int k = 0; k < 2; k++) {
            of_port *p = &ports[ids[k]];
            if (!p->used && nports < JW_SIM_MAX_PORTS)
                ap[nports] = p->a, p->used = (int)++nports;
        }
        r[i].from = (uint32_t)(ports[r[i].from].used - 1);
        r[i].to = (uint32_t)(ports[r[i].to].used - 1);
    }
    free(sc->airports);
    free(sc->routes);
    sc->airports = ap, sc->nairports = nports;
    sc->routes = r, sc->nroutes = m;
    return JW_OK;
}

jw_err jw_sim_scenario_openflights(jw_sim_scenario *sc, const char *airports_path,
                                   const char *routes_path, char *err, size_t errlen)
{
    if (!sc || !airports_path || !routes_path)
        return JW_EINVAL;
    of_port *ports = calloc(OF_MAX_ID, sizeof *ports);
    jw_sim_route *r = calloc(JW_SIM_MAX_ROUTES, sizeof *r);
    jw_err rc = JW_ENOMEM;
    if (ports && r) {
        rc = JW_EIO;
        if (load_airports(airports_path, ports, err, errlen) == 0) {
            size_t n = load_routes(routes_path, sc, ports, r, JW_SIM_MAX_ROUTES);
            if (n == SIZE_MAX)
                snprintf(err, errlen, "%s: cannot open", routes_path);
            else if (n == 0)
                snprintf(err, errlen, "%s: no route crosses the scenario's region", routes_path),
                    rc = JW_ENOTFOUND;
            else if ((rc = adopt(sc, ports, r, n)) == JW_OK)
                r = NULL; /* now owned by the scenario */
        }
    }
    free(ports);
    free(r);
    return rc;
}
