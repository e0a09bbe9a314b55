/**
 * The official SDKs are loaded only when the real provider makes a call
 * (ARCHITECTURE: heavy libraries load lazily): a child process runs a whole
 * simulated journey and creates and connects the real provider, and no
 * `@alicloud/*` or `ali-oss` module is loaded; one real call then loads them.
 */
import { afterAll, expect, it } from 'vitest';
import { bundle, removeBundles, runBundle } from '../helpers/bundle.js';
import { baseEnv, testHome } from '../helpers/cli.js';

afterAll(removeBundles);

it('the simulated path, and creating the real provider, load no SDK; a real call does', async () => {
  const main = await bundle('test/helpers/main/lazy-load.ts');
  const run = runBundle(main, baseEnv({ HOME: testHome(), ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }));
  expect(run.stderr).toBe('');
  expect(run.json).toEqual({
    afterSimulated: [],
    afterConnect: [],
    afterCall: expect.arrayContaining(['@alicloud/openapi-core', '@alicloud/credentials', 'ali-oss']),
  });
});
