// OpenCV 4.6 / scikit-image 0.19 labelling vectors (test/vectors/opencv.json, see its README in
// the fixtures): binary masks against connectedComponentsWithStats, label maps against
// skimage.measure.label, both renumbered to raster order. Everything is compared exactly,
// centroids included (they are sum / area, correctly rounded, in the vectors and in segkit).
import { describe, expect, it } from 'vitest';
import { labelComponents, type Components, type LabelMap } from '../src/index';
import { maskFromCounts, vectors } from './helpers';

const V = vectors('opencv.json');

interface Expected {
  count: number;
  labels: number[]; // row-major runs [value, length, ...]
  area: number[];
  bbox: number[];
  centroid: number[];
  value: number[];
}

function unruns(runs: number[], n: number): Int32Array {
  const out = new Int32Array(n);
  let p = 0;
  for (let k = 0; k < runs.length; k += 2) {
    out.fill(runs[k], p, p + runs[k + 1]);
    p += runs[k + 1];
  }
  expect(p).toBe(n);
  return out;
}

function expectResult(got: Components, want: Expected, h: number, w: number, id: string) {
  expect([got.width, got.height, got.count], id).toEqual([w, h, want.count]);
  expect(got.labels, id).toBeInstanceOf(Int32Array);
  expect(got.area, id).toBeInstanceOf(Uint32Array);
  expect(got.bbox, id).toBeInstanceOf(Int32Array);
  expect(got.centroid, id).toBeInstanceOf(Float64Array);
  expect(got.value, id).toBeInstanceOf(Int32Array);
  expect(got.labels, id).toEqual(unruns(want.labels, h * w));
  expect(Array.from(got.area), id).toEqual(want.area);
  expect(Array.from(got.bbox), id).toEqual(want.bbox);
  expect(Array.from(got.centroid), id).toEqual(want.centroid);
  expect(Array.from(got.value), id).toEqual(want.value);
}

/** labelComponents, checking that the input comes back unmodified. */
function run(input: LabelMap, options?: Parameters<typeof labelComponents>[1]): Components {
  const before = input.data.slice();
  const res = labelComponents(input, options);
  expect(input.data).toEqual(before);
  return res;
}

const TYPED = { uint8: Uint8Array, uint16: Uint16Array, int32: Int32Array } as const;

describe('OpenCV / scikit-image labelling vectors', () => {
  it('ccl_binary_cases: connectedComponentsWithStats, 4 and 8, and the defaults', () => {
    expect(V.ccl_binary_cases.length).toBeGreaterThan(150);
    for (const c of V.ccl_binary_cases) {
      const mask = maskFromCounts(c.ucounts, c.h, c.w);
      for (const conn of [4, 8] as const) expectResult(run(mask, { connectivity: conn }), c.results[conn], c.h, c.w, `${c.id}/${conn}`);
      expectResult(run(mask), c.results[8], c.h, c.w, `${c.id}/defaults`);
    }
  });

  it('ccl_label_cases: skimage.measure.label, 4 and 8, any background', () => {
    expect(V.ccl_label_cases.length).toBeGreaterThan(30);
    for (const c of V.ccl_label_cases) {
      const T = TYPED[c.dtype as keyof typeof TYPED];
      expect(T, c.id).toBeDefined();
      const map = { width: c.w, height: c.h, data: T.from(c.data) };
      for (const conn of [4, 8] as const) {
        expectResult(run(map, { connectivity: conn, background: c.background }), c.results[conn], c.h, c.w, `${c.id}/${conn}`);
      }
      if (c.background === 0) expectResult(run(map), c.results[8], c.h, c.w, `${c.id}/defaults`);
    }
  });

  it('0-size masks (OpenCV crashes on them) label like 0-size maps: nothing', () => {
    const zero = V.quirk_cases.find((q: { kind: string }) => q.kind === 'ccl_zero_size');
    expect(zero).toBeDefined();
    for (const [h, w] of [[0, 5], [5, 0], [0, 0]]) {
      const c = run({ width: w, height: h, data: new Uint8Array(0) });
      expect([c.count, c.labels.length, c.area.length, c.bbox.length, c.centroid.length, c.value.length]).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });
});
