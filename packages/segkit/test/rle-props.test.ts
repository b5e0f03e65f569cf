// Properties of the RLE core against slow obvious oracles (fast-check, fixed seed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bboxIou, fromCocoRle, rleArea, rleBbox, rleDecode, rleEncode, rleFromPolygons, rleFromString,
  rleIou, rleMerge, rleToString, toCocoRle, type Mask,
} from '../src/index';
import { ascii, bboxOfMask, cocoRuleMask, countsOfMask, popcount } from './helpers';

const seed = 20261124;
const runs = (numRuns: number) => ({ seed, numRuns });

/** Random masks: sizes include 0 x N, N x 0 and 1 x 1; densities from sparse to full; blobs. */
const maskArb: fc.Arbitrary<Mask> = fc
  .record({ width: fc.integer({ min: 0, max: 40 }), height: fc.integer({ min: 0, max: 40 }), density: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1600, maxLength: 1600 }), value: fc.integer({ min: 1, max: 255 }) })
  .map(({ width, height, density, bytes, value }) => {
    const data = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = bytes[i] < density * 256 ? value : 0;
    return { width, height, data };
  });

const sameSizePair = fc.tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 24 })).chain(([h, w]) =>
  fc.tuple(fc.uint8Array({ minLength: h * w, maxLength: h * w }), fc.uint8Array({ minLength: h * w, maxLength: h * w }), fc.integer({ min: 1, max: 255 })).map(([a, b, t]) => [
    { width: w, height: h, data: a.map((v) => (v < t ? 1 : 0)) },
    { width: w, height: h, data: b.map((v) => (v < 255 - t ? 1 : 0)) },
  ] as [Mask, Mask]),
);

const binary = (m: Mask) => m.data.map((v) => (v ? 1 : 0));

