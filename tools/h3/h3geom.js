// h3geom.js - the face-level geometry of the H3 grid, written for jamwatch
// from the published algorithm (h3geo.org "Indexing", the H3 paper): gnomonic
// projection on the 20 icosahedron faces, hexagonal IJK coordinates,
// aperture-7 steps. Used by gen_tables.js to probe h3-js and derive the tables
// of src/h3_tables.h; it mirrors the C code in src/h3.c.
'use strict';

const RES0_U_GNOMONIC = 0.38196601125010500003; // tan(face centre to edge midpoint)
const SQRT7 = Math.sqrt(7);
const AP7_ROT = Math.asin(Math.sqrt(3 / 28)); // Class III rotation
const SIN60 = Math.sqrt(3) / 2;

// Unit vectors of the digits 0..6 (centre, K, J, JK, I, IK, IJ).
const DIGIT_VEC = [
  [0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [1, 0, 0], [1, 0, 1], [1, 1, 0],
];

function normalize(c) {
  let [i, j, k] = c;
  if (i < 0) { j -= i; k -= i; i = 0; }
  if (j < 0) { i -= j; k -= j; j = 0; }
  if (k < 0) { i -= k; j -= k; k = 0; }
  const m = Math.min(i, j, k);
  return [i - m, j - m, k - m];
}
const add = (a, b) => normalize([a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
const sub = (a, b) => normalize([a[0] - b[0], a[1] - b[1], a[2] - b[2]]);
const scale = (a, s) => normalize([a[0] * s, a[1] * s, a[2] * s]);
const eq = (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

// i*I + j*J + k*K for the given unit images.
function lin(c, vi, vj, vk) {
  return normalize([
    c[0] * vi[0] + c[1] * vj[0] + c[2] * vk[0],
    c[0] * vi[1] + c[1] * vj[1] + c[2] * vk[1],
    c[0] * vi[2] + c[1] * vj[2] + c[2] * vk[2],
  ]);
}
const rot60ccw = (c) => lin(c, [1, 1, 0], [0, 1, 1], [1, 0, 1]);
const rot60cw = (c) => lin(c, [1, 0, 1], [1, 1, 0], [0, 1, 1]);
const downAp7 = (c) => lin(c, [3, 0, 1], [1, 3, 0], [0, 1, 3]);
const downAp7r = (c) => lin(c, [3, 1, 0], [0, 3, 1], [1, 0, 3]);
function lroundJs(x) { return x < 0 ? -Math.round(-x) : Math.round(x); }
function upAp7(c) {
  const i = c[0] - c[2], j = c[1] - c[2];
  return normalize([lroundJs((3 * i - j) / 7), lroundJs((i + 2 * j) / 7), 0]);
}
function upAp7r(c) {
  const i = c[0] - c[2], j = c[1] - c[2];
  return normalize([lroundJs((2 * i + j) / 7), lroundJs((3 * j - i) / 7), 0]);
}
function digitOf(c) {
  for (let d = 0; d < 7; d++) if (eq(c, DIGIT_VEC[d])) return d;
  return 7;
}
function ijkToHex2d(c) {
  const i = c[0] - c[2], j = c[1] - c[2];
  return [i - 0.5 * j, j * SIN60];
}
// Nearest lattice point (hexagon centre) to a hex2d point.
function hex2dToIjk(x, y) {
  const b = y / SIN60, a = x + 0.5 * b;
  const a0 = Math.floor(a), b0 = Math.floor(b);
  let best = null, bd = Infinity;
  for (const [da, db] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
    const [cx, cy] = [a0 + da - 0.5 * (b0 + db), (b0 + db) * SIN60];
    const d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
    if (d < bd) { bd = d; best = [a0 + da, b0 + db, 0]; }
  }
  return normalize(best);
}

function vec3(lat, lng) {
  return [Math.cos(lat) * Math.cos(lng), Math.cos(lat) * Math.sin(lng), Math.sin(lat)];
}
const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

// Face frame: centre C, unit tangent U along the I axis, V 90 degrees
// counter-clockwise from it (as seen from outside the sphere).
function faceFrame(lat, lng, az) {
  const C = vec3(lat, lng);
  const N = [-Math.sin(lat) * Math.cos(lng), -Math.sin(lat) * Math.sin(lng), Math.cos(lat)];
  const E = [-Math.sin(lng), Math.cos(lng), 0];
  const ca = Math.cos(az), sa = Math.sin(az);
  const U = [0, 1, 2].map((q) => ca * N[q] + sa * E[q]);
  const V = [0, 1, 2].map((q) => sa * N[q] - ca * E[q]);
  return { C, U, V };
}
const isClassIII = (res) => res % 2 === 1;

// hex2d of a point on face frame F at resolution res.
function geoToHex2d(F, P, res) {
  const pc = dot(P, F.C);
  let x = dot(P, F.U) / pc / RES0_U_GNOMONIC, y = dot(P, F.V) / pc / RES0_U_GNOMONIC;
  if (isClassIII(res)) {
    const c = Math.cos(AP7_ROT), s = Math.sin(AP7_ROT);
    [x, y] = [x * c + y * s, -x * s + y * c];
  }
  const sc = Math.pow(SQRT7, res);
  return [x * sc, y * sc];
}
// Point on the sphere (lat, lng radians) of hex2d v on face frame F.
function hex2dToGeo(F, v, res, substrate) {
  let [x, y] = v;
  let sc = Math.pow(SQRT7, res) * (substrate ? 3 : 1);
  x /= sc; y /= sc;
  if (!substrate && isClassIII(res)) {
    const c = Math.cos(AP7_ROT), s = Math.sin(AP7_ROT);
    [x, y] = [x * c - y * s, x * s + y * c];
  }
  x *= RES0_U_GNOMONIC; y *= RES0_U_GNOMONIC;
  const P = [0, 1, 2].map((q) => F.C[q] + x * F.U[q] + y * F.V[q]);
  return [Math.atan2(P[2], Math.hypot(P[0], P[1])), Math.atan2(P[1], P[0])];
}
function nearestFace(frames, P) {
  let best = 0, bd = -2;
  for (let f = 0; f < frames.length; f++) {
    const d = dot(P, frames[f].C);
    if (d > bd) { bd = d; best = f; }
  }
  return best;
}
// Face-frame digits (index 1..res) and resolution-0 IJK of a point.
function faceDigits(F, P, res) {
  const h = geoToHex2d(F, P, res);
  let c = hex2dToIjk(h[0], h[1]);
  const digits = new Array(res + 1).fill(0);
  for (let r = res; r >= 1; r--) {
    const last = c;
    let center;
    if (isClassIII(r)) { c = upAp7(c); center = downAp7(c); }
    else { c = upAp7r(c); center = downAp7r(c); }
    digits[r] = digitOf(sub(last, center));
  }
  return { digits, ijk0: c };
}

module.exports = {
  RES0_U_GNOMONIC, SQRT7, AP7_ROT, SIN60, DIGIT_VEC, normalize, add, sub, scale, eq,
  rot60ccw, rot60cw, downAp7, downAp7r, upAp7, upAp7r, digitOf, ijkToHex2d, hex2dToIjk,
  vec3, dot, faceFrame, geoToHex2d, hex2dToGeo, nearestFace, faceDigits, isClassIII,
};
