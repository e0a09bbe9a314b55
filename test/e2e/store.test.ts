/**
 * The local store as the CLI uses it (SPEC §8): one file per profile, the
 * earlier `state.json` migrated (also when a run is killed in the middle),
 * profile names that are Object.prototype members, FIFOs where a store file
 * should be, profiles that never block each other, and each file read once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  baseEnv,
  journeyArgs,
  onboard,
  onboardAsync,
  PASSWORD,
  profilePath,
  readProfile,
  type StoredProfile,
  workspaces,
} from '../helpers/cli.js';

const setup = workspaces('store');

/** A finished setup of `default`, its profile as stored, and its file removed (for tests that build a store). */
function finished(): { dir: string; cfg: string; profile: Omit<StoredProfile, 'version'> } {
  const { dir, cfg } = setup();
  const r = onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const { version: _, ...profile } = readProfile(cfg);
  return { dir, cfg, profile };
}

/** The earlier one-file store holding `names`, each a copy of `profile`; no profiles' folder. */
function legacyStore(cfg: string, profile: object, names: readonly string[]): string {
  rmSync(join(cfg, 'profiles'), { recursive: true, force: true });
  const profiles = Object.fromEntries(names.map((n) => [n, profile]));
  const file = join(cfg, 'state.json');
  writeFileSync(file, `${JSON.stringify({ version: 2, profiles }, null, 2)}\n`, { mode: 0o600 });
  return file;
}

