// An annotation as the polygons a polygon-only format (YOLO-seg, polygon JSON) can hold.
//
//   holes: 'split'   one polygon per part, as stored (several lines for a multi-part object);
//                    an RLE becomes one polygon per connected part, its holes bridged
//   holes: 'bridge'  one polygon per object: the parts and their holes joined by zero-width
//                    cuts, so that it re-rasterises by COCO's rule to exactly the object's pixels
//
// A single polygon is written as it is in both modes; a box-only annotation as its rectangle.
import type { Annotation, ImageInfo } from '../dataset/model';
import { annotationRle, isRle } from '../dataset/segmentation';
import { rleDecode } from '../rle/codec';
import { traceBridged } from './trace';

/** How multi-part objects and holes are written by polygon-only formats. */
export type HolesMode = 'bridge' | 'split';

export const HOLES_MODES: readonly HolesMode[] = ['bridge', 'split'];

/**
 * The polygons that represent `ann` in a polygon-only format (see the file header).
 */
export function outlinePolygons(ann: Annotation, image: ImageInfo, holes: HolesMode, path: string): number[][] {
  const seg = ann.segmentation;
  if (!isRle(seg)) {
    if (seg.length === 0) {
      const [x, y, w, h] = ann.bbox;
      return w > 0 && h > 0 ? [[x, y, x + w, y, x + w, y + h, x, y + h]] : [];
    }
    if (seg.length === 1 || holes === 'split') return seg.map((p) => p.slice());
  }
  const polygons = traceBridged(rleDecode(annotationRle(ann, image, path)), path);
  return holes === 'bridge' && polygons.length > 1 ? [joinRings(polygons)] : polygons;
}

/**
 * One polygon whose COCO rasterisation is the XOR of the rings' (their union when they are
 * disjoint, as traced parts are): each ring i >= 1 is entered from the first ring's first vertex
 * and left back to it along the same segment, a zero-width cut whose crossings cancel.
 */
export function joinRings(rings: number[][]): number[] {
  const out = rings[0].slice();
  const x0 = out[0];
  const y0 = out[1];
  for (let i = 1; i < rings.length; i++) out.push(x0, y0, ...rings[i], rings[i][0], rings[i][1]);
  return out;
}
