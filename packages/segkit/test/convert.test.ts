// Conversions between instances, semantic and panoptic against a slow per-pixel oracle, with their
// fidelity reports; round trips on generated datasets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  instancesToSemantic, instancesToPanoptic, panopticToInstances, panopticToSemantic, toRle, toPolygons, annotationRle,
  rleDecode, rleFromPolygons, InvalidInputError, convertDataset, type Annotation, type Category, type ImageRecord,
  type Rle, type AnnotationFidelity,
} from '../src/index';
import { collect, datasetOf, instancesArb, runs, segmentsArb } from './datasets';

/** Each annotation's pixels as a row-major 0/1 array. */
const masks = (r: ImageRecord) => r.annotations.map((a) => rleDecode(annotationRle(a, r.image)).data);

/** The record's annotations painted one pixel at a time in `order` (later over earlier): owner index or -1. */
function paintOracle(r: ImageRecord, order: number[], overwrite = true): Int32Array {
  const ms = masks(r);
  const owner = new Int32Array(r.image.width * r.image.height).fill(-1);
  for (const j of order) ms[j].forEach((v, p) => { if (v && (overwrite || owner[p] < 0)) owner[p] = j; });
  return owner;
}

/** The expected report entry of an annotation that keeps `kept` of its `area` pixels. */
const expected = (id: Annotation['id'], kept: number, area: number, to: Annotation['id']) =>
  area === 0 || kept === 0 ? { id, status: 'dropped', iou: 0 } : kept === area ? { id, status: 'lossless', iou: 1, to: [to] } : { id, status: 'changed', iou: kept / area, to: [to] };
const pickReport = (f: AnnotationFidelity) => (f.status === 'dropped' ? { id: f.id, status: f.status, iou: f.iou } : { id: f.id, status: f.status, iou: f.iou, to: f.to });

/** A region record's class per pixel (-1 unlabelled), from its RLEs. */
function classMap(r: ImageRecord): Int32Array {
  const out = new Int32Array(r.image.width * r.image.height).fill(-1);
  for (const a of r.annotations) rleDecode(a.segmentation as Rle).data.forEach((v, p) => { if (v) out[p] = a.categoryId; });
  return out;
}

const order = (r: ImageRecord, kind: 'as-given' | 'area-desc' | 'z-order') => {
  const area = masks(r).map((m) => m.reduce((s, v) => s + v, 0));
  const z = r.annotations.map((a) => (typeof a.attributes?.z_order === 'number' ? (a.attributes.z_order as number) : 0));
  const idx = r.annotations.map((_, j) => j);
  if (kind === 'area-desc') return idx.sort((a, b) => area[b] - area[a] || a - b);
  if (kind === 'z-order') return idx.sort((a, b) => z[a] - z[b] || a - b);
  return idx;
};

describe('instancesToSemantic', () => {
  it('equals painting pixel by pixel in paint order; reports what each annotation kept of its class', () => {
    fc.assert(fc.property(instancesArb({ maxAnnotations: 6 }), fc.constantFrom('as-given' as const, 'area-desc' as const, 'z-order' as const), ({ records }, paint) => {
      for (const r of records) {
        const { record, report } = instancesToSemantic(r, { order: paint });
        const owner = paintOracle(r, order(r, paint));
        const want = Int32Array.from(owner, (o) => (o < 0 ? -1 : r.annotations[o].categoryId));
        expect(classMap(record)).toEqual(want);
        expect(record.annotations.map((a) => a.id)).toEqual([...new Set(want)].filter((c) => c >= 0).sort((a, b) => a - b));
        const ms = masks(r);
        expect(report.map(pickReport)).toEqual(r.annotations.map((a, j) => {
          let kept = 0, area = 0;
          ms[j].forEach((v, p) => { if (v) { area++; if (want[p] === a.categoryId) kept++; } });
          return expected(a.id, kept, area, a.categoryId);
        }));
      }
    }), runs(300));
  });

  it('a semantic record is a fixed point (regions do not overlap): lossless, same regions', () => {
    fc.assert(fc.property(segmentsArb(), ({ records }) => {
      for (const r of records) {
        const semantic = instancesToSemantic(r).record;
        const again = instancesToSemantic(semantic);
        expect(again.record).toEqual(semantic);
        expect(again.report.every((f) => f.status === 'lossless')).toBe(true);
      }
    }), runs(200));
  });

  it('names what covered an annotation', () => {
    const sq = (x: number, y: number, s: number) => [[x, y, x + s, y, x + s, y + s, x, y + s]];
    const ann = (id: number, cat: number, seg: number[][]): Annotation => ({ id, categoryId: cat, iscrowd: false, segmentation: seg, bbox: [0, 0, 0, 0], area: 0 });
    const r: ImageRecord = { image: { id: 1, fileName: 'a.jpg', width: 8, height: 8 }, annotations: [ann(1, 5, sq(0, 0, 4)), ann(2, 6, sq(2, 2, 4)), ann(3, 6, sq(0, 0, 4))] };
    const { report } = instancesToSemantic(r);
    expect(report[0]).toMatchObject({ id: 1, status: 'dropped', reason: 'covered: 16 px under annotations[2] (id 3, category 6)' });
    expect(report[1]).toMatchObject({ id: 2, status: 'lossless', to: [6] });
    expect(instancesToSemantic(r, { order: 'area-desc' }).report[0].status).toBe('dropped');
  });
});

