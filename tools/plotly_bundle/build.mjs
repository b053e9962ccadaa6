// Bundles entry.js (plotly.js core + bar) into one minified browser script, the way
// plotly.js builds its own dist bundles (esbuild, iife, global `Plotly`, attribute
// descriptions stripped), minus the layout components no chart of ours uses.
//
// Usage: node build.mjs OUTFILE   (run by build.sh after `npm ci` of this directory)
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const VERSION = require('plotly.js/package.json').version;
const outfile = process.argv[2];
if (!outfile) throw new Error('usage: node build.mjs OUTFILE');

// Layout components plotly.js's core registers that no figure of ours uses (no range
// slider or selector, no buttons, sliders, images, subplot grids or 3D scenes). Nothing
// else in the bundle requires them; plotly.js looks them up in its registry and skips what
// is not registered. The figures keep using annotations, shapes, error bars, legends,
// hover (fx) and the mode bar, which stay.
const DROPPED_COMPONENTS = [
  'annotations3d',
  'images',
  'updatemenus',
  'sliders',
  'rangeslider',
  'rangeselector',
  'grid',
];

const CORE = /[\\/]plotly\.js[\\/]src[\\/]core\.js$/;
const SRC = /[\\/]plotly\.js[\\/]src[\\/].*\.js$/;

// plotly.js's own bundles drop the attribute metadata that only its documentation and
// schema read (descriptions, human-readable names, option lists). They are object properties
// whose values are strings, string arrays joined into one, or calls building such strings.
const METADATA_KEY = /([{,]\s*)(?:description|hrName|requiredOpts|otherOpts)\s*:/g;
const CLOSE = { '(': ')', '[': ']', '{': '}' };

// Where the property value starting at `from` ends: the first `,` or closing bracket outside
// any bracket, string or comment, which is where JavaScript's grammar ends it too.
function valueEnd(source, from) {
  const open = [];
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === "'" || c === '"' || c === '`') {
      for (i++; source[i] !== c; i++) if (source[i] === '\\') i++;
    } else if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
    } else if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i) + 1;
    } else if (CLOSE[c]) {
      open.push(CLOSE[c]);
    } else if (open.length && c === open[open.length - 1]) {
      open.pop();
    } else if (!open.length && (c === ',' || c === '}' || c === ']' || c === ')')) {
      return i;
    }
  }
  throw new Error(`unterminated property value at ${from}`);
}

function dropMetadata(source) {
  let out = '';
  let done = 0;
  for (const match of source.matchAll(METADATA_KEY)) {
    const start = match.index + match[1].length;
    if (start < done) continue; // inside a value already dropped
    const end = valueEnd(source, match.index + match[0].length);
    out += source.slice(done, start);
    done = source[end] === ',' ? end + 1 : end;
  }
  return out + source.slice(done);
}

function dropComponents(source) {
  let out = source;
  for (const name of DROPPED_COMPONENTS) {
    const line = new RegExp(`\\s*require\\('\\./components/${name}'\\),?`);
    if (!line.test(out)) {
      // A new plotly.js moved things around: stop rather than ship a different bundle.
      throw new Error(`plotly.js ${VERSION} src/core.js no longer registers ${name}`);
    }
    out = out.replace(line, '');
  }
  return out;
}

const trim = {
  name: 'klimatkontrakt-plotly-trim',
  setup(b) {
    b.onLoad({ filter: SRC }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      if (CORE.test(args.path)) source = dropComponents(source);
      source = dropMetadata(source);
      return { contents: source, loader: 'js' };
    });
    // src/registry.js imports maplibre-gl's stylesheet for map subplots, which this bundle
    // cannot draw; without this the stylesheet would be inlined for nothing.
    b.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/ }, () => ({
      path: 'maplibre-gl.css',
      namespace: 'klimatkontrakt-empty',
    }));
    b.onLoad({ filter: /.*/, namespace: 'klimatkontrakt-empty' }, () => ({
      contents: '',
      loader: 'js',
    }));
  },
};

// The same licence header as plotly.js's own dist files, naming what this one holds.
const distHeader = await readFile(require.resolve('plotly.js/dist/plotly.min.js'), 'utf8');
const copyright = distHeader.slice(0, 400).match(/Copyright [^\n]*/);
if (!copyright) throw new Error('no copyright line in plotly.js/dist/plotly.min.js');
const header = `/**
* plotly.js ${VERSION} partial bundle for Klimatkontrakt 2030 (scatter, bar - minified)
* Built by tools/plotly_bundle (make vendor) from the plotly.js npm package.
* ${copyright[0]}
* All rights reserved.
* Licensed under the MIT license
*/`;

await build({
  entryPoints: [new URL('./entry.js', import.meta.url).pathname],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'Plotly',
  target: 'es2016',
  sourcemap: false,
  legalComments: 'eof',
  plugins: [trim],
  // As plotly.js's own esbuild config: Node's `global` is the window, and a page's AMD
  // loader (if any) must not capture the bundled libraries.
  define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
  banner: { js: header },
  footer: { js: 'window.Plotly = Plotly;' }, // what static/js/charts.js looks for
  logLevel: 'warning',
});
