// YOLO segmentation labels (Ultralytics): one text file per image, one object per line,
// `class x1 y1 x2 y2 … xn yn` with coordinates normalised by the image's width and height and
// classes counted from 0. A line of exactly 4 numbers after the class is a box row
// `class cx cy w h` (detection labels); files should not mix the two.
import { FormatError } from '../../errors';
import type { FileSource } from '../../io/files';
import type { Annotation, Category, Dataset, Finding, ImageRecord } from '../../dataset/model';
import { measureRle, segmentationToRle } from '../../dataset/segmentation';
import { imageSize, type ImageSizeOptions } from '../../image/size';
import { checkArray } from '../../validate';
import { within } from '../check';
import { stem } from '../label-png';
import { categoryIndex, optionsObject, sizeOption } from '../options';
import { setOrigin } from '../origin';
import { findLayout, namesToCategories, type LayoutOptions, type YoloItem } from './layout';

/** Options of `readYoloSeg`. */
export interface ReadYoloSegOptions extends LayoutOptions {
  /**
   * The category of each class: class i is `categories[i]` (its id and name), e.g. a COCO table
   * to get COCO's ids back. Default: the names of data.yaml or classes.txt, class i = id i.
   */
  categories?: Category[];
  /** Image size for label files whose image is not there (default: none; such files are an error). */
  size?: { width: number; height: number };
  /** Image sizes as displayed (`'exif'`, default, as Ultralytics) or as stored (see `imageSize`). */
  orientation?: ImageSizeOptions['orientation'];
  /** File extension for the `fileName` of a label file without an image (default `'.jpg'`). */
  imageExtension?: string;
}

/**
 * Reads a YOLO segmentation dataset (Ultralytics layout with data.yaml, or a folder of label
 * files with classes.txt) as a Dataset of kind `'instances'`. Each image's size comes from its
 * file header (PNG, JPEG, WebP, BMP, GIF, TIFF; pixels are never decoded). Each polygon line is
 * an annotation with pixel coordinates (x·width, y·height); a box row is a box-only annotation
 * (empty segmentation, its bbox). Annotation ids count from 1 over the dataset in reading order;
 * area and bbox are measured by COCO's rule (box rows: the box). Images without a label file are
 * records without annotations. A file that mixes box rows and polygon rows reads, with a warning
 * `W_YOLO_MIXED` on its record.
 *
 * @param files - the dataset folder (`memoryFiles`, or `folderFiles` from `segkit/node`).
 * @param options - layout (`yaml`, `splits`, `labels`, `images`), `categories`, `size`,
 *   `orientation`, `imageExtension`.
 * @throws FormatError naming the file and line: a malformed line, a class without a name, a
 *   label file without an image and no `size`.
 * @example
 * const ds = await readYoloSeg(folderFiles('coco8-seg'));
 * for await (const { image, annotations } of ds.records) console.log(image.fileName, annotations.length);
 */
export async function readYoloSeg(files: FileSource, options: ReadYoloSegOptions = {}): Promise<Dataset> {
  const o = optionsObject(options);
  const size = sizeOption(o.size, 'options.size');
  const layout = await findLayout(files, o);
  let categories: Category[];
  if (o.categories !== undefined) {
    categories = categoryIndex(checkArray(o.categories, 'options.categories', 'Category') as Category[]).categories;
  } else if (layout.names) {
    categories = namesToCategories(layout.names);
  } else {
    categories = namesToCategories(await scanClasses(files, layout.items));
  }
  const header: Dataset['header'] = { kind: 'instances', categories };
  if (layout.attributes) header.attributes = layout.attributes;
  return {
    header,
    records: {
      async *[Symbol.asyncIterator]() {
        const next = { id: 1 };
        for (const item of layout.items) yield await readItem(files, item, categories, size, o, next);
      },
    },
  };
}

