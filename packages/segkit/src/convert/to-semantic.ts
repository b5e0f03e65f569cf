// Instances (or panoptic segments) -> semantic: one region per class.
import type { Annotation, Converted, ImageRecord } from '../dataset/model';
import { measureRle } from '../dataset/segmentation';
import { labelMapToRles } from '../labels/rles';
import { Overlaps, paintOwner } from '../labels/owners';
import { measureKept, paintOrder, recordRles, type PaintOrder } from './paint';

/** Options of `instancesToSemantic`. */
export interface ToSemanticOptions {
  /** Paint order where annotations overlap (default `'as-given'`: later on top). */
  order?: PaintOrder;
}

/**
 * Paints a record's annotations into one region per class (semantic). Each region annotation has
 * the category id as its id, an RLE, and area and bbox measured by COCO's rule; regions come in
 * ascending category order. Where annotations of different classes overlap, the paint order
 * decides; the report says, per source annotation, whether all its pixels kept its class
 * (`'lossless'`), what fraction did (`'changed'`, naming what covered it) or none (`'dropped'`).
 * Overlaps within one class lose nothing at the class level.
 *
 * @param record - instances (polygons or RLE) or panoptic segments.
 * @param options - `order`: `'as-given'` (default), `'area-desc'` or `'z-order'` (`attributes.z_order`).
 * @returns the semantic record and one AnnotationFidelity per source annotation.
 * @throws InvalidInputError for a malformed record or option.
 * @example
 * const { record: semantic, report } = instancesToSemantic(record, { order: 'area-desc' });
 */
export function instancesToSemantic(record: ImageRecord, options: ToSemanticOptions = {}): Converted {
  const { rles, areas } = recordRles(record);
  const { image, annotations } = record;
  const order = paintOrder(annotations, areas, options.order ?? 'as-given');
  const owner = new Int32Array(image.width * image.height);
  const overlaps = new Overlaps(annotations.length);
  for (const j of order) {
    overlaps.reset();
    paintOwner(owner, rles[j], j + 1, true, overlaps);
  }
  const cat = (o: number) => annotations[o - 1].categoryId;
  const report = measureKept(
    annotations, rles, areas, owner,
    (j, o) => cat(o) === annotations[j].categoryId,
    (j) => annotations[j].categoryId,
    (o) => `annotations[${o - 1}] (id ${JSON.stringify(annotations[o - 1].id)}, category ${cat(o)})`,
  );
  return { record: { ...record, annotations: classRegions(owner, annotations, image.width, image.height) }, report };
}

/** One region annotation per class from an owner map (owners are 1-based annotation numbers). */
function classRegions(owner: Int32Array, annotations: Annotation[], width: number, height: number): Annotation[] {
  const cats = new Set(annotations.map((a) => a.categoryId));
  let none = -1;
  while (cats.has(none)) none--;
  const classes = new Int32Array(owner.length);
  for (let p = 0; p < owner.length; p++) classes[p] = owner[p] === 0 ? none : annotations[owner[p] - 1].categoryId;
  const { values, rles } = labelMapToRles({ width, height, data: classes }, { ignore: [none] });
  return values.map((c, i) => ({ id: c, categoryId: c, iscrowd: false, segmentation: rles[i], ...measureRle(rles[i]) }));
}
