// maskToPolygons: exact COCO round trips for every holes mode, and honest fidelity reports for
// simplified polygons, on 10k random masks (nested holes 4 deep, diagonal-only touches, objects
// on every border and corner, 1-pixel lines, chessboards, noise and mixtures).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, labelComponents, maskToPolygons, rleDecode, rleFromPolygons, traceContours, type Mask } from '../src/index';
import { ascii } from './helpers';
import { genMask, labelMapArb, maskArb } from './mask-gen';

const seed = 20261126;
const binary = (m: Mask) => m.data.map((v) => (v ? 1 : 0));

/** COCO's rule, one polygon at a time, combined by union (as COCO) or XOR (even-odd, for holes). */
function rasterise(polys: number[][], m: Mask, xor: boolean): Uint8Array {
  const out = new Uint8Array(m.width * m.height);
  for (const p of polys) {
    const d = rleDecode(rleFromPolygons([p], m.height, m.width)).data;
    for (let i = 0; i < out.length; i++) out[i] = xor ? out[i] ^ d[i] : out[i] | d[i];
  }
  return out;
}

/** The mask with its holes filled: everything background cannot reach from outside (4-connected). */
function filled(m: Mask): Uint8Array {
  const { width: w, height: h } = m;
  const out = new Uint8Array(w * h).fill(1);
  const stack: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    if ((x === 0 || y === 0 || x === w - 1 || y === h - 1) && !m.data[y * w + x]) { out[y * w + x] = 0; stack.push(y * w + x); }
  }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % w, y = (i - x) / w;
    for (const [X, Y] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]]) {
      if (X < 0 || Y < 0 || X >= w || Y >= h) continue;
      const j = Y * w + X;
      if (out[j] && !m.data[j]) { out[j] = 0; stack.push(j); }
    }
  }
  return out;
}

/** IoU and pixel difference of two 0/1 arrays, counted pixel by pixel. */
function measure(a: Uint8Array, b: Uint8Array) {
  let inter = 0, union = 0;
  for (let i = 0; i < a.length; i++) { inter += a[i] & b[i]; union += a[i] | b[i]; }
  return { iou: union === 0 ? 1 : inter / union, pixelDiff: union - inter };
}

/** First problem with a pixel-edge polygon, or undefined: >= 3 vertices, integer corners, axis-parallel edges. */
function edgeProblem(p: number[], m: Mask): string | undefined {
  if (p.length < 6) return `${p.length / 2} vertices`;
  for (let j = 0; j < p.length; j += 2) {
    const k = (j + 2) % p.length;
    if (!Number.isInteger(p[j]) || p[j] < 0 || p[j] > m.width || p[j + 1] < 0 || p[j + 1] > m.height) return `vertex ${j / 2} off the pixel corners`;
    if (p[j] !== p[k] && p[j + 1] !== p[k + 1]) return `edge ${j / 2} is not along pixel edges`;
  }
  return undefined;
}

