/**
 * A key rotation, one action at a time, each saved in the profile before it
 * is made (`state/rotations.ts`):
 *
 *   freeing (--disable-first) → creating → verified → delivering → delivered → disabling → deleting
 *
 * The new key is checked with a live call before any tool gets it (so a key
 * that does not work never replaces one that does), then written to every
 * target, then the old key is disabled (and deleted). A run stopped anywhere
 * is resolved by the next `keys rotate`: a new key that reached no target is
 * discarded and the old key left (or made again) as it was — rolled back;
 * one that reached a target is written to the rest (its secret read back
 * from a target that holds it, with the official credential client) and the
 * rotation completes — finished. No tool is ever left holding a dead key.
 */
import { ProviderError, RefusedError } from '../../core/errors.js';
import type { DeliveryIo, KeyOwner } from '../../delivery/choice.js';
import { csvFor, removeIncompleteCsv, writeCsv } from '../../delivery/csv.js';
import { discardKey, forgetWritten, secretLines, showSecretBox } from '../../delivery/keys.js';
import { envExportLines, type SavedTo, targetHoldsKey, writeTarget } from '../../delivery/targets/index.js';
import { savedLine } from '../../delivery/to-tools.js';
import { readFileNoFollow } from '../../fs/atomic.js';
import { currentLang, t, tEn } from '../../i18n/index.js';
import { readSavedCredential } from '../../provider/index.js';
import type { AccessKeyInfo, Cloud } from '../../provider/types.js';
import type { Rotations } from '../../state/rotations.js';
import type { KeyOwnerRecord, RotationRecord } from '../../state/schema.js';
import type { RunEnv } from '../../wizard/context.js';
import { targetEnvOf, targetLabel } from './plan.js';

/** What a rotation needs of the run. */
export interface RotationRun {
  env: RunEnv;
  io: DeliveryIo;
  /** The owner of the keys, reached with the run's credential (rebuilt when that credential is the old key). */
  owner: KeyOwner;
  /** Builds the owner again from another cloud (after switching the run's own key). */
  reowner(cloud: Cloud): KeyOwner;
  rotations: Rotations;
  /** The setup's region (the aliyun CLI profile's `region_id`). */
  region: string;
  /** `--delete-old`. */
  deleteOld: boolean;
  /** `--show-secret`: the new secret on stdout (or in the JSON document) as well. */
  showSecret: boolean;
}

/** What a rotation did, for the summary and `--json`. */
export interface RotationResult {
  oldKeyId: string;
  newKeyId?: string;
  /** `rotated`: this run did it all; `finished`/`rolledBack`: it resolved a stopped one. */
  outcome: 'rotated' | 'finished' | 'rolledBack';
  targets: Array<{ target: string; profile?: string; path?: string }>;
  verification?: 'sts' | 'provider';
  /** The old key's fate: disabled, deleted, already gone; after a roll back, left as it was. */
  oldKey: 'disabled' | 'deleted' | 'gone' | 'unchanged';
  /** With --show-secret. */
  secret?: string;
}

const ORDER: readonly RotationRecord['phase'][] = [
  'freeing',
  'creating',
  'verified',
  'delivering',
  'delivered',
  'disabling',
  'deleting',
];
const reached = (r: RotationRecord, phase: RotationRecord['phase']) =>
  ORDER.indexOf(r.phase) >= ORDER.indexOf(phase);

async function save(run: RotationRun, r: RotationRecord, keys?: (k: KeyOwnerRecord) => KeyOwnerRecord) {
  await run.rotations.write(run.owner.id, r, keys);
  return r;
}

