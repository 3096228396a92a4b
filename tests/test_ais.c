/* test_ais.c - the AIS payload decoder and JSON writer on real sentences
 * whose decodes other decoders assert (pyais tests/test_decode.py, libais
 * test/test_data.py and src/test, gpsd test/sample.aivdm: quoted in
 * ../shared/data/ais/{pyais,libais}/EXAMPLES.md), plus the length rules of
 * AIVDM.adoc on payloads cut or padded from those sentences. */
#include "jamwatch/ais.h"
#include "jamwatch/ais_json.h"
#include "jamwatch/nmea.h"
#include "testutil.h"

#include <math.h>
#include <string.h>

typedef struct one {
    int n;
    uint8_t bits[JW_NMEA_MAX_BYTES + 8];
    size_t nbits;
} one;

static void keep(void *user, const jw_nmea_msg *m)
{
    one *o = user;
    o->n++;
    memcpy(o->bits, m->bits, (m->nbits + 7) / 8);
    o->nbits = m->nbits;
}

/* Payload of the sentences in text (one message). */
static one payload(const char *text)
{
    one o = {0};
    jw_nmea *r;
    cr_assert_eq(jw_nmea_open(NULL, &r), JW_OK);
    jw_nmea_push(r, text, strlen(text), NAN, keep, &o);
    jw_nmea_finish(r, NAN, keep, &o);
    jw_nmea_close(r);
    cr_assert_eq(o.n, 1, "no payload from %s", text);
    return o;
}

static jw_ais_msg decode(const char *text)
{
    one o = payload(text);
    jw_ais_msg m;
    cr_assert_eq(jw_ais_decode(o.bits, o.nbits, &m), JW_OK, "%s", text);
    return m;
}

Test(ais, type1_pyais)
{
    jw_ais_msg m = decode("!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\n");
    double lat, lon;
    cr_expect_eq(m.type, 1);
    cr_expect(m.full);
    cr_expect_eq(m.mmsi, 366053209);
    cr_expect_eq(m.status, 3);
    cr_expect_eq(m.turn, 0);
    cr_expect_float_eq(jw_ais_speed_kn(&m), 0.0, 1e-9);
    cr_expect_eq(m.accuracy, false);
    cr_assert(jw_ais_position(&m, &lat, &lon));
    cr_expect_float_eq(lon, -122.341618, 5e-7);
    cr_expect_float_eq(lat, 37.802118, 5e-7);
    cr_expect_float_eq(jw_ais_course_deg(&m), 219.3, 1e-9);
    cr_expect_eq(m.heading, 1);
    cr_expect_eq(m.second, 59);
    cr_expect_eq(m.maneuver, 0);
    cr_expect_eq(m.raim, false);
    cr_expect_eq(m.radio, 2281);
}

Test(ais, type1_libais_rot_not_available)
{
    jw_ais_msg m = decode("!AIVDM,1,1,,A,100WhdhP0nJRdiFFHFvm??v00L12,0*13\n");
    double lat, lon;
    cr_expect_eq(m.mmsi, 651443);
    cr_expect_eq(m.turn, -128);
    cr_expect_float_eq(jw_ais_speed_kn(&m), 5.4, 1e-9);
    cr_assert(jw_ais_position(&m, &lat, &lon));
    cr_expect_float_eq(lon, -76.30584833333333, 1e-9);
    cr_expect_float_eq(lat, 39.112951666666667, 1e-9);
    cr_expect_eq(m.heading, 511);
}

Test(ais, type2_channel_1_libais)
{
    jw_ais_msg m = decode("!AIVDM,1,1,,1,23aIk2?P0JPADNVMA`9ItOw>R0S2,0*13\n");
    double lat, lon;
    cr_expect_eq(m.type, 2);
    cr_expect_eq(m.mmsi, 244740872);
    cr_expect_eq(m.status, 15);
    cr_expect_float_eq(jw_ais_speed_kn(&m), 2.6, 1e-9);
    cr_assert(jw_ais_position(&m, &lat, &lon));
    cr_expect_float_eq(lon, 3.783605, 1e-9);
    cr_expect_float_eq(lat, 51.162515, 1e-9);
    cr_expect_float_eq(jw_ais_course_deg(&m), 254.5, 1e-9);
}

