/** `onboard keys list | create | disable <id> | enable <id> | delete <id>`: the profile's AccessKeys. */
import { EXIT, ProviderError, RefusedError, UsageError } from '../core/errors.js';
import {
  checkDelivery,
  contextIo,
  deliveryChoice,
  KEY_LIMIT_MENUS,
  type KeyOwner,
  toolsIo,
} from '../delivery/choice.js';
import { KEY_FIELDS, ROOT_KEY_FIELDS } from '../delivery/fields.js';
import { createDeliveredKey, forgetWritten } from '../delivery/keys.js';
import { ramOwnerId, ramUserOwner } from '../delivery/ram-key.js';
import { acceptRootKeyRisk, rootOwner } from '../delivery/root-key.js';
import { findKeyEverywhere, type SavedTo } from '../delivery/targets/index.js';
import { savedLine } from '../delivery/to-tools.js';
import { t } from '../i18n/index.js';
import type { AccessKeyStatus } from '../provider/types.js';
import { REGION_FIELDS } from '../steps/region.js';
import { keyTable } from '../ui/key-table.js';
import { checkRamUserName } from '../validate/index.js';
import { invalidAt } from '../wizard/answers.js';
import { refused } from '../wizard/calls.js';
import { type RunEnv, stepContext } from '../wizard/context.js';
import { defineFields } from '../wizard/field.js';
import { RUN_FIELDS, SESSION_FIELDS } from '../wizard/run-fields.js';
import type { Globals } from './globals.js';
import { openRun } from './open.js';
import type { ParsedCommand } from './parsed.js';
import { writeDocument } from './run.js';

/** What `keys` commands may read: delivery options and the password for a session that expired. */
export const FIELDS = defineFields({
  ...RUN_FIELDS,
  ...SESSION_FIELDS,
  ...ROOT_KEY_FIELDS,
  ...KEY_FIELDS,
  ...REGION_FIELDS,
});
const SHAPE = { id: 'keys', fields: FIELDS, menus: KEY_LIMIT_MENUS };

export async function open(g: Globals, p: ParsedCommand<KeysOptions>, readOnly = false) {
  return openRun(g, {
    command: p.name,
    fields: Object.values(FIELDS),
    flags: p.fields,
    argv: p.argv,
    readOnly,
  });
}

/** Key commands act on the profile's account: without one there is nothing to do (exit 2, nothing written). */
export function requireAccount(env: RunEnv): void {
  const notDone = env.sessions.unreachable('keys');
  if (notDone) throw notDone;
}

/** The options of every `keys` command. */
export interface KeysOptions {
  /** `--ram-user <name>`: that RAM user's keys; else the account's own. */
  ramUser?: string;
}

/** `--ram-user <name>`: that RAM user's keys; else the account's own. */
export function ramUserOf(p: ParsedCommand<KeysOptions>): string | undefined {
  const name = p.options.ramUser;
  if (name === undefined) return undefined;
  const bad = checkRamUserName(name);
  if (bad) throw invalidAt('--ram-user', bad);
  return name;
}

export async function ownerOf(env: RunEnv, ramUser: string | undefined): Promise<KeyOwner> {
  const cloud = await env.sessions.require('keys');
  if (ramUser === undefined) return rootOwner(cloud);
  const user = await cloud.ram.getUser(ramUser);
  if (!user) {
    throw refused(
      new ProviderError('EntityNotExist.User', 404, 'The user does not exist.', '-', false, {
        userName: ramUser,
      }),
    );
  }
  return ramUserOwner(cloud, user);
}

export async function keysList(g: Globals, p: ParsedCommand<KeysOptions>): Promise<number> {
  const { env, release } = await open(g, p);
  try {
    requireAccount(env);
    const owner = await ownerOf(env, ramUserOf(p));
    const keys = await owner.keys.list();
    if (g.json) {
      env.out.jsonDoc({
        schemaVersion: 1,
        keys: keys.map((k) => ({
          id: k.id,
          status: k.status,
          created: k.created,
          lastUsed: k.lastUsed,
          allowCidrs: k.allowCidrs,
          // Only when true, so the document stays as it was for every other key.
          ...(k.cannotSign ? { cannotSign: true } : {}),
        })),
      });
      return EXIT.ok;
    }
    const used = new Set(env.keyRecords.read(owner.id).delivered.map((d) => d.id));
    if (keys.length === 0) env.out.result(t('keys.none'));
    else for (const row of keyTable(env.out.resultLook, keys, used)) env.out.result(row);
    env.out.say(env.out.c.dim(t('keys.count', { count: keys.length, max: await owner.keys.limit() })));
    if (keys.some((k) => k.cannotSign)) {
      env.out.hintRef({
        key: 'keys.cannotSignHint',
        params: { command: env.commands.command('keys', 'create') },
      });
    }
    return EXIT.ok;
  } finally {
    release();
  }
}

