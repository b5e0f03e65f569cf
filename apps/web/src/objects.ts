// The objects of one image as the page shows them: each annotation's pixels (COCO's rule for
// polygons), its measures and RLE string, a map of which object is on top at each pixel, and its
// contours traced either way.
import {
  annotationRle, rleArea, rleBbox, rleDecode, rleToString, traceContours,
  type Annotation, type Bbox, type Category, type ImageRecord, type Mask, type Rle,
} from 'segkit';
import { categoryColor } from './colors';

/** How contours are traced: through pixel centres (OpenCV's vertices) or along pixel edges (lossless). */
export type Tracing = 'center' | 'edge';

/** One annotation, measured. */
export interface SceneObject {
  annotation: Annotation;
  className: string;
  color: [number, number, number];
  rle: Rle;
  mask: Mask;
  /** Pixel count by COCO's rule (`rleArea`). */
  area: number;
  bbox: Bbox;
  /** The compressed COCO counts string (`rleToString`). */
  rleString: string;
}

/** Rings of one object: flat x, y vertex lists. */
export type Rings = Int32Array[];

/** Every annotation of `record` as a SceneObject, in file order. */
export function sceneObjects(record: ImageRecord, categories: readonly Category[]): SceneObject[] {
  return record.annotations.map((a, j) => {
    const rle = annotationRle(a, record.image, `annotations[${j}]`);
    const category = categories.find((c) => c.id === a.categoryId);
    return {
      annotation: a,
      className: category?.name ?? `class ${a.categoryId}`,
      color: categoryColor(a.categoryId, categories),
      rle,
      mask: rleDecode(rle),
      area: rleArea(rle),
      bbox: rleBbox(rle),
      rleString: rleToString(rle),
    };
  });
}

/**
 * Which object shows at each pixel: 1 + its index, 0 for none; later objects lie on top (they
 * are drawn later), so hovering names the object one sees.
 */
export function ownerMap(objects: readonly SceneObject[], width: number, height: number): Int32Array {
  const owner = new Int32Array(width * height);
  objects.forEach((o, j) => {
    const d = o.mask.data;
    for (let p = 0; p < d.length; p++) if (d[p]) owner[p] = j + 1;
  });
  return owner;
}

/** The contours of an object's pixels (outer borders and holes) traced by `tracing`. */
export function objectRings(object: SceneObject, tracing: Tracing): Rings {
  const c = traceContours(object.mask, { coords: tracing });
  const rings: Rings = [];
  for (let i = 0; i < c.count; i++) rings.push(c.points.slice(2 * c.offsets[i], 2 * c.offsets[i + 1]));
  return rings;
}
