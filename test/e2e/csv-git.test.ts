/**
 * An AccessKey CSV about to be written inside a git work tree where it is not
 * ignored gets a one-line warning on stderr (both languages); ignored, or
 * outside any work tree, nothing is said; without git on PATH a `.git` above
 * the file is enough to say it may be tracked, and the run still succeeds.
 * This repository's own .gitignore ignores every `*AccessKey*.csv`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvGitWarning } from '../../src/delivery/git-ignore.js';
import { journeyArgs, onboard, PASSWORD, ROOT, workspaces } from '../helpers/cli.js';

const hasGit = spawnSync('git', ['--version'], { stdio: 'ignore' }).status === 0;
const setup = workspaces('git');

/** A fresh git repository (its own config only: no global excludes) and a config dir beside it. */
function repo(): { dir: string; repo: string; cfg: string } {
  const { dir } = setup();
  const path = join(dir, 'project');
  mkdirSync(path);
  const r = spawnSync('git', ['init', '-q', path], {
    env: { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
  });
  expect(r.status, String(r.stderr)).toBe(0);
  return { dir, repo: path, cfg: join(dir, 'cfg') };
}

const gitEnv = (dir: string) => ({ GIT_CONFIG_NOSYSTEM: '1', HOME: dir });

describe.skipIf(!hasGit)('a CSV written inside a git work tree', () => {
  it('not ignored there: one warning line naming the file and the work tree; ignored: none', () => {
    const { dir, repo: project, cfg } = repo();
    const csv = join(project, 'keys', 'AccessKey.csv');
    mkdirSync(join(project, 'keys'));
    const r = onboard(
      cfg,
      journeyArgs(dir).map((a) => (a === join(dir, 'AccessKey.csv') ? csv : a)),
      {
        input: `${PASSWORD}\n`,
        cwd: dir,
        env: gitEnv(dir),
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('git work tree'));
    expect(warnings).toEqual([
      `⚠ ${csv} is in the git work tree ${project} and not ignored there: add *AccessKey*.csv to its .gitignore before a commit takes the secret.`,
    ]);
    // Said before the file is written.
    expect(r.stderr.indexOf('git work tree')).toBeLessThan(r.stderr.indexOf('Saved the AccessKey'));

    writeFileSync(join(project, '.gitignore'), '*AccessKey*.csv\n');
    const ignored = onboard(
      cfg,
      [
        'keys',
        'create',
        '--no-interactive',
        '--accept-key-risk',
        '--csv',
        join(project, 'keys', 'AccessKey-2.csv'),
      ],
      { cwd: dir, env: gitEnv(dir) },
    );
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(ignored.stderr).not.toContain('git work tree');
  });

  it('in Chinese too; and outside any work tree nothing is said', () => {
    const { dir, repo: project, cfg } = repo();
    const csv = join(project, 'AccessKey.csv');
    const r = onboard(
      cfg,
      ['--lang', 'zh-CN', ...journeyArgs(dir).map((a) => (a === join(dir, 'AccessKey.csv') ? csv : a))],
      { input: `${PASSWORD}\n`, cwd: dir, env: gitEnv(dir) },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`⚠ ${csv} 位于 git 工作区 ${project} 中，且未被忽略`);
    const outside = onboard(
      cfg,
      [
        'keys',
        'create',
        '--no-interactive',
        '--accept-key-risk',
        '--csv',
        join(dir, 'elsewhere_AccessKey.csv'),
      ],
      { cwd: dir, env: gitEnv(dir) },
    );
    expect(outside.code, outside.stderr).toBe(0);
    expect(outside.stderr).not.toMatch(/git 工作区|git work tree/);
  });

  it('csvGitWarning: not ignored, ignored, outside a work tree', () => {
    const { dir, repo: project } = repo();
    const saved = { ...process.env };
    Object.assign(process.env, gitEnv(dir));
    try {
      expect(csvGitWarning(join(project, 'AccessKey.csv'))).toEqual({
        key: 'delivery.csvNotIgnored',
        params: { path: join(project, 'AccessKey.csv'), root: project },
      });
      writeFileSync(join(project, '.gitignore'), '*AccessKey*.csv\n');
      expect(csvGitWarning(join(project, 'AccessKey.csv'))).toBeNull();
      expect(csvGitWarning(join(dir, 'AccessKey.csv'))).toBeNull();
    } finally {
      process.env = saved;
    }
  });
});

describe('without git on PATH', () => {
  it('a .git folder above the CSV: it may be tracked; the run still succeeds', () => {
    const { dir } = setup();
    const project = join(dir, 'project');
    mkdirSync(join(project, '.git'), { recursive: true });
    const empty = join(dir, 'bin');
    mkdirSync(empty);
    const csv = join(project, 'AccessKey.csv');
    const r = onboard(
      join(dir, 'cfg'),
      journeyArgs(dir).map((a) => (a === join(dir, 'AccessKey.csv') ? csv : a)),
      {
        input: `${PASSWORD}\n`,
        cwd: dir,
        env: { PATH: empty },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `⚠ ${csv} is in the git work tree ${project} and may be tracked (git was not there to check its .gitignore): keep the secret out of commits.`,
    );
  });
});

describe.skipIf(!hasGit)("this repository's .gitignore", () => {
  it('ignores every *AccessKey*.csv (the root key’s, a RAM user’s, numbered ones, in any folder)', () => {
    for (const name of [
      'AccessKey.csv',
      'onboard-admin_AccessKey.csv',
      'AccessKey-2.csv',
      'keys/AccessKey.csv',
    ]) {
      const r = spawnSync('git', ['-C', ROOT, 'check-ignore', '-q', '--no-index', '--', name]);
      expect(r.status, name).toBe(0);
    }
  });
});
