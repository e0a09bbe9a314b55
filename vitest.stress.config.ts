import { defineConfig } from 'vitest/config';

/** `npm run stress`: long loops (kill loops, many writers, farms), run by .ci/run after the suite. */
export default defineConfig({
  test: {
    include: ['test/stress/**/*.stress.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The temp dirs no test removes itself are in one folder, removed at the end of the run.
    globalSetup: ['test/helpers/temp-root.ts'],
    // One file at a time: each loop wants the machine to itself.
    fileParallelism: false,
    env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
  },
});
