// Polygon JSON: an annotation tool's export, one JSON file per image, in one of two shapes:
//
//   instance   [{pk, class, points: [[x, y], …], isVisible, markup_type: "polygon"}, …]
//              one object per record; pk (a UUID string) is the annotation id
//   semantic   [{classID, contours: [{id, points: [[x, y], …]}, …]}, …]
//              one record per class; each contour is one region of it (id = the contour's id)
//
// Points are image pixels, the outline not closed. The files hold no image size: it comes from an
// image file of the same name, or from an option.
import { checkOneOf } from '../../validate';
import { FormatError } from '../../errors';
import type { FileSource } from '../../io/files';
import type { Annotation, Category, Dataset, DatasetKind, Finding, ImageRecord } from '../../dataset/model';
import { measureRle, segmentationToRle } from '../../dataset/segmentation';
import { imageSize, type ImageSizeOptions } from '../../image/size';
import { at, bad, fArray, fId, fInt, fNumber, fObject, isObject, rest, within, type Where } from '../check';
import { stem } from '../label-png';
import { categoryIndex, optionsObject, sizeOption } from '../options';
import { setOrigin } from '../origin';
import { parseJsonFile } from '../json-file';
import { isImage, stemPath } from '../yolo-seg/layout';

/** Which of the two shapes a file has. */
export type PolygonJsonVariant = 'instance' | 'semantic';

/** Options of `readPolygonJson`. */
export interface ReadPolygonJsonOptions {
  /** The category table (ids are the files' class numbers). Default: one category per class number, named by it. */
  categories?: Category[];
  /** `'auto'` (default: by the records' keys), `'instance'` or `'semantic'`. */
  variant?: 'auto' | PolygonJsonVariant;
  /** Image size when no image file is found (default: none; then a missing image is an error). */
  size?: { width: number; height: number };
  /** Folder to look for the images in, by file stem (default: beside the JSON files). */
  images?: string;
  /** Outlines of fewer than 3 points: `'drop'` (default, with a warning on the record) or `'keep'`. */
  degenerate?: 'drop' | 'keep';
  /** Image sizes as displayed (`'exif'`, default) or as stored (see `imageSize`). */
  orientation?: ImageSizeOptions['orientation'];
  /** Folder of the JSON files inside the file source (default: its root). */
  folder?: string;
  /** Extension for `fileName` when no image file is found (default `'.jpg'`). */
  imageExtension?: string;
}

const INSTANCE_KEYS = new Set(['pk', 'class', 'points']);
const CLASS_KEYS = new Set(['classID', 'contours']);
const CONTOUR_KEYS = new Set(['id', 'points']);

/**
 * Reads a folder of polygon JSON files (one per image, see the file header) as a Dataset: kind
 * `'instances'` for instance files, `'semantic'` for semantic ones (a class's regions may be
 * several annotations, one per contour). Annotation ids are the files' `pk` / contour `id`;
 * polygons as given; area and bbox measured by COCO's rule. Image id = the JSON file's stem.
 *
 * @param files - the folder.
 * @param options - `categories`, `variant`, `size`, `images`, `degenerate`, `orientation`, `folder`, `imageExtension`.
 * @throws FormatError naming the file and JSON path: malformed records, a `markup_type` other
 *   than polygon, no image size.
 * @example
 * const ds = await readPolygonJson(memoryFiles({ 'towers.json': bytes }), { size: { width: 2667, height: 4000 } });
 */
