/** A command line, parsed once into what a command needs. */
export interface ParsedCommand<O extends object = Record<never, never>> {
  /** `run`, `status`, `keys list`, `sim serve`, ... */
  name: string;
  /** Positional arguments (e.g. a key id). */
  args: string[];
  /** The command's own options (e.g. `step`, `dryRun`, `ramUser`, `host`), typed by the command table. */
  options: Readonly<O>;
  /** Values of fields given as flags (field keys → raw values), validated with the rest of the answers. */
  fields: Readonly<Record<string, string | string[] | boolean | undefined>>;
  /** The command line as typed, for corrected examples (secrets masked where printed). */
  argv: readonly string[];
}