Test(ais, type3_out_of_range_latitude_kept_raw)
{
    /* libais: y = -93.98909333 - out of range, reported as such. */
    jw_ais_msg m = decode("!AIVDM,1,1,,B,33sOto0P08lQCKA:>143I1ms0000,0*4A\n");
    double lat, lon;
    cr_expect_eq(m.type, 3);
    cr_expect_eq(m.mmsi, 263716060);
    cr_expect_float_eq(m.lat / 600000.0, -93.98909333, 1e-8);
    cr_expect_float_eq(m.lon / 600000.0, -160.49689333, 1e-8);
    cr_expect_not(jw_ais_position(&m, &lat, &lon));
}

Test(ais, type4_base_station_pyais)
{
    jw_ais_msg m = decode("!AIVDM,1,1,,A,403OviQuMGCqWrRO9>E6fE700@GO,0*4D\n");
    double lat, lon;
    cr_expect_eq(m.type, 4);
    cr_expect_eq(m.year, 2007);
    cr_expect_eq(m.month, 5);
    cr_expect_eq(m.day, 14);
    cr_expect_eq(m.minute, 57);
    cr_expect_eq(m.second, 39);
    cr_assert(jw_ais_position(&m, &lat, &lon));
    cr_expect_float_eq(lon, -76.352362, 5e-7);
    cr_expect_float_eq(lat, 36.883767, 5e-7);
    cr_expect_eq(m.epfd, 7);
}

Test(ais, type5_two_fragments_pyais)
{
    jw_ais_msg m =
        decode("!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\n"
               "!AIVDM,2,2,1,A,88888888880,2*25\n");
    cr_expect_eq(m.type, 5);
    cr_expect_str_eq(m.callsign, "3FOF8");
    cr_expect_str_eq(m.shipname, "EVER DIADEM");
    cr_expect_eq(m.shiptype, 70);
    cr_expect_eq(m.to_bow, 225);
    cr_expect_eq(m.to_stern, 70);
    cr_expect_eq(m.to_port, 1);
    cr_expect_eq(m.to_starboard, 31);
    cr_expect_eq(m.draught, 122);
    cr_expect_str_eq(m.destination, "NEW YORK");
    cr_expect_eq(m.dte, 0);
    cr_expect_eq(m.epfd, 1);
}

Test(ais, type5_libais_seawise)
{
    jw_ais_msg m =
        decode("!SAVDM,2,1,6,A,55NOvQP1u>QIL@O??SL985`u>0EQ18E=>222221J1p`884i6N344Sll1@m80,0*0C\n"
               "!SAVDM,2,2,6,A,TRA1iH88880,2*6F\n");
    cr_expect_eq(m.mmsi, 367525510);
    cr_expect_eq(m.imo, 8206870);
    cr_expect_str_eq(m.callsign, "WDG3387");
    cr_expect_str_eq(m.shipname, "BRAZOS EXPRESS"); /* libais keeps the trailing spaces */
    cr_expect_eq(m.shiptype, 90);
    cr_expect_str_eq(m.destination, "PROSPECT BRIDGE");
}

Test(ais, type18_class_b)
{
    jw_ais_msg m = decode("!SAVDM,1,1,4,B,B5NU=J000=l0BD6l590EkwuUoP06,0*61\n");
    double lat, lon;
    cr_expect_eq(m.type, 18);
    cr_expect_eq(m.mmsi, 367611240);
    cr_assert(jw_ais_position(&m, &lat, &lon));
    cr_expect_float_eq(lon, -122.32996, 1e-9);
    cr_expect_float_eq(lat, 47.6316, 1e-9);
    cr_expect_float_eq(jw_ais_course_deg(&m), 34.8, 1e-9);
    cr_expect_eq(m.heading, 511);
    cr_expect_eq(m.second, 59);
    jw_ais_msg p = decode("!AIVDM,1,1,,A,B5NJ;PP005l4ot5Isbl03wsUkP06,0*76\n");
    cr_expect_eq(p.cs, true);
    cr_expect_eq(p.dsc, true);
    cr_expect_eq(p.band, true);
    cr_expect_eq(p.msg22, true);
    jw_ais_msg o = decode("!AIVDO,1,1,,A,B5NJ;PP2aUl4ot5Isbl6GwsUkP06,0*35\n");
    cr_expect_float_eq(jw_ais_speed_kn(&o), 67.8, 1e-9);
    cr_expect_float_eq(jw_ais_course_deg(&o), 10.1, 1e-9);
}

