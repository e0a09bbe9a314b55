/**
 * Where a key's secret will go, decided and checked before any key exists:
 * the light half of key delivery, which every step's checks and plans use.
 * Creating and delivering a key (`keys.ts`) and writing other tools' files
 * (`to-tools.ts`) load only when a key is made.
 */
import { UsageError } from '../core/errors.js';
import type { MessageKey, Params } from '../core/messages.js';
import type { AccessKeyCapability, AccessKeyInfo } from '../provider/types.js';
import type { KeyRecords } from '../state/keys.js';
import type { KeyOwnerRecord } from '../state/schema.js';
import type { Output } from '../ui/output.js';
import type { Choice } from '../ui/prompter.js';
import { keepsNothing } from '../ui/std.js';
import { DEFAULT_REGION } from '../validate/index.js';
import { type Answers, invalidAt } from '../wizard/answers.js';
import type { CommandLine } from '../wizard/command-line.js';
import type { KeyReport, RunReport } from '../wizard/report.js';
import { type CsvFormat, csvPath, csvPathProblem } from './csv.js';
import {
  parseTarget,
  type TargetChoice,
  type TargetEnv,
  type TargetSpec,
  targetPath,
  tildify,
} from './targets/spec.js';

export { tildify };

/** `aliyun-cli[:name]`, `credentials[:name]`, `env` → specs; a bad value is exit 2 naming its source. */
function parseTargets(raw: readonly string[], where: string, profile: string): TargetChoice[] {
  const targets: TargetChoice[] = [];
  for (const value of raw) {
    const spec = parseTarget(value, profile);
    if ('problem' in spec) {
      throw invalidAt(where, spec.rule);
    }
    // `aliyun-cli` and `aliyun-cli:<profile>` are the same profile: written once.
    if (!targets.some((x) => targetName(x.spec) === targetName(spec))) targets.push({ spec, where });
  }
  return targets;
}

/**
 * Where the secret goes, as this run gave it: the CSV path made absolute, the
 * targets parsed. `csv`, `saveTo` and `allowCidr` name the caller's own fields
 * (`--ram-csv` and `--ram-save-to` for a RAM user's key, which has no network policy).
 */
export function deliveryChoice(
  answers: Answers,
  o: { profile: string; csv: string; saveTo: string; allowCidr?: string },
): DeliveryChoice {
  const csv = answers.given(o.csv);
  const saveTo = answers.given(o.saveTo);
  const cidrs = o.allowCidr === undefined ? undefined : answers.value(o.allowCidr);
  const region = answers.value('region');
  return {
    ...(typeof csv === 'string' ? { csv: { path: csvPath(csv), where: answers.where(o.csv) } } : {}),
    showSecret: answers.given('showSecret') === true,
    showSecretWhere: answers.where('showSecret'),
    targets: Array.isArray(saveTo) ? parseTargets(saveTo, answers.where(o.saveTo), o.profile) : [],
    overwrite: answers.value('overwriteProfile') === true,
    region: typeof region === 'string' ? region : DEFAULT_REGION,
    allowCidrs: Array.isArray(cidrs) ? [...cidrs] : [],
  };
}

/** The label of a target for messages and `savedTo`. */
export function targetName(spec: TargetSpec): string {
  return spec.kind === 'env' ? 'env' : `${spec.kind}:${spec.name}`;
}

/** Whose keys: the account's own (`root`) or a RAM user's (`ram:<name>`). */
export interface KeyOwner {
  /** Where its records live in the profile. */
  readonly id: string;
  /** Its keys, and how many it may have (`keys.limit()`, as the cloud says). */
  readonly keys: AccessKeyCapability;
  readonly csvFormat: CsvFormat;
  /** The `onboard keys` options that name this owner (e.g. `--ram-user <name>`). */
  readonly scope: readonly string[];
}

/** Where the secret goes, checked before any key exists. */
export interface DeliveryChoice {
  /** An absolute path, and how its source spells the option (`--csv`, `ONBOARD_CSV`, …). */
  csv?: { path: string; where: string };
  showSecret: boolean;
  /** How its source spells `showSecret` (`--show-secret`, `ONBOARD_SHOW_SECRET`). */
  showSecretWhere: string;
  /** Other tools' credential stores (`--save-to`). */
  targets: TargetChoice[];
  /** `--overwrite-profile`: replace a profile or section of that name. */
  overwrite: boolean;
  /** The setup's region (the aliyun CLI profile's `region_id`, `ALIBABA_CLOUD_REGION_ID`). */
  region: string;
  allowCidrs: string[];
}

/** What delivery needs of the run (a step's or a command's context provides it). */
export interface DeliveryIo {
  readonly out: Output;
  /** Where other tools' files are (home, ALIBABA_CLOUD_CREDENTIALS_FILE). */
  readonly tools: TargetEnv;
  /** The onboard profile: the default name of a profile or section written for a key. */
  readonly profile: string;
  /** Commands to print, carrying the run's --profile, --config-dir, ... */
  readonly commands: CommandLine;
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
  /**
   * The setup's region, for what names it (an aliyun CLI profile's `region_id`,
   * `ALIBABA_CLOUD_REGION_ID`): asked now when nothing settled it yet, so the
   * key is not saved with a default the person then changes. Else `DeliveryChoice.region`.
   */
  region?(): Promise<string>;
}

