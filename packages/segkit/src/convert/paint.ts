// What the conversions share: paint orders, painting annotations into an owner map, and measuring
// afterwards what each source annotation kept, as an AnnotationFidelity entry.
import { InvalidInputError } from '../errors';
import type { Annotation, Category, AnnotationFidelity, Id, ImageRecord } from '../dataset/model';
import { annotationRle } from '../dataset/segmentation';
import { checkRecord } from '../dataset/check';
import { rleArea } from '../rle/measure';
import { meetOwners, Overlaps } from '../labels/owners';
import type { Rle } from '../types';
import { fail } from '../validate';

/**
 * Paint order (later painted over earlier):
 * - `'as-given'`: the record's order (LabelMe, labelme2voc: later shapes on top);
 * - `'area-desc'`: larger first, so smaller objects stay visible;
 * - `'z-order'`: by the numeric `attributes.z_order` (CVAT's field; absent = 0), ties as given.
 */
export type PaintOrder = 'as-given' | 'area-desc' | 'z-order';

/** Annotation numbers in paint order (stable). */
export function paintOrder(annotations: Annotation[], areas: number[], order: PaintOrder, path = 'options.order'): number[] {
  const idx = annotations.map((_, j) => j);
  if (order === 'as-given') return idx;
  if (order === 'area-desc') return idx.sort((a, b) => areas[b] - areas[a] || a - b);
  if (order === 'z-order') {
    const z = annotations.map((a) => {
      const v = a.attributes?.z_order;
      return typeof v === 'number' && Number.isFinite(v) ? v : 0;
    });
    return idx.sort((a, b) => z[a] - z[b] || a - b);
  }
  fail(path, "'as-given', 'area-desc' or 'z-order'", order);
}

/** A record's annotations as RLEs and areas (checked first). */
export function recordRles(record: ImageRecord, path = 'record'): { rles: Rle[]; areas: number[] } {
  checkRecord(record, path);
  const rles = record.annotations.map((a, j) => annotationRle(a, record.image, `${path}.annotations[${j}]`));
  return { rles, areas: rles.map(rleArea) };
}

/** The thing/stuff table of categories (stuff only when `isthing` is false). */
export function stuffSet(categories: Category[] | undefined): Set<number> {
  return new Set((categories ?? []).filter((c) => c.isthing === false).map((c) => c.id));
}

/**
 * The fidelity of each source annotation after painting: annotation j is represented in the output by
 * its pixels whose final owner `o` has `keeps(j, o)`; its pixels lost to other owners are named
 * in the reason (via `describeOwner`).
 */
export function measureKept(
  annotations: Annotation[],
  rles: Rle[],
  areas: number[],
  owner: Int32Array,
  keeps: (j: number, o: number) => boolean,
  target: (j: number) => Id,
  describeOwner: (o: number) => string,
  dropped: (string | undefined)[] = [],
): AnnotationFidelity[] {
  const overlaps = new Overlaps(Math.max(annotations.length, maxOwner(owner)));
  return annotations.map((a, j): AnnotationFidelity => {
    if (dropped[j] !== undefined) return { id: a.id, status: 'dropped', iou: 0, reason: dropped[j], to: [] };
    if (areas[j] === 0) return { id: a.id, status: 'dropped', iou: 0, reason: 'no pixels (box-only or empty segmentation)', to: [] };
    overlaps.reset();
    meetOwners(owner, rles[j], overlaps);
    let kept = 0;
    const lost: string[] = [];
    for (const o of overlaps.owners) {
      if (keeps(j, o)) kept += overlaps.px[o];
      else lost.push(`${overlaps.px[o]} px under ${describeOwner(o)}`);
    }
    const free = areas[j] - overlaps.total(); // pixels left unowned (never, when j was painted)
    if (free > 0) lost.push(`${free} px unpainted`);
    if (kept === areas[j]) return { id: a.id, status: 'lossless', iou: 1, to: [target(j)] };
    if (kept === 0) return { id: a.id, status: 'dropped', iou: 0, reason: `covered: ${lost.join(', ')}`, to: [] };
    return { id: a.id, status: 'changed', iou: kept / areas[j], reason: `overlap: ${lost.join(', ')}`, to: [target(j)] };
  });
}

function maxOwner(owner: Int32Array): number {
  let m = 0;
  for (let p = 0; p < owner.length; p++) if (owner[p] > m) m = owner[p];
  return m;
}

/** The refusal of the 'fail' overlap policy. */
export function overlapError(path: string, j: number, k: number, px: number, annotations: Annotation[]): never {
  throw new InvalidInputError(
    `${path}.annotations[${j}]`,
    "annotations that do not overlap (overlap: 'fail'; choose 'skip', 'z-order' or 'area' to resolve overlaps)",
    `${px} pixels over annotations[${k}] (id ${JSON.stringify(annotations[k].id)})`,
  );
}
