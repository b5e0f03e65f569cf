// Flags shared by several commands: how formats are read and written, and how the run behaves.
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { FormatFlags } from './formats';

const int = (min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return n;
};

const size = (v: string) => {
  const m = /^(\d+)x(\d+)$/.exec(v);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new InvalidArgumentError('expected WIDTHxHEIGHT, e.g. 640x480');
  return { width: Number(m[1]), height: Number(m[2]) };
};

/** Adds the format flags (reading and writing) to a command. */
export function formatOptions(cmd: Command): Command {
  const g = 'Format options:';
  return cmd
    .addOption(new Option('--categories <file>', 'class table: a COCO JSON with "categories" (or a list), or a text file with one class per line (ids from 0); default: the format\'s own (folder formats: categories.json in the folder when present)').helpGroup(g))
    .addOption(new Option('--png-dir <dir>', 'coco-panoptic input: the PNG folder (default: the JSON path without .json)').helpGroup(g))
    .addOption(new Option('--panoptic-encoding <e>', 'coco-panoptic PNG values').choices(['id', '2-channel']).default('id').helpGroup(g))
    .addOption(new Option('--instance-encoding <e>', 'instance-png layout').choices(['voc', 'cityscapes', 'class-instance']).default('voc').helpGroup(g))
    .addOption(new Option('--void <value>', 'semantic/instance PNG void value (default 255 for semantic and voc, else 0)').argParser(int(0)).helpGroup(g))
    .addOption(new Option('--palette <p>', 'semantic/instance PNG output: palette PNG with these colours (default 8/16-bit grey)').choices(['voc', 'categories']).helpGroup(g))
    .addOption(new Option('--size <WxH>', 'yolo-seg/polygon-json input: image size for label files without an image').argParser(size).helpGroup(g))
    .addOption(new Option('--variant <v>', 'polygon-json records').choices(['instance', 'semantic']).helpGroup(g))
    .addOption(new Option('--write-holes <mode>', 'yolo-seg/polygon-json output: parts and holes joined by zero-width cuts, or one polygon per part').choices(['bridge', 'split']).default('bridge').helpGroup(g))
    .addOption(new Option('--rle-counts <c>', 'COCO RLE counts: compressed string or run lengths').choices(['string', 'array']).default('string').helpGroup(g))
    .addOption(new Option('--read-batch <MiB>', 'coco/coco-panoptic input: MiB of annotation JSON parsed at a time (peak memory grows with it)').argParser(int(1)).default(4).helpGroup(g))
    .addOption(new Option('--ids <ids>', 'COCO output ids: as read, or numbered 1, 2, … in output order (default: keep for coco -> coco and coco-panoptic -> coco-panoptic, else renumber)').choices(['keep', 'renumber']).helpGroup(g));
}

export interface FormatOpts {
  categories?: string;
  pngDir?: string;
  panopticEncoding: 'id' | '2-channel';
  instanceEncoding: 'voc' | 'cityscapes' | 'class-instance';
  void?: number;
  palette?: 'voc' | 'categories';
  size?: { width: number; height: number };
  variant?: 'instance' | 'semantic';
  writeHoles: 'bridge' | 'split';
  rleCounts: 'string' | 'array';
  ids?: 'keep' | 'renumber';
  readBatch: number;
}

export function formatFlags(o: FormatOpts): FormatFlags {
  return {
    categories: o.categories, pngDir: o.pngDir, panopticEncoding: o.panopticEncoding, instanceEncoding: o.instanceEncoding,
    void: o.void, palette: o.palette, size: o.size, variant: o.variant, holes: o.writeHoles, rleCounts: o.rleCounts, ids: o.ids, readBatch: o.readBatch,
  };
}

/** Adds -j, --quiet, --json. */
export function runOptions(cmd: Command): Command {
  return cmd
    .option('-j, --jobs <n>', `worker threads, each with its own wasm instance (default: all cores, ${availableParallelism()} here)`, int(1))
    .option('--quiet', 'no progress and no summary text (errors still go to stderr)')
    .option('--json', 'print one JSON summary object on stdout at the end (progress stays on stderr)');
}

export const defaultJobs = () => availableParallelism();
