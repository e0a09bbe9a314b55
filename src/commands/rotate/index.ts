/**
 * `onboard keys rotate [<id>] [--ram-user <name>]`: a new key for the same
 * owner, delivered wherever the old one was, checked with a live call, then
 * the old key disabled (and deleted with `--delete-old` or a yes). At the
 * owner's limit it names the key to make room with and stops (exit 4)
 * unless `--disable-first <id>`. A rotation a run left half done is finished
 * or rolled back first (`engine.ts`).
 */
import { EXIT, ProviderError, RefusedError, UsageError } from '../../core/errors.js';
import { contextIo, KEY_LIMIT_MENUS } from '../../delivery/choice.js';
import { repairPending } from '../../delivery/keys.js';
import { ramUserOwner } from '../../delivery/ram-key.js';
import { rootOwner } from '../../delivery/root-key.js';
import { checkTarget } from '../../delivery/targets/index.js';
import { t, tEn } from '../../i18n/index.js';
import { Rotations } from '../../state/rotations.js';
import type { RotationRecord } from '../../state/schema.js';
import { localTime } from '../../ui/time.js';
import { DEFAULT_REGION } from '../../validate/index.js';
import { type RunEnv, stepContext } from '../../wizard/context.js';
import type { Globals } from '../globals.js';
import { FIELDS, type KeysOptions, open, ownerOf, ramUserOf, requireAccount } from '../keys.js';
import type { ParsedCommand } from '../parsed.js';
import { writeDocument } from '../run.js';
import { type RotationResult, type RotationRun, resume, rotate } from './engine.js';
import { keyToFree, oldKeyOf, planTargets, targetEnvOf, targetLabel } from './plan.js';

/** The options of `keys rotate`. */
export interface RotateOptions extends KeysOptions {
  deleteOld?: boolean;
  disableFirst?: string;
  /** Another spelling of `--disable-first`. */
  deleteFirst?: string;
}

const CHOOSE_MENU = { key: 'keyToRotate', scriptedBy: 'onboard keys rotate <id>' } as const;
const SHAPE = { id: 'keys', fields: FIELDS, menus: [...KEY_LIMIT_MENUS, CHOOSE_MENU] };

function disableFirstOf(p: ParsedCommand<RotateOptions>): string | undefined {
  const { disableFirst, deleteFirst } = p.options;
  if (disableFirst !== undefined && deleteFirst !== undefined && disableFirst !== deleteFirst) {
    throw new UsageError('rotate.twoFirsts', { a: disableFirst, b: deleteFirst }, [], 'InvalidValue');
  }
  return disableFirst ?? deleteFirst;
}

export async function keysRotate(g: Globals, p: ParsedCommand<RotateOptions>): Promise<number> {
  const requested = p.args[0];
  const ramUser = ramUserOf(p);
  const disableFirst = disableFirstOf(p);
  const { env, lock, release } = await open(g, p);
  try {
    const ctx = stepContext(env, SHAPE);
    requireAccount(env);
    const showSecret = env.answers.given('showSecret') === true;
    lock();
    const owner = await ownerOf(env, ramUser);
    const io = contextIo(ctx, async () => {
      throw new Error('a rotation asks for no CSV path');
    });
    const region = env.answers.value('region');
    const run: RotationRun = {
      env,
      io,
      owner,
      reowner: (cloud) =>
        owner.id === 'root'
          ? rootOwner(cloud)
          : ramUserOwner(cloud, {
              name: owner.id.slice(4),
              principalName: owner.csvFormat.kind === 'ram-user' ? owner.csvFormat.principalName : '',
            }),
      rotations: new Rotations(env.store, g.profile),
      region: typeof region === 'string' ? region : DEFAULT_REGION,
      deleteOld: p.options.deleteOld === true,
      showSecret,
    };
    // 1. A rotation a run left: finished or rolled back first, and said so.
    let resumed: RotationResult | undefined;
    const left = run.rotations.read(owner.id);
    if (left) {
      if (left.env && g.json)
        throw new UsageError('delivery.envWithJson', { where: 'env' }, [], 'InvalidValue');
      resumed = await resume(run, left);
      say(env, resumed);
      if (requested === undefined || requested === left.oldKeyId) {
        if (resumed.outcome === 'finished') return report(g, env, run, resumed);
      }
    }
    // 2. A key creation a run left (another command's) is repaired before a new key is made.
    if (env.keyRecords.read(owner.id).pending) await repairPending(io, run.owner);
    const start = await begin(env, run, requested, disableFirst, ctx);
    const result = await rotate(run, start);
    say(env, result);
    return report(g, env, run, result, resumed);
  } finally {
    release();
  }
}

