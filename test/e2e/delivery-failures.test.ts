/**
 * A secret counts as delivered only once it was really written (SPEC §4.3,
 * §8): a full stdout, a CSV a crash left empty or cut short, a full disk
 * under the local store. Each ends without a key whose secret nobody has, and the
 * next run repairs what is left.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  baseEnv,
  journeyArgs,
  onboard,
  PASSWORD,
  profilePath,
  type RunResult,
  readProfile,
  workspaces,
  writeProfile,
} from '../helpers/cli.js';
import { readCloud } from '../helpers/cloud.js';

const setup = workspaces('delivery-failures');

interface Key {
  id: string;
  status: string;
}
const keys = (cfg: string, dir: string): Key[] =>
  JSON.parse(onboard(cfg, ['keys', 'list', '--json'], { cwd: dir }).stdout).keys;

/** What the profile recorded for the account's own keys. */
function rootRecord(cfg: string): { delivered: Array<{ id: string }>; pending?: Record<string, unknown> } {
  return readProfile(cfg).keys.root!;
}

/** Runs the CLI with its stdout on /dev/full: every write to it fails with ENOSPC. */
function toFullStdout(cfg: string, args: string[], opts: { input?: string; cwd: string }): RunResult {
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, '--config-dir', cfg, ...args], {
      stdio: ['pipe', full, 'pipe'],
      input: opts.input ?? '',
      env: baseEnv(),
      cwd: opts.cwd,
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: r.status, signal: r.signal, stdout: '', stderr: r.stderr };
  } finally {
    closeSync(full);
  }
}

describe.runIf(existsSync('/dev/full'))('a secret for a stdout that cannot be written', () => {
  const CREATE = ['keys', 'create', '--no-interactive', '--accept-key-risk', '--show-secret'];
  const cases: Array<[string, string[], boolean]> = [
    ['run --json', ['--json'], false],
    ['run (text)', [], false],
    ['keys create (text)', [], true],
    ['keys create --json', ['--json'], true],
  ];
  for (const [name, extra, viaKeys] of cases) {
    it(`${name}: a failed delivery (exit 5, no stack), no key left, repaired by the next run`, () => {
      const { dir, cfg } = setup();
      const journey = journeyArgs(dir).filter((a, i, all) => a !== '--csv' && all[i - 1] !== '--csv');
      let before: Key[] = [];
      let r: RunResult;
      if (viaKeys) {
        expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
        before = keys(cfg, dir);
        r = toFullStdout(cfg, [...CREATE, ...extra], { cwd: dir });
      } else {
        r = toFullStdout(cfg, [...journey, '--show-secret', ...extra], { input: `${PASSWORD}\n`, cwd: dir });
      }
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toContain('standard output');
      expect(r.stderr).toContain('ENOSPC');
      expect(r.stderr).not.toMatch(/\n\s+at |Unexpected failure/);
      // The key whose secret reached nobody is gone, and nothing records it as delivered.
      expect(keys(cfg, dir)).toEqual(before);
      const record = rootRecord(cfg);
      expect(record.pending).toBeUndefined();
      expect(record.delivered.map((d) => d.id)).toEqual(before.map((k) => k.id));
      // The next run delivers a key of its own.
      const again = viaKeys
        ? onboard(cfg, [...CREATE.filter((a) => a !== '--show-secret'), '--csv', join(dir, 'k2.csv')], {
            cwd: dir,
          })
        : onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir });
      expect(again.code, again.stderr).toBe(0);
      expect(keys(cfg, dir).filter((k) => k.status === 'Active')).toHaveLength(before.length + 1);
    });
  }
});

describe.runIf(existsSync('/dev/full'))('results for a stdout that cannot be written', () => {
  it('status, --help, --version and keys list fail with exit 5 naming standard output, not exit 0 with nothing written', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    for (const args of [['status', '--json'], ['status'], ['--help'], ['--version'], ['keys', 'list']]) {
      const r = toFullStdout(cfg, args, { cwd: dir });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5);
      expect(r.stderr).toContain('standard output');
      expect(r.stderr).toContain('ENOSPC');
      expect(r.stderr).not.toMatch(/\n\s+at |Unexpected failure/);
    }
    // The same commands on a working stdout: exit 0.
    expect(onboard(cfg, ['status', '--json'], { cwd: dir }).code).toBe(0);
  });
});

