// Outputs that appear whole or not at all. Everything a command writes goes into a hidden staging
// folder beside the output (`.segkit-partial.<name>.<pid>`); on success each entry is renamed into
// place (rename within one file system is atomic), on failure the staging folder is removed. A
// killed run leaves only the staging folder, which the next run over the same output removes.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors';

const PREFIX = '.segkit-partial.';

export interface Staging {
  /** The staging folder: write the output under its final base name(s) here. */
  dir: string;
  /** Moves the staged entries into place (replacing existing ones) and removes the staging folder. */
  commit(): Promise<void>;
  /** Removes the staging folder and everything in it. */
  discard(): Promise<void>;
}

/** True when a file exists, or a folder with anything in it. */
export function outputExists(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return readdirSync(path).length > 0;
  } catch {
    return true; // a file
  }
}

/**
 * Refuses outputs that already exist (unless `force`), removes staging folders left by killed
 * runs over the same output, and creates a fresh staging folder.
 *
 * @param outputs - the final paths (a file, a folder, or a JSON file and its PNG folder); all in one folder.
 */
export async function stage(outputs: string[], force: boolean): Promise<Staging> {
  for (const o of outputs) {
    if (!force && outputExists(o)) throw new UsageError(`${o} already exists (pass --force to replace it, --resume to skip finished outputs)`);
  }
  const parent = dirname(resolve(outputs[0]));
  const name = basename(outputs[0]);
  await mkdir(parent, { recursive: true });
  await removeStale(parent, name);
  const dir = join(parent, `${PREFIX}${name}.${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  return {
    dir,
    async commit() {
      // a shard's manifest says its output is complete: it goes last
      const last = (e: string) => (e.endsWith('.segkit-shard.json') ? 1 : 0);
      for (const entry of (await readdir(dir)).sort((a, b) => last(a) - last(b))) {
        const target = join(parent, entry);
        await rm(target, { recursive: true, force: true });
        await rename(join(dir, entry), target);
      }
      await rm(dir, { recursive: true, force: true });
    },
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Removes staging folders of `name` whose process is gone. */
async function removeStale(parent: string, name: string): Promise<void> {
  const mine = `${PREFIX}${name}.`;
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(mine)) continue;
    const pid = Number(entry.slice(mine.length));
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) continue;
    await rm(join(parent, entry), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
