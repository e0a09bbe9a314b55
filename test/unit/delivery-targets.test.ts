/**
 * Credential-store writers (SPEC §4.8). Every test works in a temporary dir
 * and passes `home`/`env` explicitly: the real home is never touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkTarget,
  envExportLines,
  findKeyEverywhere,
  parseTarget,
  removeKeyEverywhere,
  TargetError,
  targetHoldsKey,
  targetPath,
  writeTarget,
} from '../../src/delivery/targets/index.js';
import { IniDocument } from '../../src/delivery/targets/ini.js';
import { thrown } from '../helpers/errors.js';
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

const sandbox = sandboxes('onboard-delivery-');

function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
const expectProblem = (fn: () => unknown) => thrown(fn, TargetError).problem;
const OTHERS_INI = [
  '# managed by hand; keep this comment',
  '[default]',
  'type = access_key',
  'access_key_id = LTAI5tOTHEROTHEROTHEROTH',
  'access_key_secret = otherotherotherotherotherother',
  '',
  '; a role',
  '[role]',
  'type=ram_role_arn',
  'role_arn = acs:ram::123:role/x',
  'unknown_key = 50%',
  '',
].join('\n');

describe('IniDocument', () => {
  it.each([
    ['empty', ''],
    ['the shared file', OTHERS_INI],
    ['CRLF, no final newline', '[a]\r\nx = 1\r\n\r\n# c\r\n[b]\r\ny=2'],
    ['comments before the first section', '; one\n  # two\n\n[a]\nk = v\n'],
  ])('gives back %s byte for byte', (_, text) => {
    const parsed = IniDocument.parse(text);
    expect('doc' in parsed && parsed.doc.toString()).toBe(text);
  });

  it('keeps a byte-order mark; a section added to a file holding only the mark starts a line below it', () => {
    const text = '\uFEFF# mine\n[a]\nx = 1\n';
    const { doc } = IniDocument.parse(text) as { doc: IniDocument };
    expect(doc.sectionNames()).toEqual(['a']);
    expect(doc.toString()).toBe(text);
    doc.addSection('ci', [['k', 'v']]);
    expect(doc.toString()).toBe(`${text}\n[ci]\nk = v\n`);
    const { doc: bare } = IniDocument.parse('\uFEFF') as { doc: IniDocument };
    bare.addSection('ci', [['k', 'v']]);
    // npm `ini` (the Node SDK) reads `\uFEFF[ci]` as a key, not as the section.
    expect(bare.toString()).toBe('\uFEFF\n[ci]\nk = v\n');
    bare.removeSection('ci');
    expect(bare.toString()).toBe('\uFEFF');
  });

  it.each([
    ['[a]\nx=1\n[b]\ny=2\n[a]\nz=3\n', 5, 'duplicateSection'],
    ['x=1\n[a]\n', 1, 'keyOutsideSection'],
    ['[a]\nx=1\njust words\n', 3, 'noDelimiter'],
    ['[a]\nx = 1\n  y = 2\n', 3, 'continuationLine'],
    ['[a]\naccess_key_id = 1\nACCESS_KEY_ID = 2\n', 3, 'duplicateKey'],
    ['[a]\n a:b = 1\n', 2, 'badKey'],
    ['[a]\nx=1\n [b]\n', 3, 'badSectionHeader'],
    ['[a] \nx=1\n', 1, 'badSectionHeader'],
    ['[ a ]\nx=1\n', 1, 'badSectionHeader'],
    ['[a]\nx=1\ry=2\n', 2, 'controlCharacter'],
  ])('refuses %j at line %i (%s)', (text, line, reason) => {
    expect(IniDocument.parse(text)).toEqual({ problem: { line, reason } });
  });

  it('replaces a section in place, keeping its comments and every other line', () => {
    const text = '[a]\nx = 1\n\n[ci]\n# ours\nold = 1\naccess_key_id = OLD\n\n[z]\ny = 2\n';
    const { doc } = IniDocument.parse(text) as { doc: IniDocument };
    doc.replaceSection('ci', [
      ['type', 'access_key'],
      ['access_key_id', 'NEW'],
    ]);
    expect(doc.toString()).toBe(
      '[a]\nx = 1\n\n[ci]\n# ours\naccess_key_id = NEW\ntype = access_key\n\n[z]\ny = 2\n',
    );
    expect(doc.sectionNames()).toEqual(['a', 'ci', 'z']);
  });

  it('adds at the end and removing gives back the original text', () => {
    for (const text of ['', '# c\n', OTHERS_INI, '[a]\nx=1', '[a]\r\nx=1\r\n']) {
      const { doc } = IniDocument.parse(text) as { doc: IniDocument };
      doc.addSection('new', [['k', 'v']]);
      expect(doc.toString().endsWith('[new]\nk = v\n') || doc.toString().endsWith('[new]\r\nk = v\r\n')).toBe(
        true,
      );
      doc.removeSection('new');
      expect(doc.toString()).toBe(text);
    }
  });

  it('removes a middle section without doubling blank lines, keeping the next section’s comment', () => {
    const { doc } = IniDocument.parse('[a]\nx=1\n\n[b]\ny=2\n\n# about c\n[c]\nz=3\n') as {
      doc: IniDocument;
    };
    expect(doc.removeSection('b')).toBe(true);
    expect(doc.toString()).toBe('[a]\nx=1\n\n# about c\n[c]\nz=3\n');
    expect(doc.removeSection('b')).toBe(false);
  });

  it('refuses to write values strict parsers mis-read, without quoting them', () => {
    const { doc } = IniDocument.parse('') as { doc: IniDocument };
    for (const bad of ['50%', 'a;b', 'a#b', 'a\nb', '"q"', ' x', 'a b', '']) {
      expect(() => doc.addSection('s', [['k', bad]])).toThrow(/^unsafe value for k$/);
    }
    for (const name of ['a.b', 'DEFAULT', '__proto__', 'constructor', 'toString', 'a]b', '']) {
      expect(() => doc.addSection(name, [['k', 'v']])).toThrow();
    }
    expect(doc.toString()).toBe('');
  });
});

describe('parseTarget / targetPath', () => {
  it.each([
    ['aliyun-cli', { kind: 'aliyun-cli', name: 'dev' }],
    ['aliyun-cli:prod', { kind: 'aliyun-cli', name: 'prod' }],
    ['aliyun-cli:a.b', { kind: 'aliyun-cli', name: 'a.b' }],
    ['credentials', { kind: 'credentials', name: 'dev' }],
    [' credentials:ci ', { kind: 'credentials', name: 'ci' }],
    ['env', { kind: 'env' }],
  ])('%j', (raw, spec) => {
    expect(parseTarget(raw, 'dev')).toEqual(spec);
  });

  it.each([
    ['aws', 'unknownTarget'],
    ['', 'unknownTarget'],
    ['Credentials', 'unknownTarget'],
    ['env:x', 'badName'],
    ['credentials:', 'badName'],
    ['credentials:a b', 'badName'],
    ['credentials:a.b', 'badName'],
    ['credentials:DEFAULT', 'badName'],
    [`aliyun-cli:${'x'.repeat(65)}`, 'badName'],
  ])('%j is %s', (raw, problem) => {
    expect(parseTarget(raw, 'dev')).toMatchObject({ problem });
  });

  it('finds the credentials file through ALIBABA_CLOUD_CREDENTIALS_FILE unless it is empty', () => {
    const home = '/h';
    const spec = { kind: 'credentials', name: 'x' } as const;
    expect(targetPath(spec, { home, env: {} })).toBe('/h/.alibabacloud/credentials');
    expect(targetPath(spec, { home, env: { ALIBABA_CLOUD_CREDENTIALS_FILE: '' } })).toBe(
      '/h/.alibabacloud/credentials',
    );
    expect(targetPath(spec, { home, env: { ALIBABA_CLOUD_CREDENTIALS_FILE: '/etc/c' } })).toBe('/etc/c');
    expect(targetPath({ kind: 'aliyun-cli', name: 'x' }, { home, env: {} })).toBe('/h/.aliyun/config.json');
    expect(targetPath({ kind: 'env' }, { home, env: {} })).toBeUndefined();
  });
});

describe('credentials target', () => {
  const spec = { kind: 'credentials', name: 'ci' } as const;

  it('creates the file 0600 and its folder 0700', () => {
    const where = sandbox();
    expect(checkTarget(spec, where, { overwrite: false })).toBeNull();
    const saved = writeTarget(spec, where, KEY_A, OPTS);
    const file = credentialsPath(where);
    expect(saved).toEqual({ target: 'credentials', profile: 'ci', path: file });
    expect(JSON.stringify(saved)).not.toContain(KEY_A.secret);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `[ci]\ntype = access_key\naccess_key_id = ${KEY_A.id}\naccess_key_secret = ${KEY_A.secret}\n`,
    );
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
  });

  it('leaves the mode of a folder it did not create alone', () => {
    const where = sandbox();
    fs.mkdirSync(path.join(where.home, '.alibabacloud'), { mode: 0o755 });
    fs.chmodSync(path.join(where.home, '.alibabacloud'), 0o755);
    writeTarget(spec, where, KEY_A, OPTS);
    expect(mode(path.join(where.home, '.alibabacloud'))).toBe(0o755);
  });

  it('merges: other sections and comments survive byte for byte', () => {
    const where = sandbox();
    const file = credentialsPath(where);
    put(file, OTHERS_INI);
    writeTarget(spec, where, KEY_A, OPTS);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith(OTHERS_INI)).toBe(true);
    expect(text.slice(OTHERS_INI.length)).toBe(
      `\n[ci]\ntype = access_key\naccess_key_id = ${KEY_A.id}\naccess_key_secret = ${KEY_A.secret}\n`,
    );
  });

  it('a section of that name is a conflict unless overwrite or it holds the key being delivered', () => {
    const where = sandbox();
    const file = credentialsPath(where);
    put(file, OTHERS_INI);
    const existing = { kind: 'credentials', name: 'default' } as const;
    expect(checkTarget(existing, where, { overwrite: false })).toEqual({
      problem: 'profileExists',
      path: file,
      name: 'default',
    });
    expect(checkTarget(existing, where, { overwrite: false, ownKeyId: KEY_A.id })).toMatchObject({
      problem: 'profileExists',
    });
    expect(
      checkTarget(existing, where, { overwrite: false, ownKeyId: 'LTAI5tOTHEROTHEROTHEROTH' }),
    ).toBeNull();
    expect(checkTarget(existing, where, { overwrite: true })).toBeNull();
    expect(expectProblem(() => writeTarget(existing, where, KEY_A, OPTS))).toMatchObject({
      problem: 'profileExists',
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(OTHERS_INI);
  });

  it('overwrite replaces the section where it stands, never a second one', () => {
    const where = sandbox();
    const file = credentialsPath(where);
    put(file, OTHERS_INI);
    writeTarget({ kind: 'credentials', name: 'default' }, where, KEY_A, { ...OPTS, overwrite: true });
    const expected = OTHERS_INI.replace('LTAI5tOTHEROTHEROTHEROTH', KEY_A.id).replace(
      'otherotherotherotherotherother',
      KEY_A.secret,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
    // Delivering the same key again (a repeated run after a crash) needs no overwrite and changes nothing.
    writeTarget({ kind: 'credentials', name: 'default' }, where, KEY_A, OPTS);
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
    expect(targetHoldsKey({ kind: 'credentials', name: 'default' }, where, KEY_A.id)).toBe(true);
    expect(targetHoldsKey({ kind: 'credentials', name: 'role' }, where, KEY_A.id)).toBe(false);
  });

  it('an unparseable file is refused and left untouched (bytes and mtime); the detail quotes nothing', () => {
    const where = sandbox();
    const file = credentialsPath(where);
    const text = `[default]\naccess_key_secret = ${KEY_B.secret}\n[default]\nx = 1\n`;
    put(file, text);
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, past, past);
    const problem = checkTarget(spec, where, { overwrite: true });
    expect(problem).toEqual({ problem: 'unparseable', path: file, detail: 'line 3: duplicate [section]' });
    expect(expectProblem(() => writeTarget(spec, where, KEY_A, { ...OPTS, overwrite: true }))).toEqual(
      problem,
    );
    expect(removeKeyEverywhere(where, KEY_B.id)).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.statSync(file).mtimeMs).toBe(past.getTime());
    expect(fs.readdirSync(path.dirname(file))).toEqual(['credentials']);
  });

  it('a file looser than 0600 is refused', () => {
    const where = sandbox();
    const file = credentialsPath(where);
    put(file, OTHERS_INI, 0o640);
    expect(checkTarget(spec, where, { overwrite: false })).toEqual({
      problem: 'looseMode',
      path: file,
      detail: 'chmod 600',
    });
    expect(expectProblem(() => writeTarget(spec, where, KEY_A, OPTS)).problem).toBe('looseMode');
    expect(fs.readFileSync(file, 'utf8')).toBe(OTHERS_INI);
    expect(mode(file)).toBe(0o640);
  });

  it('writes through a symlink to its target, atomically in the target’s folder; the link stays a link', () => {
    const where = sandbox();
    const real = path.join(where.root, 'dotfiles', 'alibaba-credentials');
    put(real, OTHERS_INI);
    fs.mkdirSync(path.join(where.home, '.alibabacloud'));
    fs.symlinkSync(real, credentialsPath(where));
    expect(checkTarget(spec, where, { overwrite: false })).toBeNull();
    writeTarget(spec, where, KEY_A, OPTS);
    expect(fs.lstatSync(credentialsPath(where)).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(credentialsPath(where))).toBe(real);
    expect(fs.readFileSync(real, 'utf8')).toContain(`access_key_id = ${KEY_A.id}`);
    expect(mode(real)).toBe(0o600);
    expect(fs.readdirSync(path.dirname(real))).toEqual(['alibaba-credentials']);
  });

  it('uses ALIBABA_CLOUD_CREDENTIALS_FILE', () => {
    const where = sandbox();
    const file = path.join(where.root, 'elsewhere', 'creds');
    const env = { ALIBABA_CLOUD_CREDENTIALS_FILE: file };
    writeTarget(spec, { ...where, env }, KEY_A, OPTS);
    expect(fs.readFileSync(file, 'utf8')).toContain(KEY_A.id);
    expect(fs.existsSync(credentialsPath(where))).toBe(false);
  });

  it('refuses a directory, a FIFO (without hanging), a broken link, a file over 1 MiB, an unusable folder', () => {
    const where = sandbox();
    const file = credentialsPath(where);
    fs.mkdirSync(file, { recursive: true });
    expect(checkTarget(spec, where, { overwrite: false })).toEqual({
      problem: 'notRegularFile',
      path: file,
      detail: 'a directory',
    });
    fs.rmdirSync(file);
    spawnSync('mkfifo', [file]);
    expect(checkTarget(spec, where, { overwrite: false })).toMatchObject({
      problem: 'notRegularFile',
      detail: 'a FIFO',
    });
    expect(expectProblem(() => writeTarget(spec, where, KEY_A, OPTS)).problem).toBe('notRegularFile');
    fs.unlinkSync(file);
    fs.symlinkSync(path.join(where.root, 'nowhere'), file);
    expect(checkTarget(spec, where, { overwrite: false })).toMatchObject({
      problem: 'notRegularFile',
      detail: 'a broken symlink',
    });
    fs.unlinkSync(file);
    put(file, `[a]\nx = ${'y'.repeat(1024 * 1024)}\n`);
    expect(checkTarget(spec, where, { overwrite: false })).toMatchObject({
      problem: 'unparseable',
      detail: 'too large',
    });
    const blocked = { ...where, env: { ALIBABA_CLOUD_CREDENTIALS_FILE: path.join(file, 'sub', 'creds') } };
    expect(checkTarget(spec, blocked, { overwrite: false })).toMatchObject({ problem: 'folderUnusable' });
  });
});

/** A config as the aliyun CLI writes it (tab indent, no final newline), with Go's escapes and fields we do not know. */
const CLI_CONFIG = `{
\t"current": "other",
\t"profiles": [
\t\t{
\t\t\t"name": "other",
\t\t\t"mode": "External",
\t\t\t"process_command": "a \\u0026\\u0026 b",
\t\t\t"region_id": "cn-beijing",
\t\t\t"output_format": "json",
\t\t\t"language": "zh",
\t\t\t"future_field": 12345678901234567890,
\t\t\t"2": "integer-like key"
\t\t},
\t\t{
\t\t\t"name": "dev",
\t\t\t"mode": "AK",
\t\t\t"access_key_id": "LTAI5tOTHEROTHEROTHEROTH",
\t\t\t"access_key_secret": "otherotherotherotherotherother",
\t\t\t"region_id": "cn-hangzhou",
\t\t\t"output_format": "json",
\t\t\t"language": "en"
\t\t}
\t],
\t"meta_path": "",
\t"plugins_top_level_unknown": {"x": [1, 2]}
}`;

