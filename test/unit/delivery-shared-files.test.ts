/**
 * Other tools' files that several runs share (SPEC §4.8, §8, version 3):
 * writers take turns, so none loses another's profile; a profile another run
 * wrote since the check is never replaced; what killed writers left beside
 * the files goes at the next check; a replaced file keeps its owner and
 * group; names that are members of Object.prototype never become a
 * credentials section. Every test passes `home`/`env` explicitly.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTarget,
  parseTarget,
  removeKeyEverywhere,
  type TargetEnv,
  TargetError,
  targetHolder,
  writeTarget,
} from '../../src/delivery/targets/index.js';
import { IniDocument } from '../../src/delivery/targets/ini.js';
import { collectOutput, liveAndDeadPids } from '../helpers/child.js';
import { thrown } from '../helpers/errors.js';
import { readBackAll } from '../helpers/official.js';
import {
  cliPath,
  credentialsPath,
  KEY_A,
  KEY_B,
  OPTS,
  put,
  sandboxes,
  targetsBundle,
} from '../helpers/targets.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ROOT_USER = process.getuid?.() === 0;
/** A user and group that own nothing on this machine. */
const OTHER = 12345;
/** Every member of Object.prototype, as npm `ini` would look a section up. */
const PROTO_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];

/** npm `ini` 1.3.8, the reader of the official Node.js SDK. */
const ini = (await import(path.join(ROOT, 'node_modules/ini/ini.js'))).default as {
  parse(text: string): Record<string, Record<string, string>>;
};

const sandbox = sandboxes('onboard-shared-');
const problemOf = (fn: () => unknown) => thrown(fn, TargetError).problem;
function keyFor(i: number): { id: string; secret: string } {
  const n = String(i).padStart(2, '0');
  return { id: `LTAI5tW${n}${'x'.repeat(15)}`, secret: `s${n}${'y'.repeat(27)}` };
}

/** The targets module as one file, for child processes (writers, other users). */
const built = targetsBundle('onboard-shared-bundle-');

/** A script that waits for `go` to exist, then runs `body` (with `writeTarget`, `checkTarget`, `where` in scope). */
function driver(name: string, where: TargetEnv, body: string): string {
  const file = path.join(built.work, `${name}.mjs`);
  fs.writeFileSync(
    file,
    `import { checkTarget, writeTarget } from ${JSON.stringify(built.bundle)};
import fs from 'node:fs';
const where = { home: ${JSON.stringify(where.home)}, env: {} };
const go = process.argv[2];
const cell = new Int32Array(new SharedArrayBuffer(4));
if (go) while (!fs.existsSync(go)) Atomics.wait(cell, 0, 0, 2);
${body}
`,
  );
  fs.chmodSync(file, 0o644);
  return file;
}

