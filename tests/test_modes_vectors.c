/*
 * test_modes_vectors.c - conformance over ../shared/data/modes/test_vectors.tsv
 * (asserted vectors of the pyModeS and rs1090 test suites).
 *
 * The TSV is parsed at test time. Each row's context selects what is run
 * (decode one frame, local CPR decode against a reference, global CPR pair)
 * and every key=value of its expectation column is compared with our value.
 * Tolerance: the stated one when the row names one, else half a unit of the
 * last digit printed (pyModeS rounds its outputs); lat/lon 0.001 degree.
 * Parenthesised notes quote other decoders' alternatives and are not
 * asserted, except "(even newer: lat, lon)" which is. Where sources differ we
 * follow the standard, as written beside each case below:
 * - TC29 selected altitude: 16992 ft (LSB 32 ft, DO-260B) not rs1090's 17000.
 * - Surface movement: lower bound of the quantisation band (pyModeS, rs1090),
 *   not readsb's mid-band values.
 * - Ground speed: exact vector sum (159.2 kt), compared with pyModeS's
 *   integer 159 at +-0.5.
 * - The PipeDecoder DF20 row asserts BDS inference, which this decoder
 *   does not do (Comm-B is recognised, not decoded): only DF/address checked.
 * Every row must be checked: the test fails if one is left unexamined.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jamwatch/cpr.h"
#include "jamwatch/integrity.h"
#include "jamwatch/modes.h"
#include "testutil.h"

typedef struct row {
    char *src, *hex, *ctx, *exp;
} row;

/* Decodes one hex frame (14 or 28 digits) into *m; returns the error. */
static jw_err decode_hex(const char *hex, jw_msg *m)
{
    jw_frame f = {0};
    int n = tu_hex(hex, f.data, sizeof f.data);
    cr_assert(n == 7 || n == 14, "bad hex %s", hex);
    f.len = (uint8_t)n;
    f.kind = n == 7 ? JW_FRAME_SHORT : JW_FRAME_LONG;
    jw_decode_config cfg = {0};
    return jw_modes_decode(&cfg, &f, m);
}

/* Copies the first hex run of s into out (stops at a non-hex character). */
static const char *take_hex(const char *s, char *out, size_t cap)
{
    size_t i = 0;
    while (*s && strchr("0123456789abcdefABCDEF", *s) && i + 1 < cap)
        out[i++] = *s++;
    out[i] = '\0';
    return s;
}

/* Tolerance implied by how a number is written: half a unit of its last digit. */
static double tol_of(const char *num)
{
    const char *dot = strchr(num, '.');
    if (!dot)
        return 0.5;
    int d = 0;
    for (const char *p = dot + 1; *p >= '0' && *p <= '9'; p++)
        d++;
    return 0.5 * pow(10, -d) + 1e-9;
}

static void expect_num(const char *key, double got, const char *want, const char *hex)
{
    double w = strtod(want, NULL);
    cr_expect(fabs(got - w) <= tol_of(want), "%s: %s got %.6f want %s", hex, key, got, want);
}

static void expect_pos(jw_latlon p, double lat, double lon, double tol, const char *what)
{
    cr_expect(fabs(p.lat - lat) <= tol && fabs(p.lon - lon) <= tol,
              "%s: got %.5f,%.5f want %.5f,%.5f", what, p.lat, p.lon, lat, lon);
}

/* Removes parenthesised notes (other decoders' values) in place. */
static void strip_notes(char *s)
{
    char *w = s;
    int depth = 0;
    for (char *r = s; *r; r++) {
        if (*r == '(')
            depth++;
        else if (*r == ')' && depth)
            depth--;
        else if (!depth)
            *w++ = *r;
    }
    *w = '\0';
}

/* Pending autopilot flag words ("autopilot vnav lnav tcas=True"): bare
 * words take the truth value of the next flag=value token. */
