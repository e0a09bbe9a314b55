// Bundles src/ into dist/ for a fast start. Loading modules costs more than
// running them, so: a tiny cli.js (--version answers from it alone); the
// parser in program.js; each command and each rarely needed library in a
// chunk loaded on first use.
//
// dist/ is CommonJS: Node 20 loads a CommonJS file in a fraction of what an
// ES module costs (no loader start-up, no async read, resolve and link per
// file), which is most of a short command's time. esbuild splits code only
// for ES modules, so each output is bundled and split as ESM in memory, then
// rewritten to CommonJS file by file (`import()` of a chunk becomes a
// `require` in a promise); the source maps are carried through both steps.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// dist/ is not emptied first: hashed chunk names never collide, and a test run
// that is executing the CLI while another build runs keeps working (each file
// is replaced whole, by a rename).
const OUT = fileURLToPath(new URL('../dist/', import.meta.url));
// `--clean` (npm pack) starts from an empty dist/, so no chunk of an earlier build ships.
if (process.argv.includes('--clean')) rmSync(OUT, { recursive: true, force: true });
const minify = !process.env.NOMINIFY;
// Source maps (DEBUG=onboard maps stack traces to src/) are three quarters of a package:
// a development build has them; the package `npm pack` makes (`--clean`) only when asked,
// with `--sourcemaps` or ONBOARD_SOURCEMAPS=1.
const maps =
  !process.argv.includes('--clean') ||
  process.argv.includes('--sourcemaps') ||
  process.env.ONBOARD_SOURCEMAPS === '1';
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  // A package's ES-module build before its `main` (esbuild's order for Node is the reverse):
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20.17',
  // Inline here, so the CommonJS step below can carry the mapping on to src/.
  sourcemap: maps ? 'inline' : false,
  // Full minification: less to parse at every start. Stack traces map back to
  // src/ through the source maps (loaded when DEBUG=onboard).
  minify,
  legalComments: 'none',
  define: { __ONBOARD_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  // urllib (under ali-oss) requires proxy-agent only when URLLIB_ENABLE_PROXY is set; it is not installed.
  // lmdb is native: loaded from node_modules at run time, never bundled.
  external: ['proxy-agent', 'lmdb'],
  outdir: OUT,
  write: false,
};
const outputs = [
  // cli.js is tiny and reaches program.js through a path esbuild does not follow.
  ...(await build({ ...common, entryPoints: { cli: 'src/cli.ts' }, splitting: false })).outputFiles,
  // The parser's static graph lands in program.js; each command, and what is rarely
  // needed (prompts, spinner, the Chinese catalog, chalk, the SDKs), goes to chunks.
  ...(
    await build({
      ...common,
      entryPoints: { program: 'src/program.ts' },
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
    })
  ).outputFiles,
];

/** Replaces a file whole, so a CLI starting meanwhile reads the old one or the new one. */
function writeWhole(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

for (const file of outputs) {
  const esm = file.text;
  const cjs = await transform(esm, {
    format: 'cjs',
    platform: 'node',
    target: 'node20.17',
    minify,
    legalComments: 'none',
    // `import('./chunks/…')` → a promise of `require('./chunks/…')`.
    supported: { 'dynamic-import': false },
    // ES modules are strict; the code keeps running as it was written.
    banner: '"use strict";',
    sourcemap: maps ? 'external' : false,
    sourcefile: basename(file.path),
    logLevel: 'warning',
  });
  if (maps) {
    writeWhole(`${file.path}.map`, cjs.map);
    writeWhole(file.path, `${cjs.code}//# sourceMappingURL=${basename(file.path)}.map\n`);
  } else writeWhole(file.path, cjs.code);
}
// Every .js under dist/ is CommonJS, whatever the package's own type.
writeWhole(join(OUT, 'package.json'), '{\n  "type": "commonjs"\n}\n');
