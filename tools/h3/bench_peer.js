#!/usr/bin/env node
// bench_peer.js - h3-js latLngToCell over the points build/bench/h3_bench
// wrote (lat, lon doubles), the peer of jamwatch's C in bench/bench_h3.sh.
//
//   node tools/h3/bench_peer.js POINTS_FILE RES
//
// Prints "js points N res R cpu_s S cells_per_s X checksum C" like h3_bench;
// equal checksums (over all cells, in order) mean both produced the same cells.
'use strict';
const fs = require('fs');
const h3 = require('h3-js');

const [file, resArg] = process.argv.slice(2);
const res = parseInt(resArg || '4', 10);
const buf = fs.readFileSync(file);
const pts = new Float64Array(buf.buffer, buf.byteOffset, buf.length / 8);
const n = pts.length / 2;
const t0 = process.cpuUsage();
let lo = 0, hi = 0; // per 32-bit half: c = 31 c + half, as h3_bench.c
for (let i = 0; i < n; i++) {
  const c = h3.latLngToCell(pts[2 * i], pts[2 * i + 1], res);
  const [l, h] = h3.h3IndexToSplitLong(c);
  lo = (Math.imul(lo, 31) + l) >>> 0;
  hi = (Math.imul(hi, 31) + h) >>> 0;
}
const u = process.cpuUsage(t0);
const cpu = (u.user + u.system) / 1e6;
const hex = (x) => (x >>> 0).toString(16).padStart(8, '0');
console.log(`js points ${n} res ${res} cpu_s ${cpu.toFixed(3)} cells_per_s ${(n / cpu).toFixed(0)} ` +
  `checksum ${hex(hi)}${hex(lo)}`);
