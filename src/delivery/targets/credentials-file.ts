/**
 * The `credentials[:<name>]` target: a section in the shared credentials file
 * of the official SDKs,
 *
 *     [<name>]
 *     type = access_key
 *     access_key_id = LTAI…
 *     access_key_secret = …
 *
 * The file is `ALIBABA_CLOUD_CREDENTIALS_FILE` when set and non-empty, else
 * `<home>/.alibabacloud/credentials` — the rule of `@alicloud/credentials`'
 * profile provider (the Python SDK's default is `credentials.ini`; it finds
 * this file through the same variable).
 */
import { IniDocument, type IniProblemReason } from './ini.js';

const REASONS: Record<IniProblemReason, string> = {
  controlCharacter: 'control character',
  badSectionHeader: 'malformed [section] line',
  duplicateSection: 'duplicate [section]',
  keyOutsideSection: 'key before the first [section]',
  noDelimiter: "line without '='",
  badKey: 'malformed key',
  duplicateKey: 'duplicate key in a section',
  continuationLine: 'indented line (read as a continuation by some parsers)',
};

/** Parses the file (null: it does not exist, an empty document). The detail names a line, never its text. */
export function parseCredentials(text: string | null): { doc: IniDocument } | { detail: string } {
  const parsed = IniDocument.parse(text ?? '');
  if ('problem' in parsed)
    return { detail: `line ${parsed.problem.line}: ${REASONS[parsed.problem.reason]}` };
  return parsed;
}

/** The key id held by section `name` ('' when it has none), or undefined when there is no such section. */
export function credentialsKeyId(doc: IniDocument, name: string): string | undefined {
  return doc.getSection(name)?.get('access_key_id') ?? (doc.hasSection(name) ? '' : undefined);
}

/** Names of the sections whose `access_key_id` is `keyId`. */
export function credentialsSectionsHolding(doc: IniDocument, keyId: string): string[] {
  return doc.sectionNames().filter((name) => doc.getSection(name)?.get('access_key_id') === keyId);
}

/**
 * Makes section `name` hold exactly this key, replacing an existing section
 * where it stands or adding one at the end; returns the new text.
 *
 * @throws Error when the name, id or secret is not safe to write (the message never holds the secret).
 */
export function putCredentialsSection(
  doc: IniDocument,
  name: string,
  key: { id: string; secret: string },
): string {
  doc.setSection(name, [
    ['type', 'access_key'],
    ['access_key_id', key.id],
    ['access_key_secret', key.secret],
  ]);
  return doc.toString();
}

/** Removes every section holding `keyId`; returns the new text. */
export function removeCredentialsSectionsHolding(doc: IniDocument, keyId: string): string {
  for (const name of credentialsSectionsHolding(doc, keyId)) doc.removeSection(name);
  return doc.toString();
}
