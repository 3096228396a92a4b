/* evidence.c - names of evidence kinds and domains (see evidence.h). */
#include "jamwatch/evidence.h"

#include <stddef.h>

static const char *const kind_names[JW_EV_KIND_COUNT] = {
    [JW_EV_GOOD] = "good",
    [JW_EV_DEGRADED] = "degraded",
    [JW_EV_LOST] = "lost",
    [JW_EV_SPOOF_JUMP] = "spoof_jump",
    [JW_EV_SPOOF_TRACK] = "spoof_track",
    [JW_EV_SPOOF_HEIGHT] = "spoof_height",
    [JW_EV_SPOOF_CLUSTER] = "spoof_cluster",
    [JW_EV_SPOOF_RANGE] = "spoof_range",
    [JW_EV_SPOOF_LAND] = "spoof_land",
    [JW_EV_SPOOF_FIXED] = "spoof_fixed",
    [JW_EV_GAP] = "gap",
};

const char *jw_evidence_kind_name(jw_evidence_kind k)
{
    if ((unsigned)k >= JW_EV_KIND_COUNT || !kind_names[k])
        return "?";
    return kind_names[k];
}

const char *jw_domain_name(jw_domain d)
{
    switch (d) {
    case JW_DOMAIN_AIR:
        return "air";
    case JW_DOMAIN_SEA:
        return "sea";
    }
    return "?";
}
