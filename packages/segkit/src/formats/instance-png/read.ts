// Instance PNG reader: VOC object + class pairs, Cityscapes instanceIds, class·256 + instance.
// One pass per image: the pixel values (or VOC's object/class pairs) are split into one RLE per
// value, then grouped into annotations by the encoding (./encodings.ts).
import { FormatError } from '../../errors';
import type { FileSource } from '../../io/files';
import type { Zlib } from '../../png/zlib';
import type { Annotation, Category, Dataset, Finding, ImageRecord } from '../../dataset/model';
import { checkCategories } from '../../dataset/check';
import { measureRle } from '../../dataset/segmentation';
import { labelMapToRles } from '../../labels/rles';
import { rleMerge } from '../../rle/merge';
import type { LabelMap, Rle } from '../../types';
import { checkInt, fail } from '../../validate';
import { colorTable, colorToValue, type ColorSource } from '../colors';
import { readValuePng, stem } from '../label-png';
import { pngPaths } from '../semantic-png/read';
import { CITYSCAPES_SUFFIX, ENCODINGS, crowdRegion, defaultObjects, defaultVoid, regionId, type InstanceEncoding } from './encodings';

/** Options shared by the instance PNG reader and writer. */
export interface InstancePngOptions {
  /** How values encode objects (see the README's table): `'voc'`, `'cityscapes'` or `'class-instance'`. */
  encoding: InstanceEncoding;
  /** The class table; a class-only region of a thing category is read as a crowd region. */
  categories?: Category[];
  /** The void value (default 255 for voc, 0 otherwise). */
  void?: number;
  /** voc only: `'index'` (default) or `'color'` (RGB masks through `colors`, default `'voc'`). */
  pixels?: 'index' | 'color';
  colors?: ColorSource;
  /** Folder of the instance PNGs (default `'SegmentationObject'`, `'gtFine'` or the root). */
  objects?: string;
  /** voc only: folder of the class PNGs (default `'SegmentationClass'`). */
  classes?: string;
  /** Extension of the image files (default `'.jpg'`; Cityscapes names its images itself). */
  imageExtension?: string;
  /** zlib for the PNGs (default Compression Streams; `segkit/node` passes node:zlib). */
  zlib?: Zlib;
}

/** Options of `readInstancePng`. */
export interface ReadInstancePngOptions extends InstancePngOptions {
  /** The stems to read, in order (Cityscapes: without the suffix). Default: every file, sorted. */
  ids?: string[];
}

/** Instance PNG options, checked and with defaults. */
export interface InstanceSetup {
  encoding: InstanceEncoding;
  categories: Category[];
  cats: Map<number, Category>;
  voidValue: number;
  colors?: Map<number, number>; // value -> packed colour (voc 'color' pixels)
  objects: string;
  classes: string;
  imageExtension: string;
}

/** Checks the options shared by the instance PNG reader and writer and fills in the defaults. */
export function instanceSetup(options: InstancePngOptions): InstanceSetup {
  if (typeof options !== 'object' || options === null || !ENCODINGS.includes(options.encoding)) {
    fail('options.encoding', ENCODINGS.map((e) => `'${e}'`).join(', '), options?.encoding);
  }
  const encoding = options.encoding;
  const categories = options.categories === undefined ? [] : checkCategories(options.categories, 'options.categories');
  const pixels = options.pixels ?? 'index';
  if (pixels !== 'index' && !(pixels === 'color' && encoding === 'voc')) fail('options.pixels', "'index' (or 'color' for voc)", pixels);
  return {
    encoding,
    categories,
    cats: new Map(categories.map((c) => [c.id, c])),
    voidValue: options.void === undefined ? defaultVoid(encoding) : checkInt(options.void, 'options.void', 0, 65535),
    colors: pixels === 'color' ? colorTable(options.colors ?? 'voc', categories) : undefined,
    objects: options.objects ?? defaultObjects(encoding),
    classes: options.classes ?? 'SegmentationClass',
    imageExtension: options.imageExtension ?? '.jpg',
  };
}

/**
 * Reads instance PNGs as a Dataset of kind `'instances'`: one annotation per object (id = its
 * value in the PNG: VOC object number, Cityscapes id, class·256 + instance), plus one region per
 * class for pixels with a class but no instance (see the encoding notes). Area and bbox are
 * measured. Image id = the PNG's stem (Cityscapes: without `_gtFine_instanceIds`).
 *
 * @param files - the dataset folder (VOC: the folder holding SegmentationObject/ and SegmentationClass/).
 * @throws FormatError naming the PNG: not a PNG, RGB where indices are expected, or (voc) object
 *   and class PNGs of different sizes.
 * @example
 * const ds = await readInstancePng(folderFiles('VOC2012'), { encoding: 'voc', categories });
 */
