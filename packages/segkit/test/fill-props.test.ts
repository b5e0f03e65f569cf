// Polygon fill against its definitions (fast-check, fixed seed): 'coco' against the RLE path,
// 'center' against an exact point-in-polygon oracle, and the metamorphic
// properties of painting (translation, order, label types, one call for many shapes).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fillMany, fillPolygons, rasterize, rleDecode, rleFromPolygons,
  type FillRule, type LabelMap, type PixelRule,
} from '../src/index';
import { ascii, centerRuleMask, labelMapOf } from './helpers';
import { fillSpans, spanBound } from '../src/fill/paint';
import { flattenShapes } from '../src/rings';

const seed = 20261125;
const runs = (numRuns: number) => ({ seed, numRuns });

/** Coordinates on a quarter-pixel grid: pixel edges, centres and quarters (exact in binary). */
const gridCoord = (lo: number, hi: number) => fc.oneof(
  fc.integer({ min: lo, max: hi }),
  fc.integer({ min: lo, max: hi }).map((v) => v + 0.5),
  fc.integer({ min: lo * 4, max: hi * 4 }).map((v) => v / 4),
);

/** Any coordinates: the grid, COCO's fifths off by 0.1, and arbitrary doubles. */
const anyCoord = (lo: number, hi: number) => fc.oneof(
  gridCoord(lo, hi),
  fc.integer({ min: lo * 5, max: hi * 5 }).map((v) => v / 5 + 0.1),
  fc.double({ min: lo, max: hi, noNaN: true }),
);

/** A ring with duplicate and collinear vertices mixed in (both are no-ops for the shape). */
const ringArb = (coord: fc.Arbitrary<number>) =>
  fc.tuple(
    fc.array(fc.tuple(coord, coord), { minLength: 0, maxLength: 12 }),
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 12, maxLength: 12 }),
  ).map(([pts, extras]) => {
    const out: number[] = [];
    pts.forEach(([x, y], i) => {
      out.push(x, y);
      const [nx, ny] = pts[(i + 1) % pts.length];
      if (extras[i] === 1) out.push(x, y); // duplicate vertex
      if (extras[i] === 2) out.push((x + nx) / 2, (y + ny) / 2); // collinear vertex (midpoint)
    });
    return out;
  });

const shapeOf = (coord: fc.Arbitrary<number>) => fc.record({
  h: fc.integer({ min: 0, max: 40 }),
  w: fc.integer({ min: 0, max: 40 }),
  rings: fc.array(ringArb(coord), { minLength: 0, maxLength: 3 }),
});
const shapeArb = shapeOf(anyCoord(-6, 46));
const gridShapeArb = shapeOf(gridCoord(-6, 46));

describe("rule 'coco'", () => {
  it('equals rleDecode(rleFromPolygons) on 10k random shapes, painted over any label map', () => {
    fc.assert(fc.property(shapeArb, fc.constantFrom('u8', 'u16', 'i32' as const), fc.integer(), ({ h, w, rings }, kind, s) => {
      const want = rleDecode(rleFromPolygons(rings, h, w)).data;
      expect(rasterize(rings, { width: w, height: h }).data).toEqual(want);
      const map = labelMapOf(kind, w, h, s);
      const before = map.data.slice();
      const value = kind === 'u8' ? 200 : kind === 'u16' ? 65535 : -7;
      fillPolygons(map, rings, value);
      for (let i = 0; i < want.length; i++) if (map.data[i] !== (want[i] ? value : before[i])) throw new Error(`pixel ${i}`);
    }), runs(10000));
  });
});

