/**
 * Input that tries to break the wizard (issue #11): a config dir that is not
 * onboard's own, stdin that is slow or huge, answers files that are not files,
 * CSV paths that cannot exist, escape sequences and invisible characters in
 * values, weak passwords. Each is refused before anything is changed, and
 * nothing from input reaches the terminal raw.
 */
import { spawnSync } from 'node:child_process';
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
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accountArgs,
  BIN,
  baseEnv,
  journeyArgs,
  onboard,
  PASSWORD,
  profilePath,
  RESIDENT_ID,
  readProfile,
  workspaces,
} from '../helpers/cli.js';
import { cloudDb, cloudExists, cloudKeyFile, readCloud, writeCloud } from '../helpers/cloud.js';

const setup = workspaces('input');
const POSIX = process.platform !== 'win32';

/** The journey's flags up to identity, without the key delivery flags (--csv is added by each test). */
const IDENTITY = [...accountArgs(), '--accept-key-risk'];

/** Nothing but printable text: no ESC, BEL, NUL or other C0/C1 control, no bidi override. */
function noControls(text: string): void {
  const found = [...text].filter((ch) => /[\p{Cc}\p{Cf}]/u.test(ch) && ch !== '\n');
  expect(found.map((c) => `U+${c.codePointAt(0)?.toString(16)}`)).toEqual([]);
}

const modeOf = (path: string) => statSync(path).mode & 0o7777;

