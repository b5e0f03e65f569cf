// Connected components against the slow breadth-first oracle (helpers.ts labelOracle), on random
// masks and label maps (fast-check, fixed seed) and on adversarial shapes; the kernel's writes
// stay inside its buffers; components -> RLE against rleEncode; dust removal and top-k against
// the oracle's areas; validation errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  componentsToRle, InvalidInputError, labelComponents, largestComponents, removeSmallComponents,
  rleEncode, type Components, type LabelMap, type Mask,
} from '../src/index';
import { kernel } from '../src/wasm/kernel';
import { ascii, countsOfMask, labelOracle, maskOfLabel, type PlainComponents } from './helpers';

const seed = 20261124;
const runs = (numRuns: number) => ({ seed, numRuns });

type Typed = Uint8Array | Uint16Array | Int32Array;
const KINDS = [Uint8Array, Uint16Array, Int32Array] as const;
/** Values each kind can hold, extremes included. */
const PALETTE: Record<string, number[]> = {
  Uint8Array: [0, 1, 2, 7, 255],
  Uint16Array: [0, 1, 256, 512, 65535],
  Int32Array: [0, 1, -1, 65536 + 1000, 1000, 2 ** 31 - 1, -(2 ** 31)],
};

function expectSame(got: Components, want: PlainComponents, what = '') {
  expect(got.count, what).toBe(want.count);
  expect(got.labels, what).toEqual(want.labels);
  expect(Array.from(got.area), what).toEqual(want.area);
  expect(Array.from(got.bbox), what).toEqual(want.bbox);
  expect(Array.from(got.centroid), what).toEqual(want.centroid);
  expect(Array.from(got.value), what).toEqual(want.value);
}

/** Labels with segkit and the oracle in both connectivities and compares everything. */
function check(map: LabelMap, background = 0, what = '') {
  for (const connectivity of [4, 8] as const) {
    expectSame(labelComponents(map, { connectivity, background }), labelOracle(map, connectivity, background), `${what} c${connectivity} bg${background}`);
  }
}

/**
 * Random label maps: any of the three kinds; widths up to 200 (rows of several 64-pixel words)
 * or squares up to 40; a palette of 1-4 values with extremes; densities from empty to full; and
 * a background that may be any palette value, 0, -1 or absent.
 */
const mapArb = fc
  .record({
    kind: fc.integer({ min: 0, max: 2 }),
    wide: fc.boolean(),
    w: fc.integer({ min: 0, max: 200 }),
    h: fc.integer({ min: 0, max: 40 }),
    nvalues: fc.integer({ min: 1, max: 4 }),
    density: fc.double({ min: 0, max: 1, noNaN: true }),
    block: fc.integer({ min: 1, max: 6 }),
    bytes: fc.uint8Array({ minLength: 8000, maxLength: 8000 }),
    bgPick: fc.integer({ min: 0, max: 7 }),
  })
  .map(({ kind, wide, w, h, nvalues, density, block, bytes, bgPick }) => {
    const T = KINDS[kind];
    const width = wide ? w : w % 41;
    const height = wide ? h % 9 : h;
    const pal = PALETTE[T.name];
    const values = pal.slice(1, 1 + nvalues);
    const data = new T(width * height);
    // Blocks of block x block pixels share a value (granularity), from the random bytes.
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const cell = ((Math.floor(y / block) * 97 + Math.floor(x / block)) * 2) % 7999;
        data[y * width + x] = bytes[cell] < density * 256 ? values[bytes[cell + 1] % values.length] : pal[0];
      }
    }
    const bgChoices = [0, 0, 0, values[0], -1, 12345, pal[pal.length - 1], values[values.length - 1]];
    return { map: { width, height, data } as LabelMap, background: bgChoices[bgPick] };
  });

