/**
 * The tools' files and the names in them, end to end with the built CLI
 * (SPEC §4.8, §8, version 3): runs started together lose no profile; a name
 * that is a member of Object.prototype is data everywhere a name is taken,
 * and never a credentials section; run as root in another user's home, what
 * onboard writes stays that user's; input that is not UTF-8 is refused; a
 * lock left by another machine says how to clear it; a bad value is quoted
 * at most 80 characters long.
 */
import { spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accountArgs,
  BIN,
  baseEnv,
  journeyArgs,
  onboard,
  onboardAsync,
  PASSWORD,
  workspaces,
} from '../helpers/cli.js';
import { readBack } from '../helpers/official.js';
import { concurrentDeliveries, readToolFiles } from '../helpers/scenarios.js';

const setup = workspaces('shared-files');
const ROOT_USER = process.getuid?.() === 0;
const OTHER = 12345;
/** Every member of Object.prototype. */
const PROTO_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];

/** A work dir with its own HOME. */
function place() {
  const { dir, cfg } = setup();
  const home = join(dir, 'home');
  mkdirSync(home);
  const run = (args: string[], o: { input?: string; env?: Record<string, string> } = {}) =>
    onboard(cfg, args, { cwd: dir, env: { HOME: home, ...o.env }, ...(o.input ? { input: o.input } : {}) });
  return { dir, cfg, home, run };
}

describe('runs started together on the same files (SPEC §8: no lost update)', () => {
  it('eight journeys at once, one HOME: every profile and section holds its run’s key, as the official client reads it', async () => {
    await concurrentDeliveries(setup, { profiles: 8, rounds: 1 });
  });
});

describe('names that are members of Object.prototype', () => {
  it('--profile constructor --save-to credentials: exit 2 naming credentials:<name> as the way out, nothing made', async () => {
    const p = place();
    const r = p.run([...journeyArgs(p.dir), '--profile', 'constructor', '--save-to', 'credentials'], {
      input: `${PASSWORD}\n`,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      '--save-to: credentials would name the section after the profile, [constructor]',
    );
    expect(r.stderr).toContain('name the section: credentials:<name>');
    expect(existsSync(p.cfg)).toBe(false);
    // Named, it works, and the official client reads it.
    const ok = p.run(
      [
        ...journeyArgs(p.dir),
        '--profile',
        'constructor',
        '--save-to',
        'credentials:ctor',
        '--show-secret',
        '--json',
      ],
      { input: `${PASSWORD}\n` },
    );
    expect(ok.code, ok.stderr).toBe(0);
    const key = JSON.parse(ok.stdout).accessKey;
    expect(
      await readBack(p.home, { ALIBABA_CLOUD_PROFILE: 'ctor', ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' }),
    ).toMatchObject({ id: key.id, secret: key.secret });
  });

  it('every one, wherever a name is taken: no crash (never exit 1), no file changed that should not be', async () => {
    const p = place();
    const env = { HOME: p.home };
    const run = (args: string[], input?: string) =>
      onboardAsync(p.cfg, args, { cwd: p.dir, env, ...(input ? { input } : {}) }).done;
    // Refused before anything exists, or (for `constructor`) taken as the name it is.
    await inPool([...PROTO_NAMES.entries()], 4, async ([i, name]) => {
      const profile = await run(['--profile', name, 'status']);
      expect(profile.code, `--profile ${name}: ${profile.stderr}`).toBe(name === 'constructor' ? 0 : 2);
      const section = await run([...journeyArgs(p.dir), '--save-to', `credentials:${name}`], `${PASSWORD}\n`);
      expect(section.code, `credentials:${name}`).toBe(2);
      expect(section.stderr).toContain(`"credentials:${name}" is not a target`);
      const answers = join(p.dir, `answers-${i}.json`);
      writeFileSync(answers, JSON.stringify({ [name]: 'x', email: `${name}@example.com` }));
      const file = await run(['--answers', answers, '--no-interactive', 'status']);
      expect(file.code, `answers key ${name}: ${file.stderr}`).toBe(2);
      expect(file.stderr).toContain('unknown key');
      // A valid bucket name (only `constructor` is): the whole setup runs, with that bucket.
      const bucket = await run([...journeyArgs(p.dir), '--bucket', name], `${PASSWORD}\n`);
      expect(bucket.code, `--bucket ${name}: ${bucket.stderr}`).toBe(name === 'constructor' ? 0 : 2);
    });
    expect(existsSync(join(p.home, '.alibabacloud'))).toBe(false);
    const withBucket = await run(['status', '--json']);
    expect(JSON.stringify(JSON.parse(withBucket.stdout).steps)).toContain('constructor');

    // A whole setup per name: its e-mail, a CLI profile, a RAM user and its keys.
    await inPool([...PROTO_NAMES.entries()], 3, async ([i, name]) => {
      const r = await run(
        [
          ...accountArgs(`${name}@example.com`),
          '--profile',
          `p${i}`,
          '--accept-key-risk',
          '--csv',
          join(p.dir, `root-${i}.csv`),
          '--save-to',
          `aliyun-cli:${name}`,
          '--ram-user',
          name,
          '--ram-csv',
          join(p.dir, `ram-${i}.csv`),
          '--json',
        ],
        `${PASSWORD}\n`,
      );
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).ramUser.name).toBe(name);
      const more = await run([
        'keys',
        'create',
        '--profile',
        `p${i}`,
        '--ram-user',
        name,
        '--save-to',
        `aliyun-cli:ram-${i}`,
        '--json',
      ]);
      expect(more.code, `keys create --ram-user ${name}: ${more.stderr}`).toBe(0);
    });
    const files = readToolFiles(p.home);
    expect([...files.cli.keys()].sort()).toEqual(
      [...PROTO_NAMES, ...PROTO_NAMES.map((_, i) => `ram-${i}`)].sort(),
    );
    expect(files.leftovers).toEqual([]);
    // The official client finds a profile named `constructor` like any other.
    const read = await readBack(p.home, { ALIBABA_CLOUD_PROFILE: 'constructor' });
    expect(read.id).toBe(files.cli.get('constructor'));
  });
});

/**
 * Runs `fn` on every item, `width` at a time; every one settles before a
 * failure is thrown (none is left running against a removed folder).
 */
async function inPool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await fn(next);
  };
  const done = await Promise.allSettled(Array.from({ length: width }, worker));
  for (const d of done) if (d.status === 'rejected') throw d.reason;
}

