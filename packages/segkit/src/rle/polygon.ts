// Polygons -> COCO RLE by COCO's rule (pycocotools frPyObjects + merge, as COCO.annToRLE).
import { withKernel } from '../wasm/kernel';
import { checkBbox, checkSize, fail } from '../validate';
import type { Bbox, Rle } from '../types';

/** Beyond this magnitude rings are clipped first (pycocotools' 32-bit grid would overflow). */
const FAR = 2 ** 40;

/** Flattened, validated rings: xy pairs and vertex offsets per ring. */
export interface FlatRings {
  xy: Float64Array;
  offsets: Uint32Array;
}

/**
 * Validates COCO polygons (`[[x0, y0, x1, y1, ...], ...]`) and flattens them.
 * Refuses a flat (unnested) list, an odd number of coordinates and non-finite numbers.
 */
export function flattenRings(polygons: unknown, path = 'polygons'): FlatRings {
  if (!Array.isArray(polygons)) fail(path, 'a list of polygons [[x0, y0, x1, y1, ...], ...]', polygons);
  if (polygons.length > 0 && typeof polygons[0] === 'number') {
    fail(path, 'a list of polygons [[x0, y0, ...], ...], not a flat list of numbers (wrap one polygon in [])', polygons);
  }
  let total = 0;
  for (let i = 0; i < polygons.length; i++) {
    const p = polygons[i] as ArrayLike<number>;
    if (!(Array.isArray(p) || p instanceof Float64Array || p instanceof Float32Array)) {
      fail(`${path}[${i}]`, 'a polygon [x0, y0, x1, y1, ...]', p);
    }
    if (p.length % 2 !== 0) fail(`${path}[${i}]`, 'an even number of coordinates (x, y pairs)', p);
    total += p.length;
  }
  const xy = new Float64Array(total);
  const offsets = new Uint32Array(polygons.length + 1);
  let at = 0;
  let far = false;
  for (let i = 0; i < polygons.length; i++) {
    const p = polygons[i] as ArrayLike<number>;
    for (let j = 0; j < p.length; j++) {
      const v = p[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}[${i}][${j}]`, 'a finite number', v);
      if (v > FAR || v < -FAR) far = true;
      xy[at++] = v;
    }
    offsets[i + 1] = at / 2;
  }
  return far ? clipRings(xy, offsets) : { xy, offsets };
}

/**
 * Clips every ring to the square |x|, |y| <= 2^40 (Sutherland-Hodgman). Coordinates that large
 * overflow pycocotools' 32-bit grid (undefined there); clipping keeps every pixel of any image
 * that fits in COCO's 32-bit counts unchanged up to rounding of the new vertices far outside it.
 */
function clipRings(xy: Float64Array, offsets: Uint32Array): FlatRings {
  const out: number[] = [];
  const offs = [0];
  for (let r = 0; r + 1 < offsets.length; r++) {
    let ring: number[] = Array.from(xy.subarray(offsets[r] * 2, offsets[r + 1] * 2));
    for (const [axis, sign] of [[0, 1], [0, -1], [1, 1], [1, -1]] as const) {
      const next: number[] = [];
      const k = ring.length / 2;
      const inside = (i: number) => sign * ring[2 * i + axis] <= FAR;
      for (let i = 0; i < k; i++) {
        const j = (i + 1) % k;
        const a = inside(i);
        const b = inside(j);
        if (a) next.push(ring[2 * i], ring[2 * i + 1]);
        if (a !== b) {
          const ta = sign * ring[2 * i + axis];
          const tb = sign * ring[2 * j + axis];
          const t = (FAR - ta) / (tb - ta);
          const x = ring[2 * i] + t * (ring[2 * j] - ring[2 * i]);
          const y = ring[2 * i + 1] + t * (ring[2 * j + 1] - ring[2 * i + 1]);
          next.push(axis === 0 ? sign * FAR : x, axis === 1 ? sign * FAR : y);
        }
      }
      ring = next;
    }
    out.push(...ring);
    offs.push(out.length / 2);
  }
  return { xy: Float64Array.from(out), offsets: Uint32Array.from(offs) };
}

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
  const { xy, offsets } = flattenRings(polygons);
  return polygonsToRle(xy, offsets, height, width);
}

/** rleFromPolygons on already flattened rings. */
export function polygonsToRle(xy: Float64Array, offsets: Uint32Array, height: number, width: number): Rle {
  return withKernel((k) => {
    const xyPtr = k.putF64(xy);
    const offPtr = k.putU32(offsets);
    const slot = k.slot();
    k.check(k.x.rleFromPolygons(slot, xyPtr, offPtr, offsets.length - 1, height, width), 'rleFromPolygons');
    const [ptr, len] = k.result(slot);
    return { height, width, counts: k.takeU32(ptr, len) };
  });
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
