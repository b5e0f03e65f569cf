// LabelMe JSON: one file per image, `shapes` drawn on it. Shapes with the same (label,
// group_id) are one object (labelme's own rule; group_id null = an object of its own); objects
// come in order of their first shape. Shape types:
//
//   polygon              the points, as drawn (not closed)
//   rectangle            2 opposite corners -> 4-corner polygon (4 points: a polygon as given)
//   circle               centre + a rim point -> a polygon within `tolerance` px of the circle
//   line, linestrip,     no area: refused (default), skipped, or drawn `lines` px wide with round
//   point                joins (a point: a disc of diameter `lines`; labelme's exporters use 10)
//   mask                 a base64 PNG patch pasted at trunc(points[0]) (labelme's rule)
//
// Fields the model has no name for are kept: top-level keys in the image's attributes, a shape's
// extra keys in its object's `attributes.shapes[i]`, `group_id` in `attributes.group_id`.
import { FormatError } from '../../errors';
import type { FileSource } from '../../io/files';
import type { Zlib } from '../../png/zlib';
import type { Annotation, Category, Dataset, Finding, ImageInfo, ImageRecord, Polygons } from '../../dataset/model';
import { measureRle } from '../../dataset/segmentation';
import { decodePng } from '../../png/decode';
import { rleEncode } from '../../rle/codec';
import { rleMerge } from '../../rle/merge';
import { rleFromPolygons } from '../../rle/polygon';
import type { Bbox, Rle } from '../../types';
import { base64ToBytes } from '../../util/base64';
import { checkArray, checkFinite, fail, checkOneOf } from '../../validate';
import { imageSize } from '../../image/size';
import { bytesSource } from '../../io/source';
import { rleBbox } from '../../rle/measure';
import { at, bad, fArray, fNumber, fObject, fString, isObject, rest, type Where } from '../check';
import { stem } from '../label-png';
import { categoryIndex, optionsObject } from '../options';
import { setOrigin } from '../origin';
import { parseJsonFile } from '../json-file';
import { circlePolygon, labelmePixels, labelmeStroke, rectanglePolygon, strokeParts } from './shapes';

/** Options of `readLabelme`. */
export interface ReadLabelmeOptions {
  /**
   * The category table: labels are looked up by name (e.g. `labelmeCategories(labelsTxt)`).
   * Default: none; every label becomes a category, ids 1.. in order of first appearance.
   */
  categories?: Category[];
  /** Labels not in `categories`: `'error'` (default when a table is given), `'skip'` (as labelme2coco), `'add'`. */
  unknownLabels?: 'error' | 'skip' | 'add';
  /** Labels of void ("don't care") regions (default `['__ignore__']`). */
  voidLabels?: string[];
  /**
   * Void shapes: `'drop'` (default, as labelme2coco) or `'keep'`: crowd annotations of their
   * label's category (id -1 when the table has none), for painting conversions (labelme2voc
   * paints them void: see `labelmeVocWriter`).
   */
  voidShapes?: 'drop' | 'keep';
  /**
   * Annotation ids: `'dataset'` (default: 1.. over the dataset in reading order) or `'image'`:
   * 1.. per image in order of first appearance, counting every object (also void and skipped
   * ones) — labelme2voc's instance numbers.
   */
  ids?: 'dataset' | 'image';
  /** Largest gap in pixels between a circle and its polygon (default 1). */
  tolerance?: number;
  /** `line`, `linestrip` and `point` shapes: `'refuse'` (default), `'skip'`, or a width in pixels to draw them with. */
  lines?: 'refuse' | 'skip' | number;
  /**
   * `'polygons'` (default): shapes as drawn, polygons unioned by COCO's rule when rasterised;
   * `'labelme'`: each object as an RLE of the pixels labelme's own exporters give it (PIL: vertices
   * truncated to pixel centres, filled, outlined 1 px; see shapes.ts).
   */
  raster?: 'polygons' | 'labelme';
  /**
   * `'pixels'` (default): bbox measured from the pixels by COCO's rule; `'vertices'`: the box of
   * the pixels the vertices lie in (floor of the extremes, inclusive) — labelme2coco's bbox.
   */
  bbox?: 'pixels' | 'vertices';
  /** `imageData`: `'drop'` (default) or `'keep'` in the image's attributes. */
  imageData?: 'drop' | 'keep';
  /** Folder of the JSON files inside the file source (default: its root; sub-folders included). */
  folder?: string;
  /** zlib for mask PNGs (default Compression Streams; `segkit/node` passes node:zlib). */
  zlib?: Zlib;
}