export async function keysCreate(g: Globals, p: ParsedCommand<KeysOptions>): Promise<number> {
  const { env, lock, release } = await open(g, p);
  try {
    const ctx = stepContext(env, SHAPE);
    // Validate before anything touches the disk: an account to act on, where the secret goes, the risk.
    const choice = deliveryChoice(env.answers, {
      profile: g.profile,
      csv: 'csv',
      saveTo: 'saveTo',
      allowCidr: 'allowCidr',
    });
    const ramUser = ramUserOf(p);
    requireAccount(env);
    await checkDelivery(choice, { id: ramUser === undefined ? 'root' : ramOwnerId(ramUser) }, toolsIo(ctx), {
      hint: 'keys.deliveryHint',
      flags: '--csv <path>, --save-to <target> or --show-secret',
      files: '--csv <path> or --save-to aliyun-cli|credentials',
    });
    // A RAM user's key carries no root-key risk.
    if (ramUser === undefined && !env.interactive && ctx.answers.value('acceptKeyRisk') !== true) {
      throw new UsageError('accesskey.riskNeeded', {}, [{ key: 'accesskey.riskHint' }], 'MissingAnswer');
    }
    lock();
    const owner = await ownerOf(env, ramUser);
    const io = contextIo(ctx, (question) => ctx.ask('csv', { message: 'accesskey.askCsv', ...question }));
    const delivered = await createDeliveredKey(io, owner, choice, async () => {
      if (ramUser !== undefined) return;
      const accepted = await acceptRootKeyRisk(
        {
          interactive: env.interactive,
          out: env.out,
          accepted: () => ctx.ask('acceptKeyRisk', { message: 'accesskey.riskConfirm', default: false }),
        },
        ctx.answers.value('acceptKeyRisk'),
      );
      if (!accepted)
        throw new UsageError(
          'accesskey.riskDeclined',
          {},
          [{ key: 'accesskey.riskHint' }],
          'KeyRiskNotAccepted',
        );
    });
    if (g.json)
      await writeDocument(env, {
        schemaVersion: 1,
        profile: g.profile,
        ...(ramUser === undefined ? {} : { ramUser }),
        accessKey: delivered.report,
      });
    else env.out.success(t('accesskey.done', { id: delivered.key.id }));
    return EXIT.ok;
  } finally {
    release();
  }
}

export async function keysChange(
  g: Globals,
  p: ParsedCommand<KeysOptions>,
  action: 'disable' | 'enable' | 'delete',
): Promise<number> {
  const id = p.args[0] ?? '';
  const { env, lock, release } = await open(g, p);
  try {
    requireAccount(env);
    lock();
    const owner = await ownerOf(env, ramUserOf(p));
    const ctx = stepContext(env, SHAPE);
    const done = (
      key: 'keys.deleted' | 'keys.disabled' | 'keys.enabled' | 'keys.notDeleted',
      removed: readonly SavedTo[] = [],
    ) => {
      // Where the cloud keeps a deleted key (a RAM user's recycle bin), said, since it is not gone yet.
      const bin = key === 'keys.deleted' ? owner.keys.recycleBin : undefined;
      if (g.json)
        env.out.jsonDoc({
          schemaVersion: 1,
          ok: true,
          action,
          id,
          changed: key !== 'keys.notDeleted',
          ...(removed.length ? { removedFrom: removed } : {}),
          ...(bin ? { recycleBin: { days: bin.days } } : {}),
        });
      else if (key === 'keys.notDeleted') env.out.say(t(key, { id }));
      else {
        env.out.success(t(key, { id }));
        if (bin) env.out.hint(t('keys.recycleBin', { days: bin.days, max: bin.perOwner }));
      }
      return EXIT.ok;
    };
    if (action === 'delete') {
      const key = (await owner.keys.list()).find((k) => k.id === id);
      // The profiles and sections holding the key go with it (they would hold a dead key).
      const tools = { env: env.env, home: env.home };
      const written = key ? findKeyEverywhere(tools, id) : [];
      for (const s of written) env.out.info(t('keys.alsoRemoves', { where: savedLine(s, env.home) }));
      if (key && !(await ctx.confirm('keys.confirmDelete', { id }, { default: false })))
        return done('keys.notDeleted');
      await ctx
        .call(t('keys.deleting', { id }), () => owner.keys.delete(id))
        .catch((error: unknown) => {
          // An Active key: the hint is the command that disables this very key, pasteable.
          if (!(error instanceof RefusedError) || error.code !== 'DeleteConflict.AccessKey.Active')
            throw error;
          const command = env.commands.command('keys', 'disable', id, ...owner.scope);
          throw new RefusedError(error.cause, [{ key: 'keys.disableFirst', params: { command } }]);
        });
      const removed = written.length ? forgetWritten({ tools, out: env.out }, id) : [];
      return done('keys.deleted', removed);
    }
    const status: AccessKeyStatus = action === 'disable' ? 'Inactive' : 'Active';
    await ctx.call(t(action === 'disable' ? 'keys.disabling' : 'keys.enabling', { id }), () =>
      owner.keys.update(id, status),
    );
    return done(action === 'disable' ? 'keys.disabled' : 'keys.enabled');
  } finally {
    release();
  }
}
