/**
 * The keys a profile delivered, from the person's side: each still exists
 * and is Active (and was used within 90 days); each aliyun CLI profile and
 * credentials section it was saved to, read back with the official
 * credential client, holds it and reaches the right account and user; the
 * CLI profile's region is the setup's. On a key provider the saved copy is
 * used for a live call (STS GetCallerIdentity), as a tool would use it; the
 * simulated cloud takes no key in-process, so there the copy's key id must
 * be the delivered, Active key of the right owner.
 */
import { ProviderError, RefusedError, UsageError } from '../../core/errors.js';
import type { KeyOwner } from '../../delivery/choice.js';
import { ramUserOwner } from '../../delivery/ram-key.js';
import { rootOwner } from '../../delivery/root-key.js';
import type { SavedTo } from '../../delivery/targets/index.js';
import { tildify } from '../../delivery/targets/spec.js';
import { t } from '../../i18n/index.js';
import { readSavedCredential } from '../../provider/index.js';
import type { AccessKeyInfo, Caller, Cloud } from '../../provider/types.js';
import { Rotations } from '../../state/rotations.js';
import { DEFAULT_REGION } from '../../validate/index.js';
import type { RunEnv } from '../../wizard/context.js';
import type { DoctorFinding } from '../../wizard/step.js';

/** Days without use after which a key is flagged. */
const UNUSED_DAYS = 90;
const DAY_MS = 86_400_000;

type FileTarget = SavedTo;

/** What the key checks need of the run. */
export interface KeyDoctor {
  env: RunEnv;
  cloud: Cloud;
  /** Who the run's own credential is: the account to expect. */
  caller: Caller | undefined;
}

/** The owner of a key record: the account itself, or a RAM user (null when the user is gone). */
async function ownerOf(cloud: Cloud, id: string): Promise<KeyOwner | null> {
  if (!id.startsWith('ram:')) return rootOwner(cloud);
  const user = await cloud.ram.getUser(id.slice(4));
  return user ? ramUserOwner(cloud, user) : null;
}

/** The aliyun CLI profile or credentials section, read back; a problem as a finding. */
async function readBack(
  s: FileTarget,
  home: string,
): Promise<{ saved: Awaited<ReturnType<typeof readSavedCredential>> } | { unusable: string }> {
  try {
    return { saved: await readSavedCredential({ kind: s.target, name: s.profile, file: s.path }, home) };
  } catch (error) {
    if (error instanceof UsageError) return { unusable: t(error.key, error.params) };
    throw error;
  }
}

function where(s: FileTarget, home: string): string {
  return t(s.target === 'aliyun-cli' ? 'delivery.savedCli' : 'delivery.savedCredentials', {
    profile: s.profile,
    path: tildify(s.path, home),
  });
}

/** The home a CLI profile's file is under (its recorded path may name another than today's). */
function homeOf(s: FileTarget, home: string): string {
  const suffix = '/.aliyun/config.json';
  return s.target === 'aliyun-cli' && s.path.endsWith(suffix) ? s.path.slice(0, -suffix.length) : home;
}

export async function keyChecks(d: KeyDoctor): Promise<DoctorFinding[]> {
  const { env } = d;
  const out: DoctorFinding[] = [];
  const rotations = new Rotations(env.store, env.profile);
  const owners = [...new Set([...env.keyRecords.owners(), ...rotations.owners()])];
  for (const id of owners) {
    const scope = id.startsWith('ram:') ? ['--ram-user', id.slice(4)] : [];
    const rotation = rotations.read(id);
    if (rotation) {
      out.push({
        id: `rotation:${id}`,
        status: 'problem',
        summary: t('doctor.rotationLeft', { id: rotation.oldKeyId }),
        fix: env.commands.command('keys', 'rotate', ...scope),
      });
    }
    const record = env.keyRecords.read(id);
    if (record.pending) {
      out.push({
        id: `pending:${id}`,
        status: 'problem',
        summary: t('doctor.pendingKey'),
        fix: env.commands.command(),
      });
    }
    if (record.delivered.length === 0) continue;
    const owner = await ownerOf(d.cloud, id);
    if (!owner) {
      const name = id.slice(4);
      out.push({
        id: `owner:${id}`,
        status: 'problem',
        summary: t('doctor.ramUserGone', { name }),
        fix: env.commands.command(),
      });
      continue;
    }
    const keys = await owner.keys.list();
    for (const delivered of record.delivered) {
      const key = keys.find((k) => k.id === delivered.id);
      out.push(...keyState(d, delivered.id, key, scope));
      if (key?.status !== 'Active') continue;
      for (const s of delivered.savedTo ?? []) {
        if ((s.target === 'aliyun-cli' || s.target === 'credentials') && s.profile && s.path)
          out.push(
            ...(await targetState(d, { target: s.target, profile: s.profile, path: s.path }, key, id, scope)),
          );
      }
    }
  }
  return out;
}

