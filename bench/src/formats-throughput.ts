// Throughput of the annotation-tool formats and validation, in memory (no disk): write and read
// YOLO-seg, LabelMe and polygon JSON for generated images, validate them, read image headers.
// These are async APIs, so they are timed here rather than in the synchronous case harness;
// there is no JavaScript peer for these formats.
//
//   pnpm --filter @segkit/bench exec tsx src/formats-throughput.ts [--images 400] [--objects 20] [--runs 5]
import { createCanvas } from '@napi-rs/canvas';
import {
  imageSize, labelmeWriter, memoryFiles, polygonJsonWriter, readLabelme, readPolygonJson, readYoloSeg, rleArea, rleBbox, rleFromPolygons, validate,
  writeAll, yoloSegWriter, type Dataset, type ImageRecord,
} from 'segkit';
import { rng } from './workloads/random';

const args = process.argv.slice(2);
const value = (n: string, d: number) => (args.includes(n) ? Number(args[args.indexOf(n) + 1]) : d);
const IMAGES = value('--images', 400), OBJECTS = value('--objects', 20), RUNS = value('--runs', 5);
const W = 640, H = 480;

/** Records of star-shaped polygons (16-40 integer vertices), area and bbox by COCO's rule. */
function records(): ImageRecord[] {
  const r = rng(1);
  let id = 1;
  return Array.from({ length: IMAGES }, (_, i) => ({
    image: { id: i + 1, fileName: `images/train/${i}.png`, width: W, height: H },
    annotations: Array.from({ length: OBJECTS }, () => {
      const n = 16 + Math.floor(r() * 25), cx = 60 + r() * (W - 120), cy = 60 + r() * (H - 120), rad = 10 + r() * 50;
      const p: number[] = [];
      for (let k = 0; k < n; k++) {
        const t = (2 * Math.PI * k) / n, q = rad * (0.5 + 0.5 * r());
        p.push(Math.round(cx + q * Math.cos(t)), Math.round(cy + q * Math.sin(t)));
      }
      const rle = rleFromPolygons([p], H, W);
      return { id: id++, categoryId: 1 + Math.floor(r() * 3), iscrowd: false, segmentation: [p], area: rleArea(rle), bbox: rleBbox(rle) };
    }),
  }));
}

const header = { kind: 'instances' as const, categories: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: 'c' }] };
const drain = async (ds: Dataset) => {
  let n = 0;
  for await (const rec of ds.records) n += rec.annotations.length;
  return n;
};

async function time(name: string, fn: () => Promise<unknown>, per: number, unit: string) {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const med = ms[ms.length >> 1];
  console.log(`${name.padEnd(34)} ${med.toFixed(1).padStart(9)} ms  (${ms[0].toFixed(1)}-${ms[ms.length - 1].toFixed(1)})  ${((per / med) * 1000).toFixed(0).padStart(8)} ${unit}/s`);
}

const recs = records();
const yolo = memoryFiles();
await writeAll(yoloSegWriter(yolo, header), recs);
const lm = memoryFiles();
await writeAll(labelmeWriter(lm, header), recs);
const pj = memoryFiles();
await writeAll(polygonJsonWriter(pj, header), recs);
const size = { width: W, height: H };
const jpeg = new Uint8Array(await createCanvas(1920, 1080).encode('jpeg'));

console.log(`${IMAGES} images x ${OBJECTS} polygons (16-40 vertices), ${W}x${H}; median of ${RUNS} runs, in memory`);
await time('yolo-seg write', () => writeAll(yoloSegWriter(memoryFiles(), header), recs), IMAGES, 'images');
await time('yolo-seg read', async () => drain(await readYoloSeg(yolo, { yaml: false, size, categories: header.categories })), IMAGES, 'images');
await time('labelme write', () => writeAll(labelmeWriter(memoryFiles(), header), recs), IMAGES, 'images');
await time('labelme read', async () => drain(await readLabelme(lm, { categories: header.categories })), IMAGES, 'images');
await time('polygon-json write', () => writeAll(polygonJsonWriter(memoryFiles(), header), recs), IMAGES, 'images');
await time('polygon-json read', async () => drain(await readPolygonJson(pj, { size, categories: header.categories, variant: 'instance' })), IMAGES, 'images');
await time('validate', () => validate(recs, header.categories), IMAGES * OBJECTS, 'annotations');
await time('validate (fix)', () => validate(recs, header.categories, { fix: true }), IMAGES * OBJECTS, 'annotations');
await time('imageSize (JPEG 1920x1080) x1000', async () => {
  for (let i = 0; i < 1000; i++) await imageSize(jpeg);
}, 1000, 'headers');
