// LabelMe JSON writer: one file per record. Each polygon part is a polygon shape (the parts of
// one object share a group_id), an RLE is one `mask` shape (the PNG patch of its bbox, so holes
// are kept), a box-only annotation a rectangle. Shapes read from LabelMe come back as they were
// (type, points, extra keys) when their pixels have not changed.
import type { FileSink } from '../../io/files';
import { joinPath } from '../../io/files';
import type { Annotation, Dataset, DatasetHeader, ImageRecord } from '../../dataset/model';
import { isRle } from '../../dataset/segmentation';
import { recordWriter, writeAll, type RecordWriter, type WriteSummary } from '../../dataset/writer';
import { encodePng } from '../../png/encode';
import type { Zlib } from '../../png/zlib';
import { eachColumnRun } from '../../labels/rles';
import { rleBbox } from '../../rle/measure';
import type { Rle } from '../../types';
import { bytesToBase64 } from '../../util/base64';
import { checkFinite, fail } from '../../validate';
import { isObject } from '../check';
import { stem } from '../label-png';
import { categoryIndex, optionsObject } from '../options';
import { circlePolygon, rectanglePolygon } from './shapes';

/** Options of the LabelMe writer. */
export interface WriteLabelmeOptions {
  /** `version` written when a record does not carry one (default `'5.5.0'`). */
  version?: string;
  /** Circle tolerance used when the file was read (default 1): a circle is written back as a circle only if it still matches. */
  tolerance?: number;
  /** zlib for mask PNGs (default Compression Streams; `segkit/node` passes node:zlib). */
  zlib?: Zlib;
  /** Check every record before writing it (default true). */
  check?: boolean;
}

/**
 * A LabelMe writer: one JSON per record (named as read, else the image's stem + `.json`), with
 * `imagePath` = the image's `fileName`, `imageData` from its attributes or null, its size, and
 * the image's other attributes as top-level keys. Labels are category names (the id as text when
 * a category is not in the table).
 *
 * @param files - the output folder.
 * @param header - categories name the labels.
 * @param options - `version`, `tolerance`, `zlib`, `check`.
 * @throws InvalidInputError for a malformed record.
 * @example
 * await writeAll(labelmeWriter(memoryFiles(), coco.header), coco.records);
 */
export function labelmeWriter(files: FileSink, header: DatasetHeader, options: WriteLabelmeOptions = {}): RecordWriter {
  const o = optionsObject(options);
  const tolerance = o.tolerance === undefined ? 1 : checkFinite(o.tolerance, 'options.tolerance');
  const { byId } = categoryIndex(header?.categories, 'header.categories');
  return recordWriter({
    check: o.check,
    async add(record, path, summary) {
      const doc = await labelmeDocument(record, (id) => byId.get(id)?.name ?? String(id), o.version ?? '5.5.0', tolerance, o.zlib, path);
      const file = record.files?.labelme ?? `${stem(record.image.fileName || String(record.image.id))}.json`;
      await files.write(joinPath(file), new TextEncoder().encode(`${JSON.stringify(doc, null, 2)}\n`));
      summary.files++;
    },
  });
}

/** A record as a LabelMe document. */
export async function labelmeDocument(
  record: ImageRecord,
  labelOf: (id: number) => string,
  version: string,
  tolerance: number,
  zlib?: Zlib,
  path = 'record',
): Promise<Record<string, unknown>> {
  const { image, annotations } = record;
  const attrs = { ...(image.attributes ?? {}) };
  const doc: Record<string, unknown> = { version: attrs.version ?? version, flags: attrs.flags ?? {} };
  delete attrs.version;
  delete attrs.flags;
  const shapes: Record<string, unknown>[] = [];
  // group ids for multi-shape objects without one: past every group_id of the record
  let nextGroup = 0;
  for (const a of annotations) {
    const g = a.attributes?.group_id;
    if (typeof g === 'number' && g >= nextGroup) nextGroup = Math.floor(g) + 1;
  }
  for (let j = 0; j < annotations.length; j++) {
    const a = annotations[j];
    const label = typeof a.attributes?.label === 'string' ? a.attributes.label : labelOf(a.categoryId);
    const out = await annotationShapes(a, tolerance, zlib, `${path}.annotations[${j}]`);
    let group = a.attributes?.group_id ?? null;
    if (group === null && out.length > 1) group = nextGroup++;
    for (const sh of out) shapes.push({ label, points: sh.points, group_id: group, description: '', shape_type: sh.shape_type, flags: {}, ...(sh.mask !== undefined ? { mask: sh.mask } : {}), ...sh.extras });
  }
  doc.shapes = shapes;
  doc.imagePath = image.fileName;
  doc.imageData = attrs.imageData ?? null;
  delete attrs.imageData;
  doc.imageHeight = image.height;
  doc.imageWidth = image.width;
  for (const [k, v] of Object.entries(attrs)) if (!(k in doc)) doc[k] = v;
  return doc;
}

