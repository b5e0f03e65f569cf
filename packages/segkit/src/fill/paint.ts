// The kernel calls behind rasterize, fillPolygons and fillMany. rasterize: the kernel builds the
// band of rows a shape touches, copied over the mask (maskRows). Painting one shape in place: the
// kernel lists its spans and JS fills them (no image copies). Several shapes: copy in the band of
// rows they can touch, paint every shape in order in one kernel call, copy the band out.
import { withKernel, type Kernel } from '../wasm/kernel';
import { putRings, type FlatShapes } from '../rings';
import type { LabelMap } from '../types';

type Pixels = LabelMap['data'];

/**
 * Rows [y0, y1) that can hold a painted pixel under either rule, with a row to spare: the centre
 * rule paints rows ceil(ymin - 0.5) to below ceil(ymax - 0.5); COCO's rule, whose grid and
 * stepping move the boundary by under 0.3 px, rows from ceil(ymin - 0.8) to below ceil(ymax).
 */
function rowBand(xy: Float64Array, height: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 1; i < xy.length; i += 2) {
    const y = xy[i];
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  if (lo > hi) return [0, 0];
  const y0 = Math.min(height, Math.max(0, Math.floor(lo) - 1));
  const y1 = Math.min(height, Math.max(0, Math.ceil(hi) + 1));
  return [y0, y1];
}

function view(k: Kernel, like: Pixels, ptr: number, len: number): Pixels {
  if (like instanceof Uint8Array) return k.u8(ptr, len);
  if (like instanceof Uint16Array) return k.u16(ptr, len);
  return k.i32(ptr, len);
}

/**
 * Room for the spans of one shape: each edge meets at most its rows plus two, and leaves at most
 * one span boundary per row it meets under either rule, so half of that sum bounds the spans.
 */
export function spanBound(shapes: FlatShapes, height: number): number {
  const { xy, offsets } = shapes;
  let sum = 0;
  for (let r = 0; r + 1 < offsets.length; r++) {
    const a = offsets[r], b = offsets[r + 1];
    for (let j = a; j < b; j++) {
      const ya = xy[2 * j + 1], yb = xy[2 * (j + 1 === b ? a : j + 1) + 1];
      sum += Math.min(height, Math.abs(Math.ceil(ya) - Math.ceil(yb))) + 2;
    }
  }
  return Math.ceil(sum / 2) + 1;
}

/**
 * A fill call per span costs about as much as copying this many band bytes in and out of wasm
 * (measured against spanBound, which is 1.5-1.8x the actual count: spans were 12-30% faster
 * for band bytes / bound of 310 and 1050 (640x480, 2048x1536 masks), 6% slower at 115 (jagged
 * 200-2,000-vertex polygons in 4000x3000 masks)).
 */
const SPAN_BYTES = 200;

/**
 * Paints `shapes` (values[s] for shape s) into `data`, a width x height row-major image.
 * `blank`: data is known to be all zeros, so the band is cleared in wasm instead of copied in.
 */
export function paintShapes(data: Pixels, width: number, height: number, shapes: FlatShapes, values: Int32Array, rule: number, fill: number, blank: boolean): void {
  const [y0, y1] = rowBand(shapes.xy, height);
  if (y1 <= y0 || width === 0 || values.length === 0) return;
  // One shape with few spans for its band: fill them with TypedArray.fill, no band copies.
  // Otherwise, and for many shapes: one copy in, one kernel call, one copy out.
  const len = (y1 - y0) * width;
  if (values.length === 1) {
    const bound = spanBound(shapes, y1 - y0);
    if (len * data.BYTES_PER_ELEMENT >= SPAN_BYTES * bound && fillSpans(data, width, height, shapes, values[0], rule, fill, bound)) return;
  }
  withKernel((k) => {
    const xy = k.putF64(shapes.xy);
    const rings = k.putU32(shapes.offsets);
    const owners = k.putU32(shapes.shapeOffsets);
    const vals = k.putI32(values);
    const band = k.alloc(len * data.BYTES_PER_ELEMENT);
    if (blank) view(k, data, band, len).fill(0);
    else view(k, data, band, len).set(data.subarray(y0 * width, y1 * width));
    k.check(k.x.polyFill(band, xy, rings, owners, vals, values.length, width, height, y0, y1 - y0, data.BYTES_PER_ELEMENT, rule, fill), 'fill');
    data.set(view(k, data, band, len), y0 * width);
  });
}

/**
 * One shape filled from its span list; false (and nothing filled) when the list did not fit in
 * `capacity` spans.
 */
export function fillSpans(data: Pixels, width: number, height: number, shapes: FlatShapes, value: number, rule: number, fill: number, capacity: number): boolean {
  return withKernel((k) => {
    const xy = k.putF64(shapes.xy);
    const rings = k.putU32(shapes.offsets);
    const list = k.alloc(8 + capacity * 8);
    k.u32(list, 1)[0] = capacity;
    const slot = k.slot();
    k.check(k.x.polySpans(slot, list, xy, rings, shapes.offsets.length - 1, width, height, rule, fill), 'fill');
    const [ptr, count] = k.result(slot);
    if (count > capacity) return false;
    const s = k.u32(ptr, count * 2);
    for (let i = 0; i < s.length; i += 2) data.fill(value, s[i], s[i + 1]);
    return true;
  });
}

/**
 * One shape's 0/1 mask written over all of `data` (width x height, row-major): the kernel builds
 * the band of rows the shape can touch, and every other row is zeroed here unless `dirty` is
 * false (data known to be all zeros). `rings` are validated by putRings (named `path`).
 */
export function maskRows(data: Uint8Array, width: number, height: number, rings: unknown, path: string, rule: number, fill: number, dirty: boolean): void {
  withKernel((k) => {
    const shape = putRings(k, rings, path);
    const rows = k.alloc(8);
    const slot = k.slot();
    k.check(k.x.polyMask(slot, rows, shape.xy, shape.offsets, shape.rings, width, height, rule, fill), 'fill');
    const [band, len] = k.result(slot);
    const [ra, rb] = k.result(rows);
    if (dirty) {
      data.fill(0, 0, ra * width);
      data.fill(0, rb * width);
    }
    if (len > 0) data.set(k.u8(band, len), ra * width);
  });
}
