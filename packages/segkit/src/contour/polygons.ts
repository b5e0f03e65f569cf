// Mask -> COCO polygons without losing pixels: pixel-edge rings (traceContours, coords 'edge'),
// holes joined by zero-width cuts, kept apart or filled; optional simplification whose error is
// measured after re-rasterisation by COCO's rule.
import { checkFinite, checkMask, checkOneOf, checkOptions, fail } from '../validate';
import type { Contours, Labelling, Mask, Rle } from '../types';
import { rleEncode } from '../rle/codec';
import { rleArea } from '../rle/measure';
import { rleMerge } from '../rle/merge';
import { rleFromPolygons } from '../rle/polygon';
import { traceContours } from './trace';
import { cutRings, joinRings } from './bridge';
import { simplifyRing } from './simplify';

const HOLES = ['bridge', 'separate', 'drop'] as const;

/** Options of {@link maskToPolygons}. */
export interface MaskToPolygonsOptions {
  /**
   * `'bridge'` (default): each hole is joined to its outer ring by a zero-width cut along pixel
   * edges, so that one COCO polygon per outer ring re-rasterises (COCO's rule) to exactly its
   * pixels. `'separate'`: holes are rings of their own (`holeOf` names their outer ring), for formats
   * with holes; COCO would fill them. `'drop'`: outer rings only, holes filled.
   */
  holes?: (typeof HOLES)[number];
  /**
   * Douglas-Peucker tolerance in pixels (default 0: exact pixel-edge rings, corners only). With
   * `tolerance > 0` the rings are simplified and re-rasterised; while the result's IoU with the
   * exact polygons of the same `holes` mode is below `minIou`, the tolerance is halved (down to 0).
   */
  tolerance?: number;
  /** The error budget for `tolerance > 0`, an IoU in [0, 1] (default 0.98). */
  minIou?: number;
  /** Report `fidelity` even when `tolerance` is 0 (default false; always reported when > 0). */
  fidelity?: boolean;
  /** Components only: the connectivity they were labelled with (default 8), as traceContours. */
  connectivity?: 4 | 8;
}

/** How well polygons reproduce an object, measured by re-rasterising them by COCO's rule. */
export interface Fidelity {
  /** IoU of the re-rasterised polygons with the object's pixels (1 when both are empty). */
  iou: number;
  /** Pixels that differ (in one and not the other). */
  pixelDiff: number;
  /** The tolerance that was used (after any halving to meet `minIou`). */
  tolerance: number;
}

/** COCO polygons of one object. */
export interface ObjectPolygons {
  /** `[[x0, y0, x1, y1, ...], ...]`: integer pixel-corner coordinates unless simplified. */
  polygons: number[][];
  /** For each polygon, the index of the outer ring it is a hole of (`holes: 'separate'`), else -1. */
  holeOf: number[];
  fidelity?: Fidelity;
}

/** COCO polygons of one component of a labelling. */
export interface ComponentPolygons extends ObjectPolygons {
  /** The component's label (1..count). */
  label: number;
  /** Its class value. */
  value: number;
}

/** An outer ring and its holes (discovery order), as traced. */
interface Part {
  outer: Int32Array;
  holes: Int32Array[];
}

/** The parts of ccomp edge contours, outer rings in raster order of their first pixel. */
function partsOf(c: Contours): (Part & { at: number })[] {
  const ring = (i: number) => c.points.subarray(2 * c.offsets[i], 2 * c.offsets[i + 1]);
  const parts: (Part & { at: number })[] = [];
  // OpenCV's order lists siblings last-found first: walk it backwards.
  for (let i = c.count - 1; i >= 0; i--) {
    if (c.hierarchy[4 * i + 3] !== -1) continue;
    const holes: Int32Array[] = [];
    for (let k = c.hierarchy[4 * i + 2]; k !== -1; k = c.hierarchy[4 * k]) holes.push(ring(k));
    parts.push({ outer: ring(i), holes: holes.reverse(), at: i });
  }
  return parts;
}

/** Keeps the vertices `idx` of a flat ring. */
const pick = (r: ArrayLike<number>, idx: number[]) => idx.flatMap((k) => [r[2 * k], r[2 * k + 1]]);

/**
 * One polygon whose COCO rasterisation is the XOR of the rings: each ring is reached from the first
 * ring's first vertex and left the same way (doubled connectors cancel under COCO's rule).
 */