static uint8_t ap_bit(const char *w)
{
    static const struct {
        const char *name;
        uint8_t bit;
    } names[] = {{"autopilot", JW_AP_ENGAGED}, {"vnav", JW_AP_VNAV},
                 {"lnav", JW_AP_LNAV},         {"tcas", JW_AP_TCAS},
                 {"alt_hold", JW_AP_ALT_HOLD}, {"approach", JW_AP_APPROACH}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(w, names[i].name) == 0)
            return names[i].bit;
    return 0;
}

/* Checks one key=value; returns 1 when the key is known. */
static int check_key(const char *k, const char *v, const char *next, const jw_msg *m,
                     const char *hex)
{
    if (!strcmp(k, "df"))
        cr_expect_eq(m->df, strtol(v, NULL, 10), "%s df", hex);
    else if (!strcmp(k, "icao") || !strcmp(k, "aa"))
        cr_expect_eq(m->addr, (uint32_t)strtoul(v, NULL, 16), "%s address", hex);
    else if (!strcmp(k, "tc"))
        cr_expect_eq(m->tc, strtol(v, NULL, 10), "%s tc", hex);
    else if (!strcmp(k, "subtype"))
        cr_expect_eq(m->subtype, strtol(v, NULL, 10), "%s subtype", hex);
    else if (!strcmp(k, "callsign"))
        cr_expect_str_eq(m->callsign, v, "%s callsign", hex);
    else if (!strcmp(k, "category")) /* pyModeS: the number within the set */
        cr_expect_eq(m->category & 0x0F, strtol(v, NULL, 10), "%s category", hex);
    else if (!strcmp(k, "crc_valid"))
        ; /* decode succeeded (checked by the caller) */
    else if (!strcmp(k, "altitude"))
        cr_expect(JW_HAS(m, JW_F_ALT_BARO) && m->alt_baro == strtol(v, NULL, 10),
                  "%s altitude %d want %s", hex, m->alt_baro, v);
    else if (!strcmp(k, "cpr_format"))
        cr_expect_eq(m->cpr_odd, strtol(v, NULL, 10), "%s cpr_format", hex);
    else if (!strcmp(k, "nuc_p")) {
        int nucp = -1;
        cr_expect_eq(jw_v0_nucp(m->tc, &nucp), JW_OK);
        cr_expect_eq(nucp, strtol(v, NULL, 10), "%s nuc_p", hex);
    } else if (!strcmp(k, "groundspeed")) {
        cr_expect(JW_HAS(m, JW_F_GS), "%s no gs", hex);
        expect_num(k, jw_velocity_gs(&m->vel), v, hex);
    } else if (!strcmp(k, "track")) {
        cr_expect(JW_HAS(m, JW_F_TRACK), "%s no track", hex);
        expect_num(k, jw_velocity_track(&m->vel), v, hex);
    } else if (!strcmp(k, "vertical_rate")) {
        cr_expect(JW_HAS(m, JW_F_VRATE), "%s no vrate", hex);
        expect_num(k, m->vrate, v, hex);
    } else if (!strcmp(k, "vr_source"))
        cr_expect_eq(m->vrate_geom, strcmp(v, "GNSS") == 0, "%s vr_source", hex);
    else if (!strcmp(k, "geo_minus_baro"))
        expect_num(k, m->geo_minus_baro, v, hex);
    else if (!strcmp(k, "airspeed")) {
        int tas = next && !strcmp(next, "TAS");
        cr_expect(JW_HAS(m, tas ? JW_F_TAS : JW_F_IAS), "%s airspeed kind", hex);
        expect_num(k, tas ? m->tas : m->ias, v, hex);
    } else if (!strcmp(k, "heading"))
        expect_num(k, m->heading, v, hex);
    else if (!strcmp(k, "selected_altitude")) {
        expect_num(k, m->sel_alt, v, hex);
        cr_expect(next && !strcmp(next, "MCP/FCU") ? !m->sel_alt_fms : 1);
    } else if (!strcmp(k, "baro"))
        expect_num(k, m->baro_setting, v, hex);
    else if (!strcmp(k, "selected_heading"))
        expect_num(k, m->sel_heading, v, hex);
    else if (!strcmp(k, "nac_p"))
        cr_expect(JW_HAS(m, JW_F_NACP) && m->nacp == strtol(v, NULL, 10), "%s nacp", hex);
    else if (!strcmp(k, "squawk"))
        cr_expect_eq(m->squawk, strtol(v, NULL, 16), "%s squawk %04x", hex, m->squawk);
    else if (!strcmp(k, "version"))
        cr_expect_eq(m->version, strtol(v, NULL, 10), "%s version", hex);
    else if (!strcmp(k, "nic_a"))
        cr_expect(JW_HAS(m, JW_F_NIC_A) && m->nic_a == strtol(v, NULL, 10), "%s nic_a", hex);
    else if (!strcmp(k, "sil"))
        cr_expect(JW_HAS(m, JW_F_SIL) && m->sil == strtol(v, NULL, 10), "%s sil", hex);
    else if (!strcmp(k, "sil_supplement"))
        cr_expect_eq(m->sil_supp, strtol(v, NULL, 10), "%s sil_supp", hex);
    else if (!strcmp(k, "flight_status"))
        cr_expect_eq(m->flight_status, strtol(v, NULL, 10), "%s fs", hex);
    else if (!strcmp(k, "downlink_request"))
        cr_expect_eq(m->dr, strtol(v, NULL, 10), "%s dr", hex);
    else if (!strcmp(k, "utility_message")) /* written (9<<2)|1: IIS 9, IDS 1 */
        cr_expect_eq(m->um, (9 << 2) | 1, "%s um %d (expectation %s)", hex, m->um, v);
    else if (!strcmp(k, "capability"))
        cr_expect_eq(m->ca, strtol(v, NULL, 10), "%s ca", hex);
    else if (!strcmp(k, "CF")) {
        /* The row for 95c639ee... says CF=6, but its bits 6-8 are 101: CF 5
         * (fine TIS-B, non-ICAO address). The frame decides: bits 6-8 of
         * its first byte. */
        uint8_t b0;
        tu_hex((char[3]){hex[0], hex[1], 0}, &b0, 1);
        cr_expect_eq(m->ca, b0 & 7, "%s cf", hex);
        if ((b0 & 7) != strtol(v, NULL, 10))
            cr_log_info("%s: vector says CF=%s, bits say CF=%d (followed)", hex, v, b0 & 7);
    } else if (!strcmp(k, "cpr_lat"))
        cr_expect_eq(m->cpr_lat, strtoul(v, NULL, 10), "%s cpr_lat", hex);
    else if (!strcmp(k, "cpr_lon"))
        cr_expect_eq(m->cpr_lon, strtoul(v, NULL, 10), "%s cpr_lon", hex);
    else if (ap_bit(k))
        ; /* handled by the flag logic of the caller */
    else if (!strcmp(k, "bds") || !strcmp(k, "nic_b"))
        ; /* bds: Comm-B/ES register naming, implied by tc; nic_b "in {0,1}" */
    else
        return 0;
    return 1;
}

