/**
 * The options every command takes (SPEC §3), as the parser and help see
 * them. What they decide, and how a flag, its environment variable and the
 * default combine, is src/commands/globals.ts.
 */
import { flag, value } from './options.js';

export const GLOBAL_OPTIONS = [
  value('global', 'profile', '<name>', { help: 'cli.profile', env: 'ONBOARD_PROFILE' }),
  value('global', 'configDir', '<dir>', { help: 'cli.configDir', env: 'ONBOARD_CONFIG_DIR' }),
  flag('global', 'json', { help: 'cli.json' }),
  flag('global', 'interactive', {
    help: 'cli.interactive',
    negation: 'also',
    negated: { help: 'cli.noInteractive', env: 'ONBOARD_INTERACTIVE=0' },
  }),
  flag('global', 'color', { help: 'cli.noColor', env: 'NO_COLOR', negation: 'only' }),
  value('global', 'lang', '<lang>', { help: 'cli.lang', env: 'ONBOARD_LANG' }),
  flag('global', 'yes', { help: 'cli.yes', env: 'ONBOARD_YES=1', short: 'y' }),
  value('global', 'answers', '<file>', { help: 'cli.answers', env: 'ONBOARD_ANSWERS' }),
  value('global', 'provider', '<kind>', { help: 'cli.provider', env: 'ONBOARD_PROVIDER' }),
  value('global', 'endpoint', '<host:port>', { help: 'cli.endpoint', env: 'ONBOARD_ENDPOINT' }),
] as const;

/** `profile`, `configDir`, … */
export type GlobalKey = (typeof GLOBAL_OPTIONS)[number]['key'];
