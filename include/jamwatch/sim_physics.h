/*
 * sim_physics.h - the radio physics of GNSS interference, pure functions.
 *
 * Used by the simulator to decide who is jammed, and usable by a localizer
 * to model a jammer's reach. Model (REFERENCE.md section 4): free-space path
 * loss at GPS L1, the 4/3-earth radio horizon, and a receiver that loses
 * tracking when the jamming-to-signal ratio exceeds a tolerance.
 */
#ifndef JAMWATCH_SIM_PHYSICS_H
#define JAMWATCH_SIM_PHYSICS_H

#define JW_GPS_L1_MHZ     1575.42  /* carrier frequency */
#define JW_GPS_SIGNAL_DBM (-130.0) /* GPS C/A signal power at the antenna */
#include "jamwatch/geo.h"

/* Free-space path loss in dB over d_km at f_mhz (d_km > 0). */
double jw_fspl_db(double d_km, double f_mhz);

/* Radio horizon over a 4/3 earth, km, for two antenna heights in metres. */
double jw_radio_horizon_km(double h1_m, double h2_m);

/*
 * Jamming-to-signal ratio in dB at a GNSS receiver d_km (slant) from a
 * jammer of eirp_w watts, with gain_db added for the receiving antenna
 * toward the jammer (negative: airframe shielding).
 */
double jw_jam_js_db(double eirp_w, double d_km, double gain_db);

/* How one jammer affects one receiver. */
typedef enum jw_jam_level {
    JW_JAM_NONE = 0,     /* out of reach, or below the radio horizon */
    JW_JAM_DEGRADED = 1, /* J/S within degrade_db of the tolerance: integrity falls */
    JW_JAM_LOST = 2      /* J/S above the tolerance: no position */
} jw_jam_level;

typedef struct jw_jam_model {
    double eirp_w;       /* jammer effective isotropic radiated power */
    double height_m;     /* jammer antenna height above ground */
    double tolerance_db; /* J/S at which the receiver loses tracking */
    double degrade_db;   /* integrity degrades from tolerance_db - degrade_db */
    double gain_db;      /* receiving antenna gain toward the jammer */
} jw_jam_model;

/*
 * The effect at a receiver ground_km away at target_m height. *margin_db
 * (may be NULL) is J/S minus the tolerance, or -1000 below the horizon.
 */
jw_jam_level jw_jam_effect(const jw_jam_model *m, double ground_km, double target_m,
                           double *margin_db);

/* The ground distance (km) within which a receiver at target_m loses tracking. */
double jw_jam_reach_km(const jw_jam_model *m, double target_m);

#endif