/* Runs the key=value tokens of exp against m; returns how many were checked. */
static int check_tokens(char *exp, const jw_msg *m, const char *hex)
{
    char *save = NULL, *tok[64];
    int n = 0, checked = 0;
    for (char *t = strtok_r(exp, " ;", &save); t && n < 64; t = strtok_r(NULL, " ;", &save))
        tok[n++] = t;
    uint8_t pending = 0;
    for (int i = 0; i < n; i++) {
        char *eq = strchr(tok[i], '=');
        if (!eq) {
            pending |= ap_bit(tok[i]);
            if (!strncmp(tok[i], "DF", 2) && tok[i][2] >= '0' && tok[i][2] <= '9') {
                cr_expect_eq(m->df, strtol(tok[i] + 2, NULL, 10), "%s %s", hex, tok[i]);
                checked++;
            }
            continue;
        }
        *eq = '\0';
        const char *v = eq + 1;
        if (ap_bit(tok[i])) {
            uint8_t bits = pending | ap_bit(tok[i]);
            uint8_t want = !strcmp(v, "True") ? bits : 0;
            cr_expect_eq(m->ap_modes & bits, want, "%s ap modes %02x", hex, m->ap_modes);
            pending = 0;
        }
        checked += check_key(tok[i], v, i + 1 < n ? tok[i + 1] : NULL, m, hex);
    }
    return checked;
}

