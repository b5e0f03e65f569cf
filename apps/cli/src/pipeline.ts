// What happens to one image between reading and writing: the kind conversion (instances <->
// semantic <-> panoptic), the segmentation encoding, and COCO's area/bbox rule. Pure and
// structured-clone friendly (plan in, record and report out), so it runs the same in the main
// thread (-j 1) and in worker threads.
import {
  annotationRle, instancesToPanoptic, instancesToSemantic, isRle, measureRle, panopticToInstances, panopticToSemantic,
  rleDecode, semanticToInstances, semanticToPanoptic, segmentationToRle, toPolygons, toRle, traceContours,
  type AnnotationFidelity, type Category, type Rle, type DatasetKind, type ImageRecord, type OverlapPolicy, type PaintOrder,
} from 'segkit';

/** Everything a worker needs to process records (plain data). */
export interface Plan {
  from: DatasetKind;
  to: DatasetKind;
  categories: Category[];
  /** instances -> semantic paint order. */
  order: PaintOrder;
  /** instances -> panoptic overlap policy. */
  overlap: OverlapPolicy;
  /** panoptic -> instances: keep stuff or not. */
  include: 'all' | 'things';
  /** semantic -> instances/panoptic. */
  connectivity: 4 | 8;
  minArea: number;
  /** Output segmentation: as produced, RLE, or pixel-edge polygons. */
  segmentation: 'keep' | 'rle' | 'polygons';
  holes: 'bridge' | 'drop';
  tolerance: number;
  /** Area and bbox measured by COCO's rule (COCO writers), else kept. */
  measure: boolean;
}

/** The result of processing one record. */
export interface Processed {
  record: ImageRecord;
  report: AnnotationFidelity[];
  /** Annotations whose stored area or bbox differed from the pixels. */
  recomputed: number;
}

/** Converts one record as the plan says. */
export function processRecord(plan: Plan, input: ImageRecord): Processed {
  let { record, report } = convertKind(plan, input);
  if (plan.segmentation === 'rle') {
    const step = toRle(record);
    record = step.record;
    report = compose(report, step.report);
  } else if (plan.segmentation === 'polygons' && !(plan.from === 'semantic' && plan.to !== 'semantic')) {
    // (semantic -> instances/panoptic traced its polygons already)
    const step = toPolygons(record, { holes: plan.holes, tolerance: plan.tolerance });
    record = step.record;
    report = compose(report, step.report);
  }
  const recomputed = plan.measure ? measure(record) : 0;
  return { record, report, recomputed };
}

function convertKind(plan: Plan, r: ImageRecord): { record: ImageRecord; report: AnnotationFidelity[] } {
  const { from, to, categories } = plan;
  const semantic = { categories, connectivity: plan.connectivity, minArea: plan.minArea, segmentation: plan.segmentation === 'polygons' ? 'polygons' as const : 'rle' as const };
  if (from === to) return { record: r, report: r.annotations.map((a) => ({ id: a.id, status: 'lossless', iou: 1, to: [a.id] })) };
  if (from === 'instances') return to === 'semantic' ? instancesToSemantic(r, { order: plan.order }) : instancesToPanoptic(r, { categories, overlap: plan.overlap });
  if (from === 'panoptic') return to === 'instances' ? panopticToInstances(r, { categories, include: plan.include }) : panopticToSemantic(r);
  return to === 'instances' ? semanticToInstances(r, semantic) : semanticToPanoptic(r, semantic);
}

/**
 * The report of two steps: a source annotation is lossless when every output of the first step
 * came through the second losslessly, dropped when none survived; its IoU is the smaller of the
 * two steps' (a bound: the second step's losses may fall inside the first's).
 */
function compose(first: AnnotationFidelity[], second: AnnotationFidelity[]): AnnotationFidelity[] {
  const byId = new Map(second.map((f) => [f.id, f]));
  return first.map((f) => {
    if (f.status === 'dropped') return f;
    const next = f.to.map((id) => byId.get(id)).filter((x): x is AnnotationFidelity => x !== undefined);
    if (next.every((n) => n.status === 'lossless')) return f;
    const kept = next.filter((n) => n.status !== 'dropped');
    if (kept.length === 0) return { ...f, status: 'dropped', iou: 0, to: [], reason: next[0].reason };
    const iou = Math.min(f.iou, ...kept.map((n) => n.iou));
    return { ...f, status: 'changed', iou, to: kept.flatMap((n) => n.to), reason: next.find((n) => n.reason)?.reason ?? f.reason };
  });
}

/**
 * Sets area and bbox by COCO's rule, as the COCO writer's `areaBbox: 'recompute'` does (box-only
 * annotations and images of unknown size keep theirs); returns how many differed.
 */
function measure(record: ImageRecord): number {
  const { image } = record;
  if (!(image.width > 0 && image.height > 0)) return 0;
  let changed = 0;
  record.annotations.forEach((a, j) => {
    const seg = a.segmentation;
    if (Array.isArray(seg) && seg.length === 0) return;
    const m = measureRle(isRle(seg) ? seg : segmentationToRle(seg, image.height, image.width, `annotations[${j}].segmentation`));
    if (m.area !== a.area || m.bbox.some((v, i) => v !== a.bbox[i])) changed++;
    a.area = m.area;
    a.bbox = m.bbox;
  });
  return changed;
}

/** Per-record statistics for `segkit info`. */
export interface RecordStats {
  annotations: number;
  perCategory: [number, number][];
  areas: number[];
  /** Objects with more than one connected part, objects with holes, and the hole count. */
  multiPart: number;
  withHoles: number;
  holes: number;
  crowd: number;
}

/** Counts, areas, parts and holes of one record's objects (8-connected parts, their holes). */
export function recordStats(record: ImageRecord): RecordStats {
  const per = new Map<number, number>();
  const s: RecordStats = { annotations: record.annotations.length, perCategory: [], areas: [], multiPart: 0, withHoles: 0, holes: 0, crowd: 0 };
  record.annotations.forEach((a, j) => {
    per.set(a.categoryId, (per.get(a.categoryId) ?? 0) + 1);
    if (a.iscrowd) s.crowd++;
    const seg = a.segmentation;
    const { width, height } = record.image;
    if ((Array.isArray(seg) && seg.length === 0) || !(width > 0 && height > 0)) {
      s.areas.push(a.area);
      return;
    }
    const rle = annotationRle(a, record.image, `annotations[${j}]`);
    s.areas.push(measureRle(rle).area);
    const { parts, holes } = traceParts(rle);
    if (parts > 1) s.multiPart++;
    if (holes > 0) s.withHoles++;
    s.holes += holes;
  });
  s.perCategory = [...per];
  return s;
}

/** Outer borders (parts) and hole borders of an RLE's pixels, 8-connected. */
function traceParts(rle: Rle): { parts: number; holes: number } {
  const c = traceContours(rleDecode(rle), { mode: 'ccomp' });
  let parts = 0;
  for (let k = 0; k < c.count; k++) if (c.hierarchy[4 * k + 3] < 0) parts++;
  return { parts, holes: c.count - parts };
}