function xorPolygon(rings: number[][]): number[] {
  const out = rings[0].slice();
  const [x0, y0] = out;
  for (let i = 1; i < rings.length; i++) out.push(x0, y0, ...rings[i], rings[i][0], rings[i][1], x0, y0);
  return out;
}

/** IoU and pixel difference of two RLEs of one size. */
function compare(a: Rle, b: Rle): { iou: number; pixelDiff: number } {
  const aa = rleArea(a), ab = rleArea(b);
  const inter = rleArea(rleMerge([a, b], true));
  const union = aa + ab - inter;
  return { iou: union === 0 ? 1 : inter / union, pixelDiff: union - inter };
}

/** Polygons of all parts at one tolerance (0: exact). */
function build(parts: Part[], holes: (typeof HOLES)[number], tolerance: number, fg: (x: number, y: number) => boolean) {
  const polygons: number[][] = [];
  const holeOf: number[] = [];
  const simplify = (r: ArrayLike<number>, pins: number[] = []) => pick(r, simplifyRing(r, tolerance, pins));
  for (const p of parts) {
    if (holes === 'drop' || p.holes.length === 0) {
      polygons.push(simplify(p.outer));
      holeOf.push(-1);
    } else if (holes === 'separate') {
      const at = polygons.length;
      polygons.push(simplify(p.outer));
      holeOf.push(-1);
      for (const h of p.holes) {
        polygons.push(simplify(h));
        holeOf.push(at);
      }
    } else {
      const cut = cutRings([p.outer, ...p.holes], fg);
      // Simplify with the cut vertices pinned, then renumber the attachments.
      const rings: number[][] = [];
      const attach: Map<number, number[]>[] = [];
      cut.rings.forEach((r, i) => {
        const kept = simplifyRing(r, tolerance, cut.pins[i]);
        const index = new Map(kept.map((k, j) => [k, j]));
        rings.push(pick(r, kept));
        attach.push(new Map([...cut.attach[i]].map(([k, hs]) => [index.get(k)!, hs])));
      });
      polygons.push(joinRings(rings, attach));
      holeOf.push(-1);
    }
  }
  return { polygons, holeOf };
}

/** The frame an object is measured in: [x0, y0, width, height] of the image part it lies in. */
type Frame = [number, number, number, number];

/** Validated options. */
function resolve(options: MaskToPolygonsOptions | undefined) {
  const o = checkOptions(options);
  const holes = checkOneOf(o.holes, 'options.holes', HOLES, 'bridge');
  const tolerance = o.tolerance === undefined ? 0 : checkFinite(o.tolerance, 'options.tolerance');
  if (tolerance < 0) fail('options.tolerance', 'a number >= 0', tolerance);
  const minIou = o.minIou === undefined ? 0.98 : checkFinite(o.minIou, 'options.minIou');
  if (minIou < 0 || minIou > 1) fail('options.minIou', 'a number in [0, 1]', minIou);
  const report = checkOneOf(o.fidelity, 'options.fidelity', [true, false], false) || tolerance > 0;
  const connectivity = checkOneOf(o.connectivity, 'options.connectivity', [4, 8] as const, 8);
  return { holes, tolerance, minIou, report, connectivity };
}

/**
 * Polygons of one object under the error budget, with their fidelity against `target` (the
 * object's pixels in `frame`) when asked for.
 */
function objectPolygons(parts: Part[], fg: (x: number, y: number) => boolean, frame: Frame, target: () => Rle, o: ReturnType<typeof resolve>): ObjectPolygons {
  const [x0, y0, fw, fh] = frame;
  const shift = (p: number[]) => (x0 === 0 && y0 === 0 ? p : p.map((v, i) => v - (i & 1 ? y0 : x0)));
  const raster = (ps: number[][]) => rleFromPolygons((o.holes === 'separate' && ps.length ? [xorPolygon(ps)] : ps).map(shift), fh, fw);
  let out = build(parts, o.holes, o.tolerance, fg);
  let used = o.tolerance;
  if (o.tolerance > 0) {
    const exact = raster(build(parts, o.holes, 0, fg).polygons);
    while (used > 0 && compare(raster(out.polygons), exact).iou < o.minIou) {
      used = used / 2 < 0.25 ? 0 : used / 2;
      out = build(parts, o.holes, used, fg);
    }
  }
  if (!o.report) return out;
  return { ...out, fidelity: { ...compare(raster(out.polygons), target()), tolerance: used } };
}

