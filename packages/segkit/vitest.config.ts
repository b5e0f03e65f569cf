import { defineConfig } from 'vitest/config';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Tests run against the debug kernel (asserts on) unless SEGKIT_KERNEL=release.
const flavour = process.env.SEGKIT_KERNEL === 'release' ? 'release' : 'debug';

export default defineConfig({
  resolve: {
    alias: {
      '@segkit/kernel/release': require.resolve(`@segkit/kernel/${flavour}`),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
