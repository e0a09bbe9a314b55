/** `onboard sim serve`'s command line: argv → options, flag > environment > default, each value checked. */
import { describe, expect, it } from 'vitest';
import { serveOptions } from '../../src/commands/serve.js';
import { UsageError } from '../../src/core/errors.js';
import { claimStopSignals, stopSignalClaim } from '../../src/core/signals.js';
import { parseArgv } from '../../src/program.js';

describe('sim serve options', () => {
  it('argv → the command and its own options', async () => {
    const call = await parseArgv(['sim', 'serve', '--host', '::1', '--port', '8080', '--json'], '0.0.0');
    expect(call).toMatchObject({ name: 'sim serve', globals: { json: true } });
    expect(call?.parsed.own).toEqual({ host: '::1', port: '8080' });
    expect(serveOptions(call?.parsed.own ?? {}, {})).toEqual({ host: '::1', port: 8080 });
  });

  it.each([
    [{}, {}, { host: '127.0.0.1', port: 0 }],
    [{}, { ONBOARD_SIM_HOST: 'localhost', ONBOARD_SIM_PORT: '9000' }, { host: 'localhost', port: 9000 }],
    [
      { host: '0.0.0.0', port: '1' },
      { ONBOARD_SIM_HOST: 'localhost', ONBOARD_SIM_PORT: '9000' },
      { host: '0.0.0.0', port: 1 },
    ],
    [{ host: '[::1]' }, { ONBOARD_SIM_PORT: '' }, { host: '::1', port: 0 }],
    [{ port: '65535' }, {}, { host: '127.0.0.1', port: 65535 }],
  ])('%j with %j → %j', (flags, env, expected) => {
    expect(serveOptions(flags, env)).toEqual(expected);
  });

  it.each([
    [{ port: '65536' }, {}, '--port'],
    [{ port: '1.5' }, {}, '--port'],
    [{ port: '' }, {}, '--port'],
    [{}, { ONBOARD_SIM_PORT: 'http' }, 'ONBOARD_SIM_PORT'],
    [{ host: 'a b' }, {}, '--host'],
    [{ host: '-leading.dash' }, {}, '--host'],
    [{}, { ONBOARD_SIM_HOST: 'x\u001b[31m' }, 'ONBOARD_SIM_HOST'],
  ])('%j with %j is a usage error naming %s', (flags, env, where) => {
    let error: unknown;
    try {
      serveOptions(flags, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).params.where).toBe(where);
  });
});

describe('stop signals', () => {
  it('a claim is held until released, and only its own release ends it', () => {
    const first = () => {};
    const second = () => {};
    const releaseFirst = claimStopSignals(first);
    expect(stopSignalClaim()).toBe(first);
    const releaseSecond = claimStopSignals(second);
    releaseFirst();
    expect(stopSignalClaim()).toBe(second);
    releaseSecond();
    expect(stopSignalClaim()).toBeUndefined();
  });
});
