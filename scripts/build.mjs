// Bundles src/ into dist/ with code splitting: the entry stays tiny and every
// command, the prompt library and the simulated provider load only when used.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// dist/ is not emptied first: hashed chunk names never collide, and a test run
// that is executing the CLI while another build runs keeps working.
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  sourcemap: 'linked',
  // Full minification: less to parse at every start. Stack traces map back to
  // src/ through the source maps (loaded when DEBUG=onboard).
  minify: true,
  keepNames: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __ONBOARD_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
