// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the scripts are shell code, whose ${…} is the shell's.
/**
 * `onboard completion bash|zsh|fish`: a completion script generated from the
 * command table. Commands, subcommands, options and the values they take
 * (an enum field's choices, `--lang`, `--provider`, `--step`) are written
 * into the script, so they complete even where `onboard` is slow or not on
 * the PATH; only profile names are asked of `onboard` (`profiles --json`)
 * when `--profile` is completed.
 *
 * Written here rather than with a completion library: the maintained ones
 * (`@bomb.sh/tab`, `tabtab`, `omelette`) generate scripts that call the
 * program back on every Tab press and walk commander's tree, which this
 * program builds lazily (a command's options exist only once it is named).
 */

import type { Globals } from '../commands/globals.js';
import { UsageError } from '../core/errors.js';
import { std } from '../ui/std.js';
import type { OptionSpec } from './options.js';
import type { CommandSpec } from './spec.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** The table as completion reads it. */
export interface Table {
  root: CommandSpec;
  commands: readonly CommandSpec[];
  groups: readonly CommandSpec[];
}

/** One place on the command line: `''` (the program), `keys`, `keys rotate`. */
interface Place {
  path: string;
  /** Words that may follow: subcommands, or a positional argument's values. */
  words: string[];
  options: OptionSpec[];
}

/** What a value option's value completes to: its values, profile names, files or folders. */
function valuesOf(o: OptionSpec): string {
  if (o.choices) return o.choices.join(' ');
  if (o.completes) return o.completes.join(' ');
  if (o.long === 'profile') return '__profiles';
  if (/dir/.test(o.arg ?? '')) return '__dirs';
  if (/file|path/.test(o.arg ?? '')) return '__files';
  return '';
}

/** Every option term (`--x`, `--no-x`, `-y`) an option is completed as. */
function terms(o: OptionSpec): string[] {
  const out: string[] = [];
  if (o.negation !== 'only') out.push(`--${o.long}`);
  if (o.negation === 'only' || (o.negation === 'also' && o.negationHelp)) out.push(`--no-${o.long}`);
  if (o.short) out.push(`-${o.short}`);
  return out;
}

function places(table: Table): Place[] {
  const top = new Set<string>();
  const subs = new Map<string, string[]>();
  for (const c of table.commands) {
    const [word = '', sub] = c.name.split(' ');
    top.add(word);
    if (sub !== undefined) subs.set(word, [...(subs.get(word) ?? []), sub]);
  }
  const listed = (c: CommandSpec) => c.options.filter((o) => !c.unlisted.has(o.long) && !o.hidden);
  // The program runs `run` when no command is named: it takes run's options too.
  const run = table.commands.find((c) => c.name === 'run');
  const out: Place[] = [
    { path: '', words: [...top], options: (run ?? table.root).options.filter((o) => !o.hidden) },
  ];
  for (const g of table.groups) out.push({ path: g.name, words: subs.get(g.name) ?? [], options: listed(g) });
  for (const c of table.commands) {
    const words = c.name === 'help' ? [...top] : c.name === 'completion' ? [...SHELLS] : [];
    out.push({ path: c.name, words, options: listed(c) });
  }
  return out;
}

/** Options that take a value, by term; one term is one kind everywhere (checked). */
function valued(all: readonly Place[]): Map<string, string> {
  const out = new Map<string, string>();
  const flags = new Set<string>();
  for (const p of all) {
    for (const o of p.options) {
      for (const term of terms(o)) {
        const takes = o.arg !== undefined && !term.startsWith('--no-');
        if (takes) out.set(term, valuesOf(o));
        else flags.add(term);
      }
    }
  }
  for (const term of out.keys()) {
    if (flags.has(term)) throw new Error(`${term} is a flag in one command and takes a value in another`);
  }
  return out;
}

