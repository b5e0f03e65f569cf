// Dataset validation: what is wrong with records as a training pipeline would meet it, each
// finding with a code, a severity, the file and JSON path (or line), and a message; in fix mode
// the safely repairable findings are repaired and each says how. Codes:
//
//   E_POLYGON_BOX        a polygon of exactly 4 numbers (pycocotools reads it as a box)   drop the part
//   E_POLYGON_POINTS     a polygon of fewer than 3 points                                  drop the part
//   E_POLYGON_ODD        an odd number of coordinates                                      drop the last one
//   E_NONFINITE          a coordinate that is NaN or infinite                               drop the vertex
//   W_OUT_OF_IMAGE       a vertex outside [0, width] x [0, height]                          clip to the image
//   W_SELF_INTERSECTION  two edges of a polygon cross                                       RLE of its pixels
//   W_AREA, W_BBOX       stored area / bbox not what the pixels give (COCO's rule)          recompute
//   E_RLE_SIZE_ORDER     RLE size [width, height] instead of [height, width]               swap
//   E_RLE_SIZE           RLE size not the image's                                          -
//   E_RLE_COUNTS         RLE counts that do not add up to height * width                   -
//   E_SEGMENTATION       neither polygons nor an RLE                                        -
//   E_DUPLICATE_ID       an annotation id used twice (per dataset; per image in panoptic)   renumber
//   E_DUPLICATE_IMAGE_ID an image id used twice                                             renumber
//   E_ID_SCHEME          an id the declared scheme does not allow (COCO: integers >= 1)      renumber
//   E_CROWD              iscrowd not 0/1/boolean; W_CROWD_POLYGON crowd as polygons;         coerce; RLE;
//                        W_CROWD_STUFF crowd on a stuff category (panoptic)                 clear the flag
//   E_CATEGORY           a category id not in the table                                     -
//   E_PANOPTIC_OVERLAP   two segments of a panoptic image share pixels                      -
//   E_YOLO_MIXED         a YOLO file with box rows and polygon rows                          boxes -> rectangles
//   W_EMPTY              an annotation without pixels (not a box-only one)                  drop it
//
// "Safely repairable" means the repair follows from the data alone: pixels are kept where the
// rule is clear (RLE of a crossing polygon, recomputed area), and what cannot be known (which of
// two overlapping segments owns a pixel, what a missing category is) is only reported.
import type { Annotation, Category, DatasetKind, Finding, Id, ImageInfo, ImageRecord } from '../dataset/model';
import { isRle, measureRle } from '../dataset/segmentation';
import { Overlaps, paintOwner } from '../labels/owners';
import { rleArea } from '../rle/measure';
import { rleFromPolygons } from '../rle/polygon';
import type { Bbox, Rle } from '../types';
import { checkArray, checkFinite, fail, checkOneOf } from '../validate';
import { originOf } from '../formats/origin';
import { optionsObject } from '../formats/options';
import { clipRing, outside, selfCrossing } from './polygons';

/** A finding; in fix mode, `fixed` says how it was repaired (absent: not repaired). */
export interface ValidationFinding extends Finding {
  fixed?: string;
}

/** Options of `validate` and `validateRecords`. */
export interface ValidateOptions {
  /** What the records are (default `'instances'`); `'panoptic'` adds overlap and per-image id checks. */
  kind?: DatasetKind;
  /**
   * The declared id scheme: `'unique'` (default: image ids unique, annotation ids unique over the
   * dataset, or per image for panoptic), `'coco'` (also: every id an integer >= 1, so 0-based and
   * string ids are findings), `'any'` (no id checks).
   */
  ids?: 'coco' | 'unique' | 'any';
  /** Check YOLO rules (a file mixing boxes and polygons): `'yolo-seg'`; default: for records read from YOLO files. */
  format?: 'yolo-seg';
  /** Repair what is safely repairable (default false). */
  fix?: boolean;
  /** Stored area may differ from the pixel area by this fraction (default 0); bbox by `bbox` pixels (default 0). */
  tolerance?: { area?: number; bbox?: number };
  /** The file the records came from, for findings that have no file of their own (default `''`). */
  file?: string;
}

/** What `validate` returns. */
export interface ValidationResult {
  findings: ValidationFinding[];
  /** The records: repaired copies in fix mode, else the input records. */
  records: ImageRecord[];
  /** Counts: images, annotations, findings by severity, repaired findings. */
  summary: { images: number; annotations: number; errors: number; warnings: number; infos: number; fixed: number };
}

