// Border following (Suzuki & Abe 1985) with OpenCV 4.6 findContours semantics, and its lossless
// pixel-edge variant.
import { withKernel, type Kernel } from '../wasm/kernel';
import { E_INPUT } from '../wasm/status';
import { checkInt, checkMask, checkOneOf, checkOptions, checkSize, fail, failAs } from '../validate';
import type { ComponentContours, Contours, Labelling, Mask } from '../types';

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
  /**
   * Components only: the connectivity they were labelled with (default 8). 8: a component's
   * pixels may touch at corners and its holes are 4-connected; 4: the reverse.
   */
  connectivity?: 4 | 8;
}

/** Flags of the kernel call, from validated options. */
function flags(options: TraceContoursOptions | undefined) {
  const o = checkOptions(options);
  return {
    mode: MODES.indexOf(checkOneOf(o.mode, 'options.mode', MODES, 'ccomp')),
    approx: APPROX.indexOf(checkOneOf(o.approx, 'options.approx', APPROX, 'simple')),
    coords: COORDS.indexOf(checkOneOf(o.coords, 'options.coords', COORDS, 'center')),
    connectivity: checkOneOf(o.connectivity, 'options.connectivity', [4, 8] as const, 8),
  };
}

/** Reads the four result slots at `out` (vertices, offsets, hierarchy, labels). */
function readContours(k: Kernel, out: number): Contours & { labels: Uint32Array } {
  const [pPtr, pLen] = k.result(out);
  const [oPtr, oLen] = k.result(out + 8);
  const [hPtr, hLen] = k.result(out + 16);
  const [lPtr, lLen] = k.result(out + 24);
  return {
    count: oLen - 1,
    points: k.i32(pPtr, pLen).slice(),
    offsets: k.u32(oPtr, oLen).slice(),
    hierarchy: k.i32(hPtr, hLen).slice(),
    labels: k.u32(lPtr, lLen),
  };
}

/** A Labelling: consistent sizes, count < 2^30, one value per component. */
function checkLabelling(c: unknown, path = 'components'): Labelling {
  if (typeof c !== 'object' || c === null) fail(path, 'a labelling {width, height, count, labels, value}', c);
  const l = c as Labelling;
  checkSize(l.height, l.width, path);
  checkInt(l.count, `${path}.count`, 0, 2 ** 30 - 1);
  if (!(l.labels instanceof Int32Array) || l.labels.length !== l.width * l.height) {
    fail(`${path}.labels`, `an Int32Array of ${l.width * l.height} labels (width * height)`, l.labels);
  }
  if (!(l.value instanceof Int32Array) || l.value.length !== l.count) fail(`${path}.value`, `an Int32Array of ${l.count} values (count)`, l.value);
  return l;
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
 * Given the components of a labelling (`labelComponents(mask or label map)`), every component of
 * every class is traced in one scan, each against everything else, with the same conventions; each
 * contour comes with its component's label and class value. A component's holes are the regions it
 * encloses (they may hold other components). In `'tree'` mode an outer border's parent is the
 * hole border, of whichever component, found as Suzuki & Abe find it: the one facing it from the
 * left in its first row.
 *
 * @param input - a mask (row-major, any non-zero byte is foreground; not modified), or a labelling.
 * @param options - mode (default `'ccomp'`), approx (default `'simple'`), coords (default
 *   `'center'`); for a labelling, its connectivity (default 8).
 * @returns `{count, points, offsets, hierarchy}` ({@link Contours}), with `label` and `value` per
 *   contour for a labelling; no contours for an empty or 0-size input.
 * @throws InvalidInputError for a malformed mask or labelling (including labels outside
 *   0..count) or an unknown option value.
 * @example
 * const c = traceContours({ width: 3, height: 2, data: Uint8Array.of(1, 1, 1, 1, 1, 1) });
 * // c.count = 1; c.points = [0, 0, 0, 1, 2, 1, 2, 0]; c.hierarchy = [-1, -1, -1, -1]
 * const e = traceContours({ width: 1, height: 1, data: Uint8Array.of(1) }, { coords: 'edge' });
 * // e.points = [0, 0, 0, 1, 1, 1, 1, 0]: the pixel's four corners
 * const t = traceContours(labelComponents({ width: 3, height: 1, data: Uint8Array.of(5, 5, 9) }), { coords: 'edge' });
 * // t.label = [2, 1] (OpenCV's order: last found first), t.value = [9, 5]
 * // t.points = [2, 0, 2, 1, 3, 1, 3, 0,  0, 0, 0, 1, 2, 1, 2, 0]
 */
export function traceContours(mask: Mask, options?: TraceContoursOptions): Contours;
export function traceContours(components: Labelling, options?: TraceContoursOptions): ComponentContours;
export function traceContours(input: Mask | Labelling, options?: TraceContoursOptions): Contours | ComponentContours {
  if (typeof input === 'object' && input !== null && 'labels' in input) return traceComponents(input, options);
  checkMask(input);
  const f = flags(options);
  const { width, height } = input as Mask;
  return withKernel((k) => {
    const maskPtr = k.putU8((input as Mask).data);
    const out = k.alloc(32);
    k.check(k.x.contourTrace(out, maskPtr, height, width, f.mode, f.approx, f.coords), 'traceContours');
    const { labels: _, ...c } = readContours(k, out);
    return c;
  });
}

/** traceContours on a labelling. */
function traceComponents(input: Labelling, options?: TraceContoursOptions): ComponentContours {
  const { width, height, count, labels, value } = checkLabelling(input);
  const f = flags(options);
  return withKernel((k) => {
    const labelsPtr = k.putI32(labels);
    const out = k.alloc(32);
    const status = k.x.contourTraceLabels(out, labelsPtr, height, width, count, f.connectivity, f.mode, f.approx, f.coords);
    if (status === E_INPUT) failAs('components.labels', `labels in 0..count = ${count}`, 'a label outside that range');
    k.check(status, 'traceContours');
    const { labels: tags, ...c } = readContours(k, out);
    const label = Int32Array.from(tags);
    return { ...c, label, value: label.map((l) => value[l - 1]) };
  });
}
