// Polygon JSON (an annotation tool's instance and semantic exports): reading, writing, and the
// seed files converted to COCO.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import sharp from 'sharp';
import {
  memoryFiles, memorySink, polygonJsonWriter, readCoco, readPolygonJson, bytesSource, rleArea, rleFromPolygons, writeAll, writeCoco,
  type Dataset, type ImageRecord,
} from '../src/index';
import { realDir } from './real-fixtures';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
async function all(ds: Dataset): Promise<ImageRecord[]> {
  const out: ImageRecord[] = [];
  for await (const r of ds.records) out.push(r);
  return out;
}
const SIZE = { width: 64, height: 48 };

describe('readPolygonJson', () => {
  it('instance records: pk as id, class as category, extra keys kept; size from an image of the same name', async () => {
    const img = new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#000' } }).jpeg().toBuffer());
    const files = memoryFiles({
      'a.json': enc([
        { pk: 'u-1', class: 5, points: [[1, 1], [20, 1], [20, 20]], isVisible: false, markup_type: 'polygon', score: 0.5 },
        { pk: 'u-2', class: 2, points: [[30, 2], [39, 2], [39, 9], [30, 9]], isVisible: true, markup_type: 'polygon' },
      ]),
      'a.jpg': img,
    });
    const ds = await readPolygonJson(files);
    expect(ds.header).toEqual({ kind: 'instances', categories: [{ id: 2, name: '2' }, { id: 5, name: '5' }] });
    const [r] = await all(ds);
    expect(r.image).toEqual({ id: 'a', fileName: 'a.jpg', width: 40, height: 30 });
    expect(r.annotations.map((a) => [a.id, a.categoryId, a.attributes])).toEqual([
      ['u-1', 5, { isVisible: false, score: 0.5 }],
      ['u-2', 2, { isVisible: true }],
    ]);
    expect(r.annotations[1].area).toBe(rleArea(rleFromPolygons([[30, 2, 39, 2, 39, 9, 30, 9]], 30, 40)));
  });

  it('semantic records: one annotation per contour; contours of fewer than 3 points reported, not crashed on', async () => {
    const files = memoryFiles({
      's.json': enc([{ classID: 1, contours: [{ id: 'c1', points: [[5, 5]] }, { id: 'c2', points: [[1, 1], [9, 1], [9, 9]] }, { id: 'c3', points: [[1, 1], [2, 2]] }] }]),
    });
    const ds = await readPolygonJson(files, { size: SIZE });
    expect(ds.header.kind).toBe('semantic');
    const [r] = await all(ds);
    expect(r.annotations.map((a) => a.id)).toEqual(['c2']);
    expect(r.warnings?.map((w) => [w.code, w.location])).toEqual([['W_FEW_POINTS', '[0].contours[0].points'], ['W_FEW_POINTS', '[0].contours[2].points']]);
    const kept = await all(await readPolygonJson(files, { size: SIZE, degenerate: 'keep' }));
    expect(kept[0].annotations.map((a) => a.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('refuses other markup types and missing sizes, naming file and path', async () => {
    const bad = memoryFiles({ 'b.json': enc([{ pk: 'x', class: 1, points: [[0, 0], [1, 0], [1, 1]], markup_type: 'bbox' }]) });
    await expect(readPolygonJson(bad, { size: SIZE }).then(all)).rejects.toThrow(/b\.json at \[0\]\.markup_type: expected "polygon"/);
    await expect(readPolygonJson(bad).then(all)).rejects.toThrow(/b\.json: no image size/);
  });
});

describe('polygon JSON write -> read', () => {
  const polygon = fc.array(fc.tuple(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 48 })), { minLength: 3, maxLength: 8 });
  for (const variant of ['instance', 'semantic'] as const) {
    it(`${variant}: the same records`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), polygon), { maxLength: 6 }), async (objs) => {
          const r: ImageRecord = {
            image: { id: 'im', fileName: 'im.jpg', width: SIZE.width, height: SIZE.height },
            annotations: objs.map(([c, pts], j) => {
              const seg = [pts.flat()];
              const rle = rleFromPolygons(seg, SIZE.height, SIZE.width);
              return { id: `id-${j}`, categoryId: c, iscrowd: false, segmentation: seg, area: rleArea(rle), bbox: [0, 0, 0, 0] as [number, number, number, number] };
            }),
          };
          const out = memoryFiles();
          await writeAll(polygonJsonWriter(out, { kind: variant === 'semantic' ? 'semantic' : 'instances', categories: [] }, { variant }), [r]);
          const [b] = await all(await readPolygonJson(out, { size: SIZE, variant }));
          const key = (a: { id: unknown; categoryId: number; segmentation: unknown; area: number }) => JSON.stringify([a.id, a.categoryId, a.segmentation, a.area]);
          // semantic files group by class: compare as sets
          expect(b.annotations.map(key).sort()).toEqual(r.annotations.map(key).sort());
          if (variant === 'instance') expect(b.annotations.map((a) => a.attributes)).toEqual(r.annotations.map(() => ({ isVisible: true })));
        }),
        { seed: 5, numRuns: 60 },
      );
    });
  }
});

const SEED = realDir ? join(realDir, '..', 'seed-formats') : undefined;
const seedIt = SEED && existsSync(SEED) ? it : it.skip;
if (!(SEED && existsSync(SEED))) console.warn('seed formats not found (../shared/fixtures/seed-formats beside the real fixtures): skipping the seed-file tests');

describe('seed polygon JSON files -> COCO', () => {
  seedIt('instance-polygon.json: one object, pk kept as the annotation id (image size by option)', async () => {
    const files = memoryFiles({ 'towers.json': readFileSync(join(SEED!, 'instance-polygon.json')) });
    const ds = await readPolygonJson(files, { size: { width: 3000, height: 4000 } });
    const sink = memorySink('towers-coco.json');
    const summary = await writeCoco(sink, ds);
    expect(summary).toMatchObject({ images: 1, annotations: 1 });
    const coco = JSON.parse(sink.text());
    const [ann] = coco.annotations;
    expect(ann.id).toBe('90056cde-ce60-4157-801e-07d16fd4a05b');
    expect(ann.category_id).toBe(93);
    expect(coco.categories).toEqual([{ id: 93, name: '93' }]);
    expect(ann.segmentation[0].length).toBe(86);
    expect(ann.area).toBe(rleArea(rleFromPolygons(ann.segmentation, 4000, 3000)));
    expect(ann.isVisible).toBe(true);
    // and COCO reads it back
    const back = await readCoco(bytesSource(sink.text()));
    expect((await all(back))[0].annotations[0].id).toBe(ann.id);
  });

  seedIt('semantic-contours.json: the 1-point contour reported and left out, the other converted', async () => {
    const files = memoryFiles({ 'scene.json': readFileSync(join(SEED!, 'semantic-contours.json')) });
    const ds = await readPolygonJson(files, { size: { width: 6000, height: 4000 } });
    const recs = await all(ds);
    expect(recs[0].warnings?.[0]).toMatchObject({ code: 'W_FEW_POINTS', location: '[0].contours[0].points' });
    const sink = memorySink();
    await writeCoco(sink, { header: ds.header, records: recs as any });
    const coco = JSON.parse(sink.text());
    expect(coco.annotations.map((a: any) => [a.id, a.category_id])).toEqual([['7b77979f-df13-413a-816c-4ac0edb7f3a1', 1]]);
    expect(coco.annotations[0].area).toBeGreaterThan(0);
  });
});
