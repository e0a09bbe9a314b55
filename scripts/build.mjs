// Bundles src/ into dist/ with code splitting: the entry stays tiny and every
// command, the prompt library and the simulated provider load only when used.
// `status`, which scripts run most, also gets one self-contained file: one
// module to load instead of a dozen chunks.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// dist/ is not emptied first: hashed chunk names never collide, and a test run
// that is executing the CLI while another build runs keeps working.
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  sourcemap: 'linked',
  // Full minification: less to parse at every start. Stack traces map back to
  // src/ through the source maps (loaded when DEBUG=onboard).
  minify: true,
  legalComments: 'none',
  define: { __ONBOARD_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
await build({
  ...common,
  entryPoints: { status: 'src/fast-status.ts' },
  outdir: 'dist',
  // One entry: all its static code lands in status.js; only what it imports
  // lazily (the Chinese catalog, chalk) goes to chunks of its own.
  splitting: true,
  chunkNames: 'chunks/status-[name]-[hash]',
  // Never reached from status; left out so the file stays small.
  external: ['@inquirer/prompts', 'ora', 'conf', 'commander'],
});