describe('a CSV a crash left empty or cut short', () => {
  /** A finished setup plus a second key, then the state as if the run died between creating its CSV and writing it. */
  function interrupted(content: string) {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const csv = join(dir, 'second.csv');
    const create = ['keys', 'create', '--no-interactive', '--accept-key-risk', '--csv', csv];
    expect(onboard(cfg, create, { cwd: dir }).code).toBe(0);
    const id = readFileSync(csv, 'utf8').split('\n')[1]?.split(',')[0] ?? '';
    const cloud = JSON.stringify(readCloud(cfg));
    const token = new RegExp(`"id":\\s*"${id}"[^}]*?"clientToken":\\s*"([^"]+)"`).exec(cloud)?.[1];
    expect(token).toBeDefined();
    const state = readProfile(cfg);
    const root = state.keys.root!;
    root.delivered = root.delivered.filter((d) => d.id !== id);
    root.pending = { clientToken: token, csv, keyId: id, startedAt: new Date().toISOString() };
    writeProfile(cfg, state);
    writeFileSync(csv, content);
    chmodSync(csv, 0o600);
    return { dir, cfg, csv, id, create };
  }

  it('an empty CSV: the repeated `keys create` discards that key and writes a new one in its place', () => {
    const { dir, cfg, csv, id, create } = interrupted('');
    const r = onboard(cfg, create, { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(id);
    const list = keys(cfg, dir);
    expect(list.map((k) => k.id)).not.toContain(id);
    expect(list.filter((k) => k.status === 'Active')).toHaveLength(2);
    const written = readFileSync(csv, 'utf8');
    expect(written).toMatch(/^AccessKey ID,AccessKey Secret\nLTAI[A-Za-z0-9]{20},[A-Za-z0-9]{30}\n$/);
    expect(written).not.toContain(id);
  });

  it('a CSV cut short: the next `onboard` discards the key and removes the file', () => {
    const { dir, cfg, csv, id } = interrupted('AccessKey ID,AccessKey Sec');
    const r = onboard(cfg, ['--no-interactive'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(id);
    expect(keys(cfg, dir).map((k) => k.id)).not.toContain(id);
    expect(existsSync(csv)).toBe(false);
    expect(rootRecord(cfg).pending).toBeUndefined();
  });

  it('an empty file that is not 0600 is not this tool’s: the key goes, the file stays', () => {
    const { dir, cfg, csv, id } = interrupted('');
    chmodSync(csv, 0o644);
    const r = onboard(cfg, ['--no-interactive'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(keys(cfg, dir).map((k) => k.id)).not.toContain(id);
    expect(existsSync(csv)).toBe(true);
  });
});

const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

describe.runIf(hasPrlimit)('a full disk under the profile’s file', () => {
  it('exit 5 naming the file; the file before stays intact, nothing half-written, no key', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const file = profilePath(cfg);
    const state = readFileSync(file, 'utf8');
    const cloud = JSON.stringify(readCloud(cfg));
    const listing = () => [...readdirSync(cfg), ...readdirSync(join(cfg, 'profiles'))].sort();
    const files = listing();
    // Files may grow to 1 KiB: enough for the lock, not for the profile's file with the pending
    // key (its first write). Writes past the limit fail with EFBIG, as they would with ENOSPC.
    expect(state.length).toBeGreaterThan(1024);
    const create = ['keys', 'create', '--no-interactive', '--accept-key-risk', '--csv', join(dir, 'k2.csv')];
    const r = spawnSync('prlimit', ['--fsize=1024', process.execPath, BIN, '--config-dir', cfg, ...create], {
      env: baseEnv(),
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(5);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/EFBIG|ENOSPC/);
    expect(r.stderr).not.toMatch(/\n\s+at |Unexpected failure/);
    expect(readFileSync(file, 'utf8')).toBe(state);
    expect(JSON.stringify(readCloud(cfg))).toBe(cloud);
    expect(listing()).toEqual(files);
    expect(existsSync(join(dir, 'k2.csv'))).toBe(false);
    // With room again, the same command works.
    expect(onboard(cfg, create, { cwd: dir }).code).toBe(0);
  });
});
