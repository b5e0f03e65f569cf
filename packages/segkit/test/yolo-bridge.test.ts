// holes: 'bridge' — one YOLO line (one polygon-JSON record) per object that re-rasterises by
// COCO's rule to exactly the object's pixels: multi-part polygons (overlapping or not) and RLEs
// with holes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  memoryFiles, polygonJsonWriter, readPolygonJson, readYoloSeg, rleEncode, rleFromPolygons, validate, writeAll, yoloSegWriter,
  type Annotation, type ImageRecord, type Rle,
} from '../src/index';

const W = 23, H = 17;
const CATS = [{ id: 1, name: 'a' }];

const mask = fc.array(fc.boolean(), { minLength: W * H, maxLength: W * H }).map((bits) => ({ width: W, height: H, data: Uint8Array.from(bits, (b) => (b ? 1 : 0)) }));
const ring = fc.array(fc.tuple(fc.integer({ min: -2, max: W + 2 }), fc.integer({ min: -2, max: H + 2 })), { minLength: 3, maxLength: 6 }).map((p) => p.flat());

const record = (seg: number[][] | Rle): ImageRecord => ({
  image: { id: 1, fileName: 'a.png', width: W, height: H },
  annotations: [{ id: 1, categoryId: 1, iscrowd: false, segmentation: seg, bbox: [0, 0, 0, 0], area: 0 } as Annotation],
});
const pixels = (seg: number[][] | Rle) => (Array.isArray(seg) ? rleFromPolygons(seg, H, W) : seg);

async function yoloBack(r: ImageRecord): Promise<number[][]> {
  const out = memoryFiles();
  await writeAll(yoloSegWriter(out, { kind: 'instances', categories: CATS }), [r]); // 6 decimals
  const lines = new TextDecoder().decode(out.files.get('labels/a.txt')!).trim().split('\n').filter((l) => l);
  expect(lines.length).toBeLessThanOrEqual(1); // one line per object
  const recs = [];
  for await (const b of (await readYoloSeg(out, { yaml: false, categories: CATS, size: { width: W, height: H } })).records) recs.push(b);
  return recs[0].annotations.map((a) => (a.segmentation as number[][])[0]);
}

describe("holes: 'bridge'", () => {
  it('an RLE (holes, several parts) -> one YOLO line -> the same pixels', async () => {
    await fc.assert(
      fc.asyncProperty(mask, async (m) => {
        const rle = rleEncode(m);
        const polys = await yoloBack(record(rle));
        const back = polys.length ? rleFromPolygons(polys, H, W) : { height: H, width: W, counts: Uint32Array.of(H * W) };
        expect(Array.from(back.counts)).toEqual(Array.from(rle.counts));
      }),
      { seed: 21, numRuns: 150 },
    );
  });

  it('polygon parts (overlapping or not) -> one line -> their union by COCO\'s rule', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ring, { minLength: 2, maxLength: 4 }), async (parts) => {
        const polys = await yoloBack(record(parts));
        const want = pixels(parts);
        const got = polys.length ? rleFromPolygons(polys, H, W) : { height: H, width: W, counts: Uint32Array.of(H * W) };
        expect(Array.from(got.counts)).toEqual(Array.from(want.counts));
      }),
      { seed: 22, numRuns: 150 },
    );
  });

  it('polygon JSON: one record per object, same pixels; validation finds no crossings in bridged outlines', async () => {
    await fc.assert(
      fc.asyncProperty(mask, async (m) => {
        const rle = rleEncode(m);
        const out = memoryFiles();
        await writeAll(polygonJsonWriter(out, { kind: 'instances', categories: CATS }), [record(rle)]);
        const recs = [];
        for await (const b of (await readPolygonJson(out, { size: { width: W, height: H }, categories: CATS })).records) recs.push(b);
        const anns = recs[0].annotations;
        expect(anns.length).toBeLessThanOrEqual(1);
        if (anns.length) expect(Array.from(rleFromPolygons(anns[0].segmentation as number[][], H, W).counts)).toEqual(Array.from(rle.counts));
        const { findings } = await validate(recs, CATS, { ids: 'any' });
        expect(findings.filter((f) => f.code === 'W_SELF_INTERSECTION')).toEqual([]);
      }),
      { seed: 23, numRuns: 100 },
    );
  });
});