Test(ais, type19_pyais)
{
    jw_ais_msg m =
        decode("!AIVDM,1,1,,B,C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220,0*0B\n");
    double lat, lon;
    cr_expect_eq(m.type, 19);
    cr_expect_eq(m.mmsi, 367059850);
    cr_expect_float_eq(jw_ais_speed_kn(&m), 8.7, 1e-9);
    cr_assert(jw_ais_position(&m, &lat, &lon));
    cr_expect_float_eq(lat, 29.543695, 5e-7);
    cr_expect_float_eq(lon, -53286235 / 600000.0, 1e-12);
    cr_expect_str_eq(m.shipname, "CAPT.J.RIMES");
    cr_expect_eq(m.shiptype, 70);
    cr_expect_eq(m.to_bow, 5);
    cr_expect_eq(m.to_stern, 21);
}

Test(ais, type21_aid_with_fill_pyais)
{
    jw_ais_msg m = decode("!AIVDM,2,1,7,B,E4eHJhPR37q0000000000000000KUOSc=rq4h00000a,0*4A\n"
                          "!AIVDM,2,2,7,B,@20,4*54\n");
    double lat, lon;
    cr_expect_eq(m.type, 21);
    cr_expect_eq(m.mmsi, 316021442);
    cr_expect_str_eq(m.shipname, "DFO2");
    cr_assert(jw_ais_position(&m, &lat, &lon));
    cr_expect_float_eq(lat, 48.65457, 5e-7);
    cr_expect_eq(m.accuracy, true);
}

Test(ais, type24_part_b_pyais)
{
    jw_ais_msg m = decode("!AIVDM,1,1,,A,H52KMeDU653hhhi0000000000000,0*1A\n");
    cr_expect_eq(m.type, 24);
    cr_expect_eq(m.partno, 1);
    cr_expect_eq(m.mmsi, 338091445);
    cr_expect_eq(m.shiptype, 37);
    cr_expect_eq(strncmp(m.vendorid, "FEC", 3), 0);
}

Test(ais, type27_long_range)
{
    /* 96 bits (pyais) and a 168-bit one, which gpsd and AIVDM.adoc accept. */
    jw_ais_msg m = decode("!AIVDO,1,1,,A,K01;FQh?PbtE3P00,0*75\n");
    double lat, lon;
    cr_expect_eq(m.type, 27);
    cr_expect_eq(m.mmsi, 1234567);
    cr_assert(jw_ais_position(&m, &lat, &lon));
    cr_expect_float_eq(lon, -13.368333, 5e-7);
    cr_expect_float_eq(lat, -50.121667, 5e-7);
    jw_ais_msg k = decode("!AIVDM,1,1,,B,KC5E2b@U19PFdLbMuc5=ROv62<7m,0*16\n");
    cr_expect_eq(k.mmsi, 206914217);
    cr_expect_eq(k.status, 2);
    cr_assert(jw_ais_position(&k, &lat, &lon));
    cr_expect_float_eq(lon, 137.023333, 5e-7);
    cr_expect_float_eq(lat, 4.84, 5e-7);
    cr_expect_float_eq(jw_ais_speed_kn(&k), 57, 1e-9);
    cr_expect_float_eq(jw_ais_course_deg(&k), 167, 1e-9);
}