describe('labelComponents against the breadth-first oracle', () => {
  it('random label maps of every kind, 4 and 8, any background', () => {
    fc.assert(fc.property(mapArb, ({ map, background }) => check(map, background)), runs(1500));
  });

  it('random 0/1 masks (the binary case), several granularities', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(),
      (w, h, g, d, s) => {
        let state = s >>> 0;
        const rnd = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
        const cells = Array.from({ length: Math.ceil(w / g) * Math.ceil(h / g) }, () => (rnd() < d ? 1 : 0));
        const data = new Uint8Array(w * h);
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = cells[Math.floor(y / g) * Math.ceil(w / g) + Math.floor(x / g)];
        check({ width: w, height: h, data });
      },
    ), runs(800));
  });

  it('edge shapes: 0-size, 1xN, Nx1, empty, full, all-background of every kind', () => {
    for (const T of KINDS) {
      for (const [w, h] of [[0, 0], [0, 7], [7, 0], [1, 1], [1, 70], [70, 1], [2, 9], [9, 2], [3, 3], [63, 2], [64, 2], [65, 3], [129, 4]]) {
        for (const fill of [0, 1, 2]) {
          const data = new T(w * h).fill(fill);
          for (const bg of [0, 1, -1]) check({ width: w, height: h, data }, bg, `${T.name} ${w}x${h} fill ${fill}`);
        }
        // Alternating columns, rows and diagonals of two values.
        check({ width: w, height: h, data: filled(T, w * h, (i) => 1 + (i % w) % 2) }, 0, 'columns');
        check({ width: w, height: h, data: filled(T, w * h, (i) => 1 + Math.floor(i / w) % 2) }, 0, 'rows');
        check({ width: w, height: h, data: filled(T, w * h, (i) => ((i % w) + Math.floor(i / w)) % 3) }, 0, 'diagonals');
      }
    }
  });

  it('chessboards: the 64x64 worst case gives 2048 components with 4-connectivity, 1 with 8', () => {
    for (const n of [1, 2, 3, 8, 63, 64, 65]) {
      const board = (a: number, b: number) => Uint8Array.from({ length: n * n }, (_, i) => (((i % n) + Math.floor(i / n)) & 1 ? a : b));
      check({ width: n, height: n, data: board(1, 0) }, 0, `board ${n}`);
      check({ width: n, height: n, data: board(1, 2) }, 0, `two-value board ${n}`);
    }
    const board = { width: 64, height: 64, data: Uint8Array.from({ length: 4096 }, (_, i) => ((i % 64) + (i >> 6)) & 1) };
    expect(labelComponents(board, { connectivity: 4 }).count).toBe(2048);
    expect(labelComponents(board, { connectivity: 8 }).count).toBe(1);
    // As a label map with background 7 (absent), both colours are components: 4096 of them.
    expect(labelComponents(board, { connectivity: 4, background: 7 }).count).toBe(4096);
    expect(labelComponents(board, { connectivity: 8, background: 7 }).count).toBe(2);
  });

  it('spirals and nested rings', () => {
    for (const n of [5, 9, 31, 64, 100]) {
      check(spiral(n), 0, `spiral ${n}`);
      check(rings(n), 0, `rings ${n}`);
    }
    const nested = ascii(`
      #########
      #.......#
      #.#####.#
      #.#...#.#
      #.#.#.#.#
      #.#...#.#
      #.#####.#
      #.......#
      #########`);
    check(nested);
    expect(labelComponents(nested).count).toBe(3);
    // The background rings are components of their own when the background is some other value.
    expect(labelComponents(nested, { background: 9, connectivity: 4 }).count).toBe(5);
  });

  it('large values: 2^31 - 1, negatives, equal low bytes (256 vs 512, 65537 vs 1)', () => {
    const i32 = Int32Array.of(2 ** 31 - 1, 2 ** 31 - 1, -(2 ** 31), 65537, 1, 1, -1, -1, 0);
    check({ width: 3, height: 3, data: i32 }, 0);
    check({ width: 3, height: 3, data: i32 }, -1);
    check({ width: 3, height: 3, data: i32 }, 2 ** 31 - 1);
    const c = labelComponents({ width: 3, height: 3, data: i32 }, { connectivity: 4 });
    expect(Array.from(c.value)).toEqual([2 ** 31 - 1, -(2 ** 31), 65537, 1, -1]);
    check({ width: 4, height: 1, data: Uint16Array.of(256, 512, 512, 256) });
  });

  it('a 1-pixel-wide input of every width mod 64, and each row start of a shifted pattern', () => {
    for (let w = 1; w <= 130; w++) {
      const data = Uint8Array.from({ length: w * 3 }, (_, i) => ((i * 7) % 5 < 3 ? 1 : 0));
      check({ width: w, height: 3, data }, 0, `w=${w}`);
    }
  });

  it('statistics: centroids are sum / area exactly; areas add up to the foreground', () => {
    const m = ascii(`
      ##..#
      #...#
      ....#`);
    const c = labelComponents(m);
    expect(Array.from(c.centroid)).toEqual([1 / 3, 1 / 3, 4, 1]);
    expect(Array.from(c.area)).toEqual([3, 3]);
    expect(Array.from(c.bbox)).toEqual([0, 0, 2, 2, 4, 0, 1, 3]);
  });
});

