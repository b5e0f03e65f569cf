// Polygons -> a new 0/1 mask.
import { checkSize, fail } from '../validate';
import type { Mask } from '../types';
import { fillFlags, type RasterizeOptions } from './options';
import { maskRows } from './paint';

/**
 * Rasterizes one shape (any number of rings) into a new mask.
 *
 * @param rings - `[[x0, y0, x1, y1, ...], ...]` in pixel coordinates (pixel (x, y) covers
 *   [x, x+1) x [y, y+1)); finite numbers, fractional, negative or outside the image (clipped).
 * @param options - `width`, `height`; `rule` `'coco'` (default: exactly the pixels of
 *   `rleDecode(rleFromPolygons(rings, height, width))`) or `'center'` (pixel centres inside the
 *   shape, top-left rule on edges); `fill` `'evenodd'` (default) or `'nonzero'` for `'center'`.
 *   `out`: a Uint8Array of `width * height` to overwrite instead of allocating a new mask.
 * @returns a row-major 0/1 mask of `width` x `height` (its `data` is `out` when given).
 * @throws InvalidInputError for a bad size or option, a flat or odd-length ring, or a non-finite
 *   coordinate (named as `rings[i][j]`).
 * @example
 * const m = rasterize([[1, 1, 5, 1, 5, 4, 1, 4]], { width: 8, height: 6 });
 * m.data.reduce((a, b) => a + b, 0); // 12
 * const ring = rasterize([[0, 0, 8, 0, 8, 8, 0, 8], [2, 2, 6, 2, 6, 6, 2, 6]], { width: 8, height: 8, rule: 'center' });
 * // ring.data: a square with a 4 x 4 hole
 * const out = new Uint8Array(640 * 480);
 * for (const p of polygons) use(rasterize([p], { width: 640, height: 480, out })); // one array reused
 */
export function rasterize(rings: number[][], options: RasterizeOptions): Mask {
  if (typeof options !== 'object' || options === null) fail('options', 'an options object {width, height, ...}', options);
  const { width, height } = options;
  checkSize(height, width, 'options');
  const { rule, fill } = fillFlags(options);
  const out = options.out;
  if (out !== undefined && !(out instanceof Uint8Array && out.length === width * height)) {
    fail('options.out', `a Uint8Array of width * height = ${width * height} elements`, out);
  }
  const data = out ?? new Uint8Array(width * height);
  maskRows(data, width, height, rings, 'rings', rule, fill, out !== undefined);
  return { width, height, data };
}
