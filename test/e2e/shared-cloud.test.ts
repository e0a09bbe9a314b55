/**
 * Several profiles on one config dir, and one account reached from several
 * profiles (issue #11): runs started together never fail for one another's
 * sake; a profile that signs in to a verified account is asked nothing about
 * identity and changes nothing of the other profile's; an approved enterprise
 * verification stays enterprise.
 */
import { describe, expect, it } from 'vitest';
import {
  ENTERPRISE_IDENTITY,
  journeyArgs,
  onboard,
  PASSWORD,
  RESIDENT_ID,
  STEP_IDS,
  workspaces,
} from '../helpers/cli.js';
import { concurrentJourneys } from '../helpers/scenarios.js';

const setup = workspaces('shared');

const INDIVIDUAL = ['--identity-type', 'individual', '--legal-name', 'Li Lei', '--id-number', RESIDENT_ID];

describe('four profiles started at once on one config dir', () => {
  it('all finish (exit 0), round after round', async () => {
    await concurrentJourneys(setup, { profiles: 4, rounds: 3 });
  });
});

describe('signing in to an account another profile set up', () => {
  function firstProfile() {
    const { dir, cfg } = setup();
    const first = onboard(cfg, journeyArgs(dir), { input: `${PASSWORD}\n`, cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    return { dir, cfg };
  }
  const signIn = ['--profile', 'two', '--no-interactive', '--sign-in', '--email', 'dev@example.com'];
  const key = ['--accept-key-risk', '--show-secret'];

  it('a wrong password is reported before any identity answer is asked for', () => {
    const { dir, cfg } = firstProfile();
    const r = onboard(cfg, [...signIn, '--password-stdin', ...key], { input: 'Wrong0rd!x\n', cwd: dir });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('InvalidPassword');
    expect(r.stderr).not.toContain('--identity-type');
  });

  it('a verified account needs no identity answers, and the new profile is complete', () => {
    const { dir, cfg } = firstProfile();
    const r = onboard(cfg, [...signIn, '--password-stdin', ...key], { input: `${PASSWORD}\n`, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // The session is the profile's own now: later commands of it work without a password.
    const status = JSON.parse(onboard(cfg, ['status', '--json', '--profile', 'two'], { cwd: dir }).stdout);
    expect(status.status).toBe('complete');
    const steps = Object.fromEntries(
      status.steps.map((s: { id: string; status: string }) => [s.id, s.status]),
    );
    expect(Object.keys(steps)).toEqual(STEP_IDS);
    // The RAM user was not asked for; emr needs no MaxCompute.
    expect(steps).toMatchObject({
      account: 'done',
      identity: 'done',
      accesskey: 'done',
      ramuser: 'skipped',
      oss: 'done',
      highend: 'skipped',
      activate: 'not_needed',
    });
    expect(onboard(cfg, ['keys', 'list', '--profile', 'two'], { cwd: dir }).code).toBe(0);
  });

  it('enterprise answers given to the second profile do not resubmit, nor change the first', () => {
    const { dir, cfg } = firstProfile();
    const r = onboard(cfg, [...signIn, '--password-stdin', ...key, ...ENTERPRISE_IDENTITY], {
      input: `${PASSWORD}\n`,
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    for (const profile of ['default', 'two']) {
      const doc = JSON.parse(onboard(cfg, ['status', '--json', '--profile', profile], { cwd: dir }).stdout);
      const identity = doc.steps.find((s: { id: string }) => s.id === 'identity');
      expect(identity.status, profile).toBe('done');
      expect(identity.details.type, profile).toBe('individual');
    }
  });
});

describe('an approved enterprise verification', () => {
  it('cannot be resubmitted as individual (exit 4), as with a review time of 0', () => {
    const { dir, cfg } = setup();
    const env = { ONBOARD_SIM_REVIEW_SECONDS: '60' };
    const account = [
      '--no-interactive',
      '--email',
      'ent@example.com',
      '--password-stdin',
      '--step',
      'account',
    ];
    expect(onboard(cfg, account, { input: `${PASSWORD}\n`, cwd: dir, env }).code).toBe(0);
    const submitted = onboard(cfg, ['--no-interactive', ...ENTERPRISE_IDENTITY, '--step', 'identity'], {
      cwd: dir,
      env,
    });
    expect(submitted.code, submitted.stderr).toBe(3);
    expect(onboard(cfg, ['sim', 'approve'], { cwd: dir, env }).code).toBe(0);
    const r = onboard(cfg, ['--no-interactive', ...INDIVIDUAL, '--step', 'identity'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('IdentityTypeChangeNotAllowed');
    const doc = JSON.parse(onboard(cfg, ['status', '--json'], { cwd: dir, env }).stdout);
    expect(doc.steps.find((s: { id: string }) => s.id === 'identity').details.type).toBe('enterprise');
  });
});
