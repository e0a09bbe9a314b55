/**
 * An AccessKey whose secret reaches the person exactly once, for any owner
 * (the account itself, a RAM user), used by every step and command that
 * creates a key.
 *
 * The sequence is record → create → record id → deliver → record delivery.
 * Before the create call, a `pending` marker with a fresh clientToken is
 * saved. Whatever happens next (crash, kill -9, Ctrl-C, a lost response),
 * the next run finds the marker, finds the key by its clientToken, and either
 * counts it as delivered (the CSV written for it is complete) or disables and
 * deletes it, saying so. So no Active key is ever left whose secret nobody
 * has, and a retry never creates a second key for the same intent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ProviderError, RefusedError, UsageError } from '../core/errors.js';
import { errorCode } from '../fs/atomic.js';
import { t, tEn } from '../i18n/index.js';
import type { AccessKeyCapability, AccessKeyInfo } from '../provider/types.js';
import type { KeyOwnerRecord } from '../state/schema.js';
import { keyTable, statusWord } from '../ui/key-table.js';
import { type Output, unwritableOutput } from '../ui/output.js';
import { localTime } from '../ui/time.js';
import { displayWidth, padEnd } from '../ui/width.js';
import type { KeyReport } from '../wizard/report.js';
import {
  type Delivered,
  type DeliveryChoice,
  type DeliveryIo,
  type KeyOwner,
  targetName,
  tildify,
} from './choice.js';
import { csvFor, csvPath, csvPathProblem, removeIncompleteCsv, writeCsv } from './csv.js';
import { csvGitWarning } from './git-ignore.js';
import { type FileTargetSpec, removeKeyEverywhere, type SavedTo } from './targets/index.js';
import { nameProblem, type TargetChoice } from './targets/spec.js';
import {
  checkTargets,
  envLines,
  freeTargetName,
  savedLine,
  targetsHolding,
  writeFileTargets,
} from './to-tools.js';

/**
 * Removes the profiles and sections written for a key that is deleted or
 * discarded (they would hold a dead key, or a secret nobody should use), says
 * so, and returns what was removed.
 */
export function forgetWritten(io: Pick<DeliveryIo, 'tools' | 'out'>, keyId: string): SavedTo[] {
  const removed = removeKeyEverywhere(io.tools, keyId);
  for (const s of removed) io.out.info(t('delivery.removedTarget', { where: savedLine(s, io.tools.home) }));
  return removed;
}

/** Disables (if needed) and deletes a key; repeat-safe under lost responses. */
export async function discardKey(
  io: Pick<DeliveryIo, 'call'>,
  owner: KeyOwner,
  key: Pick<AccessKeyInfo, 'id' | 'status'>,
): Promise<void> {
  if (key.status === 'Active') {
    await io.call(t('keys.disabling', { id: key.id }), () => owner.keys.update(key.id, 'Inactive'));
  }
  await io.call(t('keys.deleting', { id: key.id }), async (attempt) => {
    try {
      await owner.keys.delete(key.id);
    } catch (error) {
      // After a lost response the first attempt may already have deleted it.
      if (attempt > 1 && error instanceof ProviderError && error.code === 'EntityNotExist.User.AccessKey')
        return;
      throw error;
    }
  });
}

async function writeRecord(
  io: Pick<DeliveryIo, 'keyRecords'>,
  owner: KeyOwner,
  change: (r: KeyOwnerRecord) => KeyOwnerRecord,
) {
  await io.keyRecords.write(owner.id, change(io.keyRecords.read(owner.id)));
}

/**
 * Repairs what an interrupted creation left behind. Returns the key when it
 * turns out to have been delivered (its CSV is complete, or the person says
 * they saved the secret that was on screen); otherwise the key is discarded.
 */
