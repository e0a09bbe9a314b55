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
import { ProviderError, RefusedError, UsageError } from '../core/errors.js';
import type { MessageKey, Params } from '../core/messages.js';
import { errorCode } from '../fs/atomic.js';
import { t, tEn } from '../i18n/index.js';
import type { AccessKeyCapability, AccessKeyInfo } from '../provider/types.js';
import type { KeyRecords } from '../state/keys.js';
import type { KeyOwnerRecord } from '../state/schema.js';
import { keyTable, statusWord } from '../ui/key-table.js';
import { type Output, unwritableOutput } from '../ui/output.js';
import type { Choice } from '../ui/prompter.js';
import { localTime } from '../ui/time.js';
import { displayWidth, padEnd } from '../ui/width.js';
import type { KeyReport, RunReport } from '../wizard/report.js';
import { type CsvFormat, csvFor, csvPath, csvPathProblem, removeIncompleteCsv, writeCsv } from './csv.js';

/** Whose keys: the account's own (`root`) or a RAM user's (`ram:<name>`). */
export interface KeyOwner {
  /** Where its records live in the profile. */
  readonly id: string;
  readonly keys: AccessKeyCapability;
  /** At most this many keys, Active and Inactive together. */
  readonly limit: number;
  readonly csvFormat: CsvFormat;
}

/** Where the secret goes, checked before any key exists. */
export interface DeliveryChoice {
  /** An absolute path, and how its source spells the option (`--csv`, `ONBOARD_CSV`, …). */
  csv?: { path: string; where: string };
  showSecret: boolean;
  allowCidrs: string[];
}

/** What delivery needs of the run (a step's or a command's context provides it). */
export interface DeliveryIo {
  readonly out: Output;
  readonly interactive: boolean;
  readonly yes: boolean;
  readonly keyRecords: KeyRecords;
  readonly report: RunReport;
  call<T>(label: string, fn: (attempt: number) => Promise<T>): Promise<T>;
  confirm(
    message: MessageKey,
    params?: Params,
    options?: { default?: boolean; risky?: boolean },
  ): Promise<boolean>;
  choose(key: string, options: { message: MessageKey; params?: Params; choices: Choice[] }): Promise<string>;
  /** Interactive only: the CSV path to save to (the step's own question, checked there). */
  askCsv(defaultPath: string): Promise<string>;
}

/** The run services a step's or a command's context offers, from which `contextIo` builds a DeliveryIo. */
export type IoSource = Omit<DeliveryIo, 'askCsv'>;

/** A DeliveryIo from a context and the owner's CSV question (asked only interactively, after the secret is shown). */
export function contextIo(ctx: IoSource, askCsv: (defaultPath: string) => Promise<string>): DeliveryIo {
  return {
    out: ctx.out,
    interactive: ctx.interactive,
    yes: ctx.yes,
    keyRecords: ctx.keyRecords,
    report: ctx.report,
    call: (label, fn) => ctx.call(label, fn),
    confirm: (message, params, options) => ctx.confirm(message, params, options),
    choose: (key, options) => ctx.choose(key, options),
    askCsv,
  };
}

/** The check of a CSV path typed at the prompt (the same rules as `checkDelivery`). */
export function csvAnswerRule(value: string): { key: MessageKey; params: Params } | null {
  const problem = csvPathProblem(csvPath(value));
  if (!problem) return null;
  return {
    key:
      problem === 'taken'
        ? 'delivery.csvTaken'
        : problem === 'badName'
          ? 'delivery.csvBadNameShort'
          : 'delivery.csvNoFolderShort',
    params: { path: value },
  };
}

/** The interactive-only menus of the key limit, and the commands that do the same in a script. */
export const KEY_LIMIT_MENUS = [
  { key: 'keyToFree', scriptedBy: 'onboard keys list' },
  { key: 'keyAction', scriptedBy: 'onboard keys disable <id> / onboard keys delete <id>' },
] as const;

export interface Delivered {
  key: AccessKeyInfo;
  report: KeyReport;
}

/**
 * Checks a delivery before any key exists: that a non-interactive run said
 * where the secret goes, and that a CSV can be created there (a CSV this tool
 * left for the key being delivered is the one exception: repair takes it).
 */
export function checkDelivery(
  choice: DeliveryChoice,
  owner: Pick<KeyOwner, 'id'>,
  io: Pick<DeliveryIo, 'interactive' | 'keyRecords'>,
  needed: { hint: MessageKey; flags: string },
): void {
  if (!io.interactive && !choice.csv && !choice.showSecret) {
    throw new UsageError('delivery.needed', { flags: needed.flags }, [{ key: needed.hint }], 'MissingAnswer');
  }
  const csv = choice.csv;
  if (!csv) return;
  if (io.keyRecords.read(owner.id).pending?.csv === csv.path) return;
  const problem = csvPathProblem(csv.path);
  if (problem) {
    const key =
      problem === 'taken'
        ? 'delivery.csvExists'
        : problem === 'badName'
          ? 'delivery.csvBadName'
          : 'delivery.csvNoFolder';
    throw new UsageError(key, { where: csv.where, path: csv.path }, [], 'InvalidValue');
  }
}

