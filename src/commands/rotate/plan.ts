/**
 * What a rotation will do, decided before anything changes: which key it
 * replaces, every place the new key goes (the old key's delivery as the
 * profile recorded it, and any other aliyun CLI profile or credentials
 * section that holds the old key, since it would hold a dead key), the new
 * CSV's name beside the old one, and which key must make room at the limit.
 */
import { basename, dirname, extname, join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { csvPathProblem } from '../../delivery/csv.js';
import { findKeyEverywhere, type SavedTo, type TargetEnv } from '../../delivery/targets/index.js';
import { t } from '../../i18n/index.js';
import type { AccessKeyInfo } from '../../provider/types.js';
import type { KeyOwnerRecord, RotationRecord } from '../../state/schema.js';

type Delivered = KeyOwnerRecord['delivered'][number];

/** The key to replace: the one named, else the profile's one delivered Active key of that owner. */
export function oldKeyOf(
  id: string | undefined,
  record: KeyOwnerRecord,
  keys: readonly AccessKeyInfo[],
): { id: string; delivered?: Delivered } | { several: string[] } | { none: true } {
  if (id !== undefined) {
    const delivered = record.delivered.find((d) => d.id === id);
    return { id, ...(delivered ? { delivered } : {}) };
  }
  const active = record.delivered.filter((d) => keys.some((k) => k.id === d.id && k.status === 'Active'));
  if (active.length === 1 && active[0]) return { id: active[0].id, delivered: active[0] };
  return active.length === 0 ? { none: true } : { several: active.map((d) => d.id) };
}

/** Where a file target's file is, as the TargetEnv the target writers take (its recorded path, not today's default). */
export function targetEnvOf(s: SavedTo | Pick<SavedTo, 'target' | 'path'>, tools: TargetEnv): TargetEnv {
  if (s.target === 'credentials')
    return { env: { ...tools.env, ALIBABA_CLOUD_CREDENTIALS_FILE: s.path }, home: tools.home };
  const suffix = '/.aliyun/config.json';
  return s.path.endsWith(suffix) ? { env: tools.env, home: s.path.slice(0, -suffix.length) } : tools;
}

/** `AccessKey.csv` → `AccessKey-2.csv` (or the first free `-N`); `AccessKey-2.csv` → `AccessKey-3.csv`. */
export function nextCsvPath(old: string): string {
  const ext = extname(old);
  const stem = basename(old, ext).replace(/-\d+$/, '');
  const start = Number(/-(\d+)$/.exec(basename(old, ext))?.[1] ?? 1) + 1;
  for (let n = start; n < start + 1000; n++) {
    const candidate = join(dirname(old), `${stem}-${n}${ext}`);
    if (!csvPathProblem(candidate)) return candidate;
  }
  throw new UsageError('rotate.noCsvName', { path: old }, [], 'InvalidValue');
}

export type RotationPlan = Pick<RotationRecord, 'targets' | 'csv' | 'env' | 'screen'>;

/**
 * Where the new key goes. The old key's profiles and sections are replaced
 * in place (those it recorded, and any other holding the old key); its CSV
 * gets a new file beside it; `env` and a secret shown on screen or stdout
 * are printed again.
 */
export function planTargets(delivered: Delivered | undefined, oldId: string, tools: TargetEnv): RotationPlan {
  const targets: SavedTo[] = [];
  const add = (s: SavedTo) => {
    if (!targets.some((x) => x.target === s.target && x.profile === s.profile && x.path === s.path))
      targets.push(s);
  };
  for (const s of delivered?.savedTo ?? []) {
    if ((s.target === 'aliyun-cli' || s.target === 'credentials') && s.profile && s.path)
      add({ target: s.target, profile: s.profile, path: s.path });
  }
  for (const s of findKeyEverywhere(tools, oldId)) add(s);
  const via = (delivered?.via ?? '').split('+');
  const csv = delivered?.csv;
  return {
    targets,
    ...(csv ? { csv: { old: csv, new: nextCsvPath(csv) } } : {}),
    env: via.includes('env'),
    screen:
      !csv &&
      targets.length === 0 &&
      !via.includes('env') &&
      (via.includes('stdout') || via.includes('confirmed')),
  };
}

/**
 * The key that would have to go first when the owner is at its limit: an
 * Inactive key before an Active one, one this profile did not deliver
 * before one it did, the oldest first; never the key being rotated.
 */
export function keyToFree(
  keys: readonly AccessKeyInfo[],
  delivered: ReadonlySet<string>,
  oldId: string,
): AccessKeyInfo | undefined {
  const rank = (k: AccessKeyInfo) => (k.status === 'Active' ? 2 : 0) + (delivered.has(k.id) ? 1 : 0);
  return keys
    .filter((k) => k.id !== oldId)
    .sort((a, b) => rank(a) - rank(b) || Date.parse(a.created) - Date.parse(b.created))[0];
}

/** What a target is, in messages. */
export function targetLabel(s: Pick<SavedTo, 'target' | 'profile'>): string {
  return t(s.target === 'aliyun-cli' ? 'rotate.targetCli' : 'rotate.targetCredentials', { name: s.profile });
}
