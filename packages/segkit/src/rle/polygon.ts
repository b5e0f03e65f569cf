// Polygons -> COCO RLE by COCO's rule (pycocotools frPyObjects + merge, as COCO.annToRLE).
import { withKernel, type Kernel } from '../wasm/kernel';
import { checkBbox, checkSize } from '../validate';
import { putRings } from '../rings';
import type { Bbox, Rle } from '../types';

/**
 * COCO RLE of polygons by COCO's rule, bit-identical to pycocotools (`frPyObjects` on each part,
 * then `merge`, as `COCO.annToRLE`): parts are unioned, so a second ring does not cut a hole.
 * Vertices snap to a 1/5-pixel grid, and a pixel column is filled between boundary crossings at
 * its centre. Coordinates may be fractional, negative or outside the image (clipped to it).
 *
 * A part of 4 numbers is a 2-vertex polygon here (it covers nothing); pycocotools instead reads a
 * first part of 4 numbers as a bbox. Use `rleFromBbox` for boxes.
 *
 * @param polygons - `[[x0, y0, x1, y1, ...], ...]`, pixel coordinates (pixel (x, y) covers
 *   [x, x+1) x [y, y+1)); each part needs an even number of finite coordinates.
 * @param height - image height.
 * @param width - image width.
 * @throws InvalidInputError for a flat list, an odd coordinate count or a non-finite number.
 * @example
 * const rle = rleFromPolygons([[1, 1, 5, 1, 5, 4, 1, 4]], 6, 8);
 * rleArea(rle); // 12
 */
export function rleFromPolygons(polygons: number[][], height: number, width: number): Rle {
  checkSize(height, width);
  return withKernel((k) => {
    const shape = putRings(k, polygons, 'polygons');
    return rleOfRings(k, shape.xy, shape.offsets, shape.rings, height, width);
  });
}

/** The kernel call behind rleFromPolygons, on rings already in the arena. */
function rleOfRings(k: Kernel, xy: number, offsets: number, rings: number, height: number, width: number): Rle {
  const slot = k.slot();
  k.check(k.x.rleFromPolygons(slot, xy, offsets, rings, height, width), 'rleFromPolygons');
  const [ptr, len] = k.result(slot);
  return { height, width, counts: k.takeU32(ptr, len) };
}

/** rleFromPolygons on already flattened rings. */
export function polygonsToRle(xy: Float64Array, offsets: Uint32Array, height: number, width: number): Rle {
  return withKernel((k) => rleOfRings(k, k.putF64(xy), k.putU32(offsets), offsets.length - 1, height, width));
}

/**
 * COCO RLE of a box `[x, y, w, h]` (pycocotools' `frBbox`): the polygon
 * (x, y), (x, y+h), (x+w, y+h), (x+w, y) by COCO's rule, so fractional boxes round like polygons.
 *
 * @example
 * rleArea(rleFromBbox([2, 3, 4, 5], 20, 20)); // 20
 */
export function rleFromBbox(bbox: Bbox, height: number, width: number): Rle {
  checkSize(height, width);
  const [x, y, w, h] = checkBbox(bbox, 'bbox');
  const xy = Float64Array.of(x, y, x, y + h, x + w, y + h, x + w, y);
  return polygonsToRle(xy, Uint32Array.of(0, 4), height, width);
}