interface Setup {
  cats: ReturnType<typeof categoryIndex>;
  unknown: 'error' | 'skip' | 'add';
  voidLabels: Set<string>;
  voidShapes: 'drop' | 'keep';
  ids: 'dataset' | 'image';
  tolerance: number;
  lines: 'refuse' | 'skip' | number;
  raster: 'polygons' | 'labelme';
  bbox: 'pixels' | 'vertices';
  imageData: 'drop' | 'keep';
  zlib?: Zlib;
}

export function labelmeSetup(options: ReadLabelmeOptions | undefined): Setup {
  const o = optionsObject(options);
  const cats = categoryIndex(o.categories);
  const lines = o.lines;
  if (lines !== undefined && lines !== 'refuse' && lines !== 'skip' && !(typeof lines === 'number' && Number.isFinite(lines) && lines > 0)) {
    fail('options.lines', "'refuse', 'skip' or a width in pixels (> 0)", lines);
  }
  const tolerance = o.tolerance === undefined ? 1 : checkFinite(o.tolerance, 'options.tolerance');
  if (!(tolerance > 0)) fail('options.tolerance', 'a tolerance in pixels (> 0)', tolerance);
  return {
    cats,
    unknown: checkOneOf(o.unknownLabels, 'options.unknownLabels', ['error', 'skip', 'add'] as const, o.categories === undefined ? 'add' : 'error'),
    voidLabels: new Set(o.voidLabels === undefined ? ['__ignore__'] : (checkArray(o.voidLabels, 'options.voidLabels', 'labels') as string[])),
    voidShapes: checkOneOf(o.voidShapes, 'options.voidShapes', ['drop', 'keep'] as const, 'drop'),
    ids: checkOneOf(o.ids, 'options.ids', ['dataset', 'image'] as const, 'dataset'),
    tolerance,
    lines: lines ?? 'refuse',
    raster: checkOneOf(o.raster, 'options.raster', ['polygons', 'labelme'] as const, 'polygons'),
    bbox: checkOneOf(o.bbox, 'options.bbox', ['pixels', 'vertices'] as const, 'pixels'),
    imageData: checkOneOf(o.imageData, 'options.imageData', ['drop', 'keep'] as const, 'drop'),
    zlib: o.zlib,
  };
}

const TOP_KEYS = new Set(['shapes', 'imagePath', 'imageData', 'imageHeight', 'imageWidth']);
const SHAPE_KEYS = new Set(['label', 'points', 'group_id', 'shape_type', 'mask']);
const POLYGON_TYPES = new Set(['polygon', 'rotation', 'oriented_rectangle']);
const LINE_TYPES = new Set(['line', 'linestrip', 'point', 'points']);

/**
 * Reads a folder of LabelMe JSON files as a Dataset of kind `'instances'`, one record per file
 * (sorted by path). Image id = the JSON file's stem; `fileName` = its `imagePath`; size =
 * `imageWidth`/`imageHeight`, else read from the header of `imageData`. Each object (shapes
 * joined by `group_id`) is an annotation: polygons (parts unioned by COCO's rule), or an RLE when
 * it has a mask shape or with `raster: 'labelme'`; area by COCO's rule, bbox by `bbox`. Skipped
 * shapes and labels become warnings on the record.
 *
 * Without `categories`, every file is read once first to collect the labels (the header lists
 * every category before the first record).
 *
 * @param files - the folder (`memoryFiles`, or `folderFiles` from `segkit/node`).
 * @param options - see `ReadLabelmeOptions`.
 * @throws FormatError naming the file and JSON path: a malformed shape, an unknown label
 *   (`unknownLabels: 'error'`), a line shape (`lines: 'refuse'`), a mask that is not a PNG.
 * @example
 * const ds = await readLabelme(folderFiles('data_annotated'), { categories: labelmeCategories(labelsTxt) });
 */
