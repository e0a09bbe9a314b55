/**
 * Commands printed for the person to run next. Each carries the options this
 * run was given for --profile, --config-dir, --provider and --endpoint, so
 * that pasted as printed it acts on the same setup (SPEC §2).
 */

/** The options a printed command must repeat. */
export interface CommandContext {
  /** Always repeated, so a pasted command never depends on ONBOARD_PROFILE. */
  profile: string;
  /** The rest only when given (flag or env var); else the default applies anyway. */
  configDir?: string;
  provider?: string;
  endpoint?: string;
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  if (word === '') return "''";
  if (/^[\w@%+=:,./~-]+$/.test(word) && !word.startsWith('~')) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export class CommandLine {
  constructor(private readonly given: CommandContext) {}

  /** `onboard [--profile p] [--config-dir d] [--provider k] [--endpoint e] <words…>` */
  command(...words: string[]): string {
    const parts = ['onboard'];
    parts.push('--profile', this.given.profile);
    if (this.given.configDir !== undefined) parts.push('--config-dir', this.given.configDir);
    if (this.given.provider !== undefined) parts.push('--provider', this.given.provider);
    if (this.given.endpoint !== undefined) parts.push('--endpoint', this.given.endpoint);
    return [...parts.map(shellWord), ...words.filter((w) => w !== '').map(shellWord)].join(' ');
  }
}