/** The first record of a new rotation: the key, where its replacement goes, room at the limit. Throws before any change. */
async function begin(
  env: RunEnv,
  run: RotationRun,
  requested: string | undefined,
  disableFirst: string | undefined,
  ctx: ReturnType<typeof stepContext>,
): Promise<RotationRecord> {
  const { owner, io } = run;
  const keys = await owner.keys.list();
  const record = env.keyRecords.read(owner.id);
  const picked = oldKeyOf(requested, record, keys);
  let old: { id: string; delivered?: (typeof record.delivered)[number] };
  if ('none' in picked) {
    throw new UsageError('rotate.noKey', {}, [
      { key: 'rotate.listHint', params: { command: io.commands.command('keys', 'list', ...owner.scope) } },
    ]);
  } else if ('several' in picked) {
    if (!env.interactive) {
      throw new UsageError('rotate.several', { ids: picked.several.join(', ') }, [
        {
          key: 'rotate.severalHint',
          params: { command: io.commands.command('keys', 'rotate', picked.several[0] ?? '', ...owner.scope) },
        },
      ]);
    }
    const id = await ctx.choose(CHOOSE_MENU.key, {
      message: 'rotate.askWhich',
      choices: picked.several.map((k) => ({ value: k, name: k })),
    });
    const delivered = record.delivered.find((d) => d.id === id);
    old = { id, ...(delivered ? { delivered } : {}) };
  } else old = picked;
  const oldKey = keys.find((k) => k.id === old.id);
  if (!oldKey && !old.delivered) {
    throw new UsageError('rotate.unknownKey', { id: old.id }, [
      { key: 'rotate.listHint', params: { command: io.commands.command('keys', 'list', ...owner.scope) } },
    ]);
  }
  const plan = planTargets(old.delivered, old.id, io.tools);
  // Where the new key goes, checked before it exists.
  if (plan.targets.length === 0 && !plan.csv && !plan.env && !plan.screen) {
    throw new UsageError('rotate.nowhere', { id: old.id }, [
      {
        key: 'rotate.nowhereHint',
        params: { command: io.commands.command('keys', 'create', ...owner.scope) },
      },
    ]);
  }
  if (plan.env && io.out.json)
    throw new UsageError('delivery.envWithJson', { where: 'env' }, [], 'InvalidValue');
  if (plan.screen && !env.interactive && (io.out.json || env.answers.given('showSecret') !== true)) {
    throw new UsageError('rotate.shownOnly', { id: old.id }, [], 'MissingAnswer');
  }
  for (const s of plan.targets) {
    const problem = checkTarget({ kind: s.target, name: s.profile }, targetEnvOf(s, io.tools), {
      overwrite: true,
    });
    if (problem) {
      throw new UsageError(
        'rotate.targetUnusable',
        { where: targetLabel(s), path: problem.path, problem: problem.detail ?? problem.problem },
        [],
        'InvalidValue',
      );
    }
  }
  // Room for the new key.
  let freeing: string | undefined;
  // The owner's limit as the cloud says it (GetAccountSummary on the real cloud).
  const limit = await owner.keys.limit();
  if (keys.length >= limit) {
    const delivered = new Set(record.delivered.map((d) => d.id));
    const candidate = keyToFree(keys, delivered, old.id);
    const named = disableFirst ?? candidate?.id;
    const victim = keys.find((k) => k.id === named);
    if (disableFirst !== undefined && (!victim || disableFirst === old.id)) {
      throw new UsageError('rotate.badFirst', { id: disableFirst, old: old.id }, [], 'InvalidValue');
    }
    const atLimit = new RefusedError(
      new ProviderError(
        'LimitExceeded.User.AccessKey',
        409,
        tEn('rotate.atLimit', { limit, id: candidate?.id ?? '' }),
        '-',
        false,
        {
          keyToFree: candidate?.id ?? '',
        },
      ),
      [
        {
          key: 'rotate.atLimitHint',
          params: {
            command: io.commands.command(
              'keys',
              'rotate',
              old.id,
              '--disable-first',
              candidate?.id ?? '<id>',
              '--yes',
              ...owner.scope,
            ),
          },
        },
      ],
    );
    if (!victim) throw atLimit;
    io.out.warn(
      t('rotate.mustFree', {
        id: victim.id,
        status: victim.status,
        created: localTime(victim.created),
        held: delivered.has(victim.id) ? t('rotate.heldHere') : '',
      }),
    );
    if (disableFirst === undefined && !env.interactive) throw atLimit;
    const yes = await io.confirm('rotate.confirmFree', { id: victim.id }, { default: false });
    if (!yes) throw atLimit;
    freeing = victim.id;
  } else if (disableFirst !== undefined) {
    io.out.info(t('rotate.firstNotNeeded', { id: disableFirst }));
  }
  return {
    oldKeyId: old.id,
    oldStatus: oldKey?.status ?? 'Gone',
    startedAt: new Date().toISOString(),
    phase: freeing ? 'freeing' : 'creating',
    ...(freeing ? { freeing } : {}),
    clientToken: crypto.randomUUID(),
    before: keys.map((k) => k.id),
    ...plan,
    ...(old.delivered ? { delivered: old.delivered } : {}),
    ...(run.deleteOld ? { deleteOld: true } : {}),
  };
}

