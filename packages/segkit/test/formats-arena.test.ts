// The kernel arena is back at its base after every format operation of this area, including
// ones that throw.
import { describe, expect, it } from 'vitest';
import {
  labelmeVocWriter, labelmeWriter, memoryFiles, polygonJsonWriter, readLabelme, readPolygonJson, readYoloSeg, SegkitError, validate, writeAll,
  yoloSegWriter, type Dataset, type ImageRecord,
} from '../src/index';
import { arenaInUse } from '../src/wasm/kernel';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const drain = async (ds: Dataset) => {
  const out: ImageRecord[] = [];
  for await (const r of ds.records) out.push(r);
  return out;
};
const shapes = [
  { label: 'a', points: [[1, 1], [9, 1], [9, 7]], shape_type: 'polygon', group_id: 1 },
  { label: 'a', points: [[11, 1], [15, 1], [15, 5]], shape_type: 'polygon', group_id: 1 },
  { label: 'b', points: [[3, 3], [6, 8]], shape_type: 'circle', group_id: null },
];
const lm = memoryFiles({ 'x.json': enc({ shapes, imagePath: 'x.jpg', imageHeight: 12, imageWidth: 18 }) });
const header = { kind: 'instances' as const, categories: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }] };

describe('arena after format operations', () => {
  it('is at its base after every read, write and validation, also when they throw', async () => {
    const recs = await drain(await readLabelme(lm));
    const ops: Array<() => Promise<unknown>> = [
      async () => drain(await readLabelme(lm, { raster: 'labelme', bbox: 'vertices' })),
      async () => writeAll(labelmeWriter(memoryFiles(), header), recs),
      async () => writeAll(labelmeVocWriter(memoryFiles(), header), recs),
      async () => writeAll(yoloSegWriter(memoryFiles(), header, { holes: 'split' }), recs),
      async () => writeAll(yoloSegWriter(memoryFiles(), header), recs), // throws without tracing for the 2-part object
      async () => writeAll(polygonJsonWriter(memoryFiles(), header, { holes: 'split' }), recs),
      async () => drain(await readYoloSeg(memoryFiles({ 'classes.txt': enc('a'), 'labels/x.txt': enc('0 0.1 0.1 0.5 0.1 0.5 0.5\n') }), { size: { width: 8, height: 8 } })),
      async () => drain(await readYoloSeg(memoryFiles({ 'classes.txt': enc('a'), 'labels/x.txt': enc('3 0.1 0.1\n') }), { size: { width: 8, height: 8 } })),
      async () => drain(await readPolygonJson(memoryFiles({ 'p.json': enc([{ pk: 'u', class: 1, points: [[0, 0], [5, 0], [5, 5]] }]) }), { size: { width: 8, height: 8 } })),
      async () => validate(recs, header.categories, { fix: true, kind: 'panoptic' }),
      async () => validate([{ ...recs[0], annotations: [{ ...recs[0].annotations[0], segmentation: [[0, 0, 40, 40, 40, 0, 0, 40]] }] }], header.categories, { fix: true }),
    ];
    for (let round = 0; round < 20; round++) {
      for (const [k, op] of ops.entries()) {
        try {
          await op();
        } catch (e) {
          expect(e).toBeInstanceOf(SegkitError);
        }
        if (arenaInUse() !== 0) throw new Error(`arena not at base after op ${k}`);
      }
    }
  });
});