/* Parses "(lat,lon)" after the first '(' of s; "36.0+3e-15" sums its parts. */
static int parse_ref(const char *s, jw_latlon *ref)
{
    const char *p = strchr(s, '(');
    if (!p)
        return 0;
    char *end;
    ref->lat = strtod(p + 1, &end);
    if (*end != ',')
        return 0;
    ref->lon = strtod(end + 1, &end);
    while (*end == '+' || *end == '-')
        ref->lon += strtod(end, &end);
    return 1;
}

/* Decodes the two frames of a "A(even)+B(odd)" cell into a pair; the
 * second listed is the newer unless odd_newer says otherwise. */
static void pair_of(const char *cell, int odd_newer_ctx, jw_cpr_pair *p, int *surface)
{
    char h[2][32];
    const char *rest = take_hex(cell, h[0], sizeof h[0]);
    rest = strchr(rest, '+');
    cr_assert(rest, "pair cell %s", cell);
    take_hex(rest + 1, h[1], sizeof h[1]);
    jw_msg m[2];
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(decode_hex(h[i], &m[i]), JW_OK, "%s", h[i]);
        cr_assert(JW_HAS(&m[i], JW_F_CPR));
    }
    cr_assert_neq(m[0].cpr_odd, m[1].cpr_odd, "pair must be one even, one odd");
    const jw_msg *ev = m[0].cpr_odd ? &m[1] : &m[0], *od = m[0].cpr_odd ? &m[0] : &m[1];
    *p = (jw_cpr_pair){ev->cpr_lat, ev->cpr_lon, od->cpr_lat, od->cpr_lon,
                       odd_newer_ctx >= 0 ? odd_newer_ctx : m[1].cpr_odd};
    *surface = m[0].cpr_surface;
}

static double field(const char *s, const char *key)
{
    const char *p = strstr(s, key);
    cr_assert(p, "no %s in %s", key, s);
    return strtod(p + strlen(key), NULL);
}

/* "global pair" rows: airborne pairs, rejections, raw pairs. */
static void run_global(const row *r)
{
    jw_cpr_pair p;
    int surface = 0;
    if (!strncmp(r->hex, "CPR raw", 7)) {
        p = (jw_cpr_pair){(uint32_t)field(r->hex, "even lat="), (uint32_t)field(r->hex, "lon="),
                          (uint32_t)field(r->hex, "odd lat="),
                          (uint32_t)field(strstr(r->hex, "odd"), "lon="), 1};
    } else {
        pair_of(r->hex, strstr(r->ctx, "odd newer") ? 1 : -1, &p, &surface);
    }
    /* The pyModeS rejection pair mixes a TC7 (surface) even frame with a TC11
     * odd one: like pyModeS, the raw CPR fields are decoded as airborne. */
    (void)surface;
    jw_latlon out;
    jw_err e = jw_cpr_global_airborne(&p, &out);
    if (strstr(r->exp, "must be") && (strstr(r->exp, "eject") || strstr(r->exp, "EJECT"))) {
        cr_expect_eq(e, JW_ECPR, "%s: must be rejected, got %d (%f,%f)", r->hex, e, out.lat,
                     out.lon);
        return;
    }
    cr_assert_eq(e, JW_OK, "%s", r->hex);
    double tol = strstr(r->exp, "rel 1e-3") ? 1e-3 * fabs(field(r->exp, "lat=")) : 1e-3;
    expect_pos(out, field(r->exp, "lat="), field(r->exp, "lon="), tol, r->hex);
    const char *en = strstr(r->exp, "even newer:");
    if (en) {
        p.odd_newer = 0;
        cr_assert_eq(jw_cpr_global_airborne(&p, &out), JW_OK);
        char *end;
        double lat = strtod(en + 11, &end);
        expect_pos(out, lat, strtod(end + 1, NULL), 1e-3, "even newer");
    }
}

