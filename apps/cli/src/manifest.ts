// The file a sharded run writes beside its output (`<output>.segkit-shard.json`) once the output
// is complete: which slice it holds and how it was written, so `segkit merge` can order shards,
// check that none is missing, and rewrite them exactly as a single run would.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { FormatFlags, FormatName } from './formats';
import type { Shard } from './shard';

export const MANIFEST_SUFFIX = '.segkit-shard.json';

export interface ShardManifest {
  segkit: 'shard';
  format: FormatName;
  shard: Shard;
  /** Input images of this slice, including those skipped for errors. */
  images: number;
  /** Input positions (over all shards) of images skipped for errors (--keep-going). */
  skipped: number[];
  /** The writer flags the output was written with. */
  flags: FormatFlags;
}

export const manifestPath = (output: string) => `${output}${MANIFEST_SUFFIX}`;

export async function readManifest(output: string): Promise<ShardManifest | undefined> {
  const p = manifestPath(output);
  if (!existsSync(p)) return undefined;
  const m = JSON.parse(await readFile(p, 'utf8')) as ShardManifest;
  return m?.segkit === 'shard' ? m : undefined;
}
