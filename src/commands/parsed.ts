/** A command line, parsed once into what the commands need. */
export interface ParsedCommand {
  /** `run`, `status`, `keys list`, `sim serve`, ... */
  name: string;
  /** Positional arguments (e.g. a key id). */
  args: string[];
  /** The command's own options (e.g. `step`, `dryRun`, `ramUser`, `host`). */
  options: Readonly<Record<string, unknown>>;
  /** Values of fields given as flags (field keys → raw values). */
  fields: Readonly<Record<string, string | string[] | boolean | undefined>>;
  /** The command line as typed, for corrected examples (secrets masked where printed). */
  argv: readonly string[];
}
