/**
 * The SDKs are CommonJS packages loaded with `import()`. Under Node their
 * exports arrive as named exports (and as `default`); in the bundle a
 * CommonJS module loaded on demand is a chunk whose only export is `default`
 * (esbuild cannot know its names). Either way, this gives the exports.
 */
export function cjsExports<T extends object>(mod: T): T {
  const inner: unknown = Reflect.get(mod, 'default');
  const named = Object.keys(mod).some((k) => k !== 'default' && k !== '__esModule');
  // Only `default`, and an object there: the bundle's wrapper around module.exports.
  return !named && inner !== null && typeof inner === 'object' ? (inner as T) : mod;
}