/* Surface pair with several references: "odd-newer lat=.. lon=..; even-newer
 * a,b; ref(x,y) -> a,b; ref lon L -> a,b". */
static void run_surface_pair(const row *r)
{
    jw_cpr_pair p;
    int surface;
    pair_of(r->hex, 1, &p, &surface);
    cr_assert(surface);
    jw_latlon ref, out;
    cr_assert(parse_ref(r->ctx, &ref));
    if (strstr(r->exp, "within")) { /* "within 0.05 deg of ref" */
        cr_assert_eq(jw_cpr_global_surface(&p, &ref, &out), JW_OK);
        expect_pos(out, ref.lat, ref.lon, field(r->exp, "within "), r->hex);
        return;
    }
    char buf[512];
    snprintf(buf, sizeof buf, "%s", r->exp);
    char *save = NULL;
    for (char *seg = strtok_r(buf, ";", &save); seg; seg = strtok_r(NULL, ";", &save)) {
        jw_latlon rr = ref;
        double lat, lon;
        char *end;
        p.odd_newer = strstr(seg, "even-newer") ? 0 : 1;
        if (strstr(seg, "->")) {
            if (strstr(seg, "ref lon"))
                rr.lon = field(seg, "ref lon ");
            else
                cr_assert(parse_ref(seg, &rr));
            lat = strtod(strstr(seg, "->") + 2, &end);
        } else if (strstr(seg, "lat=")) {
            lat = field(seg, "lat=");
            end = strstr(seg, "lon=") + 3;
        } else {
            lat = strtod(strstr(seg, "newer") + 5, &end);
        }
        lon = strtod(end + 1, NULL);
        cr_assert_eq(jw_cpr_global_surface(&p, &rr, &out), JW_OK, "%s", seg);
        expect_pos(out, lat, lon, 1e-3, seg);
    }
}

/* One frame decoded locally against a reference (airborne or surface). */
static void run_local(const row *r)
{
    char hex[32];
    take_hex(r->hex, hex, sizeof hex);
    jw_msg m;
    cr_assert_eq(decode_hex(hex, &m), JW_OK, "%s", hex);
    cr_assert(JW_HAS(&m, JW_F_CPR));
    jw_latlon ref, out;
    cr_assert(parse_ref(r->ctx, &ref), "%s", r->ctx);
    cr_assert_eq(jw_cpr_local(m.cpr_lat, m.cpr_lon, m.cpr_odd, m.cpr_surface, &ref, &out), JW_OK);
    double lat = field(r->exp, "lat="), lon = field(r->exp, "lon=");
    double tol = strstr(r->exp, "rel 1e-3") ? 1e-3 * fabs(lat) : 1e-3;
    expect_pos(out, lat, lon, tol, hex);
}

/* Surface movement rows: "movement N -> X kt", "-> groundspeed None". */
static int check_movement(const row *r, const jw_msg *m)
{
    const char *arrow = strstr(r->exp, "->");
    if (strncmp(r->exp, "movement", 8) || !arrow)
        return 0;
    if (strstr(arrow, "None") && !strstr(arrow, "groundspeed 0"))
        cr_expect(!JW_HAS(m, JW_F_GS), "%s: no speed expected", r->hex);
    else
        cr_expect(JW_HAS(m, JW_F_GS) &&
                      fabs(jw_velocity_gs(&m->vel) -
                           field(arrow, strstr(arrow, "groundspeed") ? "groundspeed " : "-> ")) <
                          1e-9,
                  "%s: gs %f", r->hex, jw_velocity_gs(&m->vel));
    if (strstr(arrow, "track None"))
        cr_expect(!JW_HAS(m, JW_F_TRACK));
    return 1;
}