export async function readInstancePng(files: FileSource, options: ReadInstancePngOptions): Promise<Dataset> {
  const s = instanceSetup(options);
  let paths: string[];
  if (s.encoding === 'cityscapes') {
    const all = (await files.list(s.objects)).filter((p) => p.endsWith(CITYSCAPES_SUFFIX));
    if (options.ids) {
      const byStem = new Map(all.map((p) => [cityscapesStem(p), p]));
      paths = options.ids.map((id, i) => byStem.get(id) ?? fail(`options.ids[${i}]`, `a stem of a *${CITYSCAPES_SUFFIX} file`, id));
    } else paths = all;
  } else {
    paths = await pngPaths(files, s.objects, options.ids);
  }
  const colorValues = s.colors && colorToValue(s.colors);
  return {
    header: { kind: 'instances', categories: s.categories },
    records: {
      async *[Symbol.asyncIterator]() {
        for (const path of paths) {
          const warnings: Finding[] = [];
          const objects = await readValuePng(files, path, colorValues, s.voidValue, options.zlib, warnings);
          let record: ImageRecord;
          if (s.encoding === 'voc') {
            const id = stem(path);
            const classPath = `${s.classes ? `${s.classes}/` : ''}${id}.png`;
            const classes = await readValuePng(files, classPath, colorValues, s.voidValue, options.zlib, warnings);
            if (classes.width !== objects.width || classes.height !== objects.height) {
              throw new FormatError(`${files.name}/${classPath}`, '', `the class PNG is ${classes.width}x${classes.height} but the object PNG ${path} is ${objects.width}x${objects.height}`);
            }
            record = {
              image: { id, fileName: `${id}${s.imageExtension}`, width: objects.width, height: objects.height },
              annotations: vocAnnotations(objects, classes, s, `${files.name}/${path}`, warnings),
              files: { instances: path, classes: classPath },
            };
          } else {
            const cs = s.encoding === 'cityscapes';
            const id = cs ? cityscapesStem(path) : stem(path);
            record = {
              image: { id, fileName: cs ? cityscapesImage(path) : `${id}${s.imageExtension}`, width: objects.width, height: objects.height },
              annotations: valueAnnotations(objects, s),
              files: { instances: path },
            };
          }
          if (warnings.length) record.warnings = warnings;
          yield record;
        }
      },
    },
  };
}

/** `…/x_gtFine_instanceIds.png` -> `x`. */
function cityscapesStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.slice(0, base.length - CITYSCAPES_SUFFIX.length);
}

/** `gtFine/<split>/<city>/x_gtFine_instanceIds.png` -> `leftImg8bit/<split>/<city>/x_leftImg8bit.png`. */
function cityscapesImage(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'gtFine') parts[0] = 'leftImg8bit';
  parts[parts.length - 1] = `${cityscapesStem(path)}_leftImg8bit.png`;
  return parts.join('/');
}

/** Cityscapes and class-instance: one annotation per value. */
function valueAnnotations(map: LabelMap, s: InstanceSetup): Annotation[] {
  const { values, rles } = labelMapToRles(map, { ignore: [s.voidValue] });
  return values.map((v, i) => {
    let categoryId: number;
    let region: boolean;
    if (s.encoding === 'cityscapes') {
      region = v < 1000;
      categoryId = region ? v : Math.floor(v / 1000);
    } else {
      region = (v & 0xff) === 0;
      categoryId = v >> 8;
    }
    return { id: v, categoryId, iscrowd: region && crowdRegion(s.cats, categoryId), segmentation: rles[i], ...measureRle(rles[i]) };
  });
}

const IGNORED = 0xffff; // (void, void): no annotation

/** VOC: one annotation per object number (its class from the class PNG), one region per class elsewhere. */
function vocAnnotations(objects: LabelMap, classes: LabelMap, s: InstanceSetup, file: string, warnings: Finding[]): Annotation[] {
  const v = s.voidValue;
  const n = objects.data.length;
  const keys = new Uint16Array(n);
  for (let p = 0; p < n; p++) {
    const o = objects.data[p];
    const c = classes.data[p];
    if (o > 255 || c > 255) throw new FormatError(file, '', `VOC values are 0..255, found ${Math.max(o, c)}`);
    keys[p] = o === 0 || o === v ? (c === v ? IGNORED : c) : (o << 8) | c;
  }
  const { values, rles } = labelMapToRles({ width: objects.width, height: objects.height, data: keys }, { ignore: [IGNORED] });
  const out: Annotation[] = [];
  const objectParts = new Map<number, { classes: number[]; rles: Rle[] }>();
  values.forEach((key, i) => {
    if (key < 256) {
      out.push({ id: regionId('voc', key), categoryId: key, iscrowd: crowdRegion(s.cats, key), segmentation: rles[i], ...measureRle(rles[i]) });
    } else {
      const parts = objectParts.get(key >> 8) ?? { classes: [], rles: [] };
      parts.classes.push(key & 0xff);
      parts.rles.push(rles[i]);
      objectParts.set(key >> 8, parts);
    }
  });
  for (const [o, parts] of objectParts) {
    // the object's class: the one it covers most, void only when it covers nothing else
    const areas = parts.rles.map((r) => measureRle(r).area);
    let best = -1;
    parts.classes.forEach((c, i) => {
      if (c !== v && (best < 0 || areas[i] > areas[best])) best = i;
    });
    if (best < 0) best = 0;
    if (parts.classes.length > 1) {
      warnings.push({
        code: 'W_OBJECT_CLASSES',
        severity: 'warning',
        file,
        location: '',
        message: `object ${o} covers classes ${parts.classes.map((c, i) => `${c} (${areas[i]} px)`).join(', ')}: read as class ${parts.classes[best]}`,
      });
    }
    const rle = parts.rles.length === 1 ? parts.rles[0] : rleMerge(parts.rles);
    out.push({ id: o, categoryId: parts.classes[best], iscrowd: false, segmentation: rle, ...measureRle(rle) });
  }
  return out;
}
