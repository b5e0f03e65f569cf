// OpenCV 4.6 findContours reference vectors (test/vectors/opencv.json, a copy of the shared
// fixtures/opencv/vectors.json; its README states how they were made): traceContours must return
// the same contours, first vertices, order and hierarchy for every mode and approximation. The
// slow oracle of the property tests is held to the same vectors.
import { describe, expect, it } from 'vitest';
import { traceContours, type Contours } from '../src/index';
import { maskFromCounts, vectors } from './helpers';
import { traceOracle } from './contour-oracle';

const V = vectors('opencv.json');
type Rec = { contours: number[][]; hierarchy: number[][] };

const split = (c: Contours) => ({
  contours: Array.from({ length: c.count }, (_, i) => Array.from(c.points.subarray(2 * c.offsets[i], 2 * c.offsets[i + 1]))),
  hierarchy: Array.from({ length: c.count }, (_, i) => Array.from(c.hierarchy.subarray(4 * i, 4 * i + 4))),
});

describe('OpenCV 4.6 findContours vectors', () => {
  it('every case, mode and approximation: identical contours, order and hierarchy', () => {
    let checks = 0;
    for (const c of V.contour_cases) {
      const mask = maskFromCounts(c.ucounts, c.h, c.w);
      const before = mask.data.slice();
      for (const [key, rec] of Object.entries<Rec>(c.results)) {
        const [mode, approx] = key.split('/') as ['ccomp', 'simple'];
        const got = traceContours(mask, { mode, approx });
        expect(split(got), `${c.id} ${key}`).toEqual(rec);
        expect(got.offsets.length).toBe(got.count + 1);
        checks++;
      }
      expect(split(traceContours(mask)), `${c.id} defaults`).toEqual(c.results['ccomp/simple']);
      expect(mask.data).toEqual(before);
    }
    expect(checks).toBe(V.contour_cases.length * 8);
  });

  it('the slow oracle reproduces the vectors too', () => {
    for (const c of V.contour_cases) {
      const mask = maskFromCounts(c.ucounts, c.h, c.w);
      for (const [key, rec] of Object.entries<Rec>(c.results)) {
        const [mode, approx] = key.split('/') as ['ccomp', 'simple'];
        expect(split(traceOracle(mask, mode, approx, 'center')), `${c.id} ${key}`).toEqual(rec);
      }
    }
  });

  it('orientation: outer borders have a negative shoelace sum, holes a positive one', () => {
    let outer = 0, hole = 0;
    for (const c of V.contour_cases) {
      const r = traceContours(maskFromCounts(c.ucounts, c.h, c.w), { mode: 'ccomp', approx: 'none' });
      for (let i = 0; i < r.count; i++) {
        const p = r.points.subarray(2 * r.offsets[i], 2 * r.offsets[i + 1]);
        const n = p.length / 2;
        let s = 0;
        for (let j = 0; j < n; j++) s += p[2 * j] * p[2 * ((j + 1) % n) + 1] - p[2 * ((j + 1) % n)] * p[2 * j + 1];
        if (s === 0) continue;
        if (r.hierarchy[4 * i + 3] === -1) { expect(s).toBeLessThan(0); outer++; } else { expect(s).toBeGreaterThan(0); hole++; }
      }
    }
    expect(outer).toBeGreaterThan(100);
    expect(hole).toBeGreaterThan(100);
  });
});
