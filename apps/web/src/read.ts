// Reading what a person drops on the page: a picture, or annotations (COCO JSON, LabelMe JSON or
// a label PNG), all from bytes held in the page. Nothing leaves it.
import {
  blobSource, memoryFiles, readCoco, readLabelme, readSemanticPng,
  type DatasetHeader, type ImageRecord,
} from 'segkit';

/** What a dropped file is. */
export type FileKind = 'picture' | 'coco' | 'labelme' | 'label-png';

/** Annotations read from one file, every image's record in memory. */
export interface Scene {
  /** The annotation file's name. */
  source: string;
  kind: Exclude<FileKind, 'picture'>;
  header: DatasetHeader;
  records: ImageRecord[];
  /** Per record, the picture embedded in the file (LabelMe `imageData`), base64; kept out of the records. */
  embedded: (string | undefined)[];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

/**
 * Tells a picture from annotations: JSON files are COCO (an object with `annotations` or
 * `images`, or a results list) or LabelMe (an object with `shapes`); a PNG of grey levels or
 * palette indices is a label PNG; anything else is a picture.
 */
export async function classify(file: Blob & { name: string }): Promise<FileKind> {
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  if (PNG_SIGNATURE.every((b, i) => head[i] === b)) {
    // IHDR's colour type is byte 25: 0 grey, 3 palette (label maps); 2, 4, 6 colour or alpha.
    return head[25] === 0 || head[25] === 3 ? 'label-png' : 'picture';
  }
  if (!/\.json$/i.test(file.name) && !looksLikeJson(head)) return 'picture';
  // LabelMe files hold one image (a few MB with imageData); larger JSON is COCO, read streamed.
  if (file.size > LARGEST_LABELME) return 'coco';
  const doc: unknown = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'shapes' in doc) return 'labelme';
  return 'coco';
}

const LARGEST_LABELME = 64 * 1024 * 1024;

function looksLikeJson(head: Uint8Array): boolean {
  const first = head.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  return first === 0x7b || first === 0x5b; // '{' or '['
}

/** Reads an annotation file of a known kind into memory. */
export async function readScene(file: Blob & { name: string }, kind: Exclude<FileKind, 'picture'>): Promise<Scene> {
  const name = file.name;
  const bytes = async () => new Uint8Array(await file.arrayBuffer());
  const dataset =
    kind === 'coco' ? await readCoco(blobSource(file, name))
    : kind === 'labelme' ? await readLabelme(memoryFiles({ [safeName(name)]: await bytes() }, ''), { imageData: 'keep' })
    : await readSemanticPng(memoryFiles({ [safeName(name)]: await bytes() }, ''));
  const records: ImageRecord[] = [];
  const embedded: (string | undefined)[] = [];
  for await (const r of dataset.records) {
    const { imageData, ...attributes } = r.image.attributes ?? {};
    embedded.push(typeof imageData === 'string' && imageData.length > 0 ? imageData : undefined);
    const image = { ...r.image, attributes: Object.keys(attributes).length ? attributes : undefined };
    if (!image.attributes) delete image.attributes;
    records.push({ ...r, image });
  }
  return { source: name, kind, header: dataset.header, records, embedded };
}

/** A file name usable as a path in an in-memory folder. */
const safeName = (name: string) => name.replace(/[\\/]/g, '_') || 'file';

/** A base64 picture (LabelMe `imageData`) as a Blob. */
export function base64Blob(data: string): Blob {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return new Blob([out]);
}

/** The index of the record a picture named `name` belongs to: same file name, else same stem; -1 if none. */
export function recordFor(records: readonly ImageRecord[], name: string): number {
  const base = (p: string) => p.split(/[\\/]/).pop() ?? p;
  const stem = (p: string) => base(p).replace(/\.[^.]*$/, '');
  const exact = records.findIndex((r) => base(r.image.fileName) === base(name));
  return exact >= 0 ? exact : records.findIndex((r) => stem(r.image.fileName) === stem(name));
}