describe('maskToPolygons', () => {
  it("holes: 'bridge': one pixel-edge polygon per part, and rleFromPolygons gives back the mask exactly (10k masks)", () => {
    fc.assert(fc.property(maskArb(), (m) => {
      const r = maskToPolygons(m);
      expect(rleDecode(rleFromPolygons(r.polygons, m.height, m.width)).data).toEqual(binary(m));
      expect(r.polygons.length).toBe(traceContours(m, { mode: 'external' }).count + countIslands(m));
      expect(r.holeOf.every((v) => v === -1)).toBe(true);
      for (const p of r.polygons) expect(edgeProblem(p, m)).toBeUndefined();
    }), { seed, numRuns: 10_000 });
  });

  it("holes: 'separate' rings XOR to the mask; 'drop' fills the holes (2k masks)", () => {
    fc.assert(fc.property(maskArb(), (m) => {
      const s = maskToPolygons(m, { holes: 'separate' });
      expect(rasterise(s.polygons, m, true)).toEqual(binary(m));
      s.holeOf.forEach((o, i) => { if (o !== -1) expect(o < i && s.holeOf[o] === -1).toBe(true); });
      const d = maskToPolygons(m, { holes: 'drop', fidelity: true });
      const want = filled(m);
      expect(rleDecode(rleFromPolygons(d.polygons, m.height, m.width)).data).toEqual(want);
      expect(d.fidelity).toEqual({ ...measure(want, binary(m)), tolerance: 0 });
    }), { seed: seed + 1, numRuns: 2000 });
  });

  it('tolerance > 0: the reported fidelity is the measured one, and the budget holds (10k masks)', () => {
    const opts = fc.record({ holes: fc.constantFrom('bridge' as const, 'separate' as const), tolerance: fc.constantFrom(0.5, 0.75, 1, 1.5, 2, 4), minIou: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(fc.property(maskArb(32), opts, (m, o) => {
      const r = maskToPolygons(m, o);
      const got = rasterise(r.polygons, m, o.holes === 'separate');
      const f = measure(got, binary(m));
      expect(r.fidelity!.iou).toBe(f.iou);
      expect(r.fidelity!.pixelDiff).toBe(f.pixelDiff);
      expect(r.fidelity!.iou).toBeGreaterThanOrEqual(o.minIou);
      expect(r.fidelity!.tolerance).toBeLessThanOrEqual(o.tolerance);
      if (r.fidelity!.tolerance === 0) expect(f.pixelDiff).toBe(0);
      for (const p of r.polygons) expect(p.length).toBeGreaterThanOrEqual(6);
    }), { seed: seed + 2, numRuns: 10_000 });
  });

  it('simplification keeps few vertices on smooth shapes within the budget', () => {
    // A disc of radius 70 with an elliptic hole.
    const [w, h] = [200, 160];
    const m = { width: w, height: h, data: Uint8Array.from({ length: w * h }, (_, i) => {
      const x = (i % w) + 0.5 - 100, y = Math.floor(i / w) + 0.5 - 80;
      return x * x + y * y <= 70 * 70 && (x / 30) ** 2 + (y / 20) ** 2 > 1 ? 1 : 0;
    }) };
    const exact = maskToPolygons(m);
    const r = maskToPolygons(m, { tolerance: 1, minIou: 0.97 });
    const count = (ps: number[][]) => ps.reduce((a, p) => a + p.length / 2, 0);
    expect(count(r.polygons)).toBeLessThan(count(exact.polygons) * 0.6);
    expect(r.fidelity!.iou).toBeGreaterThanOrEqual(0.97);
    expect(r.fidelity!.tolerance).toBe(1);
    // A budget of IoU 1 halves the tolerance until no pixel changes (0.5 px drops only staircase
    // corners that no pixel centre notices).
    const strict = maskToPolygons(m, { tolerance: 4, minIou: 1 });
    expect([strict.fidelity!.iou, strict.fidelity!.pixelDiff]).toEqual([1, 0]);
    expect(strict.fidelity!.tolerance).toBeLessThanOrEqual(0.5);
    expect(rleDecode(rleFromPolygons(strict.polygons, h, w)).data).toEqual(m.data);
  });
});

describe('maskToPolygons on labellings', () => {
  it('one bridged polygon per component that gives back its pixels; honest fidelity with tolerance (4 and 8, 2k maps)', () => {
    const opts = fc.record({ tolerance: fc.constantFrom(0, 0.75, 1.5, 3), minIou: fc.double({ min: 0, max: 1, noNaN: true }), connectivity: fc.constantFrom(4 as const, 8 as const) });
    fc.assert(fc.property(labelMapArb(), opts, (map, o) => {
      const l = labelComponents(map, { connectivity: o.connectivity });
      const objs = maskToPolygons(l, { ...o, fidelity: true });
      expect(objs.map((b) => [b.label, b.value])).toEqual(Array.from(l.value, (v, i) => [i + 1, v]));
      for (const b of objs) {
        const mine = { width: l.width, height: l.height, data: Uint8Array.from(l.labels, (v) => (v === b.label ? 1 : 0)) };
        expect(b.polygons).toHaveLength(1);
        const got = rasterise(b.polygons, mine, false);
        expect(b.fidelity).toEqual({ ...measure(got, mine.data), tolerance: b.fidelity!.tolerance });
        expect(b.fidelity!.iou).toBeGreaterThanOrEqual(o.minIou);
        if (b.fidelity!.tolerance === 0) expect(got).toEqual(mine.data);
      }
    }), { seed: seed + 3, numRuns: 2000 });
  });
});

describe('maskToPolygons fixed cases', () => {
  it('a ring: outer square, a cut down a pixel edge, the hole clockwise, back up the cut', () => {
    expect(maskToPolygons(ascii('###\n#.#\n###')).polygons).toEqual([[0, 0, 0, 3, 3, 3, 3, 0, 1, 0, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 1, 0]]);
  });

  it('a hole that touches its outer border at a corner joins there with no cut', () => {
    const m = ascii(`
      .....
      .###.
      .#.#.
      ..###
      .....`);
    const r = maskToPolygons(m);
    expect(r.polygons).toHaveLength(1);
    expect(rleDecode(rleFromPolygons(r.polygons, 5, 5)).data).toEqual(m.data);
  });

  it('chains of cuts: a 48 x 48 chessboard (1-pixel holes joined one to the next) and nested rings', () => {
    const n = 48;
    const chess = { width: n, height: n, data: Uint8Array.from({ length: n * n }, (_, i) => ((i % n) + Math.floor(i / n) + 1) % 2) };
    for (const m of [chess, genMask('nested', 40, 40, 3), genMask('nested', 40, 40, 12)]) {
      expect(rleDecode(rleFromPolygons(maskToPolygons(m).polygons, m.height, m.width)).data).toEqual(m.data);
    }
  });

  it('empty, full and 0-size masks', () => {
    expect(maskToPolygons({ width: 0, height: 3, data: new Uint8Array(0) }, { fidelity: true })).toEqual({ polygons: [], holeOf: [], fidelity: { iou: 1, pixelDiff: 0, tolerance: 0 } });
    expect(maskToPolygons({ width: 3, height: 2, data: new Uint8Array(6) }).polygons).toEqual([]);
    expect(maskToPolygons({ width: 3, height: 2, data: new Uint8Array(6).fill(1) }, { tolerance: 2 }).polygons).toEqual([[0, 0, 0, 2, 3, 2, 3, 0]]);
  });

  it('refuses bad options', () => {
    const m = ascii('#');
    const err = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(InvalidInputError); return (e as Error).message; } throw new Error('did not throw'); };
    expect(err(() => maskToPolygons(m, { holes: 'fill' as never }))).toMatch(/one of 'bridge', 'separate', 'drop' for options\.holes/);
    expect(err(() => maskToPolygons(m, { tolerance: -1 }))).toMatch(/a number >= 0 for options\.tolerance but received -1/);
    expect(err(() => maskToPolygons(m, { tolerance: NaN }))).toMatch(/options\.tolerance/);
    expect(err(() => maskToPolygons(m, { minIou: 1.5 }))).toMatch(/a number in \[0, 1\] for options\.minIou/);
    expect(err(() => maskToPolygons(m, { fidelity: 'yes' as never }))).toMatch(/options\.fidelity/);
  });
});

/** Outer borders that are not top-level (objects inside holes): parts of their own. */
function countIslands(m: Mask): number {
  const t = traceContours(m, { mode: 'tree' });
  let n = 0;
  for (let i = 0; i < t.count; i++) {
    let d = 0;
    for (let p = t.hierarchy[4 * i + 3]; p !== -1; p = t.hierarchy[4 * p + 3]) d++;
    if (d > 0 && d % 2 === 0) n++;
  }
  return n;
}
