// Border following (Suzuki & Abe 1985) with OpenCV 4.6 findContours semantics, and its lossless
// pixel-edge variant.
import { withKernel } from '../wasm/kernel';
import { checkMask, checkOneOf, checkOptions } from '../validate';
import type { Contours, Mask } from '../types';

const MODES = ['external', 'list', 'ccomp', 'tree'] as const;
const APPROX = ['none', 'simple'] as const;
const COORDS = ['center', 'edge'] as const;

/** Options of {@link traceContours}. */
export interface TraceContoursOptions {
  /**
   * Which borders and which hierarchy, as OpenCV's retrieval modes (default `'ccomp'`):
   * `'external'` outer borders of top-level objects only; `'list'` every border, no nesting;
   * `'ccomp'` two levels: every outer border at the top, each hole under its object's outer border;
   * `'tree'` the full nesting (holes under their object, objects under the hole they sit in).
   */
  mode?: (typeof MODES)[number];
  /** `'none'` keeps every vertex; `'simple'` (default) only the vertices where the direction changes. */
  approx?: (typeof APPROX)[number];
  /**
   * `'center'` (default): vertices are pixel centres given as the integer pixel (x, y), exactly
   * OpenCV's `findContours` output. `'edge'`: lossless rings along pixel edges, vertices at pixel
   * corners (x, y in 0..width, 0..height), outer borders counter-clockwise on screen and holes
   * clockwise, each ring starting at its top-left corner; with `'simple'` only the corners are kept.
   */
  coords?: (typeof COORDS)[number];
}

/**
 * Traces the borders of the objects and holes of a mask: Suzuki & Abe's border following, with
 * the output of OpenCV 4.6's `findContours` (same contours, first vertices, orientation, order and
 * hierarchy). Foreground is 8-connected, background 4-connected; the image behaves as if padded
 * with background, so objects touching the border are traced along their own pixels.
 *
 * Outer borders run counter-clockwise on screen (down the left side first), holes clockwise. With
 * `coords: 'edge'`, XOR over all rings of `rleDecode(rleFromPolygons([ring], h, w))` is the mask,
 * and the shoelace areas of outer rings minus those of holes add up to the pixel count.
 *
 * @param mask - row-major, any non-zero byte is foreground; not modified.
 * @param options - mode (default `'ccomp'`), approx (default `'simple'`), coords (default `'center'`).
 * @returns `{count, points, offsets, hierarchy}` ({@link Contours}); no contours for an empty or
 *   0-size mask.
 * @throws InvalidInputError for a malformed mask or an unknown option value.
 * @example
 * const c = traceContours({ width: 3, height: 2, data: Uint8Array.of(1, 1, 1, 1, 1, 1) });
 * // c.count = 1; c.points = [0, 0, 0, 1, 2, 1, 2, 0]; c.hierarchy = [-1, -1, -1, -1]
 * const e = traceContours({ width: 1, height: 1, data: Uint8Array.of(1) }, { coords: 'edge' });
 * // e.points = [0, 0, 0, 1, 1, 1, 1, 0]: the pixel's four corners
 */
export function traceContours(mask: Mask, options?: TraceContoursOptions): Contours {
  checkMask(mask);
  const o = checkOptions(options);
  const mode = MODES.indexOf(checkOneOf(o.mode, 'options.mode', MODES, 'ccomp'));
  const approx = APPROX.indexOf(checkOneOf(o.approx, 'options.approx', APPROX, 'simple'));
  const coords = COORDS.indexOf(checkOneOf(o.coords, 'options.coords', COORDS, 'center'));
  const { width, height } = mask;
  return withKernel((k) => {
    const maskPtr = k.putU8(mask.data);
    const out = k.alloc(24);
    k.check(k.x.contourTrace(out, maskPtr, height, width, mode, approx, coords), 'traceContours');
    const [pPtr, pLen] = k.result(out);
    const [oPtr, oLen] = k.result(out + 8);
    const [hPtr, hLen] = k.result(out + 16);
    return {
      count: oLen - 1,
      points: k.i32(pPtr, pLen).slice(),
      offsets: k.u32(oPtr, oLen).slice(),
      hierarchy: k.i32(hPtr, hLen).slice(),
    };
  });
}