/** The run services a step's or a command's context offers, from which `contextIo` builds a DeliveryIo. */
export type IoSource = Omit<DeliveryIo, 'askCsv' | 'tools' | 'region'> & IoHome;
/** Where a context says the home and the environment are. */
type IoHome = { readonly env: NodeJS.ProcessEnv; readonly home: string };
/** What checking a delivery needs. */
export type CheckIo = Pick<DeliveryIo, 'interactive' | 'keyRecords' | 'tools'> & { out: { json: boolean } };

/** A DeliveryIo from a context and the owner's CSV question (asked only interactively, after the secret is shown). */
/** The CSV question's options: `ask` adds the owner's field and message. */
export interface CsvQuestion {
  default: string;
  always: true;
  check: typeof csvAnswerRule;
}

export function contextIo(
  ctx: IoSource,
  ask: (question: CsvQuestion) => Promise<string>,
  region?: () => Promise<string>,
): DeliveryIo {
  return {
    ...(region ? { region } : {}),
    out: ctx.out,
    tools: { env: ctx.env, home: ctx.home },
    profile: ctx.profile,
    commands: ctx.commands,
    interactive: ctx.interactive,
    yes: ctx.yes,
    keyRecords: ctx.keyRecords,
    report: ctx.report,
    call: (label, fn) => ctx.call(label, fn),
    confirm: (message, params, options) => ctx.confirm(message, params, options),
    choose: (key, options) => ctx.choose(key, options),
    askCsv: async (def) => csvPath(await ask({ default: def, always: true, check: csvAnswerRule })),
  };
}

/** The part of a DeliveryIo that checks a delivery before anything exists (from any context). */
export function toolsIo(
  ctx: Pick<DeliveryIo, 'interactive' | 'keyRecords'> & IoHome & { json: boolean },
): CheckIo {
  return {
    interactive: ctx.interactive,
    keyRecords: ctx.keyRecords,
    out: { json: ctx.json },
    tools: { env: ctx.env, home: ctx.home },
  };
}

/** The files a delivery would write (for `--dry-run`): the CSV and the tools' files. */
export function deliveryFiles(choice: DeliveryChoice, tools: TargetEnv): string[] {
  return [
    ...(choice.csv ? [choice.csv.path] : []),
    ...choice.targets.flatMap((x) => {
      const path = targetPath(x.spec, tools);
      return path === undefined ? [] : [path];
    }),
  ];
}

/** The check of a CSV path typed at the prompt (the same rules as `checkDelivery`). */
function csvAnswerRule(value: string): { key: MessageKey; params: Params } | null {
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

/** The interactive-only menus of key delivery, and the commands or flags that do the same in a script. */
export const KEY_LIMIT_MENUS = [
  { key: 'keyToFree', scriptedBy: 'onboard keys list' },
  { key: 'keyAction', scriptedBy: 'onboard keys disable <id> / onboard keys delete <id>' },
  { key: 'saveTargets', scriptedBy: 'onboard --save-to aliyun-cli[:<name>] --save-to credentials[:<name>]' },
  { key: 'targetTaken', scriptedBy: 'onboard --save-to aliyun-cli:<another name>  (or --overwrite-profile)' },
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
export async function checkDelivery(
  choice: DeliveryChoice,
  owner: Pick<KeyOwner, 'id'>,
  io: CheckIo,
  /** What a script must say (`flags`), and the ways to a file (`files`), in this key's options. */
  needed: { hint: MessageKey; flags: string; files: string },
): Promise<void> {
  if (!io.interactive && !choice.csv && !choice.showSecret && choice.targets.length === 0) {
    throw new UsageError('delivery.needed', { flags: needed.flags }, [{ key: needed.hint }], 'MissingAnswer');
  }
  // A standard output on /dev/null (also what Node gives a closed one): a secret
  // printed there, or `export` lines for eval, would be lost with the key already made.
  const toStdout = choice.showSecret
    ? choice.showSecretWhere
    : choice.targets.find((target) => target.spec.kind === 'env')?.where;
  if (toStdout !== undefined && keepsNothing(1)) {
    throw new UsageError(
      'delivery.stdoutKeepsNothing',
      { where: toStdout, files: needed.files },
      [],
      'InvalidValue',
    );
  }
  const pending = io.keyRecords.read(owner.id).pending;
  // A profile of that name is confirmed by a person later (before the key exists); a script needs --overwrite-profile.
  // The tools' files are read only when there are targets to check.
  if (choice.targets.length > 0) {
    const { checkTargets } = await import('./to-tools.js');
    await checkTargets(choice.targets, {
      env: io.tools,
      overwrite: choice.overwrite || io.interactive,
      ...(pending?.keyId ? { ownKeyId: pending.keyId } : {}),
      json: io.out.json,
      showSecret: choice.showSecret,
    });
  }
  const csv = choice.csv;
  if (!csv) return;
  if (pending?.csv === csv.path) return;
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
