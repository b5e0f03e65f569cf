// Rule 'coco' on the pycocotools polygon vectors (test/vectors/pycocotools.json): the filled
// mask is rleDecode(rleFromPolygons(...)) and decodes to the reference counts. Runs against both
// kernels (see package.json).
import { describe, expect, it } from 'vitest';
import { InvalidInputError, fillMany, fillPolygons, rasterize, rleDecode, rleFromPolygons } from '../src/index';
import { maskFromCounts, shaColumnMajor, vectors } from './helpers';

const V = vectors('pycocotools.json');

const equalBytes = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

describe("rule 'coco' on the pycocotools vectors", () => {
  it('rasterize equals rleDecode(rleFromPolygons) and the reference on every polygon case', () => {
    const V = vectors('pycocotools.json');
    let n = 0;
    for (const c of V.polygon_cases) {
      if (c.polygons.some((p: number[]) => p.length % 2 === 1)) {
        expect(() => rasterize(c.polygons, { width: c.w, height: c.h })).toThrow(InvalidInputError);
        continue;
      }
      const m = rasterize(c.polygons, { width: c.w, height: c.h });
      expect(equalBytes(m.data, rleDecode(rleFromPolygons(c.polygons, c.h, c.w)).data), c.id).toBe(true);
      if (c.sha256) expect(shaColumnMajor(m.data, c.h, c.w), c.id).toBe(c.sha256);
      else expect(equalBytes(m.data, maskFromCounts(c.ucounts, c.h, c.w).data), c.id).toBe(true);
      n++;
    }
    expect(n).toBeGreaterThan(400);
  });

  it('fillPolygons and fillMany paint the same pixels into every label-map type', () => {
    let n = 0;
    for (const c of V.polygon_cases) {
      if (c.h * c.w > 1 << 20 || c.polygons.some((p: number[]) => p.length % 2 === 1)) continue;
      const want = maskFromCounts(c.ucounts, c.h, c.w).data;
      for (const data of [new Uint8Array(c.h * c.w), new Uint16Array(c.h * c.w), new Int32Array(c.h * c.w)]) {
        const one = fillPolygons({ width: c.w, height: c.h, data: data.slice().fill(2) }, c.polygons, 9);
        const many = fillMany({ width: c.w, height: c.h, data: data.slice().fill(2) }, [{ rings: c.polygons, value: 9 }]);
        for (let i = 0; i < want.length; i++) {
          if (one.data[i] !== (want[i] ? 9 : 2) || many.data[i] !== one.data[i]) throw new Error(`${c.id}: pixel ${i}`);
        }
      }
      n++;
    }
    expect(n).toBeGreaterThan(400);
  });
});