describe('kernel bounds', () => {
  it('ccLabel writes only its label buffer and result block, never the input, with or without statistics', () => {
    const k = kernel();
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.uint8Array({ minLength: 81, maxLength: 81 }), fc.constantFrom(4, 8), fc.boolean(), (w, h, bytes, conn, stats) => {
      k.run(() => {
        const n = w * h;
        const slot = k.slot();
        const labels = k.alloc(n * 4);
        const guard = k.alloc(64);
        const input = k.alloc(n);
        k.u8(guard, 64).fill(0xab);
        const data = bytes.subarray(0, n).map((b) => b % 3);
        k.u8(input, n).set(data);
        expect(k.x.ccLabel(slot, labels, input, h, w, 1, 0, conn, stats)).toBe(0);
        expect(k.u8(guard, 64).every((b) => b === 0xab)).toBe(true);
        expect(k.u8(input, n)).toEqual(data);
        const want = labelOracle({ width: w, height: h, data }, conn as 4 | 8);
        expect(k.i32(labels, n)).toEqual(want.labels);
        // Without statistics (the entry other kernel files use) the slot holds (0, count).
        expect(Array.from(k.u32(slot, 2))).toEqual(stats ? [k.u32(slot, 1)[0], want.count] : [0, want.count]);
      });
    }), runs(500));
  });

  it('refuses, with a status, sizes of 2^30 pixels or more and unknown flags', () => {
    const k = kernel();
    k.run(() => {
      const slot = k.slot();
      // Statuses (src/wasm/status.ts): 2 = E_RANGE, 3 = E_INPUT. No memory is touched first.
      expect(k.x.ccLabel(slot, 0, 0, 1 << 15, 1 << 15, 1, 0, 8, true)).toBe(2);
      expect(k.x.ccKeep(0, slot, 0, 1, 2 ** 30, 1, 0, 8, 0, 0)).toBe(2);
      expect(k.x.ccRle(slot, 0, 1 << 15, 1 << 15, 0)).toBe(2);
      expect(k.x.ccRle(slot, 0, 2, 2, 5)).toBe(2); // more labels than pixels
      expect(k.x.ccLabel(slot, 0, 0, 2, 2, 3, 0, 8, true)).toBe(3);
      expect(k.x.ccLabel(slot, 0, 0, 2, 2, 1, 0, 6, true)).toBe(3);
    });
  });

  it('ccMean rounds sum / n correctly, also beyond 2^53', () => {
    const k = kernel();
    const big = (a: number, b: number) => BigInt(a) * 2n ** 32n + BigInt(b);
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, hiRaw, lo) => {
      const hi = hiRaw % n; // sum / n < 2^32, as for any centroid
      const out = k.run(() => {
        const p = k.alloc(8);
        expect(k.x.ccMean(p, lo, hi, n)).toBe(0);
        return k.f64(p, 1)[0];
      });
      expect(out).toBe(roundRatio(big(hi, lo), BigInt(n)));
    }), runs(3000));
  });
});

describe('componentsToRle', () => {
  it('equals rleEncode of each component mask, and the pixel-by-pixel encoder', () => {
    fc.assert(fc.property(mapArb, ({ map, background }) => {
      const c = labelComponents(map, { background });
      const rles = componentsToRle(c);
      expect(rles.length).toBe(c.count);
      rles.forEach((r, i) => {
        const m = maskOfLabel(c.labels, c.width, c.height, i + 1);
        expect([r.height, r.width]).toEqual([c.height, c.width]);
        expect(Array.from(r.counts)).toEqual(Array.from(rleEncode(m).counts));
        expect(Array.from(r.counts)).toEqual(countsOfMask(m));
      });
    }), runs(800));
  });

  it('labels without pixels give the empty RLE; wide strips and tall columns', () => {
    const labels = Int32Array.of(0, 2, 2, 0);
    const rles = componentsToRle({ width: 2, height: 2, count: 3, labels });
    expect(rles.map((r) => Array.from(r.counts))).toEqual([[4], [1, 2, 1], [4]]); // column-major: 0, 2 | 2, 0
    for (const [w, h] of [[40, 3], [3, 40], [17, 17], [1, 1]]) {
      const data = Uint8Array.from({ length: w * h }, (_, i) => (i * 31) % 7 < 3 ? 1 : 0);
      const c = labelComponents({ width: w, height: h, data });
      componentsToRle(c).forEach((r, i) => expect(Array.from(r.counts)).toEqual(countsOfMask(maskOfLabel(c.labels, w, h, i + 1))));
    }
  });

  it('refuses labels outside 0..count and inconsistent fields', () => {
    const ok = { width: 2, height: 1, count: 1, labels: Int32Array.of(1, 0) };
    expect(() => componentsToRle({ ...ok, labels: Int32Array.of(2, 0) })).toThrow(/components\.labels/);
    expect(() => componentsToRle({ ...ok, labels: Int32Array.of(-1, 0) })).toThrow(InvalidInputError);
    expect(() => componentsToRle({ ...ok, count: 3 })).toThrow(/components\.count/);
    expect(() => componentsToRle({ ...ok, labels: Int32Array.of(1) })).toThrow(/components\.labels/);
    expect(() => componentsToRle({ ...ok, labels: Uint32Array.of(1, 0) as unknown as Int32Array })).toThrow(/Int32Array/);
  });
});

