/**
 * A CSV holds a secret: written inside a git work tree where it is not
 * ignored, one `git add .` commits it. Before one is written, the person is
 * told so in one line; `onboard doctor` asks the same question of the files a
 * setup left. git answers when it is installed (`git check-ignore`, with a
 * time limit and no shell); without it, a `.git` above the file is enough to
 * say that it may be tracked. Never a reason to fail the run.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MessageRef } from '../core/messages.js';

const GIT_TIMEOUT_MS = 3000;

/** The work tree holding `dir` (the nearest folder above with a `.git` folder or file), if any. */
function workTree(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return null;
  }
}

/**
 * Whether git would take the file at `path` (absolute) into a commit: `none` (no work tree
 * above it), `ignored`, `exposed` (not ignored), or `unknown` (no git to ask, a timeout, git's
 * own error); `root` is the work tree.
 */
export type GitExposure = { state: 'none' } | { state: 'ignored' | 'exposed' | 'unknown'; root: string };

export function gitExposure(path: string): GitExposure {
  const root = workTree(dirname(path));
  if (root === null) return { state: 'none' };
  // Loaded only here: child_process costs every start a few milliseconds.
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const r = spawnSync('git', ['-C', dirname(path), 'check-ignore', '-q', '--', path], {
    stdio: 'ignore',
    timeout: GIT_TIMEOUT_MS,
  });
  // 0: ignored; 1: not ignored; anything else: unknown.
  if (r.error === undefined && r.status === 0) return { state: 'ignored', root };
  if (r.error === undefined && r.status === 1) return { state: 'exposed', root };
  return { state: 'unknown', root };
}

/** The warning for a CSV about to be written at `path` (absolute), or null when git would not see it. */
export function csvGitWarning(path: string): MessageRef | null {
  const git = gitExposure(path);
  if (git.state === 'none' || git.state === 'ignored') return null;
  const key = git.state === 'exposed' ? 'delivery.csvNotIgnored' : 'delivery.csvMaybeTracked';
  return { key, params: { path, root: git.root } };
}
