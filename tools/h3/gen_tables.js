#!/usr/bin/env node
// gen_tables.js - derives the numeric tables of jamwatch's H3 module from the
// public API of h3-js and writes them into DIR: h3_tables.h (the grid's
// geometry) and h3_face_lut.h (the 1-degree nearest-face grid, a map of
// letters, apart from the rest).
//
//   node tools/h3/gen_tables.js src      (make h3-tables)
//
// Nothing here reads h3-js internals. What is derived and how:
//  - face centres: the 20 base cells that lie on exactly one icosahedron face
//    (getIcosahedronFaces) and have no pentagon neighbour are the cells centred
//    on the faces; their centres (cellToLatLng) are the face centres;
//  - face I-axis azimuths: the resolution-2 child with digits 0,4 of a
//    face-centred base cell lies on the face's I axis (Class II resolutions
//    are aligned with the face axes);
//  - face IJK -> base cell and its 60-degree rotation: points are sampled on
//    every face with a seeded generator, reduced to face IJK digits with
//    h3geom.js, and compared with latLngToCell; the rotation (and, for
//    pentagons, the clockwise/counter-clockwise offset) is the one that makes
//    every sample agree. The run fails if any sample disagrees.
//  - face neighbours: the lattice isometry that maps a face's edge onto the
//    neighbouring face, from the pentagons at the shared vertices.
'use strict';
const h3 = require('h3-js');
const G = require('./h3geom.js');

