/**
 * Keys where the tools find them (SPEC §4.8), end to end with the built CLI:
 * `--save-to` / `--ram-save-to` write the aliyun CLI profile and the SDK
 * credentials file, which the official client (`@alicloud/credentials`) then
 * reads back; other profiles and comments survive; an existing profile, a file
 * that cannot be parsed or one with a loose mode is refused before any key
 * exists; `env` is eval-able; `keys delete` removes what held the key; a kill
 * at any moment leaves every file whole and no key whose secret nobody has.
 * Every run has its own HOME and credentials-file variable (never the real home).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountArgs, journeyArgs, onboard, onboardAsync, PASSWORD, workspaces } from '../helpers/cli.js';
import { readBack } from '../helpers/official.js';

const setup = workspaces('save-to');

/** A work dir with its own HOME; `run` runs the CLI there. */
function place() {
  const { dir, cfg } = setup();
  const home = join(dir, 'home');
  mkdirSync(home);
  const env = { HOME: home, ONBOARD_SIM_REVIEW_SECONDS: '0' };
  const run = (args: string[], o: { input?: string; env?: Record<string, string> } = {}) =>
    onboard(cfg, args, { cwd: dir, env: { ...env, ...o.env }, ...(o.input ? { input: o.input } : {}) });
  return { dir, cfg, home, env, run };
}

const cliConfig = (home: string) => join(home, '.aliyun', 'config.json');
const credentialsFile = (home: string) => join(home, '.alibabacloud', 'credentials');
const mode = (path: string) => statSync(path).mode & 0o777;

type Place = ReturnType<typeof place>;

/** Account, identity and a root key in a CSV: a setup whose `keys create` can run. */
function withAccount(p: Place): void {
  const r = p.run(journeyArgs(p.dir), { input: `${PASSWORD}\n` });
  expect(r.code, r.stderr).toBe(0);
}

function keyIds(p: Place): string[] {
  const r = p.run(['keys', 'list', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).keys as Array<{ id: string }>).map((k) => k.id);
}

function keysWithStatus(p: Place): Array<{ id: string; status: string }> {
  return JSON.parse(p.run(['keys', 'list', '--json']).stdout).keys;
}

