// Real third-party annotation files live outside the repository, in ../shared/fixtures/real
// (or SEGKIT_REAL_FIXTURES). They are read in place, never copied. CI always has them: there a
// missing folder fails; elsewhere the tests that need it are skipped with a message saying so.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { describe } from 'vitest';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** The real-fixtures folder, or undefined when it is not on this machine. */
export const realDir: string | undefined = (() => {
  const dir = process.env.SEGKIT_REAL_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures', 'real');
  return existsSync(dir) ? dir : undefined;
})();

/** A path inside the real-fixtures folder. */
export const real = (...parts: string[]) => join(realDir ?? '', ...parts);

/** describe() that needs the real fixtures: skipped with a clear message where they are absent. */
export function describeReal(name: string, fn: () => void): void {
  if (realDir) {
    describe(name, fn);
    return;
  }
  const msg = `real fixtures not found (looked for ../shared/fixtures/real or $SEGKIT_REAL_FIXTURES): skipping "${name}"`;
  if (process.env.CI) throw new Error(msg);
  console.warn(msg);
  describe.skip(name, fn);
}
