#!/usr/bin/env node
// oracle.js - h3-js as the reference for jamwatch's H3 module.
//
//   node tools/h3/oracle.js [--points N] [--seed S] [--gpsjam DIR]
//
// Writes a binary stream to stdout that tests/test_h3_oracle.c reads and
// checks record by record (all numbers little-endian, strings are 16 bytes,
// NUL padded):
//   'H' header : u32 version(1), u32 points
//   'P' point  : f64 lat, f64 lon (degrees), then the h3-js cell at each
//                resolution 0..15 (16 strings)
//   'B' cell   : string cell, f64 centre lat, lon, f64 vertex count n, then
//                10 (lat, lon) pairs (degrees; the first n are used)
//   'G' gpsjam : as 'B', for a hex of a gpsjam.org file (decimal or hex)
//   'D' disk   : string origin, u32 k, u32 n, n strings (gridDisk)
//   'E' end    : u32 'P' records, u32 'B', u32 'G', u32 'D' written
// Points: a seeded mix of uniform points over the sphere and points placed
// on purpose at the poles, on the antimeridian, near the 12 pentagons
// (icosahedron vertices), near the 30 icosahedron edges and near the 20
// face centres, at distances from 1e-9 to a few degrees.
'use strict';
const fs = require('fs');
const path = require('path');
const h3 = require('h3-js');

const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
}
const NPOINTS = parseInt(opt('--points', '1000000'), 10);
const GPSJAM = opt('--gpsjam', null);
let rng = BigInt(opt('--seed', '20240917')) | 1n;