export async function repairPending(io: DeliveryIo, owner: KeyOwner): Promise<Delivered | null> {
  const pending = io.keyRecords.read(owner.id).pending;
  if (!pending) return null;
  const keys = await owner.keys.list();
  const key =
    keys.find((k) => k.clientToken !== undefined && k.clientToken === pending.clientToken) ??
    keys.find((k) => pending.keyId !== undefined && k.id === pending.keyId) ??
    madeSince(keys, pending, io.keyRecords.read(owner.id).delivered);
  const csvState = key && pending.csv ? csvFor(pending.csv, owner.csvFormat, key.id) : 'missing';
  if (key?.status === 'Active' && csvState === 'complete' && pending.csv) {
    io.out.info(t('delivery.recoveredCsv', { id: key.id, csv: pending.csv }));
    await recordDelivered(io, owner, { id: key.id, via: 'csv', csv: pending.csv });
    return { key, report: { id: key.id, csv: pending.csv } };
  }
  // A profile or section this tool wrote for the key is its delivery too.
  const held =
    key?.status === 'Active' ? targetsHolding(pending.targets ?? [], io.tools, key.id, io.profile) : [];
  if (key && held.length > 0) {
    for (const s of held)
      io.out.info(t('delivery.recoveredTarget', { id: key.id, where: savedLine(s, io.tools.home) }));
    const savedTo = held.map((s) => ({ target: s.target, profile: s.profile, path: s.path }));
    await recordDelivered(io, owner, { id: key.id, via: 'targets', savedTo });
    return { key, report: { id: key.id, savedTo } };
  }
  if (key?.status === 'Active' && pending.shown && io.interactive) {
    const saved = await io.confirm('delivery.askShownSaved', { id: key.id }, { default: false, risky: true });
    if (saved) {
      await recordDelivered(io, owner, { id: key.id, via: 'confirmed' });
      return { key, report: { id: key.id } };
    }
  }
  if (key) {
    await discardKey(io, owner, key);
    io.out.warn(t(pending.shown ? 'delivery.removedUnconfirmed' : 'delivery.removedOrphan', { id: key.id }));
  }
  // What was written for it goes too, also when a stopped run had deleted the key already.
  const gone = key?.id ?? pending.keyId;
  if (gone) forgetWritten(io, gone);
  if (pending.csv && key && csvState === 'incomplete') removeIncompleteCsv(pending.csv);
  await writeRecord(io, owner, (r) => ({ delivered: r.delivered }));
  return null;
}

/**
 * Where keys carry no client token (the real cloud): the one key that is not
 * among those listed before the create call, not delivered, and made after it
 * started. Two such keys mean someone else is making keys too: none is taken.
 */
function madeSince(
  keys: readonly AccessKeyInfo[],
  pending: { before?: string[]; startedAt: string },
  delivered: ReadonlyArray<{ id: string }>,
): AccessKeyInfo | undefined {
  if (!pending.before) return undefined;
  const before = new Set([...pending.before, ...delivered.map((d) => d.id)]);
  // A minute's grace for clocks that differ between this machine and the cloud.
  const since = Date.parse(pending.startedAt) - 60_000;
  const fresh = keys.filter(
    (k) => !before.has(k.id) && k.clientToken === undefined && Date.parse(k.created) >= since,
  );
  return fresh.length === 1 ? fresh[0] : undefined;
}

async function recordDelivered(
  io: Pick<DeliveryIo, 'keyRecords'>,
  owner: KeyOwner,
  entry: KeyOwnerRecord['delivered'][number],
) {
  await writeRecord(io, owner, (r) => ({
    delivered: [...r.delivered.filter((d) => d.id !== entry.id), entry],
  }));
}

/**
 * Makes room when the owner is at its limit: interactively lists the keys and
 * offers to disable or delete one (never on its own initiative; the safe
 * choice first); otherwise the provider's refusal stands (exit 4). Returns
 * the owner's keys once there is room.
 */
async function ensureRoom(io: DeliveryIo, owner: KeyOwner): Promise<AccessKeyInfo[]> {
  // The owner's limit as the cloud says it (read once: it does not change while keys are freed).
  const limit = await owner.keys.limit();
  for (;;) {
    const keys = await owner.keys.list();
    if (keys.length < limit) return keys;
    // The hint names a real key, pasteable: the one freed with the least harm (an Inactive one, one
    // this profile did not deliver, the oldest), to delete, or to disable and then delete.
    const used = new Set(io.keyRecords.read(owner.id).delivered.map((d) => d.id));
    const [free] = [...keys].sort(
      (a, b) => rank(a, used) - rank(b, used) || a.created.localeCompare(b.created),
    );
    const remove = free ? io.commands.command('keys', 'delete', free.id, ...owner.scope, '--yes') : '';
    const command =
      free?.status === 'Active'
        ? `${io.commands.command('keys', 'disable', free.id, ...owner.scope)} && ${remove}`
        : remove;
    const refusal = new RefusedError(
      new ProviderError(
        'LimitExceeded.User.AccessKey',
        409,
        'The access key count of the user access keys beyond the current limits.',
        '-',
      ),
      [
        {
          key: 'delivery.limitHint',
          params: {
            limit,
            list: io.commands.command('keys', 'list', ...owner.scope),
            id: free?.id ?? '',
            status: free ? statusWord(free.status) : '',
            command,
          },
        },
      ],
    );
    if (!io.interactive) throw refusal;
    await freeSlot(io, owner, keys, limit, refusal);
  }
}

