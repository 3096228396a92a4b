/*
 * aircraft.c - the per-aircraft state table (see aircraft.h).
 *
 * Storage is one array of entries allocated at open. An open-addressing hash
 * (linear probing, backward-shift deletion) maps an address to its entry, and
 * a doubly linked list threaded through the entries orders them by the time
 * they were last heard, so that both eviction of the stalest aircraft and
 * expiry run in O(1) per aircraft.
 */
#include "jamwatch/aircraft.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aircraft_pos.h"
#include "jamwatch/integrity.h"

enum { JW_NIL = UINT32_MAX };

struct jw_aircraft_table {
    jw_aircraft_config cfg; /* with defaults filled in */
    jw_aircraft *ent;       /* cfg.capacity entries */
    uint32_t *prev, *next;  /* recency list links per entry, JW_NIL at the ends */
    uint32_t head, tail;    /* most and least recently heard entry */
    uint32_t free_head;     /* unused entries, linked through next */
    uint64_t *slot;         /* hash slots: address << 32 | (entry index + 1); 0 = empty */
    double *moved;          /* per entry: when it was last moved to the list head */
    uint32_t mask;          /* slots - 1 (slots is a power of two) */
    uint32_t max_slots;     /* the size the slot array may grow to: 2 x capacity, rounded up */
    size_t count;           /* entries in use */
    jw_aircraft_stats st;   /* counters */
};

static uint32_t addr_hash(uint32_t addr)
{
    /* The high half of a 64-bit product: every address bit reaches the low
     * bits the mask keeps (the low bits of a 32-bit product depend only on
     * the address's low bits, and ICAO blocks cluster there: ~3 probes a
     * lookup at half load where 1.5 is expected). */
    return (uint32_t)(((uint64_t)addr * 0x9E3779B97F4A7C15ull) >> 32);
}

jw_err jw_aircraft_table_open(const jw_aircraft_config *cfg, jw_aircraft_table **out)
{
    if (!out)
        return JW_EINVAL;
    jw_aircraft_table *t = calloc(1, sizeof *t);
    if (!t)
        return JW_ENOMEM;
    if (cfg)
        t->cfg = *cfg;
    if (t->cfg.capacity == 0)
        t->cfg.capacity = 65536;
    if (t->cfg.capacity > (1u << 24)) /* there are only 2^24 addresses */
        t->cfg.capacity = 1u << 24;
    if (!(t->cfg.expire > 0))
        t->cfg.expire = 600;
    if (!(t->cfg.max_speed_kt > 0))
        t->cfg.max_speed_kt = 2000;
    size_t max_slots = 16;
    while (max_slots < t->cfg.capacity * 2)
        max_slots *= 2;
    /* Start small and grow with the traffic, so that the slots of the
     * aircraft actually heard stay in cache. */
    size_t slots = max_slots < 1024 ? max_slots : 1024;
    size_t cap = t->cfg.capacity;
    t->ent = calloc(cap, sizeof *t->ent);
    t->prev = malloc(cap * sizeof *t->prev);
    t->next = malloc(cap * sizeof *t->next);
    t->slot = calloc(slots, sizeof *t->slot);
    t->moved = calloc(cap, sizeof *t->moved);
    if (!t->ent || !t->prev || !t->next || !t->slot || !t->moved) {
        jw_aircraft_table_close(t);
        return JW_ENOMEM;
    }
    t->mask = (uint32_t)(slots - 1);
    t->max_slots = (uint32_t)max_slots;
    t->head = t->tail = JW_NIL;
    for (size_t i = 0; i < cap; i++)
        t->next[i] = i + 1 < cap ? (uint32_t)(i + 1) : JW_NIL;
    t->free_head = 0;
    *out = t;
    return JW_OK;
}

void jw_aircraft_table_close(jw_aircraft_table *t)
{
    if (!t)
        return;
    free(t->ent);
    free(t->prev);
    free(t->next);
    free(t->slot);
    free(t->moved);
    free(t);
}

/* Slot holding addr, or the empty slot where it would go. The address is
 * kept in the slot so that probing never touches the entries. */
static uint32_t slot_find(const jw_aircraft_table *t, uint32_t addr)
{
    /* Locals: the compiler cannot tell that the stores between calls leave
     * t->slot and t->mask alone, and would reload them on every probe. */
    const uint64_t *slot = t->slot;
    uint32_t mask = t->mask;
    uint32_t s = addr_hash(addr) & mask;
    uint64_t v;
    while ((v = slot[s]) != 0 && (uint32_t)(v >> 32) != addr)
        s = (s + 1) & mask;
    return s;
}

static uint32_t slot_entry(uint64_t slot)
{
    return (uint32_t)slot - 1;
}

/* Empties slot s and shifts back the probe run behind it. */
static void slot_delete(jw_aircraft_table *t, uint32_t s)
{
    uint32_t hole = s;
    for (uint32_t j = (s + 1) & t->mask; t->slot[j]; j = (j + 1) & t->mask) {
        uint32_t home = addr_hash((uint32_t)(t->slot[j] >> 32)) & t->mask;
        /* Move j into the hole unless its home lies cyclically in (hole, j]. */
        bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!stays) {
            t->slot[hole] = t->slot[j];
            hole = j;
        }
    }
    t->slot[hole] = 0;
}

