// Where a YOLO dataset keeps its files. Ultralytics: `data.yaml` names the image folders (or
// image list files) per split; each label file sits at the image's path with the last `images`
// folder replaced by `labels` and the extension by `.txt`. Exporters of annotation tools write a
// `classes.txt` (one name per line, class = line number from 0) and a flat `labels/` folder.
import { FormatError } from '../../errors';
import { joinPath, safePath, type FileSource } from '../../io/files';
import type { Category } from '../../dataset/model';
import { parseYaml, type YamlValue } from './yaml';

/** Image file extensions looked for (lower case). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.gif', '.tif', '.tiff'];

/** The label file of an image path: the last `images/` folder becomes `labels/`, the extension `.txt`. */
export function labelPathOf(imagePath: string): string {
  const p = `/${imagePath}`;
  const k = p.lastIndexOf('/images/');
  const swapped = k < 0 ? joinPath('labels', imagePath) : `${p.slice(1, k + 1)}labels/${p.slice(k + 8)}`;
  const dot = swapped.lastIndexOf('.');
  return `${dot > swapped.lastIndexOf('/') ? swapped.slice(0, dot) : swapped}.txt`;
}

/** The image and label file of one record (either may be missing). */
export interface YoloItem {
  image?: string;
  label?: string;
  /** The split it was listed under in data.yaml. */
  split?: string;
}

/** Class names from data.yaml's `names`: a list, or a map from class index to name. */
export function namesOf(value: YamlValue | undefined, file: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v, i) => (typeof v === 'string' ? v : bad(file, `names[${i}]`, 'a class name')));
  if (typeof value === 'object') {
    const out: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const i = Number(k);
      if (!Number.isInteger(i) || i < 0 || i > 1e6) bad(file, `names.${k}`, 'a class index (an integer >= 0)');
      if (typeof v !== 'string') bad(file, `names.${k}`, 'a class name');
      out[i] = v as string;
    }
    for (let i = 0; i < out.length; i++) if (out[i] === undefined) bad(file, 'names', `a name for every class 0..${out.length - 1} (missing ${i})`);
    return out;
  }
  return bad(file, 'names', 'a list or map of class names');
}

function bad(file: string, path: string, expected: string): never {
  throw new FormatError(file, path, `expected ${expected}`);
}

/** Categories for class names: class i is category id i (0-based, as YOLO numbers them). */
export function namesToCategories(names: string[]): Category[] {
  return names.map((name, id) => ({ id, name }));
}

/** The layout found in a folder: class names (if any) and the items to read. */
export interface YoloLayout {
  names?: string[];
  items: YoloItem[];
  /** data.yaml's fields other than names and splits, verbatim. */
  attributes?: Record<string, unknown>;
}

/** Options that steer layout discovery. */
export interface LayoutOptions {
  /** The dataset YAML inside the folder (default `'data.yaml'` when present); `false`: read the label files without it. */
  yaml?: string | false;
  /** Splits of the YAML to read (default every one it names, of train, val, test). */
  splits?: string[];
  /** Folder of label files when there is no YAML (default `'labels'` when present, else the root). */
  labels?: string;
  /** Folder of images when there is no YAML (default: derived from each label file's path). */
  images?: string;
}

const SPLITS = ['train', 'val', 'test'];