/* Two pyModeS test frames are hand-made and fail the CRC: one with a zeroed
 * parity field (8D4841409B04000CA04400000000), one with a bit flipped to
 * test the heading sign (8DA05629EA21485EBF3F8CADAEEB). pyModeS decodes
 * fields without a CRC check; we give such pyModeS-only frames their parity
 * so that the fields are still compared. Rows that assert an invalid CRC
 * are never touched. */
static void fill_parity(const row *r, char *hex)
{
    size_t n = strlen(hex);
    if (n != 28 || strncmp(r->src, "pyModeS", 7) != 0 || strstr(r->src, "rs1090"))
        return;
    uint8_t b[14];
    tu_hex(hex, b, sizeof b);
    snprintf(hex + 22, 7, "%06X", (unsigned)jw_modes_crc(b, 112));
}

static void run_single(const row *r)
{
    char hex[32];
    take_hex(r->hex, hex, sizeof hex);
    jw_msg m;
    jw_err e = decode_hex(hex, &m);
    if (e == JW_ECRC && !strstr(r->exp, "invalid CRC")) {
        fill_parity(r, hex);
        e = decode_hex(hex, &m);
    }
    if (strstr(r->exp, "invalid CRC")) {
        cr_expect_eq(e, JW_ECRC, "%s must fail the CRC", hex);
        return;
    }
    if (e == JW_ECRC && strstr(r->src, "rs1090 mod.rs")) {
        /* rs1090's structural parse of 95c639ee... does not check the CRC,
         * which fails (residual a922f4, not a single-bit error). We report
         * JW_ECRC with the header fields (DF, CF, AA) decoded: check those. */
        cr_log_info("%s fails the CRC; checking its header fields only", hex);
    } else {
        cr_assert_eq(e, JW_OK, "%s: %s", hex, jw_strerror(e));
    }
    if (!strncmp(r->ctx, "PipeDecoder", 11)) {
        /* BDS inference is not done; check what the row says of the frame. */
        cr_expect_eq(m.df, 20);
        cr_expect_eq(m.addr, (uint32_t)strtoul(strstr(r->exp, "icao ") + 5, NULL, 16));
        return;
    }
    if (strstr(r->exp, "emergency none"))
        cr_expect(JW_HAS(&m, JW_F_EMERGENCY) && m.emergency == 0);
    if (check_movement(r, &m))
        return;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", r->exp);
    strip_notes(buf);
    cr_expect(check_tokens(buf, &m, hex) > 0, "%s: nothing checked in '%s'", hex, r->exp);
}

static int split_row(char *line, row *r)
{
    char *f[4];
    for (int i = 0; i < 4; i++) {
        f[i] = line;
        line = strchr(line, '\t');
        if (!line && i < 3)
            return 0;
        if (line)
            *line++ = '\0';
    }
    *r = (row){f[0], f[1], f[2], f[3]};
    return 1;
}

Test(modes_vectors, every_vector)
{
    TU_DATA_OR_SKIP(path, "modes/test_vectors.tsv");
    char *text = tu_read_file(path, NULL);
    cr_assert(text);
    int rows = 0, run = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || !line[0])
            continue;
        row r;
        cr_assert(split_row(line, &r), "malformed row %s", line);
        rows++;
        if (strstr(r.ctx, "global pair")) {
            run_global(&r);
        } else if (!strncmp(r.ctx, "surface", 7) && strchr(r.hex, '+')) {
            run_surface_pair(&r);
        } else if (strstr(r.ctx, "ref")) {
            run_local(&r);
        } else {
            run_single(&r);
        }
        run++;
    }
    cr_expect_eq(run, rows);
    cr_log_info("test_vectors.tsv: %d of %d vectors checked", run, rows);
    cr_expect_geq(rows, 50, "expected about 50 vectors, found %d", rows);
    free(text);
    free(path);
}
