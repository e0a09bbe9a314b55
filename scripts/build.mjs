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
//
// esbuild puts code that program.js and a lazy chunk share in chunks of its own
// (it cannot know program.js is always loaded first): some twenty files that
// every command line loads. Each file costs a resolve, a read and a compile
// (most of a status check's time), so a second esbuild pass bundles program.js
// with every chunk it imports statically into one file, and bundles each lazy
// chunk again to import those modules from program.js.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
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
  ...(await joinStaticChunks(
    await build({
      ...common,
      entryPoints: { program: 'src/program.ts' },
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      metafile: true,
    }),
  )),
];

/**
 * The split build's outputs with program.js and the chunks it imports statically
 * (transitively) bundled into one program.js. The lazy chunks are bundled again
 * with their imports of those chunks answered by program.js, so that no module is
 * ever loaded twice; the chunks joined into program.js are not written.
 *
 * program.js hands the joined modules on through one function, `joinedChunks()`,
 * whose table of getters (live, as ES module bindings are) is built on the first
 * call: exporting some three hundred names from program.js itself would cost
 * every start about a millisecond, though most never load a lazy chunk.
 */
async function joinStaticChunks({ outputFiles, metafile }) {
  const program = join(OUT, 'program.js');
  const byPath = new Map(outputFiles.map((f) => [f.path, f]));
  const meta = (file) => metafile.outputs[relative(process.cwd(), file)];
  const joined = new Set();
  const visit = (file) => {
    for (const i of meta(file).imports) {
      const chunk = resolve(i.path);
      if (i.kind === 'import-statement' && byPath.has(chunk) && !joined.has(chunk)) {
        joined.add(chunk);
        visit(chunk);
      }
    }
  };
  visit(program);
  /** A joined chunk's name in the table, and the local name of its export `name` in program.js. */
  const tableName = (chunk) => basename(chunk, '.js').replace(/\W/g, '_');
  const local = (chunk, name) => `${tableName(chunk)}$${name}`;
  /** How the file `from` names the file `to` in an import. */
  const relativeTo = (from, to) => {
    const path = relative(dirname(from), to);
    return path.startsWith('../') ? path : `./${path}`;
  };
  const entry = [
    `export * from ${JSON.stringify(relativeTo(program, program))};`,
    ...[...joined].map((c) => {
      const names = meta(c).exports.map((n) => `${n} as ${local(c, n)}`);
      return `import { ${names.join(', ')} } from ${JSON.stringify(relativeTo(program, c))};`;
    }),
    'let joined;',
    'export function joinedChunks() {',
    '  return (joined ??= {',
    ...[...joined].map((c) => {
      const getters = meta(c).exports.map((n) => `get ${n}() { return ${local(c, n)}; }`);
      return `    ${tableName(c)}: { ${getters.join(', ')} },`;
    }),
    '  });',
    '}',
  ].join('\n');
  // From memory; as files, so that their source maps' paths are read from where they are.
  const load = (b) =>
    b.onLoad({ filter: /\.js$/ }, (a) =>
      byPath.has(a.path) ? { contents: byPath.get(a.path).text, loader: 'js' } : undefined,
    );
  const intoProgram = {
    name: 'into-program',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (a) => {
        const file = resolve(a.resolveDir, a.path);
        // A lazy chunk stays a file of its own, named from where the joined program.js is.
        if (a.kind === 'dynamic-import') return { path: relativeTo(program, file), external: true };
        return { path: file };
      });
      load(b);
    },
  };
  const [joinedProgram] = (
    await build({
      ...common,
      stdin: { contents: entry, resolveDir: OUT, sourcefile: 'program-entry.js' },
      outdir: undefined,
      outfile: program,
      plugins: [intoProgram],
    })
  ).outputFiles;
  const lazy = outputFiles.filter((f) => f.path !== program && !joined.has(f.path));
  const fromProgram = {
    name: 'from-program',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'entry-point' ? { path: a.path } : undefined));
      b.onResolve({ filter: /^\.\.?\// }, (a) => {
        const file = resolve(a.resolveDir, a.path);
        // Another lazy chunk: named as before (the chunk is written where it was).
        if (!joined.has(file)) return { path: a.path, external: true };
        return { path: file, namespace: 'joined', pluginData: relativeTo(a.importer, program) };
      });
      // A joined chunk, as a lazy chunk imports it: its getters in program.js.
      b.onLoad({ filter: /.*/, namespace: 'joined' }, (a) => ({
        contents: `module.exports = require(${JSON.stringify(a.pluginData)}).joinedChunks().${tableName(a.path)};`,
      }));
      b.onResolve({ filter: /program\.js$/, namespace: 'joined' }, (a) => ({ path: a.path, external: true }));
      load(b);
    },
  };
  const relinked = lazy.length
    ? (
        await build({
          ...common,
          entryPoints: lazy.map((f) => f.path),
          outbase: OUT,
          entryNames: '[dir]/[name]',
          plugins: [fromProgram],
        })
      ).outputFiles
    : [];
  return [joinedProgram, ...relinked];
}

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