interface Setup {
  kind: DatasetKind;
  ids: 'coco' | 'unique' | 'any';
  yolo: boolean;
  fix: boolean;
  areaTol: number;
  bboxTol: number;
  file: string;
  cats: Map<number, Category>;
}

/**
 * Checks records for the problems listed in the file header, and with `fix: true` repairs the
 * safely repairable ones (each finding then says how). Records are not changed in place.
 *
 * @param records - an array, iterable or async iterable of ImageRecords (e.g. `dataset.records`).
 * @param categories - the category table.
 * @param options - `kind`, `ids`, `format`, `fix`, `tolerance`, `file`.
 * @returns the findings, the (repaired) records and a summary.
 * @throws InvalidInputError for bad options (never for bad records: those are findings).
 * @example
 * const { findings, records } = await validate(dataset.records, dataset.header.categories, { fix: true });
 * for (const f of findings) console.log(`${f.severity} ${f.code} ${f.file} ${f.location}: ${f.message}${f.fixed ? ` (fixed: ${f.fixed})` : ''}`);
 */
export async function validate(
  records: Iterable<ImageRecord> | AsyncIterable<ImageRecord>,
  categories: Category[],
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  // the result holds every record anyway: collect them first, so that renumbered ids start
  // above every id of the dataset (and never collide with an id further on)
  const list: ImageRecord[] = [];
  for await (const r of records as AsyncIterable<ImageRecord>) list.push(r);
  const firstFree = { images: 1, annotations: 1 };
  for (const r of list) {
    if (typeof r?.image?.id === 'number') firstFree.images = Math.max(firstFree.images, Math.floor(r.image.id) + 1);
    for (const a of r?.annotations ?? []) if (typeof a?.id === 'number') firstFree.annotations = Math.max(firstFree.annotations, Math.floor(a.id) + 1);
  }
  const findings: ValidationFinding[] = [];
  const out: ImageRecord[] = [];
  let annotations = 0;
  for await (const { record, findings: f } of validateRecords(list, categories, options, firstFree)) {
    out.push(record);
    annotations += record.annotations.length;
    findings.push(...f);
  }
  const count = (sev: Finding['severity']) => findings.filter((f) => f.severity === sev).length;
  return {
    findings,
    records: out,
    summary: { images: out.length, annotations, errors: count('error'), warnings: count('warning'), infos: count('info'), fixed: findings.filter((f) => f.fixed).length },
  };
}

/** Ids in use, and fresh ones above every id seen. */
class IdPool {
  private readonly used = new Set<string>();
  constructor(private next = 1) {}
  /** Notes an id; false when it was already used. */
  add(id: Id): boolean {
    if (typeof id === 'number' && Number.isFinite(id) && id >= this.next) this.next = Math.floor(id) + 1;
    const k = typeof id === 'number' ? `n:${id}` : `s:${id}`;
    if (this.used.has(k)) return false;
    this.used.add(k);
    return true;
  }
  /** A new integer id, never used before. */
  fresh(): number {
    while (this.used.has(`n:${this.next}`)) this.next++;
    this.used.add(`n:${this.next}`);
    return this.next++;
  }
}

/**
 * `validate` one record at a time, for datasets that do not fit in memory: yields each record
 * (repaired in fix mode) with its findings. Dataset-wide checks (duplicate ids) remember the ids
 * seen so far; renumbered ids start above the largest id seen so far.
 *
 * @param records - an iterable or async iterable of ImageRecords.
 * @param categories - the category table.
 * @param options - as `validate`.
 * @param firstFree - the smallest image and annotation ids renumbering may use (default: above
 *   every id seen so far; `validate` passes the maximum of an array's ids + 1).
 * @throws InvalidInputError for bad options.
 * @example
 * for await (const { record, findings } of validateRecords(ds.records, ds.header.categories, { fix: true })) await writer.add(record);
 */
