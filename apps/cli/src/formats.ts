// The dataset formats as the command line names them: how each is read from a path, where its
// output goes, and which writer options the flags map to.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  classList, cocoPanopticWriter, cocoWriter, fileSink, folderFiles, instancePngWriter, labelmeWriter, nodeZlib,
  polygonJsonWriter, readCocoFile, readCocoPanopticFiles, readInstancePngFolder, readLabelmeFolder, readPolygonJson,
  readSemanticPngFolder, readYoloSegFolder, semanticPngWriter, yoloSegWriter,
  type Category, type Dataset, type FileSink, type FileSource, type DatasetHeader, type DatasetKind, type InstanceEncoding, type PanopticEncoding, type RecordWriter,
} from 'segkit/node';
import { DataError, UsageError } from './errors';

export const FORMATS = ['coco', 'coco-panoptic', 'semantic-png', 'instance-png', 'yolo-seg', 'labelme', 'polygon-json'] as const;
export type FormatName = (typeof FORMATS)[number];

/** Flags that shape how a format is read or written (all optional; defaults documented in the help). */
export interface FormatFlags {
  categories?: string;
  pngDir?: string;
  panopticEncoding?: PanopticEncoding;
  instanceEncoding?: InstanceEncoding;
  void?: number;
  palette?: 'voc' | 'categories';
  size?: { width: number; height: number };
  variant?: 'instance' | 'semantic';
  holes?: 'bridge' | 'split';
  rleCounts?: 'string' | 'array';
  ids?: 'keep' | 'renumber';
  /** COCO / panoptic JSON: MiB of annotation JSON parsed at a time. */
  readBatch?: number;
}

/** The file written beside folder formats that have no class list of their own. */
export const CATEGORIES_FILE = 'categories.json';

/** Formats whose output is one file (plus, for panoptic, a PNG folder named after it). */
export const isFileFormat = (f: FormatName) => f === 'coco' || f === 'coco-panoptic';

export function checkFormat(v: string, flag: string): FormatName {
  if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`${flag} must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(v)})`);
  return v as FormatName;
}

/** The kind of records a format holds when written. */
export function writeKind(format: FormatName, flags: FormatFlags): DatasetKind {
  if (format === 'coco-panoptic') return 'panoptic';
  if (format === 'semantic-png' || (format === 'polygon-json' && flags.variant === 'semantic')) return 'semantic';
  return 'instances';
}

/** Panoptic PNG folder of a panoptic JSON path: `panoptic_val2017.json` -> `panoptic_val2017`. */
export function panopticPngDir(json: string, flags: FormatFlags): string {
  return flags.pngDir ?? json.replace(/\.json$/i, '');
}

/** A category table from a COCO-style JSON (`{"categories": [...]}` or a bare list) or a class list text file. */
export async function loadCategories(path: string): Promise<Category[]> {
  const text = await readFile(path, 'utf8');
  if (!/\.json$/i.test(path)) return classList(text);
  const doc = JSON.parse(text) as unknown;
  const list = Array.isArray(doc) ? doc : (doc as { categories?: unknown }).categories;
  if (!Array.isArray(list)) throw new UsageError(`${path}: expected a list of categories or an object with "categories"`);
  return list.map((c: Record<string, unknown>) => {
    const { id, name, supercategory, isthing, color, ...rest } = c;
    const cat: Category = { id: id as number, name: name as string };
    if (typeof supercategory === 'string') cat.supercategory = supercategory;
    if (isthing !== undefined) cat.isthing = Boolean(isthing);
    if (Array.isArray(color)) cat.color = color as [number, number, number];
    if (Object.keys(rest).length) cat.attributes = rest;
    return cat;
  });
}

/** COCO JSON text of a category table (what `loadCategories` reads back). */
export function categoriesJson(categories: Category[]): string {
  const list = categories.map((c) => {
    const o: Record<string, unknown> = { id: c.id, name: c.name };
    if (c.supercategory !== undefined) o.supercategory = c.supercategory;
    if (c.isthing !== undefined) o.isthing = c.isthing ? 1 : 0;
    if (c.color !== undefined) o.color = c.color;
    return { ...c.attributes, ...o };
  });
  return `${JSON.stringify({ categories: list }, null, 1)}\n`;
}

/** The categories from `--categories`, else the folder's categories.json, else none. */
async function folderCategories(dir: string, flags: FormatFlags): Promise<Category[] | undefined> {
  if (flags.categories) return loadCategories(flags.categories);
  const own = join(dir, CATEGORIES_FILE);
  return existsSync(own) ? loadCategories(own) : undefined;
}

