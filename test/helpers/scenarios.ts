/**
 * Scenarios that the suite runs small and `npm run stress` runs long: the
 * same code, so the long loops test exactly what the suite does.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { journeyArgs, onboardAsync, PASSWORD } from './cli.js';
import { readBackAll } from './official.js';

/**
 * `profiles` journeys started together on one config dir (each its own
 * profile, account and CSV), `rounds` times over: every one finishes (exit 0).
 */
export async function concurrentJourneys(
  setup: () => { dir: string; cfg: string },
  o: { profiles: number; rounds: number },
): Promise<void> {
  for (let round = 0; round < o.rounds; round++) {
    const { dir, cfg } = setup();
    const names = Array.from({ length: o.profiles }, (_, i) => `p${i}`);
    const runs = names.map((p) =>
      onboardAsync(
        cfg,
        journeyArgs(dir, ['--profile', p]).map((a) =>
          a === 'dev@example.com' ? `${p}@example.com` : a.endsWith('AccessKey.csv') ? `${a}.${p}` : a,
        ),
        { input: `${PASSWORD}\n`, cwd: dir },
      ),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    results.forEach((r, i) => {
      expect(r.code, `round ${round}, ${names[i]}: ${r.stderr}`).toBe(0);
    });
  }
}

/** What a run left in the two tools' files: each profile's and section's key id, by name. */
export interface ToolFiles {
  cli: Map<string, string>;
  sections: Map<string, string>;
  /** Files beside them that a finished run must not leave: temps, mutexes. */
  leftovers: string[];
}

/** npm `ini` 1.3.8: the official Node.js SDK's reader of the credentials file. */
const ini = createRequire(import.meta.url)('ini') as { parse(text: string): Record<string, unknown> };

/**
 * Reads `~/.aliyun/config.json` as the aliyun CLI's JSON and the credentials
 * file as the official SDK's `ini` reads it (every file must parse).
 */
export function readToolFiles(home: string): ToolFiles {
  const cliFile = join(home, '.aliyun', 'config.json');
  const iniFile = join(home, '.alibabacloud', 'credentials');
  const cli = new Map<string, string>();
  const sections = new Map<string, string>();
  if (existsSync(cliFile)) {
    const config = JSON.parse(readFileSync(cliFile, 'utf8')) as {
      profiles?: Array<{ name?: string; access_key_id?: string }>;
    };
    for (const p of config.profiles ?? []) {
      expect(cli.has(p.name ?? ''), `profile ${p.name} twice`).toBe(false);
      cli.set(p.name ?? '', p.access_key_id ?? '');
    }
  }
  if (existsSync(iniFile)) {
    const text = readFileSync(iniFile, 'utf8');
    for (const [name, section] of Object.entries(ini.parse(text))) {
      if (typeof section === 'object' && section !== null && 'access_key_id' in section)
        sections.set(name, String(section.access_key_id));
    }
  }
  const leftovers = [dirname(cliFile), dirname(iniFile)]
    .filter((d) => existsSync(d))
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => /\.(tmp-|mutex)/.test(f))
        .map((f) => join(d, f)),
    );
  return { cli, sections, leftovers };
}

/** Journey flags for profile `p` in `dir`: its own account, CSV and CLI profile and section `<p><suffix>`. */
export function deliveryJourney(dir: string, p: string, suffix = ''): string[] {
  return journeyArgs(dir, [
    '--profile',
    p,
    '--save-to',
    `aliyun-cli:${p}${suffix}`,
    '--save-to',
    `credentials:${p}${suffix}`,
    '--json',
  ]).map((a) =>
    a === 'dev@example.com' ? `${p}@example.com` : a.endsWith('AccessKey.csv') ? `${a}.${p}` : a,
  );
}

/**
 * `profiles` journeys started together on one config dir and one HOME, each
 * handing its key to the aliyun CLI profile and the credentials section named
 * after it, `rounds` times over: every run exits 0 and reports both files,
 * and every profile and section is there holding that run's key, read back
 * by the official client too (SPEC §8: no lost update).
 */
