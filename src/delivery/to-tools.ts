/**
 * Delivering a key to the tools that will use it (SPEC §4.8): the aliyun
 * CLI's profile, the SDKs' shared credentials file, `export` lines for
 * `eval`. The glue between key delivery and the file writers of `targets/`:
 * parse and check what was asked before any key exists, write after, and
 * clean up what was written for a key that is discarded or deleted.
 */
import { UsageError } from '../core/errors.js';
import type { MessageKey } from '../core/messages.js';
import { currentLang, t } from '../i18n/index.js';
import {
  checkTarget,
  envExportLines,
  type FileTargetKind,
  type FileTargetSpec,
  type SavedTo,
  type TargetEnv,
  TargetError,
  type TargetProblem,
  targetHolder,
  targetHoldsKey,
  writeTarget,
} from './targets/index.js';
import { parseTarget, type TargetChoice, targetPath, tildify } from './targets/spec.js';

const PROBLEM_KEYS: Record<TargetProblem['problem'], MessageKey> = {
  profileExists: 'delivery.target.profileExists',
  unparseable: 'delivery.target.unparseable',
  looseMode: 'delivery.target.looseMode',
  notRegularFile: 'delivery.target.notRegularFile',
  unwritable: 'delivery.target.unwritable',
  folderUnusable: 'delivery.target.folderUnusable',
  ownerNotKept: 'delivery.target.ownerNotKept',
  changedMeanwhile: 'delivery.target.changedMeanwhile',
};

/** The usage error of a target problem (exit 2), naming the file (with `~`) and the option. */
function targetError(problem: TargetProblem, where: string, home: string, kind: string): UsageError {
  const hints =
    problem.problem === 'profileExists'
      ? [
          {
            key: 'delivery.target.overwriteHint' as const,
            params: { example: `${kind}:${problem.name ?? ''}-2` },
          },
        ]
      : [];
  return new UsageError(
    PROBLEM_KEYS[problem.problem],
    { where, path: tildify(problem.path, home), name: problem.name ?? '', detail: problem.detail ?? '' },
    hints,
    'InvalidValue',
  );
}

/**
 * The first name of that kind no profile or section in its file has yet:
 * `base`, else `base-2`, `base-3`, … (what a person is offered, never a taken one).
 */
export function freeTargetName(kind: FileTargetKind, base: string, env: TargetEnv): string {
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (checkTarget({ kind, name }, env, { overwrite: false })?.problem !== 'profileExists') return name;
  }
  return `${base}-${Date.now().toString(36)}`;
}

/**
 * Checks every target before any key exists. A profile of that name that
 * exists is refused unless `overwrite`, or (interactively) `confirm` says yes;
 * when the person says no, `instead` may give another target (checked in turn)
 * or none. `ownKeyId` is the key being delivered again after a crash (its own
 * profile is no conflict).
 */
export async function checkTargets(
  targets: readonly TargetChoice[],
  o: {
    env: TargetEnv;
    overwrite: boolean;
    ownKeyId?: string;
    json: boolean;
    showSecret: boolean;
    confirm?: (spec: FileTargetSpec, path: string) => Promise<boolean>;
    instead?: (spec: FileTargetSpec, path: string) => Promise<TargetChoice | null>;
  },
): Promise<TargetChoice[]> {
  const accepted: TargetChoice[] = [];
  const queue = [...targets];
  for (let target = queue.shift(); target; target = queue.shift()) {
    const { spec, where } = target;
    if (spec.kind === 'env') {
      // stdout holds only the export lines: no JSON document, no printed secret beside them.
      if (o.json) throw new UsageError('delivery.envWithJson', { where }, [], 'InvalidValue');
      if (o.showSecret) throw new UsageError('delivery.envWithShowSecret', { where }, [], 'InvalidValue');
      accepted.push(target);
      continue;
    }
    const problem = checkTarget(spec, o.env, {
      overwrite: o.overwrite,
      ...(o.ownKeyId ? { ownKeyId: o.ownKeyId } : {}),
    });
    if (problem?.problem === 'profileExists' && o.confirm) {
      if (await o.confirm(spec, problem.path)) {
        // What the name holds now: the write replaces only this (SPEC §8: no lost update).
        accepted.push({ spec, where, replaces: targetHolder(spec, o.env) ?? null });
        continue;
      }
      // Not that one: another name or another target (or none), rather than an end with nothing made.
      if (o.instead) {
        const other = await o.instead(spec, problem.path);
        if (other) queue.push(other);
        continue;
      }
    }
    if (problem) throw targetError(problem, where, o.env.home, spec.kind);
    accepted.push({ ...target, replaces: targetHolder(spec, o.env) ?? null });
  }
  return accepted;
}

/** Writes the key to every file target (merged, atomic, 0600); a target that fails throws (nothing half-written). */
export function writeFileTargets(
  targets: readonly TargetChoice[],
  env: TargetEnv,
  key: { id: string; secret: string },
  o: { region: string; overwrite: boolean },
): SavedTo[] {
  const saved: SavedTo[] = [];
  for (const { spec, where, replaces } of targets) {
    if (spec.kind === 'env') continue;
    try {
      saved.push(
        writeTarget(spec, env, key, {
          region: o.region,
          language: currentLang() === 'zh-CN' ? 'zh' : 'en',
          overwrite: o.overwrite,
          ...(replaces !== undefined ? { replaces } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof TargetError) throw targetError(error.problem, where, env.home, spec.kind);
      throw error;
    }
  }
  return saved;
}

/** The `env` target's text, when one was asked for. */
export function envLines(
  targets: readonly TargetChoice[],
  key: { id: string; secret: string },
  region: string,
): string | undefined {
  return targets.some((x) => x.spec.kind === 'env') ? envExportLines(key, region).trimEnd() : undefined;
}

/** Which of the pending targets hold the key already (after a crash: they count as its delivery). */
export function targetsHolding(
  targets: readonly string[],
  env: TargetEnv,
  keyId: string,
  profile: string,
): SavedTo[] {
  const saved: SavedTo[] = [];
  for (const raw of targets) {
    const spec = parseTarget(raw, profile);
    if ('problem' in spec || spec.kind === 'env') continue;
    if (targetHoldsKey(spec, env, keyId))
      saved.push({ target: spec.kind, profile: spec.name, path: targetPath(spec, env) ?? '' });
  }
  return saved;
}

/** What was written, as a phrase for messages (never the secret). */
export function savedLine(s: SavedTo, home: string): string {
  return t(s.target === 'aliyun-cli' ? 'delivery.savedCli' : 'delivery.savedCredentials', {
    profile: s.profile,
    path: tildify(s.path, home),
  });
}
