// Label maps <-> one COCO RLE per value: the bridge between pixel formats (PNG label images) and
// the dataset model. One column-major pass, whatever the number of values.
import { checkInt, checkLabelMap, checkRle, failAs } from '../validate';
import type { LabelMap, Rle } from '../types';

/** Options of `labelMapToRles`. */
export interface LabelMapToRlesOptions {
  /** Values that get no RLE (e.g. void, background). Default: none. */
  ignore?: Iterable<number>;
}

/** One RLE per value of a label map. */
export interface ValueRles {
  /** The values present (ignored ones left out), ascending. */
  values: number[];
  /** `rles[i]` holds the pixels whose value is `values[i]`. */
  rles: Rle[];
}

/**
 * Splits a label map into one COCO RLE per value, in one column-major pass (no per-value decode).
 *
 * @param map - row-major label map (`Uint8Array | Uint16Array | Int32Array`).
 * @returns the values present, ascending, and their RLEs.
 * @example
 * const { values, rles } = labelMapToRles({ width: 2, height: 2, data: Uint8Array.of(0, 3, 3, 3) }, { ignore: [0] });
 * // values = [3], rleArea(rles[0]) = 3
 */
export function labelMapToRles(map: LabelMap, options: LabelMapToRlesOptions = {}): ValueRles {
  checkLabelMap(map, 'map');
  const { width: w, height: h, data } = map;
  const n = w * h;
  const ignore = new Set(options.ignore ?? []);
  const runs = new Map<number, { counts: number[]; end: number }>();
  const close = (v: number, start: number, end: number) => {
    if (ignore.has(v)) return;
    let s = runs.get(v);
    if (!s) runs.set(v, (s = { counts: [], end: 0 }));
    s.counts.push(start - s.end, end - start);
    s.end = end;
  };
  let idx = 0;
  let runStart = 0;
  let cur = n > 0 ? data[0] : 0;
  for (let x = 0; x < w; x++) {
    for (let y = 0, p = x; y < h; y++, p += w, idx++) {
      const v = data[p];
      if (v !== cur) {
        close(cur, runStart, idx);
        cur = v;
        runStart = idx;
      }
    }
  }
  if (n > 0) close(cur, runStart, n);
  const values = [...runs.keys()].sort((a, b) => a - b);
  const rles = values.map((v) => {
    const s = runs.get(v)!;
    if (s.end < n) s.counts.push(n - s.end);
    return { height: h, width: w, counts: Uint32Array.from(s.counts) };
  });
  return { values, rles };
}

/**
 * Paints the foreground of an RLE into a label map with `value` (in place).
 *
 * @throws InvalidInputError when sizes differ or the value does not fit the map's type.
 * @example
 * paintRle(labels, rle, 7);
 */
export function paintRle(target: LabelMap, rle: Rle, value: number): void {
  checkLabelMap(target, 'target');
  checkRle(rle);
  if (rle.height !== target.height || rle.width !== target.width) {
    failAs('rle', `an Rle of the target's size ${target.height}x${target.width}`, `size ${rle.height}x${rle.width}`);
  }
  checkValue(target, value, 'value');
  const { width: w, data } = target;
  eachColumnRun(rle, (x, y0, y1) => {
    for (let p = y0 * w + x, end = y1 * w + x; p < end; p += w) data[p] = value;
  });
}

/**
 * Calls `fn(x, y0, y1)` for every piece of foreground of an RLE within one column: rows
 * y0 .. y1 - 1 of column x, in column-major order. Callers loop over `p = y * width + x`.
 */
export function eachColumnRun(rle: Rle, fn: (x: number, y0: number, y1: number) => void): void {
  const { height: h, counts: c } = rle;
  let at = 0;
  for (let i = 0; i < c.length; i++) {
    const end = at + c[i];
    if (i & 1) {
      for (let s = at; s < end; ) {
        const x = Math.floor(s / h);
        const y0 = s - x * h;
        const y1 = Math.min(h, y0 + (end - s));
        fn(x, y0, y1);
        s += y1 - y0;
      }
    }
    at = end;
  }
}

/** The range of values a label map's data type holds. */
export function checkValue(map: LabelMap, value: number, path: string): void {
  const d = map.data;
  if (d instanceof Uint8Array) checkInt(value, path, 0, 255);
  else if (d instanceof Uint16Array) checkInt(value, path, 0, 65535);
  else checkInt(value, path, -(2 ** 31), 2 ** 31 - 1);
}