interface OutShape {
  shape_type: string;
  points: number[][];
  mask?: string;
  extras: Record<string, unknown>;
}

const pairs = (flat: number[]) => Array.from({ length: flat.length >> 1 }, (_, k) => [flat[2 * k], flat[2 * k + 1]]);
const sameRing = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The shapes of one annotation (see the file header). */
async function annotationShapes(a: Annotation, tolerance: number, zlib: Zlib | undefined, path: string): Promise<OutShape[]> {
  const stored = Array.isArray(a.attributes?.shapes) ? (a.attributes!.shapes as unknown[]).map((s) => (isObject(s) ? s : {})) : [];
  const seg = a.segmentation;
  if (isRle(seg)) {
    const extras = stored.length === 1 ? withoutGeometry(stored[0]) : {};
    return [{ shape_type: 'mask', ...(await maskShape(seg, zlib, `${path}.segmentation`)), extras }];
  }
  if (seg.length === 0) {
    const [x, y, w, h] = a.bbox;
    return [{ shape_type: 'rectangle', points: [[x, y], [x + w, y + h]], extras: {} }];
  }
  const aligned = stored.length === seg.length;
  return seg.map((part, i) => {
    const s = aligned ? stored[i] : {};
    const type = s.shape_type;
    const pts = s.points;
    // a rectangle or circle read from LabelMe, unchanged: write it back as it was
    if ((type === 'rectangle' || type === 'circle') && Array.isArray(pts) && pts.length === 2 && pts.every((p) => Array.isArray(p) && p.length === 2)) {
      const [[x1, y1], [x2, y2]] = pts as number[][];
      const ring = type === 'rectangle' ? rectanglePolygon(x1, y1, x2, y2) : circlePolygon(x1, y1, Math.hypot(x2 - x1, y2 - y1), tolerance);
      if (sameRing(ring, part)) return { shape_type: type, points: pts as number[][], extras: withoutGeometry(s) };
    }
    const keep = type === undefined || type === 'polygon' || type === 'rotation' || type === 'oriented_rectangle';
    return { shape_type: keep && typeof type === 'string' ? type : 'polygon', points: pairs(part), extras: keep ? withoutGeometry(s) : {} };
  });
}

function withoutGeometry(s: Record<string, unknown>): Record<string, unknown> {
  const { shape_type: _t, points: _p, ...extras } = s;
  return extras;
}

/** A mask shape: the bbox corners (inclusive, as labelme writes them) and the patch as a base64 PNG. */
async function maskShape(rle: Rle, zlib: Zlib | undefined, path: string): Promise<{ points: number[][]; mask: string }> {
  const [x, y, w, h] = rleBbox(rle);
  if (w === 0) fail(path, 'an RLE with at least one pixel (LabelMe has no empty mask shape)', 'an empty RLE');
  const patch = new Uint8Array(w * h);
  eachColumnRun(rle, (cx, y0, y1) => {
    for (let r = y0; r < y1; r++) patch[(r - y) * w + cx - x] = 1;
  });
  const png = await encodePng({ width: w, height: h, colorType: 0, bitDepth: 8, data: patch }, { zlib });
  return { points: [[x, y], [x + w - 1, y + h - 1]], mask: bytesToBase64(png) };
}

/**
 * Writes a dataset as LabelMe JSON files (see `labelmeWriter`).
 *
 * @example
 * await writeLabelme(folderFiles('out'), dataset);
 */
export async function writeLabelme(files: FileSink, dataset: Dataset, options: WriteLabelmeOptions = {}): Promise<WriteSummary> {
  return writeAll(labelmeWriter(files, dataset.header, options), dataset.records);
}
