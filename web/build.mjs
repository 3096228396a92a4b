// build.mjs - builds web/dist/: the app's files, MapLibre GL JS, and the
// offline basemap (Natural Earth 1:50m countries from world-atlas, turned
// from TopoJSON into GeoJSON with topojson-client). Run by `make web`.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature, mesh } from 'topojson-client';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
mkdirSync(dist, { recursive: true });

for (const f of readdirSync(join(here, 'src'))) copyFileSync(join(here, 'src', f), join(dist, f));

const ml = join(here, 'node_modules', 'maplibre-gl', 'dist');
copyFileSync(join(ml, 'maplibre-gl.js'), join(dist, 'maplibre-gl.js'));
copyFileSync(join(ml, 'maplibre-gl.css'), join(dist, 'maplibre-gl.css'));

const topo = JSON.parse(readFileSync(join(here, 'node_modules', 'world-atlas', 'countries-50m.json'), 'utf8'));
const land = feature(topo, topo.objects.land);
const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
const round = (g) => JSON.stringify(g, (k, v) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v));
writeFileSync(join(dist, 'land.geojson'), round(land));
writeFileSync(join(dist, 'borders.geojson'), round({ type: 'Feature', properties: {}, geometry: borders }));
console.log(`web/dist: app, maplibre-gl ${JSON.parse(readFileSync(join(ml, '..', 'package.json'))).version}, basemap written`);
