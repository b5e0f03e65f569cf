import { defineConfig } from 'vitest/config';

// Correctness tests, not timings: generous timeouts, as the other packages (the machine may be
// busy with the browser tests running beside them).
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});