function profileJson(name: string, key: typeof KEY_A, indent: string, language = 'en'): string {
  return [
    '{',
    `\t"name": "${name}",`,
    '\t"mode": "AK",',
    `\t"access_key_id": "${key.id}",`,
    `\t"access_key_secret": "${key.secret}",`,
    '\t"region_id": "cn-hangzhou",',
    '\t"output_format": "json",',
    `\t"language": "${language}"`,
    '}',
  ].join(`\n${indent}`);
}

describe('aliyun-cli target', () => {
  const spec = { kind: 'aliyun-cli', name: 'prod' } as const;

  it('creates what `aliyun configure` writes: current, profiles, meta_path; tab indent; 0600 in a 0700 folder', () => {
    const where = sandbox();
    writeTarget(spec, where, KEY_A, { ...OPTS, language: 'zh' });
    const file = cliPath(where);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `{\n\t"current": "prod",\n\t"profiles": [\n\t\t${profileJson('prod', KEY_A, '\t\t', 'zh')}\n\t],\n\t"meta_path": ""\n}`,
    );
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
  });

  it('appends a profile keeping every other byte; current stays', () => {
    const where = sandbox();
    put(cliPath(where), CLI_CONFIG);
    writeTarget(spec, where, KEY_A, OPTS);
    const text = fs.readFileSync(cliPath(where), 'utf8');
    const at = CLI_CONFIG.indexOf('\n\t],');
    expect(text).toBe(
      `${CLI_CONFIG.slice(0, at)},\n\t\t${profileJson('prod', KEY_A, '\t\t')}${CLI_CONFIG.slice(at)}`,
    );
    expect(JSON.parse(text).current).toBe('other');
  });

  it('replaces a profile of that name where it stands (same index), never duplicated', () => {
    const where = sandbox();
    put(cliPath(where), CLI_CONFIG);
    const dev = { kind: 'aliyun-cli', name: 'dev' } as const;
    expect(checkTarget(dev, where, { overwrite: false })).toEqual({
      problem: 'profileExists',
      path: cliPath(where),
      name: 'dev',
    });
    expect(checkTarget(dev, where, { overwrite: false, ownKeyId: 'LTAI5tOTHEROTHEROTHEROTH' })).toBeNull();
    writeTarget(dev, where, KEY_A, { ...OPTS, overwrite: true });
    const text = fs.readFileSync(cliPath(where), 'utf8');
    const parsed = JSON.parse(text);
    expect(parsed.profiles.map((p: { name: string }) => p.name)).toEqual(['other', 'dev']);
    expect(parsed.profiles[1].access_key_id).toBe(KEY_A.id);
    const start = CLI_CONFIG.indexOf('{\n\t\t\t"name": "dev"');
    const end = CLI_CONFIG.indexOf('\n\t],');
    expect(text).toBe(CLI_CONFIG.slice(0, start) + profileJson('dev', KEY_A, '\t\t') + CLI_CONFIG.slice(end));
    expect(targetHoldsKey(dev, where, KEY_A.id)).toBe(true);
  });

  it('sets current only when the file had no profile at all', () => {
    const where = sandbox();
    put(cliPath(where), '{\n  "current": "",\n  "profiles": [],\n  "meta_path": "/m"\n}\n');
    writeTarget(spec, where, KEY_A, OPTS);
    const text = fs.readFileSync(cliPath(where), 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      current: 'prod',
      meta_path: '/m',
      profiles: [{ name: 'prod' }],
    });
    expect(text.endsWith('"meta_path": "/m"\n}\n')).toBe(true);
    expect(text).toContain('\n  "profiles": [\n    {\n      "name": "prod",');
    // A second profile does not move current.
    writeTarget({ kind: 'aliyun-cli', name: 'second' }, where, KEY_B, OPTS);
    expect(JSON.parse(fs.readFileSync(cliPath(where), 'utf8')).current).toBe('prod');
  });

  it('adds missing members in a one-line file without reformatting it', () => {
    const where = sandbox();
    put(cliPath(where), '{"meta_path":"x","extra":[1,{"a":null}]}');
    writeTarget(spec, where, KEY_A, OPTS);
    const text = fs.readFileSync(cliPath(where), 'utf8');
    expect(text).not.toContain('\n');
    expect(text.endsWith(',"meta_path":"x","extra":[1,{"a":null}]}')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ current: 'prod', profiles: [{ name: 'prod', mode: 'AK' }] });
  });

  it('keeps CRLF line ends and a 4-space indent', () => {
    const where = sandbox();
    const text =
      '{\r\n    "current": "x",\r\n    "profiles": [\r\n        {"name": "x", "mode": "AK"}\r\n    ]\r\n}\r\n';
    put(cliPath(where), text);
    writeTarget(spec, where, KEY_A, OPTS);
    const out = fs.readFileSync(cliPath(where), 'utf8');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out).toContain(',\r\n        {\r\n            "name": "prod",\r\n            "mode": "AK",');
    expect(out.endsWith('\r\n    ]\r\n}\r\n')).toBe(true);
  });

  it.each([
    ['{"profiles": [', 'not valid JSON'],
    ['{\n"profiles": [],\n}', 'not valid JSON (line 3)'],
    ['[]', 'not a JSON object'],
    ['{"profiles": {}}', '"profiles" is not an array'],
    ['{"profiles": [1]}', 'profile 1 is not an object'],
    ['{"profiles": [{"name": 5}]}', 'profile 1 has a field of the wrong type'],
    ['{"current": 1}', '"current" is not a string'],
    ['{"current": "a", "current": "b"}', 'duplicate key'],
  ])('refuses %j (%s) and leaves it untouched', (text, detail) => {
    const where = sandbox();
    put(cliPath(where), text);
    expect(checkTarget(spec, where, { overwrite: true })).toEqual({
      problem: 'unparseable',
      path: cliPath(where),
      detail,
    });
    expect(expectProblem(() => writeTarget(spec, where, KEY_A, OPTS)).problem).toBe('unparseable');
    expect(fs.readFileSync(cliPath(where), 'utf8')).toBe(text);
  });

  it('the JSON parse detail never quotes the file', () => {
    const where = sandbox();
    put(cliPath(where), `{"access_key_secret": ${KEY_B.secret}}`);
    const problem = checkTarget(spec, where, { overwrite: false });
    expect(problem?.problem).toBe('unparseable');
    expect(JSON.stringify(problem)).not.toContain('bbbb');
  });
});

