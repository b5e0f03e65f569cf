// pycocotools reference vectors (test/vectors/pycocotools.json, see its README upstream):
// every section, compared exactly.
import { describe, expect, it } from 'vitest';
import {
  bboxIou, rleArea, rleBbox, rleDecode, rleEncode, rleFromBbox, rleFromPolygons, rleFromString,
  rleIou, rleMerge, rleToString, InvalidInputError, type Rle,
} from '../src/index';
import { maskFromCounts, shaColumnMajor, vectors } from './helpers';

const V = vectors('pycocotools.json');

interface Rec { counts: string; ucounts: number[]; area: number; bbox: number[]; sha256: string | null }

function expectRecord(rle: Rle, rec: Rec, h: number, w: number, decode = true) {
  expect([rle.height, rle.width]).toEqual([h, w]);
  expect(Array.from(rle.counts)).toEqual(rec.ucounts);
  expect(rleToString(rle)).toBe(rec.counts);
  expect(rleArea(rle)).toBe(rec.area);
  expect(rleBbox(rle)).toEqual(rec.bbox);
  if (decode && rec.sha256) expect(shaColumnMajor(rleDecode(rle).data, h, w)).toBe(rec.sha256);
}

describe('pycocotools vectors', () => {
  it('polygon_cases: rleFromPolygons equals frPyObjects + merge', () => {
    let n = 0;
    for (const c of V.polygon_cases) {
      if (c.polygons.some((p: number[]) => p.length % 2 === 1)) {
        // pycocotools drops an odd trailing coordinate; segkit refuses it (see README).
        expect(() => rleFromPolygons(c.polygons, c.h, c.w), c.id).toThrow(InvalidInputError);
        continue;
      }
      expectRecord(rleFromPolygons(c.polygons, c.h, c.w), c, c.h, c.w);
      n++;
    }
    expect(n).toBeGreaterThan(400);
  });

  it('polygon_cases: groups (same shape given differently) agree', () => {
    const groups = new Map<string, string[]>();
    for (const c of V.polygon_cases) if (c.group) groups.set(c.group, [...(groups.get(c.group) ?? []), c.counts]);
    expect(groups.size).toBeGreaterThan(0);
    for (const [g, counts] of groups) expect(new Set(counts).size, g).toBe(1);
  });

  it('bbox_trap_cases: 4-number parts are 2-vertex polygons, flat lists are refused', () => {
    for (const c of V.bbox_trap_cases) {
      const flat = c.input.some((p: unknown) => !Array.isArray(p));
      if (flat) expect(() => rleFromPolygons(c.input, c.h, c.w)).toThrow(/flat list/);
      if (c.as_polygon) expectRecord(rleFromPolygons([c.input[0]], c.h, c.w), c.as_polygon, c.h, c.w);
      if (c.as_ndarray_bbox) {
        const [x, y, bw, bh] = c.input[0];
        expectRecord(rleFromBbox([x, y, bw, bh], c.h, c.w), c.as_ndarray_bbox, c.h, c.w);
      }
    }
  });

  it('encode_cases: rleEncode equals encode', () => {
    for (const c of V.encode_cases) expectRecord(rleEncode(maskFromCounts(c.ucounts, c.h, c.w)), c, c.h, c.w);
  });

  it('string_cases: rleFromString equals frPyObjects of the string', () => {
    for (const c of V.string_cases) expectRecord(rleFromString(c.counts, c.h, c.w), c, c.h, c.w, c.h * c.w <= 1 << 27);
  });

  it('frbbox_cases: rleFromBbox equals frBbox', () => {
    for (const c of V.frbbox_cases) expectRecord(rleFromBbox(c.bbox_in, c.h, c.w), c, c.h, c.w);
  });

  it('ops_cases: area, bbox, iou and merge', () => {
    let checks = 0;
    for (const c of V.ops_cases) {
      const rles: Rle[] = c.rles.map((r: { h: number; w: number; ucounts: number[] }) => ({
        height: r.h, width: r.w, counts: Uint32Array.from(r.ucounts),
      }));
      c.rles.forEach((r: { canonical?: boolean }, i: number) => {
        if (c.area?.[i] !== undefined) expect(rleArea(rles[i])).toBe(c.area[i]);
        if (r.canonical !== false && c.bbox?.[i]) expect(rleBbox(rles[i])).toEqual(c.bbox[i]);
      });
      for (const q of c.iou ?? []) {
        const got = rleIou(q.dt.map((i: number) => rles[i]), q.gt.map((i: number) => rles[i]), q.iscrowd);
        expect(Array.from(got), c.id).toEqual(q.iou.flat());
        checks++;
      }
      for (const m of c.merge ?? []) {
        const parts = m.idx.map((i: number) => rles[i]);
        if (new Set(parts.map((r: Rle) => `${r.height}x${r.width}`)).size > 1) {
          expect(() => rleMerge(parts, !!m.intersect)).toThrow(InvalidInputError);
        } else {
          expectRecord(rleMerge(parts, !!m.intersect), m, m.size[0], m.size[1]);
        }
        checks++;
      }
    }
    expect(checks).toBeGreaterThan(200);
  });

  it('bbox_iou_cases: bboxIou equals iou on boxes', () => {
    for (const c of V.bbox_iou_cases) expect(Array.from(bboxIou(c.dt, c.gt, c.iscrowd)), c.id).toEqual(c.iou.flat());
  });
});
