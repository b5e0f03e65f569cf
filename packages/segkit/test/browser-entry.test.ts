// The `segkit` entry is for browsers too: bundled for the browser platform it must import no Node
// built-in (file I/O and node:zlib live behind `segkit/node`), and the kernel stays within its
// size budget. The bundles are made by scripts/browser-bundle.mjs, which also prints the sizes.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserBundle, kernelSize, KERNEL_GZIP_BUDGET } from '../scripts/browser-bundle.mjs';

const file = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe('browser entry', () => {
  it('the sources of `segkit` import no Node built-in', async () => {
    const b = await browserBundle(file('../src/index.ts'));
    expect(b.nodeImports).toEqual([]);
    expect(b.bytes).toBeGreaterThan(0);
  });

  it('the built `segkit` (dist/index.js) imports no Node built-in; sizes', async () => {
    const b = await browserBundle(file('../dist/index.js'));
    expect(b.nodeImports).toEqual([]);
    const k = kernelSize();
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`segkit for browsers: ${kb(b.bytes)} minified, ${kb(b.gzip)} gzipped; ` +
      `kernel ${kb(k.wasm)} wasm (${kb(k.wasmGzip)} gzipped), embedded ${kb(k.embed)} (${kb(k.embedGzip)} gzipped)`);
    expect(k.embedGzip).toBeLessThan(KERNEL_GZIP_BUDGET);
    expect(k.wasmGzip).toBeLessThan(k.embedGzip);
  });

  it('reports every Node built-in of an entry, whichever way it is named', async () => {
    const contents = "import 'node:zlib'; import { readFile } from 'fs/promises'; import * as p from 'path'; export { readFile, p };";
    const b = await browserBundle({ contents });
    expect(b.nodeImports.map((i) => i.spec).sort()).toEqual(['fs/promises', 'node:zlib', 'path']);
  });
});