describe('removeSmallComponents and largestComponents', () => {
  /** The expected result: the input with the components not in `kept` (labels) cleared. */
  function cleared(map: LabelMap, o: PlainComponents, kept: (k: number) => boolean, background: number): Typed {
    const data = map.data.slice();
    for (let i = 0; i < data.length; i++) if (o.labels[i] !== 0 && !kept(o.labels[i])) data[i] = background;
    return data;
  }

  it('against the oracle: any minArea, any k, both connectivities', () => {
    fc.assert(fc.property(mapArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 12 }), fc.constantFrom(4, 8), ({ map, background }, minArea, k, c) => {
      const connectivity = c as 4 | 8;
      const o = labelOracle(map, connectivity, background);
      const small = removeSmallComponents(map, minArea, { connectivity, background });
      expect(small.data).toBeInstanceOf(map.data.constructor);
      expect([small.width, small.height]).toEqual([map.width, map.height]);
      expect(small.data).toEqual(cleared(map, o, (l) => o.area[l - 1] >= minArea, background));
      // Rank by area (descending), ties by label (ascending): keep the first k.
      const order = o.area.map((a, i) => [a, i + 1]).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
      const top = new Set(order.slice(0, k).map((p) => p[1]));
      expect(largestComponents(map, k, { connectivity, background }).data).toEqual(cleared(map, o, (l) => top.has(l), background));
    }), runs(800));
  });

  it('many equal areas: ties keep the earlier components; large areas rank by all 32 bits', () => {
    const dots = { width: 9, height: 1, data: Uint8Array.of(1, 0, 1, 0, 1, 0, 1, 0, 1) };
    expect(Array.from(largestComponents(dots, 2).data)).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(largestComponents(dots, 0).data)).toEqual(new Array(9).fill(0));
    expect(Array.from(largestComponents(dots, 99).data)).toEqual(Array.from(dots.data));
    // Areas 70000 and 65536 + 3 differ only above bit 16: the first histogram round decides.
    const w = 70000 + 65539 + 1;
    const data = new Uint8Array(w).fill(1);
    data[70000] = 0;
    expect(largestComponents({ width: w, height: 1, data }, 1).data.subarray(69998, 70003)).toEqual(Uint8Array.of(1, 1, 0, 0, 0));
  });

  it('the input is not modified and the background value fills what is removed', () => {
    const map = { width: 4, height: 1, data: Uint16Array.of(5, 9, 9, 5) };
    const out = removeSmallComponents(map, 2, { background: 5 });
    expect(Array.from(out.data)).toEqual([5, 9, 9, 5]);
    expect(Array.from(removeSmallComponents(map, 2, { background: 7 }).data)).toEqual([7, 9, 9, 7]);
    expect(Array.from(map.data)).toEqual([5, 9, 9, 5]);
  });
});

