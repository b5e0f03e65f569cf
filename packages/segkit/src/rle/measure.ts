// Area and bounding box of an RLE.
import { withKernel } from '../wasm/kernel';
import { E_INPUT } from '../wasm/status';
import { checkRleShape, countsMismatch } from '../validate';
import type { Bbox, Rle } from '../types';

/**
 * Foreground pixel count (pycocotools' `area`): the sum of the odd-index counts.
 *
 * @example
 * rleArea({ height: 2, width: 3, counts: Uint32Array.of(2, 3, 1) }); // 3
 */
export function rleArea(rle: Rle): number {
  checkRleShape(rle);
  const c = rle.counts;
  let zeros = 0;
  let ones = 0;
  const n = c.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    zeros += c[i];
    ones += c[i + 1];
  }
  if (i < n) zeros += c[i];
  if (zeros + ones !== rle.height * rle.width) countsMismatch(rle);
  return ones;
}

/**
 * Bounding box `[x, y, width, height]` of the foreground (pycocotools' `toBbox`); `[0, 0, 0, 0]`
 * for an empty mask. Whole numbers.
 *
 * @example
 * rleBbox({ height: 2, width: 3, counts: Uint32Array.of(2, 3, 1) }); // [1, 0, 2, 2]
 */
export function rleBbox(rle: Rle): Bbox {
  checkRleShape(rle);
  return withKernel((k) => {
    const out = k.alloc(32);
    const counts = k.putU32(rle.counts);
    const status = k.x.rleBbox(out, counts, rle.counts.length, rle.height, rle.width);
    if (status === E_INPUT) countsMismatch(rle);
    k.check(status, 'rleBbox');
    const b = k.f64(out, 4);
    return [b[0], b[1], b[2], b[3]];
  });
}
