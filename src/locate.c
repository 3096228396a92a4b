/*
 * locate.c - PLACEHOLDER until the locator (issue 5, another branch) lands:
 * both estimators answer JW_EUNSUPPORTED. Replaced by the real file on merge.
 */
#include "jamwatch/locate.h"

jw_err jw_locate_jammer(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                        jw_emitter_row *out)
{
    (void)obs, (void)n, (void)cfg, (void)out;
    return JW_EUNSUPPORTED;
}

jw_err jw_locate_spoofer(const jw_locate_obs *obs, size_t n, const jw_locate_config *cfg,
                         jw_emitter_row *out)
{
    (void)obs, (void)n, (void)cfg, (void)out;
    return JW_EUNSUPPORTED;
}
