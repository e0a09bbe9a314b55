import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../src/steps/index.js';
import { accountArgs, journeyArgs, onboard, PASSWORD, profilePath, workspaces } from '../helpers/cli.js';
import { cloudBytes, readCloud } from '../helpers/cloud.js';

const setup = workspaces('journey');

const cloud = (cfg: string) => readCloud(cfg);
function ownedBuckets(cfg: string) {
  const c = cloud(cfg);
  const acct = c.accounts.find((a: { email: string }) => a.email === 'dev@example.com');
  return c.buckets.filter((b: { owner: string }) => b.owner === acct?.uid);
}
const stepStatus = (doc: { steps: { id: string; status: string }[] }) =>
  Object.fromEntries(doc.steps.map((s) => [s.id, s.status]));

describe('full scripted journey', () => {
  it('completes, writes a 0600 CSV, keeps secrets out of every file, and is idempotent', () => {
    const { dir, cfg } = setup();
    const args = journeyArgs(dir);
    const r = onboard(cfg, args, { input: `${PASSWORD}\n`, cwd: dir });
    expect(r.code, r.stderr).toBe(0);

    const st = onboard(cfg, ['status', '--json'], { cwd: dir });
    expect(st.code).toBe(0);
    const doc = JSON.parse(st.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.status).toBe('complete');
    expect(doc.profile).toBe('default');
    expect(doc.product).toBe('emr');
    expect(doc.steps.map((s: { id: string }) => s.id)).toEqual(STEP_IDS);
    expect(stepStatus(doc)).toMatchObject({
      account: 'done',
      identity: 'done',
      accesskey: 'done',
      ramuser: 'skipped',
      oss: 'done',
      highend: 'skipped',
      activate: 'not_needed',
    });
    for (const s of doc.steps) {
      expect(typeof s.summary).toBe('string');
      expect(typeof s.details).toBe('object');
    }
    expect(Array.isArray(doc.next)).toBe(true);
    expect(doc).not.toHaveProperty('error');
    expect(doc).not.toHaveProperty('accessKey');

    const csvPath = join(dir, 'AccessKey.csv');
    const csv = readFileSync(csvPath, 'utf8');
    const m = /^AccessKey ID,AccessKey Secret\n(LTAI[A-Za-z0-9]{20}),([A-Za-z0-9]{30})\n$/.exec(csv);
    expect(m, csv).not.toBeNull();
    const [, keyId, secret] = m as RegExpExecArray;
    expect(statSync(csvPath).mode & 0o777).toBe(0o600);
    expect(statSync(cfg).mode & 0o777).toBe(0o700);
    // Every folder in the config dir 0700, every file 0600 (the profiles' files in their folder too).
    for (const f of readdirSync(cfg, { recursive: true, encoding: 'utf8' })) {
      const stat = statSync(join(cfg, f));
      expect(stat.mode & 0o777, f).toBe(stat.isDirectory() ? 0o700 : 0o600);
    }
    expect(readdirSync(join(cfg, 'profiles'))).toEqual(['default.json']);

    const human = onboard(cfg, ['status'], { cwd: dir });
    expect(human.code).toBe(0);
    for (const text of [
      readFileSync(profilePath(cfg), 'utf8'),
      cloudBytes(cfg).toString('latin1'),
      st.stdout,
      st.stderr,
      human.stdout,
      human.stderr,
    ]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(PASSWORD);
    }

    const keysBefore = JSON.parse(onboard(cfg, ['keys', 'list', '--json'], { cwd: dir }).stdout);
    expect(keysBefore.keys).toHaveLength(1);
    expect(keysBefore.keys[0]).toMatchObject({ id: keyId, status: 'Active' });
    const bucketsBefore = ownedBuckets(cfg);
    expect(bucketsBefore).toHaveLength(1);

    const again = onboard(cfg, args, { input: `${PASSWORD}\n`, cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    const keysAfter = JSON.parse(onboard(cfg, ['keys', 'list', '--json'], { cwd: dir }).stdout);
    expect(keysAfter.keys).toEqual(keysBefore.keys);
    expect(ownedBuckets(cfg)).toEqual(bucketsBefore);
    expect(readFileSync(csvPath, 'utf8')).toBe(csv);
  });

  it('--json prints one document with accessKey.id and no secret', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, journeyArgs(dir, ['--json']), { input: `${PASSWORD}\n`, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.status).toBe('complete');
    expect(doc.accessKey.id).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(doc.accessKey).not.toHaveProperty('secret');
    expect(doc.accessKey.csv).toBe(join(dir, 'AccessKey.csv'));
    expect(doc).not.toHaveProperty('error');
    const secret = readFileSync(join(dir, 'AccessKey.csv'), 'utf8').split('\n')[1]?.split(',')[1] ?? '(none)';
    expect(r.stdout).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);
  });

  it('--show-secret --json without --csv puts the secret in the document', () => {
    const { dir, cfg } = setup();
    const args = journeyArgs(dir, ['--json', '--show-secret']);
    args.splice(args.indexOf('--csv'), 2);
    const r = onboard(cfg, args, { input: `${PASSWORD}\n`, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.accessKey.id).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(doc.accessKey.secret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(doc.accessKey).not.toHaveProperty('csv');
    expect(r.stderr).not.toContain(doc.accessKey.secret);
    expect(readFileSync(profilePath(cfg), 'utf8')).not.toContain(doc.accessKey.secret);
  });

  it('--product maxcompute marks oss and highend not_needed, and a later status without the flag still says so', () => {
    const { dir, cfg } = setup();
    const r = onboard(cfg, journeyArgs(dir, ['--product', 'maxcompute', '--json']), {
      input: `${PASSWORD}\n`,
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.product).toBe('maxcompute');
    expect(doc.status).toBe('complete');
    expect(stepStatus(doc)).toMatchObject({ accesskey: 'done', oss: 'not_needed', highend: 'not_needed' });
    // A run-level answer given as a flag is the profile's from now on.
    const later = JSON.parse(onboard(cfg, ['status', '--json'], { cwd: dir }).stdout);
    expect(later.product).toBe('maxcompute');
    expect(later.status).toBe('complete');
    expect(stepStatus(later)).toMatchObject({ oss: 'not_needed', highend: 'not_needed' });
  });

  it("the RAM user's key only (--no-root-key): complete, and still complete in a later status without the flags", () => {
    const { dir, cfg } = setup();
    const args = [
      ...accountArgs(),
      '--no-root-key',
      '--ram-user',
      'ops',
      '--ram-csv',
      join(dir, 'ops_AccessKey.csv'),
      '--json',
    ];
    const r = onboard(cfg, args, { input: `${PASSWORD}\n`, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(stepStatus(JSON.parse(r.stdout))).toMatchObject({ accesskey: 'skipped', ramuser: 'done' });
    // What the run was given is the profile's earlier answer: status knows there is no root key by choice.
    const later = onboard(cfg, ['status', '--json'], { cwd: dir });
    const doc = JSON.parse(later.stdout);
    expect(doc.status).toBe('complete');
    expect(stepStatus(doc)).toMatchObject({ accesskey: 'skipped', ramuser: 'done' });
  });

  it('--high-end with review 0 ends done; a [reject] reason exits 4 with the step failed', () => {
    const ok = setup();
    const r = onboard(ok.cfg, journeyArgs(ok.dir, ['--high-end', '--json']), {
      input: `${PASSWORD}\n`,
      cwd: ok.dir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(stepStatus(JSON.parse(r.stdout)).highend).toBe('done');

    const bad = setup();
    const r2 = onboard(
      bad.cfg,
      journeyArgs(bad.dir, ['--high-end', '--reason', 'please [reject] this one']),
      {
        input: `${PASSWORD}\n`,
        cwd: bad.dir,
      },
    );
    expect(r2.code, r2.stderr).toBe(4);
    const st = JSON.parse(onboard(bad.cfg, ['status', '--json'], { cwd: bad.dir }).stdout);
    expect(stepStatus(st).highend).toBe('failed');
    expect(st.status).not.toBe('complete');
  });
});