export async function readLabelme(files: FileSource, options: ReadLabelmeOptions = {}): Promise<Dataset> {
  const s = labelmeSetup(options);
  const folder = options.folder ? options.folder.replace(/\/+$/, '') : '';
  const paths = (await files.list(folder)).filter((p) => p.toLowerCase().endsWith('.json'));
  const categories = s.cats.categories.slice();
  if (s.unknown === 'add') {
    const byName = new Map(categories.map((c) => [c.name, c]));
    let next = Math.max(0, ...categories.map((c) => c.id)) + 1;
    for (const p of paths) {
      const doc = parseDoc(await files.read(p), `${files.name}/${p}`);
      for (const sh of Array.isArray(doc.shapes) ? doc.shapes : []) {
        const label = isObject(sh) && typeof sh.label === 'string' ? sh.label : undefined;
        if (label === undefined || byName.has(label) || s.voidLabels.has(label)) continue;
        const c = { id: next++, name: label };
        byName.set(label, c);
        categories.push(c);
      }
    }
  }
  const cats = categoryIndex(categories);
  return {
    header: { kind: 'instances', categories },
    records: {
      async *[Symbol.asyncIterator]() {
        const counter = { id: 1 };
        for (const p of paths) {
          const file = `${files.name}/${p}`;
          const record = await labelmeRecord(parseDoc(await files.read(p), file), file, stem(p), { ...s, cats }, counter);
          record.files = { labelme: p };
          yield record;
        }
      },
    },
  };
}

function parseDoc(bytes: Uint8Array, file: string): Record<string, unknown> {
  return fObject(parseJsonFile(bytes, file), { file, path: '' }, 'a LabelMe object {shapes, imagePath, imageHeight, imageWidth}');
}

/** One object under construction: its shapes' parts. */
interface Instance {
  label: string;
  groupId: unknown;
  number: number;
  polygons: Polygons;
  rles: Rle[];
  shapes: Record<string, unknown>[];
  vertices: number[][];
  firstShape: number;
}

/** One LabelMe document as a record. */
export async function labelmeRecord(doc: Record<string, unknown>, file: string, id: string, s: Setup, counter: { id: number }): Promise<ImageRecord> {
  const w: Where = { file, path: '' };
  const image: ImageInfo = { id, fileName: doc.imagePath === undefined || doc.imagePath === null ? '' : fString(doc.imagePath, at(w, 'imagePath')), width: 0, height: 0 };
  if (doc.imageWidth !== undefined && doc.imageHeight !== undefined && doc.imageWidth !== null && doc.imageHeight !== null) {
    image.width = fNumberInt(doc.imageWidth, at(w, 'imageWidth'));
    image.height = fNumberInt(doc.imageHeight, at(w, 'imageHeight'));
  } else if (typeof doc.imageData === 'string') {
    const bytes = base64ToBytes(doc.imageData);
    if (!bytes) bad(at(w, 'imageData'), 'base64 image bytes', doc.imageData);
    const size = await imageSize(bytesSource(bytes!, `${file} imageData`));
    image.width = size.width;
    image.height = size.height;
  } else {
    throw new FormatError(file, '', 'no image size: neither imageWidth/imageHeight nor imageData');
  }
  const attrs = rest(doc, TOP_KEYS) ?? {};
  if (s.imageData === 'keep' && typeof doc.imageData === 'string') attrs.imageData = doc.imageData;
  if (Object.keys(attrs).length) image.attributes = attrs;

  const warnings: Finding[] = [];
  const shapes = doc.shapes === undefined ? [] : fArray(doc.shapes, at(w, 'shapes'));
  const instances = new Map<string, Instance>();
  const order: Instance[] = [];
  const numbers = new Map<string, number>();
  for (let i = 0; i < shapes.length; i++) {
    const sw = at(at(w, 'shapes'), i);
    const sh = fObject(shapes[i], sw, 'a shape {label, points, shape_type}');
    const label = fString(sh.label, at(sw, 'label'));
    const groupId = sh.group_id ?? null;
    const key = groupId === null ? `#${i}` : JSON.stringify([label, groupId]);
    if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
    const isVoid = s.voidLabels.has(label);
    if (isVoid && s.voidShapes === 'drop') continue;
    if (!isVoid && !s.cats.byName.has(label)) {
      if (s.unknown === 'error') throw new FormatError(file, `${sw.path}.label`, `the label ${JSON.stringify(label)} is not in the category table`);
      warnings.push({ code: 'W_LABELME_LABEL', severity: 'warning', file, location: `${sw.path}.label`, message: `skipped a shape labelled ${JSON.stringify(label)}: not in the category table` });
      continue;
    }
    const parts = await shapeParts(sh, sw, image, s);
    if (parts === undefined) {
      warnings.push({ code: 'W_LABELME_LINE', severity: 'warning', file, location: sw.path, message: `skipped a ${String(sh.shape_type)} shape: it has no area (lines: 'skip')` });
      continue;
    }
    let inst = instances.get(key);
    if (!inst) {
      inst = { label, groupId, number: numbers.get(key)!, polygons: [], rles: [], shapes: [], vertices: [], firstShape: i };
      instances.set(key, inst);
      order.push(inst);
    }
    inst.polygons.push(...parts.polygons);
    if (parts.rle) inst.rles.push(parts.rle);
    inst.vertices.push(...parts.vertices);
    inst.shapes.push(shapeExtras(sh));
  }

  const annotations = order.map((inst) => {
    const isVoid = s.voidLabels.has(inst.label);
    const cat = s.cats.byName.get(inst.label);
    const ann = instanceAnnotation(inst, image, s, cat ? cat.id : -1, isVoid, s.ids === 'image' ? inst.number : counter.id++);
    setOrigin(ann, file, `shapes[${inst.firstShape}]`);
    return ann;
  });
  const record: ImageRecord = { image, annotations };
  if (warnings.length) record.warnings = warnings;
  return record;
}