describe('many writers at once (SPEC §8: concurrent writers are serialised)', () => {
  it('twenty writers started together: every profile and every section is there, read back by the official client', async () => {
    const where = sandbox();
    // Someone's own profile and section, there before: they must survive too.
    put(
      cliPath(where),
      JSON.stringify(
        { current: 'mine', profiles: [{ name: 'mine', mode: 'AK' }], meta_path: '' },
        null,
        '\t',
      ),
    );
    put(credentialsPath(where), '# mine\n[mine]\ntype = access_key\naccess_key_id = LTAI5tMINE\n');
    const script = driver(
      'writer',
      where,
      `const [, , , name, id, secret] = process.argv;
const opts = { region: 'cn-hangzhou', language: 'en', overwrite: false };
writeTarget({ kind: 'aliyun-cli', name }, where, { id, secret }, opts);
writeTarget({ kind: 'credentials', name }, where, { id, secret }, opts);`,
    );
    const go = path.join(built.work, 'go-20');
    const names = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const runs = names.map((name, i) => {
      const key = keyFor(i);
      return collectOutput(
        spawn(process.execPath, [script, go, name, key.id, key.secret], {
          stdio: ['ignore', 'ignore', 'pipe'],
        }),
      ).done;
    });
    // Every writer is up and waiting; then all at once.
    await new Promise((resolve) => setTimeout(resolve, 400));
    fs.writeFileSync(go, '');
    for (const r of await Promise.all(runs)) expect(r.code, r.stderr).toBe(0);

    const config = JSON.parse(fs.readFileSync(cliPath(where), 'utf8'));
    expect(config.profiles.map((p: { name: string }) => p.name).sort()).toEqual(['mine', ...names].sort());
    const sections = ini.parse(fs.readFileSync(credentialsPath(where), 'utf8'));
    for (const [i, name] of names.entries()) {
      expect(config.profiles.find((p: { name: string }) => p.name === name).access_key_id).toBe(keyFor(i).id);
      expect(sections[name]).toMatchObject({ type: 'access_key', access_key_id: keyFor(i).id });
    }
    expect(sections.mine?.access_key_id).toBe('LTAI5tMINE');
    const fromCli = await readBackAll(where.home, names);
    const fromFile = await readBackAll(where.home, names, { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' });
    for (const [i, name] of names.entries()) {
      expect(fromCli.get(name), name).toMatchObject({ id: keyFor(i).id, secret: keyFor(i).secret });
      expect(fromFile.get(name), name).toMatchObject({ id: keyFor(i).id, secret: keyFor(i).secret });
    }
    // Nothing of the writers is left beside the files: no temp, no mutex.
    expect(fs.readdirSync(path.dirname(cliPath(where)))).toEqual(['config.json']);
    expect(fs.readdirSync(path.dirname(credentialsPath(where)))).toEqual(['credentials']);
  });

  it('a profile another run wrote since the check is not replaced (the key is not saved there)', () => {
    const where = sandbox();
    const spec = { kind: 'aliyun-cli', name: 'dev' } as const;
    // Checked while nothing was there...
    expect(checkTarget(spec, where, { overwrite: false })).toBeNull();
    expect(targetHolder(spec, where)).toBeUndefined();
    // ...then another run wrote its key under the same name.
    writeTarget(spec, where, KEY_B, OPTS);
    const before = fs.readFileSync(cliPath(where), 'utf8');
    expect(
      problemOf(() => writeTarget(spec, where, KEY_A, { ...OPTS, overwrite: true, replaces: null })),
    ).toMatchObject({ problem: 'changedMeanwhile', name: 'dev' });
    expect(fs.readFileSync(cliPath(where), 'utf8')).toBe(before);
    // What was there when checked is replaced, as confirmed; the key's own profile is rewritten.
    writeTarget(spec, where, KEY_A, { ...OPTS, overwrite: true, replaces: KEY_B.id });
    expect(targetHolder(spec, where)).toBe(KEY_A.id);
    writeTarget(spec, where, KEY_A, { ...OPTS, overwrite: true, replaces: null });
  });

  it('removing a key rereads the file under the mutex: a profile written meanwhile stays', () => {
    const where = sandbox();
    writeTarget({ kind: 'credentials', name: 'gone' }, where, KEY_A, OPTS);
    writeTarget({ kind: 'credentials', name: 'kept' }, where, KEY_B, OPTS);
    expect(removeKeyEverywhere(where, KEY_A.id)).toEqual([
      { target: 'credentials', profile: 'gone', path: credentialsPath(where) },
    ]);
    expect(ini.parse(fs.readFileSync(credentialsPath(where), 'utf8'))).toEqual({
      kept: { type: 'access_key', access_key_id: KEY_B.id, access_key_secret: KEY_B.secret },
    });
  });
});

describe('what killed writers leave beside the files', () => {
  const pids = liveAndDeadPids();
  const lock = (pid: number) =>
    `${JSON.stringify({ pid, startedAt: new Date().toISOString(), command: 'mutex', host: hostname() })}\n`;

  it('is removed by the next check (temp files, a dead holder’s mutex and its temp); a live holder’s are kept', () => {
    const where = sandbox();
    put(cliPath(where), '{}');
    const dir = path.dirname(cliPath(where));
    for (const name of [
      `config.json.tmp-${pids.dead}-0a1b2c`,
      `config.json.mutex.tmp-${pids.dead}-0a1b2c`,
      `config.json.mutex.takeover.tmp-${pids.dead}-aa`,
    ])
      fs.writeFileSync(path.join(dir, name), 'half');
    fs.writeFileSync(path.join(dir, 'config.json.mutex'), lock(pids.dead));
    fs.writeFileSync(path.join(dir, `config.json.tmp-${pids.live}-ffff`), 'in flight');
    expect(checkTarget({ kind: 'aliyun-cli', name: 'x' }, where, { overwrite: false })).toBeNull();
    expect(fs.readdirSync(dir).sort()).toEqual(['config.json', `config.json.tmp-${pids.live}-ffff`]);

    // A live holder's mutex is waited for, never removed.
    put(credentialsPath(where), '');
    const mutex = `${credentialsPath(where)}.mutex`;
    fs.writeFileSync(mutex, lock(pids.live));
    expect(checkTarget({ kind: 'credentials', name: 'x' }, where, { overwrite: false })).toBeNull();
    expect(fs.existsSync(mutex)).toBe(true);
  });
});

describe('names that are members of Object.prototype', () => {
  it('are never a credentials section, whether given or taken from the profile; they stay aliyun CLI profile names', () => {
    for (const name of PROTO_NAMES) {
      expect(parseTarget(`credentials:${name}`, 'dev')).toMatchObject({ problem: 'badName' });
      const fromProfile = parseTarget('credentials', name);
      expect(fromProfile).toMatchObject({ problem: 'badName' });
      if (/^[A-Za-z0-9_-]+$/.test(name)) {
        expect(fromProfile).toMatchObject({
          detail: 'sectionBuiltIn',
          rule: { key: 'delivery.target.sectionBuiltInProfile', params: { name } },
        });
        expect(parseTarget(`aliyun-cli:${name}`, 'dev')).toEqual({ kind: 'aliyun-cli', name });
      }
    }
  });

  it('as aliyun CLI profiles: written, found and removed like any other, every other profile kept (property)', () => {
    const names = fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/));
    fc.assert(
      fc.property(fc.uniqueArray(names, { minLength: 1, maxLength: 5 }), (chosen) => {
        const where = sandbox();
        const valid = chosen.filter((n) => !('problem' in parseTarget(`aliyun-cli:${n}`, 'dev')));
        for (const [i, name] of valid.entries())
          writeTarget({ kind: 'aliyun-cli', name }, where, keyFor(i), OPTS);
        if (valid.length === 0) return;
        const config = JSON.parse(fs.readFileSync(cliPath(where), 'utf8'));
        expect(config.profiles.map((p: { name: string }) => p.name)).toEqual(valid);
        for (const [i, name] of valid.entries()) {
          expect(targetHolder({ kind: 'aliyun-cli', name }, where)).toBe(keyFor(i).id);
          expect(checkTarget({ kind: 'aliyun-cli', name }, where, { overwrite: false })).toMatchObject({
            problem: 'profileExists',
          });
        }
        removeKeyEverywhere(where, keyFor(0).id);
        const after = JSON.parse(fs.readFileSync(cliPath(where), 'utf8'));
        expect(after.profiles.map((p: { name: string }) => p.name)).toEqual(valid.slice(1));
      }),
      { numRuns: 25 },
    );
  });

  it('an existing file holding such sections is read as data, and the Node SDK’s reader would have been poisoned', () => {
    const where = sandbox();
    put(credentialsPath(where), '[constructor]\naccess_key_id = X\n\n[toString]\ntype = access_key\n');
    expect(targetHolder({ kind: 'credentials', name: 'constructor' }, where)).toBe('X');
    writeTarget({ kind: 'credentials', name: 'ci' }, where, KEY_A, OPTS);
    expect(removeKeyEverywhere(where, 'X')).toHaveLength(1);
    // Why: npm `ini` puts [constructor]'s keys on the Object function itself.
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.join(ROOT, 'node_modules/ini'))}).parse('[constructor]\\naccess_key_id = X\\n'); process.stdout.write(String(({}).constructor.access_key_id))`,
      ],
      { encoding: 'utf8' },
    );
    expect(probe.stdout).toBe('X');
  });
});

describe('a byte-order mark in the credentials file', () => {
  it('is kept when a section is written and removed, and the official client reads the section', async () => {
    const where = sandbox();
    const before = '\uFEFF# saved by an editor that writes a BOM\n\n[other]\ntype = access_key\n';
    put(credentialsPath(where), before);
    writeTarget({ kind: 'credentials', name: 'ci' }, where, KEY_A, OPTS);
    const text = fs.readFileSync(credentialsPath(where), 'utf8');
    expect(text.startsWith(before)).toBe(true);
    const read = await readBackAll(where.home, ['ci'], { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' });
    expect(read.get('ci')).toMatchObject({ id: KEY_A.id, secret: KEY_A.secret });
    removeKeyEverywhere(where, KEY_A.id);
    expect(fs.readFileSync(credentialsPath(where), 'utf8')).toBe(before);
  });

  it('in the aliyun CLI config (which its Go reader cannot parse) is refused, the file untouched', () => {
    const where = sandbox();
    put(cliPath(where), '\uFEFF{"profiles": []}');
    expect(checkTarget({ kind: 'aliyun-cli', name: 'x' }, where, { overwrite: false })).toMatchObject({
      problem: 'unparseable',
    });
  });
});

describe.runIf(ROOT_USER)('ownership, run as root with another user’s HOME (as sudo -E gives)', () => {
  const owner = (file: string) => {
    const s = fs.statSync(file);
    return `${s.uid}:${s.gid}`;
  };
  const theirs = `${OTHER}:${OTHER}`;

  it('a replaced file keeps its owner and group; a folder and file made in their home are theirs', () => {
    const where = sandbox();
    fs.chownSync(where.home, OTHER, OTHER);
    put(cliPath(where), '{}');
    fs.chownSync(path.dirname(cliPath(where)), OTHER, OTHER);
    fs.chownSync(cliPath(where), OTHER, OTHER);
    writeTarget({ kind: 'aliyun-cli', name: 'dev' }, where, KEY_A, OPTS);
    writeTarget({ kind: 'credentials', name: 'dev' }, where, KEY_A, OPTS);
    expect(owner(cliPath(where))).toBe(theirs);
    expect(fs.statSync(cliPath(where)).mode & 0o777).toBe(0o600);
    expect(owner(credentialsPath(where))).toBe(theirs);
    expect(owner(path.dirname(credentialsPath(where)))).toBe(theirs);
    expect(fs.statSync(path.dirname(credentialsPath(where))).mode & 0o777).toBe(0o700);
    removeKeyEverywhere(where, KEY_A.id);
    expect(owner(cliPath(where))).toBe(theirs);
    expect(owner(credentialsPath(where))).toBe(theirs);
  });

  it('another user who cannot keep the file’s group is refused before and at the write, the file untouched', async () => {
    const where = sandbox();
    fs.chmodSync(where.root, 0o755);
    fs.chownSync(where.home, OTHER, OTHER);
    put(credentialsPath(where), '[x]\ntype = access_key\n');
    fs.chownSync(path.dirname(credentialsPath(where)), OTHER, OTHER);
    // Their file, but in root's group, which they are not a member of.
    fs.chownSync(credentialsPath(where), OTHER, 0);
    const before = fs.readFileSync(credentialsPath(where), 'utf8');
    const script = driver(
      'other-user',
      where,
      `const spec = { kind: 'credentials', name: 'ci' };
const checked = checkTarget(spec, where, { overwrite: false });
let written;
try {
  writeTarget(spec, where, ${JSON.stringify(KEY_A)}, { region: 'cn-hangzhou', language: 'en', overwrite: false });
} catch (error) {
  written = error.problem;
}
process.stdout.write(JSON.stringify({ checked, written }));`,
    );
    const child = spawn(process.execPath, [script], {
      uid: OTHER,
      gid: OTHER,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const r = await collectOutput(child).done;
    expect(r.code, r.stderr).toBe(0);
    const { checked, written } = JSON.parse(r.stdout);
    const refusal = { problem: 'ownerNotKept', path: credentialsPath(where), detail: `${OTHER}:0` };
    expect(checked).toEqual(refusal);
    expect(written).toEqual(refusal);
    expect(fs.readFileSync(credentialsPath(where), 'utf8')).toBe(before);
    expect(owner(credentialsPath(where))).toBe(`${OTHER}:0`);
  });
});

describe('IniDocument with every Object.prototype name', () => {
  it('parses such sections as data and never writes one', () => {
    const text = PROTO_NAMES.map((n) => `[${n}]\nk = v\n`).join('\n');
    const parsed = IniDocument.parse(text);
    expect('doc' in parsed).toBe(true);
    const { doc } = parsed as { doc: IniDocument };
    expect(doc.sectionNames()).toEqual(PROTO_NAMES);
    for (const name of PROTO_NAMES) expect(doc.getSection(name)?.get('k')).toBe('v');
    const { doc: empty } = IniDocument.parse('') as { doc: IniDocument };
    for (const name of PROTO_NAMES) expect(() => empty.addSection(name, [['k', 'v']])).toThrow();
  });
});
