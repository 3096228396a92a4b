#!/usr/bin/env python3
"""fixture.py - TEST FIXTURE products for the browser test while the build
has no analysis engine: SQL rows (windows, cells, an event, its emitter
estimate and incidents) in the store's schema, shaped like a jammer at
Haeju (38.04 N, 125.71 E, the korea scenario's) whose reach grows over
three windows. Cells come from `jamwatch cell -`. Usage:
  fixture.py JAMWATCH_BIN T0 | sqlite3 DB
"""
import math
import subprocess
import sys

BIN, T0 = sys.argv[1], float(sys.argv[2])
JLAT, JLON = 38.04, 125.71
pts = [(JLAT + dy * 0.25, JLON + dx * 0.3) for dy in range(-6, 7) for dx in range(-6, 7)]
out = subprocess.run([BIN, 'cell', '-'], input=''.join(f'{a} {b} 4\n' for a, b in pts),
                     capture_output=True, text=True, check=True).stdout.split()
cells = {}
for (lat, lon), c in zip(pts, out):
    cells.setdefault(int(c, 16), (lat, lon))


def km(a, b, c, d):
    return 6371 * math.acos(min(1, math.sin(math.radians(a)) * math.sin(math.radians(c)) +
                                math.cos(math.radians(a)) * math.cos(math.radians(c)) * math.cos(math.radians(b - d))))


print('BEGIN;')
for w, reach in enumerate((60, 120, 180)):
    t0, t1 = T0 + 600 * w, T0 + 600 * (w + 1)
    n = alarms = 0
    for cell, (lat, lon) in cells.items():
        d = km(lat, lon, JLAT, JLON)
        good = 20
        bad = max(0, int(round(20 * (1 - d / reach)))) if d < reach else 0
        level = bad / (good + bad)
        cls = 1 if level < 0.02 else 2 if level < 0.10 else 3
        alarm = int(level > 0.10)
        n += 1
        alarms += alarm
        signed = cell - (1 << 64) if cell >= 1 << 63 else cell
        print(f'INSERT OR REPLACE INTO cells VALUES({t0},{t1},{signed},{lat},{lon},{good},0,{bad},0,0,0,'
              f'{level},{level * 0.7},{min(1, level * 1.3 + 0.02)},0,{cls},{alarm},0);')
    print(f'INSERT OR REPLACE INTO windows VALUES({t0},{t1},{n},{alarms},0,0);')
print(f'INSERT OR REPLACE INTO events VALUES(1,0,1,{T0},{T0 + 1800},{JLAT},{JLON},40,35,4,0.5,\'[]\');')
print(f'INSERT OR REPLACE INTO emitters(uid, time, kind, lat, lon, err_major_km, err_minor_km, err_orient_deg, reach_km, eirp_dbw, fake_lat, fake_lon, n_obs) VALUES(1,{T0 + 1700},0,{JLAT + 0.05},{JLON - 0.04},25,12,40,180,NULL,NULL,NULL,60);')
for k in range(5):
    print(f'INSERT OR REPLACE INTO incidents VALUES({0x71c010 + k},0,1,{T0 + 100 * k},{T0 + 100 * k + 300},'
          f'{JLAT + 0.2 * k},{JLON + 0.3},NULL,NULL,NULL,NULL,NULL,1,0.8);')
print('COMMIT;')