/** POSIX single quotes. */
const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** The data functions bash and zsh share (`case` and `echo` mean the same in both). */
function shellData(all: readonly Place[]): string {
  const values = valued(all);
  const caseOf = (name: string, rows: Array<[string, string]>, otherwise = '') =>
    [
      `_onboard_${name}() {`,
      '  case "$1" in',
      ...rows.map(([k, v]) => `    ${q(k)}) echo ${q(v)} ;;`),
      ...(otherwise ? [`    *) ${otherwise} ;;`] : []),
      '  esac',
      '}',
    ].join('\n');
  return [
    `_onboard_known() {\n  case "$1" in\n    ${all
      .filter((p) => p.path !== '')
      .map((p) => q(p.path))
      .join('|')}) return 0 ;;\n  esac\n  return 1\n}`,
    `_onboard_valued() {\n  case "$1" in\n    ${[...values.keys()].map(q).join('|')}) return 0 ;;\n  esac\n  return 1\n}`,
    caseOf(
      'words',
      all.map((p) => [p.path, p.words.join(' ')]),
    ),
    caseOf(
      'options',
      all.map((p) => [p.path, p.options.flatMap(terms).join(' ')]),
    ),
    caseOf(
      'values',
      [...values].filter(([, v]) => v !== ''),
    ),
    [
      '_onboard_profiles() {',
      '  local -a _cfg',
      '  _cfg=()',
      '  [ -n "$1" ] && _cfg=(--config-dir "$1")',
      `  { command onboard "\${_cfg[@]}" profiles --json | sed -n 's/^ *"name": *"\\([^"]*\\)".*/\\1/p'; } 2>/dev/null`,
      '}',
    ].join('\n'),
  ].join('\n\n');
}

/** The loop both shells run over the words before the cursor: the place reached, and --config-dir. */
function walk(first: string, last: string, word: string): string {
  return [
    `  local _p='' _w _next _cfg='' _i`,
    `  for ((_i=${first}; _i<${last}; _i++)); do`,
    `    _w="${word}"`,
    `    [ "$_w" = --config-dir ] && _cfg="${word.replace('_i', '_i+1')}"`,
    '    case "$_w" in',
    '      --*=*) ;;',
    '      -*) if _onboard_valued "$_w"; then ((_i++)); fi ;;',
    `      *) if [ -z "$_p" ]; then _next="$_w"; else _next="$_p $_w"; fi`,
    '         if _onboard_known "$_next"; then _p="$_next"; fi ;;',
    '    esac',
    '  done',
  ].join('\n');
}

function bash(all: readonly Place[]): string {
  return [
    '# bash completion for onboard (generated by `onboard completion bash`)',
    shellData(all),
    '_onboard_completions() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev=""',
    '  [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"',
    walk('1', 'COMP_CWORD', '${COMP_WORDS[_i]}'),
    "  local IFS=$' \\t\\n'",
    '  COMPREPLY=()',
    '  if [[ "$prev" == -* ]] && _onboard_valued "$prev"; then',
    '    local _v',
    '    _v="$(_onboard_values "$prev")"',
    '    case "$_v" in',
    '      __profiles) COMPREPLY=($(compgen -W "$(_onboard_profiles "$_cfg")" -- "$cur")) ;;',
    '      __files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;',
    '      __dirs) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;',
    '      *) COMPREPLY=($(compgen -W "$_v" -- "$cur")) ;;',
    '    esac',
    '  elif [[ "$cur" == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$(_onboard_options "$_p")" -- "$cur"))',
    '  else',
    '    COMPREPLY=($(compgen -W "$(_onboard_words "$_p")" -- "$cur"))',
    '  fi',
    '  return 0',
    '}',
    'complete -F _onboard_completions onboard',
    '',
  ].join('\n');
}