export async function concurrentDeliveries(
  setup: () => { dir: string; cfg: string },
  o: { profiles: number; rounds: number },
): Promise<void> {
  for (let round = 0; round < o.rounds; round++) {
    const { dir, cfg } = setup();
    const home = join(dir, 'home');
    mkdirSync(home);
    const names = Array.from({ length: o.profiles }, (_, i) => `p${i}`);
    const runs = names.map((p) =>
      onboardAsync(cfg, deliveryJourney(dir, p), { input: `${PASSWORD}\n`, cwd: dir, env: { HOME: home } }),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    const keys = new Map<string, string>();
    results.forEach((r, i) => {
      const p = names[i] ?? '';
      expect(r.code, `round ${round}, ${p}: ${r.stderr}`).toBe(0);
      const key = JSON.parse(r.stdout).accessKey as { id: string; savedTo: Array<{ target: string }> };
      expect(key.savedTo.map((s) => s.target)).toEqual(['aliyun-cli', 'credentials']);
      keys.set(p, key.id);
    });
    const files = readToolFiles(home);
    const facts = `round ${round}: ${JSON.stringify([...files.cli])} ${JSON.stringify([...files.sections])}`;
    for (const p of names) {
      expect(files.cli.get(p), facts).toBe(keys.get(p));
      expect(files.sections.get(p), facts).toBe(keys.get(p));
    }
    expect(files.leftovers).toEqual([]);
    const fromCli = await readBackAll(home, names);
    const fromFile = await readBackAll(home, names, { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' });
    for (const p of names) {
      expect(fromCli.get(p)?.id, `${p} from the CLI profile`).toBe(keys.get(p));
      expect(fromFile.get(p)?.id, `${p} from the credentials file`).toBe(keys.get(p));
    }
  }
}

/** What a loop of runs killed at random tried and what held. */
export interface KillCounts {
  /** Runs started. */
  runs: number;
  /** Runs that a SIGKILL or SIGTERM ended (a signal sent to a run that had finished does not count). */
  killed: number;
  sigkill: number;
  sigterm: number;
  /** Repair runs after the kills, each of which had to finish with exit 0. */
  repairs: number;
  /** Keys checked to be Active only where their secret is (CSV, profile or section). */
  keysChecked: number;
  /** Profiles and sections checked to hold an Active key. */
  entriesChecked: number;
}

/** Starts a run and kills it with `signal` after `afterMs` (or lets it finish when `signal` is undefined). */
async function runMaybeKilled(
  cfg: string,
  args: string[],
  o: { cwd: string; env: Record<string, string>; signal?: NodeJS.Signals; afterMs: number },
) {
  const { child, done } = onboardAsync(cfg, args, { input: `${PASSWORD}\n`, cwd: o.cwd, env: o.env });
  const timer = o.signal ? setTimeout(() => child.kill(o.signal), o.afterMs) : undefined;
  const r = await done;
  clearTimeout(timer);
  return r;
}

/**
 * Journeys and `keys create --save-to aliyun-cli:… --save-to credentials:…`,
 * `profiles` at once on one config dir and one HOME, about half of them
 * killed at a random moment (SIGKILL or SIGTERM), then every profile run
 * again: each repair run exits 0, both files parse (the aliyun CLI's JSON,
 * the Node SDK's `ini`), nothing is left beside them (temp file, mutex), no
 * Active key is without its secret (its CSV, a profile or a section holds
 * it) and no profile or section holds a key that is gone. `rounds` fresh
 * setups, each followed by `keyRounds` rounds of `keys create`.
 */
export async function killedDeliveries(
  setup: () => { dir: string; cfg: string },
  o: { profiles: number; rounds: number; keyRounds: number },
): Promise<KillCounts> {
  const counts: KillCounts = {
    runs: 0,
    killed: 0,
    sigkill: 0,
    sigterm: 0,
    repairs: 0,
    keysChecked: 0,
    entriesChecked: 0,
  };
  for (let round = 0; round < o.rounds; round++) {
    const { dir, cfg } = setup();
    const home = join(dir, 'home');
    mkdirSync(home);
    const env = { HOME: home, ONBOARD_SIM_LATENCY_MS: '15' };
    const names = Array.from({ length: o.profiles }, (_, i) => `p${i}`);
    const wave = async (argsOf: (p: string) => string[], label: string) => {
      const results = await Promise.all(
        names.map((p) => {
          const kill = Math.random() < 0.5;
          const signal: NodeJS.Signals | undefined = kill
            ? Math.random() < 0.7
              ? 'SIGKILL'
              : 'SIGTERM'
            : undefined;
          return runMaybeKilled(cfg, argsOf(p), {
            cwd: dir,
            env,
            ...(signal ? { signal } : {}),
            afterMs: 80 + Math.floor(Math.random() * 1500),
          });
        }),
      );
      counts.runs += results.length;
      results.forEach((r, i) => {
        // SIGTERM before onboard's handler is in place ends the process by the signal itself.
        const how =
          r.signal === 'SIGKILL'
            ? 'sigkill'
            : r.signal === 'SIGTERM' || r.code === 143
              ? 'sigterm'
              : undefined;
        if (how) {
          counts.killed++;
          counts[how]++;
        } else {
          expect(r.code, `${label} ${names[i]}: ${r.stderr}`).toBe(0);
        }
      });
      // Every profile again, nothing killed: each repairs what its killed run left and finishes.
      const repairs = await Promise.all(
        names.map(
          (p) =>
            onboardAsync(cfg, deliveryJourney(dir, p, '-j'), { input: `${PASSWORD}\n`, cwd: dir, env }).done,
        ),
      );
      counts.runs += repairs.length;
      counts.repairs += repairs.length;
      repairs.forEach((r, i) => {
        expect(r.code, `repair after ${label}, ${names[i]}: ${r.stderr}`).toBe(0);
      });
      await checkDelivered(cfg, dir, home, names, counts, `round ${round}, ${label}`);
    };
    await wave((p) => deliveryJourney(dir, p, '-j'), 'journeys');
    for (let k = 0; k < o.keyRounds; k++) {
      await wave(
        (p) => [
          'keys',
          'create',
          '--profile',
          p,
          '--accept-key-risk',
          '--save-to',
          `aliyun-cli:${p}-k${k}`,
          '--save-to',
          `credentials:${p}-k${k}`,
        ],
        `keys create ${k}`,
      );
    }
  }
  return counts;
}

/** The invariants of `killedDeliveries`, checked on the files and the cloud as they are. */
async function checkDelivered(
  cfg: string,
  dir: string,
  home: string,
  names: readonly string[],
  counts: KillCounts,
  label: string,
): Promise<void> {
  const files = readToolFiles(home);
  expect(files.leftovers, label).toEqual([]);
  const held = new Set([...files.cli.values(), ...files.sections.values()]);
  const active = new Set<string>();
  const lists = await Promise.all(
    names.map(
      (p) =>
        onboardAsync(cfg, ['keys', 'list', '--profile', p, '--json'], { cwd: dir, env: { HOME: home } }).done,
    ),
  );
  lists.forEach((r, i) => {
    const p = names[i] ?? '';
    expect(r.code, `${label}: keys list ${p}: ${r.stderr}`).toBe(0);
    const csv = readFileSync(join(dir, `AccessKey.csv.${p}`), 'utf8')
      .split('\n')[1]
      ?.split(',')[0];
    for (const key of JSON.parse(r.stdout).keys as Array<{ id: string; status: string }>) {
      if (key.status !== 'Active') continue;
      active.add(key.id);
      counts.keysChecked++;
      const facts = `${label}: ${p} ${key.id} ${JSON.stringify([...files.cli])} ${JSON.stringify([...files.sections])}`;
      expect(key.id === csv || held.has(key.id), facts).toBe(true);
    }
  });
  for (const [name, id] of [...files.cli, ...files.sections]) {
    counts.entriesChecked++;
    expect(active.has(id), `${label}: ${name} holds ${id}, which is not an Active key`).toBe(true);
  }
}

/** What `storeOpenedAtOnce` tried. */
export interface OpenCounts {
  /** Commands that opened the store (each must have worked). */
  opens: number;
  /** Writers killed while they changed the store. */
  killed: number;
}

/**
 * Many commands opening and closing the simulated cloud at the same instant,
 * with writers killed meanwhile (a CI job's parallel steps, a terminal's
 * Ctrl-C): `readers` `status --json` runs at once on a finished profile and
 * `writers` journeys of new profiles killed at a random moment, `rounds`
 * times. Every `status` exits 0 and reads the profile complete: none may find
 * the database's lock file unusable (LMDB's last user to close it resets its
 * mutexes, which a process opening it at that instant would otherwise use).
 */
export async function storeOpenedAtOnce(
  setup: () => { dir: string; cfg: string },
  o: { rounds: number; readers: number; writers: number },
): Promise<OpenCounts> {
  const { dir, cfg } = setup();
  const first = await onboardAsync(cfg, journeyArgs(dir, ['--json']), { input: `${PASSWORD}\n`, cwd: dir })
    .done;
  expect(first.code, first.stderr).toBe(0);
  const counts: OpenCounts = { opens: 0, killed: 0 };
  for (let round = 0; round < o.rounds; round++) {
    const writers = Array.from({ length: o.writers }, (_, i) => {
      const p = `w${round}-${i}`;
      return runMaybeKilled(
        cfg,
        journeyArgs(dir, ['--profile', p]).map((a) =>
          a === 'dev@example.com' ? `${p}@example.com` : a.endsWith('AccessKey.csv') ? `${a}.${p}` : a,
        ),
        { cwd: dir, env: {}, signal: 'SIGKILL', afterMs: 100 + Math.floor(Math.random() * 900) },
      );
    });
    const readers = Array.from(
      { length: o.readers },
      () => onboardAsync(cfg, ['status', '--json'], { cwd: dir }).done,
    );
    const [w, r] = await Promise.all([Promise.all(writers), Promise.all(readers)]);
    counts.killed += w.filter((x) => x.signal === 'SIGKILL').length;
    for (const x of r) {
      counts.opens++;
      expect(x.code, `round ${round}: status: ${x.stderr}`).toBe(0);
      expect(JSON.parse(x.stdout).status, `round ${round}`).toBe('complete');
    }
  }
  return counts;
}