export async function readPolygonJson(files: FileSource, options: ReadPolygonJsonOptions = {}): Promise<Dataset> {
  const o = optionsObject(options);
  const variant = checkOneOf(o.variant, 'options.variant', ['auto', 'instance', 'semantic'] as const, 'auto');
  const degenerate = checkOneOf(o.degenerate, 'options.degenerate', ['drop', 'keep'] as const, 'drop');
  const size = sizeOption(o.size, 'options.size');
  const folder = o.folder ? o.folder.replace(/\/+$/, '') : '';
  const all = await files.list();
  const paths = all.filter((p) => (folder ? p.startsWith(`${folder}/`) : true) && p.toLowerCase().endsWith('.json'));
  const imageDir = o.images === undefined ? undefined : o.images.replace(/\/+$/, '');
  const imagesByStem = new Map<string, string>();
  for (const p of all) {
    if (!isImage(p)) continue;
    if (imageDir !== undefined ? p.startsWith(`${imageDir}/`) : true) imagesByStem.set(imageDir !== undefined ? stem(p) : stemPath(p), p);
  }
  // the kind and (without a table) the categories need one look at every file first
  let kind: DatasetKind = variant === 'semantic' ? 'semantic' : 'instances';
  let categories: Category[];
  if (o.categories !== undefined && variant !== 'auto') categories = categoryIndex(o.categories).categories;
  else {
    const ids = new Set<number>();
    let first: PolygonJsonVariant | undefined;
    for (const p of paths) {
      const file = `${files.name}/${p}`;
      const list = parseList(await files.read(p), file);
      const v = variant === 'auto' ? detect(list, file) : variant;
      first ??= list.length ? v : undefined;
      list.forEach((r) => {
        const c = isObject(r) ? (v === 'instance' ? r.class : r.classID) : undefined;
        if (typeof c === 'number' && Number.isInteger(c)) ids.add(c);
      });
    }
    if (variant === 'auto' && first) kind = first === 'semantic' ? 'semantic' : 'instances';
    categories = o.categories !== undefined ? categoryIndex(o.categories).categories : [...ids].sort((a, b) => a - b).map((id) => ({ id, name: String(id) }));
  }
  return {
    header: { kind, categories },
    records: {
      async *[Symbol.asyncIterator]() {
        for (const p of paths) {
          const file = `${files.name}/${p}`;
          const list = parseList(await files.read(p), file);
          const v = variant === 'auto' ? detect(list, file) : variant;
          const id = stem(p);
          const imagePath = imagesByStem.get(imageDir !== undefined ? stem(p) : stemPath(p));
          let width: number;
          let height: number;
          if (imagePath !== undefined) ({ width, height } = await imageSize(await files.open(imagePath), { orientation: o.orientation }));
          else if (size) ({ width, height } = size);
          else throw new FormatError(file, '', 'no image size: no image file of the same name was found; pass options.size');
          const record: ImageRecord = {
            image: { id, fileName: imagePath ?? `${id}${o.imageExtension ?? '.jpg'}`, width, height },
            annotations: [],
            files: { polygons: p },
          };
          const warnings: Finding[] = [];
          const add = (raw: unknown, w: Where, annId: string | number, categoryId: number, attributes: Record<string, unknown> | undefined) => {
            const points = flat(raw, w);
            if (points.length < 6 && degenerate === 'drop') {
              warnings.push({ code: 'W_FEW_POINTS', severity: 'warning', file, location: w.path, message: `dropped an outline of ${points.length / 2} point${points.length === 2 ? '' : 's'} (a region needs at least 3)` });
              return;
            }
            const segmentation = [points];
            const m = measureRle(within(w, () => segmentationToRle(segmentation, height, width)));
            const ann: Annotation = { id: annId, categoryId, iscrowd: false, segmentation, ...m };
            if (attributes) ann.attributes = attributes;
            setOrigin(ann, file, w.path);
            record.annotations.push(ann);
          };
          list.forEach((raw, i) => {
            const w: Where = { file, path: `[${i}]` };
            const r = fObject(raw, w, v === 'instance' ? 'an object record {pk, class, points}' : 'a class record {classID, contours}');
            if (v === 'instance') {
              if (r.markup_type !== undefined && r.markup_type !== 'polygon') bad(at(w, 'markup_type'), '"polygon" (the only markup type read)', r.markup_type);
              const attrs = rest(r, INSTANCE_KEYS);
              if (attrs && attrs.markup_type === 'polygon') delete attrs.markup_type;
              add(r.points, at(w, 'points'), fId(r.pk, at(w, 'pk')), fInt(r.class, at(w, 'class'), -(2 ** 31), 2 ** 31 - 1), attrs && Object.keys(attrs).length ? attrs : undefined);
            } else {
              const classId = fInt(r.classID, at(w, 'classID'), -(2 ** 31), 2 ** 31 - 1);
              const classAttrs = rest(r, CLASS_KEYS);
              fArray(r.contours, at(w, 'contours')).forEach((c, k) => {
                const cw = at(at(w, 'contours'), k);
                const co = fObject(c, cw, 'a contour {id, points}');
                let attrs = rest(co, CONTOUR_KEYS);
                if (classAttrs) attrs = { ...attrs, classAttributes: classAttrs };
                add(co.points, at(cw, 'points'), fId(co.id, at(cw, 'id')), classId, attrs);
              });
            }
          });
          if (warnings.length) record.warnings = warnings;
          yield record;
        }
      },
    },
  };
}

function parseList(bytes: Uint8Array, file: string): unknown[] {
  return fArray(parseJsonFile(bytes, file), { file, path: '' }, 'a list of records');
}

/** Instance or semantic, by the first record's keys. */
function detect(list: unknown[], file: string): PolygonJsonVariant {
  const r = list[0];
  if (r === undefined) return 'instance';
  if (isObject(r) && 'contours' in r) return 'semantic';
  if (isObject(r) && 'points' in r) return 'instance';
  throw new FormatError(file, '[0]', 'expected an object record {pk, class, points} or a class record {classID, contours}');
}

/** Points `[[x, y], …]` as a flat list. */
function flat(raw: unknown, w: Where): number[] {
  const pts = fArray(raw, w, 'points [[x, y], ...]');
  const out = new Array<number>(2 * pts.length);
  pts.forEach((p, k) => {
    const pw = at(w, k);
    const xy = fArray(p, pw, 'a point [x, y]');
    if (xy.length !== 2) bad(pw, 'a point [x, y]', p);
    out[2 * k] = fNumber(xy[0], at(pw, 0));
    out[2 * k + 1] = fNumber(xy[1], at(pw, 1));
  });
  return out;
}
