// Argument checks shared by every public function. All validation happens here, on the JS side;
// the kernel only ever sees consistent sizes. One error shape: InvalidInputError
// ("expected X for NAME but received Y").
import { InvalidInputError } from './errors';
import type { Bbox, Mask, Rle } from './types';

/** Largest number of pixels: COCO counts are 32-bit. */
export const MAX_PIXELS = 0xffffffff;

/** A short description of a received value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : `${v}`;
  if (typeof v === 'string') return v.length > 40 ? `a string of length ${v.length}` : JSON.stringify(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return `${v}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  if (typeof v === 'function') return 'a function';
  return `an object with keys ${Object.keys(v as object).slice(0, 6).join(', ') || '(none)'}`;
}

export function fail(path: string, expected: string, received: unknown): never {
  throw new InvalidInputError(path, expected, describe(received));
}

/** Like fail, with the received value already described in words. */
export function failAs(path: string, expected: string, receivedText: string): never {
  throw new InvalidInputError(path, expected, receivedText);
}

/** An integer in [min, max]. */
export function checkInt(v: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(path, `an integer in [${min}, ${max}]`, v);
  }
  return v;
}

/** A finite number. */
export function checkFinite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'a finite number', v);
  return v;
}

/** Image dimensions: non-negative integers with height * width < 2^32. */
export function checkSize(height: unknown, width: unknown, path = ''): void {
  const p = path ? `${path}.` : '';
  checkInt(height, `${p}height`);
  checkInt(width, `${p}width`);
  if ((height as number) * (width as number) > MAX_PIXELS) {
    fail(`${p}height * ${p}width`, `at most ${MAX_PIXELS} pixels (COCO counts are 32-bit)`, (height as number) * (width as number));
  }
}

/** A Mask: {width, height, data: Uint8Array(width * height)}. */
export function checkMask(mask: unknown, path = 'mask'): Mask {
  if (typeof mask !== 'object' || mask === null) fail(path, 'a Mask {width, height, data}', mask);
  const m = mask as Mask;
  checkSize(m.height, m.width, path);
  if (!(m.data instanceof Uint8Array)) fail(`${path}.data`, 'a Uint8Array', m.data);
  if (m.data.length !== m.width * m.height) fail(`${path}.data`, `${m.width * m.height} bytes (width * height)`, m.data);
  return m;
}

/**
 * An Rle's shape: sizes and a Uint32Array of counts. Whether the counts add up to height * width
 * is checked where they are read anyway (the kernel, or `checkRle`); see `countsMismatch`.
 */
export function checkRleShape(rle: unknown, path = 'rle'): Rle {
  if (typeof rle !== 'object' || rle === null) fail(path, 'an Rle {height, width, counts}', rle);
  const r = rle as Rle;
  checkSize(r.height, r.width, path);
  if (!(r.counts instanceof Uint32Array)) fail(`${path}.counts`, 'a Uint32Array', r.counts);
  return r;
}

/** Throws the error for counts that do not add up to height * width. */
export function countsMismatch(r: Rle, path = 'rle'): never {
  let sum = 0;
  for (let i = 0; i < r.counts.length; i++) sum += r.counts[i];
  failAs(`${path}.counts`, `counts that add up to height * width = ${r.height * r.width}`, `counts that add up to ${sum}`);
}

/** An Rle whose counts add up to height * width. */
export function checkRle(rle: unknown, path = 'rle'): Rle {
  const r = checkRleShape(rle, path);
  let sum = 0;
  const c = r.counts;
  for (let i = 0; i < c.length; i++) sum += c[i];
  if (sum !== r.height * r.width) countsMismatch(r, path);
  return r;
}

/** A bbox [x, y, w, h] of finite numbers. */
export function checkBbox(b: unknown, path: string): Bbox {
  if (!(Array.isArray(b) || ArrayBuffer.isView(b)) || (b as ArrayLike<number>).length !== 4) {
    fail(path, 'a bbox [x, y, width, height]', b);
  }
  const a = b as ArrayLike<number>;
  for (let i = 0; i < 4; i++) checkFinite(a[i], `${path}[${i}]`);
  return [a[0], a[1], a[2], a[3]];
}

/** An array of something. */
export function checkArray(v: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(v)) fail(path, `an array of ${what}`, v);
  return v;
}

/** Per-gt crowd flags as bytes (length n), from numbers or booleans; absent means none. */
export function crowdBytes(iscrowd: unknown, n: number, path = 'iscrowd'): Uint8Array {
  const out = new Uint8Array(n);
  if (iscrowd === undefined || iscrowd === null) return out;
  if (!(Array.isArray(iscrowd) || ArrayBuffer.isView(iscrowd))) fail(path, `an array of ${n} flags`, iscrowd);
  const a = iscrowd as ArrayLike<unknown>;
  if (a.length !== n) fail(path, `one flag per gt (${n})`, iscrowd);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v === 'boolean') out[i] = v ? 1 : 0;
    else if (typeof v === 'number' && Number.isFinite(v)) out[i] = v !== 0 ? 1 : 0;
    else fail(`${path}[${i}]`, 'a number or boolean', v);
  }
  return out;
}
