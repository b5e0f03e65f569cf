// Semantic -> instances / panoptic against a flood-fill oracle, and the round trips through them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  semanticToInstances, semanticToPanoptic, instancesToSemantic, rleDecode, rleFromPolygons, InvalidInputError, type Annotation,
  type Category, type ImageRecord, type Rle,
} from '../src/index';
import { runs } from './datasets';

/** A semantic record from a class map (-1 void). */
function semanticRecord(width: number, height: number, classes: number[]): ImageRecord {
  const values = [...new Set(classes)].filter((c) => c >= 0).sort((a, b) => a - b);
  const annotations: Annotation[] = values.map((c) => {
    const data = Uint8Array.from(classes, (v) => (v === c ? 1 : 0));
    const rle = rleFromMask(width, height, data);
    return { id: c, categoryId: c, iscrowd: false, segmentation: rle, bbox: [0, 0, 0, 0], area: 0 };
  });
  return { image: { id: 1, fileName: 'a.png', width, height }, annotations };
}

/** COCO counts of a row-major 0/1 mask, the slow way. */
function rleFromMask(w: number, h: number, data: Uint8Array): Rle {
  const counts: number[] = [];
  let cur = 0, run = 0;
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) {
    const v = data[y * w + x];
    if (v !== cur) { counts.push(run); run = 0; cur = v; }
    run++;
  }
  counts.push(run);
  return { height: h, width: w, counts: Uint32Array.from(counts) };
}

/** Components of equal non-void values by flood fill, numbered in raster order of their first pixel. */
function floodComponents(w: number, h: number, classes: number[], isThing: (c: number) => boolean, conn: 4 | 8): { cls: number; pixels: number[] }[] {
  const seen = new Uint8Array(w * h);
  const out: { cls: number; pixels: number[] }[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const p = y * w + x;
    const c = classes[p];
    if (seen[p] || c < 0 || !isThing(c)) continue;
    const pixels: number[] = [];
    const stack = [p];
    seen[p] = 1;
    while (stack.length) {
      const q = stack.pop()!;
      pixels.push(q);
      const qx = q % w, qy = Math.floor(q / w);
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        if ((dx === 0 && dy === 0) || (conn === 4 && dx !== 0 && dy !== 0)) continue;
        const nx = qx + dx, ny = qy + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const r = ny * w + nx;
        if (!seen[r] && classes[r] === c) { seen[r] = 1; stack.push(r); }
      }
    }
    out.push({ cls: c, pixels: pixels.sort((a, b) => a - b) });
  }
  return out;
}

const pixelsOf = (rle: Rle) => { const out: number[] = []; rleDecode(rle).data.forEach((v, p) => { if (v) out.push(p); }); return out; };

const classMapArb = fc.record({ w: fc.integer({ min: 1, max: 16 }), h: fc.integer({ min: 1, max: 16 }), k: fc.integer({ min: 1, max: 4 }) }).chain(({ w, h, k }) =>
  fc.record({ w: fc.constant(w), h: fc.constant(h), classes: fc.array(fc.integer({ min: -1, max: k }), { minLength: w * h, maxLength: w * h }), stuff: fc.subarray([0, 1, 2, 3, 4]), conn: fc.constantFrom(4 as const, 8 as const), minArea: fc.integer({ min: 0, max: 4 }) }),
);
const catsOf = (stuff: number[]): Category[] => [0, 1, 2, 3, 4].map((id) => ({ id, name: `c${id}`, isthing: !stuff.includes(id) }));

describe('semanticToInstances', () => {
  it('equals a flood fill per thing class (raster order), stuff one region each, dust below minArea reported', () => {
    fc.assert(fc.property(classMapArb, ({ w, h, classes, stuff, conn, minArea }) => {
      const r = semanticRecord(w, h, classes);
      const { record, report } = semanticToInstances(r, { categories: catsOf(stuff), connectivity: conn, minArea });
      const stuffRegions = r.annotations.filter((a) => stuff.includes(a.categoryId)).map((a) => ({ cls: a.categoryId, pixels: pixelsOf(a.segmentation as Rle) }));
      const comps = floodComponents(w, h, classes, (c) => !stuff.includes(c), conn).filter((c) => c.pixels.length >= minArea);
      const want = [...stuffRegions, ...comps];
      expect(record.annotations.map((a) => ({ cls: a.categoryId, pixels: pixelsOf(a.segmentation as Rle) }))).toEqual(want);
      expect(record.annotations.map((a) => a.id)).toEqual(want.map((_, i) => i + 1));
      expect(record.annotations.every((a) => a.area === pixelsOf(a.segmentation as Rle).length)).toBe(true);
      r.annotations.forEach((a, j) => {
        const total = classes.filter((c) => c === a.categoryId).length;
        const kept = want.filter((x) => x.cls === a.categoryId).reduce((s, x) => s + x.pixels.length, 0);
        expect(report[j].iou).toBe(kept / total);
        expect(report[j].status).toBe(kept === total ? 'lossless' : kept === 0 ? 'dropped' : 'changed');
      });
    }), runs(500));
  });

  it('semantic -> instances -> semantic is the identity, and -> panoptic -> semantic too', () => {
    fc.assert(fc.property(classMapArb, ({ w, h, classes, stuff, conn }) => {
      const r = semanticRecord(w, h, classes);
      const semantic = instancesToSemantic(r).record;
      const inst = semanticToInstances(semantic, { categories: catsOf(stuff), connectivity: conn });
      expect(inst.report.every((f) => f.status === 'lossless')).toBe(true);
      const back = instancesToSemantic(inst.record);
      expect(back.record).toEqual(semantic);
      expect(back.report.every((f) => f.status === 'lossless')).toBe(true);
      expect(instancesToSemantic(semanticToPanoptic(semantic, { categories: catsOf(stuff) }).record).record).toEqual(semantic);
    }), runs(400));
  });

  it("segmentation 'polygons': bridged pixel-edge polygons whose COCO rasterisation is each RLE output exactly", () => {
    fc.assert(fc.property(classMapArb, ({ w, h, classes, stuff, conn, minArea }) => {
      const r = semanticRecord(w, h, classes);
      const opts = { categories: catsOf(stuff), connectivity: conn, minArea };
      const asRle = semanticToInstances(r, opts);
      const asPoly = semanticToInstances(r, { ...opts, segmentation: 'polygons' });
      expect(asPoly.report).toEqual(asRle.report);
      expect(asPoly.record.annotations.length).toBe(asRle.record.annotations.length);
      asPoly.record.annotations.forEach((a, i) => {
        const b = asRle.record.annotations[i];
        expect(Array.isArray(a.segmentation)).toBe(true);
        expect({ ...a, segmentation: null }).toEqual({ ...b, segmentation: null });
        const polys = a.segmentation as number[][];
        expect(pixelsOf(rleFromPolygons(polys, h, w))).toEqual(pixelsOf(b.segmentation as Rle));
      });
    }), runs(300));
  });

  it('refuses regions of different classes that overlap', () => {
    const rle = { height: 1, width: 2, counts: Uint32Array.of(0, 2) };
    const r: ImageRecord = { image: { id: 1, fileName: 'a', width: 2, height: 1 }, annotations: [1, 2].map((c) => ({ id: c, categoryId: c, iscrowd: false, segmentation: rle, bbox: [0, 0, 2, 1], area: 2 })) };
    expect(() => semanticToInstances(r)).toThrow(InvalidInputError);
    expect(() => semanticToInstances(r)).toThrow(/annotations\[1\].*over annotations\[0\]/);
  });
});