describe('rasterize into a reused array', () => {
  it('overwrites every element of out, under every rule, and returns it as the mask data', () => {
    const rules: Array<{ rule: PixelRule; fill?: FillRule }> = [{ rule: 'coco' }, { rule: 'center' }, { rule: 'center', fill: 'nonzero' }];
    fc.assert(fc.property(shapeArb, fc.constantFrom(...rules), fc.uint8Array({ minLength: 1600, maxLength: 1600 }), ({ h, w, rings }, opts, junk) => {
      const want = rasterize(rings, { width: w, height: h, ...opts }).data;
      const out = junk.subarray(0, w * h);
      const got = rasterize(rings, { width: w, height: h, ...opts, out });
      expect(got.data).toBe(out);
      expect(out).toEqual(want);
    }), runs(5000));
  });
});

describe("rule 'center'", () => {
  for (const fill of ['evenodd', 'nonzero'] as FillRule[]) {
    it(`equals the exact point-in-polygon oracle (${fill}) on quarter-pixel shapes, ties included`, () => {
      fc.assert(fc.property(gridShapeArb, ({ h, w, rings }) => {
        const got = rasterize(rings, { width: w, height: h, rule: 'center', fill }).data;
        expect(got).toEqual(centerRuleMask(rings, h, w, fill).data);
      }), runs(1500));
    });

    it(`equals the exact oracle (${fill}) on any coordinates, up to double rounding on edges`, () => {
      fc.assert(fc.property(shapeArb, ({ h, w, rings }) => {
        const got = rasterize(rings, { width: w, height: h, rule: 'center', fill }).data;
        const want = centerRuleMask(rings, h, w, fill);
        for (let i = 0; i < got.length; i++) {
          if (got[i] !== want.data[i] && !want.near[i]) throw new Error(`pixel (${i % w}, ${Math.floor(i / w)})`);
        }
      }), runs(1500));
    });
  }

  it('self-intersections, holes either way round, and the tie rule, as pictures', () => {
    const c = (rings: number[][], w: number, h: number, fill: FillRule = 'evenodd') =>
      rasterize(rings, { width: w, height: h, rule: 'center', fill }).data;
    // A bow tie: the two triangles meet at (3, 3). The diagonals run through pixel centres: a
    // centre on the right edge of the left triangle is out, on the left edge of the right one in.
    expect(c([[0, 0, 6, 6, 6, 0, 0, 6]], 6, 6)).toEqual(ascii(`
      .....#
      #...##
      ##.###
      ##.###
      #...##
      .....#`).data);
    // Outer square and inner square: a hole under even-odd; under non-zero only when reversed.
    const outer = [0, 0, 6, 0, 6, 6, 0, 6];
    const sameWay = [2, 2, 4, 2, 4, 4, 2, 4];
    const reversed = [2, 2, 2, 4, 4, 4, 4, 2];
    const holed = ascii(`
      ######
      ######
      ##..##
      ##..##
      ######
      ######`).data;
    expect(c([outer, sameWay], 6, 6)).toEqual(holed);
    expect(c([outer, reversed], 6, 6, 'nonzero')).toEqual(holed);
    expect(c([outer, sameWay], 6, 6, 'nonzero')).toEqual(new Uint8Array(36).fill(1));
    // Edges through pixel centres: the left and top edges are in, the right and bottom out.
    // The box [1.5, 4.5) x [1.5, 3.5) runs through the centres of rows 1 and 3, columns 1 and 4.
    expect(c([[1.5, 1.5, 4.5, 1.5, 4.5, 3.5, 1.5, 3.5]], 6, 5)).toEqual(ascii(`
      ......
      .###..
      .###..
      ......
      ......`).data);
    // A triangle whose edges all run through centres: on row 0 its left and right edges meet
    // (nothing), centres on the left edge are in, on the diagonal (right) and bottom edges out.
    expect(c([[0.5, 0.5, 4.5, 4.5, 0.5, 4.5]], 5, 5)).toEqual(ascii(`
      .....
      #....
      ##...
      ###..
      .....`).data);
  });

  it('a vertex exactly on a pixel centre counts once (no spike, no gap)', () => {
    // A diamond whose left and right vertices sit on the centres of row 2: the left one is in,
    // the right one out; every row is one span.
    const m = rasterize([[3, 0, 5.5, 2.5, 3, 5, 0.5, 2.5]], { width: 6, height: 5, rule: 'center' }).data;
    expect(m).toEqual(ascii(`
      ..#...
      .###..
      #####.
      .###..
      ..#...`).data);
  });
});

