#!/usr/bin/python3
"""locate_profile.py - how much a sample of labels can say about where a
jammer is, with the simulator's own physics (docs/locate.md, "Limits").

For one jammer of a simulated scenario (the others held at their true place,
power and schedule), the negative log-likelihood of the labels is profiled
over a grid of positions around the truth (a moving jammer's whole path
shifted), the jammer's power fitted at each
(-6..+6 dB around the truth in 1.5 dB steps). Two models of the labels:

  indep  every label independent: P(affected) = eps + (1 - 2 eps) s(m / 2 dB),
         m the J/S margin (dB) at the boundary the label is about;
  RE     a receiver's tolerance shared by all its labels: an offset
         d ~ N(0, sd) per target, integrated out (48 even nodes), each label
         then sharp (logistic of 0.3 dB).

Labels: either what the locator was given (`jamwatch analyze --locate-obs`:
locate_obs.csv, its `band` column choosing the boundary) or rows drawn at
random from the simulator's tracks.csv (one row per aircraft and 30 s, state
degraded or lost = affected, all about the band's outer edge; with --inner
also the loss boundary: each degraded row is "not lost", and the row where
each loss begins is "lost").

  tools/locate_profile.py SIMDIR JAMMER [--obs locate_obs.csv [--fix-cap W] | --rows N [--reacq S] [--inner]]
                          [--band DB] [--step KM] [--span KM] [--heights M,M..]
                          [--power LO,HI] [--soft KM] [--after-off S] [--write-obs FILE]

With --write-obs the labels are written as a locate_obs.csv instead, for
`jamwatch locate` (the engine's own fit, every source free).

Needs python3-numpy (Debian). Prints the best grid point of each model, the
truth's excess, how many grid points lie within 3 nats of the best and the
profile itself (excess over the best, nats; north up).
"""
import argparse
import csv
import json
import math
import random

import numpy as np

TOL_DB, SHIELD_DB, SIGNAL_DBM, F_MHZ, EPS = 30.0, 6.0, -130.0, 1575.42, 0.02


def load_obs(path):
    rows = list(csv.DictReader(open(path)))
    rows = [r for r in rows if r["kind"] == "jamming"]
    return dict(target=[r["target"] for r in rows], t=[float(r["time"]) for r in rows],
                lat=[float(r["lat"]) for r in rows], lon=[float(r["lon"]) for r in rows],
                alt=[float(r["alt_m"]) for r in rows], y=[int(r["affected"]) for r in rows],
                w=[min(1.0, float(r["weight"])) for r in rows], band=[int(r["band"]) for r in rows])


def cap_fix(d, cap):
    """Scales each target's "not lost" labels (unaffected, band 0: a degraded
    receiver with its fix) so that their weights sum to at most cap; cap 0
    drops them. They repeat every 10 s while a receiver whose tolerance is
    high stays in the band, and independent labels count each repeat as a
    new receiver's."""
    tot = {}
    for i, t in enumerate(d["target"]):
        if d["band"][i] == 0 and d["y"][i] == 0:
            tot[t] = tot.get(t, 0.0) + d["w"][i]
    keep = []
    for i, t in enumerate(d["target"]):
        if d["band"][i] == 0 and d["y"][i] == 0:
            if cap <= 0:
                continue
            d["w"][i] *= min(1.0, cap / tot[t])
        keep.append(i)
    return {k: [v[i] for i in keep] for k, v in d.items()}


