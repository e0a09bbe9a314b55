/**
 * What onboard writes is read back by the official Node.js credentials
 * client (`@alicloud/credentials`, `new Credential().getCredential()`, the
 * default chain), in a child process with a temporary HOME and no
 * ALIBABA_CLOUD_* variables from the machine.
 *
 * The default chain (dist/src/providers/default.js), in order:
 * 1. env.js — ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET (left unset here);
 * 2. oidc_role_arn.js — only with ALIBABA_CLOUD_ROLE_ARN, _OIDC_PROVIDER_ARN, _OIDC_TOKEN_FILE;
 * 3. cli_profile.js — `path.join(os.homedir(), '.aliyun', 'config.json')` (no variable moves it);
 *    the profile is ALIBABA_CLOUD_PROFILE, else the file's `current`; mode `AK` reads
 *    access_key_id/access_key_secret; skipped with ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true;
 * 4. profile.js — ALIBABA_CLOUD_CREDENTIALS_FILE, else `~/.alibabacloud/credentials`, parsed
 *    with npm `ini` 1.x; the section is ALIBABA_CLOUD_PROFILE, else `default`; `type = access_key`;
 * 5. ecs_ram_role.js — left out of the chain by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true;
 * 6. uri.js — ALIBABA_CLOUD_CREDENTIALS_URI, pointed at a closed loopback port.
 * So one variable, ALIBABA_CLOUD_PROFILE, picks both the CLI profile and the INI section,
 * and an AK profile in the CLI config (its `current` one) shadows the credentials file.
 */
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTarget } from '../../src/delivery/targets/index.js';
import { readBack } from '../helpers/official.js';

const KEY_A = { id: 'LTAI5tAAAAAAAAAAAAAAAAAA', secret: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa1' };
const KEY_B = { id: 'LTAI5tBBBBBBBBBBBBBBBBBB', secret: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbb2' };
const OPTS = { region: 'cn-hangzhou', language: 'en' as const, overwrite: false };

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(tmpdir(), 'onboard-official-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function home(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  return dir;
}

describe('the official @alicloud/credentials default chain reads back what onboard wrote', () => {
  it('aliyun CLI profiles: `current`, and another one chosen with ALIBABA_CLOUD_PROFILE', async () => {
    const h = home('cli');
    const where = { home: h, env: {} };
    writeTarget({ kind: 'aliyun-cli', name: 'first' }, where, KEY_A, OPTS); // no profile before: becomes current
    writeTarget({ kind: 'aliyun-cli', name: 'prod' }, where, KEY_B, OPTS);
    const [current, prod] = await Promise.all([readBack(h), readBack(h, { ALIBABA_CLOUD_PROFILE: 'prod' })]);
    expect(current).toEqual({ id: KEY_A.id, secret: KEY_A.secret, provider: 'default/cli_profile' });
    expect(prod).toEqual({ id: KEY_B.id, secret: KEY_B.secret, provider: 'default/cli_profile' });
  });

  it('credentials file: [default] without a variable, a named section with ALIBABA_CLOUD_PROFILE', async () => {
    const h = home('ini');
    const where = { home: h, env: {} };
    // Merged into a file that already has comments, another section and a value configparser would choke on.
    const file = path.join(h, '.alibabacloud', 'credentials');
    fs.mkdirSync(path.dirname(file), { mode: 0o700 });
    fs.writeFileSync(file, '# mine\n[other]\ntype = ecs_ram_role\nrole_name = r\nnote = 100%\n', {
      mode: 0o600,
    });
    writeTarget({ kind: 'credentials', name: 'default' }, where, KEY_A, OPTS);
    writeTarget({ kind: 'credentials', name: 'ci' }, where, KEY_B, OPTS);
    const [plain, ci] = await Promise.all([readBack(h), readBack(h, { ALIBABA_CLOUD_PROFILE: 'ci' })]);
    expect(plain).toEqual({ id: KEY_A.id, secret: KEY_A.secret, provider: 'default/profile' });
    expect(ci).toEqual({ id: KEY_B.id, secret: KEY_B.secret, provider: 'default/profile' });
  });

  it('credentials file named by ALIBABA_CLOUD_CREDENTIALS_FILE', async () => {
    const h = home('custom');
    const file = path.join(root, 'custom-place', 'creds');
    const env = { ALIBABA_CLOUD_CREDENTIALS_FILE: file };
    writeTarget({ kind: 'credentials', name: 'ci' }, { home: h, env }, KEY_B, OPTS);
    expect(fs.existsSync(path.join(h, '.alibabacloud'))).toBe(false);
    const got = await readBack(h, { ...env, ALIBABA_CLOUD_PROFILE: 'ci' });
    expect(got).toEqual({ id: KEY_B.id, secret: KEY_B.secret, provider: 'default/profile' });
  });

  it('with both files, the CLI config comes first; a name it lacks falls through to the credentials file', async () => {
    const h = home('both');
    const where = { home: h, env: {} };
    writeTarget({ kind: 'aliyun-cli', name: 'dev' }, where, KEY_A, OPTS);
    writeTarget({ kind: 'credentials', name: 'default' }, where, KEY_B, OPTS);
    writeTarget({ kind: 'credentials', name: 'ci' }, where, KEY_B, OPTS);
    const [plain, ci, disabled] = await Promise.all([
      readBack(h),
      readBack(h, { ALIBABA_CLOUD_PROFILE: 'ci' }),
      readBack(h, { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' }),
    ]);
    expect(plain).toMatchObject({ id: KEY_A.id, provider: 'default/cli_profile' });
    expect(ci).toMatchObject({ id: KEY_B.id, secret: KEY_B.secret, provider: 'default/profile' });
    expect(disabled).toMatchObject({ id: KEY_B.id, provider: 'default/profile' });
  });

  it('cannot select a dotted section (why credentials names refuse "."): npm ini nests [a.b]', async () => {
    const h = home('dotted');
    const file = path.join(h, '.alibabacloud', 'credentials');
    fs.mkdirSync(path.dirname(file), { mode: 0o700 });
    fs.writeFileSync(
      file,
      `[a.b]\ntype = access_key\naccess_key_id = ${KEY_A.id}\naccess_key_secret = ${KEY_A.secret}\n`,
      { mode: 0o600 },
    );
    const got = await readBack(h, { ALIBABA_CLOUD_PROFILE: 'a.b' });
    expect(got.id).toBeUndefined();
    expect(got.error).toContain('Can not find credential type for "a.b"');
  });
});
