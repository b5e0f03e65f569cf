// The `segkit` entry is for browsers too: bundled for the browser platform it must reach no
// Node-only module (Node built-ins, native add-ons such as sharp: file I/O and node:zlib live
// behind `segkit/node`), and it stays within its size budgets. The bundles are made by
// scripts/browser-bundle.mjs (`pnpm size`), which also prints the sizes.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserBundle, kernelSize, BUNDLE_GZIP_BUDGET, KERNEL_GZIP_BUDGET } from '../scripts/browser-bundle.mjs';

const file = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

describe('browser entry', () => {
  it('the sources of `segkit` reach no Node-only module', async () => {
    const b = await browserBundle(file('../src/index.ts'));
    expect(b.nodeImports).toEqual([]);
    expect(b.bytes).toBeGreaterThan(0);
  });

  it('the built `segkit` (dist/index.js) reaches no Node-only module and is within budget; sizes', async () => {
    const b = await browserBundle(file('../dist/index.js'));
    expect(b.nodeImports).toEqual([]);
    const k = kernelSize();
    console.log(`segkit for browsers: ${kb(b.bytes)} minified, ${kb(b.gzip)} gzipped; ` +
      `kernel ${kb(k.wasm)} wasm (${kb(k.wasmGzip)} gzipped), embedded ${kb(k.embed)} (${kb(k.embedGzip)} gzipped)`);
    expect(k.embedGzip).toBeLessThan(KERNEL_GZIP_BUDGET);
    expect(k.wasmGzip).toBeLessThan(k.embedGzip);
    expect(b.gzip).toBeLessThan(BUNDLE_GZIP_BUDGET);
    // The bundle holds the kernel: it cannot be smaller than the embedded wasm.
    expect(b.bytes).toBeGreaterThan(k.embed);
  });

  it('the Node entry (dist/node.js) does reach Node built-ins: the check sees them', async () => {
    const b = await browserBundle(file('../dist/node.js'));
    const specs = b.nodeImports.map((i) => i.spec.replace(/^node:/, ''));
    expect(specs).toEqual(expect.arrayContaining(['zlib', 'fs/promises', 'path']));
  });

  it('reports every Node-only module of an entry, whichever way it is named', async () => {
    const contents = "import 'node:zlib'; import { readFile } from 'fs/promises'; import * as p from 'path'; import sharp from 'sharp'; " +
      "import { createCanvas } from '@napi-rs/canvas'; export { readFile, p, sharp, createCanvas };";
    const b = await browserBundle({ contents });
    expect(b.nodeImports.map((i) => i.spec).sort()).toEqual(['@napi-rs/canvas', 'fs/promises', 'node:zlib', 'path', 'sharp']);
  });
});