async function freeSlot(
  io: DeliveryIo,
  owner: KeyOwner,
  keys: AccessKeyInfo[],
  limit: number,
  refusal: RefusedError,
): Promise<void> {
  const used = new Set(io.keyRecords.read(owner.id).delivered.map((d) => d.id));
  io.out.warn(t('delivery.limitReached', { count: keys.length, limit }));
  const look = io.out.sayLook;
  for (const row of keyTable({ ...look, width: look.width && look.width - 2 }, keys, used))
    io.out.say(`  ${row}`);
  // Inactive keys first (freeing one of those breaks nothing), this profile's own last.
  const order = [...keys].sort((a, b) => rank(a, used) - rank(b, used));
  const choice = await io.choose('keyToFree', {
    message: 'delivery.askWhichKey',
    choices: [
      { value: '', name: t('delivery.cancel') },
      ...order.map((k) => ({
        value: k.id,
        name: `${k.id}  ${statusWord(k.status)}${used.has(k.id) ? `  ${t('delivery.usedHere')}` : ''}`,
        description: t('delivery.createdAt', { at: localTime(k.created) }),
      })),
    ],
  });
  const key = keys.find((k) => k.id === choice);
  if (!key) throw refusal;
  const action = await io.choose('keyAction', {
    message: 'delivery.askAction',
    params: { id: key.id },
    choices: [
      { value: '', name: t('delivery.cancel') },
      ...(key.status === 'Active' ? [{ value: 'disable', name: t('delivery.actionDisable') }] : []),
      {
        value: 'delete',
        name: t(key.status === 'Active' ? 'delivery.actionDisableDelete' : 'delivery.actionDelete'),
      },
    ],
  });
  if (!action) throw refusal;
  if (action === 'delete' && !(await io.confirm('keys.confirmDelete', { id: key.id }, { default: false })))
    throw refusal;
  if (action === 'delete') await discardKey(io, owner, key);
  else await io.call(t('keys.disabling', { id: key.id }), () => owner.keys.update(key.id, 'Inactive'));
}

function rank(k: AccessKeyInfo, used: ReadonlySet<string>): number {
  return (k.status === 'Active' ? 2 : 0) + (used.has(k.id) ? 1 : 0);
}

/**
 * Creates a key for the owner and delivers its secret (CSV, stdout or the
 * screen), after repairing an interrupted creation. `beforeCreate` runs once
 * there is room for the key and before it exists (e.g. the root-key risk question).
 */