describe('RLE properties', () => {
  it('decode(encode(mask)) = mask != 0 and counts equal the pixel-by-pixel encoder', () => {
    fc.assert(fc.property(maskArb, (m) => {
      const rle = rleEncode(m);
      expect(Array.from(rle.counts)).toEqual(countsOfMask(m));
      expect(rleDecode(rle).data).toEqual(binary(m));
    }), runs(2000));
  });

  it('round trip on edge shapes: 0xN, Nx0, 1x1, full, empty, chessboards, wide and tall', () => {
    const shapes: Mask[] = [];
    for (const [w, h] of [[0, 5], [5, 0], [0, 0], [1, 1], [1, 37], [37, 1], [16, 16], [33, 17], [100, 3], [3, 100]]) {
      shapes.push({ width: w, height: h, data: new Uint8Array(w * h) });
      shapes.push({ width: w, height: h, data: new Uint8Array(w * h).fill(1) });
      shapes.push({ width: w, height: h, data: Uint8Array.from({ length: w * h }, (_, i) => ((i % w) + Math.floor(i / w)) & 1) });
    }
    for (const m of shapes) {
      const rle = rleEncode(m);
      expect(Array.from(rle.counts)).toEqual(countsOfMask(m));
      expect(rleDecode(rle).data).toEqual(m.data);
      const n = m.width * m.height;
      if (n === 0) expect(Array.from(rle.counts)).toEqual([0]);
    }
    expect(Array.from(rleEncode(ascii('##\n##')).counts)).toEqual([0, 4]);
    expect(Array.from(rleEncode(ascii('..\n..')).counts)).toEqual([4]);
  });

  it('string round trip, and through the COCO JSON shape', () => {
    fc.assert(fc.property(maskArb, (m) => {
      const rle = rleEncode(m);
      const s = rleToString(rle);
      expect(/^[0-o]*$/.test(s)).toBe(true);
      expect(rleFromString(s, m.height, m.width).counts).toEqual(rle.counts);
      expect(fromCocoRle(toCocoRle(rle)).counts).toEqual(rle.counts);
      expect(fromCocoRle(toCocoRle(rle, { compressed: false })).counts).toEqual(rle.counts);
    }), runs(1000));
  });

  it('string round trip for large runs and deltas (up to 2^32 - 1)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 0xffffffff }), { minLength: 1, maxLength: 12 }), fc.boolean(), (runsIn, leadingZero) => {
      const counts = Uint32Array.from(leadingZero ? [0, ...runsIn] : runsIn);
      const total = counts.reduce((a, b) => a + b, 0);
      // any factorisation works for the string codec: use height = total, width = 1
      if (total > 0xffffffff) return;
      const rle = { height: total, width: 1, counts };
      expect(rleFromString(rleToString(rle), total, 1).counts).toEqual(counts);
    }), runs(2000));
  });

  it('area = popcount and bbox = the mask bbox', () => {
    fc.assert(fc.property(maskArb, (m) => {
      const rle = rleEncode(m);
      expect(rleArea(rle)).toBe(popcount(m));
      expect(rleBbox(rle)).toEqual(bboxOfMask(m));
    }), runs(2000));
  });

  it('merge = pixelwise OR / AND, for 2 to 4 masks', () => {
    fc.assert(fc.property(sameSizePair, sameSizePair, fc.boolean(), ([a, b], [c], intersect) => {
      const list = [a, b];
      if (c.width === a.width && c.height === a.height) list.push(c);
      const merged = rleDecode(rleMerge(list.map(rleEncode), intersect)).data;
      const want = a.data.map((_, i) => {
        const bits = list.map((m) => m.data[i]);
        return (intersect ? bits.every(Boolean) : bits.some(Boolean)) ? 1 : 0;
      });
      expect(merged).toEqual(want);
      expect(rleMerge(list.map(rleEncode), intersect).counts).toEqual(rleEncode({ ...a, data: want }).counts);
    }), runs(1000));
  });

  it('iou = its definition on decoded masks (crowd divides by the dt area)', () => {
    fc.assert(fc.property(sameSizePair, fc.boolean(), ([a, b], crowd) => {
      const [iou] = rleIou([rleEncode(a)], [rleEncode(b)], [crowd ? 1 : 0]);
      let inter = 0, uni = 0, da = 0;
      for (let i = 0; i < a.data.length; i++) {
        inter += a.data[i] & b.data[i];
        uni += a.data[i] | b.data[i];
        da += a.data[i];
      }
      const [ax, ay, aw, ah] = bboxOfMask(a);
      const [bx, by, bw, bh] = bboxOfMask(b);
      const boxesOverlap = Math.min(ax + aw, bx + bw) > Math.max(ax, bx) && Math.min(ay + ah, by + bh) > Math.max(ay, by);
      const want = !boxesOverlap || inter === 0 ? 0 : inter / (crowd ? da : uni);
      expect(iou).toBe(want);
      // the box gate of rleIou is bboxIou itself
      expect(bboxIou([[ax, ay, aw, ah]], [[bx, by, bw, bh]], [crowd]).length).toBe(1);
    }), runs(1000));
  });

  it('iou is -1 for different image sizes whose boxes overlap, dt-major for m x n', () => {
    const a = rleEncode(ascii('##.\n##.'));
    const b = rleEncode(ascii('##\n##\n..'));
    expect(Array.from(rleIou([a], [b], [0]))).toEqual([-1]);
    const c = rleEncode(ascii('..#\n..#'));
    expect(Array.from(rleIou([a, c], [a, c, a], [0, 0, 1]))).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('polygon RLE equals the slow port of COCO\'s rule on 10k random polygons', () => {
    const coord = (lo: number, hi: number) => fc.oneof(
      fc.double({ min: lo, max: hi, noNaN: true }),
      fc.integer({ min: lo, max: hi }),
      fc.integer({ min: lo * 2, max: hi * 2 }).map((v) => v / 2),
      fc.integer({ min: lo * 5, max: hi * 5 }).map((v) => v / 5 + 0.1),
    );
    const polyArb = fc.record({
      h: fc.integer({ min: 0, max: 48 }),
      w: fc.integer({ min: 0, max: 48 }),
      rings: fc.array(fc.array(fc.tuple(coord(-12, 60), coord(-12, 60)), { minLength: 0, maxLength: 14 }), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(fc.property(polyArb, ({ h, w, rings }) => {
      const polys = rings.map((r) => r.flat());
      const got = rleDecode(rleFromPolygons(polys, h, w)).data;
      const want = new Uint8Array(h * w);
      for (const p of polys) cocoRuleMask(p, h, w).data.forEach((v, i) => { want[i] |= v; });
      expect(got).toEqual(want);
    }), runs(10000));
  });

  it('far-outside coordinates clip instead of wrapping', () => {
    const inside = rleFromPolygons([[-1e6, -1e6, 1e6, -1e6, 1e6, 1e6, -1e6, 1e6]], 7, 9);
    expect(Array.from(inside.counts)).toEqual([0, 63]);
    const huge = rleFromPolygons([[-1e300, -1e300, 1e300, -1e300, 1e300, 1e300, -1e300, 1e300]], 7, 9);
    expect(Array.from(huge.counts)).toEqual([0, 63]);
    const away = rleFromPolygons([[1e15, 1e15, 2e15, 1e15, 2e15, 2e15]], 7, 9);
    expect(Array.from(away.counts)).toEqual([63]);
    // Column 4 of every row, from slivers reaching past the 32-bit range of the 1/5-pixel grid.
    for (const far of [1e12, 1e9]) {
      expect(Array.from(rleFromPolygons([[4.2, -far, 4.8, -far, 4.8, far, 4.2, far]], 7, 9).counts)).toEqual([28, 7, 28]);
      expect(Array.from(rleFromPolygons([[-far, 3.2, far, 3.2, far, 3.8, -far, 3.8]], 7, 9).counts)).toEqual([3, 1, 6, 1, 6, 1, 6, 1, 6, 1, 6, 1, 6, 1, 6, 1, 6, 1, 3]);
    }
  });
});
