import { describe, expect, it } from 'vitest';
import * as segkit from 'segkit';
import { Boundary } from '../src/peers/boundary';
import * as plain from '../src/peers/plain-fill';
import { polygons } from '../src/workloads/shapes';

describe('fill peers', () => {
  it("the plain-JS scanline equals segkit's rule 'center'", () => {
    for (const p of polygons(9, 200, 64, 48, 3, 24, 2, 40)) {
      expect(plain.rasterize([p], 64, 48)).toEqual(segkit.rasterize([p], { width: 64, height: 48, rule: 'center' }).data);
    }
  });

  it('the boundary check accepts differences near edges only', () => {
    const ring = [2, 2, 12, 2, 12, 9, 2, 9];
    const want = segkit.rasterize([ring], { width: 16, height: 12 }).data;
    const b = new Boundary([ring], 16, 12, 1);
    expect(b.differsAway(want, want)).toBeUndefined();
    const grown = want.slice();
    grown[1 * 16 + 5] = 1; // just above the top edge
    expect(b.differsAway(want, grown)).toBeUndefined();
    const holed = want.slice();
    holed[5 * 16 + 7] = 0; // in the middle
    expect(b.differsAway(want, holed)).toMatch(/pixel \(7, 5\)/);
    // Clamped borders: only with the option, only on a side the shape leaves the image.
    const wide = [-5, 2, 12, 2, 12, 9, -5, 9];
    const ref = segkit.rasterize([wide], { width: 16, height: 12 }).data;
    const clamped = ref.slice();
    clamped[4 * 16 + 15] = 1;
    expect(new Boundary([wide], 16, 12, 1).differsAway(ref, clamped)).toMatch(/pixel \(15, 4\)/);
    expect(new Boundary([wide], 16, 12, 1, true).differsAway(ref, clamped)).toMatch(/pixel \(15, 4\)/);
    const left = ref.slice();
    left[11 * 16 + 0] = 1;
    expect(new Boundary([wide], 16, 12, 1, true).differsAway(ref, left)).toBeUndefined();
  });
});
