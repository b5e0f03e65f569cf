// What the browser tests share: Debian's chromium found on this machine, launched through
// playwright-core with the flags in the toolchain notes (no browser download), and a tiny static
// server on localhost for the built page and the files a test serves.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { describe } from 'vitest';

export const appDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const repoRoot = resolve(appDir, '../..');

/** The launch flags of Debian's chromium here (TOOLCHAIN.md). */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/** The chromium binary: $CHROMIUM_PATH, else `chromium` (or `chromium-browser`) on the PATH; undefined when absent. */
export const chromiumPath: string | undefined = (() => {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const p = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (p) return p;
    } catch {
      // not on the PATH
    }
  }
  return undefined;
})();

/**
 * describe() for tests that need something this machine may lack (`missing` says what, or is
 * undefined when all is there). In CI, which provides everything, the suite fails with that
 * message; elsewhere it is skipped with it.
 */
export function describeIfPresent(name: string, missing: string | undefined, fn: () => void): void {
  if (missing === undefined) {
    describe(name, fn);
    return;
  }
  const msg = `${missing}: cannot run "${name}"`;
  if (process.env.CI) throw new Error(msg);
  console.warn(`SKIPPED: ${msg}`);
  describe.skip(name, fn);
}

/** describe() for tests that need chromium (see describeIfPresent). */
export function describeBrowser(name: string, fn: () => void): void {
  describeIfPresent(name, chromiumPath ? undefined
    : 'chromium not found (looked for $CHROMIUM_PATH, then chromium and chromium-browser on the PATH; install it with `apt-get install -y chromium`)', fn);
}

/** Launches headless chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS, headless: true });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.wasm': 'application/wasm',
};

/** A static server on 127.0.0.1. */
export interface Server {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves folders on localhost: `mounts` maps URL prefixes ('/', '/fixtures/') to folders; the
 * longest matching prefix wins; '/' ends in index.html. Paths cannot leave their folder.
 */
export async function serve(mounts: Record<string, string>): Promise<Server> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const prefix = prefixes.find((p) => path.startsWith(p));
    const root = prefix === undefined ? undefined : resolve(mounts[prefix]);
    let file = root === undefined ? undefined : resolve(root, `.${path.slice(prefix!.length - 1)}`);
    if (!file || (file !== root && !file.startsWith(root + sep))) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