describe('instancesToPanoptic', () => {
  const categoriesOf = (cats: Category[]) => cats;

  it('every policy equals its per-pixel oracle; segments never overlap; the report measures what each kept', () => {
    fc.assert(fc.property(instancesArb({ maxAnnotations: 5 }), fc.constantFrom('fail' as const, 'skip' as const, 'z-order' as const, 'area' as const), ({ header, records }, policy) => {
      const cats = categoriesOf(header.categories);
      const stuff = new Set(cats.filter((c) => c.isthing === false).map((c) => c.id));
      for (const r of records) {
        // units: stuff annotations of one class act as one
        const unit = r.annotations.map((a, j) => (stuff.has(a.categoryId) ? r.annotations.findIndex((b) => b.categoryId === a.categoryId) : j));
        const ms = masks(r);
        const n = r.image.width * r.image.height;
        const unitMask = (u: number) => Uint8Array.from({ length: n }, (_, p) => (r.annotations.some((_, j) => unit[j] === u && ms[j][p]) ? 1 : 0));
        const units = [...new Set(unit)];
        const uMasks = new Map(units.map((u) => [u, unitMask(u)]));
        const owner = new Int32Array(n).fill(-1);
        const skipped = new Set<number>();
        let overlap = false;
        const uArea = (u: number) => uMasks.get(u)!.reduce((s, v) => s + v, 0);
        const z = (u: number) => (typeof r.annotations[u].attributes?.z_order === 'number' ? (r.annotations[u].attributes!.z_order as number) : 0);
        const seq = policy === 'area' ? [...units].sort((a, b) => uArea(b) - uArea(a) || units.indexOf(a) - units.indexOf(b))
          : policy === 'z-order' ? [...units].sort((a, b) => z(a) - z(b) || units.indexOf(a) - units.indexOf(b)) : units;
        for (const u of seq) {
          const m = uMasks.get(u)!;
          const hits = m.some((v, p) => v && owner[p] >= 0);
          if (hits) overlap = true;
          if (policy === 'skip' && hits) { skipped.add(u); continue; }
          m.forEach((v, p) => { if (v && (policy !== 'fail' || owner[p] < 0)) owner[p] = u; });
        }
        if (policy === 'fail' && overlap) {
          expect(() => instancesToPanoptic(r, { categories: cats, overlap: policy })).toThrow(InvalidInputError);
          continue;
        }
        const { record, report } = instancesToPanoptic(r, { categories: cats, overlap: policy });
        // segments = owners, in record order, ids of their first annotation
        const present = units.filter((u) => owner.includes(u));
        expect(record.annotations.map((a) => a.id)).toEqual(present.map((u) => r.annotations[u].id));
        record.annotations.forEach((a, k) => {
          expect(rleDecode(a.segmentation as Rle).data).toEqual(Uint8Array.from(owner, (o) => (o === present[k] ? 1 : 0)));
          expect(a.iscrowd).toBe(stuff.has(a.categoryId) ? false : r.annotations[present[k]].iscrowd);
        });
        expect(report.map(pickReport)).toEqual(r.annotations.map((a, j) => {
          if (skipped.has(unit[j])) return { id: a.id, status: 'dropped', iou: 0 };
          let kept = 0, area = 0;
          ms[j].forEach((v, p) => { if (v) { area++; if (owner[p] === unit[j]) kept++; } });
          return expected(a.id, kept, area, r.annotations[unit[j]].id);
        }));
      }
    }), runs(300));
  });

  it('instances -> panoptic -> instances is lossless when nothing overlaps', () => {
    fc.assert(fc.property(segmentsArb(), ({ header, records }) => {
      const things = header.categories.map((c) => ({ ...c, isthing: true }));
      for (const r of records) {
        const p = instancesToPanoptic(r, { categories: things, overlap: 'fail' });
        expect(p.report.every((f) => f.status === 'lossless' || (f.status === 'dropped' && f.reason?.startsWith('no pixels')))).toBe(true);
        const back = panopticToInstances(p.record);
        expect(back.record).toEqual(r);
        expect(back.report.every((f) => f.status === 'lossless')).toBe(true);
      }
    }), runs(200));
  });

  it('merges stuff annotations of one class into one segment (first id), losing no pixel', () => {
    const cats: Category[] = [{ id: 1, name: 'sky', isthing: false }, { id: 2, name: 'car', isthing: true }];
    const ann = (id: number, cat: number, seg: number[][]): Annotation => ({ id, categoryId: cat, iscrowd: false, segmentation: seg, bbox: [0, 0, 0, 0], area: 0 });
    const r: ImageRecord = { image: { id: 1, fileName: 'a.jpg', width: 6, height: 4 }, annotations: [ann(10, 1, [[0, 0, 2, 0, 2, 2, 0, 2]]), ann(11, 2, [[2, 0, 4, 0, 4, 2, 2, 2]]), ann(12, 1, [[4, 2, 6, 2, 6, 4, 4, 4]])] };
    const { record, report } = instancesToPanoptic(r, { categories: cats });
    expect(record.annotations.map((a) => [a.id, a.categoryId, a.area])).toEqual([[10, 1, 8], [11, 2, 4]]);
    expect(report.map((f) => [f.id, f.status, f.to])).toEqual([[10, 'lossless', [10]], [11, 'lossless', [11]], [12, 'lossless', [10]]]);
    expect(() => instancesToPanoptic(r, { overlap: 'none' as never })).toThrow(/options\.overlap/);
  });
});

