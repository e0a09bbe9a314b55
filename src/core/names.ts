/**
 * Names from users are data (SPEC §8): a table looked up by a name a user
 * gave (a policy, a region, a parameter) must not answer for `constructor`,
 * `toString` or `__proto__`, which every plain object inherits.
 */

/** A frozen null-prototype copy of `entries`: looking up any other name, Object.prototype's included, gives undefined. */
export function byName<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  const table: Record<string, T> = Object.create(null);
  for (const [name, value] of Object.entries(entries)) table[name] = value;
  return Object.freeze(table);
}
