/**
 * The README's CI example runs as written where the package is not
 * published: its install step installs the tarball `npm pack` makes (no
 * registry), and its script, with the example's environment, reaches
 * `status: complete` across runs. And the `sim serve` SDK example creates
 * its bucket in the setup's default region, so the command it suggests next
 * adopts that bucket as written.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGION } from '../../src/validate/index.js';
import { baseEnv, PASSWORD, ROOT, workspaces } from '../helpers/cli.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const has = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const setup = workspaces('readme');

/** The CI workflow excerpt: its install command, its script and its environment (GitHub's `${{ }}` filled in). */
function ciExample(fill: Record<string, string>) {
  const start = README.indexOf('# .github/workflows/cloud-setup.yml');
  expect(start, 'the README has the CI workflow excerpt').toBeGreaterThan(0);
  const yaml = README.slice(start, README.indexOf('```', start));
  const install = /- name: Install onboard\n {2}run: (.*?)(?: +#.*)?\n/.exec(yaml)?.[1];
  const script = /- name: Set up Alibaba Cloud\n {2}run: \|\n([\s\S]*?)\n {2}env:\n/.exec(yaml)?.[1];
  const envBlock = /\n {2}env:\n([\s\S]*)$/.exec(yaml)?.[1] ?? '';
  const expand = (v: string) => v.replace(/\$\{\{ *([\w.]+) *\}\}/g, (_m, name: string) => fill[name] ?? '');
  const env: Record<string, string> = {};
  for (const line of envBlock.split('\n')) {
    const m = /^ {4}([A-Z_]+): (.*)$/.exec(line);
    if (m) env[m[1] as string] = expand((m[2] as string).replace(/^"(.*)"$/, '$1'));
  }
  return { install, script: script?.replace(/^ {4}/gm, ''), env };
}

describe('the README', () => {
  it.skipIf(!has('jq') || !has('bash'))(
    'CI example: installed from the tarball npm pack makes, it runs as written until complete',
    () => {
      const { dir } = setup();
      const runnerTemp = join(dir, 'runner-temp');
      mkdirSync(runnerTemp);
      const { install, script, env } = ciExample({
        'secrets.ALIYUN_PASSWORD': PASSWORD,
        'runner.temp': runnerTemp,
      });
      expect(install, 'an "Install onboard" step').toBeDefined();
      expect(script, 'a "Set up Alibaba Cloud" step').toBeDefined();
      // What the example runs is what the install step put on PATH, not the (unpublished) registry package.
      expect(script).not.toMatch(/npx /);
      const tarball = /\.\/(\S+\/)?aliyun-onboard-[\w.-]+\.tgz/.exec(install ?? '')?.[0];
      expect(tarball, install).toBeDefined();

      // `npm pack` in this clone (dist/ is built already; the lifecycle build is skipped).
      const work = join(dir, 'workspace');
      const packed = join(dir, 'packed');
      mkdirSync(packed);
      const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packed], {
        cwd: ROOT,
        env: baseEnv({ npm_config_cache: join(dir, 'npm-cache') }),
        encoding: 'utf8',
      });
      expect(pack.status, pack.stderr).toBe(0);
      const made = readdirSync(packed).find((f) => f.endsWith('.tgz')) ?? '';
      const target = join(
        work,
        tarball?.replace(/^\.\//, '').replace(/aliyun-onboard-[\w.-]+\.tgz$/, '') ?? '',
      );
      mkdirSync(target, { recursive: true });
      // The README names the version it was written for; the tarball is this clone's.
      copyFileSync(
        join(packed, made),
        join(target, /aliyun-onboard-[\w.-]+\.tgz$/.exec(tarball ?? '')?.[0] ?? made),
      );

      const prefix = join(dir, 'prefix');
      const shellEnv = baseEnv({
        ...env,
        npm_config_prefix: prefix,
        npm_config_cache: join(dir, 'npm-cache'),
        // Everything but `lmdb` (the simulated cloud's native database, a runtime dependency with
        // its prebuilt binaries inside its registry packages) is in the tarball: npm fetches that one
        // tree from the registry, and nothing else.
        npm_config_prefer_online: 'false',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
        PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
        ONBOARD_SIM_REVIEW_SECONDS: '0',
      });
      const installed = spawnSync('bash', ['-e', '-c', install ?? ''], {
        cwd: work,
        env: shellEnv,
        encoding: 'utf8',
      });
      expect(installed.status, installed.stderr).toBe(0);

      // As many workflow runs as the reviews take (each one a job of its own).
      let out = '';
      for (let run = 0; run < 3 && !out.includes('status: complete'); run++) {
        const r = spawnSync('bash', ['-e', '-c', script ?? ''], {
          cwd: work,
          env: shellEnv,
          encoding: 'utf8',
        });
        expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
        out = r.stdout;
      }
      expect(out).toMatch(/^status: complete$/m);
      expect(existsSync(join(runnerTemp, 'ci-deployer_AccessKey.csv'))).toBe(true);
      expect(existsSync(join(work, '.onboard'))).toBe(true);
    },
    120_000,
  );

  it('the sim serve SDK example makes its bucket in the default region, which the next command uses', () => {
    const js = README.slice(README.indexOf('```js'), README.indexOf('```', README.indexOf('```js') + 5));
    expect(js).toMatch(/region: 'oss-([a-z0-9-]+)'/);
    expect(/region: 'oss-([a-z0-9-]+)'/.exec(js)?.[1]).toBe(DEFAULT_REGION);
    expect(js).toContain('onboard run --step oss --bucket my-emr-data');
    expect(js).not.toMatch(/--step oss --bucket my-emr-data --region/);
  });
});
