import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The temp dirs no test removes itself are in one folder, removed at the end of the run.
    globalSetup: ['test/helpers/temp-root.ts'],
    // Most tests wait on child processes (the built CLI, servers), not on this process's CPU: two
    // files at a time even on two cores, where Vitest's default (cores − 1) would run them one by one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Nothing in a test may reach a non-loopback address: the official credential chains
    // would ask the ECS metadata address 100.100.100.200 unless this is set.
    env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
  },
});