def load_rows(path, t0, n, seed=7, reacq=0.0, inner=False):
    """n rows drawn from tracks.csv (every 30 s). With reacq > 0, a row of a
    continuing loss is taken where and when the aircraft was reacq seconds
    earlier (not before the loss's first row): a receiver keeps a lost fix
    lost for its reacquisition time after the jammer stops reaching it, and
    a loss is as true of every moment since it began."""
    every = [r for r in csv.DictReader(open(path))
             if r["kind"] == "A" and r["state"] in ("good", "degraded", "lost")]
    rows = [r for r in every if (int(float(r["t"])) - t0) % 30 == 0]
    taken = {}  # id(row) -> the row its label is taken at
    by = {}
    for r in rows:
        by.setdefault(r["id"], []).append(r)
    for v in by.values():
        v.sort(key=lambda r: float(r["t"]))
        first = None  # index of the current loss's first row
        for i, r in enumerate(v):
            if r["state"] != "lost":
                first = None
            elif first is None:
                first = i
            back = 0 if first is None else int(min(reacq, (i - first) * 30) // 30)
            taken[id(r)] = v[i - back]
    pairs = [(r, taken[id(r)]) for r in rows]
    random.seed(seed)
    pairs = random.sample(pairs, n) if n < len(pairs) else pairs
    labels = [(r, q, int(r["state"] != "good"), 1) for r, q in pairs]
    if inner:
        # The inner (loss) boundary too: a degraded receiver is not lost, so
        # its margin is below 0 dB; the row where a loss begins (written at
        # the second of the change) has its margin at or above 0 dB. Later
        # rows of a loss are not labelled here: a lost receiver stays lost
        # across the band until it leaves it.
        labels += [(r, r, 0, 0) for r, q in pairs if r["state"] == "degraded"]
        prev = {}
        for r in sorted(every, key=lambda r: float(r["t"])):
            if r["state"] == "lost" and prev.get(r["id"], "good") != "lost":
                labels.append((r, r, 1, 0))
            prev[r["id"]] = r["state"]
    return dict(target=[r["id"] for r, q, y, b in labels], t=[float(q["t"]) for r, q, y, b in labels],
                lat=[float(q["true_lat"]) for r, q, y, b in labels],
                lon=[float(q["true_lon"]) for r, q, y, b in labels],
                alt=[float(q["true_alt_ft"]) * 0.3048 for r, q, y, b in labels],
                y=[y for r, q, y, b in labels], w=[1.0] * len(labels),
                band=[b for r, q, y, b in labels])


def write_obs(d, path):
    """The labels as rows of locate_obs.csv (jamwatch/locate.h), event 1.
    Targets are hex already: the truth's rows are aircraft (ICAO addresses),
    and locate_obs.csv writes its targets in hex."""
    with open(path, "w") as f:
        f.write("event_id,kind,lat,lon,alt_m,time,affected,weight,band,target\n")
        for i, t in enumerate(d["target"]):
            f.write("1,jamming,%r,%r,%r,%r,%d,%r,%d,%s\n" % (
                d["lat"][i], d["lon"][i], d["alt"][i], d["t"][i], d["y"][i], d["w"][i],
                d["band"][i], t))


class Labels:
    def __init__(self, d, band_db, soft_km=0.0):
        self.soft_km = soft_km
        ids = sorted(set(d["target"]))
        self.group = np.array([ids.index(x) for x in d["target"]])
        self.ngroups = len(ids)
        self.t = np.array(d["t"])
        self.la, self.lo = np.radians(d["lat"]), np.radians(d["lon"])
        self.h = np.maximum(np.array(d["alt"]), 0)
        self.y, self.w = np.array(d["y"]), np.array(d["w"])
        self.shift = band_db * np.array(d["band"])

    def where(self, em, dx=0.0, dy=0.0):
        """The jammer's position at each label's time (radians), its truth
        moved dx km east and dy km north; a moving one (truth "path") is
        interpolated between its points, held at its ends."""
        if "path" in em:
            pts = em["path"]
            lat = np.interp(self.t, [q["t"] for q in pts], [q["lat"] for q in pts])
            lon = np.interp(self.t, [q["t"] for q in pts], [q["lon"] for q in pts])
        else:
            lat, lon = np.full(len(self.t), em["lat"]), np.full(len(self.t), em["lon"])
        lat = lat + dy / 111.2
        lon = lon + dx / (111.2 * np.cos(np.radians(lat)))
        return np.radians(lat), np.radians(lon)

    def ratio(self, em, eirp_w, dx=0.0, dy=0.0):
        """J/S power ratio over the tolerance (at each label's boundary) of one
        jammer moved (dx, dy) km from its truth, 0 where it is off or below
        the horizon (soft_km > 0: times the logistic of the horizon's margin
        over soft_km, as the locator)."""
        la, lo = self.where(em, dx, dy)
        a = np.sin((self.la - la) / 2) ** 2 + np.cos(self.la) * np.cos(la) * np.sin((self.lo - lo) / 2) ** 2
        g = 2 * 6371.0 * np.arcsin(np.sqrt(a))
        hz = 4.12 * (math.sqrt(em["height_m"]) + np.sqrt(self.h))
        s = np.maximum(np.sqrt(g * g + ((self.h - em["height_m"]) / 1000) ** 2), 0.01)
        fspl = 20 * np.log10(s) + 20 * math.log10(F_MHZ) + 32.44
        m = 10 * math.log10(eirp_w * 1000) - SHIELD_DB - fspl - SIGNAL_DBM - TOL_DB + self.shift
        on = np.zeros(len(self.t), bool)
        for iv in em["schedule"]:
            on |= (self.t >= iv["start"]) & (self.t < iv["end"])
        r = 10 ** (m / 10)
        if self.soft_km > 0:
            r = r / (1 + np.exp(-np.clip((hz - g) / self.soft_km, -50, 50)))
        else:
            r[g > hz] = 0
        r[~on] = 0
        return r

    def nll_indep(self, r, b=2.0):
        m = 10 * np.log10(np.maximum(r, 1e-30))
        p = EPS + (1 - 2 * EPS) / (1 + np.exp(-np.clip(m / b, -50, 50)))
        return -np.sum(self.w * np.log(np.where(self.y == 1, p, 1 - p)))

    def nll_re(self, r, sd=3.0, b=0.3):
        # The offset is integrated on an even grid (0.21 sd = 0.64 dB apart):
        # each label is sharp, so a receiver's labels leave its offset a
        # window often narrower than 1 dB, which 16 Gauss-Hermite nodes
        # (1.8 dB apart near the middle) could miss altogether (the truth of
        # korea/1's kaesong then scored 146 nats worse than with 1,001 nodes;
        # 48 even nodes are within 1 nat of that).
        x = np.linspace(-5, 5, 48)
        wx = np.exp(-x * x / 2)
        wx = wx / wx.sum()
        m = 10 * np.log10(np.maximum(r, 1e-30))
        p = EPS + (1 - 2 * EPS) / (1 + np.exp(-np.clip((m[:, None] - sd * x[None, :]) / b, -50, 50)))
        lp = self.w[:, None] * np.log(np.where(self.y[:, None] == 1, p, 1 - p))
        s = np.zeros((self.ngroups, len(x)))
        np.add.at(s, self.group, lp)
        top = s.max(1, keepdims=True)
        return -np.sum(top[:, 0] + np.log((np.exp(s - top) * wx).sum(1)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("simdir")
    ap.add_argument("jammer", help="name of the jammer profiled (truth.json)")
    ap.add_argument("--obs", help="locate_obs.csv (jamwatch analyze --locate-obs)")
    ap.add_argument("--rows", type=int, default=2048, help="tracks.csv rows drawn (without --obs)")
    ap.add_argument("--reacq", type=float, default=0.0,
                    help="rows of a continuing loss taken this many seconds earlier (without --obs)")
    ap.add_argument("--inner", action="store_true",
                    help="without --obs: also label the loss boundary (degraded rows: not lost; "
                         "the row where each loss begins: lost)")
    ap.add_argument("--after-off", type=float, default=0.0, metavar="S",
                    help="drop the labels of the S seconds after any jammer switches off "
                         "(receivers recover only after their recovery delay, so affected "
                         "labels go on while the truth's schedule says off)")
    ap.add_argument("--fix-cap", type=float, help="with --obs: each target's \"not lost\" labels "
                    "(unaffected, band 0) weigh at most this much in all; 0 drops them")
    ap.add_argument("--band", type=float, default=6.0, help="degradation band, dB")
    ap.add_argument("--step", type=float, default=10.0)
    ap.add_argument("--span", type=float, default=40.0)
    ap.add_argument("--heights", help="jammer heights tried, m, comma-separated "
                    "(default: the truth's only)")
    ap.add_argument("--power", default="-6,6", help="power tried around the truth, dB: LO,HI "
                    "(1.5 dB steps)")
    ap.add_argument("--soft", type=float, default=0.0,
                    help="horizon soft over this many km, on the J/S ratio (0: sharp)")
    ap.add_argument("--write-obs", metavar="FILE",
                    help="write the labels as locate_obs.csv (one jamming event) and stop: "
                         "`jamwatch locate --band DB FILE` fits them as analyze would")
    a = ap.parse_args()
    if a.inner and a.obs:
        ap.error("--inner is for the truth's rows (--rows); locate_obs.csv has its bands already")
    if a.fix_cap is not None and not a.obs:
        ap.error("--fix-cap needs --obs (the truth's rows have no \"not lost\" labels)")
    truth = json.load(open(a.simdir + "/truth.json"))
    jams = [e for e in truth["emitters"] if e["kind"] == "jammer"]
    me = [e for e in jams if e["name"] == a.jammer]
    if not me or "eirp_w" not in me[0]:
        raise SystemExit("no jammer %s with eirp_w in truth.json" % a.jammer)
    me = me[0]
    d = load_obs(a.obs) if a.obs else load_rows(a.simdir + "/tracks.csv", truth["start_unix"], a.rows,
                                                   reacq=a.reacq, inner=a.inner)
    if a.obs and a.fix_cap is not None:
        d = cap_fix(d, a.fix_cap)
    if a.after_off > 0:
        ends = [iv["end"] for e in jams for iv in e["schedule"]]
        keep = [i for i, t in enumerate(d["t"]) if not any(0 <= t - x < a.after_off for x in ends)]
        d = {k: [v[i] for i in keep] for k, v in d.items()}
    if a.write_obs:
        write_obs(d, a.write_obs)
        return
    lab = Labels(d, a.band, a.soft)
    heights = [float(x) for x in a.heights.split(",")] if a.heights else [me["height_m"]]
    plo, phi = (float(x) for x in a.power.split(","))
    print("labels %d, targets %d, affected %d" % (len(lab.y), lab.ngroups, lab.y.sum()))
    rest = sum((lab.ratio(e, e["eirp_w"]) for e in jams if e is not me),
               np.zeros(len(lab.y)))
    res, steps = {}, np.arange(-a.span, a.span + 0.1, a.step)
    for dy in steps:
        for dx in steps:
            best = [math.inf, math.inf]
            for hm in heights:
                em = dict(me, height_m=hm)
                for ddb in np.arange(plo, phi + 0.1, 1.5):
                    r = rest + lab.ratio(em, me["eirp_w"] * 10 ** (ddb / 10), dx, dy)
                    best = [min(best[0], lab.nll_indep(r)), min(best[1], lab.nll_re(r))]
            res[(dx, dy)] = best
    for k, name in enumerate(("indep", "RE")):
        lo = min(res, key=lambda q: res[q][k])
        near = [q for q in res if res[q][k] - res[lo][k] < 3.0]
        print("%s: best (%+.0f E, %+.0f N) km, truth +%.1f nats, %d grid points within 3 nats, "
              "farthest %.0f km from the truth" % (name, lo[0], lo[1], res[(0.0, 0.0)][k] - res[lo][k],
                                                   len(near), max(math.hypot(*q) for q in near)))
        for dy in steps[::-1]:
            print("%5.0f " % dy + " ".join("%5.0f" % min(999, res[(dx, dy)][k] - res[lo][k]) for dx in steps))


if __name__ == "__main__":
    main()
