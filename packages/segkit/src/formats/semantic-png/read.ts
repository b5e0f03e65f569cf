// Semantic label PNGs: one PNG per image, one class value per pixel. Read by index (8-bit or
// 16-bit grey, palette index — never through RGB) or, for colour-coded masks, by colour through a
// colour table. Every value except the void value becomes one region annotation (id = category id).
import type { FileSource } from '../../io/files';
import type { Zlib } from '../../png/zlib';
import type { Annotation, Category, Dataset, Finding, ImageRecord } from '../../dataset/model';
import { measureRle } from '../../dataset/segmentation';
import { labelMapToRles } from '../../labels/rles';
import { rleMerge } from '../../rle/merge';
import { checkArray, checkInt, fail } from '../../validate';
import { checkCategories } from '../../dataset/check';
import { colorTable, colorToValue, type ColorSource } from '../colors';
import { readValuePng, stem } from '../label-png';

/** Options shared by the semantic PNG reader and writer. */
export interface SemanticPngOptions {
  /** The class table (default: none; category ids are then the pixel values). */
  categories?: Category[];
  /** The pixel value of unlabelled pixels (default 255, VOC's boundary band). */
  void?: number;
  /** `'index'` (default): grey or palette index; `'color'`: colour-coded through `colors`. */
  pixels?: 'index' | 'color';
  /** Colour table for `pixels: 'color'` (default `'categories'`: each category's colour, value = id). */
  colors?: ColorSource;
  /** Pixel value -> category id, for values that are not the ids (e.g. train ids). Default: identity. */
  values?: Record<number, number>;
  /** Folder of the PNGs inside the file source (default: its root). */
  folder?: string;
  /** Extension of the image files the PNGs label (default `'.jpg'`): `fileName` is stem + extension. */
  imageExtension?: string;
  /** zlib for the PNGs (default Compression Streams; `segkit/node` passes node:zlib). */
  zlib?: Zlib;
}

/** Options of `readSemanticPng`. */
export interface ReadSemanticPngOptions extends SemanticPngOptions {
  /** The stems to read, in order (e.g. a VOC ImageSets list). Default: every PNG, sorted by name. */
  ids?: string[];
}

/** Resolved common options. */
export interface SemanticSetup {
  categories: Category[];
  voidValue: number;
  colors?: Map<number, number>; // value -> packed colour, for 'color' pixels
  toCategory: (v: number) => number;
  toValue: (c: number) => number;
  folder: string;
  imageExtension: string;
}

/** Checks the options shared by the semantic PNG reader and writer and fills in the defaults. */
export function semanticSetup(options: SemanticPngOptions): SemanticSetup {
  const categories = options.categories === undefined ? [] : checkCategories(options.categories, 'options.categories');
  const voidValue = options.void === undefined ? 255 : checkInt(options.void, 'options.void', 0, 65535);
  const pixels = options.pixels ?? 'index';
  if (pixels !== 'index' && pixels !== 'color') fail('options.pixels', "'index' or 'color'", pixels);
  const colors = pixels === 'color' ? colorTable(options.colors ?? 'categories', categories) : undefined;
  const map = new Map<number, number>();
  const inverse = new Map<number, number>();
  for (const [k, c] of Object.entries(options.values ?? {})) {
    const v = checkInt(Number(k), `options.values[${k}]`, 0, 65535);
    checkInt(c, `options.values[${k}]`, -(2 ** 31), 2 ** 31 - 1);
    if (inverse.has(c)) fail(`options.values[${k}]`, 'one pixel value per category', `category ${c} also for value ${inverse.get(c)}`);
    map.set(v, c);
    inverse.set(c, v);
  }
  return {
    categories,
    voidValue,
    colors,
    toCategory: (v) => map.get(v) ?? v,
    toValue: (c) => inverse.get(c) ?? c,
    folder: options.folder ?? '',
    imageExtension: options.imageExtension ?? '.jpg',
  };
}

/**
 * Reads a folder of semantic label PNGs as a Dataset of kind `'semantic'`: per image, one region
 * annotation per class present (id = category id, RLE, area and bbox measured, not crowd); void
 * pixels belong to no annotation. Image id = the PNG's stem; size = the PNG's.
 *
 * @param files - the folder (`memoryFiles`, or `folderFiles` from `segkit/node`).
 * @param options - `categories`, `void` (default 255), `pixels` (`'index'` default, or `'color'`
 *   with `colors`: `'voc'`, `'categories'` or a table), `values`, `folder`, `ids`, `imageExtension`.
 * @throws FormatError naming the PNG (not a PNG, corrupt, RGB where indices are expected).
 * @example
 * const ds = await readSemanticPng(folderFiles('VOC2012'), { folder: 'SegmentationClass', categories });
 */
export async function readSemanticPng(files: FileSource, options: ReadSemanticPngOptions = {}): Promise<Dataset> {
  const s = semanticSetup(options);
  const paths = await pngPaths(files, s.folder, options.ids);
  const colorValues = s.colors && colorToValue(s.colors);
  return {
    header: { kind: 'semantic', categories: s.categories },
    count: paths.length,
    records: {
      async *[Symbol.asyncIterator]() {
        for (const path of paths) {
          const warnings: Finding[] = [];
          const map = await readValuePng(files, path, colorValues, s.voidValue, options.zlib, warnings);
          const id = stem(path);
          const { values, rles } = labelMapToRles(map, { ignore: [s.voidValue] });
          const byCategory = new Map<number, typeof rles>();
          values.forEach((v, i) => {
            const c = s.toCategory(v);
            byCategory.set(c, [...(byCategory.get(c) ?? []), rles[i]]);
          });
          const annotations: Annotation[] = [...byCategory].map(([c, parts]) => {
            const rle = parts.length === 1 ? parts[0] : rleMerge(parts);
            return { id: c, categoryId: c, iscrowd: false, segmentation: rle, ...measureRle(rle) };
          });
          const record: ImageRecord = {
            image: { id, fileName: `${id}${s.imageExtension}`, width: map.width, height: map.height },
            annotations,
            files: { semantic: path },
          };
          if (warnings.length) record.warnings = warnings;
          yield record;
        }
      },
    },
  };
}

/** The PNGs of a folder (sorted), or the named stems' PNGs in the given order. */
export async function pngPaths(files: FileSource, folder: string, ids: string[] | undefined): Promise<string[]> {
  const prefix = folder ? `${folder.replace(/\/+$/, '')}/` : '';
  if (ids !== undefined) {
    checkArray(ids, 'options.ids', 'file stems');
    return ids.map((s, i) => {
      if (typeof s !== 'string' || s.length === 0) fail(`options.ids[${i}]`, 'a file stem', s);
      return `${prefix}${s}.png`;
    });
  }
  return (await files.list(folder)).filter((p) => p.toLowerCase().endsWith('.png') && p.slice(prefix.length).indexOf('/') < 0);
}
