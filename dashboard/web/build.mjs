// Builds the browser side into ../wwwroot: bundles each page's TypeScript entry point with esbuild
// and copies the static HTML and CSS (plus uPlot's stylesheet). Everything is served by the .NET
// process itself; nothing is loaded from a CDN. The output depends only on the sources and the
// locked packages (no timestamps, no absolute paths), so two builds give identical files.
import { build } from 'esbuild';
import { cp, mkdir, readdir, rm, copyFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const result = await build({
  absWorkingDir: here,
  entryPoints,
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
});

const staticDir = join(here, 'static');
await cp(staticDir, out, { recursive: true });
await mkdir(join(out, 'css'), { recursive: true });
await copyFile(join(here, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(out, 'css', 'uPlot.min.css'));

const written = [...Object.keys(result.metafile.outputs).map((p) => relative(out, join(here, p))),
  ...(await listFiles(staticDir)).map((p) => relative(staticDir, p)), 'css/uPlot.min.css'].sort();
console.log(`built ${written.length} files into ${relative(process.cwd(), out) || '.'}`);