/** The newest delivered key of the owner that is still Active, if any. */
export function activeDelivered(record: KeyOwnerRecord, keys: readonly AccessKeyInfo[]): string | undefined {
  return [...record.delivered].reverse().find((d) => keys.some((k) => k.id === d.id && k.status === 'Active'))
    ?.id;
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
    keys.find((k) => pending.keyId !== undefined && k.id === pending.keyId);
  const csvState = key && pending.csv ? csvFor(pending.csv, owner.csvFormat, key.id) : 'missing';
  if (key?.status === 'Active' && csvState === 'complete' && pending.csv) {
    io.out.info(t('delivery.recoveredCsv', { id: key.id, csv: pending.csv }));
    await recordDelivered(io, owner, { id: key.id, via: 'csv', csv: pending.csv });
    return { key, report: { id: key.id, csv: pending.csv } };
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
  if (pending.csv && key && csvState === 'incomplete') removeIncompleteCsv(pending.csv);
  await writeRecord(io, owner, (r) => ({ delivered: r.delivered }));
  return null;
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
 * choice first); otherwise the provider's refusal stands (exit 4).
 */
export async function ensureRoom(io: DeliveryIo, owner: KeyOwner): Promise<void> {
  for (;;) {
    const keys = await owner.keys.list();
    if (keys.length < owner.limit) return;
    const refusal = new RefusedError(
      new ProviderError(
        'LimitExceeded.User.AccessKey',
        409,
        'The access key count of the user access keys beyond the current limits.',
        '-',
      ),
      [{ key: 'providerError.LimitExceeded.User.AccessKey', params: { limit: owner.limit } }],
    );
    if (!io.interactive) throw refusal;
    await freeSlot(io, owner, keys, refusal);
  }
}

async function freeSlot(
  io: DeliveryIo,
  owner: KeyOwner,
  keys: AccessKeyInfo[],
  refusal: RefusedError,
): Promise<void> {
  const used = new Set(io.keyRecords.read(owner.id).delivered.map((d) => d.id));
  io.out.warn(t('delivery.limitReached', { count: keys.length, limit: owner.limit }));
  for (const row of keyTable(io.out, keys, used)) io.out.say(`  ${row}`);
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
  await ensureRoom(io, owner);
  await beforeCreate();
  for (let attempt = 0; attempt < 4; attempt++) {
    const pending = {
      clientToken: crypto.randomUUID(),
      startedAt: new Date().toISOString(),
      ...(choice.csv ? { csv: choice.csv.path } : {}),
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
        await ensureRoom(io, owner);
        continue;
      }
      throw error;
    }
    if (created.secret === null) {
      // A replay after a lost response: the key exists but its secret is gone.
      await discardKey(io, owner, created.key);
      io.out.warn(t('delivery.removedOrphan', { id: created.key.id }));
      continue;
    }
    await writeRecord(io, owner, (r) => ({ ...r, pending: { ...pending, keyId: created.key.id } }));
    return deliver(io, owner, created.key, created.secret, choice);
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
    // The secret cannot reach the person where they asked: the key must not stay.
    await discardKey(io, owner, key);
    await writeRecord(io, owner, (r) => ({ delivered: r.delivered }));
    throw error;
  };
  if (choice.csv) {
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
  if (io.interactive) {
    await writeRecord(io, owner, (r) => ({ ...r, pending: r.pending && { ...r.pending, shown: true } }));
    showSecretBox(io.out, key.id, secret);
    if (!report.csv && (await io.confirm('delivery.offerCsv', {}, { default: true }))) {
      const path = await io.askCsv(freeCsvName(owner));
      await writeRecord(io, owner, (r) => ({ ...r, pending: r.pending && { ...r.pending, csv: path } }));
      writeCsv(path, owner.csvFormat, key.id, secret);
      report.csv = path;
      via.push('csv');
      io.out.success(t('delivery.csvWritten', { path }));
    }
    if (!(report.csv && io.yes)) {
      while (!(await io.confirm('delivery.confirmSaved', {}, { default: false, risky: true })))
        showSecretBox(io.out, key.id, secret);
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
          }),
        abandon: () => fail(undefined).catch(() => undefined),
      });
      return { key, report };
    }
    const [idLabel, secretLabel] = [`${t('delivery.idLabel')}:`, `${t('delivery.secretLabel')}:`];
    const width = Math.max(displayWidth(idLabel), displayWidth(secretLabel)) + 1;
    try {
      await io.out.resultAsync(`${padEnd(idLabel, width)}${key.id}\n${padEnd(secretLabel, width)}${secret}`);
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
  });
  return { key, report };
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

function showSecretBox(out: Output, id: string, secret: string): void {
  const c = out.c;
  const [idLabel, secretLabel] = [t('delivery.idLabel'), t('delivery.secretLabel')];
  const width = Math.max(displayWidth(idLabel), displayWidth(secretLabel)) + 1;
  out.say();
  out.say(c.bold(t('delivery.secretTitle')));
  out.say(`  ${padEnd(idLabel, width)}${c.cyan(id)}`);
  out.say(`  ${padEnd(secretLabel, width)}${c.cyan(secret)}`);
  out.say(c.yellow(t('delivery.secretOnce')));
  out.say();
}
