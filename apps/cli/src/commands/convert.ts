// `segkit convert`: any reader to any writer, with the kind conversions in between, on all cores.
import { writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Command, Option } from 'commander';
import { SegkitError, type AnnotationFidelity, type Id } from 'segkit';
import { DataError, UsageError } from '../errors';
import { FORMATS, checkFormat, encodedFilesWriter, ENCODED_IN_WORKERS, isFileFormat, openWriter, panopticPngDir, writeKind, type FormatName } from '../formats';
import { openItems, runOrdered } from '../engine';
import { manifestPath, readManifest, type ShardManifest } from '../manifest';
import { defaultJobs, formatFlags, formatOptions, runOptions, type FormatOpts } from '../options';
import { outputExists, stage } from '../output';
import type { Plan } from '../pipeline';
import type { Converted } from '../tasks';
import { createPool } from '../pool';
import { progress } from '../progress';
import { resolveShard } from '../shard';
import type { Io } from '../program';

interface ConvertOpts extends FormatOpts {
  from: string;
  to: string;
  jobs?: number;
  quiet?: boolean;
  json?: boolean;
  force?: boolean;
  resume?: boolean;
  keepGoing?: boolean;
  shard?: string;
  shards?: string;
  order: Plan['order'];
  overlap: Plan['overlap'];
  include: Plan['include'];
  connectivity: string;
  minArea: number;
  segmentation: Plan['segmentation'];
  holes: Plan['holes'];
  tolerance: number;
  areaBbox: 'recompute' | 'keep';
}

/** The summary `--json` prints (one object on stdout). */
export interface ConvertSummary {
  command: 'convert';
  from: FormatName;
  to: FormatName;
  input: string;
  output: string;
  images: number;
  annotations: number;
  files: number;
  recomputed: number;
  seconds: number;
  imagesPerSecond: number;
  workers: number;
  shard: { index: number; count: number } | null;
  skipped: boolean;
  report: { lossless: number; changed: number; dropped: number; minIou: number };
  /** The first 100 annotations that were changed or dropped. */
  losses: { image: Id; annotation: Id; status: string; iou: number; reason?: string }[];
  errors: { index: number; image: Id; message: string }[];
}

export function convertCommand(io: Io): Command {
  const cmd = new Command('convert')
    .description('convert a dataset between formats (instances <-> semantic <-> panoptic as needed), streaming, on all cores')
    .argument('<input>', 'input file (coco, coco-panoptic JSON) or folder')
    .argument('<output>', 'output file (coco, coco-panoptic JSON; panoptic PNGs go to the path without .json) or folder')
    .addOption(new Option('--from <format>', 'input format').choices(FORMATS).makeOptionMandatory())
    .addOption(new Option('--to <format>', 'output format').choices(FORMATS).makeOptionMandatory())
    .option('--force', 'replace an existing output')
    .option('--resume', 'skip the run when its output is already complete (sharded: when the shard\'s manifest is there)')
    .option('--keep-going', 'collect per-image errors, write every good image, list the errors (exit 2); default: stop at the first')
    .option('--shard <K/N>', 'process only the images whose 0-based input position is K mod N')
    .option('--shards <N|auto>', 'as --shard, with K from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (auto: N from SLURM_ARRAY_TASK_COUNT)');
  runOptions(cmd);
  const g = 'Conversion policies:';
  cmd
    .addOption(new Option('--order <order>', 'instances -> semantic: which object is painted on top where they overlap').choices(['as-given', 'area-desc', 'z-order']).default('as-given').helpGroup(g))
    .addOption(new Option('--overlap <policy>', 'instances -> panoptic: overlapping objects').choices(['fail', 'skip', 'z-order', 'area']).default('fail').helpGroup(g))
    .addOption(new Option('--include <what>', 'panoptic -> instances: keep stuff segments or only things').choices(['all', 'things']).default('all').helpGroup(g))
    .addOption(new Option('--connectivity <n>', 'semantic -> instances/panoptic: pixel connectivity of a thing object').choices(['4', '8']).default('8').helpGroup(g))
    .addOption(new Option('--min-area <px>', 'semantic -> instances/panoptic: drop parts smaller than this (reported)').argParser(Number).default(0).helpGroup(g))
    .addOption(new Option('--segmentation <s>', 'output segmentation encoding').choices(['keep', 'rle', 'polygons']).default('keep').helpGroup(g))
    .addOption(new Option('--holes <mode>', 'RLE -> polygons: keep holes with zero-width cuts, or drop them (reported)').choices(['bridge', 'drop']).default('bridge').helpGroup(g))
    .addOption(new Option('--tolerance <px>', 'RLE -> polygons: simplification tolerance (0 = exact pixel edges; IoU reported)').argParser(Number).default(0).helpGroup(g))
    .addOption(new Option('--area-bbox <mode>', 'COCO output: area and bbox measured from the pixels by COCO\'s rule, or as read').choices(['recompute', 'keep']).default('recompute').helpGroup(g));
  formatOptions(cmd);
  return cmd.action(async (input: string, output: string, o: ConvertOpts) => {
    const summary = await convert(input, output, o, io);
    if (o.json) io.out(JSON.stringify(summary));
    else if (!o.quiet) printSummary(summary, io);
    if (summary.errors.length) throw new DataError(`${summary.errors.length} image(s) failed; the others were written to ${output}`);
  });
}

