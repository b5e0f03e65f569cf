// The conformance checkers (../shared/conformance/*.mjs), unmodified, run inside a page in
// chromium against the built `segkit` (dist/index.js, the release kernel, compiled by `await
// init()`), and their output must be line for line what the same checker prints in Node. The
// page gives the checkers browser stand-ins for their Node imports (test/conformance-page/node/):
// files are read from the test's server, laid out as from the project root.
//
// One vector fails in Node and so in the page, on purpose: `poly/degen-five-numbers` is a polygon
// with an odd number of coordinates, which pycocotools truncates silently and segkit refuses
// (README: "Where segkit deliberately differs"). It is the only failure allowed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { appDir, chromiumPath, describeIfPresent, launch, repoRoot, serve, type Server } from './harness';
import * as pageCrypto from './conformance-page/node/crypto.js';
import * as pagePath from './conformance-page/node/path.js';

const sharedDir = resolve(process.env.SEGKIT_SHARED ?? join(repoRoot, '..', 'shared'));
const conformanceDir = join(sharedDir, 'conformance');
const checkers = existsSync(conformanceDir) ? readdirSync(conformanceDir).filter((f) => f.endsWith('.mjs')).sort() : [];
const dist = join(repoRoot, 'packages/segkit/dist');

/** Failures that are deliberate refusals, with the start of the message segkit gives. */
const REFUSALS: Record<string, string> = {
  'poly/degen-five-numbers': 'threw InvalidInputError: expected an even number of coordinates',
};

/** A checker's output: its lines, exit code, totals, and the failures it lists. */
function summary(lines: string[], code: number) {
  const total = /^(\d+) passed, (\d+) failed$/.exec(lines[lines.length - 1] ?? '');
  const listed = lines.filter((l) => l.startsWith('    ')).map((l) => l.trim());
  return { code, passed: Number(total?.[1] ?? -1), failed: Number(total?.[2] ?? -1), listed };
}

function runInNode(checker: string): { lines: string[]; code: number } {
  const r = spawnSync(process.execPath, [join(conformanceDir, checker)], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { lines: r.stdout.trimEnd().split('\n'), code: r.status ?? -1 };
}

const missing = !chromiumPath ? 'chromium not found (install it with `apt-get install -y chromium`)'
  : checkers.length === 0 ? `no conformance checkers in ${conformanceDir} (or $SEGKIT_SHARED/conformance)`
    : !existsSync(join(dist, 'index.js')) ? `${dist}/index.js missing (run pnpm build)` : undefined;

describeIfPresent('conformance checkers inside a page in chromium', missing, () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    server = await serve({
      '/page/': join(appDir, 'test/conformance-page'),
      '/conformance/': conformanceDir,
      '/fixtures/': join(sharedDir, 'fixtures'),
      '/packages/segkit/dist/': dist,
    });
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const checker of checkers) {
    it(`${checker}: the same output in the page as in Node; only deliberate refusals fail`, async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`${server.url}/page/?checker=${encodeURIComponent(checker)}`);
        await page.waitForFunction(() => 'result' in window, undefined, { timeout: 110_000 });
        const inPage = await page.evaluate(() => (window as unknown as { result: { code: number; lines: string[] } }).result);
        const inNode = runInNode(checker);
        expect(inPage.lines).toEqual(inNode.lines);
        expect(inPage.code).toBe(inNode.code);

        const s = summary(inPage.lines, inPage.code);
        console.log(`${checker} in chromium: ${inPage.lines[inPage.lines.length - 1]}`);
        expect(s.passed).toBeGreaterThan(0);
        // Every failure is listed (fewer than 3 per section) and is a known refusal.
        expect(s.listed).toHaveLength(s.failed);
        for (const f of s.listed) {
          const id = f.slice(0, f.indexOf(': '));
          expect(REFUSALS[id], f).toBeDefined();
          expect(f.slice(id.length + 2)).toContain(REFUSALS[id]);
        }
        expect(s.code).toBe(s.failed ? 1 : 0);
      } finally {
        await page.close();
      }
    });
  }
});

describe("the page's stand-ins for the checkers' Node imports", () => {
  it('sha256 equals node:crypto on lengths around the block boundaries', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 70_001]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      const want = createHash('sha256').update(bytes).digest('hex');
      expect(pageCrypto.createHash('sha256').update(bytes.subarray(0, n >> 1)).update(bytes.subarray(n >> 1)).digest('hex')).toBe(want);
    }
  });

  it('path functions equal node:path with the working directory at /', () => {
    const cases: string[][] = [['/conformance', '../fixtures/opencv/vectors.json'], ['packages/segkit/dist/index.js'], ['/a/b', './c', '..', 'd'], ['/a', '/b/c']];
    for (const c of cases) expect(pagePath.resolve(...c)).toBe(resolve('/', ...c));
    for (const p of ['/conformance/rle-vectors.mjs', '/a', '/a/b/']) expect(pagePath.dirname(p)).toBe(dirname(p).replace(/\/$/, '') || '/');
    expect(fileURLToPath(new URL('file:///x/y.mjs'))).toBe('/x/y.mjs');
  });
});
