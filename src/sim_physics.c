/*
 * sim_physics.c - path loss, radio horizon, great-circle geometry and the
 * jamming decision (see sim_physics.h). Pure functions only.
 */
#include "jamwatch/sim_physics.h"

#include <math.h>

#define DEG (3.14159265358979323846 / 180.0)

double jw_fspl_db(double d_km, double f_mhz)
{
    return 20.0 * log10(d_km) + 20.0 * log10(f_mhz) + 32.44;
}

double jw_radio_horizon_km(double h1_m, double h2_m)
{
    return 4.12 * (sqrt(h1_m > 0 ? h1_m : 0) + sqrt(h2_m > 0 ? h2_m : 0));
}

double jw_jam_js_db(double eirp_w, double d_km, double gain_db)
{
    double eirp_dbm = 10.0 * log10(eirp_w * 1000.0);
    double d = d_km < 0.01 ? 0.01 : d_km;
    return eirp_dbm + gain_db - jw_fspl_db(d, JW_GPS_L1_MHZ) - JW_GPS_SIGNAL_DBM;
}

jw_jam_level jw_jam_effect(const jw_jam_model *m, double ground_km, double target_m,
                           double *margin_db)
{
    if (ground_km > jw_radio_horizon_km(m->height_m, target_m)) {
        if (margin_db)
            *margin_db = -1000.0;
        return JW_JAM_NONE;
    }
    double dh = (target_m - m->height_m) / 1000.0;
    double slant = sqrt(ground_km * ground_km + dh * dh);
    double margin = jw_jam_js_db(m->eirp_w, slant, m->gain_db) - m->tolerance_db;
    if (margin_db)
        *margin_db = margin;
    if (margin >= 0)
        return JW_JAM_LOST;
    return margin >= -m->degrade_db ? JW_JAM_DEGRADED : JW_JAM_NONE;
}

double jw_jam_reach_km(const jw_jam_model *m, double target_m)
{
    /* J/S = tolerance where FSPL = eirp_dbm + gain - signal - tolerance. */
    double eirp_dbm = 10.0 * log10(m->eirp_w * 1000.0);
    double fspl = eirp_dbm + m->gain_db - JW_GPS_SIGNAL_DBM - m->tolerance_db;
    double slant = pow(10.0, (fspl - 20.0 * log10(JW_GPS_L1_MHZ) - 32.44) / 20.0);
    double dh = (target_m - m->height_m) / 1000.0;
    double ground = slant > fabs(dh) ? sqrt(slant * slant - dh * dh) : 0.0;
    double hz = jw_radio_horizon_km(m->height_m, target_m);
    return ground < hz ? ground : hz;
}