export async function createDeliveredKey(
  io: DeliveryIo,
  owner: KeyOwner,
  choice: DeliveryChoice,
  beforeCreate: () => Promise<void> = async () => {},
): Promise<Delivered> {
  const recovered = await repairPending(io, owner);
  if (recovered) return recovered;
  let keys = await ensureRoom(io, owner);
  await beforeCreate();
  // A profile of that name: a person confirms replacing it, before the key exists.
  const targets = await checkTargets(choice.targets, {
    env: io.tools,
    overwrite: choice.overwrite,
    json: io.out.json,
    showSecret: choice.showSecret,
    ...(io.interactive
      ? {
          confirm: (spec: FileTargetSpec, path: string) => confirmReplace(io, spec, path),
          instead: (spec: FileTargetSpec) => otherTarget(io, spec),
        }
      : {}),
  });
  // A profile that names the region gets the setup's: settled (asked, if need be) before the key exists.
  const named = targets.some((x) => x.spec.kind === 'aliyun-cli' || x.spec.kind === 'env');
  const accepted: DeliveryChoice = {
    ...choice,
    targets,
    ...(named && io.region ? { region: await io.region() } : {}),
  };
  for (let attempt = 0; attempt < 4; attempt++) {
    const before = keys.map((k) => k.id);
    const pending = {
      clientToken: crypto.randomUUID(),
      startedAt: new Date().toISOString(),
      before,
      ...(choice.csv ? { csv: choice.csv.path } : {}),
      ...(targets.length ? { targets: targets.map((x) => targetName(x.spec)) } : {}),
    };
    await writeRecord(io, owner, (r) => ({ ...r, pending }));
    let created: Awaited<ReturnType<AccessKeyCapability['create']>>;
    try {
      created = await io.call(t('delivery.creating'), () =>
        owner.keys.create({ clientToken: pending.clientToken, allowCidrs: choice.allowCidrs }),
      );
    } catch (error) {
      // A lost response can outlast the retries with the key created: find it by
      // its clientToken and remove it. If even that fails, the marker stays for the next run.
      await repairPending(io, owner).catch(() => undefined);
      if (error instanceof RefusedError && error.code === 'LimitExceeded.User.AccessKey' && io.interactive) {
        keys = await ensureRoom(io, owner);
        continue;
      }
      throw error;
    }
    if (created.secret === null) {
      // A replay after a lost response: the key exists but its secret is gone.
      await discardKey(io, owner, created.key);
      io.out.warn(t('delivery.removedOrphan', { id: created.key.id }));
      keys = await owner.keys.list();
      continue;
    }
    await writeRecord(io, owner, (r) => ({ ...r, pending: { ...pending, keyId: created.key.id } }));
    return deliver(io, owner, created.key, created.secret, accepted);
  }
  // Every attempt's response was lost (and each key removed): the provider, not the input, is the problem.
  throw new RefusedError(new ProviderError('AccessKeyNotDelivered', 503, tEn('delivery.gaveUp'), '-', true));
}

async function deliver(
  io: DeliveryIo,
  owner: KeyOwner,
  key: AccessKeyInfo,
  secret: string,
  choice: DeliveryChoice,
): Promise<Delivered> {
  const report: KeyReport = { id: key.id };
  const via: string[] = [];
  const fail = async (error: unknown): Promise<never> => {
    // The secret cannot reach the person where they asked: the key must not stay,
    // nor what was written for it (its CSV, its profiles).
    await discardKey(io, owner, key);
    forgetWritten(io, key.id);
    if (report.csv) removeIncompleteCsv(report.csv);
    await writeRecord(io, owner, (r) => ({ delivered: r.delivered }));
    throw error;
  };
  // The region an aliyun CLI profile or the `env` lines name: asked (once) if nothing settled it yet.
  let region: string | undefined;
  const regionFor = async (targets: readonly TargetChoice[]) => {
    const named = targets.some((x) => x.spec.kind === 'aliyun-cli' || x.spec.kind === 'env');
    if (named && region === undefined) region = io.region ? await io.region() : choice.region;
    return region ?? choice.region;
  };
  const writeTargets = async (targets: readonly TargetChoice[]) => {
    const where = await regionFor(targets);
    try {
      const saved = writeFileTargets(
        targets,
        io.tools,
        { id: key.id, secret },
        { region: where, overwrite: true },
      );
      if (saved.length) {
        report.savedTo = [
          ...(report.savedTo ?? []),
          ...saved.map((s) => ({ target: s.target, profile: s.profile, path: s.path })),
        ];
        via.push('targets');
      }
      for (const s of saved) io.out.success(t('delivery.saved', { where: savedLine(s, io.tools.home) }));
      if (saved.some((s) => s.target === 'credentials')) io.out.hint(t('delivery.credentialsNote'));
    } catch (error) {
      await fail(error);
    }
  };
  if (choice.csv) {
    warnIfCommittable(io.out, choice.csv.path);
    try {
      writeCsv(choice.csv.path, owner.csvFormat, key.id, secret);
    } catch (error) {
      const code = errorCode(error) ?? '';
      await fail(
        new UsageError(
          code === 'EEXIST' ? 'delivery.csvExists' : 'delivery.csvUnwritable',
          { where: choice.csv.where, path: choice.csv.path, reason: code },
          [],
          'InvalidValue',
        ),
      );
    }
    report.csv = choice.csv.path;
    via.push('csv');
    io.out.success(t('delivery.csvWritten', { path: choice.csv.path }));
  }
  await writeTargets(choice.targets);
  const lines = envLines(choice.targets, { id: key.id, secret }, await regionFor(choice.targets));
  if (lines !== undefined) {
    try {
      await io.out.resultAsync(lines);
    } catch (error) {
      await fail(unwritableOutput(error, true));
    }
    report.savedTo = [...(report.savedTo ?? []), { target: 'env' }];
    via.push('env');
  }
  if (io.interactive) {
    await writeRecord(io, owner, (r) => ({ ...r, pending: r.pending && { ...r.pending, shown: true } }));
    showSecretBox(io.out, owner, key.id, secret);
    if (!report.csv && (await io.confirm('delivery.offerCsv', {}, { default: true }))) {
      const path = await io.askCsv(freeCsvName(owner));
      warnIfCommittable(io.out, path);
      await writeRecord(io, owner, (r) => ({ ...r, pending: r.pending && { ...r.pending, csv: path } }));
      writeCsv(path, owner.csvFormat, key.id, secret);
      report.csv = path;
      via.push('csv');
      io.out.success(t('delivery.csvWritten', { path }));
    }
    if (choice.targets.length === 0) await writeTargets(await offerTargets(io, choice));
    if (!((report.csv || report.savedTo) && io.yes)) {
      while (!(await io.confirm('delivery.confirmSaved', {}, { default: false, risky: true })))
        showSecretBox(io.out, owner, key.id, secret);
    }
    if (via.length === 0) via.push('confirmed');
  }
  if (choice.showSecret) {
    report.secret = secret;
    if (io.out.json) {
      // Delivered once the final JSON document is written; until then the key stays pending.
      io.report.stdoutDeliveries.push({
        confirm: () =>
          recordDelivered(io, owner, {
            id: key.id,
            via: [...via, 'stdout'].join('+'),
            ...(report.csv ? { csv: report.csv } : {}),
            ...savedTo(report),
          }),
        abandon: () => fail(undefined).catch(() => undefined),
      });
      return { key, report };
    }
    try {
      // Whose key it is first: one run may print the root key's and the RAM user's.
      await io.out.resultAsync(`${whose(owner, 'delivery.secretFor')}\n${secretLines(key.id, secret)}`);
    } catch (error) {
      // A closed or full stdout: the secret reached nobody (exit 5, and the key is gone).
      await fail(unwritableOutput(error, true));
    }
    via.push('stdout');
  }
  await recordDelivered(io, owner, {
    id: key.id,
    via: via.join('+') || 'stdout',
    ...(report.csv ? { csv: report.csv } : {}),
    ...savedTo(report),
  });
  return { key, report };
}