/**
 * COCO polygons without losing pixels, for a mask (one object) or for every component of a
 * labelling (one object each, in label order). Rings run along pixel edges with only their
 * corners, so with `holes: 'bridge'` (the default) `rleFromPolygons(polygons, height, width)` gives
 * back exactly the object's pixels. A mask gives one polygon per 8-connected part (objects inside
 * holes are parts of their own); a component gives one polygon.
 *
 * With `tolerance > 0` the rings are simplified (Douglas-Peucker) and each object re-rasterised by
 * COCO's rule; its tolerance is halved until the IoU with its exact polygons reaches `minIou`.
 *
 * @param input - a mask (row-major, any non-zero byte is foreground), or a labelling
 *   (`labelComponents`' output).
 * @param options - holes (default `'bridge'`), tolerance (default 0, pixels, >= 0), minIou
 *   (default 0.98, in [0, 1]), fidelity (default false); for a labelling, its connectivity
 *   (default 8).
 * @returns `{polygons, holeOf, fidelity?}` for a mask; for a labelling, one such object per
 *   component with its `label` and `value`. `fidelity` (IoU and pixel difference of the
 *   re-rasterised polygons against the object's pixels, and the tolerance used) comes when asked
 *   for or when `tolerance > 0`.
 * @throws InvalidInputError for a malformed mask, labelling or options.
 * @example
 * const ring = maskToPolygons({ width: 3, height: 3, data: Uint8Array.of(1, 1, 1, 1, 0, 1, 1, 1, 1) });
 * // ring.polygons = [[0, 0, 0, 3, 3, 3, 3, 0, 1, 0, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 1, 0]]:
 * // the outer square, a cut down x = 1 to the hole, the hole clockwise, and back up the cut
 * rleArea(rleFromPolygons(ring.polygons, 3, 3)); // 8
 * maskToPolygons(labelComponents({ width: 3, height: 1, data: Uint8Array.of(5, 5, 9) }));
 * // [{label: 1, value: 5, polygons: [[0, 0, 0, 1, 2, 1, 2, 0]], holeOf: [-1]},
 * //  {label: 2, value: 9, polygons: [[2, 0, 2, 1, 3, 1, 3, 0]], holeOf: [-1]}]
 */
export function maskToPolygons(mask: Mask, options?: MaskToPolygonsOptions): ObjectPolygons;
export function maskToPolygons(components: Labelling, options?: MaskToPolygonsOptions): ComponentPolygons[];
export function maskToPolygons(input: Mask | Labelling, options?: MaskToPolygonsOptions): ObjectPolygons | ComponentPolygons[] {
  if (typeof input === 'object' && input !== null && 'labels' in input) return componentPolygons(input, options);
  const mask = checkMask(input);
  const o = resolve(options);
  const { width: w, height: h, data } = mask;
  const fg = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && data[y * w + x] !== 0;
  const parts = partsOf(traceContours(mask, { mode: 'ccomp', coords: 'edge' }));
  return objectPolygons(parts, fg, [0, 0, w, h], () => rleEncode(mask), o);
}

/** maskToPolygons on a labelling: each component measured inside its bounding box. */
function componentPolygons(input: Labelling, options?: MaskToPolygonsOptions): ComponentPolygons[] {
  const o = resolve(options);
  const c = traceContours(input, { mode: 'ccomp', coords: 'edge', connectivity: o.connectivity });
  const { width: w, height: h, labels } = input;
  const out: ComponentPolygons[] = new Array(input.count);
  for (const part of partsOf(c)) {
    const label = c.label[part.at];
    const fg = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && labels[y * w + x] === label;
    // The outer ring's extent is the component's bounding box.
    let x0 = w, y0 = h, x1 = 0, y1 = 0;
    for (let i = 0; i < part.outer.length; i += 2) {
      x0 = Math.min(x0, part.outer[i]); x1 = Math.max(x1, part.outer[i]);
      y0 = Math.min(y0, part.outer[i + 1]); y1 = Math.max(y1, part.outer[i + 1]);
    }
    const target = () => {
      const data = new Uint8Array((x1 - x0) * (y1 - y0));
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[(y - y0) * (x1 - x0) + x - x0] = labels[y * w + x] === label ? 1 : 0;
      return rleEncode({ width: x1 - x0, height: y1 - y0, data });
    };
    out[label - 1] = { label, value: c.value[part.at], ...objectPolygons([part], fg, [x0, y0, x1 - x0, y1 - y0], target, o) };
  }
  return out;
}