async function convert(input: string, output: string, o: ConvertOpts, io: Io): Promise<ConvertSummary> {
  const from = checkFormat(o.from, '--from');
  const to = checkFormat(o.to, '--to');
  const shard = resolveShard(o.shard, o.shards);
  const jobs = o.jobs ?? defaultJobs();
  const flags = formatFlags(o);
  const sameFamily = (from === 'coco' && to === 'coco') || (from === 'coco-panoptic' && to === 'coco-panoptic');
  flags.ids ??= sameFamily ? 'keep' : 'renumber';
  const outputs = [output, ...(to === 'coco-panoptic' ? [panopticPngDir(output, {})] : []), ...(shard ? [manifestPath(output)] : [])];
  const started = performance.now();
  const summary: ConvertSummary = {
    command: 'convert', from, to, input, output, images: 0, annotations: 0, files: 0, recomputed: 0, seconds: 0, imagesPerSecond: 0,
    workers: jobs, shard: shard ?? null, skipped: false, report: { lossless: 0, changed: 0, dropped: 0, minIou: 1 }, losses: [], errors: [],
  };
  if (o.resume && outputExists(output) && (!shard || (await readManifest(output)))) {
    summary.skipped = true;
    if (!o.quiet && !o.json) io.err(`segkit: ${output} is complete, skipped (--resume)`);
    return summary;
  }
  if (isFileFormat(to) && output.endsWith('/')) throw new UsageError(`${to} output must be a file path, got a folder: ${output}`);
  const staging = await stage(outputs, o.force === true || o.resume === true);
  // a signal removes the staging folder (SIGKILL cannot be caught: the next run removes it)
  const onSignal = (sig: NodeJS.Signals) => {
    rmSync(staging.dir, { recursive: true, force: true });
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let pool: ReturnType<typeof createPool> | undefined;
  let writer: Awaited<ReturnType<typeof openWriter>> | undefined;
  try {
    const source = await openItems(from, input, flags);
    const toKind = writeKind(to, flags);
    const header = { ...source.header, kind: toKind, results: false };
    if (!header.categories.length && !o.quiet) {
      io.err(`segkit: ${input} has no class table (no categories.json, no --categories): category ids are the pixel values and the output lists no classes`);
    }
    const plan: Plan = {
      from: source.header.kind, to: toKind, categories: source.header.categories, order: o.order, overlap: o.overlap, include: o.include,
      connectivity: Number(o.connectivity) as 4 | 8, minArea: o.minArea, segmentation: o.segmentation, holes: o.holes, tolerance: o.tolerance,
      measure: (to === 'coco' || to === 'coco-panoptic') && o.areaBbox === 'recompute',
    };
    // per-image files are encoded on the workers, JSON streams and YOLO's class list here
    const encoded = ENCODED_IN_WORKERS.has(to);
    const files = encoded ? encodedFilesWriter(to, staging.dir, basename(output), header) : undefined;
    writer = encoded ? undefined : await openWriter(to, staging.dir, basename(output), header, flags);
    pool = createPool(jobs, {
      plan,
      encode: encoded ? { format: to, header, flags } : undefined,
      read: source.read,
    });
    const total = source.count === undefined ? undefined : shard ? Math.ceil((source.count - shard.index) / shard.count) : source.count;
    const bar = progress({ label: 'convert', total, quiet: o.quiet });
    const skipped: number[] = [];
    const skip = (item: { index: number; id: Id; fileName: string }, message: string) => {
      skipped.push(item.index);
      summary.errors.push({ index: item.index, image: item.id, message });
      if (!o.quiet) io.err(`segkit: ${input}: ${message} (skipped)`);
      bar.tick();
    };
    const w = writer;
    const taken = await runOrdered<Converted>({
      items: source.items, pool, window: jobs > 1 ? 32 * jobs : 4, batch: source.read?.semantic ? 1 : 8, shard, kind: 'convert',
      async onResult(item, { record, files: encodedFiles, annotations, lossless, losses, recomputed }) {
        try {
          if (encodedFiles) await files!.add(encodedFiles, annotations);
          else await w!.add(record!);
        } catch (e) {
          // folder writers check a record (file names included) before writing any of its files,
          // so a refused record leaves the output consistent; a JSON stream may not be
          if (!o.keepGoing || isFileFormat(to) || !(e instanceof SegkitError)) throw e;
          skip(item, `image ${JSON.stringify(item.id)} (${item.fileName}): ${e.message}`);
          return;
        }
        summary.recomputed += recomputed;
        tally(summary, item.id, lossless, losses);
        bar.tick();
      },
      async onError(item, error) {
        if (!o.keepGoing) throw error;
        skip(item, error.message);
      },
    });
    bar.done();
    const written = await (files ?? writer!).close();
    summary.images = written.images;
    summary.annotations = written.annotations;
    summary.files = written.files;
    if (shard) {
      const manifest: ShardManifest = { segkit: 'shard', format: to, shard, images: taken, skipped, flags };
      await writeFile(join(staging.dir, basename(manifestPath(output))), `${JSON.stringify(manifest, null, 1)}\n`);
    }
    await staging.commit();
  } catch (e) {
    await writer?.abort().catch(() => {});
    await staging.discard();
    if (e instanceof DataError && !e.message.startsWith(input)) throw new DataError(`${input}: ${e.message}`);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pool?.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  summary.imagesPerSecond = summary.seconds > 0 ? summary.images / summary.seconds : 0;
  return summary;
}

function tally(s: ConvertSummary, image: Id, lossless: number, losses: AnnotationFidelity[]): void {
  s.report.lossless += lossless;
  for (const f of losses) {
    s.report[f.status]++;
    s.report.minIou = Math.min(s.report.minIou, f.iou);
    if (s.losses.length < 100) s.losses.push({ image, annotation: f.id, status: f.status, iou: f.iou, ...(f.reason ? { reason: f.reason } : {}) });
  }
}

function printSummary(s: ConvertSummary, io: Io): void {
  if (s.skipped) return;
  const shard = s.shard ? ` (shard ${s.shard.index}/${s.shard.count})` : '';
  io.out(`${s.from} -> ${s.to}: ${s.images} images, ${s.annotations} annotations, ${s.files} file${s.files === 1 ? '' : 's'} written to ${s.output}${shard}`);
  io.out(`  ${s.seconds.toFixed(2)} s, ${s.imagesPerSecond.toFixed(1)} images/s, ${s.workers} worker${s.workers > 1 ? 's' : ''}`);
  const r = s.report;
  io.out(`  fidelity: ${r.lossless} lossless, ${r.changed} changed${r.changed ? ` (min IoU ${r.minIou.toFixed(4)})` : ''}, ${r.dropped} dropped`);
  for (const l of s.losses.slice(0, 10)) {
    io.out(`    image ${JSON.stringify(l.image)} annotation ${JSON.stringify(l.annotation)}: ${l.status}, IoU ${l.iou.toFixed(4)}${l.reason ? `, ${l.reason}` : ''}`);
  }
  if (s.report.changed + s.report.dropped > 10) io.out(`    … ${s.report.changed + s.report.dropped - 10} more (--json lists the first 100)`);
  if (s.recomputed) io.out(`  ${s.recomputed} stored areas/bboxes differed from the pixels and were recomputed`);
  if (s.errors.length) io.out(`  ${s.errors.length} image(s) skipped for errors`);
}
