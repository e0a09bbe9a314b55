#!/usr/bin/env node
// The package ships what it runs: `npm pack` (its prepack builds dist/ from
// empty, without source maps unless asked) holds no source map, no test and
// no source; installed globally from the tarball into a temporary prefix, its
// `onboard` runs a whole scripted journey. Prints the tarball's size, what it
// unpacks to, and the size of the installed package with its dependencies
// (the README's figures). Run by .ci/run last: it rebuilds dist/ for the package.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'onboard-pack-'));
const fail = (why) => {
  console.error(`pack-check: ${why}`);
  process.exitCode = 1;
};
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
};
/** Bytes under a folder. */
const du = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;

try {
  const env = { ...process.env, ONBOARD_SOURCEMAPS: '' };
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, env }));
  const files = info.files.map((f) => f.path);
  const maps = files.filter((f) => f.endsWith('.map'));
  if (maps.length > 0) fail(`the package holds source maps: ${maps.slice(0, 3).join(', ')}`);
  const stray = files.filter((f) => !/^(bin\/|dist\/|package\.json$|README\.md$|LICENSE)/.test(f));
  if (stray.length > 0) fail(`the package holds files it does not run: ${stray.slice(0, 5).join(', ')}`);
  for (const need of ['bin/onboard.js', 'dist/cli.js', 'dist/program.js'])
    if (!files.includes(need)) fail(`the package lacks ${need}`);

  const prefix = join(work, 'prefix');
  const tarball = join(work, info.filename);
  run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { env });
  const installed = join(prefix, 'lib', 'node_modules', 'aliyun-onboard');
  const home = join(work, 'home');
  mkdirSync(home);
  const onboard = join(prefix, 'bin', 'onboard');
  const childEnv = {
    PATH: process.env.PATH,
    HOME: home,
    CI: 'true',
    NO_COLOR: '1',
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  };
  const journey = spawnSync(
    onboard,
    [
      '--config-dir',
      join(work, 'cfg'),
      '--email',
      'pack@example.com',
      '--password-stdin',
      '--identity-type',
      'individual',
      '--legal-name',
      'Li Lei',
      '--id-number',
      '11010519491231002X',
      '--no-root-key',
      '--ram-user',
      'onboard-admin',
      '--ram-csv',
      join(work, 'onboard-admin_AccessKey.csv'),
      '--product',
      'both',
      '--json',
    ],
    { encoding: 'utf8', input: 'Passw0rd!x\n', env: childEnv, cwd: work },
  );
  const status = journey.status === 0 ? JSON.parse(journey.stdout).status : undefined;
  if (status !== 'complete')
    fail(`the installed onboard did not complete a journey (${journey.status}): ${journey.stderr}`);
  console.log(
    `pack-check: ${files.length} files, tarball ${mib(info.size)}, unpacked ${mib(info.unpackedSize)}, ` +
      `installed with its dependencies ${mib(du(installed))}; a journey from the installed bin: ${status}`,
  );
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(work, { recursive: true, force: true });
}
