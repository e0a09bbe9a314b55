/**
 * The `aliyun-cli[:<name>]` target: a profile in the aliyun CLI's
 * `<home>/.aliyun/config.json`.
 *
 * The shape follows aliyun/aliyun-cli `config/configuration.go` and
 * `config/profile.go`: the top level is `{ "current", "profiles", "meta_path" }`
 * written by Go's `json.MarshalIndent(conf, "", "\t")` (tab indent, no final
 * newline); a profile's fields are all `omitempty` since CLI 3.0.219, so an AK
 * profile made by `aliyun configure` holds exactly the seven fields of
 * `akProfile`, in Go's field order. Older CLIs wrote every field with its zero
 * value; Go reads both forms into the same profile.
 *
 * Edits are made in place by jsonc-parser (`modify` + `applyEdits`): other
 * profiles, unknown fields, Go's `\u0026` escapes, big numbers and key order
 * stay byte for byte (re-serialising would lose all four); only the white
 * space on the lines an edit touches is laid out anew, in the file's own
 * indentation and line ends (a file on one line stays on one line). The CLI
 * itself drops unknown fields when it saves; we do not.
 */
import {
  applyEdits,
  type FormattingOptions,
  findNodeAtLocation,
  type ModificationOptions,
  modify,
  parseTree,
} from 'jsonc-parser';

/** A profile as `aliyun configure --mode AK` writes it. */
export interface AkProfile {
  name: string;
  mode: 'AK';
  access_key_id: string;
  access_key_secret: string;
  region_id: string;
  output_format: 'json';
  language: 'en' | 'zh';
}

/** Builds the profile; field order is Go's struct order, so the CLI re-saves it unchanged. */
export function akProfile(
  name: string,
  key: { id: string; secret: string },
  region: string,
  language: 'en' | 'zh',
): AkProfile {
  return {
    name,
    mode: 'AK',
    access_key_id: key.id,
    access_key_secret: key.secret,
    region_id: region,
    output_format: 'json',
    language,
  };
}

/** A parsed config: its text (null when the file does not exist) and the profiles' names and key ids, in order. */
export interface CliConfig {
  text: string | null;
  profiles: ReadonlyArray<{ name: string | undefined; keyId: string | undefined }>;
}

/**
 * Parses the config. Refuses what the CLI (Go's `encoding/json` into its
 * struct) could not load: not an object, `profiles` not an array of objects,
 * `current`/`meta_path`/`name`/`access_key_id` not strings, and duplicate
 * top-level keys (ambiguous to edit). The detail never quotes the content.
 */
export function parseCliConfig(text: string | null): { config: CliConfig } | { detail: string } {
  if (text === null) return { config: { text, profiles: [] } };
  // Go's encoding/json (the CLI's reader) fails on a byte-order mark, as JSON.parse does.
  if (text.startsWith('\uFEFF'))
    return { detail: 'starts with a byte-order mark, which the aliyun CLI cannot read' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error: keep only the position.
    const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
    if (position === null) return { detail: 'not valid JSON' };
    const line = text.slice(0, Number(position[1])).split('\n').length;
    return { detail: `not valid JSON (line ${line})` };
  }
  if (!isObject(value)) return { detail: 'not a JSON object' };
  const keys = (parseTree(text)?.children ?? []).map((member) => member.children?.[0]?.value);
  if (new Set(keys).size !== keys.length) return { detail: 'duplicate key' };
  for (const key of ['current', 'meta_path'] as const) {
    if (!isOptionalString(value[key])) return { detail: `"${key}" is not a string` };
  }
  const list = value.profiles ?? [];
  if (!Array.isArray(list)) return { detail: '"profiles" is not an array' };
  const profiles: Array<{ name: string | undefined; keyId: string | undefined }> = [];
  for (const [index, profile] of list.entries()) {
    if (!isObject(profile)) return { detail: `profile ${index + 1} is not an object` };
    if (!isOptionalString(profile.name) || !isOptionalString(profile.access_key_id)) {
      return { detail: `profile ${index + 1} has a field of the wrong type` };
    }
    profiles.push({ name: profile.name ?? undefined, keyId: profile.access_key_id ?? undefined });
  }
  return { config: { text, profiles } };
}

/** The key id held by the first profile named `name` ('' when it has none), or undefined when there is no such profile. */
export function cliProfileKeyId(config: CliConfig, name: string): string | undefined {
  const profile = config.profiles.find((p) => p.name === name);
  return profile === undefined ? undefined : (profile.keyId ?? '');
}

/** Names of the profiles whose `access_key_id` is `keyId`. */
export function cliProfilesHolding(config: CliConfig, keyId: string): string[] {
  return config.profiles.filter((p) => p.keyId === keyId).map((p) => p.name ?? '');
}

/**
 * The config text with `profile` in it: replacing the first profile of that
 * name where it stands, else appended to `profiles`. `current` is set to the
 * profile only when the file had no profile at all.
 */
export function putCliProfile(config: CliConfig, profile: AkProfile): string {
  const text = config.text;
  const root = text === null ? undefined : parseTree(text);
  if (text === null || root?.children?.length === 0) {
    // What Go's MarshalIndent writes for a fresh config.
    return JSON.stringify({ current: profile.name, profiles: [profile], meta_path: '' }, null, '\t');
  }
  const index = config.profiles.findIndex((p) => p.name === profile.name);
  if (index >= 0) return edit(text, ['profiles', index], profile);
  const profiles = root && findNodeAtLocation(root, ['profiles']);
  const added =
    profiles?.type === 'array'
      ? edit(text, ['profiles', -1], profile, { isArrayInsertion: true })
      : // Missing or null: `[profile]`, after `current` as the CLI orders them.
        edit(text, ['profiles'], [profile], { getInsertionIndex: (keys) => keys.indexOf('current') + 1 });
  return config.profiles.length === 0
    ? edit(added, ['current'], profile.name, { getInsertionIndex: () => 0 })
    : added;
}

/**
 * The config text without the profiles whose `access_key_id` is `keyId`
 * (`current` is left as it is: pointing it elsewhere would silently switch
 * the account the CLI uses).
 */
export function removeCliProfilesHolding(config: CliConfig, keyId: string): string {
  // A missing file (text null) has no profiles: nothing below runs.
  let text = config.text ?? '';
  const doomed = config.profiles.flatMap((p, i) => (p.keyId === keyId ? [i] : []));
  // From the last so that earlier indexes stay valid.
  for (const index of doomed.reverse()) text = edit(text, ['profiles', index], undefined);
  return text;
}

/** One change made in place by jsonc-parser, laid out as the file is (see the top of this file). */
function edit(
  text: string,
  path: Array<string | number>,
  value: unknown,
  options: Omit<ModificationOptions, 'formattingOptions'> = {},
): string {
  const formattingOptions = text.includes('\n') ? layoutOf(text) : undefined;
  return applyEdits(text, modify(text, path, value, { ...options, formattingOptions }));
}

/** The file's indentation (that of its first indented line, else the CLI's tab) and line ends. */
function layoutOf(text: string): FormattingOptions {
  const unit = /\n([ \t]+)\S/.exec(text)?.[1] ?? '\t';
  const tabs = unit.startsWith('\t');
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : unit.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalString(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === 'string';
}