function fNumberInt(v: unknown, w: Where): number {
  const n = fNumber(v, w);
  if (!Number.isInteger(n) || n < 0) bad(w, 'a size in pixels (an integer >= 0)', v);
  return n;
}

/** A shape's points as a flat list. */
function flatPoints(sh: Record<string, unknown>, w: Where, min: number): number[] {
  const pts = fArray(sh.points, at(w, 'points'), 'points [[x, y], ...]');
  if (pts.length < min) bad(at(w, 'points'), `at least ${min} point${min > 1 ? 's' : ''} for a ${String(sh.shape_type ?? 'polygon')}`, pts);
  const out = new Array<number>(2 * pts.length);
  pts.forEach((p, k) => {
    const pw = at(at(w, 'points'), k);
    const xy = fArray(p, pw, 'a point [x, y]');
    if (xy.length !== 2) bad(pw, 'a point [x, y]', p);
    out[2 * k] = fNumber(xy[0], at(pw, 0));
    out[2 * k + 1] = fNumber(xy[1], at(pw, 1));
  });
  return out;
}

/** A shape's pixels: polygon parts and/or a mask RLE; undefined for a skipped line shape. */
async function shapeParts(sh: Record<string, unknown>, w: Where, image: ImageInfo, s: Setup): Promise<{ polygons: Polygons; rle?: Rle; vertices: number[][] } | undefined> {
  const type = sh.shape_type === undefined || sh.shape_type === null ? 'polygon' : fString(sh.shape_type, at(w, 'shape_type'));
  const lm = s.raster === 'labelme';
  if (POLYGON_TYPES.has(type)) {
    const p = flatPoints(sh, w, 1);
    return { polygons: lm ? labelmePixels(p) : [p], vertices: [p] };
  }
  if (type === 'rectangle') {
    const p = flatPoints(sh, w, 2);
    const ring = p.length === 4 ? rectanglePolygon(p[0], p[1], p[2], p[3]) : p;
    return { polygons: lm ? labelmePixels(ring) : [ring], vertices: [ring] };
  }
  if (type === 'circle') {
    const p = flatPoints(sh, w, 2);
    if (p.length !== 4) bad(at(w, 'points'), 'a centre and a point on the circle', sh.points);
    const ring = circlePolygon(p[0], p[1], Math.hypot(p[2] - p[0], p[3] - p[1]), s.tolerance);
    return { polygons: lm ? labelmePixels(ring) : [ring], vertices: [ring] };
  }
  if (LINE_TYPES.has(type)) {
    if (s.lines === 'refuse') {
      throw new FormatError(w.file, `${w.path}.shape_type`, `a ${type} shape has no area to make a mask of; pass lines: <width in px> to draw it (labelme's exporters use 10) or lines: 'skip'`);
    }
    if (s.lines === 'skip') return undefined;
    const p = flatPoints(sh, w, 1);
    const polygons = lm ? labelmeStroke(p, s.lines, s.tolerance) : strokeParts(p, s.lines, s.tolerance);
    return { polygons, vertices: polygons };
  }
  if (type === 'mask') {
    const p = flatPoints(sh, w, 2);
    const bytes = typeof sh.mask === 'string' ? base64ToBytes(sh.mask) : undefined;
    if (!bytes) bad(at(w, 'mask'), 'a base64 PNG', sh.mask);
    const png = await decodePng(bytes!, { file: `${w.file} at ${w.path}.mask`, zlib: s.zlib });
    const rle = pastePatch(png, Math.trunc(p[0]), Math.trunc(p[1]), image);
    return { polygons: [], rle, vertices: [] };
  }
  throw new FormatError(w.file, `${w.path}.shape_type`, `unknown shape type ${JSON.stringify(type)} (polygon, rectangle, circle, line, linestrip, point, mask)`);
}

