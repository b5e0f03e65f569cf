// Union / intersection of RLEs.
import { withKernel } from '../wasm/kernel';
import { E_INPUT } from '../wasm/status';
import { checkArray, checkRle, checkRleShape, countsMismatch, fail, failAs } from '../validate';
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
  if (rles.length === 1) {
    const r = checkRle(rles[0], 'rles[0]');
    return { height: r.height, width: r.width, counts: r.counts.slice() };
  }
  const { height, width } = checkRleShape(rles[0], 'rles[0]');
  let total = 0;
  for (let i = 1; i < rles.length; i++) {
    const q = rles[i];
    // Fast path: the same size as rles[0] with Uint32Array counts needs no further checks.
    if (q && q.height === height && q.width === width && q.counts instanceof Uint32Array) continue;
    const r = checkRleShape(q, `rles[${i}]`);
    if (r.height !== height || r.width !== width) {
      failAs(`rles[${i}]`, `an Rle of size ${height}x${width} like rles[0]`, `size ${r.height}x${r.width}`);
    }
  }
  for (const r of rles) total += r.counts.length;
  return withKernel((k) => {
    const counts = k.alloc(total * 4);
    const desc = k.alloc(rles.length * 8);
    const mem = k.U32;
    let at = counts >>> 2;
    for (let i = 0; i < rles.length; i++) {
      const c = rles[i].counts;
      mem.set(c, at);
      mem[(desc >>> 2) + 2 * i] = at * 4;
      mem[(desc >>> 2) + 2 * i + 1] = c.length;
      at += c.length;
    }
    const slot = k.slot();
    const status = k.x.rleMerge(slot, desc, rles.length, height, width, intersect);
    if (status === E_INPUT) {
      const i = k.result(slot)[0];
      countsMismatch(rles[i], `rles[${i}]`);
    }
    k.check(status, 'rleMerge');
    const [ptr, len] = k.result(slot);
    return { height, width, counts: k.takeU32(ptr, len) };
  });
}