const statusOf = (cfg: string, dir: string, profile = 'default') => {
  const r = onboard(cfg, ['--profile', profile, 'status', '--json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { status: string; known: boolean };
};

describe('an existing state.json', () => {
  it('is used as it is by reading commands, and split into one file per profile by the first write', () => {
    const { dir, cfg, profile } = finished();
    const file = legacyStore(cfg, profile, ['default', 'constructor', 'ci']);
    const text = readFileSync(file, 'utf8');
    expect(statusOf(cfg, dir)).toMatchObject({ status: 'complete', known: true });
    expect(statusOf(cfg, dir, 'constructor')).toMatchObject({ status: 'complete', known: true });
    const listed = onboard(cfg, ['profiles', '--json'], { cwd: dir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).profiles.map((p: { name: string }) => p.name)).toEqual([
      'ci',
      'constructor',
      'default',
    ]);
    // Reading changed nothing.
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(join(cfg, 'profiles'))).toBe(false);

    // The first write: `reset` of one profile splits the store, then removes that profile's file.
    const reset = onboard(cfg, ['--profile', 'ci', 'reset', '--yes'], { cwd: dir });
    expect(reset.code, reset.stderr).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(join(cfg, 'state.json.migrated'), 'utf8')).toBe(text);
    expect(readdirSync(join(cfg, 'profiles')).sort()).toEqual(['constructor.json', 'default.json']);
    expect(readProfile(cfg, 'constructor')).toEqual({ version: 3, ...profile });
    expect(statSync(join(cfg, 'profiles')).mode & 0o777).toBe(0o700);
    expect(statSync(profilePath(cfg, 'constructor')).mode & 0o777).toBe(0o600);
    expect(statusOf(cfg, dir)).toMatchObject({ status: 'complete', known: true });
    expect(statusOf(cfg, dir, 'ci')).toMatchObject({ known: false });
  });

  it('a kill at any moment of the split leaves the old layout in use or the new one complete', async () => {
    // At least one kill must land in the split for this to mean anything: a faster machine than the
    // delays assume gets another try with shorter ones (each try checks everything it saw).
    let landed = 0;
    for (let scale = 1; landed === 0 && scale > 0.05; scale /= 2) landed = await splitUnderKills(scale);
    expect(landed).toBeGreaterThan(0);
  });

  async function splitUnderKills(scale: number): Promise<number> {
    const { dir, cfg, profile } = finished();
    const names = Array.from({ length: 300 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const file = legacyStore(cfg, profile, ['default', ...names]);
    const text = readFileSync(file, 'utf8');
    const reset = new Set<string>();
    // A reset killed after its write may or may not have removed its own profile's file.
    const killed = new Set<string>();
    const expected = () => ['default', ...names].filter((n) => !reset.has(n)).map((n) => `${n}.json`);
    let splitKilled = 0;
    for (let i = 0; i < 8 && existsSync(file); i++) {
      // `reset` of one profile: the first write, so it splits the store, then removes that profile's file.
      const name = names[i] ?? '';
      const { child, done } = onboardAsync(cfg, ['--profile', name, 'reset', '--yes'], { cwd: dir });
      const timer = setTimeout(() => child.kill('SIGKILL'), Math.floor((80 + Math.random() * 400) * scale));
      const r = await done;
      clearTimeout(timer);
      if (r.signal !== 'SIGKILL') {
        expect(r.code, r.stderr).toBe(0);
        reset.add(name);
      } else killed.add(`${name}.json`);
      if (existsSync(file)) {
        // The old layout: whole, and the one in use.
        if (r.signal === 'SIGKILL') splitKilled++;
        expect(readFileSync(file, 'utf8')).toBe(text);
        expect(statusOf(cfg, dir, 'p299')).toMatchObject({ status: 'complete', known: true });
      } else {
        // The new one: complete (the killed run may or may not have removed its own profile yet).
        const files = readdirSync(join(cfg, 'profiles')).filter((f) => f.endsWith('.json'));
        expect(files.filter((f) => f !== `${name}.json`).sort()).toEqual(
          expected().filter((f) => f !== `${name}.json`),
        );
      }
    }
    // Whatever happened, the next write finishes the job.
    const last = onboard(cfg, ['--profile', 'p299', 'reset', '--yes'], { cwd: dir });
    expect(last.code, last.stderr).toBe(0);
    reset.add('p299');
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(join(cfg, 'state.json.migrated'), 'utf8')).toBe(text);
    const files = readdirSync(join(cfg, 'profiles')).sort();
    for (const f of expected()) if (!killed.has(f)) expect(files).toContain(f);
    expect(files.filter((f) => /\.tmp-/.test(f))).toEqual([]);
    expect(readProfile(cfg, 'p298')).toEqual({ version: 3, ...profile });
    expect(statusOf(cfg, dir, 'p298')).toMatchObject({ status: 'complete', known: true });
    return splitKilled;
  }
});

describe('profile names that are Object.prototype members', () => {
  it('--profile constructor runs, reports and lists like any other profile', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['--profile', 'constructor', ...journeyArgs(dir)], {
      input: `${PASSWORD}\n`,
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(statusOf(cfg, dir, 'constructor')).toMatchObject({ status: 'complete', known: true });
    const human = onboard(cfg, ['--profile', 'constructor', 'status'], { cwd: dir });
    expect(human.code, human.stderr).toBe(0);
    expect(statusOf(cfg, dir)).toMatchObject({ known: false });
    const listed = onboard(cfg, ['profiles', '--json'], { cwd: dir });
    expect(JSON.parse(listed.stdout).profiles).toEqual([
      expect.objectContaining({ name: 'constructor', status: 'complete' }),
    ]);
    expect(readdirSync(join(cfg, 'profiles'))).toEqual(['constructor.json']);
  });

  it.each([
    'toString',
    '__proto__',
    'hasOwnProperty',
  ])('--profile %s is not a profile name: exit 2, no crash', (name) => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['--profile', name, 'status'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--profile');
    expect(r.stderr).not.toMatch(/\n\s+at |Unexpected failure/);
  });
});

describe.runIf(process.platform !== 'win32')('a FIFO where a store file should be', () => {
  /** Runs with a deadline: a command blocked in an open() of the FIFO would be killed, and fail the test. */
  const run = (cfg: string, dir: string, args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, '--config-dir', cfg, ...args], {
      env: baseEnv(),
      cwd: dir,
      input: `${PASSWORD}\n`,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(r.signal, `${args.join(' ')} hung`).toBeNull();
    return r;
  };

  for (const [where, path] of [
    ["the profile's file", (cfg: string) => profilePath(cfg)],
    ['state.json', (cfg: string) => join(cfg, 'state.json')],
    ["the profile's lock", (cfg: string) => join(cfg, 'default.lock')],
  ] as const) {
    it(`${where}: exit 5 naming it, at once; reset --yes moves it aside`, () => {
      const { dir, cfg } = finished();
      const fifo = path(cfg);
      rmSync(fifo, { force: true });
      execFileSync('mkfifo', [fifo]);
      // `status` and `profiles` never take the lock; every command reads the store.
      const commands =
        where === "the profile's lock"
          ? [journeyArgs(dir), ['reset', '--yes']]
          : [['status'], ['status', '--json'], ['profiles'], journeyArgs(dir)];
      for (const args of commands) {
        const r = run(cfg, dir, args);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(5);
        expect(r.stdout + r.stderr).toContain(fifo);
        expect(r.stderr).not.toMatch(/\n\s+at |Unexpected failure/);
      }
      if (where === "the profile's lock") return;
      const reset = run(cfg, dir, ['reset', '--yes']);
      expect(reset.status, reset.stderr).toBe(0);
      expect(existsSync(fifo)).toBe(false);
      expect(run(cfg, dir, ['status', '--json']).status).toBe(0);
    });
  }
});

describe('profiles are independent', () => {
  it('runs on different profiles at once all finish (their locks are apart); two on one profile: one exits 5', async () => {
    const { dir, cfg } = setup();
    const env = { ONBOARD_SIM_LATENCY_MS: '150' };
    const csv = (n: string) => ['--csv', join(dir, `${n}.csv`)];
    const args = (n: string) => [
      '--profile',
      n,
      ...journeyArgs(dir).filter((a) => !a.endsWith('AccessKey.csv') && a !== '--csv'),
      ...csv(n),
      '--email',
      `${n}@example.com`,
    ];
    const runs = ['alpha', 'beta', 'gamma'].map((n) =>
      onboardAsync(cfg, args(n), { input: `${PASSWORD}\n`, env, cwd: dir }),
    );
    const same = onboardAsync(cfg, args('alpha'), { input: `${PASSWORD}\n`, env, cwd: dir });
    const [alpha, beta, gamma] = await Promise.all(runs.map((r) => r.done));
    for (const r of [beta, gamma]) expect(r?.code, r?.stderr).toBe(0);
    // alpha twice at the same moment: one holds the lock, the other finds it held (or, if it came
    // second, a finished setup).
    const second = await same.done;
    const pair = [alpha, second].sort((x, y) => (x?.code ?? 0) - (y?.code ?? 0));
    expect(pair.map((r) => r?.code)).toContain(0);
    const loser = pair[1];
    if (loser?.code !== 0) {
      expect(loser?.code, loser?.stderr).toBe(5);
      const winner = loser === second ? runs[0]?.child.pid : same.child.pid;
      expect(loser?.stderr).toContain(String(winner));
    }
    expect(readdirSync(join(cfg, 'profiles')).sort()).toEqual(['alpha.json', 'beta.json', 'gamma.json']);
    for (const n of ['alpha', 'beta', 'gamma'])
      expect(readProfile(cfg, n).session?.email).toBe(`${n}@example.com`);
  });

  it('reset removes that profile’s file only', () => {
    const { dir, cfg, profile } = finished();
    mkdirSync(join(cfg, 'profiles'), { recursive: true });
    writeFileSync(profilePath(cfg, 'other'), JSON.stringify({ version: 3, ...profile }), { mode: 0o600 });
    const before = readFileSync(profilePath(cfg), 'utf8');
    const r = onboard(cfg, ['--profile', 'other', 'reset', '--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(cfg, 'profiles'))).toEqual(['default.json']);
    expect(readFileSync(profilePath(cfg), 'utf8')).toBe(before);
  });

  it('a corrupt profile names its own file and the reset for that profile; the others work', () => {
    const { dir, cfg, profile } = finished();
    writeFileSync(profilePath(cfg, 'broken'), '{oops', { mode: 0o600 });
    const r = onboard(cfg, ['profiles'], { cwd: dir });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(profilePath(cfg, 'broken'));
    expect(r.stderr).toContain(`onboard --profile broken --config-dir ${cfg} reset --yes`);
    expect(statusOf(cfg, dir)).toMatchObject({ status: 'complete' });
    const reset = onboard(cfg, ['--profile', 'broken', 'reset', '--yes'], { cwd: dir });
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stderr).toContain('broken.json.corrupt-');
    expect(readFileSync(profilePath(cfg), 'utf8')).toBe(
      `${JSON.stringify({ version: 3, ...profile }, null, 2)}\n`,
    );
    expect(onboard(cfg, ['profiles'], { cwd: dir }).code).toBe(0);
  });
});

const hasStrace = spawnSync('strace', ['-V']).status === 0;

describe.runIf(hasStrace)('each file is read once', () => {
  /** The store files a command opened, and how often (strace: every open of the process and its threads). */
  function opens(cfg: string, dir: string, args: string[]): Map<string, number> {
    const trace = join(dir, 'trace');
    const r = spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '-e',
        'trace=open,openat',
        '-o',
        trace,
        process.execPath,
        BIN,
        '--config-dir',
        cfg,
        ...args,
      ],
      { env: baseEnv(), cwd: dir, encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const counts = new Map<string, number>();
    for (const m of readFileSync(trace, 'utf8').matchAll(
      /open(?:at)?\(.*?"([^"]+\/profiles\/[^"]+\.json)"/g,
    )) {
      const file = m[1] ?? '';
      counts.set(file, (counts.get(file) ?? 0) + 1);
    }
    return counts;
  }

  it('status opens its profile’s file once, and no other', () => {
    const { dir, cfg, profile } = finished();
    writeFileSync(profilePath(cfg, 'other'), JSON.stringify({ version: 3, ...profile }), { mode: 0o600 });
    for (const args of [['status', '--json'], ['status']])
      expect(opens(cfg, dir, args), args.join(' ')).toEqual(new Map([[profilePath(cfg), 1]]));
  });

  it('profiles opens every profile’s file once', () => {
    const { dir, cfg, profile } = finished();
    for (const n of ['a', 'b', 'constructor'])
      writeFileSync(profilePath(cfg, n), JSON.stringify({ version: 3, ...profile }), { mode: 0o600 });
    const seen = opens(cfg, dir, ['profiles', '--json']);
    expect(seen).toEqual(new Map(['a', 'b', 'constructor', 'default'].map((n) => [profilePath(cfg, n), 1])));
  });
});

describe.runIf(process.platform !== 'win32')('modes', () => {
  it('a run that acts on the profile puts its folder back to 0700 and its file to 0600, and says so', () => {
    const { dir, cfg } = finished();
    chmodSync(join(cfg, 'profiles'), 0o755);
    chmodSync(profilePath(cfg), 0o644);
    const r = onboard(cfg, ['--no-interactive', '--step', 'highend', '--no-high-end'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('0755');
    expect(r.stderr).toContain(profilePath(cfg));
    expect(statSync(join(cfg, 'profiles')).mode & 0o777).toBe(0o700);
    expect(statSync(profilePath(cfg)).mode & 0o777).toBe(0o600);
  });
});
