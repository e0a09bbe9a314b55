/**
 * `onboard doctor`: checks that what the profile set up works from the
 * person's side, each check with one line and, when it fails, one fix (a
 * command to paste where there is one). Read-only: the provider refuses
 * every change, no lock is taken, nothing is written. Exit 0 with no
 * problem, 4 with one (warnings do not fail it).
 *
 * The checks, in order: the account is reachable; every delivered key and
 * every place it was saved (`keys.ts`); each step the profile finished, by
 * its own doctor hook or else its `check` (so a new step is checked with no
 * change here); the files' modes and git (`files.ts`).
 */
import { EXIT, isOnboardError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import type { Cloud } from '../../provider/types.js';
import { ALL_FIELDS, STEPS } from '../../steps/index.js';
import { SYMBOLS } from '../../ui/output.js';
import { checkContext, type RunEnv } from '../../wizard/context.js';
import type { DoctorFinding } from '../../wizard/step.js';
import type { Globals } from '../globals.js';
import { openRun } from '../open.js';
import type { ParsedCommand } from '../parsed.js';
import { fileChecks, type SetupFile } from './files.js';
import { asOwner, keyChecks } from './keys.js';

export async function doctorCommand(g: Globals, p: ParsedCommand): Promise<number> {
  const { env } = await openRun(g, {
    command: 'doctor',
    fields: ALL_FIELDS,
    flags: p.fields,
    argv: p.argv,
    readOnly: true,
    resolve: ['product', 'site', 'accessKeyId', 'accessKeySecretStdin'],
  });
  const findings: DoctorFinding[] = [];
  const cloud = await reach(env, findings);
  if (cloud) {
    findings.push(...(await keyChecks({ env, cloud, caller: env.sessions.caller })));
    findings.push(...(await stepChecks(env, cloud)));
  }
  findings.push(...fileChecks(setupFiles(env), env.home));
  const problems = findings.filter((f) => f.status === 'problem').length;
  const warnings = findings.filter((f) => f.status === 'warning').length;
  if (g.json) {
    env.out.jsonDoc({
      schemaVersion: 1,
      ok: problems === 0,
      profile: g.profile,
      problems,
      warnings,
      checks: findings,
    });
  } else {
    const c = env.out.c;
    const mark = {
      ok: c.green(SYMBOLS.done),
      warning: c.yellow(SYMBOLS.warn),
      problem: c.red(SYMBOLS.failed),
    };
    for (const f of findings) {
      env.out.result(`${mark[f.status]} ${f.summary}`);
      if (f.fix && f.status !== 'ok') env.out.result(`    ${c.dim(t('doctor.fix'))} ${c.cyan(f.fix)}`);
    }
    env.out.result();
    env.out.result(
      t(problems ? 'doctor.summaryProblems' : 'doctor.summaryOk', {
        checks: findings.length,
        problems,
        warnings,
      }),
    );
  }
  return problems ? EXIT.refused : EXIT.ok;
}

/** The check that the account answers (its id in `--json`). */
const REACH = 'reach';

/** The account, reached live with the profile's session or the run's key; a finding either way. */
async function reach(env: RunEnv, findings: DoctorFinding[]): Promise<Cloud | null> {
  const fix = env.commands.command();
  if (!env.store.profile(env.profile)) {
    findings.push({
      id: REACH,
      status: 'problem',
      summary: t('doctor.noSetup', { profile: env.profile }),
      fix,
    });
    return null;
  }
  let cloud: Cloud | null;
  try {
    cloud = await env.sessions.live();
  } catch (error) {
    const reason = isOnboardError(error) ? t(error.key, error.params) : String(error);
    findings.push({ id: REACH, status: 'problem', summary: t('doctor.accountRefused', { reason }), fix });
    return null;
  }
  if (!cloud) {
    findings.push({ id: REACH, status: 'problem', summary: t('doctor.signInAgain'), fix });
    return null;
  }
  const caller = env.sessions.caller;
  findings.push({
    id: REACH,
    status: 'ok',
    summary: t('doctor.account', {
      uid: caller?.uid ?? '-',
      who: caller?.userName ?? caller?.principal ?? '-',
    }),
  });
  return cloud;
}

/**
 * Each step the profile finished (or left waiting on a review or the console,
 * which a later run may have seen end without recording it): its doctor hook,
 * or its own check finding it done; one still waiting is a warning.
 */
async function stepChecks(env: RunEnv, cloud: Cloud): Promise<DoctorFinding[]> {
  const out: DoctorFinding[] = [];
  const recorded = env.store.profile(env.profile)?.steps ?? {};
  for (const step of STEPS) {
    const was = recorded[step.id]?.status;
    if (!step.needed(env.product) || (was !== 'done' && was !== 'waiting')) continue;
    const ctx = checkContext(env, step, cloud);
    if (step.doctor) {
      out.push(...(await step.doctor({ ...ctx, cloud, asOwner: (owner) => asOwner(env, owner) })));
      continue;
    }
    const state = await step.check(ctx);
    out.push(
      state.status === 'done'
        ? { id: `step:${step.id}`, status: 'ok', summary: state.summary }
        : state.status === 'waiting'
          ? { id: `step:${step.id}`, status: 'warning', summary: state.summary }
          : {
              id: `step:${step.id}`,
              status: 'problem',
              summary: t('doctor.stepUndone', { step: t(step.title), summary: state.summary }),
              fix: env.commands.command('run', '--step', step.id),
            },
    );
  }
  return out;
}

/** The files the setup left: the tools' files and CSVs of its delivered keys, and the profile's own file. */
function setupFiles(env: RunEnv): SetupFile[] {
  const files = new Map<string, SetupFile>();
  const add = (path: string, folder: boolean) => {
    if (!files.has(path)) files.set(path, { path, folder });
  };
  for (const owner of env.keyRecords.owners()) {
    for (const d of env.keyRecords.read(owner).delivered) {
      for (const s of d.savedTo ?? []) if (s.path) add(s.path, true);
      if (d.csv) add(d.csv, false);
    }
  }
  add(env.store.fileOf(env.profile), true);
  return [...files.values()];
}
