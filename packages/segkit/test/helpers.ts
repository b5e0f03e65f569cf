// Test helpers: ASCII masks, reference vectors, slow obvious oracles.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Mask, Rle } from '../src/types';

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