describe('one shape as spans, many shapes through the band', () => {
  const wide = fc.record({
    h: fc.integer({ min: 1, max: 24 }),
    w: fc.integer({ min: 1, max: 2100 }),
    rings: fc.array(ringArb(anyCoord(-6, 46).map((v) => v * 45)), { minLength: 1, maxLength: 3 }),
    rule: fc.constantFrom<PixelRule>('coco', 'center'),
    kind: fc.constantFrom('u8', 'u16', 'i32' as const),
    seed: fc.integer(),
  });

  it('paint the same pixels on wide images, and the span list fits its bound', () => {
    fc.assert(fc.property(wide, ({ h, w, rings, rule, kind, seed }) => {
      const a = labelMapOf(kind, w, h, seed);
      const b = labelMapOf(kind, w, h, seed);
      fillPolygons(a, rings, 77, { rule });
      fillMany(b, [{ rings, value: 77 }, { rings: [], value: 5 }], { rule });
      expect(a.data).toEqual(b.data);
      // The list the kernel returns never exceeds the room the API gives it.
      const shapes = flattenShapes([rings], () => 'rings');
      const c = labelMapOf(kind, w, h, seed);
      expect(fillSpans(c.data, w, h, shapes, 77, rule === 'coco' ? 0 : 1, 0, spanBound(shapes, h))).toBe(true);
      expect(c.data).toEqual(a.data);
    }), runs(1500));
  });

  it('a list that does not fit fills nothing and reports it, leaving the band path to paint', () => {
    const shapes = flattenShapes([[[0, 0, 30, 0, 30, 9, 0, 9]]], () => 'rings');
    const data = new Uint8Array(40 * 10);
    expect(fillSpans(data, 40, 10, shapes, 1, 1, 0, 3)).toBe(false);
    expect(data).toEqual(new Uint8Array(400));
    expect(fillSpans(data, 40, 10, shapes, 1, 1, 0, 9)).toBe(true);
    expect(data.reduce((s, v) => s + v, 0)).toBe(270);
  });
});

describe('the README pictures', () => {
  it('coco and center on a triangle, a square with a hole under each rule, the tie rule', () => {
    const r = (rings: number[][], width: number, height: number, rule: PixelRule = 'coco', fill: FillRule = 'evenodd') =>
      rasterize(rings, { width, height, rule, fill }).data;
    const tri = [[8.5, 0.6, 0.5, 6.6, 8.5, 5.6]];
    expect(r(tri, 9, 7)).toEqual(ascii(`
      .........
      .......##
      ......###
      .....####
      ...######
      ..#######
      .........`).data);
    expect(r(tri, 9, 7, 'center')).toEqual(ascii(`
      .........
      .......#.
      ......##.
      .....###.
      ...#####.
      ..######.
      .........`).data);
    const holed = [[0, 0, 8, 0, 8, 6, 0, 6], [2, 2, 6, 2, 6, 4, 2, 4]];
    expect(r(holed, 8, 6)).toEqual(new Uint8Array(48).fill(1));
    expect(r(holed, 8, 6, 'center', 'nonzero')).toEqual(new Uint8Array(48).fill(1));
    expect(r(holed, 8, 6, 'center')).toEqual(ascii(`
      ########
      ########
      ##....##
      ##....##
      ########
      ########`).data);
    expect(r([[1.5, 0.5, 5.5, 0.5, 5.5, 3.5, 1.5, 3.5]], 7, 5, 'center')).toEqual(ascii(`
      .####..
      .####..
      .####..
      .......
      .......`).data);
    expect(r([[0.5, 0.5, 4.5, 4.5, 0.5, 4.5]], 6, 5, 'center')).toEqual(ascii(`
      ......
      #.....
      ##....
      ###...
      ......`).data);
  });
});

