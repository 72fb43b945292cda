import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['integration/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // The integration files start servers and crawls; one at a time keeps a 2-core machine honest.
    fileParallelism: false,
  },
});
