// Bundles src/ into dist/ for a fast start. Loading modules costs more than
// running them, so: a tiny cli.js (--version answers from it alone); the
// parser in program.js; each command and each rarely needed library in a
// chunk loaded on first use.
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// dist/ is not emptied first: hashed chunk names never collide, and a test run
// that is executing the CLI while another build runs keeps working.
/** See scripts/stubs/conf-unused.js: conf's optional validators, never used here. */
const confUnused = {
  name: 'conf-unused',
  setup(b) {
    const stub = fileURLToPath(new URL('./stubs/conf-unused.js', import.meta.url));
    b.onResolve({ filter: /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/ }, (args) =>
      args.importer.includes(`${sep}conf${sep}`) ? { path: stub } : undefined,
    );
  },
};

const common = {
  plugins: [confUnused],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  sourcemap: 'linked',
  // Full minification: less to parse at every start. Stack traces map back to
  // src/ through the source maps (loaded when DEBUG=onboard).
  minify: !process.env.NOMINIFY,
  legalComments: 'none',
  define: { __ONBOARD_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
  // urllib (under ali-oss) requires proxy-agent only when URLLIB_ENABLE_PROXY is set; it is not installed.
  external: ['proxy-agent'],
};
// cli.js is tiny and reaches the other two through paths esbuild does not follow.
await build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', splitting: false });
// The parser's static graph lands in program.js; each command, and what is rarely
// needed (prompts, spinner, conf, the Chinese catalog, chalk, the SDKs), goes to chunks.
await build({
  ...common,
  entryPoints: { program: 'src/program.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