/* Decodes the payload of text cut or zero-padded to nbits. */
static jw_err decode_len(const char *text, size_t nbits, jw_ais_msg *m)
{
    one o = payload(text);
    if (nbits > o.nbits)
        memset(o.bits + o.nbits / 8 + 1, 0, (nbits - o.nbits) / 8 + 1);
    if (o.nbits % 8 && nbits > o.nbits)
        o.bits[o.nbits / 8] &= (uint8_t)(0xFF00u >> (o.nbits % 8));
    return jw_ais_decode(o.bits, nbits, m);
}

Test(ais, length_rules)
{
    const char *t1 = "!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\n";
    const char *t5 =
        "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\n"
        "!AIVDM,2,2,1,A,88888888880,2*25\n";
    const char *t27 = "!AIVDO,1,1,,A,K01;FQh?PbtE3P00,0*75\n";
    jw_ais_msg m;
    cr_expect_eq(decode_len(t1, 168, &m), JW_OK);
    cr_expect_eq(decode_len(t1, 163, &m), JW_OK); /* radio status cut, as NAVCEN lists */
    cr_expect_eq(m.radio, 2281u >> 5);
    cr_expect_eq(decode_len(t1, 162, &m), JW_ETRUNC);
    cr_expect_eq(m.type, 1);
    cr_expect_eq(m.mmsi, 366053209);
    cr_expect_eq(decode_len(t1, 204, &m), JW_OK);
    cr_expect_eq(decode_len(t5, 420, &m), JW_OK); /* "420 or 422 ... recoverable" */
    cr_expect_str_eq(m.shipname, "EVER DIADEM");
    cr_expect_eq(decode_len(t5, 419, &m), JW_ETRUNC);
    cr_expect_eq(decode_len(t27, 96, &m), JW_OK);
    cr_expect_eq(decode_len(t27, 168, &m), JW_OK);
    cr_expect_eq(decode_len(t27, 102, &m), JW_ETRUNC);
    cr_expect_eq(decode_len(t1, 5, &m), JW_ETRUNC);
    uint8_t zero[32] = {0};
    cr_expect_eq(jw_ais_decode(zero, 168, &m), JW_EUNSUPPORTED); /* type 0 */
    zero[0] = 0xFC;                                              /* type 63 */
    cr_expect_eq(jw_ais_decode(zero, 168, &m), JW_EUNSUPPORTED);
    cr_expect_eq(m.type, 63);
}

Test(ais, other_types_recognised_not_decoded)
{
    /* A type 22 (channel management) from the AISHub sample. */
    jw_ais_msg m;
    one o = payload("!AIVDM,1,1,,B,F030p:j2N2P5aJR0r;6f3rj10000,0*11\n");
    cr_assert_eq(jw_ais_decode(o.bits, o.nbits, &m), JW_OK);
    cr_expect_eq(m.type, 22);
    cr_expect_not(m.full);
    cr_expect_eq(m.has, 0);
}

Test(ais_json, scaled_and_unscaled_like_gpsdecode)
{
    /* gpsd sample.aivdm line 1: gpsdecode 3.22 -j and -u -j output. */
    jw_ais_msg m = decode("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n");
    char buf[JW_AIS_JSON_MAX];
    size_t n;
    cr_assert_eq(jw_ais_json(&m, true, buf, sizeof buf, &n), JW_OK);
    buf[n] = '\0';
    cr_expect_str_eq(
        buf, "{\"class\":\"AIS\",\"type\":1,\"repeat\":0,\"mmsi\":371798000,\"scaled\":true,"
             "\"status\":0,\"status_text\":\"Under way using engine\",\"turn\":\"fastleft\","
             "\"speed\":12.3,\"accuracy\":true,\"lon\":-123.395383,\"lat\":48.381633,"
             "\"course\":224.0,\"heading\":215,\"second\":33,\"maneuver\":0,"
             "\"raim\":false,\"radio\":34017}\n");
    cr_assert_eq(jw_ais_json(&m, false, buf, sizeof buf, &n), JW_OK);
    buf[n] = '\0';
    cr_expect(strstr(buf, "\"turn\":-127,\"speed\":123,\"accuracy\":true,\"lon\":-74037230,"
                          "\"lat\":29028980,\"course\":2240,"));
    cr_expect_eq(jw_ais_json(&m, false, buf, 100, &n), JW_ERANGE);
}