describe('findKeyEverywhere / removeKeyEverywhere', () => {
  it('names and removes every profile and section holding the key, in both files, keeping the rest', () => {
    const where = sandbox();
    put(credentialsPath(where), OTHERS_INI);
    put(cliPath(where), CLI_CONFIG);
    writeTarget({ kind: 'credentials', name: 'ci' }, where, KEY_A, OPTS);
    writeTarget({ kind: 'credentials', name: 'ci2' }, where, KEY_A, OPTS);
    writeTarget({ kind: 'credentials', name: 'keep' }, where, KEY_B, OPTS);
    writeTarget({ kind: 'aliyun-cli', name: 'prod' }, where, KEY_A, OPTS);
    const expected = [
      { target: 'aliyun-cli', profile: 'prod', path: cliPath(where) },
      { target: 'credentials', profile: 'ci', path: credentialsPath(where) },
      { target: 'credentials', profile: 'ci2', path: credentialsPath(where) },
    ];
    expect(findKeyEverywhere(where, KEY_A.id)).toEqual(expected);
    expect(removeKeyEverywhere(where, KEY_A.id)).toEqual(expected);
    expect(findKeyEverywhere(where, KEY_A.id)).toEqual([]);
    expect(fs.readFileSync(cliPath(where), 'utf8')).toBe(CLI_CONFIG);
    expect(fs.readFileSync(credentialsPath(where), 'utf8')).toBe(
      `${OTHERS_INI}\n[keep]\ntype = access_key\naccess_key_id = ${KEY_B.id}\naccess_key_secret = ${KEY_B.secret}\n`,
    );
    expect(removeKeyEverywhere(where, KEY_A.id)).toEqual([]);
  });

  it('removes the first, a middle or the only profile cleanly', () => {
    const where = sandbox();
    writeTarget({ kind: 'aliyun-cli', name: 'a' }, where, KEY_A, OPTS);
    const single = fs.readFileSync(cliPath(where), 'utf8');
    writeTarget({ kind: 'aliyun-cli', name: 'b' }, where, KEY_B, OPTS);
    writeTarget({ kind: 'aliyun-cli', name: 'c' }, where, KEY_A, OPTS);
    expect(removeKeyEverywhere(where, KEY_A.id).map((r) => r.profile)).toEqual(['a', 'c']);
    const text = fs.readFileSync(cliPath(where), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ current: 'a', profiles: [{ name: 'b' }] });
    removeKeyEverywhere(where, KEY_B.id);
    expect(fs.readFileSync(cliPath(where), 'utf8')).toBe(single.replace(/\[\n[\s\S]*\n\t\]/, '[]'));
  });

  it('finds nothing in missing files', () => {
    expect(findKeyEverywhere(sandbox(), KEY_A.id)).toEqual([]);
  });
});