export async function* validateRecords(
  records: Iterable<ImageRecord> | AsyncIterable<ImageRecord>,
  categories: Category[],
  options: ValidateOptions = {},
  firstFree?: { images: number; annotations: number },
): AsyncGenerator<{ record: ImageRecord; findings: ValidationFinding[] }> {
  const s = setup(categories, options);
  const imageIds = new IdPool(firstFree?.images);
  const annIds = new IdPool(firstFree?.annotations);
  let i = 0;
  for await (const input of records as AsyncIterable<ImageRecord>) {
    const path = `records[${i++}]`;
    const findings: ValidationFinding[] = [];
    const record = checkRecord(input, path, s, findings);
    if (s.ids !== 'any') {
      const file = recordFile(record, s);
      const img = record.image;
      const bad = s.ids === 'coco' && !cocoId(img.id);
      if (bad || !imageIds.add(img.id)) {
        const f = finding(findings, bad ? 'E_ID_SCHEME' : 'E_DUPLICATE_IMAGE_ID', 'error', file, `${path}.image.id`,
          bad ? `image id ${JSON.stringify(img.id)} is not an integer >= 1 (COCO ids)` : `image id ${JSON.stringify(img.id)} is used by an earlier image`);
        if (s.fix) {
          img.id = imageIds.fresh();
          f.fixed = `renumbered to ${img.id}`;
        }
      }
      // annotation ids: over the dataset, or per image for panoptic segments
      const pool = s.kind === 'panoptic' ? new IdPool() : annIds;
      record.annotations.forEach((a, j) => {
        if (typeof a !== 'object' || a === null) return;
        const badId = s.ids === 'coco' && !cocoId(a.id);
        if (!badId && pool.add(a.id)) return;
        const where = locate(a, file, `${path}.annotations[${j}]`);
        const code = badId ? 'E_ID_SCHEME' : s.kind === 'panoptic' ? 'E_DUPLICATE_SEGMENT_ID' : 'E_DUPLICATE_ID';
        const f = finding(findings, code, 'error', where.file, `${where.location}.id`,
          badId ? `annotation id ${JSON.stringify(a.id)} is not an integer >= 1 (COCO ids)` : `annotation id ${JSON.stringify(a.id)} is used by an earlier ${s.kind === 'panoptic' ? 'segment of this image' : 'annotation'}`);
        if (s.fix) {
          a.id = pool.fresh();
          f.fixed = `renumbered to ${a.id}`;
        }
      });
    }
    yield { record, findings };
  }
}

function setup(categories: Category[], options: ValidateOptions): Setup {
  const o = optionsObject(options);
  const cats = new Map<number, Category>();
  checkArray(categories, 'categories', 'Category').forEach((c, i) => {
    if (typeof c !== 'object' || c === null || !Number.isInteger((c as Category).id)) fail(`categories[${i}]`, 'a Category {id, name}', c);
    cats.set((c as Category).id, c as Category);
  });
  const tol = o.tolerance ?? {};
  const areaTol = tol.area === undefined ? 0 : checkFinite(tol.area, 'options.tolerance.area');
  const bboxTol = tol.bbox === undefined ? 0 : checkFinite(tol.bbox, 'options.tolerance.bbox');
  return {
    kind: checkOneOf(o.kind, 'options.kind', ['instances', 'panoptic', 'semantic'] as const, 'instances'),
    ids: checkOneOf(o.ids, 'options.ids', ['coco', 'unique', 'any'] as const, 'unique'),
    yolo: o.format !== undefined && checkOneOf(o.format, 'options.format', ['yolo-seg'] as const, 'yolo-seg') === 'yolo-seg',
    fix: o.fix === true,
    areaTol,
    bboxTol,
    file: typeof o.file === 'string' ? o.file : '',
    cats,
  };
}

const cocoId = (id: unknown) => typeof id === 'number' && Number.isSafeInteger(id) && id >= 1;

function finding(list: ValidationFinding[], code: string, severity: Finding['severity'], file: string, location: string, message: string): ValidationFinding {
  const f: ValidationFinding = { code, severity, file, location, message };
  list.push(f);
  return f;
}

/** The file a record's findings name: its own label file, else the dataset's. */
function recordFile(record: ImageRecord, s: Setup): string {
  const files = record.files ? Object.values(record.files) : [];
  return files.length ? files[0] : s.file;
}

/** Where an annotation is: where its reader found it, else its place in the records. */
function locate(a: Annotation, file: string, path: string): { file: string; location: string } {
  return originOf(a) ?? { file, location: path };
}