describe.runIf(ROOT_USER)('run as root with another user’s HOME (as sudo -E gives)', () => {
  it('every file and folder onboard writes there stays theirs: the tools’ files, the CSV, the config dir', () => {
    const p = place();
    const cliFile = join(p.home, '.aliyun', 'config.json');
    mkdirSync(join(p.home, '.aliyun'), { mode: 0o700 });
    writeFileSync(cliFile, '{"current": "mine", "profiles": [{"name": "mine"}], "meta_path": ""}', {
      mode: 0o600,
    });
    for (const f of [p.home, join(p.home, '.aliyun'), cliFile]) chownSync(f, OTHER, OTHER);
    const cfg = join(p.home, '.config', 'onboard');
    const r = onboard(
      cfg,
      [
        ...accountArgs(),
        '--accept-key-risk',
        '--csv',
        '~/AccessKey.csv',
        '--save-to',
        'aliyun-cli:dev',
        '--save-to',
        'credentials:dev',
      ],
      { input: `${PASSWORD}\n`, cwd: p.dir, env: { HOME: p.home } },
    );
    expect(r.code, r.stderr).toBe(0);
    const owners: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        const s = statSync(file);
        owners.push(`${file.slice(p.home.length)} ${s.uid}:${s.gid}`);
        if (s.isDirectory()) walk(file);
      }
    };
    walk(p.home);
    expect(owners.length).toBeGreaterThan(6);
    expect(owners.filter((o) => !o.endsWith(` ${OTHER}:${OTHER}`))).toEqual([]);
    expect(JSON.parse(readFileSync(cliFile, 'utf8')).profiles.map((x: { name: string }) => x.name)).toEqual([
      'mine',
      'dev',
    ]);
  });
});