// xorshift64*: the same points every run.
function rand() {
  rng ^= rng >> 12n; rng ^= (rng << 25n) & 0xffffffffffffffffn; rng ^= rng >> 27n;
  return Number(((rng * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) / 9007199254740992;
}
const D2R = Math.PI / 180, R2D = 180 / Math.PI;

// --- output buffer ---------------------------------------------------------
const out = fs.openSync('/dev/stdout', 'w'); // a blocking descriptor, even on a pipe
const BUF = Buffer.alloc(1 << 20);
let pos = 0;
function room(n) { if (pos + n > BUF.length) { fs.writeSync(out, BUF, 0, pos); pos = 0; } }
function u8(c) { room(1); BUF[pos++] = c; }
function u32(v) { room(4); BUF.writeUInt32LE(v >>> 0, pos); pos += 4; }
function f64(v) { room(8); BUF.writeDoubleLE(v, pos); pos += 8; }
function str16(s) { room(16); BUF.fill(0, pos, pos + 16); BUF.write(s, pos, 16, 'latin1'); pos += 16; }

// --- special places ----------------------------------------------------------
const vec = (lat, lng) => [Math.cos(lat) * Math.cos(lng), Math.cos(lat) * Math.sin(lng), Math.sin(lat)];
const pents = h3.getPentagons(0).map((c) => h3.cellToLatLng(c).map((d) => d * D2R));
const faceCentres = h3.getRes0Cells()
  .filter((c) => !h3.isPentagon(c) && h3.getIcosahedronFaces(c).length === 1 &&
    !h3.gridDisk(c, 1).some((n) => h3.isPentagon(n)))
  .map((c) => h3.cellToLatLng(c).map((d) => d * D2R));
const edges = [];
for (let a = 0; a < 12; a++) {
  for (let b = a + 1; b < 12; b++) {
    const va = vec(...pents[a]), vb = vec(...pents[b]);
    const ang = Math.acos(va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]);
    if (Math.abs(ang - 1.1071487177940904) < 1e-6) edges.push([va, vb, ang]);
  }
}
if (edges.length !== 30 || faceCentres.length !== 20) throw new Error('icosahedron not found');

function toLatLng(v) {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [Math.asin(Math.max(-1, Math.min(1, v[2] / n))) * R2D, Math.atan2(v[1], v[0]) * R2D];
}
// A point at angular distance d (radians) and azimuth az from (lat, lng).
function offset(lat, lng, d, az) {
  const la = Math.asin(Math.sin(lat) * Math.cos(d) + Math.cos(lat) * Math.sin(d) * Math.cos(az));
  const lo = lng + Math.atan2(Math.sin(az) * Math.sin(d) * Math.cos(lat), Math.cos(d) - Math.sin(lat) * Math.sin(la));
  return [la * R2D, lo * R2D];
}
const logDist = () => Math.pow(10, -9 + rand() * 8.5) * D2R; // 1e-9 .. ~3 degrees
function wrap(p) {
  let [lat, lon] = p;
  lat = Math.max(-90, Math.min(90, lat));
  while (lon > 180) lon -= 360;
  while (lon < -180) lon += 360;
  return [lat, lon];
}

const fixed = [[0, 0], [90, 0], [-90, 0], [90, 180], [-90, -180], [0, 180], [0, -180],
  [45, 180], [-45, -180], [89.999999999, 180], [-89.999999999, 180]];
for (const p of pents) fixed.push([p[0] * R2D, p[1] * R2D]);
for (const p of faceCentres) fixed.push([p[0] * R2D, p[1] * R2D]);

function point(i) {
  if (i < fixed.length) return fixed[i];
  const u = rand();
  if (u < 0.64) return [Math.asin(2 * rand() - 1) * R2D, rand() * 360 - 180];
  if (u < 0.69) { // poles
    const s = rand() < 0.5 ? 1 : -1;
    return wrap(offset(s * Math.PI / 2, 0, logDist(), rand() * 2 * Math.PI));
  }
  if (u < 0.74) { // antimeridian
    const lat = Math.asin(2 * rand() - 1) * R2D;
    const r = rand();
    if (r < 0.2) return [lat, r < 0.1 ? 180 : -180];
    return wrap([lat, 180 + (rand() < 0.5 ? 1 : -1) * logDist() * R2D]);
  }
  if (u < 0.86) { // near a pentagon (icosahedron vertex)
    const p = pents[Math.floor(rand() * 12)];
    return wrap(offset(p[0], p[1], logDist(), rand() * 2 * Math.PI));
  }
  if (u < 0.98) { // near an icosahedron edge
    const [va, vb, ang] = edges[Math.floor(rand() * 30)];
    const t = rand() * ang, s = Math.sin(ang);
    const w = [0, 1, 2].map((q) => (Math.sin(ang - t) * va[q] + Math.sin(t) * vb[q]) / s);
    const [la, lo] = toLatLng(w).map((d) => d * D2R);
    return wrap(offset(la, lo, logDist(), rand() * 2 * Math.PI));
  }
  const c = faceCentres[Math.floor(rand() * 20)]; // near a face centre
  return wrap(offset(c[0], c[1], logDist(), rand() * 2 * Math.PI));
}

function cellRecord(tag, cell) {
  const [clat, clon] = h3.cellToLatLng(cell);
  const b = h3.cellToBoundary(cell);
  u8(tag); str16(cell); f64(clat); f64(clon); f64(b.length);
  for (let q = 0; q < 10; q++) { f64(q < b.length ? b[q][0] : 0); f64(q < b.length ? b[q][1] : 0); }
}

// --- main ------------------------------------------------------------------
const counts = { P: 0, B: 0, G: 0, D: 0 };
u8(72); u32(1); u32(NPOINTS);
const cells = new Array(16);
for (let i = 0; i < NPOINTS; i++) {
  const [lat, lon] = point(i);
  for (let r = 0; r < 16; r++) cells[r] = h3.latLngToCell(lat, lon, r);
  u8(80); f64(lat); f64(lon);
  for (let r = 0; r < 16; r++) str16(cells[r]);
  counts.P++;
  cellRecord(66, cells[i % 16]); // one boundary per point, resolutions in turn
  counts.B++;
  if (i % 50 === 0) {
    const k = 1 + (i / 50) % 3, c = cells[(i / 50) % 16];
    const d = h3.gridDisk(c, k);
    u8(68); str16(c); u32(k); u32(d.length);
    for (const x of d) str16(x);
    counts.D++;
  }
}
// Every pentagon and its neighbours at every resolution.
for (let r = 0; r < 16; r++) {
  for (const p of h3.getPentagons(r)) {
    for (const c of h3.gridDisk(p, 1)) { cellRecord(66, c); counts.B++; }
    u8(68); str16(p); u32(2); const d = h3.gridDisk(p, 2); u32(d.length);
    for (const x of d) str16(x);
    counts.D++;
  }
}
if (GPSJAM && fs.existsSync(GPSJAM)) {
  const seen = new Set();
  for (const f of fs.readdirSync(GPSJAM).filter((n) => /^gpsjam_.*\.csv$/.test(n)).sort()) {
    const lines = fs.readFileSync(path.join(GPSJAM, f), 'latin1').split('\n').slice(1);
    for (const line of lines) {
      let hex = line.split(',')[0].trim();
      if (!hex) continue;
      if (!h3.isValidCell(hex) && /^[0-9]+$/.test(hex)) hex = BigInt(hex).toString(16);
      if (seen.has(hex) || !h3.isValidCell(hex)) continue;
      seen.add(hex);
      cellRecord(71, hex);
      counts.G++;
    }
  }
}
u8(69); u32(counts.P); u32(counts.B); u32(counts.G); u32(counts.D);
fs.writeSync(out, BUF, 0, pos);