/** The files a delivery wrote, as the key's record keeps them (env prints, it writes nothing). */
function savedTo(report: KeyReport) {
  const files = (report.savedTo ?? []).filter((s) => s.target !== 'env');
  return files.length ? { savedTo: files } : {};
}

/** Asks before replacing a profile or section of that name (a person's confirmation, not --yes). */
function confirmReplace(io: DeliveryIo, spec: FileTargetSpec, path: string): Promise<boolean> {
  return io.confirm(
    'delivery.confirmReplace',
    { name: spec.name, path: tildify(path, io.tools.home) },
    { default: false, risky: true },
  );
}

/** "The aliyun CLI (profile dev)", "The SDK credentials file (section [dev])". */
function offerLabel(x: TargetChoice): string {
  const name = 'name' in x.spec ? x.spec.name : '';
  return t(x.spec.kind === 'aliyun-cli' ? 'delivery.offerCli' : 'delivery.offerCredentials', { name });
}

/** The offer of a target of that kind, under a name its file does not have yet. */
function freeTarget(io: DeliveryIo, kind: FileTargetSpec['kind'], base = io.profile): TargetChoice {
  return { spec: { kind, name: freeTargetName(kind, base, io.tools) }, where: t('delivery.yourChoice') };
}

/**
 * A profile or section of that name exists and the person keeps it: another
 * name (the first free one, the default), the other tool, or none.
 */
async function otherTarget(io: DeliveryIo, spec: FileTargetSpec): Promise<TargetChoice | null> {
  const same = freeTarget(io, spec.kind, spec.name);
  const other = freeTarget(io, spec.kind === 'aliyun-cli' ? 'credentials' : 'aliyun-cli');
  const picked = await io.choose('targetTaken', {
    message: 'delivery.askInstead',
    params: { name: spec.name },
    choices: [
      { value: 'same', name: offerLabel(same) },
      { value: 'other', name: offerLabel(other) },
      { value: '', name: t('delivery.offerNoneThere') },
    ],
  });
  return picked === 'same' ? same : picked === 'other' ? other : null;
}