describe('painting', () => {
  const rules: Array<{ rule: PixelRule; fill?: FillRule }> = [{ rule: 'coco' }, { rule: 'center' }, { rule: 'center', fill: 'nonzero' }];

  it('translating a shape by whole pixels translates the mask', () => {
    // Quarter-pixel coordinates, so that translated coordinates are exact. COCO's rule rounds
    // negative grid coordinates toward zero (as pycocotools), so it is translation-invariant only
    // where coordinates stay non-negative: its shapes start at 0 and move right and down.
    const shapes = fc.oneof(
      fc.record({ shape: gridShapeArb, opts: fc.constantFrom(rules[1], rules[2]), d: fc.integer({ min: -8, max: 8 }) }),
      fc.record({ shape: shapeOf(gridCoord(0, 46)), opts: fc.constant(rules[0]), d: fc.integer({ min: 0, max: 8 }) }),
    );
    fc.assert(fc.property(shapes, fc.integer({ min: 0, max: 8 }), ({ shape: { h, w, rings }, opts, d: dx }, dy) => {
      const a = rasterize(rings, { width: w, height: h, ...opts });
      const moved = rings.map((r) => r.map((v, i) => v + (i % 2 === 0 ? dx : dy)));
      const b = rasterize(moved, { width: w, height: h, ...opts });
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const sx = x - dx, sy = y - dy;
          // Pixels whose source lies outside the image depend on the part of the shape clipped away.
          if (sx < 0 || sy < 0 || sx >= w || sy >= h) continue;
          if (b.data[y * w + x] !== a.data[sy * w + sx]) throw new Error(`(${x}, ${y})`);
        }
      }
    }), runs(3000));
  });

  it('later calls paint over earlier ones, and fillMany equals fillPolygons shape by shape', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }),
      fc.array(fc.record({ rings: fc.array(ringArb(anyCoord(-4, 34)), { minLength: 1, maxLength: 2 }), value: fc.integer({ min: 0, max: 65535 }) }), { maxLength: 6 }),
      fc.constantFrom(...rules),
      (w, h, shapes, opts) => {
        const seq: LabelMap = { width: w, height: h, data: new Uint16Array(w * h).fill(9) };
        const want = new Uint16Array(w * h).fill(9);
        for (const s of shapes) {
          fillPolygons(seq, s.rings, s.value, opts);
          const m = rasterize(s.rings, { width: w, height: h, ...opts }).data;
          for (let i = 0; i < m.length; i++) if (m[i]) want[i] = s.value;
        }
        expect(seq.data).toEqual(want);
        const many: LabelMap = { width: w, height: h, data: new Uint16Array(w * h).fill(9) };
        expect(fillMany(many, shapes, opts)).toBe(many);
        expect(many.data).toEqual(want);
      },
    ), runs(1500));
  });

  it('all three label-map types take values across their whole range', () => {
    const rings = [[1, 1, 7, 1, 7, 4, 1, 4]];
    const inside = rasterize(rings, { width: 9, height: 6 }).data;
    for (const [data, values] of [
      [new Uint8Array(54), [0, 1, 255]],
      [new Uint16Array(54), [0, 256, 65535]],
      [new Int32Array(54), [-(2 ** 31), -1, 2 ** 31 - 1]],
    ] as const) {
      for (const v of values) {
        const map = { width: 9, height: 6, data: data.slice().fill(3) };
        fillPolygons(map, rings, v);
        map.data.forEach((got: number, i: number) => expect(got).toBe(inside[i] ? v : 3));
      }
    }
  });

  it('adversarial shapes: empty, full, 1xN, Nx1, 0-size, chessboard, nested rings', () => {
    for (const opts of rules) {
      const r = (rings: number[][], w: number, h: number) => rasterize(rings, { width: w, height: h, ...opts }).data;
      expect(r([], 5, 4)).toEqual(new Uint8Array(20));
      expect(r([[]], 5, 4)).toEqual(new Uint8Array(20));
      expect(r([[-1, -1, 6, -1, 6, 5, -1, 5]], 5, 4)).toEqual(new Uint8Array(20).fill(1));
      expect(r([[0, 0, 40, 0, 40, 1, 0, 1]], 37, 1)).toEqual(new Uint8Array(37).fill(1));
      expect(r([[0, 0, 1, 0, 1, 40, 0, 40]], 1, 37)).toEqual(new Uint8Array(37).fill(1));
      expect(r([[0, 0, 4, 0, 4, 4]], 0, 7)).toEqual(new Uint8Array(0));
      expect(r([[0, 0, 4, 0, 4, 4]], 7, 0)).toEqual(new Uint8Array(0));
      // A chessboard of unit squares, painted one square per shape.
      const squares = [];
      for (let y = 0; y < 8; y++) for (let x = (y & 1); x < 8; x += 2) squares.push({ rings: [[x, y, x + 1, y, x + 1, y + 1, x, y + 1]], value: 1 });
      const board = fillMany({ width: 8, height: 8, data: new Uint8Array(64) }, squares, opts).data;
      board.forEach((v, i) => expect(v).toBe(((i % 8) + Math.floor(i / 8)) & 1 ? 0 : 1));
      // Nested rings: coco unions them, the centre rule alternates (even-odd).
      const nested = [0, 4, 8].map((d) => [d, d, 24 - d, d, 24 - d, 24 - d, d, 24 - d]);
      const got = r(nested, 24, 24);
      const ring = (x: number, y: number) => Math.min(x, y, 23 - x, 23 - y);
      got.forEach((v, i) => {
        const depth = Math.floor(ring(i % 24, Math.floor(i / 24)) / 4);
        expect(v).toBe(opts.rule === 'coco' || opts.fill === 'nonzero' ? 1 : depth % 2 === 0 ? 1 : 0);
      });
    }
  });

  it('coordinates far outside clip instead of wrapping, and do not hang', () => {
    for (const opts of rules) {
      const all = rasterize([[-1e300, -1e300, 1e300, -1e300, 1e300, 1e300, -1e300, 1e300]], { width: 9, height: 7, ...opts });
      expect(all.data).toEqual(new Uint8Array(63).fill(1));
      const away = rasterize([[1e15, 1e15, 2e15, 1e15, 2e15, 2e15]], { width: 9, height: 7, ...opts });
      expect(away.data).toEqual(new Uint8Array(63));
      // A sliver from far left to far right through row 3.
      const bar = rasterize([[-1e12, 3.2, 1e12, 3.2, 1e12, 3.8, -1e12, 3.8]], { width: 9, height: 7, ...opts });
      bar.data.forEach((v, i) => expect(v).toBe(Math.floor(i / 9) === 3 ? 1 : 0));
      // Slivers from far above to far below through column 4: clipped (1e12), and unclipped but
      // past the 32-bit range on COCO's 1/5-pixel grid (1e9).
      for (const far of [1e12, 1e9]) {
        const column = rasterize([[4.2, -far, 4.8, -far, 4.8, far, 4.2, far]], { width: 9, height: 7, ...opts });
        column.data.forEach((v, i) => expect(v).toBe(i % 9 === 4 ? 1 : 0));
      }
    }
  });

  it('pixels outside the shape keep their values, rows above and below the shape included', () => {
    const map = labelMapOf('i32', 30, 40, 5);
    const before = map.data.slice();
    fillPolygons(map, [[3, 17, 20, 18, 9, 22]], 42, { rule: 'center' });
    const m = rasterize([[3, 17, 20, 18, 9, 22]], { width: 30, height: 40, rule: 'center' }).data;
    map.data.forEach((v, i) => expect(v).toBe(m[i] ? 42 : before[i]));
    expect(m.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  });
});
