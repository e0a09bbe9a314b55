/**
 * Commands printed for the person to run next. Each carries the options this
 * run was given for --profile, --config-dir, --provider and --endpoint, so
 * that pasted as printed it acts on the same setup (SPEC §2).
 */
import { escapeControls, hasControls } from '../i18n/index.js';

/** The options a printed command must repeat. */
export interface CommandContext {
  /** Always repeated, so a pasted command never depends on ONBOARD_PROFILE. */
  profile: string;
  /** The rest only when given (flag or env var); else the default applies anyway. */
  configDir?: string;
  provider?: string;
  endpoint?: string;
}

/**
 * Quotes a word for a POSIX shell when it needs it. A word with control
 * characters is written with `$'…'` escapes (bash, zsh, ksh), so that the
 * printed command neither carries them raw to the terminal nor loses them.
 */
export function shellWord(word: string): string {
  if (word === '') return "''";
  if (/^[\w@%+=:,./~-]+$/.test(word) && !word.startsWith('~')) return word;
  if (hasControls(word)) {
    // `'` as \x27, not \': a folded command splits words at quotes, and this keeps them paired.
    return `$'${escapeControls(word.replace(/\\/g, '\\\\').replace(/'/g, '\\x27'))}'`;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export class CommandLine {
  constructor(private readonly given: CommandContext) {}

  /** `onboard [--profile p] [--config-dir d] [--provider k] [--endpoint e] <words…>` */
  command(...words: string[]): string {
    return ['onboard', ...this.#context(), ...words.filter((w) => w !== '')].map(shellWord).join(' ');
  }

  /**
   * A command line as typed (without `onboard`), with the options a printed
   * command must repeat put in front where it lacks them (e.g. given as
   * environment variables), for corrected examples.
   */
  complete(argv: readonly string[]): string[] {
    const has = (flag: string) => argv.some((a) => a === flag || a.startsWith(`${flag}=`));
    const context = this.#context();
    const missing: string[] = [];
    for (let i = 0; i < context.length; i += 2) {
      const flag = context[i] ?? '';
      if (!has(flag)) missing.push(flag, context[i + 1] ?? '');
    }
    return [...missing, ...argv];
  }

  /** `--profile p [--config-dir d] [--provider k] [--endpoint e]`, as flag/value pairs. */
  #context(): string[] {
    const parts = ['--profile', this.given.profile];
    if (this.given.configDir !== undefined) parts.push('--config-dir', this.given.configDir);
    if (this.given.provider !== undefined) parts.push('--provider', this.given.provider);
    if (this.given.endpoint !== undefined) parts.push('--endpoint', this.given.endpoint);
    return parts;
  }
}