describe('envExportLines', () => {
  it('is safe for eval', () => {
    const where = sandbox();
    const lines = envExportLines(KEY_A, 'cn-hangzhou');
    expect(lines).toBe(
      `export ALIBABA_CLOUD_ACCESS_KEY_ID='${KEY_A.id}'\nexport ALIBABA_CLOUD_ACCESS_KEY_SECRET='${KEY_A.secret}'\nexport ALIBABA_CLOUD_REGION_ID='cn-hangzhou'\n`,
    );
    const tricky = { id: KEY_A.id, secret: `it's $(touch pwned) "x" \`y\`` };
    for (const [key, variable, expected] of [
      [KEY_A, 'ALIBABA_CLOUD_ACCESS_KEY_ID', KEY_A.id],
      [KEY_A, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', KEY_A.secret],
      [KEY_A, 'ALIBABA_CLOUD_REGION_ID', 'cn-hangzhou'],
      [tricky, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', tricky.secret],
    ] as const) {
      const file = path.join(where.root, 'file');
      fs.writeFileSync(file, envExportLines(key, 'cn-hangzhou'));
      const result = spawnSync('sh', ['-c', `eval "$(cat file)"; printf %s "$${variable}"`], {
        cwd: where.root,
        env: { PATH: process.env.PATH, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
        encoding: 'utf8',
      });
      expect(result.stdout).toBe(expected);
    }
    expect(fs.existsSync(path.join(where.root, 'pwned'))).toBe(false);
    expect(() => envExportLines({ id: 'a', secret: 'b\nc' }, 'x')).toThrow(/ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
  });
});

describe('kill -9 during a write', () => {
  const built = targetsBundle('onboard-delivery-kill-');

  it('always leaves the old or the new complete file, and the next write cleans up', async () => {
    const where = sandbox();
    put(credentialsPath(where), OTHERS_INI);
    put(cliPath(where), CLI_CONFIG);
    const driver = path.join(built.work, 'driver.mjs');
    fs.writeFileSync(
      driver,
      `import { writeTarget } from ${JSON.stringify(built.bundle)};
const where = { home: ${JSON.stringify(where.home)}, env: {} };
const keys = [${JSON.stringify(KEY_A)}, ${JSON.stringify(KEY_B)}];
const opts = { region: 'cn-hangzhou', language: 'en', overwrite: true };
for (let i = 0; ; i++) {
  const key = keys[i % 2];
  writeTarget({ kind: 'credentials', name: 'ci' }, where, key, opts);
  writeTarget({ kind: 'aliyun-cli', name: 'prod' }, where, key, opts);
  if (i === 0) process.stdout.write('ready\\n');
}
`,
    );
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, [driver], {
        env: { PATH: process.env.PATH, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const ini = fs.readFileSync(credentialsPath(where), 'utf8');
      const doc = IniDocument.parse(ini);
      expect('doc' in doc).toBe(true);
      const section = (doc as { doc: IniDocument }).doc.getSection('ci');
      const key = [KEY_A, KEY_B].find((k) => k.id === section?.get('access_key_id'));
      expect(section?.get('access_key_secret')).toBe(key?.secret);
      expect(ini.startsWith(OTHERS_INI)).toBe(true);

      const json = fs.readFileSync(cliPath(where), 'utf8');
      const config = JSON.parse(json);
      const prod = config.profiles.find((p: { name: string }) => p.name === 'prod');
      expect([KEY_A, KEY_B].find((k) => k.id === prod.access_key_id)?.secret).toBe(prod.access_key_secret);
      expect(config.profiles[0]).toEqual(JSON.parse(CLI_CONFIG).profiles[0]);
      expect(json.slice(0, 200)).toBe(CLI_CONFIG.slice(0, 200));
    }
    // Temp files a killed writer left behind are removed by the next write.
    writeTarget({ kind: 'credentials', name: 'ci' }, where, KEY_A, { ...OPTS, overwrite: true });
    writeTarget({ kind: 'aliyun-cli', name: 'prod' }, where, KEY_A, { ...OPTS, overwrite: true });
    expect(fs.readdirSync(path.dirname(credentialsPath(where)))).toEqual(['credentials']);
    expect(fs.readdirSync(path.dirname(cliPath(where)))).toEqual(['config.json']);
  });
});
