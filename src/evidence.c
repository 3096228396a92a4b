/*
 * evidence.c - names of evidence kinds and domains (evidence.h).
 */
#include "jamwatch/evidence.h"

static const char *const kind_names[JW_EV_KIND_COUNT] = {
    "good",          "degraded",    "lost",       "spoof_jump",  "spoof_track", "spoof_height",
    "spoof_cluster", "spoof_range", "spoof_land", "spoof_fixed", "gap"};

const char *jw_evidence_kind_name(jw_evidence_kind k)
{
    return (unsigned)k < JW_EV_KIND_COUNT ? kind_names[k] : "?";
}

const char *jw_domain_name(jw_domain d)
{
    return d == JW_DOMAIN_AIR ? "air" : d == JW_DOMAIN_SEA ? "sea" : "?";
}
