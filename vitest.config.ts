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
    // Each worker process runs all its files (vitest's default is a fresh process per file): nearly every file
    // imports the whole app (some 1,000 modules), 3-5 s of CPU each time. The suites use no mocks or stubs,
    // the app keeps no state in modules (only caches of read-only files: the spam model, the lexicon), and a
    // suite closes the apps, servers and browsers it starts. Measured with --no-isolate against the default:
    // 12 small files 43 s → 19 s (CPU 34 → 19 s), 10 storage files CPU 69 → 33 s.
    isolate: false,
    // Two test files at a time (vitest's default on a 2-core machine is one): much of the suite waits on
    // databases, browsers and child processes; measured 710 s → 564 s for the whole suite.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