static void list_unlink(jw_aircraft_table *t, uint32_t i)
{
    if (t->prev[i] != JW_NIL)
        t->next[t->prev[i]] = t->next[i];
    else
        t->head = t->next[i];
    if (t->next[i] != JW_NIL)
        t->prev[t->next[i]] = t->prev[i];
    else
        t->tail = t->prev[i];
}

static void list_push_front(jw_aircraft_table *t, uint32_t i)
{
    t->prev[i] = JW_NIL;
    t->next[i] = t->head;
    if (t->head != JW_NIL)
        t->prev[t->head] = i;
    t->head = i;
    if (t->tail == JW_NIL)
        t->tail = i;
}

/* Removes entry i from the hash and the list and returns it to the free list. */
static void entry_remove(jw_aircraft_table *t, uint32_t i)
{
    slot_delete(t, slot_find(t, t->ent[i].addr));
    list_unlink(t, i);
    t->next[i] = t->free_head;
    t->free_head = i;
    t->count--;
}

/* Drops aircraft silent for longer than the expiry, stalest first. */
static void expire_old(jw_aircraft_table *t, double now)
{
    while (t->tail != JW_NIL && t->ent[t->tail].last_seen < now - t->cfg.expire) {
        entry_remove(t, t->tail);
        t->st.expired++;
    }
}

static void entry_init(jw_aircraft *a, uint32_t addr, double now)
{
    memset(a, 0, sizeof *a);
    a->addr = addr;
    a->first_seen = now;
    a->cpr[0].time = a->cpr[1].time = -1;
    a->alt_time = a->geom_time = a->vel_time = -1;
    a->last_good = -1;
}

/* Doubles the slot array (up to max_slots) and re-inserts every entry. */
static void slots_grow(jw_aircraft_table *t)
{
    size_t n = ((size_t)t->mask + 1) * 2;
    uint64_t *ns = calloc(n, sizeof *ns);
    if (!ns)
        return; /* stay at the current size: still correct, only fuller */
    uint64_t *old = t->slot;
    size_t old_n = (size_t)t->mask + 1;
    t->slot = ns;
    t->mask = (uint32_t)(n - 1);
    for (size_t i = 0; i < old_n; i++)
        if (old[i])
            t->slot[slot_find(t, (uint32_t)(old[i] >> 32))] = old[i];
    free(old);
}

/* The entry for addr, created (evicting the stalest when full) if absent. */
static jw_aircraft *entry_get(jw_aircraft_table *t, uint32_t addr, double now)
{
    uint32_t s = slot_find(t, addr);
    if (t->slot[s]) {
        uint32_t i = slot_entry(t->slot[s]);
        /* The recency list only needs one-second accuracy: moving an entry
         * at most once a second saves most of the pointer writes. */
        if (t->head != i && !(now - t->moved[i] < 1.0 && now >= t->moved[i])) {
            list_unlink(t, i);
            list_push_front(t, i);
            t->moved[i] = now;
        }
        return &t->ent[i];
    }
    if (t->free_head == JW_NIL) {
        entry_remove(t, t->tail);
        t->st.evicted_full++;
        s = slot_find(t, addr); /* the deletion may have moved slots */
    }
    if ((t->count + 1) * 2 > (size_t)t->mask + 1 && t->mask + 1 < t->max_slots) {
        slots_grow(t);
        s = slot_find(t, addr);
    }
    uint32_t i = t->free_head;
    t->free_head = t->next[i];
    t->slot[s] = (uint64_t)addr << 32 | (i + 1);
    list_push_front(t, i);
    t->moved[i] = now;
    t->count++;
    entry_init(&t->ent[i], addr, now);
    return &t->ent[i];
}

const jw_aircraft *jw_aircraft_find(const jw_aircraft_table *t, uint32_t addr)
{
    uint32_t s = slot_find(t, addr);
    return t->slot[s] ? &t->ent[slot_entry(t->slot[s])] : NULL;
}

size_t jw_aircraft_count(const jw_aircraft_table *t)
{
    return t->count;
}

void jw_aircraft_foreach(const jw_aircraft_table *t, bool (*fn)(void *user, const jw_aircraft *a),
                         void *user)
{
    for (uint32_t i = t->head; i != JW_NIL; i = t->next[i])
        if (!fn(user, &t->ent[i]))
            return;
}

void jw_aircraft_stats_get(const jw_aircraft_table *t, jw_aircraft_stats *out)
{
    *out = t->st;
}

const char *jw_gnss_state_name(jw_gnss_state s)
{
    switch (s) {
    case JW_GNSS_OK:
        return "ok";
    case JW_GNSS_BAD:
        return "bad";
    default:
        return "unknown";
    }
}

