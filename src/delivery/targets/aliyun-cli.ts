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
 * Edits are splices of the original text (see `json-spans.ts`): other
 * profiles and unknown fields stay byte for byte. The CLI itself drops
 * unknown fields when it saves; we do not.
 */
import {
  arrayElements,
  indentUnit,
  lineEnd,
  lineIndent,
  type Member,
  objectMembers,
  rootSpan,
  type Span,
  stringifyAt,
} from './json-spans.js';

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
  const members = objectMembers(text, rootSpan(text));
  if (new Set(members.map((m) => m.key)).size !== members.length) return { detail: 'duplicate key' };
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
  if (config.text === null || isEmptyObject(config.text)) {
    // What Go's MarshalIndent writes for a fresh config.
    return JSON.stringify({ current: profile.name, profiles: [profile], meta_path: '' }, null, '\t');
  }
  let text = config.text;
  const unit = indentUnit(text);
  const eol = lineEnd(text);
  const index = config.profiles.findIndex((p) => p.name === profile.name);
  const profilesMember = member(text, 'profiles');
  if (index >= 0 && profilesMember !== undefined) {
    const element = arrayElements(text, profilesMember.value)[index]!;
    const base = lineIndent(text, element.start);
    const serialized = base === undefined ? JSON.stringify(profile) : stringifyAt(profile, unit, base, eol);
    return splice(text, element, serialized);
  }
  text = appendProfile(text, profilesMember, profile, unit, eol);
  if (config.profiles.length === 0) {
    const current = member(text, 'current');
    const name = JSON.stringify(profile.name);
    text =
      current === undefined
        ? insertFirstMember(text, `"current": ${name}`)
        : splice(text, current.value, name);
  }
  return text;
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
  for (const index of doomed.reverse()) {
    const profilesMember = member(text, 'profiles')!;
    const elements = arrayElements(text, profilesMember.value);
    const element = elements[index]!;
    if (elements.length === 1) {
      text = splice(text, profilesMember.value, '[]');
    } else if (index > 0) {
      // Remove ",<whitespace><element>" after the previous element.
      text = splice(text, { start: elements[index - 1]!.end, end: element.end }, '');
    } else {
      text = splice(text, { start: element.start, end: elements[1]!.start }, '');
    }
  }
  return text;
}

function appendProfile(
  text: string,
  profilesMember: Member | undefined,
  profile: AkProfile,
  unit: string,
  eol: string,
): string {
  if (
    profilesMember === undefined ||
    text.slice(profilesMember.value.start, profilesMember.value.end) === 'null'
  ) {
    // A new member is laid out like the current first one.
    const anchor = profilesMember?.keyStart ?? objectMembers(text, rootSpan(text))[0]!.keyStart;
    const base = lineIndent(text, anchor);
    const array = arrayText(profile, unit, base, eol);
    return profilesMember === undefined
      ? insertFirstMember(text, `"profiles": ${array}`)
      : splice(text, profilesMember.value, array);
  }
  const elements = arrayElements(text, profilesMember.value);
  const last = elements.at(-1);
  if (last === undefined) {
    return splice(
      text,
      profilesMember.value,
      arrayText(profile, unit, lineIndent(text, profilesMember.keyStart), eol),
    );
  }
  const base = lineIndent(text, last.start);
  const serialized =
    base === undefined
      ? `,${JSON.stringify(profile)}`
      : `,${eol}${base}${stringifyAt(profile, unit, base, eol)}`;
  return splice(text, { start: last.end, end: last.end }, serialized);
}

/** `[ profile ]` laid out one level deeper than `base` (compact when `base` is undefined: a one-line file). */
function arrayText(profile: AkProfile, unit: string, base: string | undefined, eol: string): string {
  if (base === undefined) return `[${JSON.stringify(profile)}]`;
  const inner = base + unit;
  return `[${eol}${inner}${stringifyAt(profile, unit, inner, eol)}${eol}${base}]`;
}

/** Inserts `"key": value` as the object's first member, with the whitespace the old first member had. */
function insertFirstMember(text: string, memberText: string): string {
  const root = rootSpan(text);
  const first = objectMembers(text, root)[0]!;
  const lead = text.slice(root.start + 1, first.keyStart);
  return splice(text, { start: first.keyStart, end: first.keyStart }, `${memberText},${lead}`);
}

function member(text: string, key: string): Member | undefined {
  return objectMembers(text, rootSpan(text)).find((m) => m.key === key);
}

function splice(text: string, span: Span, replacement: string): string {
  return text.slice(0, span.start) + replacement + text.slice(span.end);
}

function isEmptyObject(text: string): boolean {
  return objectMembers(text, rootSpan(text)).length === 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalString(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === 'string';
}
