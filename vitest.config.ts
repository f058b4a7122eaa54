import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import the public API as 'hindsight'; inside tests that means the sources.
    alias: { hindsight: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/count-reporter.ts'],
    // Runs parse through the cache by default: keep test entries out of the working tree, one dir per run
    // (pid and start time: pids wrap within minutes on the shared machine, and a reused dir turns the
    // e2e test's expected cache miss into a hit).
    env: { HINDSIGHT_CACHE: join(tmpdir(), `hindsight-test-cache-${process.pid}-${Date.now()}`) },
  },
});
