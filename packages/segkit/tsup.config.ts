import { defineConfig } from 'tsup';

export default defineConfig({
  // `index` is browser-safe; `node` adds files, folders and node:zlib (the only Node built-ins).
  entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Both entries share one copy of the code (one kernel instance, one set of error classes).
  splitting: true,
  // The kernel bytes are bundled in: the published package has no runtime dependency.
  noExternal: ['@segkit/kernel'],
});
