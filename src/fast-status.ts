/**
 * `onboard status` is what scripts run most, so it skips the commander tree:
 * its few options are parsed with Node's own `parseArgs`. Anything this path
 * does not recognise (help, an unknown flag, a bad value) returns undefined
 * and the full parser takes over, so messages stay the same everywhere.
 */
import { parseArgs } from 'node:util';
import { withBoundary } from './boundary.js';

const OPTIONS = {
  json: { type: 'boolean' },
  profile: { type: 'string' },
  'config-dir': { type: 'string' },
  product: { type: 'string' },
  'no-color': { type: 'boolean' },
  interactive: { type: 'boolean' },
  'no-interactive': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  lang: { type: 'string' },
} as const;

export async function tryFastStatus(argv: string[]): Promise<number | undefined> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({
      args: argv.slice(1),
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch {
    return undefined;
  }
  if (values.product !== undefined && !['emr', 'maxcompute', 'both'].includes(values.product))
    return undefined;
  return withBoundary(argv, async (setName) => {
    setName('status');
    const { resolveGlobals } = await import('./commands/globals.js');
    const { statusCommand } = await import('./commands/status.js');
    const globals = resolveGlobals(
      {
        json: values.json,
        profile: values.profile,
        configDir: values['config-dir'],
        color: values['no-color'] ? false : undefined,
        interactive: values['no-interactive'] ? false : values.interactive,
        yes: values.yes,
      },
      process.env,
    );
    return statusCommand(globals, { product: values.product });
  });
}
