// A whole image's worth of shapes painted in one kernel call.
import { checkArray, checkLabelMap, checkLabelValue, fail } from '../validate';
import { flattenShapes } from '../rings';
import type { LabelMap, Mask } from '../types';
import { fillFlags, type FillOptions } from './options';
import { paintShapes } from './paint';

/** A shape to paint: its rings and the value painted there. */
export interface Shape {
  /** `[[x0, y0, x1, y1, ...], ...]` in pixel coordinates. */
  rings: number[][];
  /** An integer that the target's data holds. */
  value: number;
}

/**
 * Paints shapes into `target` in place, in order (later shapes over earlier ones), as
 * `fillPolygons` once per shape but with one copy in, one kernel call and one copy out.
 *
 * @param target - a Mask or a LabelMap (`data` a Uint8Array, Uint16Array or Int32Array).
 * @param shapes - `{rings, value}` per shape; see fillPolygons for rings and values.
 * @param options - `rule` `'coco'` (default) or `'center'`; `fill` `'evenodd'` (default) or
 *   `'nonzero'` for `'center'`. The same for every shape.
 * @returns `target`.
 * @throws InvalidInputError naming the shape, e.g. `shapes[3].rings[0][5]` or `shapes[2].value`.
 * @example
 * const map = { width: 64, height: 48, data: new Uint16Array(64 * 48) };
 * fillMany(map, [
 *   { rings: [[4, 4, 40, 4, 40, 30, 4, 30]], value: 1 },
 *   { rings: [[20, 10, 60, 10, 40, 44]], value: 2 }, // over shape 1 where they overlap
 * ]);
 */
export function fillMany<T extends Mask | LabelMap>(target: T, shapes: Shape[], options?: FillOptions): T {
  const t = checkLabelMap(target, 'target');
  checkArray(shapes, 'shapes', 'shapes {rings, value}');
  const { rule, fill } = fillFlags(options);
  const values = new Int32Array(shapes.length);
  const rings: unknown[] = new Array(shapes.length);
  for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s];
    if (typeof shape !== 'object' || shape === null) fail(`shapes[${s}]`, 'a shape {rings, value}', shape);
    values[s] = checkLabelValue(shape.value, t.data, `shapes[${s}].value`);
    rings[s] = shape.rings;
  }
  const flat = flattenShapes(rings, (s) => `shapes[${s}].rings`);
  paintShapes(t.data, t.width, t.height, flat, values, rule, fill, false);
  return target;
}
