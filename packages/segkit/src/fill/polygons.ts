// One shape painted into an existing mask or label map.
import { checkLabelMap, checkLabelValue } from '../validate';
import { flattenShapes } from '../rings';
import type { LabelMap, Mask } from '../types';
import { fillFlags, type FillOptions } from './options';
import { paintShapes } from './paint';

/**
 * Paints one shape (any number of rings) into `target` in place, over what is there: call order
 * is z-order. Pixels outside the shape are left unchanged.
 *
 * @param target - a Mask or a LabelMap (`data` a Uint8Array, Uint16Array or Int32Array of
 *   `width * height` elements, row-major).
 * @param rings - `[[x0, y0, x1, y1, ...], ...]` in pixel coordinates; finite numbers,
 *   fractional, negative or outside the image (clipped).
 * @param value - the value to paint: an integer that `target.data` holds (0..255, 0..65535 or
 *   -2^31..2^31-1); 0 erases.
 * @param options - `rule` `'coco'` (default) or `'center'`; `fill` `'evenodd'` (default) or
 *   `'nonzero'` for `'center'`.
 * @returns `target`.
 * @throws InvalidInputError for a malformed target, a value out of range, a bad option, a flat or
 *   odd-length ring, or a non-finite coordinate (named as `rings[i][j]`).
 * @example
 * const map = { width: 8, height: 6, data: new Uint16Array(48) };
 * fillPolygons(map, [[0, 0, 8, 0, 8, 6, 0, 6]], 7);
 * fillPolygons(map, [[2, 1, 6, 1, 6, 5, 2, 5]], 300, { rule: 'center' }); // on top
 */
export function fillPolygons<T extends Mask | LabelMap>(target: T, rings: number[][], value: number, options?: FillOptions): T {
  const t = checkLabelMap(target, 'target');
  const v = checkLabelValue(value, t.data, 'value');
  const { rule, fill } = fillFlags(options);
  const shapes = flattenShapes([rings], () => 'rings');
  paintShapes(t.data, t.width, t.height, shapes, Int32Array.of(v), rule, fill, false);
  return target;
}
