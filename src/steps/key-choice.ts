/**
 * Which keys a run makes (SPEC §4.3, §4.6): the account's own (a root key),
 * a RAM user's (recommended), or both — ONE decision, a pure function of the
 * answers and where each came from, which the `accesskey` and `ramuser`
 * steps use to check, to ask, to run and to plan alike. So a terminal, a
 * script and `--dry-run` given the same answers do the same thing.
 *
 * | answers (given, typed, or remembered by the profile)          | keys            |
 * |----------------------------------------------------------------|-----------------|
 * | none                                                           | the RAM user's (interactively: asked, that the default) |
 * | only root-key answers: --root-key --accept-key-risk --csv --save-to --allow-cidr | the root key only |
 * | only RAM-user answers: --ram-user --ram-csv --ram-save-to --ram-policy --ram-console-access | the RAM user's only |
 * | both kinds                                                     | both            |
 * | --no-root-key (and no RAM-user answer)                         | the RAM user's  |
 * | --no-ram-user (and no root-key answer)                         | the root key    |
 * | --no-root-key with a root-key answer, --no-ram-user with a RAM-user answer, or both --no-… | exit 2, naming both |
 *
 * An answer given for this run (flag, variable, answers file) or typed at the
 * prompt decides its side. What the profile remembers (`rootKey`, `ramUser`:
 * the decision of an earlier run) decides a side that this run's answers
 * leave open; a remembered side yields to this run's answers when the two
 * together would leave no key. "No key answer at all" means none given,
 * typed or remembered: a new profile, or one whose runs never reached the
 * key steps. Only `--root-key`/`--no-root-key` and `--ram-user`/`--no-ram-user`
 * are remembered; where a secret goes (`--csv`, `--ram-csv`, ...) never is.
 */
import { UsageError } from '../core/errors.js';
import type { FieldValue } from '../core/types.js';
import { checkRamUserName } from '../validate/index.js';
import { sourceName } from '../wizard/answers.js';
import { defineFields, type Field, isGiven, type Source } from '../wizard/field.js';

export const KEY_CHOICE_FIELDS = defineFields({
  rootKey: {
    flag: '--root-key',
    env: 'ONBOARD_ROOT_KEY',
    type: 'boolean',
    negatable: true,
    remember: true,
    help: 'field.rootKey',
  },
  ramUser: {
    flag: '--ram-user',
    arg: '<name>',
    env: 'ONBOARD_RAM_USER',
    type: 'nameOrOff',
    check: checkRamUserName,
    normalize: (v) => v.trim(),
    pattern: /^[A-Za-z0-9._-]{1,64}$/,
    remember: true,
    help: 'field.ramUser',
  },
});

/** The RAM user's name the wizard suggests, and a script gets when it names none. */
export const DEFAULT_RAM_USER = 'onboard-admin';

/** Answers that concern only a root key: given, they mean a root key is wanted. */
export const ROOT_KEY_ANSWERS = ['acceptKeyRisk', 'csv', 'saveTo', 'allowCidr'] as const;
/** Answers that concern only a RAM user: given, they mean a RAM user is wanted. */
export const RAM_USER_ANSWERS = ['ramCsv', 'ramSaveTo', 'ramPolicy', 'ramConsoleAccess'] as const;

/** The interactive question that answers both at once; scripts give the flags. */
export const KEY_CHOICE_MENU = {
  key: 'keyChoice',
  scriptedBy: 'onboard --ram-user <name> --ram-csv <path>  (root key: --accept-key-risk --csv <path>)',
} as const;

/** What the decision reads: each answer with its source, and the field that spells it. */
export interface KeyAnswers {
  get(key: string): { value: FieldValue; source: Source } | undefined;
  field(key: string): Field;
}

/** Which keys: `ram-user`, `root` or `both`. */
export type KeySet = 'ram-user' | 'root' | 'both';

/** What decided a side: this run's answers (given or typed), the profile's earlier decision, or nothing. */
export type DecidedBy = 'run' | 'stored' | 'default';

export interface KeyDecision {
  keys: KeySet;
  root: boolean;
  ram: boolean;
  /** No key answer at all: an interactive run asks which keys (the RAM user's the default). */
  ask: boolean;
  /** Some answer decided it (not the default of a profile that has none). */
  settled: boolean;
  rootBy: DecidedBy;
  ramBy: DecidedBy;
  /** The RAM user's name: given, typed or remembered, else the default. */
  ramName: string;
  /** Only root-key answers of this run decided it: the RAM user is left out, and the run says how to add it. */
  ramLeftOut: boolean;
}

