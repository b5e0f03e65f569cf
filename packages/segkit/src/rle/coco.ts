// The COCO JSON shape of an RLE: {size: [h, w], counts: string | number[]}.
import { checkArray, checkInt, checkRle, checkSize, fail } from '../validate';
import type { CocoRle, Rle } from '../types';
import { rleFromString, rleToString } from './string';

/** Options of `toCocoRle`. */
export interface ToCocoRleOptions {
  /** true (default): counts as pycocotools' compressed string; false: a number array. */
  compressed?: boolean;
}

/**
 * The COCO JSON form of an RLE.
 *
 * @example
 * toCocoRle(rle); // { size: [h, w], counts: "…" }
 * toCocoRle(rle, { compressed: false }); // { size: [h, w], counts: [ … ] }
 */
export function toCocoRle(rle: Rle, options: ToCocoRleOptions = {}): CocoRle {
  const compressed = options.compressed ?? true;
  if (!compressed) checkRle(rle);
  return {
    size: [rle.height, rle.width],
    counts: compressed ? rleToString(rle) : Array.from(rle.counts),
  };
}

/**
 * Reads a COCO RLE object, with compressed (string) or uncompressed (number array) counts.
 *
 * @throws InvalidInputError naming `size` or `counts` when they are malformed or the counts do
 *   not add up to `size[0] * size[1]`.
 * @example
 * fromCocoRle({ size: [2, 3], counts: '231' }).counts; // Uint32Array [2, 3, 1]
 */
export function fromCocoRle(obj: CocoRle, path = 'rle'): Rle {
  if (typeof obj !== 'object' || obj === null) fail(path, 'a COCO RLE {size: [h, w], counts}', obj);
  const size = obj.size;
  if (!Array.isArray(size) || size.length !== 2) fail(`${path}.size`, '[height, width]', size);
  const [height, width] = size;
  checkSize(height, width, `${path}.size`);
  if (typeof obj.counts === 'string') return rleFromString(obj.counts, height, width);
  const arr = checkArray(obj.counts, `${path}.counts`, 'run lengths, or a compressed string');
  const counts = new Uint32Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    // the path is built only on failure
    counts[i] = typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? v : checkInt(v, `${path}.counts[${i}]`, 0, 0xffffffff);
  }
  return checkRle({ height, width, counts }, path);
}
