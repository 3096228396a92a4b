#!/usr/bin/env node
// gen_landmask.js - writes jamwatch's land raster (read by src/landmask.c)
// from the Natural Earth land polygons of the world-atlas npm package.
//
//   node tools/landmask/gen_landmask.js OUT [RES] [land-10m|land-50m]
//
// The raster has RES cells per degree (default 128, about 870 m north-south).
// A cell is land when its centre is inside a land polygon (even-odd rule over
// every ring, so lakes cut out of the land are water). Rasterisation is by
// scanline: for every row, the longitudes where the ring edges cross the
// row's centre latitude are sorted and the cells between pairs are filled.
// Output (little-endian), see src/landmask.c:
//   "JWLANDM1"  8 bytes magic
//   uint32      RES, cells per degree
//   uint32      64800 tile words, one per 1-degree tile, row-major from
//               (lat -90, lon -180): 0 = all water, 1 = all land,
//               k + 2 = the k-th mixed tile
//   bytes       the mixed tiles, RES*RES bits each, row-major from the
//               tile's south-west corner, bit i of a row in byte i/8, LSB first
// The output is derived data: it is built by `make landmask`, never committed.
'use strict';
const fs = require('fs');
const path = require('path');
const topojson = require('topojson-client');

const out = process.argv[2];
const RES = Number(process.argv[3] || 128);
const which = process.argv[4] || 'land-10m';
if (!out || !(RES >= 4 && RES <= 512 && RES % 8 === 0)) {
  process.stderr.write('usage: gen_landmask.js OUT [RES (multiple of 8)] [land-10m|land-50m]\n');
  process.exit(2);
}
const topo = JSON.parse(fs.readFileSync(
  path.join(__dirname, 'node_modules', 'world-atlas', which + '.json'), 'utf8'));
const land = topojson.feature(topo, topo.objects.land);

// Every ring of every polygon as [lon, lat] points with longitudes unwrapped
// (consecutive points less than 180 degrees apart), so a ring crossing the
// antimeridian is one planar polygon reaching beyond +-180; a ring round a
// pole (Antarctica) is closed along the pole's latitude.
function rings() {
  const rs = [];
  for (const f of land.features || [land]) {
    const g = f.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const p of polys)
      for (const r of p) rs.push(unwrap(r));
  }
  return rs;
}

function unwrap(r) {
  const u = [[r[0][0], r[0][1]]];
  let shift = 0;
  for (let i = 1; i < r.length; i++) {
    const d = r[i][0] - r[i - 1][0];
    if (d > 180) shift -= 360;
    else if (d < -180) shift += 360;
    u.push([r[i][0] + shift, r[i][1]]);
  }
  const last = u[u.length - 1];
  if (Math.abs(last[0] - u[0][0]) > 180) { // round a pole
    const pole = u.reduce((s, q) => s + q[1], 0) < 0 ? -90 : 90;
    u.push([last[0], pole], [u[0][0], pole], [u[0][0], u[0][1]]);
  }
  return u;
}

const ROWS = 180 * RES;
const COLS = 360 * RES;
const BAND = RES; // rows per 1-degree band
// Edges bucketed by the 1-degree bands they span: [lon1, lat1, lon2, lat2].
const bands = Array.from({length: 180}, () => []);
for (const r of rings()) {
  for (let i = 0; i + 1 < r.length; i++) {
    const [x1, y1] = r[i];
    const [x2, y2] = r[i + 1];
    if (y1 === y2) continue;
    const b0 = Math.max(0, Math.floor(Math.min(y1, y2) + 90));
    const b1 = Math.min(179, Math.floor(Math.max(y1, y2) + 90));
    // every ring is drawn three times, shifted by -360, 0 and +360 degrees
    for (let b = b0; b <= b1; b++)
      for (const k of [-360, 0, 360]) bands[b].push(x1 + k, y1, x2 + k, y2);
  }
}

// One band of BAND rows x COLS cells as bytes (0/1).
function rasterBand(b) {
  const cells = new Uint8Array(BAND * COLS);
  const e = bands[b];
  for (let row = 0; row < BAND; row++) {
    const lat = b - 90 + (row + 0.5) / RES;
    const xs = [];
    for (let i = 0; i < e.length; i += 4) {
      const y1 = e[i + 1], y2 = e[i + 3];
      if ((y1 <= lat) === (y2 <= lat)) continue;
      const x1 = e[i], x2 = e[i + 2];
      xs.push(x1 + (lat - y1) * (x2 - x1) / (y2 - y1));
    }
    xs.sort((a, c) => a - c);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // cells whose centre lon (-180 + (c + 0.5) / RES) lies in [xs[k], xs[k+1])
      let c0 = Math.ceil((xs[k] + 180) * RES - 0.5);
      let c1 = Math.ceil((xs[k + 1] + 180) * RES - 0.5);
      c0 = Math.max(0, c0);
      c1 = Math.min(COLS, c1);
      if (c1 > c0) cells.fill(1, row * COLS + c0, row * COLS + c1);
    }
  }
  return cells;
}

const tileWords = new Uint32Array(180 * 360);
const mixed = [];
const rowBytes = RES / 8;
for (let b = 0; b < 180; b++) {
  const cells = rasterBand(b);
  for (let t = 0; t < 360; t++) {
    let sum = 0;
    const bits = Buffer.alloc(RES * rowBytes);
    for (let row = 0; row < RES; row++) {
      const base = row * COLS + t * RES;
      for (let c = 0; c < RES; c++) {
        if (cells[base + c]) {
          sum++;
          bits[row * rowBytes + (c >> 3)] |= 1 << (c & 7);
        }
      }
    }
    const idx = b * 360 + t;
    if (sum === 0) tileWords[idx] = 0;
    else if (sum === RES * RES) tileWords[idx] = 1;
    else {
      tileWords[idx] = mixed.length + 2;
      mixed.push(bits);
    }
  }
}

const head = Buffer.alloc(12);
head.write('JWLANDM1', 0, 'ascii');
head.writeUInt32LE(RES, 8);
const words = Buffer.alloc(tileWords.length * 4);
for (let i = 0; i < tileWords.length; i++) words.writeUInt32LE(tileWords[i], i * 4);
fs.mkdirSync(path.dirname(path.resolve(out)), {recursive: true});
const tmp = out + '.tmp';
fs.writeFileSync(tmp, Buffer.concat([head, words, ...mixed]));
fs.renameSync(tmp, out);
process.stderr.write(`landmask: ${which}, ${RES} cells/degree, ${mixed.length} mixed tiles -> ${out}\n`);