/** A value that says something (a boolean true, a name, a non-empty list). */
function meaningful(value: FieldValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== false && value !== '';
}

/** How the answer's source spells it: `--no-root-key`, `ONBOARD_RAM_USER`, `answers file key "csv"`. */
export function spelled(answers: KeyAnswers, key: string): string {
  const a = answers.get(key);
  const f = answers.field(key);
  const source = a?.source ?? 'flag';
  if (a?.value === false && (source === 'flag' || source === 'typed')) return f.flag.replace(/^--/, '--no-');
  return sourceName(f, source === 'typed' || source === 'default' ? 'flag' : source);
}

function contradiction(answers: KeyAnswers, a: string, b: string): UsageError {
  return new UsageError(
    'accesskey.contradiction',
    { a: spelled(answers, a), b: spelled(answers, b) },
    [{ key: 'accesskey.contradictionHint' }],
    'ContradictoryAnswers',
  );
}

/**
 * The decision (throws a UsageError, exit 2, for answers that contradict each
 * other). `interactive`: whether a question may be asked when nothing decided it.
 */
export function decideKeys(answers: KeyAnswers, interactive: boolean): KeyDecision {
  const now = (key: string) => {
    const a = answers.get(key);
    return a && (isGiven(a.source) || a.source === 'typed') ? a : undefined;
  };
  const stored = (key: string) => {
    const a = answers.get(key);
    return a?.source === 'stored' ? a : undefined;
  };
  const rootFlag = now('rootKey');
  const ramFlag = now('ramUser');
  const rootHints = ROOT_KEY_ANSWERS.filter((k) => {
    const a = now(k);
    return a !== undefined && meaningful(a.value);
  });
  const ramHints = RAM_USER_ANSWERS.filter((k) => {
    const a = now(k);
    return a !== undefined && meaningful(a.value);
  });
  if (rootFlag?.value === false && rootHints[0]) throw contradiction(answers, 'rootKey', rootHints[0]);
  if (ramFlag?.value === false && ramHints[0]) throw contradiction(answers, 'ramUser', ramHints[0]);
  if (rootFlag?.value === false && ramFlag?.value === false) throw noKeyAtAll(answers);

  // This run's answers decide their side; the profile's earlier decision fills a side they leave open.
  const rootNow = rootFlag ? rootFlag.value === true : rootHints.length > 0 ? true : undefined;
  const ramNow = ramFlag ? ramFlag.value !== false : ramHints.length > 0 ? true : undefined;
  const rootStored = stored('rootKey');
  const ramStored = stored('ramUser');
  let root = rootNow ?? (rootStored ? rootStored.value === true : undefined);
  let ram = ramNow ?? (ramStored ? ramStored.value !== false : undefined);
  let rootBy: DecidedBy = rootNow !== undefined ? 'run' : root !== undefined ? 'stored' : 'default';
  let ramBy: DecidedBy = ramNow !== undefined ? 'run' : ram !== undefined ? 'stored' : 'default';
  // A remembered side yields to this run's answers rather than leave the setup without a key.
  if (root === false && ram === false) {
    if (rootNow === undefined) [root, rootBy] = [undefined, 'default'];
    else if (ramNow === undefined) [ram, ramBy] = [undefined, 'default'];
    else throw noKeyAtAll(answers);
  }
  const settled = root !== undefined || ram !== undefined;
  if (root === undefined && ram === undefined) {
    root = false;
    ram = true;
  } else if (root === undefined) root = !ram;
  else if (ram === undefined) ram = !root;
  const resolvedRoot = root === true;
  const resolvedRam = ram === true;

  const name = answers.get('ramUser');
  const named = name !== undefined && typeof name.value === 'string';
  return {
    keys: resolvedRoot && resolvedRam ? 'both' : resolvedRoot ? 'root' : 'ram-user',
    root: resolvedRoot,
    ram: resolvedRam,
    ask: !settled && interactive,
    settled,
    rootBy,
    ramBy,
    ramName: named ? String(name.value) : DEFAULT_RAM_USER,
    ramLeftOut: resolvedRoot && !resolvedRam && rootBy === 'run' && ramBy === 'default',
  };
}

function noKeyAtAll(answers: KeyAnswers): UsageError {
  return new UsageError(
    'accesskey.noKeyAtAll',
    { a: spelled(answers, 'rootKey'), b: spelled(answers, 'ramUser') },
    [{ key: 'accesskey.noKeyAtAllHint' }],
    'InvalidValue',
  );
}
