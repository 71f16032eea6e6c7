// Calls one exported function of the dashboard's TypeScript (dashboard/web/src/{module}.ts) with JSON
// arguments and prints its JSON result: the screen's pure figures tested without a browser.
// Usage: node web-module.mjs <module> <function> '<json array of arguments>'
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dashboard', 'web');
const { build } = createRequire(join(web, 'package.json'))('esbuild');
const [module, fn, args] = process.argv.slice(2);
const bundle = await build({
  entryPoints: [join(web, 'src', `${module}.ts`)], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'error',
});
const exports = await import('data:text/javascript;base64,' + Buffer.from(bundle.outputFiles[0].text).toString('base64'));
if (typeof exports[fn] !== 'function') throw new Error(`${module}.ts exports no function ${fn}`);
console.log(JSON.stringify(exports[fn](...JSON.parse(args))));