describe.runIf(POSIX)('a config dir that is not onboard’s own', () => {
  /** A shared, world-writable folder (like /tmp) holding someone's executable script. */
  function sharedDir() {
    const { dir } = setup();
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    writeFileSync(join(shared, 'build.sh'), '#!/bin/sh\necho hi\n');
    chmodSync(join(shared, 'build.sh'), 0o755);
    return shared;
  }

  it('--config-dir "" is a usage error, run from inside that folder: nothing changed', () => {
    const shared = sharedDir();
    for (const args of [
      ['status'],
      ['--step', 'account', '--no-interactive', '--email', 'a@example.com', '--password-stdin'],
    ]) {
      const r = onboard('', args, { cwd: shared, input: `${PASSWORD}\n` });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('--config-dir');
      expect(readdirSync(shared)).toEqual(['build.sh']);
      expect(modeOf(shared)).toBe(0o1777);
      expect(modeOf(join(shared, 'build.sh'))).toBe(0o755);
    }
  });

  it('the same folder named explicitly is refused (exit 5, naming it), its modes untouched', () => {
    const shared = sharedDir();
    const args = ['--no-interactive', '--step', 'account', '--email', 'a@example.com', '--password-stdin'];
    const r = onboard(shared, args, {
      cwd: shared,
      input: `${PASSWORD}\n`,
    });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain(shared);
    expect(r.stderr).toContain('1777');
    expect(readdirSync(shared)).toEqual(['build.sh']);
    expect(modeOf(shared)).toBe(0o1777);
    expect(modeOf(join(shared, 'build.sh'))).toBe(0o755);
  });

  it('a loose folder holding only onboard’s files is tightened, with a warning', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    chmodSync(cfg, 0o755);
    chmodSync(profilePath(cfg), 0o644);
    const r = onboard(cfg, ['--no-interactive', '--step', 'highend', '--no-high-end'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('0755');
    expect(modeOf(cfg)).toBe(0o700);
    expect(modeOf(profilePath(cfg))).toBe(0o600);
  });
});

describe('standard input', () => {
  it('a slow writer is waited for (no EAGAIN)', () => {
    const { dir, cfg } = setup();
    const r = spawnSync(
      'sh',
      [
        '-c',
        `(sleep 1; printf '%s\\n' "$PW") | "${process.execPath}" "${BIN}" --config-dir "${cfg}" --no-interactive --email slow@example.com --password-stdin --step account`,
      ],
      { env: baseEnv({ PW: PASSWORD }), cwd: dir, encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/EAGAIN|\n\s+at /);
  });

  it('10 MB on stdin for --password-stdin: exit 2 with the limit, no config dir', () => {
    const { dir, cfg } = setup();
    const args = ['--no-interactive', '--step', 'account', '--email', 'a@example.com', '--password-stdin'];
    const r = onboard(cfg, args, {
      cwd: dir,
      input: 'a'.repeat(10 * 1024 * 1024),
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--password-stdin');
    expect(r.stderr).toContain('1 MiB');
    expect(existsSync(cfg)).toBe(false);
  });
});

describe('answers files that are not files', () => {
  it.runIf(POSIX)('a FIFO: exit 2 at once, never waiting for a writer', () => {
    const { dir, cfg } = setup();
    const fifo = join(dir, 'answers.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const t0 = Date.now();
    const r = onboard(cfg, ['--no-interactive', '--answers', fifo], { cwd: dir, timeout: 10_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.stderr).toContain('not a regular file');
    expect(existsSync(cfg)).toBe(false);
  });

  it.runIf(existsSync('/dev/zero'))('/dev/zero: exit 2 at once', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['--no-interactive', '--answers', '/dev/zero'], { cwd: dir, timeout: 10_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(existsSync(cfg)).toBe(false);
  });

  it('--answers - with more than 1 MiB on stdin: exit 2', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, ['--no-interactive', '--answers', '-'], {
      cwd: dir,
      input: `{"email": "${'a'.repeat(1100 * 1024)}@example.com"}`,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('1 MiB');
    expect(existsSync(cfg)).toBe(false);
  });
});

describe('passwords are checked before the config dir exists', () => {
  for (const [name, value] of [
    ['weak', 'weak'],
    ['empty', ''],
  ] as const) {
    it(`a ${name} ONBOARD_PASSWORD: exit 2, no config dir`, () => {
      const { dir, cfg } = setup();
      const r = onboard(cfg, ['--no-interactive', '--email', 'a@example.com', '--step', 'account'], {
        cwd: dir,
        env: { ONBOARD_PASSWORD: value },
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/ONBOARD_PASSWORD/);
      expect(existsSync(cfg)).toBe(false);
    });
  }

  it('--step identity on a profile that never signed in: exit 2, no config dir', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, [...IDENTITY.filter((a) => a !== '--password-stdin'), '--step', 'identity'], {
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('register or sign in');
    expect(existsSync(cfg)).toBe(false);
  });
});

describe('a CSV path that cannot be created is refused before any key exists', () => {
  const long = (dir: string) => join(dir, `${'a'.repeat(300)}.csv`);
  const tooDeep = (dir: string) => join(dir, 'b/'.repeat(2100), 'k.csv');
  const sources: Array<
    [string, (path: string, dir: string) => { args: string[]; env?: Record<string, string> }]
  > = [
    ['--csv', (path) => ({ args: ['--csv', path] })],
    ['ONBOARD_CSV', (path) => ({ args: [], env: { ONBOARD_CSV: path } })],
    [
      'answers file key "csv"',
      (path, dir) => {
        const file = join(dir, 'answers.json');
        writeFileSync(file, JSON.stringify({ csv: path }));
        return { args: ['--answers', file] };
      },
    ],
  ];
  for (const [where, given] of sources) {
    for (const [problem, pathOf] of [
      ['a 300-character name', long],
      ['a path over 4096 bytes', tooDeep],
    ] as const) {
      it(`${problem} from ${where}`, () => {
        const { dir, cfg } = setup();
        const { args, env } = given(pathOf(dir), dir);
        const r = onboard(cfg, [...IDENTITY, ...args], { cwd: dir, input: `${PASSWORD}\n`, env });
        expect(r.code, r.stderr.slice(0, 400)).toBe(2);
        expect(r.stderr).toContain(`${where}:`);
        expect(r.stderr).toContain('cannot be a file name');
        // Refused before the account was even registered.
        expect(cloudExists(cfg)).toBe(false);
      });
    }
  }

  it('a NUL byte from the answers file is named, and shown escaped', () => {
    const { dir, cfg } = setup();
    const file = join(dir, 'answers.json');
    writeFileSync(file, JSON.stringify({ csv: join(dir, 'a\u0000b.csv') }));
    const r = onboard(cfg, [...IDENTITY, '--answers', file], { cwd: dir, input: `${PASSWORD}\n` });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('answers file key "csv"');
    expect(r.stderr).toContain('a\\x00b.csv');
    noControls(r.stderr);
    expect(cloudExists(cfg)).toBe(false);
  });

  it('an escape sequence in --csv is refused (it would reach the terminal whenever the path is shown)', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, [...IDENTITY, '--csv', join(dir, 'k\x1b[2J.csv')], {
      cwd: dir,
      input: `${PASSWORD}\n`,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('k\\e[2J.csv');
    noControls(r.stderr);
  });
});

describe('escape sequences from input are shown escaped, never raw', () => {
  const PWN = '\x1b]0;PWNED\x07\x1b[2J';
  const cases: Array<[string, string[], Record<string, string>]> = [
    ['--region', ['--region', PWN], {}],
    ['--allow-cidr', ['--allow-cidr', PWN], {}],
    ['--identity-type (a choice)', ['--identity-type', PWN], {}],
    ['an unknown option', [`--${PWN}`], {}],
    ['an unknown command', [PWN], {}],
    ['ONBOARD_PROVIDER', [], { ONBOARD_PROVIDER: PWN }],
    ['ONBOARD_SIM_LATENCY_MS', [], { ONBOARD_SIM_LATENCY_MS: PWN }],
    ['ONBOARD_SIM_FAULTS', [], { ONBOARD_SIM_FAULTS: `createAccessKey:${PWN}` }],
    ['ONBOARD_REGION', [], { ONBOARD_REGION: PWN }],
    ['the answers path', ['--answers', `/nonexistent/${PWN}.json`], {}],
  ];
  for (const [name, args, env] of cases) {
    it(name, () => {
      const { dir, cfg } = setup();
      for (const json of [false, true]) {
        const r = onboard(cfg, ['--no-interactive', ...args, ...(json ? ['--json'] : [])], { cwd: dir, env });
        expect(r.code, r.stderr).toBe(2);
        noControls(r.stderr);
        noControls(r.stdout);
        expect(r.stderr).toContain('\\e');
        if (json) expect(JSON.parse(r.stdout).error.exitCode).toBe(2);
      }
    });
  }

  it('an answers file’s keys and values', () => {
    const { dir, cfg } = setup();
    for (const doc of [{ [`bad${PWN}`]: 1 }, { legalName: `Li${PWN}` }, { bucket: PWN }]) {
      const file = join(dir, 'answers.json');
      writeFileSync(file, JSON.stringify(doc));
      const r = onboard(cfg, ['--no-interactive', '--answers', file], { cwd: dir });
      expect(r.code, r.stderr).toBe(2);
      noControls(r.stderr);
    }
  });

  it('the corrected example command quotes the value so it pastes, without the raw bytes', () => {
    const { dir } = setup();
    const cfg = join(dir, `cfg${PWN}`);
    const given = IDENTITY.filter((a) => a !== '--password-stdin');
    const r = onboard(cfg, [...given, '--show-secret'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    noControls(r.stderr);
    const example = /For example: (.*)/.exec(r.stderr)?.[1] ?? '';
    expect(example).toContain(`$'`);
    // Run as printed (bash reads $'…'): it acts on the very same config dir.
    const again = spawnSync(
      'bash',
      ['-c', `onboard() { "${process.execPath}" "${BIN}" "$@"; }\n${example}`],
      { env: baseEnv({ ONBOARD_PASSWORD: PASSWORD }), cwd: dir, encoding: 'utf8', timeout: 30_000 },
    );
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(profilePath(cfg))).toBe(true);
    noControls(again.stderr);
  });

  it('the command held in another run’s lock file', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    // A live process (this test's) holds the lock, with a hostile command recorded in it.
    const info = { pid: process.pid, startedAt: new Date().toISOString(), command: PWN, host: hostname() };
    writeFileSync(join(cfg, 'default.lock'), `${JSON.stringify(info)}\n`, { mode: 0o600 });
    const r = onboard(cfg, ['--no-interactive', '--step', 'highend', '--no-high-end'], { cwd: dir });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain(String(process.pid));
    noControls(r.stderr);
  });

  it('a corrupt simulated-cloud.json is reported without quoting its bytes', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const file = join(cfg, 'simulated-cloud.json');
    // The one-file cloud of an earlier version, in use where there is no database yet.
    const text = `${JSON.stringify(readCloud(cfg), null, 2)}\n`;
    for (const f of [cloudDb(cfg), `${cloudDb(cfg)}-lock`, cloudKeyFile(cfg)]) rmSync(f);
    // Cut inside the mailbox right after a verification code, then a bad token with an escape
    // sequence: the JSON parser's own message would quote the bytes around it, code included.
    const code = /"code":\s*"(\d{6})"/.exec(text)?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const corrupt = `${text.slice(0, text.indexOf(code) + 8)} "x": ${PWN}}`;
    writeFileSync(file, corrupt);
    const r = onboard(cfg, ['status'], { cwd: dir });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('simulated-cloud.json');
    expect(r.stderr).not.toContain(`${code.slice(-2)}"`);
    expect(r.stderr).not.toContain('PWNED');
    noControls(r.stderr);
    expect(readFileSync(file, 'utf8')).toBe(corrupt);
  });

  it('a value read back from the cloud file is escaped in tables and the inbox', () => {
    const { dir, cfg } = setup();
    expect(onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir }).code).toBe(0);
    const cloud = readCloud(cfg);
    for (const mail of cloud.inbox) mail.subject = mail.subject.replaceAll('verification code', `code${PWN}`);
    writeCloud(cfg, cloud);
    const r = onboard(cfg, ['sim', 'inbox'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('\\e[2J');
    noControls(r.stdout);
  });
});

describe('names refuse invisible and direction-changing characters', () => {
  for (const [flag, value] of [
    ['--legal-name', '\u200b\u200b\u200b'],
    ['--legal-name', 'Li \u202eieL'],
    ['--company-name', 'Acme\u2066 Ltd'],
    ['--legal-representative', 'Li\u200dLei'],
  ] as const) {
    it(`${flag} ${JSON.stringify(value)}`, () => {
      const { dir, cfg } = setup();
      const r = onboard(cfg, [...IDENTITY, '--show-secret', flag, value], {
        cwd: dir,
        input: `${PASSWORD}\n`,
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${flag}:`);
      expect(r.stderr).toMatch(/invisible or text-direction characters.*U\+[0-9A-F]{4}/);
      noControls(r.stderr);
      expect(existsSync(cfg)).toBe(false);
    });
  }
});

describe('values are normalised where the fix is certain', () => {
  it('…002x → X and --csv ~/… is the home directory', () => {
    const { dir, cfg } = setup();
    const home = join(dir, 'home');
    mkdirSync(home);
    const lower = `${RESIDENT_ID.slice(0, 17)}x`;
    const args = IDENTITY.map((a) => (a === RESIDENT_ID ? lower : a));
    const r = onboard(cfg, [...args, '--csv', '~/k.csv', '--json'], {
      cwd: dir,
      input: `${PASSWORD}\n`,
      env: { HOME: home },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).steps[1].status).toBe('done');
    expect(JSON.parse(r.stdout).accessKey.csv).toBe(join(home, 'k.csv'));
    expect(readFileSync(join(home, 'k.csv'), 'utf8')).toMatch(/^AccessKey ID,AccessKey Secret\n/);
  });

  it('--id-country us → US', () => {
    const { dir, cfg } = setup();
    const account = [
      '--no-interactive',
      '--email',
      'pass@example.com',
      '--password-stdin',
      '--step',
      'account',
    ];
    expect(onboard(cfg, account, { cwd: dir, input: `${PASSWORD}\n` }).code).toBe(0);
    const passport = ['--identity-type', 'individual', '--legal-name', 'Li Lei', '--id-type', 'passport'];
    const r = onboard(
      cfg,
      [
        '--no-interactive',
        ...passport,
        '--id-number',
        'E1234567',
        '--id-country',
        'us',
        '--step',
        'identity',
      ],
      { cwd: dir },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readProfile(cfg).answers.idCountry).toBe('US');
  });
});
