/**
 * `onboard completion bash|zsh|fish`: the scripts are made from the command
 * table, so the expected words come from it too. The bash script is loaded
 * in a real bash and asked as a Tab press would ask it; zsh and fish scripts
 * are parsed (and fish asked) when those shells are installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/program/table.js';
import { ALL_FIELDS } from '../../src/steps/index.js';
import { BIN, onboard, testHome, workspaces } from '../helpers/cli.js';

const setup = workspaces('completion');

function script(shell: string): string {
  const { dir, cfg } = setup();
  const r = onboard(cfg, ['completion', shell], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const file = join(dir, `onboard.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

const which = (shell: string) =>
  spawnSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' }).stdout.trim();
const has = (shell: string) => which(shell) !== '';
const BASH = which('bash');

/** What bash completes for a command line (a trailing space: a new, empty word). */
function bashComplete(file: string, line: string, env: Record<string, string> = {}): string[] {
  const words = line.split(' ');
  const program = [
    `source ${JSON.stringify(file)}`,
    `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_onboard_completions',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own expansion, not a template
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync(BASH, ['--norc', '--noprofile', '-c', program], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

const subcommands = (group: string) =>
  COMMANDS.filter((c) => c.name.startsWith(`${group} `)).map((c) => c.name.split(' ')[1]);
const productValues = () => {
  const f = ALL_FIELDS.find((x) => x.key === 'product');
  return f?.type === 'enum' ? [...f.values] : [];
};

describe('completion bash, in a real bash', () => {
  let file = '';
  beforeAll(() => {
    file = script('bash');
  });

  it('onboard ke<Tab> → keys', () => {
    expect(bashComplete(file, 'onboard ke')).toEqual(['keys']);
  });

  it('onboard keys <Tab> → its subcommands, from the table', () => {
    expect(bashComplete(file, 'onboard keys ')).toEqual(subcommands('keys'));
    expect(bashComplete(file, 'onboard --profile ci keys ro')).toEqual(['rotate']);
  });

  it('onboard --product <Tab> → the field values written in the script', () => {
    expect(productValues()).toEqual(['emr', 'maxcompute', 'both']);
    expect(bashComplete(file, 'onboard --product ')).toEqual(productValues());
    expect(bashComplete(file, 'onboard status --product m')).toEqual(['maxcompute']);
  });

  it("a command's options, never a hidden spelling; a shell's name after completion", () => {
    const options = bashComplete(file, 'onboard keys rotate --d');
    expect(options).toEqual(['--delete-old', '--disable-first']);
    expect(bashComplete(file, 'onboard completion ')).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete(file, 'onboard --lang ')).toEqual(['en', 'zh-CN']);
  });

  it('--profile <Tab> asks onboard for the profile names of the config dir on the line', () => {
    const { dir, cfg } = setup();
    mkdirSync(join(cfg, 'profiles'), { recursive: true, mode: 0o700 });
    const at = new Date().toISOString();
    for (const name of ['ci', 'prod'])
      writeFileSync(
        join(cfg, 'profiles', `${name}.json`),
        JSON.stringify({ version: 3, createdAt: at, updatedAt: at }),
        {
          mode: 0o600,
        },
      );
    writeFileSync(join(dir, 'onboard'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
      mode: 0o755,
    });
    const env = { PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: testHome() };
    expect(bashComplete(file, `onboard --config-dir ${cfg} --profile `, env)).toEqual(['ci', 'prod']);
    expect(bashComplete(file, `onboard --config-dir ${cfg} status --profile p`, env)).toEqual(['prod']);
  });

  it('works where onboard is not on the PATH (profile names are then simply none)', () => {
    expect(bashComplete(file, 'onboard ke', { PATH: '/nonexistent' })).toEqual(['keys']);
    expect(bashComplete(file, 'onboard --profile ', { PATH: '/nonexistent' })).toEqual([]);
  });
});

describe.runIf(has('zsh'))('completion zsh', () => {
  it('parses', () => {
    const r = spawnSync('zsh', ['-n', script('zsh')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
});

describe.runIf(has('fish'))('completion fish', () => {
  it('parses, and completes subcommands and values', () => {
    const file = script('fish');
    expect(spawnSync('fish', ['--no-execute', file], { encoding: 'utf8' }).status).toBe(0);
    const ask = (line: string) => {
      const r = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], {
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]);
    };
    expect(ask('onboard ke')).toEqual(['keys']);
    expect(ask('onboard keys ').sort()).toEqual(subcommands('keys').sort());
    expect(ask('onboard --product ').sort()).toEqual(productValues().sort());
  });
});
