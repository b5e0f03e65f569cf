// Panoptic -> instances and -> semantic.
import type { Annotation, Category, Converted, AnnotationFidelity, ImageRecord } from '../dataset/model';
import { fail } from '../validate';
import { recordRles, stuffSet } from './paint';
import { instancesToSemantic } from './to-semantic';

/** Options of `panopticToInstances`. */
export interface PanopticToInstancesOptions {
  /** The category table (needed for `include: 'things'`). */
  categories?: Category[];
  /** `'all'` (default): every segment, as panopticapi's converter; `'things'`: stuff segments left out. */
  include?: 'all' | 'things';
}

/**
 * Panoptic segments as instance annotations (RLE, as panopticapi's `panoptic2detection`): ids,
 * categories, iscrowd, areas, bboxes and attributes kept. Lossless; with `include: 'things'` the
 * stuff segments are reported as dropped.
 *
 * @example
 * const { record: instances } = panopticToInstances(panopticRecord);
 */
export function panopticToInstances(record: ImageRecord, options: PanopticToInstancesOptions = {}): Converted {
  const include = options.include ?? 'all';
  if (include !== 'all' && include !== 'things') fail('options.include', "'all' or 'things'", include);
  const { rles } = recordRles(record);
  const stuff = include === 'things' ? stuffSet(options.categories) : new Set<number>();
  const report: AnnotationFidelity[] = [];
  const annotations: Annotation[] = [];
  record.annotations.forEach((a, j) => {
    if (stuff.has(a.categoryId)) {
      report.push({ id: a.id, status: 'dropped', iou: 0, reason: `stuff category ${a.categoryId} (include: 'things')`, to: [] });
      return;
    }
    report.push({ id: a.id, status: 'lossless', iou: 1, to: [a.id] });
    annotations.push({ ...a, segmentation: rles[j] });
  });
  return { record: { ...record, annotations }, report };
}

/**
 * Panoptic segments as one region per class (see `instancesToSemantic`); lossless at the class
 * level since segments do not overlap (overlaps, if any, are reported).
 *
 * @example
 * const { record: semantic, report } = panopticToSemantic(panopticRecord);
 */
export function panopticToSemantic(record: ImageRecord): Converted {
  return instancesToSemantic(record, { order: 'as-given' });
}