/** One record's own checks (everything but dataset-wide ids); returns the record to go on with. */
function checkRecord(input: ImageRecord, path: string, s: Setup, findings: ValidationFinding[]): ImageRecord {
  const image: ImageInfo = { ...(input?.image ?? { id: '', fileName: '', width: 0, height: 0 }) };
  const record: ImageRecord = { ...input, image, annotations: [] };
  const file = recordFile(input, s);
  const W = image.width, H = image.height;
  const known = Number.isInteger(W) && Number.isInteger(H) && W > 0 && H > 0;
  if (!known) finding(findings, 'I_IMAGE_SIZE', 'info', file, `${path}.image`, `image size ${W}x${H} is not known: pixel checks are skipped`);
  const list = Array.isArray(input?.annotations) ? input.annotations : [];
  const mixed = (s.yolo || record.files?.labels !== undefined) && checkYoloRows(list, file, path, s, findings);
  const rles: (Rle | undefined)[] = [];
  list.forEach((raw, j) => {
    const a = checkAnnotation(raw, image, known, locate(raw, file, `${path}.annotations[${j}]`), s, findings, mixed);
    if (a) {
      record.annotations.push(s.fix ? a.ann : raw);
      rles.push(a.rle);
    }
  });
  if (s.kind === 'panoptic' && known) checkOverlaps(record.annotations, rles, file, path, findings);
  return s.fix ? record : { ...input, annotations: list };
}

/** YOLO: a file should hold either box rows or polygon rows. Returns whether it mixes them. */
function checkYoloRows(list: Annotation[], file: string, path: string, s: Setup, findings: ValidationFinding[]): boolean {
  const isBox = (a: Annotation) => Array.isArray(a?.segmentation) && a.segmentation.length === 0;
  const boxes = list.filter(isBox);
  if (boxes.length === 0 || boxes.length === list.length) return false;
  const where = locate(boxes[0], file, `${path}.annotations[${list.indexOf(boxes[0])}]`);
  const f = finding(findings, 'E_YOLO_MIXED', 'error', where.file, where.location,
    `${boxes.length} box rows among ${list.length - boxes.length} polygon rows: Ultralytics then trains every object as a box`);
  if (s.fix) f.fixed = `${boxes.length} box rows written as rectangles`;
  return true;
}

