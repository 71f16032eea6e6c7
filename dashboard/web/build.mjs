// Builds the browser side into ../wwwroot: bundles each page's TypeScript entry point with esbuild
// and copies the static HTML and CSS (plus uPlot's stylesheet). Everything is served by the .NET
// process itself; nothing is loaded from a CDN. The output depends only on the sources and the
// locked packages (no timestamps, no absolute paths), so two builds give identical files.
// MapLibre GL's web worker is copied as its own file (js/maplibre-gl-worker.js) and loaded from this origin,
// so the Content-Security-Policy needs no blob: workers; its stylesheet is copied like uPlot's.
// Last, the phone pages' service worker (sw.js) is bundled with the list of their shell's files and a
// content hash of each, so a phone keeps exactly the shell this build serves (see src/offline/sw.ts).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, copyFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { icons } from './icons.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'wwwroot');

const entryPoints = {
  'js/command-centre': 'src/pages/command-centre.ts',
  'js/login': 'src/pages/login.ts',
  'js/whistle': 'src/pages/whistle.ts',
  'js/orders': 'src/pages/orders.ts',
  'js/audit': 'src/pages/audit.ts',
  'js/reports': 'src/pages/reports.ts',
  'js/lighting': 'src/pages/lighting.ts',
  // the phone pages' small map, loaded only when asked for (map/spot-map-loader.ts)
  'js/spot-map': 'src/map/spot-map.ts',
};

async function listFiles(dir) {
  const found = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(path)));
    else found.push(path);
  }
  return found;
}

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

/** The phone pages' shell: what the service worker keeps so that they open without a signal. */
const shell = [
  'handheld/whistle.html', 'handheld/orders.html', 'login.html',
  'js/whistle.js', 'js/orders.js', 'js/login.js',
  'css/common.css', 'css/handheld.css', 'css/login.css',
  'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png',
];

/**
 * The phone's map (吹哨's spot, 我的工单's way): kept by the service worker the first time it is used, not at
 * install. It is about 460 KB compressed: on one bar of signal, or a small data plan, the install would take it
 * whether the map is ever used or not, and one file failing stops the whole shell from installing.
 */
const phoneMap = ['js/spot-map.js', 'css/maplibre-gl.css', 'js/maplibre-gl-worker.js'];

const options = {
  absWorkingDir: here,
  outdir: out,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
  minify: true,
  // No source maps in what is served: they would hand out the sources. `npm run build -- --sourcemap` for debugging.
  sourcemap: process.argv.includes('--sourcemap') ? 'linked' : false,
  sourcesContent: false,
  legalComments: 'linked',
  charset: 'utf8',
  logLevel: 'warning',
  metafile: true,
  // MapLibre looks for its worker beside its own module (import.meta.url); an IIFE bundle has no such URL and
  // the page names the worker's file itself (map/maplibre.ts), so the lookup is given an empty one.
  define: { 'import.meta.url': '""' },
};
const result = await build({ ...options, entryPoints });

const staticDir = join(here, 'static');
await cp(staticDir, out, { recursive: true });
await mkdir(join(out, 'css'), { recursive: true });
await copyFile(join(here, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(out, 'css', 'uPlot.min.css'));
await copyFile(join(here, 'node_modules', 'maplibre-gl', 'dist', 'maplibre-gl.css'), join(out, 'css', 'maplibre-gl.css'));
await copyFile(join(here, 'node_modules', 'maplibre-gl', 'dist', 'maplibre-gl-worker.mjs'), join(out, 'js', 'maplibre-gl-worker.js'));

await mkdir(join(out, 'icons'), { recursive: true });
for (const [name, bytes] of Object.entries(icons())) await writeFile(join(out, name), bytes);

const revisions = async (files) => Promise.all(files.map(async (file) =>
  ({ url: '/' + file, revision: createHash('sha256').update(await readFile(join(out, file))).digest('hex').slice(0, 16) })));
const worker = await build({
  ...options, entryPoints: { sw: 'src/offline/sw.ts' },
  define: { ...options.define, __PRECACHE__: JSON.stringify(await revisions(shell)), __PHONE_MAP__: JSON.stringify(await revisions(phoneMap)) },
});

const written = [...Object.keys(result.metafile.outputs), ...Object.keys(worker.metafile.outputs)].map((p) => relative(out, join(here, p)))
  .concat((await listFiles(staticDir)).map((p) => relative(staticDir, p)), 'css/uPlot.min.css', 'css/maplibre-gl.css', 'js/maplibre-gl-worker.js', ...Object.keys(icons())).sort();
console.log(`built ${written.length} files into ${relative(process.cwd(), out) || '.'}`);
