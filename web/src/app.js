// app.js - the jamwatch map: stored windows of H3 cells with a time slider
// and a live mode, emitter estimates with their 95 % regions, spoofed
// positions linked to true ones, aircraft and ships with their GNSS
// integrity state, and details (counts, affected targets, time series) on
// click. Everything comes from the service's API (docs/api.md); the
// basemap is local (land.geojson, borders.geojson), no tile server.

const $ = (id) => document.getElementById(id);
const state = { windows: [], index: -1, live: true, cells: null };

async function api(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: ${r.status} ${(await r.json()).error || ''}`);
  return r.json();
}

const fmtTime = (t) => new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const pct = (x) => (x == null ? '-' : `${(100 * x).toFixed(1)} %`);
const empty = () => ({ type: 'FeatureCollection', features: [] });

const map = new maplibregl.Map({
  container: 'map',
  center: [127.5, 37.5],
  zoom: 5,
  attributionControl: false,
  style: {
    version: 8,
    sources: {
      land: { type: 'geojson', data: 'land.geojson' },
      borders: { type: 'geojson', data: 'borders.geojson' },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#a9c9e4' } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': '#f2efe6' } },
      { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': '#9a8f84', 'line-width': 0.8 } },
    ],
  },
});
map.addControl(new maplibregl.NavigationControl(), 'top-right');
map.addControl(new maplibregl.AttributionControl({ customAttribution: 'Natural Earth' }));

// Cell colour: spoofing (purple) when established, else gpsjam classes.
const cellColour = ['case',
  ['==', ['get', 'spoof_alarm'], 1], '#8e44ad',
  ['==', ['get', 'cls'], 3], '#d7191c',
  ['==', ['get', 'cls'], 2], '#f2c200',
  ['==', ['get', 'cls'], 1], '#2e9e44',
  '#bbbbbb'];

function addLayers() {
  for (const id of ['cells', 'regions', 'emitters', 'links', 'targets'])
    map.addSource(id, { type: 'geojson', data: empty() });
  map.addLayer({ id: 'cells', type: 'fill', source: 'cells',
    paint: { 'fill-color': cellColour, 'fill-opacity': 0.55 } });
  map.addLayer({ id: 'cells-line', type: 'line', source: 'cells',
    paint: { 'line-color': cellColour, 'line-width': 1 } });
  map.addLayer({ id: 'links', type: 'line', source: 'links',
    paint: { 'line-color': '#8e44ad', 'line-width': 1.5, 'line-dasharray': [2, 2] } });
  map.addLayer({ id: 'regions', type: 'line', source: 'regions',
    paint: { 'line-color': '#000', 'line-width': 2 } });
  map.addLayer({ id: 'targets', type: 'circle', source: 'targets',
    paint: {
      'circle-radius': ['case', ['==', ['get', 'domain'], 'sea'], 3, 2.5],
      'circle-color': ['match', ['get', 'state'], 'bad', '#e31a1c', 'ok',
        ['case', ['==', ['get', 'domain'], 'sea'], '#33a0a0', '#1f78b4'], '#999999'],
      'circle-stroke-width': ['case', ['==', ['get', 'domain'], 'sea'], 1, 0],
      'circle-stroke-color': '#114',
    } });
  map.addLayer({ id: 'emitters', type: 'circle', source: 'emitters',
    paint: { 'circle-radius': 7, 'circle-color': '#000', 'circle-stroke-color': '#fff',
      'circle-stroke-width': 2 } });
  map.on('click', 'cells', (e) => showCell(e.features[0]));
  map.on('click', 'emitters', (e) => showEmitter(e.features[0].properties));
  for (const l of ['cells', 'emitters'])
    map.on('mouseenter', l, () => (map.getCanvas().style.cursor = 'pointer'));
}

// The 95 % ellipse of an estimate as a closed ring (km -> degrees locally).
function ellipse(e, n = 48) {
  const a = e.err_major_km || 1, b = e.err_minor_km || a, th = ((e.err_orient_deg || 0) * Math.PI) / 180;
  const ring = [];
  for (let i = 0; i <= n; i++) {
    const u = (2 * Math.PI * i) / n, x = a * Math.cos(u), y = b * Math.sin(u);
    const north = x * Math.cos(th) - y * Math.sin(th), east = x * Math.sin(th) + y * Math.cos(th);
    ring.push([e.lon + east / (111.32 * Math.cos((e.lat * Math.PI) / 180)), e.lat + north / 110.57]);
  }
  return ring;
}

async function loadWindows() {
  const w = await api('/api/windows?limit=2000');
  state.windows = w.sort((a, b) => a.t0 - b.t0);
  const s = $('slider');
  s.max = Math.max(0, state.windows.length - 1);
  s.disabled = state.windows.length === 0;
  if (state.live || state.index < 0) state.index = state.windows.length - 1;
  s.value = state.index;
}

async function showWindow() {
  const w = state.windows[state.index];
  if (!w) {
    $('when').textContent = 'no closed window yet';
    return;
  }
  $('when').textContent = `${fmtTime(w.t0)} - ${fmtTime(w.t1).slice(11)} · ${w.cells} cells, ${w.alarms} alarms`;
  const [cells, emitters, incidents] = await Promise.all([
    api(`/api/cells?window=${w.t0}&limit=50000`),
    // Estimates made up to this window's end (the latest window: all so far).
    api(`/api/emitters?from=${w.t0 - 6 * 3600}` +
      (state.index === state.windows.length - 1 ? '' : `&to=${w.t1 + 1e-3}`)),
    api(`/api/incidents?from=${w.t0}&to=${w.t1}&limit=2000`),
  ]);
  state.cells = cells;
  state.incidents = incidents;
  map.getSource('cells').setData(cells);
  map.getSource('emitters').setData({ type: 'FeatureCollection', features: emitters.map((e) => ({
    type: 'Feature', properties: e, geometry: { type: 'Point', coordinates: [e.lon, e.lat] } })) });
  map.getSource('regions').setData({ type: 'FeatureCollection', features: emitters.map((e) => ({
    type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: ellipse(e) } })) });
  const links = incidents.filter((i) => i.fake_lat != null && i.last_good_lat != null).map((i) => ({
    type: 'Feature', properties: {},
    geometry: { type: 'LineString', coordinates: [[i.fake_lon, i.fake_lat], [i.last_good_lon, i.last_good_lat]] } }));
  map.getSource('links').setData({ type: 'FeatureCollection', features: links });
}

async function loadTargets() {
  map.getSource('targets').setData(await api('/api/targets?limit=50000'));
}

async function loadStatus() {
  const [s, feeds] = await Promise.all([api('/api/stats'), api('/api/feeds')]);
  const t = s.targets;
  const healthy = feeds.filter((f) => ['connected', 'running', 'listening', 'done'].includes(f.state)).length;
  $('status').textContent = `feeds ${healthy}/${feeds.length} · aircraft ${t.air.ok + t.air.bad + t.air.unknown}` +
    ` (${t.air.bad} degraded) · ships ${t.sea.ok + t.sea.bad + t.sea.unknown} · ${s.messages} msgs` +
    (s.analysis ? '' : ' · analysis engine not running');
  $('status').title = feeds.map((f) => `${f.name}: ${f.state} ${f.error}`).join('\n');
}

// Point in a polygon ring (lon/lat), for incidents inside a clicked cell.
function inside(pt, ring) {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > pt[1]) !== (yj > pt[1]) && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function chart(series) {
  const pts = series.slice().sort((a, b) => a.t0 - b.t0);
  if (pts.length === 0) return '';
  const t0 = pts[0].t0, t1 = pts[pts.length - 1].t1, W = 300, H = 100;
  const x = (t) => (t1 > t0 ? ((t - t0) / (t1 - t0)) * (W - 10) + 5 : W / 2);
  const y = (v) => H - 5 - v * (H - 10);
  const line = (k, colour) => `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${
    pts.map((p) => `${x((p.t0 + p.t1) / 2).toFixed(1)},${y(p[k] || 0).toFixed(1)}`).join(' ')}"/>`;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}">${line('level', '#d7191c')}${line('spoof_level', '#8e44ad')}</svg>
    <div><span style="color:#d7191c">&#9644; jamming level</span> <span style="color:#8e44ad">&#9644; spoofing level</span>
    · ${fmtTime(t0)} &rarr; ${fmtTime(t1)}</div>`;
}

function openDetails(html) {
  $('details-body').innerHTML = html;
  $('details').hidden = false;
}

async function showCell(f) {
  const p = f.properties;
  const ring = f.geometry.coordinates[0];
  const affected = (state.incidents || []).filter((i) => i.last_good_lat != null &&
    inside([i.last_good_lon, i.last_good_lat], ring));
  const rows = [['aircraft: good / degraded / spoofed', `${p.good_air} / ${p.deg_air} / ${p.spoof_air}`],
    ['ships: good / degraded / spoofed', `${p.good_sea} / ${p.deg_sea} / ${p.spoof_sea}`],
    ['interference level', `${pct(p.level)} (95 %: ${pct(p.level_lo)} - ${pct(p.level_hi)})`],
    ['spoofing level', pct(p.spoof_level)], ['alarm', p.alarm ? 'yes' : 'no']];
  openDetails(`<h2>Cell ${p.cell}</h2><div>${fmtTime(p.t0)} - ${fmtTime(p.t1).slice(11)}</div>
    <table>${rows.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('')}</table>
    <h3>Affected aircraft and ships</h3><ul id="affected">${affected.map((i) =>
      `<li>${i.domain === 'air' ? 'aircraft ' + i.target.toString(16).padStart(6, '0') : 'ship ' + i.target}: ${i.kind}</li>`).join('') || '<li>none listed</li>'}</ul>
    <h3>History</h3><div id="series">loading...</div>`);
  const s = await api(`/api/cell?cell=${p.cell}&limit=500`);
  $('series').innerHTML = chart(s.series) || 'no history';
}

async function showEmitter(e) {
  const [events, incidents] = await Promise.all([api(`/api/events?event=${e.event_id}`),
    api(`/api/incidents?event=${e.event_id}&limit=200`)]);
  const ev = events[0] || {};
  openDetails(`<h2>Estimated ${e.kind} source</h2><table>
    <tr><td>position</td><td>${(+e.lat).toFixed(3)}, ${(+e.lon).toFixed(3)}</td></tr>
    <tr><td>95 % region</td><td>${(+e.err_major_km).toFixed(0)} x ${(+e.err_minor_km).toFixed(0)} km</td></tr>
    <tr><td>reach</td><td>${e.reach_km == null || e.reach_km === 'null' ? '-' : (+e.reach_km).toFixed(0) + ' km'}</td></tr>
    <tr><td>observations</td><td>${e.n_obs}</td></tr>
    <tr><td>event</td><td>${ev.start ? fmtTime(ev.start) + ' - ' + fmtTime(ev.end).slice(11) : '-'}${ev.open ? ' (ongoing)' : ''}</td></tr>
    <tr><td>affected</td><td>${ev.n_air ?? '-'} aircraft, ${ev.n_sea ?? '-'} ships</td></tr></table>
    <h3>Affected targets</h3><ul>${incidents.map((i) => `<li>${i.domain} ${i.domain === 'air' ?
      i.target.toString(16).padStart(6, '0') : i.target}: ${i.kind}</li>`).join('') || '<li>none listed</li>'}</ul>`);
}

function listen() {
  const es = new EventSource('/api/stream');
  es.addEventListener('window', async () => {
    await loadWindows();
    if (state.live) await showWindow();
  });
  es.addEventListener('alarm', (m) => {
    const a = JSON.parse(m.data);
    $('status').textContent = `ALARM: ${a.kind} near ${a.lat.toFixed(2)}, ${a.lon.toFixed(2)}`;
  });
}

$('slider').addEventListener('input', async (e) => {
  state.index = +e.target.value;
  state.live = state.index === state.windows.length - 1;
  $('live').checked = state.live;
  await showWindow();
});
$('live').addEventListener('change', async (e) => {
  state.live = e.target.checked;
  if (state.live) {
    state.index = state.windows.length - 1;
    $('slider').value = state.index;
    await showWindow();
  }
});
$('close').addEventListener('click', () => ($('details').hidden = true));

map.on('load', async () => {
  addLayers();
  await loadWindows();
  await showWindow();
  await Promise.all([loadTargets(), loadStatus()]);
  listen();
  setInterval(() => { if (state.live) loadTargets().catch(() => {}); loadStatus().catch(() => {}); }, 5000);
  document.body.dataset.ready = '1';
});
window.jamwatch = { state, map, showWindow, loadWindows };