const D2R = Math.PI / 180;
function bc(cell) { return h3.getBaseCellNumber(cell); }
function cellDigits(cell) {
  const res = h3.getResolution(cell), d = [0];
  for (let r = 1; r <= res; r++) d.push(h3.getIndexDigit(cell, r));
  return d;
}
function azimuth(lat1, lng1, lat2, lng2) {
  return Math.atan2(Math.cos(lat2) * Math.sin(lng2 - lng1),
    Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(lng2 - lng1));
}
function posAngle(a) {
  let t = a < 0 ? a + 2 * Math.PI : a;
  if (a >= 2 * Math.PI) t -= 2 * Math.PI;
  return t;
}
// Seeded generator (xorshift64*), so the samples are the same every run.
let rngState = 0x9e3779b97f4a7c15n;
function rand() {
  rngState ^= rngState >> 12n; rngState ^= (rngState << 25n) & 0xffffffffffffffffn;
  rngState ^= rngState >> 27n;
  const x = (rngState * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  return Number(x >> 11n) / 9007199254740992;
}

function die(msg) { process.stderr.write('gen_tables: ' + msg + '\n'); process.exit(1); }

// --- faces --------------------------------------------------------------
const res0 = h3.getRes0Cells();
const isPent = new Array(122).fill(false);
for (const p of h3.getPentagons(0)) isPent[bc(p)] = true;
const faceCell = new Array(20).fill(null);
for (const c of res0) {
  if (isPent[bc(c)]) continue;
  const faces = h3.getIcosahedronFaces(c);
  if (faces.length !== 1) continue;
  if (h3.gridDisk(c, 1).some((n) => isPent[bc(n)])) continue;
  if (faceCell[faces[0]]) die('two centred cells on face ' + faces[0]);
  faceCell[faces[0]] = c;
}
if (faceCell.some((c) => !c)) die('a face without a centred base cell');
const faceGeo = faceCell.map((c) => h3.cellToLatLng(c).map((d) => d * D2R));
const faceAz = faceCell.map((c, f) => {
  const child = h3.constructCell(bc(c), [0, 4]);
  const [lat, lng] = h3.cellToLatLng(child).map((d) => d * D2R);
  return posAngle(azimuth(faceGeo[f][0], faceGeo[f][1], lat, lng));
});
const frames = faceGeo.map((g, f) => G.faceFrame(g[0], g[1], faceAz[f]));


// --- face IJK -> base cell, rotation -------------------------------------
const ROT_CCW = [0, 5, 3, 1, 6, 4, 2], ROT_CW = [0, 3, 6, 2, 5, 1, 4];
function leading(d) { for (let r = 1; r < d.length; r++) if (d[r]) return d[r]; return 0; }
const rotAll = (d, m) => d.map((x) => m[x]);
function rotPentCcw(d) { const e = rotAll(d, ROT_CCW); return leading(e) === 1 ? rotAll(e, ROT_CCW) : e; }
function applyRot(d, n, pent, cwOff) {
  if (pent && leading(d) === 1) d = rotAll(d, cwOff ? ROT_CW : ROT_CCW);
  for (let i = 0; i < n; i++) d = pent ? rotPentCcw(d) : rotAll(d, ROT_CCW);
  return d;
}
const key3 = (c) => c[0] * 9 + c[1] * 3 + c[2];
const samples = Array.from({ length: 20 }, () => new Map()); // face -> key3 -> [{fd, hd, bc}]
const NSAMPLE = 400000;
for (let s = 0; s < NSAMPLE; s++) {
  const lat = Math.asin(2 * rand() - 1), lng = (2 * rand() - 1) * Math.PI;
  const P = G.vec3(lat, lng), f = G.nearestFace(frames, P), res = 1 + Math.floor(rand() * 9);
  const fd = G.faceDigits(frames[f], P, res);
  const cell = h3.latLngToCell(lat / D2R, lng / D2R, res);
  const k = key3(fd.ijk0);
  if (!samples[f].has(k)) samples[f].set(k, []);
  samples[f].get(k).push({ fd: fd.digits, hd: cellDigits(cell), bc: bc(cell) });
}
// table[f][key3] = {bc, rot, cw}
const table = Array.from({ length: 20 }, () => new Array(27).fill(null));
const cwFaces = Array.from({ length: 122 }, () => []);
let nfit = 0;
for (let f = 0; f < 20; f++) {
  for (const [k, list] of samples[f]) {
    const b = list[0].bc;
    if (list.some((x) => x.bc !== b)) die(`face ${f} ijk ${k}: several base cells`);
    let found = null;
    for (const cw of isPent[b] ? [false, true] : [false]) {
      for (let n = 0; n < 6 && !found; n++) {
        if (list.every((x) => applyRot(x.fd, n, isPent[b], cw).every((v, r) => v === x.hd[r])))
          found = { bc: b, rot: n, cw };
      }
      if (found) break;
    }
    if (!found) die(`face ${f} ijk ${k} (bc ${b}): no rotation fits ${list.length} samples`);
    if (found.cw) cwFaces[b].push(f);
    table[f][k] = found;
    nfit += list.length;
  }
}
process.stderr.write(`gen_tables: ${nfit} samples fitted, ` +
  `${table.reduce((a, t) => a + t.filter((e) => e).length, 0)} face-IJK entries\n`);

// Entries no on-face point reaches (i+j+k = 4: the neighbouring face centre
// seen across an edge): base cell from projecting the lattice point, rotation 0.
for (let f = 0; f < 20; f++) {
  for (let k = 0; k < 27; k++) {
    const c = [Math.floor(k / 9), Math.floor(k / 3) % 3, k % 3];
    const n = G.normalize(c);
    if (table[f][k] || !G.eq(c, n)) continue;
    const [lat, lng] = G.hex2dToGeo(frames[f], G.ijkToHex2d(c), 0, false);
    table[f][k] = { bc: bc(h3.latLngToCell(lat / D2R, lng / D2R, 0)), rot: 0, cw: false, unreached: true };
  }
  for (let k = 0; k < 27; k++) {
    const c = [Math.floor(k / 9), Math.floor(k / 3) % 3, k % 3];
    if (!table[f][k]) table[f][k] = { ...table[f][key3(G.normalize(c))], alias: true };
  }
}

// --- base cell homes -------------------------------------------------------
// Hexagons: the one on-face position where the rotation is 0. Pentagons: the
// face on which the pentagon sits at IJK (2,0,0) with rotation 0.
const home = new Array(122).fill(null);
for (let f = 0; f < 20; f++) {
  for (let k = 0; k < 27; k++) {
    const e = table[f][k], c = [Math.floor(k / 9), Math.floor(k / 3) % 3, k % 3];
    if (e.alias || e.unreached || e.rot !== 0 || c[0] + c[1] + c[2] > 2) continue;
    if (isPent[e.bc] && !G.eq(c, [2, 0, 0])) continue;
    if (home[e.bc]) die('two homes for base cell ' + e.bc);
    home[e.bc] = { face: f, ijk: c };
  }
}
if (home.some((h) => !h)) die('a base cell without a home');

// --- face neighbours ---------------------------------------------------------
const VERT = { I: [2, 0, 0], J: [0, 2, 0], K: [0, 0, 2] };
const QUADS = [['IJ', 'I', 'J'], ['KI', 'K', 'I'], ['JK', 'J', 'K']];
const pentAt = (f, v) => table[f][key3(VERT[v])].bc;
const neighbors = [];
const adjDir = Array.from({ length: 20 }, () => new Array(20).fill(-1));
for (let f = 0; f < 20; f++) {
  const row = [{ face: f, t: [0, 0, 0], rot: 0 }];
  adjDir[f][f] = 0;
  QUADS.forEach(([, a, b], qi) => {
    const pa = pentAt(f, a), pb = pentAt(f, b);
    let g = -1, wa, wb;
    for (let h = 0; h < 20; h++) {
      if (h === f) continue;
      const va = Object.keys(VERT).find((v) => pentAt(h, v) === pa);
      const vb = Object.keys(VERT).find((v) => pentAt(h, v) === pb);
      if (va && vb) { g = h; wa = VERT[va]; wb = VERT[vb]; }
    }
    if (g < 0) die(`no neighbour of face ${f} across ${QUADS[qi][0]}`);
    let d = G.sub(VERT[a], VERT[b]), n = 0;
    while (n < 6 && !G.eq(d, G.sub(wa, wb))) { d = G.rot60ccw(d); n++; }
    if (n === 6) die(`face ${f}: no rotation onto face ${g}`);
    let ra = VERT[a];
    for (let i = 0; i < n; i++) ra = G.rot60ccw(ra);
    row.push({ face: g, t: G.sub(wa, ra), rot: n });
    adjDir[f][g] = qi + 1;
  });
  neighbors.push(row);
}

// --- emit ----------------------------------------------------------------------
function num(x) { return x === 0 ? '0.0' : x.toPrecision(17); }
const outDir = process.argv[2];
if (!outDir) die('usage: gen_tables.js DIR (writes DIR/h3_tables.h and DIR/h3_face_lut.h)');
let out = [];
const w = (s) => out.push(s);
const h3jsVersion = require('h3-js/package.json').version;
function banner(name, what) {
  w('/*');
  w(` * ${name} - ${what} (GENERATED, do not edit).`);
  w(' *');
  w(` * Made by tools/h3/gen_tables.js from the public API of h3-js ${h3jsVersion}:`);
  w(' *   make h3-tables   (or: node tools/h3/gen_tables.js src)');
  w(' * See docs/h3.md for how each table is derived.');
  w(' */');
}
banner('h3_tables.h', 'numeric tables of the H3 grid');
w('/* clang-format off */');
w('#ifndef JW_H3_TABLES_H');
w('#define JW_H3_TABLES_H');
w('');
w('#include <stdint.h>');
w('');
w('/* One icosahedron face: centre and gnomonic frame (unit vectors). */');
w('typedef struct jw_h3_face {');
w('    double lat, lng; /* face centre, radians */');
w('    double az;       /* azimuth of the I axis at the centre, radians clockwise from north */');
w('    double c[3];     /* face centre as a unit vector */');
w('    double u[2][3];  /* I axis in the tangent plane; [0] Class II, [1] Class III */');
w('    double v[2][3];  /* 90 degrees counter-clockwise from u */');
w('} jw_h3_face;');
w('');
w('/* Base cell and 60-degree ccw rotations for a face and resolution-0 IJK. */');
w('typedef struct jw_h3_face_bc {');
w('    int8_t bc;  /* base cell number, 0..121 */');
w('    int8_t rot; /* ccw 60-degree rotations from face to base cell frame */');
w('} jw_h3_face_bc;');
w('');
w('/* A base cell: home face and IJK, pentagon flag, clockwise-offset faces. */');
w('typedef struct jw_h3_base {');
w('    int8_t face;      /* home face */');
w('    int8_t ijk[3];    /* resolution-0 IJK on the home face */');
w('    int8_t pentagon;  /* 1 for the 12 pentagons */');
w('    int8_t cw_off[2]; /* pentagons: faces whose K digit rotates clockwise, else -1 */');
w('} jw_h3_base;');
w('');
w('/* The face across one edge and the IJK isometry onto it (res 0 units). */');
w('typedef struct jw_h3_face_nb {');
w('    int8_t face;   /* neighbouring face */');
w('    int8_t t[3];   /* translation, added after the rotation */');
w('    int8_t rot;    /* ccw 60-degree rotations */');
w('} jw_h3_face_nb;');
w('');
w('extern const jw_h3_face jw__h3_faces[20];');
w('extern const int8_t jw__h3_face_pair[10][2];');
w('extern const char jw__h3_face_lut[180][361];');
w('extern const double jw__h3_face_axis[3][10];');
w('extern const jw_h3_face_bc jw__h3_face_ijk_bc[20][3][3][3];');
w('extern const jw_h3_base jw__h3_bases[122];');
w('extern const jw_h3_face_nb jw__h3_face_nbs[20][4];');
w('extern const int8_t jw__h3_adj_dir[20][20];');
w('');
w('/* The definitions, compiled once (src/h3_tables.c defines JW_H3_TABLES_IMPL;');
w(' * jw__h3_face_lut is in h3_face_lut.h). */');
w('#ifdef JW_H3_TABLES_IMPL');
w('');
w('const jw_h3_face jw__h3_faces[20] = {');
const ap = G.AP7_ROT, ca = Math.cos(ap), sa = Math.sin(ap), s = 1 / G.RES0_U_GNOMONIC;
for (let f = 0; f < 20; f++) {
  const F = frames[f];
  const u3 = [0, 1, 2].map((q) => ca * F.U[q] + sa * F.V[q]);
  const v3 = [0, 1, 2].map((q) => -sa * F.U[q] + ca * F.V[q]);
  const v = (a) => '{' + a.map(num).join(', ') + '}';
  w(`    {${num(faceGeo[f][0])}, ${num(faceGeo[f][1])}, ${num(faceAz[f])}, ${v(F.C)},`);
  w(`     {${v(F.U)}, ${v(u3)}},`);
  w(`     {${v(F.V)}, ${v(v3)}}},`);
}
w('};');
w('');
// Antipodal face pairs: each face centre is minus another's.
const pairs = [];
const seen = new Array(20).fill(false);
for (let f = 0; f < 20; f++) {
  if (seen[f]) continue;
  let g = -1;
  for (let h = 0; h < 20; h++) if (G.dot(frames[f].C, frames[h].C) < -1 + 1e-12) g = h;
  if (g < 0) die('face ' + f + ' has no antipode');
  seen[f] = seen[g] = true;
  pairs.push([f, g]);
}
w('/* The 10 antipodal face pairs {face, opposite face} and the first face of');
w(' * each pair, one row per coordinate (x, y, z): the nearest face is the pair');
w(' * with the largest |dot product|, its sign picking the face. */');
w('const int8_t jw__h3_face_pair[10][2] = {');
w('    ' + pairs.map((q) => `{${q[0]}, ${q[1]}}`).join(', ') + ',');
w('};');
w('const double jw__h3_face_axis[3][10] = {');
for (let q = 0; q < 3; q++) {
  w('    {');
  for (let i = 0; i < 10; i += 5) w('        ' + pairs.slice(i, i + 5).map((pr) => num(frames[pr[0]].C[q])).join(', ') + ',');
  w('    },');
}
w('};');
w('');
// Nearest-face lookup on a 1-degree grid: the face when it is provably the
// nearest for every point of the grid cell, else 255 (search all faces).
// For p within angle rho of the cell centre p0, (Cf - Ch).p differs from
// (Cf - Ch).p0 by at most |Cf - Ch| * rho, so face f is certain when
// (Cf - Ch).p0 > |Cf - Ch| * rho for every other face h (with margin).
function cellRadius(lat0, lon0, lat1, lon1, P0) {
  let rho = 0;
  for (const la of [lat0, (lat0 + lat1) / 2, lat1]) {
    for (const lo of [lon0, (lon0 + lon1) / 2, lon1]) {
      const q = G.vec3(la * D2R, lo * D2R);
      rho = Math.max(rho, Math.acos(Math.min(1, G.dot(P0, q))));
    }
  }
  return rho * 1.01 + 1e-9;
}
const lut = [];
let lutHits = 0;
for (let row = 0; row < 180; row++) {
  const line = [];
  for (let col = 0; col < 360; col++) {
    const lat0 = row - 90, lon0 = col - 180;
    const P0 = G.vec3((lat0 + 0.5) * D2R, (lon0 + 0.5) * D2R);
    const rho = cellRadius(lat0, lon0, lat0 + 1, lon0 + 1, P0);
    const f = G.nearestFace(frames, P0);
    let ok = true;
    for (let h = 0; h < 20 && ok; h++) {
      if (h === f) continue;
      const d = [0, 1, 2].map((q) => frames[f].C[q] - frames[h].C[q]);
      ok = G.dot(d, P0) > Math.hypot(...d) * rho + 1e-12;
    }
    line.push(ok ? f : 255);
    lutHits += ok ? 1 : 0;
  }
  lut.push(line);
}
const main = out;
out = [];
banner('h3_face_lut.h', 'the H3 nearest-face grid');
w('/* clang-format off */');
w('#ifndef JW_H3_FACE_LUT_H');
w('#define JW_H3_FACE_LUT_H');
w('');
w('/* Nearest face by 1-degree cell: [floor(lat) + 90][floor(lon) + 180] is the');
w(" * face as a letter ('a' face 0 ... 't' face 19) when it is provably the");
w(" * nearest for every point of the cell, '.' otherwise (search all faces).");
w(` * ${lutHits} of 64800 cells are decided. One row per latitude, south first,`);
w(' * in three lines of 120 longitudes from -180: a map of the faces. */');
w('const char jw__h3_face_lut[180][361] = {');
for (const line of lut) {
  const txt = line.map((f) => (f === 255 ? '.' : String.fromCharCode(97 + f))).join('');
  w('    "' + txt.slice(0, 120) + '"');
  w('    "' + txt.slice(120, 240) + '"');
  w('    "' + txt.slice(240) + '",');
}
w('};');
w('');
w('#endif');
const lutOut = out;
out = main;
w('/* Face I-axis azimuths, radians clockwise from north (for reference; the');
w(' * frames above are built from them):');
for (let f = 0; f < 20; f += 4) w(' *   ' + faceAz.slice(f, f + 4).map(num).join(', '));
w(' */');
w('');
w('/* [face][i][j][k]; entries with i+j+k = 4 are never reached by a point on');
w(' * the face (their rotation is 0 by convention); unnormalised IJK repeat');
w(' * their normalised form. */');
w('const jw_h3_face_bc jw__h3_face_ijk_bc[20][3][3][3] = {');
for (let f = 0; f < 20; f++) {
  const parts = [];
  for (let i = 0; i < 3; i++) {
    const js = [];
    for (let j = 0; j < 3; j++) {
      const ks = [];
      for (let k = 0; k < 3; k++) { const e = table[f][i * 9 + j * 3 + k]; ks.push(`{${e.bc}, ${e.rot}}`); }
      js.push('{' + ks.join(', ') + '}');
    }
    parts.push('{' + js.join(', ') + '}');
  }
  w(`    /* face ${f} */ {` + parts.join(',\n                    ') + '},');
}
w('};');
w('');
w('const jw_h3_base jw__h3_bases[122] = {');
for (let b = 0; b < 122; b++) {
  const hm = home[b], cw = isPent[b] ? cwFaces[b].concat([-1, -1]).slice(0, 2) : [-1, -1];
  w(`    {${hm.face}, {${hm.ijk.join(', ')}}, ${isPent[b] ? 1 : 0}, {${cw.join(', ')}}}, /* ${b} */`);
}
w('};');
w('');
w('/* [face][quadrant]: 0 the face itself, 1 across IJ, 2 across KI, 3 across JK. */');
w('const jw_h3_face_nb jw__h3_face_nbs[20][4] = {');
for (let f = 0; f < 20; f++)
  w('    {' + neighbors[f].map((n) => `{${n.face}, {${n.t.join(', ')}}, ${n.rot}}`).join(', ') + '},');
w('};');
w('');
w('/* [face][other face]: quadrant of the other face as seen from face, -1 if');
w(' * they share no edge, 0 for the face itself. */');
w('const int8_t jw__h3_adj_dir[20][20] = {');
for (let f = 0; f < 20; f++) w('    {' + adjDir[f].join(', ') + '},');
w('};');
w('');
w('#endif /* JW_H3_TABLES_IMPL */');
w('#endif');
const fs = require('fs');
const path = require('path');
fs.writeFileSync(path.join(outDir, 'h3_tables.h'), out.join('\n') + '\n');
fs.writeFileSync(path.join(outDir, 'h3_face_lut.h'), lutOut.join('\n') + '\n');
