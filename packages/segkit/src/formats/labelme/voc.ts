// VOC class and object PNGs as labelme2voc writes them (which differ from PASCAL VOC's own in two
// ways): pixels no shape covers are background (class 0, object 0), and void shapes
// (`__ignore__`) are 255 in the class PNG but 0 in the object PNG. Objects are painted in
// record order, later over earlier (labelme's order); object value = the object's number in its
// record counting from 1, which is labelme2voc's instance number when every object was kept
// (`readLabelme` with `voidShapes: 'keep'`). Both PNGs are 8-bit palette PNGs with the VOC colormap.
import { joinPath, type FileSink } from '../../io/files';
import type { Dataset, DatasetHeader, ImageRecord } from '../../dataset/model';
import { annotationRle } from '../../dataset/segmentation';
import { recordWriter, writeAll, type RecordWriter, type WriteSummary } from '../../dataset/writer';
import { paintRle } from '../../labels/rles';
import type { Zlib } from '../../png/zlib';
import type { LabelMap } from '../../types';
import { checkArray, checkInt, fail } from '../../validate';
import { vocColormap } from '../colors';
import { indexPng, stem, writePng } from '../label-png';
import { categoryIndex, optionsObject } from '../options';

/** Options of `labelmeVocWriter`. */
export interface LabelmeVocOptions {
  /** Labels whose objects are void (default `['__ignore__']`); also any object of category id -1. */
  voidLabels?: string[];
  /** Class value of pixels no object covers (default 0, `_background_`). */
  background?: number;
  /** Folder of the class PNGs (default `'SegmentationClass'`). */
  classes?: string;
  /** Folder of the object PNGs (default `'SegmentationObject'`). */
  objects?: string;
  /** zlib for the PNGs (default Compression Streams; `segkit/node` passes node:zlib). */
  zlib?: Zlib;
  /** Check every record before writing it (default true). */
  check?: boolean;
}

const VOID = 255;

/**
 * A writer of labelme2voc-style PNGs: per record `SegmentationClass/<stem>.png` (class value =
 * category id, void 255) and `SegmentationObject/<stem>.png` (object number), palette = VOC
 * colormap. Overlaps are resolved by record order (later on top), as labelme does.
 *
 * @param files - the output folder.
 * @param header - its categories name the void labels' categories.
 * @param options - `voidLabels`, `background` (0), `classes`, `objects`, `zlib`, `check`.
 * @throws InvalidInputError for a category id outside 0..254 (other than void), more than 254
 *   objects in an image, an image of unknown size.
 * @example
 * const ds = await readLabelme(files, { categories: labelmeCategories(labelsTxt), voidShapes: 'keep', ids: 'image', raster: 'labelme' });
 * await writeAll(labelmeVocWriter(out, ds.header), ds.records);
 */
export function labelmeVocWriter(files: FileSink, header: DatasetHeader, options: LabelmeVocOptions = {}): RecordWriter {
  const o = optionsObject(options);
  const { categories } = categoryIndex(header?.categories, 'header.categories');
  const voidNames = new Set(o.voidLabels === undefined ? ['__ignore__'] : (checkArray(o.voidLabels, 'options.voidLabels', 'labels') as string[]));
  const voidIds = new Set<number>([-1, ...categories.filter((c) => voidNames.has(c.name)).map((c) => c.id)]);
  const background = o.background === undefined ? 0 : checkInt(o.background, 'options.background', 0, 255);
  const palette = vocColormap();
  return recordWriter({
    check: o.check,
    async add(record, path, summary) {
      const { cls, obj } = labelmeVocMaps(record, voidIds, background, path);
      const base = stem(record.image.fileName || String(record.image.id));
      await writePng(files, joinPath(o.classes ?? 'SegmentationClass', `${base}.png`), indexPng(cls, palette), o.zlib);
      await writePng(files, joinPath(o.objects ?? 'SegmentationObject', `${base}.png`), indexPng(obj, palette), o.zlib);
      summary.files += 2;
    },
  });
}

/** The class and object maps of one record, painted in record order. */
export function labelmeVocMaps(record: ImageRecord, voidIds: Set<number>, background: number, path: string): { cls: LabelMap; obj: LabelMap } {
  const { image, annotations } = record;
  const { width: w, height: h } = image;
  if (w === 0 || h === 0) fail(`${path}.image`, 'an image of known, non-zero size', `${w}x${h}`);
  if (annotations.length > 254) fail(`${path}.annotations`, 'at most 254 objects (8-bit object PNG, 255 is void)', annotations.length);
  const cls: LabelMap = { width: w, height: h, data: new Uint8Array(w * h).fill(background) };
  const obj: LabelMap = { width: w, height: h, data: new Uint8Array(w * h) };
  annotations.forEach((a, j) => {
    const isVoid = voidIds.has(a.categoryId);
    if (!isVoid && (a.categoryId < 0 || a.categoryId > 254)) fail(`${path}.annotations[${j}].categoryId`, 'a class value in 0..254 (255 is void)', a.categoryId);
    const rle = annotationRle(a, image, `${path}.annotations[${j}]`);
    paintRle(cls, rle, isVoid ? VOID : a.categoryId);
    paintRle(obj, rle, isVoid ? 0 : j + 1);
  });
  return { cls, obj };
}

/**
 * Writes a dataset as labelme2voc-style PNGs (see `labelmeVocWriter`).
 *
 * @example
 * await writeLabelmeVoc(folderFiles('data_dataset_voc'), ds);
 */
export async function writeLabelmeVoc(files: FileSink, dataset: Dataset, options: LabelmeVocOptions = {}): Promise<WriteSummary> {
  return writeAll(labelmeVocWriter(files, dataset.header, options), dataset.records);
}