function zsh(all: readonly Place[]): string {
  return [
    '#compdef onboard',
    '# zsh completion for onboard (generated by `onboard completion zsh`)',
    shellData(all),
    '_onboard() {',
    '  local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}"',
    walk('2', 'CURRENT', '${words[_i]}'),
    '  local -a _c',
    '  if [[ "$prev" == -* ]] && _onboard_valued "$prev"; then',
    '    local _v="$(_onboard_values "$prev")"',
    '    case "$_v" in',
    '      __profiles) _c=(${(f)"$(_onboard_profiles "$_cfg")"}) ;;',
    '      __files) _files; return ;;',
    '      __dirs) _files -/; return ;;',
    '      *) _c=(${=_v}) ;;',
    '    esac',
    '  elif [[ "$cur" == -* ]]; then',
    '    _c=(${=$(_onboard_options "$_p")})',
    '  else',
    '    _c=(${=$(_onboard_words "$_p")})',
    '  fi',
    '  compadd -a _c',
    '}',
    'if [ "${funcstack[1]}" = _onboard ]; then',
    '  _onboard "$@"',
    'else',
    '  compdef _onboard onboard',
    'fi',
    '',
  ].join('\n');
}

function fish(all: readonly Place[]): string {
  const values = valued(all);
  const lines = [
    '# fish completion for onboard (generated by `onboard completion fish`)',
    'function __onboard_path',
    '    set -l tokens (commandline -opc)',
    '    set -e tokens[1]',
    "    set -l p ''",
    '    set -l skip 0',
    '    for w in $tokens',
    '        if test $skip = 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $w',
    "            case '--*=*'",
    '                continue',
    "            case '-*'",
    `                if contains -- $w ${[...values.keys()].join(' ')}`,
    '                    set skip 1',
    '                end',
    '                continue',
    '        end',
    '        set -l next (string trim -- "$p $w")',
    `        if contains -- $next ${all
      .filter((p) => p.path !== '')
      .map((p) => q(p.path))
      .join(' ')}`,
    '            set p $next',
    '        end',
    '    end',
    '    echo $p',
    'end',
    'function __onboard_at',
    '    test (__onboard_path) = "$argv[1]"',
    'end',
    'function __onboard_profiles',
    '    set -l tokens (commandline -opc)',
    '    set -l cfg',
    '    set -l i (contains -i -- --config-dir $tokens)',
    '    and set cfg --config-dir $tokens[(math $i + 1)]',
    `    command onboard $cfg profiles --json 2>/dev/null | string replace -rf '^\\s*"name":\\s*"([^"]*)".*' '$1'`,
    'end',
    'complete -c onboard -f',
  ];
  for (const p of all) {
    const at = `-n ${q(`__onboard_at ${q(p.path)}`)}`;
    if (p.words.length) lines.push(`complete -c onboard ${at} -a ${q(p.words.join(' '))}`);
    for (const o of p.options) {
      const help = o.help().replace(/\s*\[env: [^\]]*\]/, '');
      for (const term of terms(o)) {
        const name = term.startsWith('--') ? `-l ${term.slice(2)}` : `-s ${term.slice(1)}`;
        const v = values.get(term);
        const arg =
          v === undefined
            ? ''
            : v === '__profiles'
              ? ` -x -a '(__onboard_profiles)'`
              : v === '__files' || v === '__dirs'
                ? ' -r -F'
                : v
                  ? ` -x -a ${q(v)}`
                  : ' -x';
        lines.push(`complete -c onboard ${at} ${name}${arg} -d ${q(help)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The script for a shell. */
export function completionScript(shell: Shell, table: Table): string {
  const all = places(table);
  return shell === 'bash' ? bash(all) : shell === 'zsh' ? zsh(all) : fish(all);
}

export async function completionCommand(
  g: Pick<Globals, 'json'>,
  p: { args: readonly string[] },
  table: Table,
): Promise<number> {
  const shell = SHELLS.find((s) => s === p.args[0]);
  if (!shell) {
    throw new UsageError(
      'completion.unknownShell',
      { shell: p.args[0] ?? '', shells: SHELLS.join(', ') },
      [],
      'InvalidValue',
    );
  }
  const script = completionScript(shell, table);
  await std(1).writeAsync(
    g.json ? `${JSON.stringify({ schemaVersion: 1, ok: true, shell, script }, null, 2)}\n` : script,
  );
  return 0;
}
