// `segkit merge`: shard outputs -> exactly the output of a single run (same bytes, same ids).
import { copyFile, mkdir, readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Command } from 'commander';
import type { ImageRecord } from 'segkit';
import { DataError, UsageError } from '../errors';
import { isFileFormat, openInput, openWriter, panopticPngDir, writeKind } from '../formats';
import { MANIFEST_SUFFIX, readManifest, type ShardManifest } from '../manifest';
import { stage } from '../output';
import type { Io } from '../program';

interface MergeOpts {
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export function mergeCommand(io: Io): Command {
  return new Command('merge')
    .description('combine the outputs of a sharded convert (--shard K/N) into the file a single run writes, byte for byte; each shard output needs its .segkit-shard.json manifest')
    .argument('<shards...>', 'the N shard outputs (any order), then the merged output')
    .option('--force', 'replace an existing output')
    .option('--json', 'print one JSON summary object on stdout')
    .option('--quiet', 'no summary text')
    .action(async (paths: string[], o: MergeOpts) => {
      if (paths.length < 2) throw new UsageError('give the shard outputs and then the merged output');
      const output = paths[paths.length - 1];
      // a glob such as out/part-* also names the manifests: they are read with their outputs
      const shards = await loadShards(paths.slice(0, -1).filter((p) => !p.endsWith(MANIFEST_SUFFIX)));
      const format = shards[0].manifest.format;
      const staging = await stage([output, ...(format === 'coco-panoptic' ? [panopticPngDir(output, {})] : [])], o.force === true);
      let images = 0;
      try {
        images = isFileFormat(format) ? await mergeRecords(shards, staging.dir, basename(output)) : await mergeFolders(shards, join(staging.dir, basename(output)));
        await staging.commit();
      } catch (e) {
        await staging.discard();
        throw e;
      }
      const summary = { command: 'merge', format, shards: shards.length, images, output };
      if (o.json) io.out(JSON.stringify(summary));
      else if (!o.quiet) io.out(`merged ${shards.length} shards of ${format}: ${images} images written to ${output}`);
    });
}

interface ShardInput {
  path: string;
  manifest: ShardManifest;
}

/** Reads the manifests, orders the shards by index, checks that they are one complete set. */
async function loadShards(paths: string[]): Promise<ShardInput[]> {
  const shards: ShardInput[] = [];
  for (const path of paths) {
    const manifest = await readManifest(path);
    if (!manifest) throw new DataError(`${path}: no shard manifest (${path}.segkit-shard.json); is it the output of convert --shard and complete?`);
    shards.push({ path, manifest });
  }
  shards.sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
  const n = shards[0].manifest.shard.count;
  const first = JSON.stringify({ ...shards[0].manifest, shard: null, images: 0, skipped: [] });
  shards.forEach((s, k) => {
    if (s.manifest.shard.count !== n || s.manifest.shard.index !== k) {
      throw new DataError(`${s.path}: expected shard ${k} of ${n}, found ${s.manifest.shard.index}/${s.manifest.shard.count} (give every shard once)`);
    }
    if (JSON.stringify({ ...s.manifest, shard: null, images: 0, skipped: [] }) !== first) throw new DataError(`${s.path}: written with other options than ${shards[0].path}`);
  });
  if (shards.length !== n) throw new DataError(`expected ${n} shards, got ${shards.length}`);
  return shards;
}

/** JSON formats: the records of shard i mod N in input order, rewritten as the single run wrote them. */
async function mergeRecords(shards: ShardInput[], dir: string, name: string): Promise<number> {
  const { format, flags } = shards[0].manifest;
  const datasets = await Promise.all(shards.map((s) => openInput(format, s.path, flags)));
  const its = datasets.map((d) => d.records[Symbol.asyncIterator]());
  const header = { ...datasets[0].header, kind: writeKind(format, flags), results: false };
  const writer = await openWriter(format, dir, name, header, flags);
  const skipped = new Set(shards.flatMap((s) => s.manifest.skipped));
  const total = shards.reduce((n, s) => n + s.manifest.images, 0);
  try {
    for (let i = 0; i < total; i++) {
      if (skipped.has(i)) continue;
      const k = i % shards.length;
      const next: IteratorResult<ImageRecord> = await its[k].next();
      if (next.done) throw new DataError(`${shards[k].path}: fewer images than its manifest says`);
      await writer.add(next.value);
    }
    for (const [k, it] of its.entries()) if (!(await it.next()).done) throw new DataError(`${shards[k].path}: more images than its manifest says`);
    return (await writer.close()).images;
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

/** Folder formats: every file of every shard (files written by all shards, such as data.yaml, must agree). */
async function mergeFolders(shards: ShardInput[], out: string): Promise<number> {
  const seen = new Map<string, string>();
  for (const s of shards) {
    for (const e of await readdir(s.path, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const parent = (e as unknown as { parentPath?: string; path: string }).parentPath ?? (e as unknown as { path: string }).path;
      const from = join(parent, e.name);
      const rel = from.slice(s.path.replace(/\/+$/, '').length + 1);
      const to = join(out, rel);
      const other = seen.get(rel);
      if (other !== undefined) {
        if (!(await readFile(from)).equals(await readFile(other))) throw new DataError(`${from} differs from ${other}: shards disagree`);
        continue;
      }
      if (existsSync(to)) continue;
      await mkdir(dirname(to), { recursive: true });
      await copyFile(from, to);
      seen.set(rel, from);
    }
  }
  return shards.reduce((n, s) => n + s.manifest.images - s.manifest.skipped.length, 0);
}