/** One annotation's checks; in fix mode the repaired copy; undefined when it is dropped. */
function checkAnnotation(
  raw: Annotation,
  image: ImageInfo,
  known: boolean,
  at: { file: string; location: string },
  s: Setup,
  findings: ValidationFinding[],
  boxesToRectangles: boolean,
): { ann: Annotation; rle?: Rle } | undefined {
  const { file, location: loc } = at;
  const W = image.width, H = image.height;
  const add = (code: string, severity: Finding['severity'], where: string, message: string) => finding(findings, code, severity, file, where, message);
  if (typeof raw !== 'object' || raw === null) {
    add('E_SEGMENTATION', 'error', loc, 'not an annotation object');
    return undefined;
  }
  const ann: Annotation = { ...raw };
  // category
  if (!s.cats.has(ann.categoryId)) add('E_CATEGORY', 'error', `${loc}.categoryId`, `category ${JSON.stringify(ann.categoryId)} is not in the category table`);
  // iscrowd
  if (typeof ann.iscrowd !== 'boolean') {
    const v = ann.iscrowd as unknown;
    const f = add('E_CROWD', 'error', `${loc}.iscrowd`, `iscrowd is ${JSON.stringify(v)}, not 0, 1 or a boolean`);
    if (s.fix && (v === 0 || v === 1 || v === undefined || v === null)) {
      ann.iscrowd = v === 1;
      f.fixed = `set to ${ann.iscrowd}`;
    }
  }
  if (ann.iscrowd === true && s.kind === 'panoptic' && s.cats.get(ann.categoryId)?.isthing === false) {
    const f = add('W_CROWD_STUFF', 'warning', `${loc}.iscrowd`, `a crowd region of stuff category ${ann.categoryId} (stuff has no instances to crowd)`);
    if (s.fix) {
      ann.iscrowd = false;
      f.fixed = 'iscrowd cleared';
    }
  }
  // segmentation
  let seg = ann.segmentation as unknown;
  const boxOnly = Array.isArray(seg) && seg.length === 0;
  if (Array.isArray(seg)) {
    seg = checkPolygons(seg, W, H, known, `${loc}.segmentation`, s, add);
    ann.segmentation = seg as number[][];
  } else if (isRleLike(seg)) {
    const r = seg as Rle;
    let sum = 0;
    for (let k = 0; k < r.counts.length; k++) sum += r.counts[k];
    if (sum !== r.height * r.width) {
      add('E_RLE_COUNTS', 'error', `${loc}.segmentation.counts`, `RLE counts add up to ${sum}, not height * width = ${r.height * r.width}`);
      return { ann, rle: undefined };
    }
    if (known && (r.height !== H || r.width !== W)) {
      if (r.height === W && r.width === H) {
        const f = add('E_RLE_SIZE_ORDER', 'error', `${loc}.segmentation.size`, `RLE size [${r.height}, ${r.width}] is the image's [width, height]; COCO's order is [height, width] = [${H}, ${W}]`);
        if (s.fix) {
          ann.segmentation = { height: H, width: W, counts: r.counts };
          f.fixed = 'size swapped to [height, width]';
        }
      } else {
        add('E_RLE_SIZE', 'error', `${loc}.segmentation.size`, `RLE size [${r.height}, ${r.width}] is not the image's [height, width] = [${H}, ${W}]`);
        return { ann, rle: undefined };
      }
    }
  } else {
    add('E_SEGMENTATION', 'error', `${loc}.segmentation`, 'neither polygons [[x0, y0, ...], ...] nor an RLE {height, width, counts}');
    return { ann, rle: undefined };
  }
  // YOLO box rows among polygon rows: rectangles
  if (boxesToRectangles && boxOnly && s.fix) {
    const [x, y, w, h] = ann.bbox;
    ann.segmentation = [[x, y, x + w, y, x + w, y + h, x, y + h]];
  }
  // crowd regions are RLE in COCO
  if (ann.iscrowd && Array.isArray(ann.segmentation) && ann.segmentation.length > 0) {
    const f = add('W_CROWD_POLYGON', 'warning', `${loc}.segmentation`, 'a crowd region given as polygons (COCO stores crowd regions as RLE; pycocotools evaluates them as RLE)');
    if (s.fix && known) {
      ann.segmentation = rleFromPolygons(ann.segmentation, H, W);
      f.fixed = 'replaced by the RLE of its pixels (COCO\'s rule)';
    }
  }
  const current = ann.segmentation;
  const usable = !s.fix ? (Array.isArray(current) ? current.every((p) => p.length >= 2 && p.length % 2 === 0 && p.every(Number.isFinite)) : true) : true;
  if (!known || !usable) return { ann, rle: undefined };
  // pixels: area, bbox, emptiness
  const isBoxNow = Array.isArray(current) && current.length === 0;
  const rle = isBoxNow ? undefined : isRle(current) ? asRle(current) : rleFromPolygons(current, H, W);
  if (rle) {
    const m = measureRle(rle);
    if (m.area === 0) {
      const f = add('W_EMPTY', 'warning', `${loc}.segmentation`, 'the annotation covers no pixels');
      if (s.fix) {
        f.fixed = 'annotation dropped';
        return undefined;
      }
    }
    if (Math.abs((ann.area as number) - m.area) > s.areaTol * m.area || !Number.isFinite(ann.area)) {
      const f = add('W_AREA', 'warning', `${loc}.area`, `stored area ${ann.area} but the pixels (COCO's rule) give ${m.area}`);
      if (s.fix) {
        ann.area = m.area;
        f.fixed = `set to ${m.area}`;
      }
    }
    if (!Array.isArray(ann.bbox) || ann.bbox.length !== 4 || ann.bbox.some((v, k) => !(Math.abs(v - m.bbox[k]) <= s.bboxTol))) {
      const f = add('W_BBOX', 'warning', `${loc}.bbox`, `stored bbox ${JSON.stringify(ann.bbox)} but the pixels give ${JSON.stringify(m.bbox)}`);
      if (s.fix) {
        ann.bbox = m.bbox as Bbox;
        f.fixed = `set to ${JSON.stringify(m.bbox)}`;
      }
    }
  } else if (boxOnly && !(ann.bbox?.[2] > 0 && ann.bbox?.[3] > 0)) {
    const f = add('W_EMPTY', 'warning', `${loc}.bbox`, 'a box-only annotation whose box is empty');
    if (s.fix) {
      f.fixed = 'annotation dropped';
      return undefined;
    }
  }
  return { ann, rle };
}

/** An RLE whose counts may be a plain array (records built from JSON by hand). */
const asRle = (r: Rle): Rle => (r.counts instanceof Uint32Array ? r : { height: r.height, width: r.width, counts: Uint32Array.from(r.counts as ArrayLike<number>) });

function isRleLike(v: unknown): boolean {
  const r = v as Rle;
  return typeof v === 'object' && v !== null && Number.isInteger(r.height) && Number.isInteger(r.width) && (r.counts instanceof Uint32Array || Array.isArray(r.counts));
}

