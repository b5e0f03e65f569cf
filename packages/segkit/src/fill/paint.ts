// The one kernel call behind rasterize, fillPolygons and fillMany: copy in the band of rows the
// shapes can touch, paint every shape in order, copy the band out.
import { withKernel, type Kernel } from '../wasm/kernel';
import type { FlatShapes } from '../rings';
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
 * Paints `shapes` (values[s] for shape s) into `data`, a width x height row-major image.
 * `blank`: data is known to be all zeros, so the band is cleared in wasm instead of copied in.
 */
export function paintShapes(data: Pixels, width: number, height: number, shapes: FlatShapes, values: Int32Array, rule: number, fill: number, blank: boolean): void {
  const [y0, y1] = rowBand(shapes.xy, height);
  if (y1 <= y0 || width === 0 || values.length === 0) return;
  const len = (y1 - y0) * width;
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