function keyState(
  d: KeyDoctor,
  id: string,
  key: AccessKeyInfo | undefined,
  scope: string[],
): DoctorFinding[] {
  const { env } = d;
  if (!key) {
    return [
      {
        id: `key:${id}`,
        status: 'problem',
        summary: t('doctor.keyGone', { id }),
        fix: env.commands.command('keys', 'rotate', id, ...scope),
      },
    ];
  }
  if (key.status !== 'Active') {
    return [
      {
        id: `key:${id}`,
        status: 'problem',
        summary: t('doctor.keyInactive', { id }),
        fix: env.commands.command('keys', 'enable', id, ...scope),
      },
    ];
  }
  const found: DoctorFinding[] = [{ id: `key:${id}`, status: 'ok', summary: t('doctor.keyActive', { id }) }];
  const since = Date.parse(key.lastUsed ?? key.created);
  const days = Math.floor((Date.now() - since) / DAY_MS);
  if (days >= UNUSED_DAYS) {
    found.push({
      id: `unused:${id}`,
      status: 'warning',
      summary: t(key.lastUsed ? 'doctor.keyUnused' : 'doctor.keyNeverUsed', { id, days }),
      fix: env.commands.command('keys', 'disable', id, ...scope),
    });
  }
  return found;
}

async function targetState(
  d: KeyDoctor,
  s: FileTarget,
  key: AccessKeyInfo,
  owner: string,
  scope: string[],
): Promise<DoctorFinding[]> {
  const { env } = d;
  const id = `${s.target}:${s.profile}:${s.path}`;
  const at = where(s, env.home);
  const rotate = env.commands.command('keys', 'rotate', key.id, ...scope);
  const read = await readBack(s, homeOf(s, env.home));
  if ('unusable' in read)
    return [
      {
        id,
        status: 'problem',
        summary: t('doctor.targetUnusable', { where: at, reason: read.unusable }),
        fix: rotate,
      },
    ];
  const saved = read.saved;
  if (!saved)
    return [
      { id, status: 'problem', summary: t('doctor.targetMissing', { where: at, id: key.id }), fix: rotate },
    ];
  if (saved.id !== key.id) {
    return [
      {
        id,
        status: 'problem',
        summary: t('doctor.targetOtherKey', { where: at, id: key.id, found: saved.id }),
        fix: rotate,
      },
    ];
  }
  const out: DoctorFinding[] = [await live(d, s, saved, owner, rotate)];
  if (s.target === 'aliyun-cli') {
    const region = env.answers.value('region');
    const wanted = typeof region === 'string' ? region : DEFAULT_REGION;
    if (saved.region !== wanted) {
      out.push({
        id: `region:${s.profile}`,
        status: 'warning',
        summary: t('doctor.cliRegion', { where: at, region: saved.region ?? '-', wanted }),
        fix: `aliyun configure set --profile ${s.profile} --region ${wanted}`,
      });
    }
  }
  return out;
}

/** The saved copy at work: a live call with it (a key provider), else the id the simulated cloud lists. */
async function live(
  d: KeyDoctor,
  s: FileTarget,
  saved: { id: string; secret: string },
  owner: string,
  fix: string,
): Promise<DoctorFinding> {
  const { env } = d;
  const id = `${s.target}:${s.profile}:${s.path}`;
  const at = where(s, env.home);
  if (!env.provider.keyAccounts)
    return { id, status: 'ok', summary: t('doctor.targetHolds', { where: at, id: saved.id }) };
  let caller: Caller;
  try {
    caller = await env.provider
      .connect({ kind: 'access-key', id: saved.id, secret: saved.secret })
      .account.whoAmI();
  } catch (error) {
    const code =
      error instanceof ProviderError
        ? error.code
        : error instanceof RefusedError
          ? error.code
          : String(error);
    return { id, status: 'problem', summary: t('doctor.targetRefused', { where: at, code }), fix };
  }
  const user = owner.startsWith('ram:') ? owner.slice(4) : undefined;
  const wrongAccount = d.caller !== undefined && caller.uid !== d.caller.uid;
  const wrongUser = user === undefined ? caller.principal !== 'root' : caller.userName !== user;
  if (wrongAccount || wrongUser) {
    return {
      id,
      status: 'problem',
      summary: t('doctor.targetWrongIdentity', {
        where: at,
        found: `${caller.uid}/${caller.userName ?? caller.principal}`,
      }),
      fix,
    };
  }
  return {
    id,
    status: 'ok',
    summary: t('doctor.targetWorks', {
      where: at,
      uid: caller.uid,
      who: caller.userName ?? caller.principal,
    }),
  };
}

/**
 * A cloud reached with a delivered key of the owner whose saved copy can be
 * read back and works (a key provider only): what a step's doctor hook calls
 * as that user. A copy that does not work is reported on its own.
 */
export async function asOwner(env: RunEnv, owner: string): Promise<Cloud | null> {
  if (!env.provider.keyAccounts) return null;
  for (const delivered of [...env.keyRecords.read(owner).delivered].reverse()) {
    for (const s of delivered.savedTo ?? []) {
      if ((s.target !== 'aliyun-cli' && s.target !== 'credentials') || !s.profile || !s.path) continue;
      const target: FileTarget = { target: s.target, profile: s.profile, path: s.path };
      const read = await readBack(target, homeOf(target, env.home));
      if (!('saved' in read) || read.saved?.id !== delivered.id) continue;
      const cloud = env.provider.connect({
        kind: 'access-key',
        id: read.saved.id,
        secret: read.saved.secret,
      });
      if (
        await cloud.account.whoAmI().then(
          () => true,
          () => false,
        )
      )
        return cloud;
    }
  }
  return null;
}
