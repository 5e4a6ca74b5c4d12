import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    // Bounds, not measurements: the browser and process tests take 10-20 s on an idle 2-core machine and
    // must not fail on a busy CI runner.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time (vitest's default on a 2-core machine is one): much of the suite waits on
    // databases, browsers and child processes; measured 710 s → 564 s for the whole suite.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
