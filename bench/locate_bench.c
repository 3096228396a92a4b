/*
 * locate_bench.c - CPU time of one jw_locate_jammer estimate over N
 * observations, on seeded synthetic events made with the simulator's
 * physics (as tests/test_locate.c), beside a peer: the plain exhaustive
 * grid search of the literature (every 5 km x every 1 dB of power, the
 * source height held at 30 m, minimising the number of mislabelled targets
 * under a hard boundary), on the same events.
 *
 *   build/bench/locate_bench [EVENTS] [N] [ours|grid]   (defaults 20, 2000, ours)
 *
 * Prints one line: "locate mode M events E n N cpu_per_estimate_s S
 * median_err_km X p95_err_km Y".
 */
#include "jamwatch/geo.h"
#include "jamwatch/locate.h"
#include "jamwatch/sim_physics.h"

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A random event: jammer within 150 km of a centre, n targets within 600 km. */
static void make_event(uint64_t *s, jw_locate_obs *o, size_t n, double *jlat, double *jlon)
{
    static const double heights[] = {10, 30, 100, 300};
    double clat = -60 + 120 * bu_rand(s), clon = -180 + 360 * bu_rand(s);
    jw_geo_destination_km(clat, clon, 360 * bu_rand(s), 150 * sqrt(bu_rand(s)), jlat, jlon);
    double hs = heights[(int)(bu_rand(s) * 4) & 3];
    double eirp = exp(log(10.0) + (log(1000.0) - log(10.0)) * bu_rand(s));
    for (size_t i = 0; i < n; i++) {
        jw_geo_destination_km(clat, clon, 360 * bu_rand(s), 600 * sqrt(bu_rand(s)), &o[i].lat,
                              &o[i].lon);
        double k = bu_rand(s);
        o[i].alt_m = k < 0.1 ? 10 : k < 0.65 ? 9000 + 3000 * bu_rand(s) : 300 + 8700 * bu_rand(s);
        o[i].time = 0, o[i].weight = 1;
        double d = jw_geo_distance_km(*jlat, *jlon, o[i].lat, o[i].lon);
        jw_jam_model m = {eirp, hs, 30 + 3 * bu_rand_normal(s), 8, o[i].alt_m > 100 ? -6.0 : 0.0};
        int aff = jw_jam_effect(&m, d, o[i].alt_m, NULL) != JW_JAM_NONE;
        o[i].affected = (uint8_t)(bu_rand(s) < 0.03 ? !aff : aff);
    }
}

/* The peer: exhaustive hard-boundary grid search around the affected mean,
 * every 5 km over +-250 km x every 1 dB of EIRP from 0 to 40 dBW, source
 * height held at 30 m, the cell and power with the fewest mislabelled
 * targets winning (the first on ties). */
static void grid_peer(const jw_locate_obs *o, size_t n, double *lat, double *lon)
{
    double clat = 0, clon = 0, na = 0, best = INFINITY;
    double *need = malloc(n * sizeof *need); /* least EIRP (dBm) affecting each target */
    for (size_t i = 0; i < n; i++)
        if (o[i].affected)
            clat += o[i].lat, clon += o[i].lon, na++;
    clat /= na, clon /= na;
    for (int iy = -50; iy <= 50; iy++)
        for (int ix = -50; ix <= 50; ix++) {
            double la, lo, errs[41] = {0};
            jw_geo_destination_km(clat, clon, 90, ix * 5.0, &la, &lo);
            jw_geo_destination_km(la, lo, 0, iy * 5.0, &la, &lo);
            for (size_t i = 0; i < n; i++) {
                double d = jw_geo_distance_km(la, lo, o[i].lat, o[i].lon);
                double dh = (o[i].alt_m - 30) / 1000, slant = sqrt(d * d + dh * dh);
                need[i] = d > jw_radio_horizon_km(30, o[i].alt_m)
                              ? INFINITY
                              : 30 + JW_GPS_SIGNAL_DBM +
                                    jw_fspl_db(slant > 0.01 ? slant : 0.01, JW_GPS_L1_MHZ);
            }
            for (int p = 0; p < 41; p++)
                for (size_t i = 0; i < n; i++)
                    errs[p] += (need[i] <= 30.0 + p) != (o[i].affected != 0);
            for (int p = 0; p < 41; p++)
                if (errs[p] < best)
                    best = errs[p], *lat = la, *lon = lo;
        }
    free(need);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int events = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 20;
    size_t n = argc > 2 ? (size_t)strtol(argv[2], NULL, 10) : 2000;
    const char *mode = argc > 3 ? argv[3] : "ours";
    if (events < 1 || events > 10000 || n < 10 || n > 10000000)
        return 2;
    jw_locate_obs *o = calloc(n, sizeof *o);
    double *err = malloc((size_t)events * sizeof *err), cpu = 0, ksum = 0;
    if (!o || !err)
        return 1;
    uint64_t seed = 42;
    for (int k = 0; k < events; k++) {
        double jlat, jlon, lat = 0, lon = 0;
        make_event(&seed, o, n, &jlat, &jlon);
        double t0 = bu_cpu_seconds();
        if (strcmp(mode, "grid") == 0) {
            grid_peer(o, n, &lat, &lon);
        } else if (strcmp(mode, "multi") == 0) {
            jw_locate_sources r; /* up to 3 sources, as the engine asks */
            if (jw_locate_jammers(o, n, NULL, 3, &r) != JW_OK)
                return 1;
            lat = r.src[0].lat, lon = r.src[0].lon;
            ksum += r.k;
        } else {
            jw_emitter_row r;
            if (jw_locate_jammer(o, n, NULL, &r) != JW_OK)
                return 1;
            lat = r.lat, lon = r.lon;
        }
        cpu += bu_cpu_seconds() - t0;
        err[k] = jw_geo_distance_km(lat, lon, jlat, jlon);
    }
    qsort(err, (size_t)events, sizeof *err, cmp);
    printf("locate mode %s events %d n %zu cpu_per_estimate_s %.4f median_err_km %.2f "
           "p95_err_km %.2f mean_sources %.2f\n",
           mode, events, n, cpu / events, err[events / 2], err[(int)ceil(0.95 * events) - 1],
           strcmp(mode, "multi") == 0 ? ksum / events : 1.0);
    free(o), free(err);
    return 0;
}
