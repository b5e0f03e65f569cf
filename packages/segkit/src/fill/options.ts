// Options shared by rasterize, fillPolygons and fillMany.
import { checkChoice, fail } from '../validate';

/**
 * Which pixels a shape covers.
 * - `'coco'`: COCO's rule, exactly the pixels of `rleDecode(rleFromPolygons(rings))`: vertices
 *   snap to a 1/5-pixel grid and each column is filled between the boundary's crossings of its
 *   centre line; rings are unioned (a second ring does not cut a hole).
 * - `'center'`: a pixel is covered when its centre (x + 0.5, y + 0.5) is inside the shape by the
 *   `fill` rule over all of its rings; centres exactly on an edge follow the top-left rule (left
 *   and top edges are inside, right and bottom edges outside).
 */
export type PixelRule = 'coco' | 'center';

/** How rings combine under the `'center'` rule: even-odd parity or non-zero winding. */
export type FillRule = 'evenodd' | 'nonzero';

/** Options of fillPolygons and fillMany. */
export interface FillOptions {
  /** Pixel rule, default `'coco'`. */
  rule?: PixelRule;
  /**
   * Fill rule for `rule: 'center'`, default `'evenodd'` (an inner ring cuts a hole whatever its
   * orientation). COCO's rule has its own (rings unioned), so `'nonzero'` is refused with it.
   */
  fill?: FillRule;
}

/** Options of rasterize: the mask size and the fill options. */
export interface RasterizeOptions extends FillOptions {
  /** Mask width in pixels (columns), an integer >= 0. */
  width: number;
  /** Mask height in pixels (rows), an integer >= 0; width * height < 2^32. */
  height: number;
  /**
   * A Uint8Array of `width * height` elements to write the mask into instead of a new one: every
   * element is overwritten (0 or 1) and the returned mask's `data` is this array. Reusing one
   * array for many shapes avoids allocating (and the page faults of) a new mask each time.
   */
  out?: Uint8Array;
}

const RULES = ['coco', 'center'] as const;
const FILLS = ['evenodd', 'nonzero'] as const;

/** Kernel flags from fill options: rule 0 = coco, 1 = center; fill 0 = evenodd, 1 = nonzero. */
export function fillFlags(options: unknown, path = 'options'): { rule: number; fill: number } {
  if (options === undefined) return { rule: 0, fill: 0 };
  if (typeof options !== 'object' || options === null) fail(path, 'an options object', options);
  const o = options as FillOptions;
  const rule = checkChoice(o.rule, `${path}.rule`, RULES, 'coco');
  const fill = checkChoice(o.fill, `${path}.fill`, FILLS, 'evenodd');
  if (rule === 'coco' && fill === 'nonzero') {
    fail(`${path}.fill`, "'evenodd' or no fill with rule 'coco' (COCO's rule unions the rings; use rule 'center' for non-zero winding)", fill);
  }
  return { rule: RULES.indexOf(rule), fill: FILLS.indexOf(fill) };
}
