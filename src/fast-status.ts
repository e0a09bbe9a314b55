/**
 * `onboard status` is what scripts run most, so it skips the commander tree:
 * its few options are parsed with Node's own `parseArgs`, from the same table
 * commander's help is built from. Anything this path does not recognise
 * (help, an unknown flag, a bad value) returns undefined and the full parser
 * takes over, so messages stay the same everywhere.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { withBoundary } from './boundary.js';
import { GLOBAL_OPTIONS, resolveGlobals } from './commands/globals.js';
// Static on purpose: this file is bundled alone as dist/status.js, one module to load.
import { statusCommand } from './commands/status.js';
import { PRODUCTS } from './steps/ids.js';

/** parseArgs options from the shared table, plus status's own --product. */
const OPTIONS: ParseArgsConfig['options'] = Object.fromEntries([
  ...GLOBAL_OPTIONS.map((o) => [
    o.long,
    { type: o.arg ? 'string' : 'boolean', ...(o.short ? { short: o.short } : {}) },
  ]),
  ['product', { type: 'string' }],
]);

/** Where the command word stands: global options (and their values) may come before it. */
function commandIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('-')) return i;
    const long = a.replace(/^--/, '');
    if (!a.includes('=') && GLOBAL_OPTIONS.some((o) => o.arg && o.long === long)) i++;
  }
  return -1;
}

export async function tryFastStatus(argv: string[]): Promise<number | undefined> {
  const at = commandIndex(argv);
  if (at < 0 || argv[at] !== 'status') return undefined;
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv.slice(0, at), ...argv.slice(at + 1)],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch {
    return undefined;
  }
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const product = str('product');
  if (product !== undefined && !(PRODUCTS as readonly string[]).includes(product)) return undefined;
  return withBoundary(argv, async (setName) => {
    setName('status');
    const globals = resolveGlobals(
      {
        json: values.json === true,
        profile: str('profile'),
        configDir: str('config-dir'),
        answers: str('answers'),
        color: values['no-color'] === true ? false : undefined,
        interactive:
          values['no-interactive'] === true ? false : values.interactive === true ? true : undefined,
        yes: values.yes === true,
      },
      process.env,
    );
    return statusCommand(globals, product === undefined ? {} : { product });
  });
}
