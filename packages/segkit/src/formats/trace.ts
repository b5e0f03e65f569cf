// Masks -> polygons for the polygon-only formats (YOLO-seg, polygon JSON): the pixel-edge rings of
// each connected part with its holes joined by zero-width cuts (`maskToPolygons`, `holes: 'bridge'`),
// so that the polygons re-rasterise by COCO's rule to exactly the mask.
import { maskToPolygons } from '../contour/polygons';
import type { Mask } from '../types';

/**
 * The polygons of a mask: one per connected part (8-connected foreground), holes bridged.
 *
 * @param mask - the object's pixels.
 * @param what - where the object is, for errors (unused: a mask always traces).
 */
export function traceBridged(mask: Mask, what: string): number[][] {
  void what;
  return maskToPolygons(mask, { holes: 'bridge' }).polygons;
}