describe('a new user finishes a setup with the key handed to their tools', () => {
  it("the RAM user's key as an aliyun CLI profile and an SDK section, read back by the official client", async () => {
    const p = place();
    const r = p.run(
      [
        ...accountArgs('new@example.com'),
        '--json',
        '--no-root-key',
        '--ram-user',
        'onboard-admin',
        '--ram-save-to',
        'aliyun-cli',
        '--ram-save-to',
        'credentials:boot',
        '--show-secret',
        '--region',
        'cn-shanghai',
      ],
      { input: `${PASSWORD}\n` },
    );
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const key = doc.ramUser.accessKey;
    expect(key.id).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(key.secret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(key.savedTo).toEqual([
      { target: 'aliyun-cli', profile: 'default', path: cliConfig(p.home) },
      { target: 'credentials', profile: 'boot', path: credentialsFile(p.home) },
    ]);
    // Created private: files 0600, their folders 0700.
    expect(mode(cliConfig(p.home))).toBe(0o600);
    expect(mode(join(p.home, '.aliyun'))).toBe(0o700);
    expect(mode(credentialsFile(p.home))).toBe(0o600);
    expect(mode(join(p.home, '.alibabacloud'))).toBe(0o700);
    const profile = JSON.parse(readFileSync(cliConfig(p.home), 'utf8')).profiles[0];
    expect(profile).toMatchObject({
      name: 'default',
      mode: 'AK',
      region_id: 'cn-shanghai',
      output_format: 'json',
    });

    // The official client reads the same key: from the CLI profile, and from the credentials file.
    const fromCli = await readBack(p.home, { ALIBABA_CLOUD_PROFILE: 'default' });
    expect(fromCli).toMatchObject({ id: key.id, secret: key.secret });
    const fromFile = await readBack(p.home, {
      ALIBABA_CLOUD_PROFILE: 'boot',
      ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
    });
    expect(fromFile).toMatchObject({ id: key.id, secret: key.secret });

    // onboard itself keeps no secret.
    for (const f of readdirSync(p.cfg, { recursive: true, encoding: 'utf8' })) {
      if (statSync(join(p.cfg, f)).isFile())
        expect(readFileSync(join(p.cfg, f), 'utf8')).not.toContain(key.secret);
    }
    expect(r.stderr).not.toContain(key.secret);
  });

  it('the human summary says where the key went (with ~), never the secret', () => {
    const p = place();
    withAccount(p);
    const r = p.run(['keys', 'create', '--accept-key-risk', '--save-to', 'aliyun-cli:dev']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Saved it as the aliyun CLI profile dev in ~/.aliyun/config.json.');
    const secret = JSON.parse(readFileSync(cliConfig(p.home), 'utf8')).profiles[0].access_key_secret;
    expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
  });
});

describe('merged, never clobbered', () => {
  it('another profile, another section and a comment survive; ALIBABA_CLOUD_CREDENTIALS_FILE is honoured', async () => {
    const p = place();
    withAccount(p);
    mkdirSync(join(p.home, '.aliyun'), { mode: 0o700 });
    const theirs = {
      current: 'work',
      profiles: [
        {
          name: 'work',
          mode: 'AK',
          access_key_id: 'LTAI5tWORKWORKWORKWORKWO',
          access_key_secret: 'workworkworkworkworkworkwork12',
          region_id: 'cn-beijing',
          output_format: 'json',
          language: 'en',
        },
      ],
      meta_path: '',
    };
    writeFileSync(cliConfig(p.home), `${JSON.stringify(theirs, null, '\t')}\n`, { mode: 0o600 });
    const ini = join(p.dir, 'sdk-credentials');
    const before =
      '# my keys\n[other]\ntype = access_key\naccess_key_id = LTAI5tOTHEROTHEROTHEROTH\naccess_key_secret = otherotherotherotherotherother\n';
    writeFileSync(ini, before, { mode: 0o600 });
    const env = { ALIBABA_CLOUD_CREDENTIALS_FILE: ini };
    const r = p.run(
      [
        'keys',
        'create',
        '--accept-key-risk',
        '--save-to',
        'aliyun-cli:ci',
        '--save-to',
        'credentials:ci',
        '--json',
        '--show-secret',
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    const key = JSON.parse(r.stdout).accessKey;
    expect(key.savedTo).toContainEqual({ target: 'credentials', profile: 'ci', path: ini });
    const config = JSON.parse(readFileSync(cliConfig(p.home), 'utf8'));
    expect(config.current).toBe('work');
    expect(config.profiles[0]).toEqual(theirs.profiles[0]);
    expect(config.profiles.map((x: { name: string }) => x.name)).toEqual(['work', 'ci']);
    expect(readFileSync(ini, 'utf8').startsWith(before)).toBe(true);
    expect(await readBack(p.home, { ALIBABA_CLOUD_PROFILE: 'work' })).toMatchObject({
      id: 'LTAI5tWORKWORKWORKWORKWO',
    });
    expect(
      await readBack(p.home, {
        ...env,
        ALIBABA_CLOUD_PROFILE: 'ci',
        ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
      }),
    ).toMatchObject({ id: key.id, secret: key.secret });
  });

  it('an existing profile of that name: exit 2 before any key exists; --overwrite-profile replaces it in place', async () => {
    const p = place();
    withAccount(p);
    expect(p.run(['keys', 'create', '--accept-key-risk', '--save-to', 'aliyun-cli:work']).code).toBe(0);
    const before = readFileSync(cliConfig(p.home), 'utf8');
    const keys = keyIds(p);
    const r = p.run(['keys', 'create', '--accept-key-risk', '--save-to', 'aliyun-cli:work']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('~/.aliyun/config.json already has a profile named work');
    expect(r.stderr).toContain('--overwrite-profile');
    expect(keyIds(p)).toEqual(keys);
    expect(readFileSync(cliConfig(p.home), 'utf8')).toBe(before);

    const again = p.run([
      'keys',
      'create',
      '--accept-key-risk',
      '--save-to',
      'aliyun-cli:work',
      '--overwrite-profile',
      '--json',
      '--show-secret',
    ]);
    expect(again.code, again.stderr).toBe(0);
    const key = JSON.parse(again.stdout).accessKey;
    const config = JSON.parse(readFileSync(cliConfig(p.home), 'utf8'));
    expect(config.profiles.filter((x: { name: string }) => x.name === 'work')).toHaveLength(1);
    expect(await readBack(p.home, { ALIBABA_CLOUD_PROFILE: 'work' })).toMatchObject({
      id: key.id,
      secret: key.secret,
    });
  });

  it('a file that cannot be parsed, or is readable by others, is refused and left untouched; no key is made', () => {
    const p = place();
    withAccount(p);
    const keys = keyIds(p);
    mkdirSync(join(p.home, '.aliyun'), { mode: 0o700 });
    writeFileSync(cliConfig(p.home), '{"profiles": [ not json', { mode: 0o600 });
    const broken = p.run(['keys', 'create', '--accept-key-risk', '--save-to', 'aliyun-cli']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('~/.aliyun/config.json cannot be read');
    expect(readFileSync(cliConfig(p.home), 'utf8')).toBe('{"profiles": [ not json');

    mkdirSync(join(p.home, '.alibabacloud'), { mode: 0o700 });
    writeFileSync(credentialsFile(p.home), '[x]\n', { mode: 0o644 });
    const loose = p.run(['keys', 'create', '--accept-key-risk', '--save-to', 'credentials']);
    expect(loose.code).toBe(2);
    expect(loose.stderr).toContain('chmod 600');
    expect(mode(credentialsFile(p.home))).toBe(0o644);
    expect(readFileSync(credentialsFile(p.home), 'utf8')).toBe('[x]\n');
    expect(keyIds(p)).toEqual(keys);
  });
});

describe('env', () => {
  it('prints export lines that sh can eval; refused with --json and with --show-secret', () => {
    const p = place();
    withAccount(p);
    const r = p.run(['keys', 'create', '--accept-key-risk', '--save-to', 'env', '--region', 'cn-beijing']);
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .every((l) => l.startsWith('export ALIBABA_CLOUD_')),
    ).toBe(true);
    const sh = spawnSync(
      'sh',
      [
        '-c',
        'eval "$1"; printf "%s %s %s" "$ALIBABA_CLOUD_ACCESS_KEY_ID" "$ALIBABA_CLOUD_ACCESS_KEY_SECRET" "$ALIBABA_CLOUD_REGION_ID"',
        'sh',
        r.stdout,
      ],
      { encoding: 'utf8' },
    );
    const [id, secret, region] = sh.stdout.split(' ');
    expect(keyIds(p)).toContain(id);
    expect(secret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(region).toBe('cn-beijing');
    const keys = keyIds(p);
    for (const extra of [['--json'], ['--show-secret']]) {
      const bad = p.run(['keys', 'create', '--accept-key-risk', '--save-to', 'env', ...extra]);
      expect(bad.code, extra.join(' ')).toBe(2);
    }
    expect(keyIds(p)).toEqual(keys);
  });

  it('a bad target or one named twice is exit 2 naming its source, before anything exists', () => {
    const p = place();
    const r = p.run(['--no-interactive', '--email', 'x@example.com', '--save-to', 'aws']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--save-to');
    expect(r.stderr).toContain('"aws" is not a target');
    const twice = p.run(['--no-interactive', '--email', 'x@example.com'], {
      env: { ONBOARD_RAM_SAVE_TO: 'credentials:a,credentials:a' },
    });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('ONBOARD_RAM_SAVE_TO');
    expect(existsSync(p.cfg)).toBe(false);
  });
});

describe('a deleted key takes what held it along', () => {
  it('keys delete names the profile and section holding the key and removes them, keeping the rest', async () => {
    const p = place();
    withAccount(p);
    expect(p.run(['keys', 'create', '--accept-key-risk', '--save-to', 'aliyun-cli:keep']).code).toBe(0);
    const made = p.run([
      'keys',
      'create',
      '--accept-key-risk',
      '--save-to',
      'aliyun-cli:gone',
      '--save-to',
      'credentials:gone',
      '--json',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const id = JSON.parse(made.stdout).accessKey.id;
    expect(p.run(['keys', 'disable', id]).code).toBe(0);
    const del = p.run(['keys', 'delete', id, '--yes']);
    expect(del.code, del.stderr).toBe(0);
    const said = del.stderr.replace(/\s+/g, ' ');
    expect(said).toContain(
      'also removes what holds it: the aliyun CLI profile gone in ~/.aliyun/config.json',
    );
    expect(said).toContain(
      'Removed what was written for the key: the section [gone] of the SDK credentials file',
    );
    const names = JSON.parse(readFileSync(cliConfig(p.home), 'utf8')).profiles.map(
      (x: { name: string }) => x.name,
    );
    expect(names).toEqual(['keep']);
    expect(readFileSync(credentialsFile(p.home), 'utf8')).not.toContain('[gone]');
  });
});

describe('kill -9 during delivery to the tools', () => {
  it('every file stays whole, and the next run leaves no key whose secret nobody has', async () => {
    const p = place();
    withAccount(p);
    const args = [
      'keys',
      'create',
      '--accept-key-risk',
      '--save-to',
      'aliyun-cli:k',
      '--save-to',
      'credentials:k',
    ];
    const env = { ...p.env, ONBOARD_SIM_LATENCY_MS: '25' };
    for (let i = 0; i < 8; i++) {
      const { child, done } = onboardAsync(p.cfg, args, { env, cwd: p.dir });
      const timer = setTimeout(() => child.kill('SIGKILL'), 40 + Math.floor(Math.random() * 300));
      const r = await done;
      clearTimeout(timer);
      expect(r.code === null || [0, 2].includes(r.code), `${r.code} ${r.stderr}`).toBe(true);
      if (existsSync(cliConfig(p.home))) JSON.parse(readFileSync(cliConfig(p.home), 'utf8'));
      if (r.code === 0) break;
    }
    // The next run of the wizard repairs whatever the kills left.
    const last = p.run(journeyArgs(p.dir), { input: `${PASSWORD}\n` });
    expect(last.code, last.stderr).toBe(0);
    const config = existsSync(cliConfig(p.home))
      ? JSON.parse(readFileSync(cliConfig(p.home), 'utf8'))
      : { profiles: [] };
    const held: Array<{ access_key_id: string }> = config.profiles.filter(
      (x: { name: string }) => x.name === 'k',
    );
    expect(held.length).toBeLessThanOrEqual(1);
    const csvKey = readFileSync(join(p.dir, 'AccessKey.csv'), 'utf8').split('\n')[1]?.split(',')[0];
    const active = keysWithStatus(p)
      .filter((k) => k.status === 'Active')
      .map((k) => k.id);
    // Every Active key is one whose secret someone has: the CSV's, or the one the profile holds.
    const facts = `${JSON.stringify(config)} ${JSON.stringify(keysWithStatus(p))}`;
    for (const id of active) expect([csvKey, ...held.map((h) => h.access_key_id)], facts).toContain(id);
    // And a profile never holds a key that is gone.
    for (const h of held) {
      expect(active, facts).toContain(h.access_key_id);
      expect(await readBack(p.home, { ALIBABA_CLOUD_PROFILE: 'k' })).toMatchObject({ id: h.access_key_id });
    }
    // No temporary file or mutex is left behind, whatever the kills interrupted: the next run
    // cleans what a dead writer left (a folder exists only if a kill came after its first write).
    for (const d of [join(p.home, '.aliyun'), join(p.home, '.alibabacloud')].filter((x) => existsSync(x))) {
      expect(
        readdirSync(d).filter((f) => f.includes('.tmp') || f.includes('.mutex')),
        d,
      ).toEqual([]);
    }
  });
});
