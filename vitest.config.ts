import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    // Vitest leaves a core free by default, which on a 2-core machine runs the files one by one;
    // the long files wait on kubectl, git and npm as much as on the CPU.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 120_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
