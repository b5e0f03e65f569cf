// Test helpers: ASCII masks, reference vectors, slow obvious oracles.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { InvalidInputError } from '../src/errors';
import type { LabelMap, Mask, Rle } from '../src/types';

/** A mask from rows of '#' (foreground) and '.' (background). */
export function ascii(rows: string): Mask {
  const lines = rows.trim().split('\n').map((l) => l.trim());
  const height = lines.length;
  const width = lines[0].length;
  const data = new Uint8Array(width * height);
  lines.forEach((l, y) => {
    if (l.length !== width) throw new Error(`ragged ASCII mask at row ${y}`);
    for (let x = 0; x < width; x++) data[y * width + x] = l[x] === '#' ? 1 : 0;
  });
  return { width, height, data };
}

/** The message of the InvalidInputError that fn throws (fails the test when it throws none). */
export function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return (e as InvalidInputError).message;
  }
  throw new Error('did not throw');
}

/** Reads a JSON file under test/vectors. */
export function vectors<T = any>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./vectors/${name}`, import.meta.url)), 'utf8'));
}

/** Row-major 0/1 mask from column-major COCO counts, one pixel at a time. */
export function maskFromCounts(counts: ArrayLike<number>, h: number, w: number): Mask {
  const data = new Uint8Array(h * w);
  let idx = 0;
  let v = 0;
  for (let i = 0; i < counts.length; i++) {
    for (let k = 0; k < counts[i]; k++, idx++) if (v) data[(idx % h) * w + Math.floor(idx / h)] = 1;
    v ^= 1;
  }
  return { width: w, height: h, data };
}

/** COCO counts of a row-major mask, one pixel at a time (non-zero = foreground). */
export function countsOfMask(mask: Mask): number[] {
  const { width: w, height: h, data } = mask;
  const out: number[] = [];
  let cur = 0;
  let run = 0;
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      const v = data[y * w + x] ? 1 : 0;
      if (v !== cur) {
        out.push(run);
        run = 0;
        cur = v;
      }
      run++;
    }
  }
  out.push(run);
  return out;
}

/** Bbox of a mask's foreground, [0, 0, 0, 0] when empty. */
export function bboxOfMask(mask: Mask): number[] {
  const { width: w, height: h, data } = mask;
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (data[y * w + x]) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  return x1 < 0 ? [0, 0, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

export const popcount = (m: Mask) => m.data.reduce((s, v) => s + (v ? 1 : 0), 0);

export const sameCounts = (r: Rle, counts: ArrayLike<number>) =>
  r.counts.length === counts.length && r.counts.every((v, i) => v === counts[i]);

/**
 * COCO's polygon rule, the slow obvious way, written from its description: snap vertices to a
 * 5x grid with C truncation, step every edge one grid unit at a time along its major axis, keep
 * the points where consecutive steps pass between grid columns 5X+2 and 5X+3, and toggle each
 * column from the row of that crossing down. One ring; returns a row-major mask.
 */
export function cocoRuleMask(ring: number[], h: number, w: number): Mask {
  const k = Math.floor(ring.length / 2);
  const gx: number[] = [], gy: number[] = [];
  for (let j = 0; j < k; j++) {
    gx.push(Math.trunc(5 * ring[2 * j] + 0.5));
    gy.push(Math.trunc(5 * ring[2 * j + 1] + 0.5));
  }
  const px: number[] = [], py: number[] = [];
  for (let j = 0; j < k; j++) {
    let xs = gx[j], ys = gy[j], xe = gx[(j + 1) % k], ye = gy[(j + 1) % k];
    const dx = Math.abs(xe - xs), dy = Math.abs(ye - ys);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) [xs, xe, ys, ye] = [xe, xs, ye, ys];
    const pts: [number, number][] = [];
    if (dx >= dy) {
      const s = (ye - ys) / dx;
      for (let t = 0; t <= dx; t++) pts.push([xs + t, Math.trunc(ys + s * t + 0.5)]);
    } else {
      const s = (xe - xs) / dy;
      for (let t = 0; t <= dy; t++) pts.push([Math.trunc(xs + s * t + 0.5), ys + t]);
    }
    if (flip) pts.reverse();
    for (const [a, b] of pts) { px.push(a); py.push(b); }
  }
  // Toggle lists per column.
  const toggles: number[] = [];
  for (let j = 1; j < px.length; j++) {
    if (px[j] === px[j - 1]) continue;
    const xg = Math.min(px[j], px[j - 1]);
    if ((xg - 2) % 5 !== 0) continue;
    const X = (xg - 2) / 5;
    if (X < 0 || X > w - 1) continue;
    let y = (Math.min(py[j], py[j - 1]) + 0.5) / 5 - 0.5;
    y = Math.ceil(Math.min(Math.max(y, 0), h));
    toggles.push(X * h + y);
  }
  // Column-major toggling over a dense column-major buffer.
  const col = new Uint8Array(h * w + 1);
  for (const t of toggles) col[t] ^= 1;
  const data = new Uint8Array(h * w);
  let v = 0;
  for (let i = 0; i < h * w; i++) {
    v ^= col[i];
    if (v) data[(i % h) * w + Math.floor(i / h)] = 1;
  }
  return { width: w, height: h, data };
}

/** A labelling as plain arrays (the oracle's output). */
export interface PlainComponents {
  count: number;
  labels: Int32Array;
  area: number[];
  bbox: number[];
  centroid: number[];
  value: number[];
}

/**
 * Connected components the slow obvious way: breadth-first flood fill from each unlabelled
 * non-background pixel in raster order, joining neighbours of equal value (4 or 8 of them).
 */
export function labelOracle(map: { width: number; height: number; data: ArrayLike<number> }, connectivity: 4 | 8 = 8, background = 0): PlainComponents {
  const { width: w, height: h, data } = map;
  const labels = new Int32Array(w * h);
  const out: PlainComponents = { count: 0, labels, area: [], bbox: [], centroid: [], value: [] };
  const steps = connectivity === 8
    ? [[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1]]
    : [[0, -1], [-1, 0], [1, 0], [0, 1]];
  for (let start = 0; start < w * h; start++) {
    if (labels[start] !== 0 || data[start] === background) continue;
    const v = data[start];
    const k = ++out.count;
    labels[start] = k;
    const queue = [start];
    let area = 0, sx = 0, sy = 0, x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (let q = 0; q < queue.length; q++) {
      const p = queue[q];
      const x = p % w, y = (p - x) / w;
      area++; sx += x; sy += y;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      for (const [dx, dy] of steps) {
        const X = x + dx, Y = y + dy;
        if (X < 0 || Y < 0 || X >= w || Y >= h) continue;
        const j = Y * w + X;
        if (labels[j] === 0 && data[j] === v) {
          labels[j] = k;
          queue.push(j);
        }
      }
    }
    out.area.push(area);
    out.bbox.push(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    out.centroid.push(sx / area, sy / area);
    out.value.push(v);
  }
  return out;
}

/** A mask of the pixels whose label is k. */
export function maskOfLabel(labels: Int32Array, width: number, height: number, k: number): Mask {
  return { width, height, data: Uint8Array.from(labels, (l) => (l === k ? 1 : 0)) };
}

/** SHA-256 of a row-major h x w mask's bytes in column-major order (the vectors' `sha256`). */
export function shaColumnMajor(data: Uint8Array, h: number, w: number): string {
  const col = new Uint8Array(h * w);
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) col[x * h + y] = data[y * w + x];
  return createHash('sha256').update(col).digest('hex');
}

/** A finite double as m * 2^e with m an integer, exactly (from its IEEE 754 bits). */
function decompose(v: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return exp === 0 ? [sign * frac, -1074] : [sign * (frac | (1n << 52n)), exp - 1075];
}

/** v * 2^scale as an exact integer (scale at least v's fractional bits). */
function scaled(v: number, scale: number): bigint {
  const [m, e] = decompose(v);
  return e + scale >= 0 ? m << BigInt(e + scale) : m >> BigInt(-(e + scale));
}

/** Fractional bits of a finite double (the least k with v * 2^k an integer). */
function fractionBits(v: number): number {
  let [m, e] = decompose(v);
  if (m === 0n) return 0;
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  return Math.max(0, -e);
}

/**
 * The centre rule, the slow obvious way, in exact arithmetic: pixel (x, y) is inside when the
 * edges crossing the horizontal line through its centre at or left of the centre wind around it
 * (even-odd: an odd number of them; non-zero: a non-zero sum of directions). An edge crosses the
 * line y = c when ytop <= c < ybottom, and its crossing is at or left of the centre when
 * (c - ytop)(xbottom - xtop) <= (xc - xtop)(ybottom - ytop): this gives the top-left tie rule.
 * `near` marks the pixels whose centre is within `eps` of a crossing (exact ties included).
 */
export function centerRuleMask(rings: number[][], h: number, w: number, fill: 'evenodd' | 'nonzero', eps = 1e-12): Mask & { near: Uint8Array } {
  let scale = 1;
  for (const r of rings) for (const v of r) scale = Math.max(scale, fractionBits(v));
  const one = 1n << BigInt(scale);
  const epsInv = BigInt(Math.round(1 / eps));
  interface Edge { yt: number; yb: number; XT: bigint; YT: bigint; DX: bigint; DY: bigint; dir: number }
  const edges: Edge[] = [];
  for (const r of rings) {
    const k = r.length / 2;
    for (let j = 0; j < k; j++) {
      const [px, py, qx, qy] = [r[2 * j], r[2 * j + 1], r[(2 * j + 2) % r.length], r[(2 * j + 3) % r.length]];
      if (py === qy) continue;
      const down = qy > py;
      const [xt, yt, xb, yb] = down ? [px, py, qx, qy] : [qx, qy, px, py];
      const XT = scaled(xt, scale), YT = scaled(yt, scale);
      edges.push({ yt, yb, XT, YT, DX: scaled(xb, scale) - XT, DY: scaled(yb, scale) - YT, dir: down ? 1 : -1 });
    }
  }
  const data = new Uint8Array(h * w);
  const near = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) {
    const c = y + 0.5;
    const C = scaled(c, scale);
    const active = edges.filter((e) => e.yt <= c && c < e.yb);
    for (let x = 0; x < w; x++) {
      const XC = scaled(x + 0.5, scale);
      let wind = 0;
      for (const e of active) {
        // (crossing - centre) * DY, scaled by 2^(2 scale); DY > 0.
        const d = (C - e.YT) * e.DX - (XC - e.XT) * e.DY;
        if (d <= 0n) wind += fill === 'nonzero' ? e.dir : 1;
        if ((d < 0n ? -d : d) * epsInv <= e.DY * one) near[y * w + x] = 1;
      }
      data[y * w + x] = (fill === 'nonzero' ? wind !== 0 : (wind & 1) === 1) ? 1 : 0;
    }
  }
  return { width: w, height: h, data, near };
}

/** A label map of the given element type, filled from a seed (values in the type's range). */
export function labelMapOf(kind: 'u8' | 'u16' | 'i32', w: number, h: number, seed: number): LabelMap {
  const data = kind === 'u8' ? new Uint8Array(w * h) : kind === 'u16' ? new Uint16Array(w * h) : new Int32Array(w * h);
  let a = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    data[i] = kind === 'i32' ? a | 0 : a >>> 16;
  }
  return { width: w, height: h, data };
}
