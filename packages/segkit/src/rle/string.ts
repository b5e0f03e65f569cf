// pycocotools' compressed counts string (maskApi rleToString / rleFrString).
// Each value becomes 5-bit groups, least significant first, 0x20 set on all but the last group,
// whose bit 0x10 is the sign; each group is written as the character group + 48 ('0'..'o').
// From the fourth count on, the value stored is counts[i] - counts[i - 2].
import { checkRleShape, checkSize, countsMismatch, fail, failAs } from '../validate';
import type { Rle } from '../types';

const BASE = 48;
const MAX_CHARS_PER_VALUE = 7; // |delta| < 2^33 needs at most 35 bits

/**
 * The compressed counts string pycocotools writes in COCO JSON (`rleToString`), byte for byte.
 *
 * @example
 * rleToString({ height: 2, width: 3, counts: Uint32Array.of(2, 3, 1) }); // "231"
 */
export function rleToString(rle: Rle): string {
  checkRleShape(rle);
  const c = rle.counts;
  const out = new Uint8Array(c.length * MAX_CHARS_PER_VALUE);
  let p = 0;
  let sum = 0;
  for (let i = 0; i < c.length; i++) {
    sum += c[i];
    let x = i > 2 ? c[i] - c[i - 2] : c[i];
    let more = true;
    while (more) {
      let g: number;
      if ((x | 0) === x) {
        g = x & 0x1f;
        x >>= 5;
      } else {
        const q = Math.floor(x / 32);
        g = x - q * 32;
        x = q;
      }
      more = g & 0x10 ? x !== -1 : x !== 0;
      out[p++] = (more ? g | 0x20 : g) + BASE;
    }
  }
  if (sum !== rle.height * rle.width) countsMismatch(rle);
  return latin1(out, p);
}

function latin1(bytes: Uint8Array, n: number): string {
  let s = '';
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(n, i + CHUNK)) as unknown as number[]);
  }
  return s;
}

/**
 * Parses pycocotools' compressed counts string (`rleFrString`). Unlike pycocotools, refuses
 * strings that it would decode wrongly or read past: characters outside '0'..'o', a value cut
 * short, negative runs, and counts that do not add up to `height * width`.
 *
 * @param counts - the `counts` string of a COCO RLE.
 * @param height - image height (COCO `size[0]`).
 * @param width - image width (COCO `size[1]`).
 * @throws InvalidInputError naming the character position of the problem.
 * @example
 * rleFromString('231', 2, 3).counts; // Uint32Array [2, 3, 1]
 */
export function rleFromString(counts: string, height: number, width: number): Rle {
  if (typeof counts !== 'string') fail('counts', 'a compressed counts string', counts);
  checkSize(height, width);
  const n = counts.length;
  // Values end at characters without the continuation bit: count them to size the output once.
  let values = 0;
  for (let i = 0; i < n; i++) {
    const c = counts.charCodeAt(i) - BASE;
    if (c < 0 || c > 63) fail(`counts[${i}]`, "a character in '0'..'o'", counts[i]);
    if (!(c & 0x20)) values++;
  }
  const out = new Uint32Array(values);
  let p = 0;
  let sum = 0;
  for (let m = 0; m < values; m++) {
    let x = 0;
    let scale = 1;
    let c: number;
    const start = p;
    do {
      c = counts.charCodeAt(p++) - BASE;
      x += (c & 0x1f) * scale;
      scale *= 32;
      if (p - start > MAX_CHARS_PER_VALUE) fail(`counts[${start}]`, 'a value of at most 7 characters', counts.slice(start, p));
    } while (c & 0x20);
    if (c & 0x10) x -= scale;
    if (m > 2) x += out[m - 2];
    if (x < 0 || x > 0xffffffff) fail(`counts[${start}]`, 'a run length in [0, 2^32)', x);
    out[m] = x;
    sum += x;
  }
  if (p !== n) fail(`counts[${p}]`, 'a complete value (the string is cut short)', counts.slice(p));
  if (sum !== height * width) {
    failAs('counts', `runs that add up to height * width = ${height * width}`, `runs that add up to ${sum}`);
  }
  return { height, width, counts: out };
}