describe('panoptic -> instances / semantic, polygons -> RLE', () => {
  it('panopticToInstances with include: things drops stuff segments and says so', () => {
    fc.assert(fc.property(segmentsArb(), ({ header, records }) => {
      const stuff = new Set(header.categories.filter((c) => c.isthing === false).map((c) => c.id));
      for (const r of records) {
        const { record, report } = panopticToInstances(r, { categories: header.categories, include: 'things' });
        expect(record.annotations).toEqual(r.annotations.filter((a) => !stuff.has(a.categoryId)));
        expect(report.filter((f) => f.status === 'dropped').map((f) => f.id)).toEqual(r.annotations.filter((a) => stuff.has(a.categoryId)).map((a) => a.id));
      }
    }), runs(100));
  });

  it('panopticToSemantic is lossless and equals the class of each segment per pixel', () => {
    fc.assert(fc.property(segmentsArb(), ({ records }) => {
      for (const r of records) {
        const { record, report } = panopticToSemantic(r);
        expect(report.every((f) => f.status === 'lossless')).toBe(true);
        const owner = paintOracle(r, r.annotations.map((_, j) => j));
        expect(classMap(record)).toEqual(Int32Array.from(owner, (o) => (o < 0 ? -1 : r.annotations[o].categoryId)));
      }
    }), runs(100));
  });

  it('toRle: polygons by COCO\'s rule, RLEs unchanged, everything else kept, lossless', async () => {
    await fc.assert(fc.asyncProperty(instancesArb(), async ({ header, records }) => {
      const reports: AnnotationFidelity[][] = [];
      const out = await collect(convertDataset(datasetOf(header, records), 'instances', toRle, (_, rep) => reports.push(rep)));
      out.forEach((r, i) => r.annotations.forEach((a, j) => {
        const src = records[i].annotations[j];
        const want = Array.isArray(src.segmentation) ? rleFromPolygons(src.segmentation, r.image.height, r.image.width) : src.segmentation;
        expect(a).toEqual({ ...src, segmentation: Array.isArray(src.segmentation) && src.segmentation.length === 0 ? { height: r.image.height, width: r.image.width, counts: Uint32Array.of(r.image.width * r.image.height) } : want });
      }));
      expect(reports.flat().every((f) => f.status === 'lossless')).toBe(true);
    }), runs(100));
  });
  it('toPolygons: RLEs as bridged pixel-edge polygons that COCO\'s rule turns back into the same pixels; crowd kept as RLE', async () => {
    await fc.assert(fc.asyncProperty(instancesArb(), async ({ records }) => {
      for (const r of records) {
        const rleRecord = toRle(r).record;
        const { record, report } = toPolygons(rleRecord);
        expect(report.every((f) => f.status === 'lossless' && f.iou === 1)).toBe(true);
        record.annotations.forEach((a, j) => {
          const src = rleRecord.annotations[j];
          expect({ ...a, segmentation: null }).toEqual({ ...src, segmentation: null });
          if (src.iscrowd) { expect(a.segmentation).toBe(src.segmentation); return; }
          expect(Array.isArray(a.segmentation)).toBe(true);
          const back = rleFromPolygons(a.segmentation as number[][], r.image.height, r.image.width);
          expect(back.counts).toEqual((src.segmentation as { counts: Uint32Array }).counts);
        });
        const dropped = toPolygons(rleRecord, { holes: 'drop', crowd: 'convert' });
        dropped.report.forEach((f) => expect(f.status === 'lossless' ? f.iou === 1 : f.iou < 1).toBe(true));
      }
    }), runs(100));
  });
});