/** Without names: classes 0..max over every label file (names are the numbers). */
async function scanClasses(files: FileSource, items: YoloItem[]): Promise<string[]> {
  let max = -1;
  for (const { label } of items) {
    if (!label) continue;
    for (const line of new TextDecoder().decode(await files.read(label)).split('\n')) {
      const c = Number(line.trim().split(/\s+/)[0]);
      if (line.trim() !== '' && Number.isInteger(c) && c > max) max = c;
    }
  }
  return Array.from({ length: max + 1 }, (_, i) => String(i));
}

async function readItem(
  files: FileSource,
  item: YoloItem,
  categories: Category[],
  size: { width: number; height: number } | undefined,
  o: ReadYoloSegOptions,
  next: { id: number },
): Promise<ImageRecord> {
  let width: number;
  let height: number;
  if (item.image) {
    ({ width, height } = await imageSize(await files.open(item.image), { orientation: o.orientation }));
  } else if (size) {
    ({ width, height } = size);
  } else {
    throw new FormatError(`${files.name}/${item.label}`, '', 'no image file to take the size from (looked for an image of the same name); pass options.size');
  }
  const fileName = item.image ?? `${stem(item.label!)}${o.imageExtension ?? '.jpg'}`;
  const record: ImageRecord = { image: { id: stem(fileName), fileName, width, height }, annotations: [] };
  if (item.split) record.image.attributes = { split: item.split };
  if (!item.label) return record;
  record.files = { labels: item.label };
  const file = `${files.name}/${item.label}`;
  const text = new TextDecoder().decode(await files.read(item.label));
  const lines = text.split('\n');
  const warnings: Finding[] = [];
  let boxes = 0;
  let polygons = 0;
  let firstBox = 0;
  let firstPolygon = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const where = { file, path: `line ${i + 1}` };
    const ann = parseLine(line, where, categories, width, height, next.id);
    setOrigin(ann, file, where.path);
    next.id++;
    if (Array.isArray(ann.segmentation) && ann.segmentation.length === 0) {
      if (boxes++ === 0) firstBox = i + 1;
    } else if (polygons++ === 0) firstPolygon = i + 1;
    record.annotations.push(ann);
  }
  if (boxes > 0 && polygons > 0) {
    warnings.push({
      code: 'W_YOLO_MIXED',
      severity: 'warning',
      file,
      location: `line ${firstBox}`,
      message: `the file mixes ${boxes} box rows (first at line ${firstBox}) and ${polygons} polygon rows (first at line ${firstPolygon}); Ultralytics then trains on boxes made from the polygons`,
    });
  }
  if (warnings.length) record.warnings = warnings;
  return record;
}

/** One label line as an annotation. */
function parseLine(line: string, w: { file: string; path: string }, categories: Category[], width: number, height: number, id: number): Annotation {
  const t = line.split(/\s+/);
  const cls = Number(t[0]);
  if (!/^\d+$/.test(t[0]) || !Number.isSafeInteger(cls)) throw new FormatError(w.file, w.path, `expected a class number (0, 1, …) first but found ${JSON.stringify(t[0])}`);
  const cat = categories[cls];
  if (!cat) throw new FormatError(w.file, w.path, `class ${cls} has no name (${categories.length} classes)`);
  const n = t.length - 1;
  if (n !== 4 && (n < 6 || n % 2 !== 0)) {
    throw new FormatError(w.file, w.path, `expected 4 numbers (a box: cx cy w h) or at least 3 points (x y pairs) after the class but found ${n} numbers`);
  }
  const v = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const x = Number(t[k + 1]);
    if (!Number.isFinite(x) || t[k + 1] === '') throw new FormatError(w.file, w.path, `expected a number but found ${JSON.stringify(t[k + 1])} (token ${k + 2})`);
    v[k] = x * (k % 2 === 0 ? width : height);
  }
  if (n === 4) {
    const [cx, cy, bw, bh] = v;
    return { id, categoryId: cat.id, iscrowd: false, segmentation: [], bbox: [cx - bw / 2, cy - bh / 2, bw, bh], area: bw * bh };
  }
  const segmentation = [v];
  const m = measureRle(within(w, () => segmentationToRle(segmentation, height, width)));
  return { id, categoryId: cat.id, iscrowd: false, segmentation, ...m };
}
