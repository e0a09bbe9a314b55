#!/usr/bin/env node
// Adding a step breaks only what is about steps. This copies the project
// (the files git knows, as they are in the work tree) into a temporary
// folder, inserts a toy step (TOY_STEP below) into the copy's step
// table after `ramuser`, with its catalog lines, builds the copy and runs its
// test suite, less the files that are about the steps themselves. Every list
// of steps and every [n/N] counter in the other tests must come from the
// table for this to pass.
//
// Usage: npm run test:new-step   (exit code: vitest's)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Test files about the steps themselves: they name every step's behaviour. */
const ABOUT_STEPS = ['test/unit/steps.test.ts', 'test/unit/architecture.test.ts'];

/** The toy step, as src/steps/toy/index.ts of the copy (its catalog keys exist only there). */
const TOY_STEP = `/**
 * A step that exists only in a copy of the project (scripts/new-step-check.mjs):
 * it is inserted into the copy's step table to show that the wizard, the
 * commands and the tests that are not about steps follow the table, so a
 * new step breaks only what is about it. It asks nothing, calls nothing and
 * is done once it has run.
 */
import { t } from '../../i18n/index.js';
import { defineFields } from '../../wizard/field.js';
import { defineStep, state } from '../../wizard/step.js';

const fields = defineFields({});

export const toy = defineStep({
  id: 'toy',
  title: 'step.toy',
  fields,
  needed: (product) => product !== 'maxcompute',
  async check(ctx) {
    return ctx.recorded() === 'done' ? state('done', t('toy.done')) : state('todo', t('toy.todo'));
  },
  async run(ctx) {
    await ctx.record('done', {});
    return state('done', t('toy.done'));
  },
  async plan(_ctx, current) {
    return { calls: [], files: current.status === 'done' ? [] : ['state'], values: {} };
  },
});
`;

const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  cwd: ROOT,
  encoding: 'utf8',
});
if (files.status !== 0) throw new Error(`git ls-files failed: ${files.stderr}`);
const copy = mkdtempSync(join(tmpdir(), 'onboard-new-step-'));
let code = 1;
try {
  for (const file of files.stdout.split('\0').filter(Boolean)) {
    const from = join(ROOT, file);
    const to = join(copy, file);
    mkdirSync(dirname(to), { recursive: true });
    try {
      cpSync(from, to);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // deleted in the work tree, not yet committed
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  // A work tree of its own, as a clone is (tests ask git what this repository ignores).
  spawnSync('git', ['init', '-q'], { cwd: copy });

  /** One edit of the copy; fails loudly when the anchor moved. */
  const edit = (file, anchor, change) => {
    const path = join(copy, file);
    const text = readFileSync(path, 'utf8');
    if (!anchor.test(text)) throw new Error(`${file}: ${anchor} not found`);
    writeFileSync(path, text.replace(anchor, change));
  };
  mkdirSync(join(copy, 'src/steps/toy'));
  writeFileSync(join(copy, 'src/steps/toy/index.ts'), TOY_STEP);
  edit('src/steps/index.ts', /^(import .*\n)(?!import)/m, "$1import { toy } from './toy/index.js';\n");
  edit('src/steps/index.ts', /(STEPS[^=]*=\s*\[[^\]]*\bramuser,)/, '$1 toy,');
  for (const [lang, words] of [
    ['en', ["'Toy step'", "'the toy step ran'", "'the toy step has not run'"]],
    ['zh-CN', ["'玩具步骤'", "'玩具步骤已运行'", "'玩具步骤尚未运行'"]],
  ]) {
    edit(
      `src/i18n/${lang}/steps.ts`,
      /^(\s*)'step\.oss':/m,
      `$1'step.toy': ${words[0]},\n$1'toy.done': ${words[1]},\n$1'toy.todo': ${words[2]},\n$1'step.oss':`,
    );
  }

  const run = (cmd, args) =>
    spawnSync(cmd, args, {
      cwd: copy,
      stdio: 'inherit',
      env: { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
    });
  const typecheck = run(process.execPath, [join(copy, 'node_modules/typescript/bin/tsc'), '--noEmit']);
  if (typecheck.status !== 0) throw new Error('the copy with the toy step does not typecheck');
  const build = run(process.execPath, ['scripts/build.mjs']);
  if (build.status !== 0) throw new Error('the copy with the toy step does not build');
  const vitest = run(process.execPath, [
    join(copy, 'node_modules/vitest/vitest.mjs'),
    'run',
    ...ABOUT_STEPS.flatMap((f) => ['--exclude', f]),
  ]);
  code = vitest.status ?? 1;
} finally {
  rmSync(copy, { recursive: true, force: true });
}
process.exitCode = code;
