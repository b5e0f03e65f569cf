// Union / intersection of RLEs.
import { withKernel } from '../wasm/kernel';
import { checkArray, checkRle, fail, failAs } from '../validate';
import type { Rle } from '../types';

/**
 * Union (or intersection) of RLEs of one size, as pycocotools' `merge`: a single RLE comes back
 * with its counts unchanged.
 *
 * @param rles - at least one RLE; all must have the same height and width (pycocotools silently
 *   returns an empty 0x0 RLE otherwise; segkit refuses).
 * @param intersect - false (default) for the union, true for the intersection.
 * @throws InvalidInputError for an empty list or differing sizes.
 * @example
 * const a = rleFromBbox([0, 0, 2, 2], 4, 4), b = rleFromBbox([1, 1, 2, 2], 4, 4);
 * rleArea(rleMerge([a, b])); // 7
 * rleArea(rleMerge([a, b], true)); // 1
 */
export function rleMerge(rles: Rle[], intersect = false): Rle {
  checkArray(rles, 'rles', 'Rle');
  if (rles.length === 0) fail('rles', 'at least one Rle', rles);
  const { height, width } = checkRle(rles[0], 'rles[0]');
  let total = 0;
  for (let i = 1; i < rles.length; i++) {
    const r = checkRle(rles[i], `rles[${i}]`);
    if (r.height !== height || r.width !== width) {
      failAs(`rles[${i}]`, `an Rle of size ${height}x${width} like rles[0]`, `size ${r.height}x${r.width}`);
    }
  }
  for (const r of rles) total += r.counts.length;
  if (rles.length === 1) return { height, width, counts: rles[0].counts.slice() };
  return withKernel((k) => {
    const counts = k.alloc(total * 4);
    const desc = k.alloc(rles.length * 8);
    const d = k.u32(desc, rles.length * 2);
    let at = counts;
    for (let i = 0; i < rles.length; i++) {
      const c = rles[i].counts;
      k.u32(at, c.length).set(c);
      d[2 * i] = at;
      d[2 * i + 1] = c.length;
      at += c.length * 4;
    }
    const slot = k.slot();
    k.check(k.x.rleMerge(slot, desc, rles.length, intersect), 'rleMerge');
    const [ptr, len] = k.result(slot);
    return { height, width, counts: k.u32(ptr, len).slice() };
  });
}