/**
 * Interactively, after the secret is shown: the tools it can be handed to,
 * each under a name its file does not have yet (`default`, else `default-2`, …).
 * The aliyun CLI first when it is set up on this machine (~/.aliyun exists).
 */
async function offerTargets(io: DeliveryIo, choice: DeliveryChoice): Promise<TargetChoice[]> {
  const cli = existsSync(join(io.tools.home, '.aliyun'));
  const cliTarget = freeTarget(io, 'aliyun-cli');
  const credentialsTarget = freeTarget(io, 'credentials');
  const cliOption = {
    value: 'aliyun-cli',
    name: offerLabel(cliTarget),
    description: t('delivery.offerCliHelp'),
  };
  const none = { value: '', name: t('delivery.offerNone') };
  // A profile named like a member of Object.prototype makes no safe section name (`--save-to credentials:<name>` does).
  const sections =
    nameProblem('credentials', freeTargetName('credentials', io.profile, io.tools)) === undefined
      ? [
          {
            value: 'credentials',
            name: offerLabel(credentialsTarget),
            description: t('delivery.offerCredentialsHelp'),
          },
          { value: 'both', name: t('delivery.offerBoth'), description: t('delivery.offerBothHelp') },
        ]
      : [];
  const picked = await io.choose('saveTargets', {
    message: 'delivery.askTargets',
    choices: cli ? [cliOption, ...sections, none] : [none, cliOption, ...sections],
  });
  const wanted =
    picked === 'both'
      ? [cliTarget, credentialsTarget]
      : picked === 'aliyun-cli'
        ? [cliTarget]
        : picked === 'credentials'
          ? [credentialsTarget]
          : [];
  return checkTargets(wanted, {
    env: io.tools,
    overwrite: choice.overwrite,
    json: false,
    showSecret: false,
    confirm: (spec, path) => confirmReplace(io, spec, path),
    instead: (spec) => otherTarget(io, spec),
  });
}

/** One line when git could take the CSV into a commit (in a work tree, not ignored there). */
function warnIfCommittable(out: Output, path: string): void {
  const warning = csvGitWarning(path);
  if (warning) out.warn(t(warning.key, warning.params));
}

/** `./AccessKey.csv` (or `./<user>_AccessKey.csv`), or the first free `-N` variant. */
function freeCsvName(owner: KeyOwner): string {
  const stem =
    owner.csvFormat.kind === 'root'
      ? 'AccessKey'
      : `${owner.csvFormat.principalName.split('@')[0]}_AccessKey`;
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? `./${stem}.csv` : `./${stem}-${n}.csv`;
    if (!csvPathProblem(csvPath(name))) return name;
  }
  return `./${stem}.csv`;
}

/** Whose key it is, in a message with `.root` and `.ram` forms (`{name}`: the RAM user). */
function whose(owner: KeyOwner, key: 'delivery.secretTitle' | 'delivery.secretFor'): string {
  const f = owner.csvFormat;
  return f.kind === 'root'
    ? t(`${key}.root`)
    : t(`${key}.ram`, { name: f.principalName.split('@')[0] ?? '' });
}

/** The key as two lines for stdout (`--show-secret`), `AccessKey ID:` and `AccessKey Secret:` with their values aligned. */
export function secretLines(id: string, secret: string): string {
  const [idLabel, secretLabel] = [`${t('delivery.idLabel')}:`, `${t('delivery.secretLabel')}:`];
  const width = Math.max(displayWidth(idLabel), displayWidth(secretLabel)) + 1;
  return `${padEnd(idLabel, width)}${id}\n${padEnd(secretLabel, width)}${secret}`;
}

/** The new key on screen, under whose it is, with the warning that the secret is shown only now. */
export function showSecretBox(out: Output, owner: KeyOwner, id: string, secret: string): void {
  const c = out.c;
  const [idLabel, secretLabel] = [t('delivery.idLabel'), t('delivery.secretLabel')];
  const width = Math.max(displayWidth(idLabel), displayWidth(secretLabel)) + 1;
  out.say();
  out.say(c.bold(whose(owner, 'delivery.secretTitle')));
  out.say(`  ${padEnd(idLabel, width)}${c.cyan(id)}`);
  out.say(`  ${padEnd(secretLabel, width)}${c.cyan(secret)}`);
  out.say(c.yellow(t('delivery.secretOnce')));
  out.say();
}