/** A mask patch (non-zero first channel = object) placed with its top-left pixel at (x0, y0), clipped to the image. */
function pastePatch(png: { width: number; height: number; channels: number; data: ArrayLike<number> }, x0: number, y0: number, image: ImageInfo): Rle {
  const { width: W, height: H } = image;
  const data = new Uint8Array(W * H);
  for (let y = 0; y < png.height; y++) {
    const Y = y0 + y;
    if (Y < 0 || Y >= H) continue;
    for (let x = 0; x < png.width; x++) {
      const X = x0 + x;
      if (X >= 0 && X < W && png.data[(y * png.width + x) * png.channels] !== 0) data[Y * W + X] = 1;
    }
  }
  return rleEncode({ width: W, height: H, data });
}

/** What of a shape the model keeps besides its pixels: type and points of non-polygons, extra keys. */
function shapeExtras(sh: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const type = sh.shape_type ?? 'polygon';
  // a mask's pixels are the annotation's RLE; other types are kept to be written back as they were
  if (type !== 'polygon' && type !== 'mask') {
    out.shape_type = type;
    out.points = sh.points;
  }
  for (const [k, v] of Object.entries(rest(sh, SHAPE_KEYS) ?? {})) {
    if (k === 'flags' && isObject(v) && Object.keys(v).length === 0) continue;
    if (k === 'description' && (v === '' || v === null)) continue;
    out[k] = v;
  }
  return out;
}

/** An object's annotation. */
function instanceAnnotation(inst: Instance, image: ImageInfo, s: Setup, categoryId: number, isVoid: boolean, id: number): Annotation {
  const { width: W, height: H } = image;
  let segmentation: Annotation['segmentation'];
  let rle: Rle;
  if (inst.rles.length === 0 && s.raster === 'polygons') {
    segmentation = inst.polygons;
    rle = inst.polygons.length ? rleFromPolygons(inst.polygons, H, W) : { height: H, width: W, counts: Uint32Array.of(H * W) };
  } else {
    const parts = inst.polygons.length ? [rleFromPolygons(inst.polygons, H, W), ...inst.rles] : inst.rles;
    rle = parts.length === 1 ? parts[0] : rleMerge(parts);
    segmentation = rle;
  }
  const m = measureRle(rle);
  const bbox: Bbox = s.bbox === 'vertices' ? vertexBox(inst.vertices, inst.rles, m.bbox, W, H) : m.bbox;
  const ann: Annotation = { id, categoryId, iscrowd: isVoid, segmentation, bbox, area: m.area };
  const attributes: Record<string, unknown> = {};
  if (inst.groupId !== null) attributes.group_id = inst.groupId;
  if (isVoid && categoryId === -1) attributes.label = inst.label;
  if (inst.shapes.some((x) => Object.keys(x).length > 0)) attributes.shapes = inst.shapes;
  if (Object.keys(attributes).length) ann.attributes = attributes;
  return ann;
}

/** The box of the pixels the vertices lie in (united with the mask parts' box), clipped to the image. */
function vertexBox(rings: number[][], masks: Rle[], measured: Bbox, W: number, H: number): Bbox {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const r of masks) {
    const [bx, by, bw, bh] = rleBbox(r);
    if (bw === 0) continue;
    x0 = Math.min(x0, bx);
    y0 = Math.min(y0, by);
    x1 = Math.max(x1, bx + bw - 1);
    y1 = Math.max(y1, by + bh - 1);
  }
  for (const r of rings) {
    for (let k = 0; k < r.length; k += 2) {
      x0 = Math.min(x0, Math.floor(r[k]));
      x1 = Math.max(x1, Math.floor(r[k]));
      y0 = Math.min(y0, Math.floor(r[k + 1]));
      y1 = Math.max(y1, Math.floor(r[k + 1]));
    }
  }
  if (x0 === Infinity) return measured;
  x0 = Math.max(0, x0);
  y0 = Math.max(0, y0);
  x1 = Math.min(W - 1, x1);
  y1 = Math.min(H - 1, y1);
  if (x1 < x0 || y1 < y0) return [0, 0, 0, 0];
  return [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}