/** Opens an input path as a dataset. */
export async function openInput(format: FormatName, input: string, flags: FormatFlags): Promise<Dataset> {
  // a missing folder would read as an empty dataset
  if (!existsSync(input)) throw new DataError(`${input}: no such ${isFileFormat(format) ? 'file' : 'folder'}`);
  const categories = await folderCategories(input, flags);
  switch (format) {
    case 'coco':
      return readCocoFile(input, { batchBytes: (flags.readBatch ?? 4) * 2 ** 20 });
    case 'coco-panoptic':
      return readCocoPanopticFiles(input, panopticPngDir(input, flags), { encoding: flags.panopticEncoding, batchBytes: (flags.readBatch ?? 4) * 2 ** 20 });
    case 'semantic-png':
      return readSemanticPngFolder(input, { categories, void: flags.void });
    case 'instance-png':
      return readInstancePngFolder(input, { encoding: flags.instanceEncoding ?? 'voc', categories, void: flags.void });
    case 'yolo-seg':
      // labels without their images (segkit writes no images): read the label files and classes.txt
      return readYoloSegFolder(input, { categories, size: flags.size, ...(flags.size && !existsSync(join(input, 'images')) ? { yaml: false } : {}) });
    case 'labelme':
      return readLabelmeFolder(input, { categories, unknownLabels: categories ? 'error' : 'add' });
    case 'polygon-json':
      // every .json of the folder is a record: hide the class table
      return readPolygonJson(withoutCategoriesFile(folderFiles(input)), { categories, size: flags.size, variant: flags.variant ?? 'auto' });
  }
}

/**
 * Formats whose writer keeps no state between records (one or two files per image): their files
 * are encoded on the worker threads (`recordFilesWriter` over memory) and only written by the main
 * thread.
 */
export const ENCODED_IN_WORKERS: ReadonlySet<FormatName> = new Set(['semantic-png', 'instance-png', 'labelme', 'polygon-json']);

/** The writer of a stateless folder format over any FileSink (a folder, or memory in a worker). */
export function recordFilesWriter(format: FormatName, files: FileSink, header: DatasetHeader, flags: FormatFlags): RecordWriter {
  switch (format) {
    case 'semantic-png':
      return semanticPngWriter(files, header, { palette: flags.palette, void: flags.void, zlib: nodeZlib });
    case 'instance-png':
      return instancePngWriter(files, header, { encoding: flags.instanceEncoding ?? 'voc', void: flags.void, palette: flags.palette, zlib: nodeZlib });
    case 'labelme':
      return labelmeWriter(files, header, { zlib: nodeZlib });
    case 'polygon-json':
      return polygonJsonWriter(files, header, { variant: flags.variant, holes: flags.holes });
    default:
      throw new Error(`${format} is not written per record`);
  }
}

/** A writer of a format into `dir` (the staging folder), where the output is named `name`. */
export async function openWriter(format: FormatName, dir: string, name: string, header: DatasetHeader, flags: FormatFlags): Promise<RecordWriter> {
  const out = join(dir, name);
  const ids = flags.ids;
  switch (format) {
    case 'coco':
      return cocoWriter(await fileSink(out), header, { rleCounts: flags.rleCounts, ids, areaBbox: 'keep' });
    case 'coco-panoptic':
      return cocoPanopticWriter(await fileSink(out), folderFiles(join(dir, panopticPngDir(name, {}))), header, {
        encoding: flags.panopticEncoding, ids, zlib: nodeZlib,
      });
    case 'yolo-seg':
      return yoloSegWriter(folderFiles(out), header, { holes: flags.holes, classList: 'both' });
    case 'labelme':
      return recordFilesWriter(format, folderFiles(out), header, flags);
    default:
      return withCategories(out, header, recordFilesWriter(format, folderFiles(out), header, flags));
  }
}

/** Writes files encoded elsewhere (by `recordFilesWriter` in a worker) into a folder, with the format's closing files. */
export function encodedFilesWriter(format: FormatName, dir: string, name: string, header: DatasetHeader) {
  const out = join(dir, name);
  const folder = folderFiles(out);
  const summary = { images: 0, annotations: 0, recomputed: 0, files: 0 };
  return {
    async add(files: [string, Uint8Array][], annotations: number) {
      for (const [path, bytes] of files) await folder.write(path, bytes);
      summary.images++;
      summary.annotations += annotations;
      summary.files += files.length;
    },
    async close() {
      if (format !== 'labelme') {
        await folder.write(CATEGORIES_FILE, new TextEncoder().encode(categoriesJson(header.categories)));
        summary.files++;
      }
      return summary;
    },
    abort: async () => {},
  };
}

/** Adds categories.json to a folder output on close, so that the folder reads back with its class table. */
function withCategories(dir: string, header: DatasetHeader, writer: RecordWriter): RecordWriter {
  return {
    add: (r) => writer.add(r),
    abort: () => writer.abort(),
    async close() {
      const summary = await writer.close();
      await folderFiles(dir).write(CATEGORIES_FILE, new TextEncoder().encode(categoriesJson(header.categories)));
      return { ...summary, files: summary.files + 1 };
    },
  };
}

function withoutCategoriesFile(files: FileSource): FileSource {
  return { ...files, list: async (sub) => (await files.list(sub)).filter((p) => p !== CATEGORIES_FILE) };
}

/** The records of a semantic PNG folder, as `readSemanticPngFolder` orders them: the stems of its PNGs. */
export async function semanticStems(input: string): Promise<string[] | undefined> {
  const pngs = (await folderFiles(input).list()).filter((p) => p.toLowerCase().endsWith('.png') && !p.includes('/'));
  // the reader takes `<stem>.png`: other spellings of the extension stay with the main thread's reader
  return pngs.every((p) => p.endsWith('.png')) ? pngs.map((p) => p.slice(0, -4)) : undefined;
}