function say(env: RunEnv, r: RotationResult): void {
  const out = env.out;
  if (r.outcome === 'rolledBack') {
    out.warn(t('rotate.rolledBack', { id: r.oldKeyId, made: r.newKeyId ?? '-' }));
    return;
  }
  const fate = {
    disabled: 'rotate.oldDisabled',
    deleted: 'rotate.oldDeleted',
    gone: 'rotate.oldGone',
    unchanged: 'rotate.oldDisabled',
  } as const;
  out.success(t(fate[r.oldKey], { id: r.oldKeyId }));
  out.success(
    t(r.outcome === 'finished' ? 'rotate.finished' : 'rotate.done', {
      old: r.oldKeyId,
      new: r.newKeyId ?? '',
    }),
  );
}

async function report(
  g: Globals,
  env: RunEnv,
  run: RotationRun,
  result: RotationResult,
  resumed?: RotationResult,
): Promise<number> {
  const keys = { ...(run.owner.id === 'root' ? {} : { ramUser: run.owner.id.slice(4) }) };
  if (g.json) {
    await writeDocument(env, {
      schemaVersion: 1,
      ok: true,
      profile: g.profile,
      ...keys,
      rotation: json(result),
      ...(resumed && resumed !== result ? { interrupted: json(resumed) } : {}),
    });
  } else if (result.oldKey === 'disabled') {
    env.out.hintRef({
      key: 'rotate.deleteLater',
      params: {
        command: env.commands.command('keys', 'delete', result.oldKeyId, '--yes', ...run.owner.scope),
      },
    });
  }
  return EXIT.ok;
}

function json(r: RotationResult) {
  return {
    outcome: r.outcome,
    oldKey: { id: r.oldKeyId, fate: r.oldKey },
    ...(r.newKeyId ? { newKey: { id: r.newKeyId, ...(r.secret ? { secret: r.secret } : {}) } } : {}),
    targets: r.targets,
    ...(r.verification ? { verification: r.verification } : {}),
  };
}
