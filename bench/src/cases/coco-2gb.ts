// Bounded memory on a COCO file far beyond V8's string limit (issue #8): a generated 2 GiB COCO
// instances JSON (annotations scattered over the images, as COCO's own files) converted by the CLI
// to COCO with RLE segmentations, one run with one worker and one with two, each a spawned process
// whose peak RSS is measured (/usr/bin/time, else VmHWM polled from /proc). Not in the default
// run: generating and converting take minutes and 2 GiB of disk, removed afterwards.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateCocoJson } from '../workloads/coco-json';
import { CLI, cliUnavailable, runTimedAsync, WORK } from '../peers/spawn';
import type { Case, Impl } from './types';

const MIB = Number(process.env.SEGKIT_BENCH_COCO_MIB ?? 2048);
const dir = join(WORK, 'coco-2gb');
const input = join(dir, 'instances.json');

function cliImpl(jobs: number): Impl<string> {
  return {
    name: `segkit CLI -j ${jobs}`,
    includes: `convert --from coco --to coco --segmentation rle -j ${jobs}: process start, streamed read, polygons to RLE, area/bbox, streamed write`,
    unavailable: cliUnavailable,
    run: () => undefined,
    canonical: (s: { images: number; annotations: number }) => `${s.images} images, ${s.annotations} annotations`,
    external: async (path) => {
      const out = join(dir, `out-j${jobs}.json`);
      const r = await runTimedAsync(process.execPath, [CLI, 'convert', '--from', 'coco', '--to', 'coco', '--segmentation', 'rle', path, out, '-j', String(jobs), '--quiet', '--json', '--force']);
      const summary = JSON.parse(r.stdout.trim().split('\n').pop()!);
      const facts = coco2gb.facts!;
      facts[`peak RSS -j ${jobs} (MiB)`] = r.peakRssKiB === undefined ? 'not measured' : Math.round(r.peakRssKiB / 1024);
      facts[`output -j ${jobs} (MiB)`] = Math.round(statSync(out).size / 2 ** 20);
      facts[`images/s -j ${jobs}`] = Math.round(summary.images / (r.ms / 1000));
      rmSync(out, { force: true });
      return { output: { images: summary.images, annotations: summary.annotations }, timing: { median: r.ms, min: r.ms, max: r.ms } };
    },
  };
}

export const coco2gb: Case<string> = {
  name: 'coco-2gb',
  title: `a generated ${MIB} MiB COCO instances JSON (10 annotations per 640x480 image, scattered; polygons, 1 in 5 RLE) -> COCO with RLEs: one run each, peak RSS`,
  unit: 'per image',
  throughput: 'images/s',
  samples: 1,
  optIn: `generates ${MIB} MiB under bench/.work and converts it twice (minutes); pnpm bench --case coco-2gb`,
  facts: {},
  setup: async () => {
    mkdirSync(dir, { recursive: true });
    const t0 = performance.now();
    const { images, annotations } = await generateCocoJson(input, MIB, 'scattered');
    coco2gb.perCall = images;
    coco2gb.facts = {
      'input (MiB)': Math.round(statSync(input).size / 2 ** 20),
      images,
      annotations,
      'generated in (s)': Math.round((performance.now() - t0) / 1000),
    };
    return input;
  },
  teardown: () => rmSync(dir, { recursive: true, force: true }),
  impls: [cliImpl(1), cliImpl(2)],
};
