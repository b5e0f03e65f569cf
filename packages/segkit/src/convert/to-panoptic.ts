// Instances (+ stuff regions) -> panoptic: non-overlapping segments, stuff one segment per class.
import type { Annotation, Category, Converted, AnnotationFidelity, ImageRecord } from '../dataset/model';
import { measureRle } from '../dataset/segmentation';
import { labelMapToRles } from '../labels/rles';
import { meetOwners, Overlaps, paintOwner } from '../labels/owners';
import { rleMerge } from '../rle/merge';
import { rleArea } from '../rle/measure';
import type { Rle } from '../types';
import { fail } from '../validate';
import { measureKept, overlapError, paintOrder, recordRles, stuffSet } from './paint';

/**
 * What to do where annotations overlap:
 * - `'fail'`: refuse (panopticapi's converter does the same);
 * - `'skip'`: leave out every annotation that overlaps one placed before it (in record order);
 * - `'z-order'`: later on top, by `attributes.z_order` then record order;
 * - `'area'`: smaller on top (larger segments lose the shared pixels).
 */
export type OverlapPolicy = 'fail' | 'skip' | 'z-order' | 'area';

/** Options of `instancesToPanoptic`. */
export interface ToPanopticOptions {
  /** The category table: categories with `isthing: false` are stuff (merged to one segment per class). */
  categories?: Category[];
  /** Overlap policy (default `'fail'`). */
  overlap?: OverlapPolicy;
}

/**
 * Makes a record panoptic: segments that do not overlap, each pixel in at most one. Things keep
 * one segment per annotation (id, category, iscrowd and attributes kept); stuff annotations
 * (category `isthing: false`) merge into one segment per class (the first one's id). Segments
 * come in record order, with RLE, area and bbox measured. The report says per source annotation
 * what it kept: `'lossless'`, `'changed'` (IoU, and which segments took its pixels) or
 * `'dropped'` (skipped for an overlap, fully covered, or empty).
 *
 * @param record - instances (polygons or RLE) and stuff regions.
 * @param options - `categories`, `overlap` (`'fail'` default, `'skip'`, `'z-order'`, `'area'`).
 * @throws InvalidInputError for overlaps under `'fail'` (naming both annotations), a malformed
 *   record or option.
 * @example
 * const { record: panoptic, report } = instancesToPanoptic(record, { categories, overlap: 'area' });
 */
export function instancesToPanoptic(record: ImageRecord, options: ToPanopticOptions = {}): Converted {
  const policy = options.overlap ?? 'fail';
  if (!['fail', 'skip', 'z-order', 'area'].includes(policy)) fail('options.overlap', "'fail', 'skip', 'z-order' or 'area'", policy);
  const { rles, areas } = recordRles(record);
  const { image, annotations } = record;
  const stuff = stuffSet(options.categories);

  // Segments: one per thing annotation, one per stuff class (the union of its annotations).
  const unitOf: number[] = [];
  const units: { members: number[]; rle: Rle }[] = [];
  const stuffUnit = new Map<number, number>();
  annotations.forEach((a, j) => {
    const s = stuff.has(a.categoryId) ? stuffUnit.get(a.categoryId) : undefined;
    if (s !== undefined) {
      units[s].members.push(j);
      unitOf.push(s);
      return;
    }
    if (stuff.has(a.categoryId)) stuffUnit.set(a.categoryId, units.length);
    unitOf.push(units.length);
    units.push({ members: [j], rle: rles[j] });
  });
  for (const u of units) if (u.members.length > 1) u.rle = rleMerge(u.members.map((j) => rles[j]));
  const unitAreas = units.map((u) => (u.members.length > 1 ? rleArea(u.rle) : areas[u.members[0]]));

  // Paint by the policy.
  const owner = new Int32Array(image.width * image.height);
  const overlaps = new Overlaps(units.length);
  const dropped: (string | undefined)[] = new Array(annotations.length).fill(undefined);
  const unitIds = units.map((u) => annotations[u.members[0]].id);
  const order =
    policy === 'area' ? paintOrder(units.map((u) => annotations[u.members[0]]), unitAreas, 'area-desc')
    : policy === 'z-order' ? paintOrder(units.map((u) => annotations[u.members[0]]), unitAreas, 'z-order')
    : units.map((_, u) => u);
  for (const u of order) {
    overlaps.reset();
    if (policy === 'skip') {
      meetOwners(owner, units[u].rle, overlaps);
      if (overlaps.owners.length) {
        const o = overlaps.owners[0];
        const why = `skipped: overlaps annotation ${JSON.stringify(unitIds[o - 1])} by ${overlaps.px[o]} px`;
        for (const j of units[u].members) dropped[j] = why;
        continue;
      }
    }
    paintOwner(owner, units[u].rle, u + 1, policy !== 'fail', overlaps);
    if (policy === 'fail' && overlaps.owners.length) {
      const o = overlaps.owners[0];
      overlapError('record', units[u].members[0], units[o - 1].members[0], overlaps.px[o], annotations);
    }
  }

  const report: AnnotationFidelity[] = measureKept(
    annotations, rles, areas, owner,
    (j, o) => o === unitOf[j] + 1,
    (j) => unitIds[unitOf[j]],
    (o) => `segment ${JSON.stringify(unitIds[o - 1])}`,
    dropped,
  );
  const { values, rles: segRles } = labelMapToRles({ width: image.width, height: image.height, data: owner }, { ignore: [0] });
  const segOf = new Map(values.map((v, i) => [v, segRles[i]]));
  const out: Annotation[] = [];
  units.forEach((u, k) => {
    const rle = segOf.get(k + 1);
    if (!rle) return;
    const first = annotations[u.members[0]];
    const seg: Annotation = { ...first, iscrowd: stuff.has(first.categoryId) ? false : first.iscrowd, segmentation: rle, ...measureRle(rle) };
    out.push(seg);
  });
  return { record: { ...record, annotations: out }, report };
}