/** Polygon parts: malformed ones, outside the image, crossing themselves. Returns the (repaired) parts. */
function checkPolygons(
  parts: unknown[],
  W: number,
  H: number,
  known: boolean,
  loc: string,
  s: Setup,
  add: (code: string, severity: Finding['severity'], where: string, message: string) => ValidationFinding,
): unknown {
  const out: number[][] = [];
  let crossing = false;
  parts.forEach((raw, p) => {
    const where = `${loc}[${p}]`;
    if (!Array.isArray(raw)) {
      add('E_SEGMENTATION', 'error', where, 'a polygon part that is not a list of coordinates');
      return;
    }
    let part = raw as number[];
    if (part.length % 2 !== 0) {
      const f = add('E_POLYGON_ODD', 'error', where, `${part.length} coordinates: not x, y pairs (pycocotools drops the last one)`);
      if (s.fix) {
        part = part.slice(0, -1);
        f.fixed = 'last coordinate dropped';
      }
    }
    const bad = part.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) {
      const f = add('E_NONFINITE', 'error', `${where}[${bad}]`, `coordinate ${String(part[bad])} is not a finite number`);
      if (s.fix) {
        const kept: number[] = [];
        let dropped = 0;
        for (let k = 0; k + 1 < part.length; k += 2) {
          if (Number.isFinite(part[k]) && Number.isFinite(part[k + 1]) && typeof part[k] === 'number' && typeof part[k + 1] === 'number') kept.push(part[k], part[k + 1]);
          else dropped++;
        }
        part = kept;
        f.fixed = `${dropped} vertex${dropped === 1 ? '' : 'es'} dropped`;
      }
    }
    if (part.length === 4) {
      const f = add('E_POLYGON_BOX', 'error', where, `a polygon of 2 points (4 numbers), which pycocotools reads as the box [${part.join(', ')}]`);
      if (s.fix) {
        f.fixed = 'part dropped (no pixels by COCO\'s polygon rule)';
        return;
      }
    } else if (part.length < 6) {
      const f = add('E_POLYGON_POINTS', 'error', where, `a polygon of ${part.length / 2} point${part.length === 2 ? '' : 's'} (a region needs at least 3)`);
      if (s.fix) {
        f.fixed = 'part dropped';
        return;
      }
    }
    if (known && part.length >= 6 && outside(part, W, H)) {
      const f = add('W_OUT_OF_IMAGE', 'warning', where, `vertices outside the image [0, ${W}] x [0, ${H}]`);
      if (s.fix && part.every(Number.isFinite)) {
        const before = rleArea(rleFromPolygons([part], H, W));
        const clipped = clipRing(part, W, H);
        if (clipped.length < 6) {
          f.fixed = 'part dropped (wholly outside the image)';
          return;
        }
        const after = rleArea(rleFromPolygons([clipped], H, W));
        part = clipped;
        f.fixed = `clipped to the image (${after === before ? 'same pixel count' : `${before} -> ${after} pixels`})`;
      }
    }
    if (part.length >= 8 && part.every(Number.isFinite)) {
      const c = selfCrossing(part);
      if (c) {
        const f = add('W_SELF_INTERSECTION', 'warning', where, `edges ${c[0]} and ${c[1]} cross (tools other than COCO's rasteriser may fill it differently)`);
        if (s.fix && known) {
          crossing = true;
          f.fixed = 'object replaced by the RLE of its pixels (COCO\'s rule)';
        }
      }
    }
    out.push(part);
  });
  if (!s.fix) return parts;
  if (crossing && out.length) return rleFromPolygons(out, H, W);
  return out;
}

/** Panoptic: segments of one image must not share pixels. */
function checkOverlaps(anns: Annotation[], rles: (Rle | undefined)[], file: string, path: string, findings: ValidationFinding[]): void {
  const ref = rles.find((r) => r);
  if (!ref) return;
  const owner = new Int32Array(ref.width * ref.height);
  const overlaps = new Overlaps(anns.length);
  rles.forEach((r, j) => {
    if (!r) return;
    overlaps.reset();
    paintOwner(owner, r, j + 1, false, overlaps);
    for (const k of overlaps.owners) {
      const where = locate(anns[j], file, `${path}.annotations[${j}]`);
      finding(findings, 'E_PANOPTIC_OVERLAP', 'error', where.file, `${where.location}.segmentation`,
        `segment ${JSON.stringify(anns[j].id)} shares ${overlaps.px[k]} pixels with segment ${JSON.stringify(anns[k - 1].id)} (resolve with instancesToPanoptic and an overlap policy)`);
    }
  });
}

