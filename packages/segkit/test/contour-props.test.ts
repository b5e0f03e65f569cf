// traceContours against the slow crack-following oracle, and the guarantees of coords: 'edge', on
// 10k random masks (nested holes 4 deep, diagonal-only touches, objects on every border and corner,
// 1-pixel lines, chessboards, noise and mixtures), plus adversarial fixed cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, rleDecode, rleFromPolygons, traceContours, type Contours, type Mask } from '../src/index';
import { ascii, popcount } from './helpers';
import { traceOracle } from './contour-oracle';
import { maskArb } from './mask-gen';

const seed = 20261125;
const MODES = ['external', 'list', 'ccomp', 'tree'] as const;
const APPROX = ['none', 'simple'] as const;
const COORDS = ['center', 'edge'] as const;

const ring = (c: Contours, i: number) => Array.from(c.points.subarray(2 * c.offsets[i], 2 * c.offsets[i + 1]));

/** Twice the signed shoelace area (positive for clockwise on screen). */
function shoelace2(r: number[]): number {
  const n = r.length / 2;
  let s = 0;
  for (let j = 0; j < n; j++) {
    const k = (j + 1) % n;
    s += r[2 * j] * r[2 * k + 1] - r[2 * k] * r[2 * j + 1];
  }
  return s;
}

/** XOR over all rings of their COCO rasterisation, and sum of outer areas minus hole areas. */
function edgeRoundTrip(m: Mask, c: Contours): { xor: Uint8Array; area: number } {
  const xor = new Uint8Array(m.width * m.height);
  let area2 = 0;
  for (let i = 0; i < c.count; i++) {
    const r = ring(c, i);
    const dec = rleDecode(rleFromPolygons([r], m.height, m.width)).data;
    for (let k = 0; k < xor.length; k++) xor[k] ^= dec[k];
    area2 -= shoelace2(r);
  }
  return { xor, area: area2 / 2 };
}

const binary = (m: Mask) => m.data.map((v) => (v ? 1 : 0));

describe('traceContours properties', () => {
  it('equals the crack-following oracle (random mode, approx, coords) on 10k masks', () => {
    fc.assert(fc.property(maskArb(), fc.constantFrom(...MODES), fc.constantFrom(...APPROX), fc.constantFrom(...COORDS), (m, mode, approx, coords) => {
      expect(traceContours(m, { mode, approx, coords })).toEqual(traceOracle(m, mode, approx, coords));
    }), { seed, numRuns: 10_000 });
  });

  it("coords: 'edge': XOR of the rings' COCO rasterisations is the mask, shoelace areas add up to the pixel count (10k masks)", () => {
    fc.assert(fc.property(maskArb(), fc.constantFrom(...APPROX), (m, approx) => {
      const c = traceContours(m, { coords: 'edge', approx, mode: 'ccomp' });
      const { xor, area } = edgeRoundTrip(m, c);
      expect(xor).toEqual(binary(m));
      expect(area).toBe(popcount(m));
      for (let i = 0; i < c.count; i++) {
        const r = ring(c, i);
        // Outer rings counter-clockwise on screen, holes clockwise; vertices on pixel corners.
        expect(Math.sign(shoelace2(r))).toBe(c.hierarchy[4 * i + 3] === -1 ? -1 : 1);
        let bad = -1;
        for (let j = 0; j < r.length && bad < 0; j += 2) {
          const k = (j + 2) % r.length, l = (j + 4) % r.length;
          const [dx, dy] = [r[k] - r[j], r[k + 1] - r[j + 1]];
          const inside = r[j] >= 0 && r[j] <= m.width && r[j + 1] >= 0 && r[j + 1] <= m.height;
          // Axis-parallel unit steps ('none') or turns at every vertex ('simple').
          const step = approx === 'none' ? Math.abs(dx) + Math.abs(dy) === 1 : (dx === 0) !== (dy === 0) && (r[l] - r[k]) * dx + (r[l + 1] - r[k + 1]) * dy === 0;
          if (!inside || !step) bad = j / 2;
        }
        expect(bad, `ring ${i} vertex ${bad}`).toBe(-1);
      }
    }), { seed: seed + 1, numRuns: 10_000 });
  });

  it('modes relate as OpenCV: list, ccomp and tree hold the same contours; external the top-level outer ones', () => {
    fc.assert(fc.property(maskArb(), (m) => {
      const key = (c: Contours) => Array.from({ length: c.count }, (_, i) => ring(c, i).join(',')).sort();
      const tree = traceContours(m, { mode: 'tree' });
      expect(key(traceContours(m, { mode: 'list' }))).toEqual(key(tree));
      expect(key(traceContours(m, { mode: 'ccomp' }))).toEqual(key(tree));
      const top = Array.from({ length: tree.count }, (_, i) => i).filter((i) => tree.hierarchy[4 * i + 3] === -1).map((i) => ring(tree, i).join(',')).sort();
      expect(key(traceContours(m, { mode: 'external' }))).toEqual(top);
    }), { seed: seed + 2, numRuns: 1000 });
  });
});