/** Frees a slot: the key named with --disable-first is disabled, deleted, and what held it removed. */
export async function free(run: RotationRun, r: RotationRecord): Promise<RotationRecord> {
  const id = r.freeing;
  if (id) {
    const key = (await run.owner.keys.list()).find((k) => k.id === id);
    if (key) await discardKey(run.io, run.owner, key);
    forgetWritten(run.io, id);
    run.io.out.success(t('rotate.freed', { id }));
  }
  return save(run, { ...r, phase: 'creating' }, (k) => ({
    ...k,
    delivered: k.delivered.filter((d) => d.id !== id),
  }));
}

/** The new key after a stop: by its id, its client token, or (no token on the real cloud) the one new key made since. */
function findNew(r: RotationRecord, keys: readonly AccessKeyInfo[]): AccessKeyInfo | undefined {
  const byId = r.newKeyId ? keys.find((k) => k.id === r.newKeyId) : undefined;
  if (byId || r.newKeyId) return byId;
  const byToken = keys.find((k) => k.clientToken === r.clientToken);
  if (byToken) return byToken;
  const since = Date.parse(r.startedAt) - 60_000;
  const fresh = keys.filter(
    (k) => !r.before.includes(k.id) && k.clientToken === undefined && Date.parse(k.created) >= since,
  );
  return fresh.length === 1 ? fresh[0] : undefined;
}

/** Creates the new key (its intent saved first); a replay whose secret is lost is discarded and made again. */
export async function create(
  run: RotationRun,
  r: RotationRecord,
): Promise<{ r: RotationRecord; secret: string }> {
  const old = (await run.owner.keys.list()).find((k) => k.id === r.oldKeyId);
  // The new key keeps the old one's network policy (both providers can set one).
  const allowCidrs = old?.allowCidrs ?? [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const token = attempt === 0 ? r.clientToken : crypto.randomUUID();
    const before = (await run.owner.keys.list()).map((k) => k.id);
    r = await save(run, { ...r, phase: 'creating', clientToken: token, before });
    let created: Awaited<ReturnType<KeyOwner['keys']['create']>>;
    try {
      created = await run.io.call(t('rotate.creating'), () =>
        run.owner.keys.create({ clientToken: token, allowCidrs }),
      );
    } catch (error) {
      // A lost response can outlast the retries with the key made: it goes, and so does the intent.
      const made = findNew(r, await run.owner.keys.list().catch(() => []));
      if (made) await discardKey(run.io, run.owner, made);
      await run.rotations.write(run.owner.id, undefined);
      throw error;
    }
    if (created.secret !== null) {
      return { r: await save(run, { ...r, newKeyId: created.key.id }), secret: created.secret };
    }
    await discardKey(run.io, run.owner, created.key);
    run.io.out.warn(t('delivery.removedOrphan', { id: created.key.id }));
  }
  await run.rotations.write(run.owner.id, undefined);
  throw new RefusedError(new ProviderError('AccessKeyNotDelivered', 503, tEn('delivery.gaveUp'), '-', true));
}

/**
 * Checks the new key with a live call made with it (STS GetCallerIdentity on a
 * key provider: the right account, the right RAM user); the simulated cloud
 * takes no key in-process, so there the provider must list it, Active, among
 * the owner's keys. A new key on the real cloud may take a moment to work.
 */