/* Fields that most messages do not carry: one test skips them all. */
#define RARE_FIELDS                                                                              \
    ((UINT64_C(1) << JW_F_VERSION) | (UINT64_C(1) << JW_F_NIC_A) | (UINT64_C(1) << JW_F_NIC_C) | \
     (UINT64_C(1) << JW_F_NACP) | (UINT64_C(1) << JW_F_SIL) | (UINT64_C(1) << JW_F_CALLSIGN))

/* Remembers the rarely sent identity and integrity fields carried by m. */
static void apply_rare_fields(jw_aircraft *a, const jw_msg *m)
{
    if (JW_HAS(m, JW_F_VERSION)) {
        a->version = m->version;
        a->version_known = true;
    }
    if (JW_HAS(m, JW_F_NIC_A))
        a->nic_a = m->nic_a;
    if (JW_HAS(m, JW_F_NIC_C))
        a->nic_c = m->nic_c;
    if (JW_HAS(m, JW_F_NACP)) {
        a->nacp = m->nacp;
        a->nacp_known = true;
    }
    if (JW_HAS(m, JW_F_SIL))
        a->sil = m->sil;
    if (JW_HAS(m, JW_F_CALLSIGN))
        memcpy(a->callsign, m->callsign, sizeof a->callsign);
}

/* Remembers identity, kinematics and integrity fields carried by m. */
static void apply_fields(jw_aircraft *a, const jw_msg *m)
{
    /* Locals: every store to *a may alias *m (no strict aliasing), which
     * would reload m->has and m->time after each one. */
    const uint64_t has = m->has;
    const double now = m->time;
#define HAS(f) ((has >> (f)) & 1u)
    if (has & RARE_FIELDS)
        apply_rare_fields(a, m);
    if (HAS(JW_F_ALT_BARO)) {
        a->alt_baro = m->alt_baro;
        a->alt_time = now;
    }
    if (HAS(JW_F_ALT_GEOM)) {
        a->alt_geom = m->alt_geom;
        a->geom_time = now;
    }
    if (HAS(JW_F_GS) && HAS(JW_F_TRACK)) {
        a->vel = m->vel;
        a->vel_time = now;
    }
    if (HAS(JW_F_GEO_MINUS_BARO)) {
        a->geo_minus_baro = m->geo_minus_baro;
        a->has_gmb = true;
    }
#undef HAS
    if (JW_HAS(m, JW_F_AIRGROUND) && m->airground != JW_AG_UNKNOWN)
        a->airground = m->airground;
    if (m->tc == 0 && (m->df == 17 || m->df == 18)) /* tc first: it is rarely 0 */
        a->no_position++;
}

/*
 * readsb's GNSS classifier (REFERENCE §2): on each DF17 from an airborne
 * aircraft moving faster than 50 kt, the counter rises by one when the last
 * good fix (a position with NACp >= 4) is between 10 s and 15 min old; a good
 * fix lowers it by one. The aircraft is "GPS not OK" at 17 or more.
 */
static void classify(jw_aircraft *a, const jw_msg *m, bool good_fix)
{
    if (good_fix) {
        a->last_good = m->time;
        if (a->gnss_counter > 0)
            a->gnss_counter--;
    } else if (m->df == 17 && a->airground != JW_AG_GROUND && a->vel_time >= 0 &&
               a->last_good >= 0) {
        /* The speed last: it costs a square root, and it is rarely needed. */
        double since = m->time - a->last_good;
        if (since >= 10 && since <= 900 && a->gnss_counter < 20 && jw_velocity_gs(&a->vel) > 50)
            a->gnss_counter++;
    }
    if (a->gnss_counter >= 17)
        a->gnss = JW_GNSS_BAD;
    else if (a->last_good >= 0)
        a->gnss = JW_GNSS_OK;
}

jw_err jw_aircraft_update(jw_aircraft_table *t, jw_msg *m, const jw_aircraft **out)
{
    if (out)
        *out = NULL;
    if (m->addr_src == JW_ADDR_NONE)
        return JW_ENOTFOUND;
    if (m->addr_src == JW_ADDR_PARITY) {
        const jw_aircraft *known = jw_aircraft_find(t, m->addr);
        if (!known || !known->crc_seen) {
            t->st.parity_dropped++;
            return JW_ENOTFOUND;
        }
    }
    expire_old(t, m->time);
    jw_aircraft *a = entry_get(t, m->addr, m->time);
    if (m->addr_src == JW_ADDR_CRC)
        a->crc_seen = true;
    a->last_seen = m->time;
    a->messages++;
    t->st.accepted++;
    apply_fields(a, m);
    bool good_fix = false;
    if (JW_HAS(m, JW_F_CPR)) {
        good_fix = jw_aircraft_position(&t->cfg, &t->st, a, m);
    } else if (JW_HAS(m, JW_F_POS)) { /* SBS: a position decoded upstream */
        a->lat = m->lat;
        a->lon = m->lon;
        a->pos_time = m->time;
        a->pos_valid = true;
    }
    classify(a, m, good_fix);
    if (out)
        *out = a;
    return JW_OK;
}
