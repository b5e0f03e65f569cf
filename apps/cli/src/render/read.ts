// Opens a dataset in any of the library's formats with segkit/node's readers, and says where its
// pictures are by default.
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  FormatError, readCocoFile, readCocoPanopticFiles, readInstancePngFolder, readLabelmeFolder, readPolygonJsonFolder,
  readSemanticPngFolder, readYoloSegFolder, type Category, type Dataset, type InstanceEncoding, type PanopticEncoding,
} from 'segkit/node';
import { UsageError } from '../errors';

export const FORMATS = ['coco', 'coco-panoptic', 'semantic-png', 'instance-png', 'yolo-seg', 'labelme', 'polygon-json'] as const;
export type FormatName = (typeof FORMATS)[number];

/** Formats read from one JSON file; the others from a folder. */
const FILE_FORMATS: readonly FormatName[] = ['coco', 'coco-panoptic'];

const PANOPTIC_ENCODINGS: readonly PanopticEncoding[] = ['id', '2-channel'];
const INSTANCE_ENCODINGS: readonly InstanceEncoding[] = ['voc', 'cityscapes', 'class-instance'];

export interface OpenOptions {
  /** coco-panoptic: the PNG folder (default: the JSON's path without `.json`). */
  pngDir?: string;
  /** coco-panoptic: `id` (default) or `2-channel`; instance-png: `voc` (default), `cityscapes`, `class-instance`. */
  encoding?: string;
  /** A JSON file with the category table: a list of categories or `{categories: [...]}`. */
  categories?: string;
}

/** Reads `--categories`: COCO-style `{id, name, color?, isthing?}` entries. */
async function readCategories(path: string): Promise<Category[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).syscall) throw e;
    throw new FormatError(path, '', `not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { categories?: unknown })?.categories;
  if (!Array.isArray(list)) throw new FormatError(path, '', 'expected a list of categories or an object with "categories"');
  return list as Category[];
}

function encodingOf<T extends string>(format: FormatName, given: string | undefined, choices: readonly T[]): T {
  if (given === undefined) return choices[0];
  if (!choices.includes(given as T)) {
    throw new UsageError(`--encoding for ${format} must be one of ${choices.join(', ')} (got '${given}')`);
  }
  return given as T;
}

/** Opens `input` as `format`. Throws UsageError when a file format gets a folder or the reverse. */
export async function openDataset(format: FormatName, input: string, o: OpenOptions = {}): Promise<Dataset> {
  const isDir = (await stat(input)).isDirectory();
  if (FILE_FORMATS.includes(format) === isDir) {
    throw new UsageError(`${format} reads ${isDir ? 'a JSON file' : 'a folder'}, but ${input} is ${isDir ? 'a folder' : 'a file'}`);
  }
  if (o.encoding !== undefined && format !== 'coco-panoptic' && format !== 'instance-png') {
    throw new UsageError(`--encoding applies to coco-panoptic and instance-png, not ${format}`);
  }
  if (o.pngDir !== undefined && format !== 'coco-panoptic') throw new UsageError(`--png-dir applies to coco-panoptic, not ${format}`);
  const categories = o.categories === undefined ? undefined : await readCategories(o.categories);
  switch (format) {
    case 'coco':
      return withCategories(await readCocoFile(input), categories);
    case 'coco-panoptic':
      return withCategories(await readCocoPanopticFiles(input, o.pngDir ?? input.replace(/\.json$/i, ''), {
        encoding: encodingOf(format, o.encoding, PANOPTIC_ENCODINGS),
      }), categories);
    case 'semantic-png':
      return readSemanticPngFolder(input, { categories });
    case 'instance-png':
      return readInstancePngFolder(input, { encoding: encodingOf(format, o.encoding, INSTANCE_ENCODINGS), categories });
    case 'yolo-seg':
      return readYoloSegFolder(input, { categories });
    case 'labelme':
      return readLabelmeFolder(input, categories ? { categories, unknownLabels: 'add' } : {});
    case 'polygon-json':
      return readPolygonJsonFolder(input, { categories });
  }
}

/** For formats whose file carries its own table: `--categories` replaces it (names, colours). */
function withCategories(ds: Dataset, categories: Category[] | undefined): Dataset {
  return categories ? { ...ds, header: { ...ds.header, categories } } : ds;
}

/** Where the pictures are when `--images` is not given: beside a JSON file, or in the folder. */
export async function defaultImagesDir(input: string): Promise<string> {
  return (await stat(input)).isDirectory() ? input : dirname(input);
}