async function verify(run: RotationRun, id: string, secret: string): Promise<'sts' | 'provider'> {
  const { env, owner } = run;
  if (!env.provider.keyAccounts) {
    const key = (await owner.keys.list()).find((k) => k.id === id);
    if (key?.status !== 'Active') throw notVerified(id, 'not listed Active');
    return 'provider';
  }
  const cloud = env.provider.connect({ kind: 'access-key', id, secret });
  const expected = env.sessions.caller;
  for (let attempt = 0; ; attempt++) {
    try {
      const caller = await run.io.call(t('rotate.verifying', { id }), () => cloud.account.whoAmI());
      const user = owner.id.startsWith('ram:') ? owner.id.slice(4) : undefined;
      const right =
        (!expected || caller.uid === expected.uid) &&
        (user === undefined
          ? caller.principal === 'root'
          : caller.principal === 'ram-user' && caller.userName === user);
      if (!right) throw notVerified(id, `answered for ${caller.uid}/${caller.userName ?? caller.principal}`);
      return 'sts';
    } catch (error) {
      const code = error instanceof RefusedError ? error.code : '';
      if (attempt >= 4 || !/^InvalidAccessKeyId/.test(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    }
  }
}

function notVerified(id: string, detail: string): RefusedError {
  return new RefusedError(
    new ProviderError('RotationNotVerified', 409, tEn('rotate.notVerified', { id, detail }), '-'),
  );
}

/** Whether the CSV, profile or section holds the new key already. */
function holds(run: RotationRun, r: RotationRecord, s: SavedTo | 'csv', id: string): boolean {
  if (s === 'csv') return r.csv !== undefined && csvFor(r.csv.new, run.owner.csvFormat, id) === 'complete';
  return targetHoldsKey({ kind: s.target, name: s.profile }, targetEnvOf(s, run.io.tools), id);
}

/** The new secret, read back from a place that holds it (a stopped run's only copy). */
async function readBack(run: RotationRun, r: RotationRecord, id: string): Promise<string | undefined> {
  for (const s of r.targets) {
    if (!holds(run, r, s, id)) continue;
    const saved = await readSavedCredential(
      { kind: s.target, name: s.profile, file: s.path },
      targetEnvOf(s, run.io.tools).home,
    ).catch(() => null);
    if (saved?.id === id) return saved.secret;
  }
  if (r.csv && holds(run, r, 'csv', id)) {
    const row = (readFileNoFollow(r.csv.new) ?? '').split('\n')[1] ?? '';
    return row.split(',').at(-1);
  }
  return undefined;
}

/** Writes the new key wherever it is not yet; prints `env` and the screen's copy. */
async function deliver(
  run: RotationRun,
  r: RotationRecord,
  id: string,
  secret: string,
): Promise<RotationRecord> {
  const { io } = run;
  r = await save(run, { ...r, phase: 'delivering' });
  if (r.csv && !holds(run, r, 'csv', id)) {
    if (csvFor(r.csv.new, run.owner.csvFormat, id) === 'incomplete') removeIncompleteCsv(r.csv.new);
    writeCsv(r.csv.new, run.owner.csvFormat, id, secret);
    io.out.success(t('delivery.csvWritten', { path: r.csv.new }));
  }
  for (const s of r.targets) {
    if (!holds(run, r, s, id)) {
      writeTarget(
        { kind: s.target, name: s.profile },
        targetEnvOf(s, io.tools),
        { id, secret },
        {
          region: run.region,
          language: currentLang() === 'zh-CN' ? 'zh' : 'en',
          overwrite: true,
        },
      );
    }
    io.out.success(t('rotate.replaced', { where: savedLine(s, io.tools.home) }));
  }
  if (r.env) await io.out.resultAsync(envExportLines({ id, secret }, run.region).trimEnd());
  if (r.screen && io.interactive) {
    r = await save(run, { ...r, shown: true });
    showSecretBox(io.out, run.owner, id, secret);
    while (!(await io.confirm('delivery.confirmSaved', {}, { default: false, risky: true })))
      showSecretBox(io.out, run.owner, id, secret);
  } else if ((r.screen || run.showSecret) && !io.out.json) {
    await io.out.resultAsync(secretLines(id, secret));
  }
  return delivered(run, r, id);
}

/** The new key takes the old one's place in the profile's records, in one write with the phase. */
function delivered(run: RotationRun, r: RotationRecord, id: string): Promise<RotationRecord> {
  return save(run, { ...r, phase: 'delivered' }, (k) => ({
    ...k,
    delivered: [
      ...k.delivered.filter((d) => d.id !== r.oldKeyId && d.id !== id),
      {
        id,
        via: r.delivered?.via ?? (r.screen ? 'confirmed' : 'targets'),
        ...(r.csv ? { csv: r.csv.new } : {}),
        ...(r.targets.length ? { savedTo: r.targets } : {}),
      },
    ],
  }));
}

/** Disables the old key (and deletes it when asked), then forgets the rotation. */
async function retire(
  run: RotationRun,
  r: RotationRecord,
  secret: string | undefined,
): Promise<RotationResult['oldKey']> {
  const { env, io } = run;
  // The run's own credential is the old key: it goes on with the new one (the old one is about to stop working).
  if (secret && r.newKeyId && env.sessions.accessKey?.id === r.oldKeyId) {
    env.sessions.useCredential({ kind: 'access-key', id: r.newKeyId, secret }, env.sessions.accessKey.source);
    run.owner = run.reowner(env.provider.connect({ kind: 'access-key', id: r.newKeyId, secret }));
  }
  r = await save(run, { ...r, phase: reached(r, 'disabling') ? r.phase : 'disabling' });
  const old = (await run.owner.keys.list()).find((k) => k.id === r.oldKeyId);
  let fate: RotationResult['oldKey'] = old ? 'disabled' : 'gone';
  if (old?.status === 'Active') {
    await io.call(t('keys.disabling', { id: old.id }), () => run.owner.keys.update(old.id, 'Inactive'));
  }
  if (old) {
    const remove =
      r.deleteOld ??
      (run.deleteOld ||
        (io.interactive &&
          (await io.confirm('rotate.confirmDeleteOld', { id: old.id }, { default: false, risky: true }))));
    if (remove) {
      await save(run, { ...r, phase: 'deleting', deleteOld: true });
      await discardKey(io, run.owner, { id: old.id, status: 'Inactive' }).catch((error) => {
        if (!(error instanceof RefusedError && error.code === 'EntityNotExist.User.AccessKey')) throw error;
      });
      fate = 'deleted';
    }
  }
  await run.rotations.write(run.owner.id, undefined);
  return fate;
}

function targetsOf(r: RotationRecord): RotationResult['targets'] {
  return [
    ...(r.csv ? [{ target: 'csv', path: r.csv.new }] : []),
    ...r.targets.map((s) => ({ target: s.target, profile: s.profile, path: s.path })),
    ...(r.env ? [{ target: 'env' }] : []),
  ];
}

/** A rotation from its first saved record to the end. */
export async function rotate(run: RotationRun, start: RotationRecord): Promise<RotationResult> {
  let r = start.phase === 'freeing' ? await free(run, start) : start;
  const made = await create(run, r);
  r = made.r;
  const id = r.newKeyId ?? '';
  let verification: 'sts' | 'provider';
  try {
    verification = await verify(run, id, made.secret);
  } catch (error) {
    await rollBack(run, r, id);
    throw error;
  }
  run.io.out.success(t(verification === 'sts' ? 'rotate.verifiedSts' : 'rotate.verifiedProvider', { id }));
  r = await save(run, { ...r, phase: 'verified', verification });
  try {
    r = await deliver(run, r, id, made.secret);
  } catch (error) {
    // Nothing got the new key: it goes. Something did: the next run finishes (it reads the secret back).
    const reachedAny = r.targets.some((s) => holds(run, r, s, id)) || holds(run, r, 'csv', id);
    if (!reachedAny) await rollBack(run, r, id);
    else
      run.io.out.warn(
        t('rotate.stoppedMidway', { command: run.io.commands.command('keys', 'rotate', ...run.owner.scope) }),
      );
    throw error;
  }
  const oldKey = await retire(run, r, made.secret);
  return {
    oldKeyId: r.oldKeyId,
    newKeyId: id,
    outcome: 'rotated',
    targets: targetsOf(r),
    verification,
    oldKey,
    ...(run.showSecret ? { secret: made.secret } : {}),
  };
}

/** Undoes a rotation whose new key reached no target: the new key goes, the old one is as it was. */
async function rollBack(run: RotationRun, r: RotationRecord, newId: string | undefined): Promise<void> {
  const keys = await run.owner.keys.list();
  const made = newId ? keys.find((k) => k.id === newId) : undefined;
  if (made) await discardKey(run.io, run.owner, made);
  if (newId) forgetWritten(run.io, newId);
  if (r.csv && newId && csvFor(r.csv.new, run.owner.csvFormat, newId) === 'incomplete')
    removeIncompleteCsv(r.csv.new);
  const old = keys.find((k) => k.id === r.oldKeyId);
  if (old && r.oldStatus === 'Active' && old.status !== 'Active') {
    await run.io.call(t('keys.enabling', { id: old.id }), () => run.owner.keys.update(old.id, 'Active'));
  }
  await run.rotations.write(run.owner.id, undefined, (k) => ({
    ...k,
    delivered: [
      ...k.delivered.filter((d) => d.id !== newId && d.id !== r.oldKeyId),
      ...(r.delivered ? [r.delivered] : k.delivered.filter((d) => d.id === r.oldKeyId)),
    ],
  }));
}

/**
 * Resolves a rotation a run left: finishes it when the new key reached a
 * target (or was shown and the person kept it), else rolls it back.
 */
export async function resume(run: RotationRun, r: RotationRecord): Promise<RotationResult> {
  const base = { oldKeyId: r.oldKeyId, targets: targetsOf(r) };
  if (r.phase === 'freeing') r = await free(run, r);
  const keys = await run.owner.keys.list();
  const made = findNew(r, keys);
  const id = made?.id;
  const back = async (): Promise<RotationResult> => {
    await rollBack(run, r, id);
    return { ...base, ...(id ? { newKeyId: id } : {}), outcome: 'rolledBack', oldKey: 'unchanged' };
  };
  if (!made || !id) return back();
  if (!r.newKeyId) r = await save(run, { ...r, newKeyId: id });
  if (!reached(r, 'delivered')) {
    const reachedAny = r.targets.some((s) => holds(run, r, s, id)) || holds(run, r, 'csv', id);
    if (!reachedAny) {
      const kept =
        r.screen &&
        r.shown &&
        run.io.interactive &&
        (await run.io.confirm('delivery.askShownSaved', { id }, { default: false, risky: true }));
      if (!kept) return back();
      r = await save(run, { ...r, phase: 'delivering' });
    }
  }
  const secret = await readBack(run, r, id);
  if (!reached(r, 'delivered')) {
    if (secret !== undefined) {
      if (!r.verification) {
        const verification = await verify(run, id, secret);
        run.io.out.success(
          t(verification === 'sts' ? 'rotate.verifiedSts' : 'rotate.verifiedProvider', { id }),
        );
        r = await save(run, { ...r, verification });
      }
      // What is on screen was shown already; the files and `env` get the key.
      r = await deliver(run, { ...r, screen: false }, id, secret);
    } else if (r.screen && r.shown) r = await delivered(run, r, id);
    else throw unreadable(run, r, id);
  }
  const oldKey = await retire(run, r, secret);
  return {
    ...base,
    newKeyId: id,
    outcome: 'finished',
    ...(r.verification ? { verification: r.verification } : {}),
    oldKey,
  };
}

/** The new key reached a target whose copy can no longer be read: the person must look (exit 4). */
function unreadable(run: RotationRun, r: RotationRecord, id: string): RefusedError {
  const where = r.targets.map(targetLabel).join(', ') || (r.csv?.new ?? '');
  return new RefusedError(
    new ProviderError('RotationUnreadable', 409, tEn('rotate.unreadable', { id, where }), '-'),
    [
      {
        key: 'rotate.unreadableHint',
        params: { command: run.io.commands.command('keys', 'list', ...run.owner.scope) },
      },
    ],
  );
}