describe('input that is not UTF-8 (SPEC §4: nothing is sent that was not typed)', () => {
  /** Runs the CLI through sh, so that argv and the environment can carry raw bytes (`printf '\353'`). */
  function sh(script: string, o: { cwd: string; home: string; input?: string }) {
    const r = spawnSync('sh', ['-c', script, 'sh', process.execPath, BIN], {
      cwd: o.cwd,
      env: baseEnv({ HOME: o.home }),
      input: o.input ?? '',
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: r.status, stderr: r.stderr };
  }

  it('in a flag, a variable, the answers file, the config dir or the password: exit 2 naming where, nothing made', () => {
    const p = place();
    const base = `"$1" "$2" --config-dir cfg --no-interactive --email dev@example.com --password-stdin --identity-type individual --id-number 11010519491231002X --accept-key-risk --csv k.csv`;
    const cases: Array<[string, string, string]> = [
      ['a flag', `${base} --legal-name "$(printf 'Zo\\353 Li')"`, '--legal-name: holds U+FFFD'],
      [
        'a variable',
        `ONBOARD_LEGAL_NAME="$(printf 'Zo\\353 Li')" ${base}`,
        'ONBOARD_LEGAL_NAME: holds U+FFFD',
      ],
      [
        'the answers file',
        `printf '{"legalName": "Zo\\353 Li"}' > a.json; ${base} --answers a.json`,
        '--answers a.json: not UTF-8 text',
      ],
      [
        'the config dir',
        `"$1" "$2" --config-dir "$(printf 'cfg\\377')" status`,
        '--config-dir: holds U+FFFD',
      ],
      [
        'the password',
        `printf 'Passw0rd\\377\\n' | ${base} --legal-name 'Li Lei'`,
        '--password-stdin: not UTF-8',
      ],
    ];
    for (const [what, script, said] of cases) {
      const r = sh(script, { cwd: p.dir, home: p.home });
      expect(r.code, `${what}: ${r.stderr}`).toBe(2);
      expect(r.stderr, what).toContain(said);
      expect(
        readdirSync(p.dir).filter((f) => f.startsWith('cfg')),
        what,
      ).toEqual([]);
    }
  });
});

describe('a lock left by another machine (a config dir restored from a CI cache)', () => {
  it('is explained with the command that clears it; after it, the run goes through', () => {
    const p = place();
    mkdirSync(p.cfg, { mode: 0o700 });
    const lock = join(p.cfg, 'default.lock');
    writeFileSync(
      lock,
      JSON.stringify({
        pid: 4242,
        startedAt: '2024-05-01T08:00:00.000Z',
        command: 'run',
        host: 'ci-runner-7',
      }),
      { mode: 0o600 },
    );
    const r = p.run(journeyArgs(p.dir), { input: `${PASSWORD}\n` });
    expect(r.code).toBe(5);
    const said = r.stderr.replace(/\s+/g, ' ');
    expect(said).toContain('was taken by an onboard run on another machine (ci-runner-7: pid 4242, `run`');
    expect(said).toContain('A config dir restored from a CI cache');
    const command = `rm -- ${lock}`;
    expect(said).toContain(command);
    expect(spawnSync('sh', ['-c', command]).status).toBe(0);
    const again = p.run(journeyArgs(p.dir), { input: `${PASSWORD}\n` });
    expect(again.code, again.stderr).toBe(0);
  });
});

describe('a long bad value in a message', () => {
  it('is quoted at most 80 characters long, wherever it came from', () => {
    const p = place();
    const long = `${'x'.repeat(1500)}42`;
    writeFileSync(join(p.dir, 'long.json'), JSON.stringify({ [long]: 1 }));
    const runs: Array<[string, string[], Record<string, string>?]> = [
      ['--save-to', ['--no-interactive', '--save-to', long]],
      ['--save-to name', ['--no-interactive', '--save-to', `aliyun-cli:${long}`]],
      ['--region', ['--no-interactive', '--region', long]],
      ['--allow-cidr', ['--no-interactive', '--allow-cidr', long]],
      ['--product', ['--no-interactive', '--product', long]],
      ['an unknown option', [`--${long}`]],
      ['an unknown command', ['keys', long]],
      ['ONBOARD_REGION', ['--no-interactive'], { ONBOARD_REGION: long }],
      ['ONBOARD_PROVIDER', ['status'], { ONBOARD_PROVIDER: long }],
      ['an answers-file key', ['--answers', join(p.dir, 'long.json'), 'status']],
    ];
    for (const [what, args, env] of runs) {
      const r = p.run(args, env ? { env } : {});
      expect(r.code, what).toBe(2);
      expect(r.stderr, what).toContain('…');
      expect(r.stderr, what).toContain('x42');
      expect(/x{80}/.test(r.stderr), `${what}: ${r.stderr}`).toBe(false);
    }
  });
});
