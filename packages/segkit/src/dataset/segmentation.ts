// An annotation's pixels as an RLE, and its area and bbox measured by COCO's rule.
import { fail, failAs } from '../validate';
import { rleFromPolygons } from '../rle/polygon';
import { rleArea, rleBbox } from '../rle/measure';
import type { Bbox, Rle } from '../types';
import type { Annotation, ImageInfo, Segmentation } from './model';

/**
 * True when the segmentation is an RLE (not a polygon list).
 *
 * @example
 * isRle([[0, 0, 4, 0, 4, 4]]); // false
 */
export function isRle(seg: Segmentation): seg is Rle {
  return !Array.isArray(seg);
}

/**
 * An all-background RLE of the given size.
 *
 * @example
 * emptyRle(2, 3).counts; // Uint32Array [6]
 */
export function emptyRle(height: number, width: number): Rle {
  return { height, width, counts: Uint32Array.of(height * width) };
}

/**
 * The pixels of a segmentation in an image of `height` x `width`, as a COCO RLE: polygons by
 * COCO's rule (parts unioned), an empty list as an empty mask, an RLE as it is.
 *
 * @throws InvalidInputError when an RLE's size is not the image's, or a polygon is malformed.
 * @example
 * segmentationToRle([[0, 0, 4, 0, 4, 4]], 8, 8).counts; // Uint32Array
 */
export function segmentationToRle(seg: Segmentation, height: number, width: number, path = 'segmentation'): Rle {
  if (Array.isArray(seg)) return seg.length === 0 ? emptyRle(height, width) : rleFromPolygons(seg, height, width);
  if (typeof seg !== 'object' || seg === null) fail(path, 'polygons or an Rle', seg);
  if (seg.height !== height || seg.width !== width) {
    failAs(path, `an Rle of the image's size ${height}x${width} (height x width)`, `size ${seg.height}x${seg.width}`);
  }
  return seg;
}

/**
 * An annotation's pixels in its image, as a COCO RLE (see `segmentationToRle`).
 *
 * @example
 * const rle = annotationRle(ann, record.image);
 */
export function annotationRle(ann: Annotation, image: ImageInfo, path = 'annotation'): Rle {
  return segmentationToRle(ann.segmentation, image.height, image.width, `${path}.segmentation`);
}

/**
 * Area and bbox of an RLE by COCO's rule (pycocotools' `area` and `toBbox`).
 *
 * @example
 * measureRle(rleFromBbox([1, 1, 2, 3], 8, 8)); // { area: 6, bbox: [1, 1, 2, 3] }
 */
export function measureRle(rle: Rle): { area: number; bbox: Bbox } {
  return { area: rleArea(rle), bbox: rleBbox(rle) };
}