describe('documented examples', () => {
  it('give what their comments say', () => {
    const c = labelComponents({ width: 4, height: 2, data: Uint8Array.of(1, 1, 0, 1, 0, 0, 0, 1) });
    expect([c.count, Array.from(c.labels), Array.from(c.area)]).toEqual([2, [1, 1, 0, 2, 0, 0, 0, 2], [2, 2]]);
    expect([Array.from(c.bbox), Array.from(c.centroid), Array.from(c.value)]).toEqual([[0, 0, 2, 1, 3, 0, 1, 2], [0.5, 0, 3, 0.5], [1, 1]]);
    const d = labelComponents({ width: 3, height: 2, data: Uint8Array.of(1, 0, 1, 1, 0, 0) });
    expect(componentsToRle(d).map((r) => Array.from(r.counts))).toEqual([[0, 2, 4], [4, 1, 1]]);
    expect(Array.from(removeSmallComponents({ width: 5, height: 1, data: Uint8Array.of(1, 0, 1, 1, 1) }, 2).data)).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(largestComponents({ width: 6, height: 1, data: Uint8Array.of(1, 0, 1, 1, 0, 1) }, 1).data)).toEqual([0, 0, 1, 1, 0, 0]);
    // The README's connectivity picture.
    const m = ascii(`
      ##.#
      #..#
      ..#.`);
    expect(Array.from(labelComponents(m).labels)).toEqual([1, 1, 0, 2, 1, 0, 0, 2, 0, 0, 2, 0]);
    expect(Array.from(labelComponents(m, { connectivity: 4 }).labels)).toEqual([1, 1, 0, 2, 1, 0, 0, 2, 0, 0, 3, 0]);
  });
});

describe('validation', () => {
  const mask: Mask = { width: 2, height: 1, data: Uint8Array.of(1, 0) };
  it('names the argument, what was expected and what was received', () => {
    expect(() => labelComponents({ width: 2, height: 1, data: Float32Array.of(1, 0) as unknown as Uint8Array })).toThrow(/expected a Uint8Array, Uint16Array or Int32Array for input\.data but received Float32Array/);
    expect(() => labelComponents({ width: 3, height: 1, data: Uint8Array.of(1, 0) })).toThrow(/input\.data/);
    expect(() => labelComponents(null as unknown as Mask)).toThrow(/input/);
    expect(() => labelComponents({ width: -1, height: 1, data: new Uint8Array(0) })).toThrow(/input\.width/);
    expect(() => labelComponents(mask, { connectivity: 6 as 8 })).toThrow(/expected one of 4, 8 for options\.connectivity but received 6/);
    expect(() => labelComponents(mask, { background: 0.5 })).toThrow(/options\.background/);
    expect(() => labelComponents(mask, { background: 2 ** 31 })).toThrow(/options\.background/);
    expect(() => labelComponents(mask, 8 as unknown as object)).toThrow(/options/);
    expect(() => removeSmallComponents(mask, -1)).toThrow(/minArea/);
    expect(() => largestComponents(mask, 1.5)).toThrow(/ k /);
    for (const f of [() => labelComponents(mask, { connectivity: 5 as 4 }), () => removeSmallComponents(mask, NaN)]) {
      expect(f).toThrow(InvalidInputError);
    }
  });
});

/** A typed array of kind T with element i = f(i). */
function filled(T: (typeof KINDS)[number], n: number, f: (i: number) => number): Typed {
  const a = new T(n);
  for (let i = 0; i < n; i++) a[i] = f(i);
  return a;
}

/** An n x n square spiral of 1s (a single winding path) with a gap of 0s. */
function spiral(n: number): Mask {
  const data = new Uint8Array(n * n);
  let x0 = 0, y0 = 0, x1 = n - 1, y1 = n - 1;
  while (x0 <= x1 && y0 <= y1) {
    for (let x = x0; x <= x1; x++) data[y0 * n + x] = 1;
    for (let y = y0; y <= y1; y++) data[y * n + x1] = 1;
    for (let x = x0; x <= x1; x++) data[y1 * n + x] = 1;
    for (let y = y0 + 2; y <= y1; y++) data[y * n + x0] = 1;
    x0 += 2; y0 += 2; x1 -= 2; y1 -= 2;
    if (x0 <= x1) data[(y0 - 1) * n + x0] = 1;
  }
  return { width: n, height: n, data };
}

/** Concentric square rings of alternating values 1 and 2 (every ring is one component). */
function rings(n: number): LabelMap {
  const data = new Uint8Array(n * n);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data[y * n + x] = 1 + (Math.min(x, y, n - 1 - x, n - 1 - y) % 2);
  return { width: n, height: n, data };
}

/** p / q rounded to the nearest double (ties to even), for p / q in [2^-1074, 2^1023). */
function roundRatio(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  let e = p.toString(2).length - q.toString(2).length; // 2^e <= p/q < 2^(e+2)
  if ((p << BigInt(Math.max(0, -e))) < (q << BigInt(Math.max(0, e)))) e--;
  // m = p/q * 2^(52 - e) has 53 bits before rounding
  const shift = 52 - e;
  const num = shift >= 0 ? p << BigInt(shift) : p;
  const den = shift >= 0 ? q : q << BigInt(-shift);
  let m = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (m & 1n) === 1n)) m++;
  return Number(m) * 2 ** -shift;
}
