/*
 * ais_text.c - the controlled vocabularies of AIS fields (navigation status,
 * EPFD type, ship type, aid type) as worded in AIVDM.adoc, for the *_text
 * members of the JSON output.
 */
#include "jamwatch/ais.h"

static const char *const status_texts[16] = {
    "Under way using engine",
    "At anchor",
    "Not under command",
    "Restricted manoeuverability",
    "Constrained by her draught",
    "Moored",
    "Aground",
    "Engaged in fishing",
    "Under way sailing",
    "Reserved for HSC",
    "Reserved for WIG",
    "Power-driven vessel towing astern",
    "Power-driven vessel pushing ahead or towing alongside",
    "Reserved",
    "AIS-SART is active",
    "Undefined",
};

const char *jw_ais_status_text(unsigned status)
{
    return status < 16 ? status_texts[status] : "Undefined";
}

static const char *const epfd_texts[16] = {
    "Undefined",
    "GPS",
    "GLONASS",
    "Combined GPS/GLONASS",
    "Loran-C",
    "Chayka",
    "Integrated navigation system",
    "Surveyed",
    "Galileo",
    "Reserved",
    "Reserved",
    "Reserved",
    "Reserved",
    "Reserved",
    "Reserved",
    "Internal GNSS",
};

const char *jw_ais_epfd_text(unsigned epfd)
{
    return epfd < 16 ? epfd_texts[epfd] : "Undefined";
}

/* Ship types 50-59 each have their own name. */
static const char *const special_craft[10] = {
    "Pilot Vessel",
    "Search and Rescue vessel",
    "Tug",
    "Port Tender",
    "Anti-pollution equipment",
    "Law Enforcement",
    "Spare - Local Vessel",
    "Spare - Local Vessel",
    "Medical Transport",
    "Noncombatant ship according to RR Resolution No. 18",
};

/* Types 30-37 each have their own name too. */
static const char *const activity[8] = {
    "Fishing",
    "Towing",
    "Towing: length exceeds 200m or breadth exceeds 25m",
    "Dredging or underwater ops",
    "Diving ops",
    "Military ops",
    "Sailing",
    "Pleasure Craft",
};

/* Categories 20-29, 40-49, 60-99: "<class>, <hazard>". */
static const char *const class_hazard[6][10] = {
    {"Wing in ground (WIG), all ships of this type", "Wing in ground (WIG), Hazardous category A",
     "Wing in ground (WIG), Hazardous category B", "Wing in ground (WIG), Hazardous category C",
     "Wing in ground (WIG), Hazardous category D", "Wing in ground (WIG), Reserved for future use",
     "Wing in ground (WIG), Reserved for future use",
     "Wing in ground (WIG), Reserved for future use",
     "Wing in ground (WIG), Reserved for future use",
     "Wing in ground (WIG), Reserved for future use"},
    {"High speed craft (HSC), all ships of this type",
     "High speed craft (HSC), Hazardous category A", "High speed craft (HSC), Hazardous category B",
     "High speed craft (HSC), Hazardous category C", "High speed craft (HSC), Hazardous category D",
     "High speed craft (HSC), Reserved for future use",
     "High speed craft (HSC), Reserved for future use",
     "High speed craft (HSC), Reserved for future use",
     "High speed craft (HSC), Reserved for future use",
     "High speed craft (HSC), No additional information"},
    {"Passenger, all ships of this type", "Passenger, Hazardous category A",
     "Passenger, Hazardous category B", "Passenger, Hazardous category C",
     "Passenger, Hazardous category D", "Passenger, Reserved for future use",
     "Passenger, Reserved for future use", "Passenger, Reserved for future use",
     "Passenger, Reserved for future use", "Passenger, No additional information"},
    {"Cargo, all ships of this type", "Cargo, Hazardous category A", "Cargo, Hazardous category B",
     "Cargo, Hazardous category C", "Cargo, Hazardous category D", "Cargo, Reserved for future use",
     "Cargo, Reserved for future use", "Cargo, Reserved for future use",
     "Cargo, Reserved for future use", "Cargo, No additional information"},
    {"Tanker, all ships of this type", "Tanker, Hazardous category A",
     "Tanker, Hazardous category B", "Tanker, Hazardous category C", "Tanker, Hazardous category D",
     "Tanker, Reserved for future use", "Tanker, Reserved for future use",
     "Tanker, Reserved for future use", "Tanker, Reserved for future use",
     "Tanker, No additional information"},
    {"Other Type, all ships of this type", "Other Type, Hazardous category A",
     "Other Type, Hazardous category B", "Other Type, Hazardous category C",
     "Other Type, Hazardous category D", "Other Type, Reserved for future use",
     "Other Type, Reserved for future use", "Other Type, Reserved for future use",
     "Other Type, Reserved for future use", "Other Type, no additional information"},
};

const char *jw_ais_shiptype_text(unsigned t)
{
    if (t == 0 || t > 99)
        return "Not available";
    if (t < 20)
        return "Reserved for future use";
    if (t < 30)
        return class_hazard[0][t - 20];
    if (t < 38)
        return activity[t - 30];
    if (t < 40)
        return "Reserved";
    if (t < 50)
        return class_hazard[1][t - 40];
    if (t < 60)
        return special_craft[t - 50];
    return class_hazard[2 + (t - 60) / 10][t % 10];
}

static const char *const aid_texts[32] = {
    "Default, Type of Aid to Navigation not specified",
    "Reference point",
    "RACON (radar transponder marking a navigation hazard)",
    "Fixed structure off shore",
    "Spare, Reserved for future use.",
    "Light, without sectors",
    "Light, with sectors",
    "Leading Light Front",
    "Leading Light Rear",
    "Beacon, Cardinal N",
    "Beacon, Cardinal E",
    "Beacon, Cardinal S",
    "Beacon, Cardinal W",
    "Beacon, Port hand",
    "Beacon, Starboard hand",
    "Beacon, Preferred Channel port hand",
    "Beacon, Preferred Channel starboard hand",
    "Beacon, Isolated danger",
    "Beacon, Safe water",
    "Beacon, Special mark",
    "Cardinal Mark N",
    "Cardinal Mark E",
    "Cardinal Mark S",
    "Cardinal Mark W",
    "Port hand Mark",
    "Starboard hand Mark",
    "Preferred Channel Port hand",
    "Preferred Channel Starboard hand",
    "Isolated danger",
    "Safe Water",
    "Special Mark",
    "Light Vessel / LANBY / Rigs",
};

const char *jw_ais_aid_type_text(unsigned aid_type)
{
    return aid_type < 32 ? aid_texts[aid_type] : "Default, Type of Aid to Navigation not specified";
}
