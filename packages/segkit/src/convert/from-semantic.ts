// Semantic (one region per class) -> instances and -> panoptic: thing classes split into their
// connected components in one labelling pass over all classes; stuff classes stay one region each.
import type { Annotation, AnnotationFidelity, Category, Converted, ImageRecord } from '../dataset/model';
import { measureRle } from '../dataset/segmentation';
import { labelComponents } from '../ccl/label';
import { componentsToRle } from '../ccl/rle';
import { meetOwners, Overlaps, paintOwner } from '../labels/owners';
import type { Rle } from '../types';
import { rleMerge } from '../rle/merge';
import { rleDecode } from '../rle/codec';
import { maskToPolygons } from '../contour/polygons';
import { checkInt, checkOneOf, fail } from '../validate';
import { recordRles, stuffSet } from './paint';

/** Options of `semanticToInstances`. */
export interface SemanticToInstancesOptions {
  /** The category table: `isthing: false` classes stay one region each; others split into components. */
  categories?: Category[];
  /** Pixel connectivity of a component, 4 or 8 (default 8). */
  connectivity?: 4 | 8;
  /** Components of thing classes with fewer pixels are dropped as dust (default 0: none). */
  minArea?: number;
  /**
   * Output segmentations: `'rle'` (default) or `'polygons'`: COCO polygons along pixel edges with
   * every hole joined to its outer ring by a zero-width cut (`maskToPolygons`' `'bridge'`), so COCO's
   * polygon rule gives back exactly the same pixels.
   */
  segmentation?: 'rle' | 'polygons';
}

/**
 * Splits a semantic record into instances: each thing class's pixels into its connected
 * components (one labelling pass for all classes; components numbered in raster order of their
 * first pixel), each stuff class (`isthing: false`) kept as one region. Output ids are 1, 2, …
 * in that order (per image: write with `ids: 'renumber'` to COCO); area and bbox are measured;
 * nothing is crowd. The report says per source region whether all its pixels went to the output
 * (`'lossless'`), or how much was dropped as dust below `minArea` (`'changed'`, `'dropped'`), and
 * into which annotations it went. Segmentations are RLEs: holes are kept exactly.
 *
 * @param record - regions that do not overlap (a semantic or panoptic record).
 * @param options - `categories`, `connectivity` (8), `minArea` (0).
 * @throws InvalidInputError when regions of different classes overlap, or for a malformed option.
 * @example
 * const { record: instances, report } = semanticToInstances(semantic, { categories, minArea: 10 });
 */
export function semanticToInstances(record: ImageRecord, options: SemanticToInstancesOptions = {}): Converted {
  const o = options;
  if (typeof o !== 'object' || o === null) fail('options', 'an options object', o);
  const connectivity = o.connectivity === undefined ? 8 : checkOneOf(o.connectivity, 'options.connectivity', [4, 8] as const);
  const minArea = o.minArea === undefined ? 0 : checkInt(o.minArea, 'options.minArea');
  const asPolygons = o.segmentation === undefined ? false : checkOneOf(o.segmentation, 'options.segmentation', ['rle', 'polygons'] as const) === 'polygons';
  const { rles, areas } = recordRles(record);
  const { image, annotations } = record;
  const stuff = stuffSet(o.categories);

  // The class of every pixel (regions must not overlap unless of one class).
  const n = image.width * image.height;
  const owner = new Int32Array(n);
  const overlaps = new Overlaps(annotations.length);
  annotations.forEach((a, j) => {
    overlaps.reset();
    paintOwner(owner, rles[j], j + 1, true, overlaps);
    for (const k of overlaps.owners) {
      if (annotations[k - 1].categoryId !== a.categoryId) {
        fail(`record.annotations[${j}]`, 'regions of different classes that do not overlap (convert with instancesToSemantic first)', `${overlaps.px[k]} pixels over annotations[${k - 1}]`);
      }
    }
  });
  const cats = new Set(annotations.map((a) => a.categoryId));
  let none = -1;
  while (cats.has(none)) none--;
  const classes = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const k = owner[p];
    classes[p] = k === 0 ? none : annotations[k - 1].categoryId;
  }

  // Things: components of every thing class in one labelling pass (stuff and void as background).
  const thingClasses = new Int32Array(n);
  for (let p = 0; p < n; p++) thingClasses[p] = classes[p] === none || stuff.has(classes[p]) ? none : classes[p];
  const comps = labelComponents({ width: image.width, height: image.height, data: thingClasses }, { connectivity, background: none });
  const compRles = componentsToRle(comps);

  // Outputs: stuff regions (one per class, in record order), then components in raster order.
  const out: Annotation[] = [];
  const outOwner = new Int32Array(n); // output number + 1 per pixel; 0 void or dust
  const unused = new Overlaps(annotations.length + comps.count); // outputs never overlap
  const add = (categoryId: number, rle: Rle) => {
    paintOwner(outOwner, rle, out.length + 1, false, unused);
    out.push({ id: out.length + 1, categoryId, iscrowd: false, segmentation: rle, ...measureRle(rle) });
  };
  const stuffDone = new Set<number>();
  for (const a of annotations) {
    if (!stuff.has(a.categoryId) || stuffDone.has(a.categoryId)) continue;
    stuffDone.add(a.categoryId);
    const parts = annotations.flatMap((b, k) => (b.categoryId === a.categoryId ? [rles[k]] : []));
    add(a.categoryId, parts.length === 1 ? parts[0] : rleMerge(parts));
  }
  for (let k = 0; k < comps.count; k++) if (comps.area[k] >= minArea) add(comps.value[k], compRles[k]);

  // Polygons: components traced in one pass over the labelling, stuff regions from their masks.
  if (asPolygons) {
    const byLabel = new Map<number, number[][]>();
    for (const c of maskToPolygons(comps, { holes: 'bridge' })) byLabel.set(c.label, c.polygons);
    const nStuff = stuffDone.size;
    for (let j = 0; j < nStuff; j++) out[j].segmentation = maskToPolygons(rleDecode(out[j].segmentation as Rle), { holes: 'bridge' }).polygons;
    let j = nStuff;
    for (let k = 0; k < comps.count; k++) if (comps.area[k] >= minArea) out[j++].segmentation = byLabel.get(k + 1) ?? [];
  }

  // Report: what each source region kept, and where it went.
  const met = new Overlaps(out.length);
  const report: AnnotationFidelity[] = annotations.map((a, j) => {
    if (areas[j] === 0) return { id: a.id, status: 'dropped', iou: 0, reason: 'no pixels (box-only or empty segmentation)', to: [] };
    met.reset();
    meetOwners(outOwner, rles[j], met);
    const kept = met.total();
    const to = met.owners.map((k) => out[k - 1].id);
    if (kept === areas[j]) return { id: a.id, status: 'lossless', iou: 1, to };
    const reason = `${areas[j] - kept} px in components below minArea ${minArea}`;
    if (kept === 0) return { id: a.id, status: 'dropped', iou: 0, reason, to: [] };
    return { id: a.id, status: 'changed', iou: kept / areas[j], reason, to };
  });

  return { record: { ...record, annotations: out }, report };
}

/**
 * Semantic -> panoptic: `semanticToInstances`. Its segments never overlap, stuff is one segment
 * per class and ids are unique per image, so the record is panoptic as it is.
 *
 * @example
 * const { record: panoptic } = semanticToPanoptic(semantic, { categories, minArea: 10 });
 */
export function semanticToPanoptic(record: ImageRecord, options: SemanticToInstancesOptions = {}): Converted {
  return semanticToInstances(record, options);
}
