// End to end: a folder of 100 semantic label PNGs -> a COCO instances JSON (every class a thing,
// split into 8-connected components), by segkit's CLI with one and two workers and by a Python
// pipeline on OpenCV, each a spawned process timed from spawn to exit (median of a few runs after
// a warm-up run whose output is the gate's).
// Gate: per image (by file name), the multiset of (category, area, bbox) of the annotations, and
// so their count and total area. Documented difference: segkit writes each component as an RLE,
// holes included; the Python pipeline writes outer-border polygons (holes cannot be expressed in
// COCO polygons), with area and bbox from the component's pixels, as segkit's.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { semanticPngDataset, SEMANTIC } from '../workloads/semantic-pngs';
import { probeCv2, PYTHON } from '../peers/native';
import { CLI, cliUnavailable, repeatTimed, runTimed, WORK } from '../peers/spawn';
import type { MeasureOptions } from '../harness';
import type { Case, Impl } from './types';

const NATIVE = join(WORK, '..', 'src', 'native', 'semantic_to_coco.py');

/** Per image file name: its annotations as sorted 'category area x,y,w,h' lines. */
type Summary = Map<string, string[]>;

export function summarise(path: string): Summary {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as {
    images: { id: number; file_name: string }[];
    annotations: { image_id: number; category_id: number; area: number; bbox: number[] }[];
  };
  const names = new Map(doc.images.map((i) => [i.id, i.file_name]));
  const out: Summary = new Map(doc.images.map((i) => [i.file_name, []]));
  for (const a of doc.annotations) out.get(names.get(a.image_id)!)!.push(`${a.category_id} ${a.area} ${a.bbox.join(',')}`);
  for (const lines of out.values()) lines.sort();
  return out;
}

export const canonical = (s: Summary) => {
  const h = createHash('sha1');
  for (const name of [...s.keys()].sort()) h.update(`${name}\n${s.get(name)!.join('\n')}\n`);
  return h.digest('hex');
};

/** The first image whose annotations differ, said in counts and total areas. */
export function agrees(s: Summary, ref: Summary): string | undefined {
  if (s.size !== ref.size) return `${s.size} images instead of ${ref.size}`;
  const total = (lines: string[]) => lines.reduce((t, l) => t + Number(l.split(' ')[1]), 0);
  for (const [name, want] of ref) {
    const got = s.get(name);
    if (!got) return `no image ${name}`;
    if (got.join('\n') !== want.join('\n')) {
      return `${name}: ${got.length} annotations, ${total(got)} px instead of ${want.length}, ${total(want)} px (or different boxes)`;
    }
  }
  return undefined;
}

/** Timed runs: 5, or 2 with --quick (a run takes seconds). */
const runsOf = (opts: MeasureOptions) => ((opts.samples ?? 15) >= 15 ? 5 : 2);

const outDir = join(WORK, 'e2e-out');

function cliImpl(jobs: number): Impl<string> {
  return {
    name: jobs === 1 ? 'segkit CLI -j 1' : `segkit CLI -j ${jobs}`,
    includes: `node apps/cli/dist/segkit.js convert --from semantic-png --to coco -j ${jobs} (${jobs === 1 ? 'main thread' : `${jobs} worker threads; PNGs decoded in the main thread`}): process start, PNG decode, components as RLEs, area/bbox, JSON written`,
    unavailable: cliUnavailable,
    run: () => undefined,
    canonical,
    external: (dir, opts) => {
      const out = join(outDir, `segkit-j${jobs}.json`);
      const r = repeatTimed(runsOf(opts), () => runTimed(process.execPath, [CLI, 'convert', '--from', 'semantic-png', '--to', 'coco', dir, out, '-j', String(jobs), '--quiet', '--json', '--force']));
      const summary = JSON.parse(r.first.stdout.trim().split('\n').pop()!);
      if (summary.images !== SEMANTIC.images) throw new Error(`the CLI wrote ${summary.images} images`);
      return { output: summarise(out), timing: r.timing };
    },
  };
}

const python: Impl<string> = {
  name: 'Python + OpenCV, 1 process',
  includes: 'python3 semantic_to_coco.py: interpreter start, cv2.imread, per class inRange + connectedComponentsWithStats + findContours, json.dump (one process, OpenCV default threads)',
  note: 'outer-border polygons (holes left out: COCO polygons cannot carry them), area and bbox from the pixels; segkit writes RLEs with holes',
  unavailable: () => probeCv2().why,
  run: () => undefined,
  canonical,
  agrees,
  external: (dir, opts) => {
    const out = join(outDir, 'python.json');
    const r = repeatTimed(runsOf(opts), () => runTimed(PYTHON, [NATIVE, dir, out, String(SEMANTIC.void)]));
    return { output: summarise(out), timing: r.timing };
  },
};

export const semanticToCoco: Case<string> = {
  name: 'e2e-semantic-coco',
  title: `${SEMANTIC.images} semantic label PNGs (${SEMANTIC.width}x${SEMANTIC.height}, ${SEMANTIC.classes} classes, ~64 components each) -> COCO instances JSON`,
  unit: 'per image',
  perCall: SEMANTIC.images,
  throughput: 'images/s',
  setup: async () => {
    mkdirSync(outDir, { recursive: true });
    return semanticPngDataset(WORK);
  },
  impls: [cliImpl(1), cliImpl(2), python],
};

export const e2eCases: Case[] = [semanticToCoco];
