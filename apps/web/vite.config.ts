import { defineConfig } from 'vite';

// The page works from any folder (relative asset URLs), so a built copy can be served anywhere.
export default defineConfig({
  base: './',
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
});
