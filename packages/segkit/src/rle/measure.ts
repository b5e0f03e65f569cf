// Area and bounding box of an RLE.
import { withKernel } from '../wasm/kernel';
import { checkRle } from '../validate';
import type { Bbox, Rle } from '../types';

/**
 * Foreground pixel count (pycocotools' `area`): the sum of the odd-index counts.
 *
 * @example
 * rleArea({ height: 2, width: 3, counts: Uint32Array.of(2, 3, 1) }); // 3
 */
export function rleArea(rle: Rle): number {
  checkRle(rle);
  const c = rle.counts;
  let a = 0;
  for (let i = 1; i < c.length; i += 2) a += c[i];
  return a;
}

/**
 * Bounding box `[x, y, width, height]` of the foreground (pycocotools' `toBbox`); `[0, 0, 0, 0]`
 * for an empty mask. Whole numbers.
 *
 * @example
 * rleBbox({ height: 2, width: 3, counts: Uint32Array.of(2, 3, 1) }); // [1, 0, 2, 2]
 */
export function rleBbox(rle: Rle): Bbox {
  checkRle(rle);
  return withKernel((k) => {
    const out = k.alloc(32);
    const counts = k.putU32(rle.counts);
    k.check(k.x.rleBbox(out, counts, rle.counts.length, rle.height), 'rleBbox');
    const b = k.f64(out, 4);
    return [b[0], b[1], b[2], b[3]];
  });
}