describe('traceContours fixed cases', () => {
  const pts = (m: Mask, o = {}) => {
    const c = traceContours(m, o);
    return Array.from({ length: c.count }, (_, i) => ring(c, i));
  };

  it('0-size, empty and full images', () => {
    for (const [w, h] of [[0, 0], [0, 5], [5, 0]]) {
      const c = traceContours({ width: w, height: h, data: new Uint8Array(0) });
      expect([c.count, c.points.length, Array.from(c.offsets), c.hierarchy.length]).toEqual([0, 0, [0], 0]);
    }
    expect(traceContours({ width: 4, height: 3, data: new Uint8Array(12) }).count).toBe(0);
    expect(pts({ width: 4, height: 3, data: new Uint8Array(12).fill(9) })).toEqual([[0, 0, 0, 2, 3, 2, 3, 0]]);
    expect(pts({ width: 4, height: 3, data: new Uint8Array(12).fill(1) }, { coords: 'edge' })).toEqual([[0, 0, 0, 3, 4, 3, 4, 0]]);
  });

  it('1 x N and N x 1: every visit in none, the two ends in simple', () => {
    expect(pts(ascii('####'), { approx: 'none' })).toEqual([[0, 0, 1, 0, 2, 0, 3, 0, 2, 0, 1, 0]]);
    expect(pts(ascii('####'))).toEqual([[0, 0, 3, 0]]);
    expect(pts(ascii('#\n#\n#'))).toEqual([[0, 0, 0, 2]]);
    expect(pts(ascii('#'))).toEqual([[0, 0]]);
  });

  it('a hole whose only exit is diagonal is a hole; a 1-pixel chessboard is one object full of holes', () => {
    const leak = traceContours(ascii(`
      ####.
      #..#.
      #..#.
      ###..
      .....`), { mode: 'tree' });
    expect(leak.count).toBe(2);
    expect(Array.from(leak.hierarchy)).toEqual([-1, -1, 1, -1, -1, -1, -1, 0]);
    const n = 64;
    const chess = { width: n, height: n, data: Uint8Array.from({ length: n * n }, (_, i) => ((i % n) + Math.floor(i / n) + 1) % 2) };
    const c = traceContours(chess, { mode: 'ccomp' });
    // Background pixels not on the image border are holes: (n - 2)^2 / 2 of them.
    expect(c.count).toBe(1 + ((n - 2) * (n - 2)) / 2);
    const { xor } = edgeRoundTrip(chess, traceContours(chess, { coords: 'edge' }));
    expect(xor).toEqual(chess.data);
  });

  it('a border longer than the first block of scratch space is followed again after growing it', () => {
    // A comb: one border of about 2 * 120 * 60 visits, beyond the 8192 vertices the kernel starts with.
    const w = 241, h = 62;
    const data = new Uint8Array(w * h);
    for (let x = 0; x < w; x++) data[x] = 1;
    for (let x = 0; x < w; x += 2) for (let y = 1; y < h; y++) data[y * w + x] = 1;
    const comb = { width: w, height: h, data };
    for (const coords of COORDS) {
      const got = traceContours(comb, { approx: 'none', coords, mode: 'tree' });
      expect(got.points.length / 2).toBeGreaterThan(8192);
      expect(got).toEqual(traceOracle(comb, 'tree', 'none', coords));
    }
  });

  it('the input is never modified, whatever its non-zero values', () => {
    const m = { width: 5, height: 4, data: Uint8Array.from({ length: 20 }, (_, i) => (i * 37) % 5 === 0 ? 0 : i * 13) };
    const before = m.data.slice();
    for (const mode of MODES) for (const coords of COORDS) traceContours(m, { mode, coords });
    expect(m.data).toEqual(before);
    expect(traceContours(m)).toEqual(traceContours({ ...m, data: binary(m) }));
  });

  it('refuses malformed masks and unknown options', () => {
    const m = ascii('#');
    const err = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(InvalidInputError); return (e as Error).message; } throw new Error('did not throw'); };
    expect(err(() => traceContours(m, { mode: 'all' as never }))).toMatch(/one of 'external', 'list', 'ccomp', 'tree' for options\.mode but received "all"/);
    expect(err(() => traceContours(m, { approx: 'chain' as never }))).toMatch(/options\.approx/);
    expect(err(() => traceContours(m, { coords: 'centre' as never }))).toMatch(/options\.coords/);
    expect(err(() => traceContours(m, 3 as never))).toMatch(/an options object for options/);
    expect(err(() => traceContours({ width: 2, height: 2, data: new Uint8Array(3) }))).toMatch(/mask\.data/);
  });
});