/** Finds the images and label files of a YOLO dataset folder. */
export async function findLayout(files: FileSource, options: LayoutOptions): Promise<YoloLayout> {
  if (options.images !== undefined) safePath(options.images, 'options.images');
  if (options.labels !== undefined && options.labels !== '') safePath(options.labels, 'options.labels');
  const yamlPath = options.yaml === false ? undefined : options.yaml ?? ((await files.has('data.yaml')) ? 'data.yaml' : undefined);
  if (yamlPath !== undefined) return yamlLayout(files, safePath(yamlPath, 'options.yaml'), options.splits);
  const all = await files.list();
  const labelsDir = options.labels ?? (all.some((p) => p.startsWith('labels/')) ? 'labels' : '');
  const prefix = labelsDir ? `${safePath(labelsDir, 'options.labels')}/` : '';
  const labels = all.filter((p) => p.startsWith(prefix) && p.endsWith('.txt') && !/(^|\/)classes\.txt$/.test(p));
  let names: string[] | undefined;
  for (const c of [joinPath(labelsDir, 'classes.txt'), 'classes.txt']) {
    if (c && (await files.has(c))) {
      names = classesTxt(new TextDecoder().decode(await files.read(c)));
      break;
    }
  }
  const imagesOf = new Map<string, string>();
  if (options.images !== undefined) {
    const dir = safePath(options.images, 'options.images');
    for (const p of all) if (p.startsWith(`${dir}/`) && isImage(p)) imagesOf.set(stemPath(p.slice(dir.length + 1)), p);
  } else {
    for (const p of all) if (isImage(p)) imagesOf.set(stemPath(labelPathOf(p)), p);
  }
  const items: YoloItem[] = [];
  const used = new Set<string>();
  for (const label of labels) {
    const key = options.images !== undefined ? stemPath(label.slice(prefix.length)) : stemPath(label);
    const image = imagesOf.get(key);
    if (image) used.add(image);
    items.push({ image, label });
  }
  // images without a label file: background images (no objects)
  if (options.images !== undefined || labelsDir === 'labels') {
    for (const image of imagesOf.values()) {
      if (!used.has(image)) items.push({ image, label: undefined });
    }
  }
  items.sort((a, b) => ((a.image ?? a.label!) < (b.image ?? b.label!) ? -1 : 1));
  return { names, items };
}

async function yamlLayout(files: FileSource, yamlPath: string, splits: string[] | undefined): Promise<YoloLayout> {
  const file = `${files.name}/${yamlPath}`;
  const doc = parseYaml(new TextDecoder().decode(await files.read(yamlPath)), file);
  const names = namesOf(doc.names, file);
  const base = yamlBase(yamlPath, doc.path);
  const all = await files.list();
  const items: YoloItem[] = [];
  const wanted = splits ?? SPLITS.filter((s) => doc[s] !== undefined && doc[s] !== null);
  const seen = new Set<string>();
  for (const split of wanted) {
    const v = doc[split];
    if (v === undefined || v === null) throw new FormatError(file, split, `the YAML names no ${split} split`);
    const entries = Array.isArray(v) ? v : [v];
    for (const e of entries) {
      if (typeof e !== 'string') throw new FormatError(file, split, 'expected a folder or list file');
      const dir = joinPath(base, e.replace(/^\.\//, ''));
      let images: string[];
      if (e.endsWith('.txt')) {
        const text = new TextDecoder().decode(await files.read(safePath(dir, `${split} list`)));
        images = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').map((l) => safePath(joinPath(base, l.replace(/^\.\//, '')), `${dir} entry`));
      } else {
        const prefix = dir ? `${safePath(dir, split)}/` : '';
        images = all.filter((p) => p.startsWith(prefix) && isImage(p));
      }
      for (const image of images) {
        if (seen.has(image)) continue;
        seen.add(image);
        const label = labelPathOf(image);
        items.push({ image, label: (await files.has(label)) ? label : undefined, split });
      }
    }
  }
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k !== 'names' && !SPLITS.includes(k)) attributes[k] = v;
  return { names, items, attributes: Object.keys(attributes).length ? attributes : undefined };
}

/** The dataset root named by data.yaml's `path` (relative to the YAML's folder; absolute paths mean the folder itself). */
function yamlBase(yamlPath: string, path: YamlValue | undefined): string {
  const dir = yamlPath.includes('/') ? yamlPath.slice(0, yamlPath.lastIndexOf('/')) : '';
  if (typeof path !== 'string' || path === '' || path === '.' || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return dir;
  return safePath(joinPath(dir, path.replace(/^\.\//, '')), 'data.yaml path');
}

/** classes.txt: one class name per line (class = line number from 0); trailing blank lines ignored. */
export function classesTxt(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const isImage = (p: string) => IMAGE_EXTENSIONS.includes(p.slice(p.lastIndexOf('.')).toLowerCase());

/** A path without its extension. */
export function stemPath(p: string): string {
  const dot = p.lastIndexOf('.');
  return dot > p.lastIndexOf('/') ? p.slice(0, dot) : p;
}
