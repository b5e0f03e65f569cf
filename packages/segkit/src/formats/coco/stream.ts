// Two-pass streaming access to COCO-shaped JSON (instances, stuff, results, panoptic): a file of
// any size (beyond V8's ~512 MiB string limit) is read with bounded memory.
//   1. one streamed pass (JsonScanner): `info`, `licenses`, `categories` and each `images[i]` are
//      parsed; each `annotations[i]` is only located (byte range) and its `image_id` picked.
//      Memory: the images plus 16 bytes per annotation.
//   2. per batch of images (about `batchBytes` of their annotations), the byte ranges are read back
//      (sorted, nearby ranges coalesced into one read) and parsed with JSON.parse; each image comes
//      with its annotation entries in file order.
// Annotations need not be grouped by image; when they are, pass 2 reads the file sequentially.
import { FormatError } from '../../errors';
import type { ByteSource } from '../../io/source';
import { JsonScanner, parseJsonBytes } from '../../json/scan';
import type { DatasetHeader, Id, ImageInfo } from '../../dataset/model';
import { Grow } from '../../util/grow';
import { fArray, type Where } from '../check';
import { readCategory, readImage } from './entries';

/** What the first pass learns. */
export interface CocoIndex {
  header: DatasetHeader;
  images: ImageInfo[];
  /** Byte range of every annotation entry, in file order. */
  starts: Float64Array;
  lengths: Uint32Array;
  /** Annotation numbers grouped by image: those of image k are order[offsets[k] .. offsets[k + 1]). */
  order: Uint32Array;
  offsets: Uint32Array;
}

/** An annotation entry parsed in pass 2. */
export interface RawEntry {
  raw: unknown;
  /** Its JSON path, e.g. `annotations[12]` (`[12]` in a results list). */
  path: string;
  /** Its position in the file's list. */
  index: number;
}

const GAP = 4 * 1024; // ranges closer than this are read together (copying 4 KiB costs about one read call)
const MAX_READ = 8 * 1024 * 1024; // largest coalesced read (a single larger range is read alone)

/**
 * Pass 1: indexes a COCO-shaped JSON file. A top-level array is a results list: its images are
 * made up from the `image_id`s, in order of first appearance, with size 0.
 *
 * @throws FormatError: malformed JSON, a bad image or category entry, an annotation without an
 *   `image_id` or naming an image that is not in `images`, duplicate image ids.
 */
export async function indexCocoJson(source: ByteSource, kind: DatasetHeader['kind']): Promise<CocoIndex> {
  const file = source.name;
  const images: ImageInfo[] = [];
  const keyOf = new Map<Id, number>(); // image id -> key, in order of first sight
  const imageOfKey: number[] = [];
  const firstUse: number[] = []; // the first annotation naming each key
  const idOfKey: Id[] = [];
  const starts = new Grow(Float64Array);
  const lengths = new Grow(Uint32Array);
  const keys = new Grow(Int32Array);
  const header: DatasetHeader = { kind, categories: [] };
  let results = false;
  let sawImages = false;

  const keyFor = (id: Id): number => {
    let k = keyOf.get(id);
    if (k === undefined) {
      k = imageOfKey.length;
      keyOf.set(id, k);
      imageOfKey.push(-1);
      idOfKey.push(id);
    }
    return k;
  };

  const scanner = new JsonScanner(
    {
      file,
      stream: (key) => (key === 'images' ? 'capture' : key === 'annotations' || key === null ? 'index' : undefined),
      pick: ['image_id'],
    },
    {
      begin(k) {
        results = k === 'array';
      },
      member(key, bytes, start) {
        const value = parseJsonBytes(bytes, file, key, start);
        const w: Where = { file, path: key };
        if (key === 'categories') {
          header.categories = fArray(value, w).map((c, i) => readCategory(c, { file, path: `categories[${i}]` }));
        } else if (key === 'info') header.info = value;
        else if (key === 'licenses') header.licenses = fArray(value, w);
        else if (key === 'images' || key === 'annotations') fArray(value, w);
        else (header.attributes ??= {})[key] = value;
      },
      element(key, i, start, end, bytes, picked) {
        if (key === 'images') {
          sawImages = true;
          const path = `images[${i}]`;
          const img = readImage(parseJsonBytes(bytes!, file, path, start), { file, path });
          const k = keyFor(img.id);
          if (imageOfKey[k] >= 0) throw new FormatError(file, `${path}.id`, `duplicate image id ${JSON.stringify(img.id)} (also images[${imageOfKey[k]}])`);
          imageOfKey[k] = images.length;
          images.push(img);
          return;
        }
        const path = key === null ? `[${i}]` : `annotations[${i}]`;
        const id = picked[0];
        if (!((typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length > 0))) {
          throw new FormatError(file, `${path}.image_id`, id === undefined ? 'the annotation has no image_id' : `expected an image id (an integer or a non-empty string) but received ${JSON.stringify(id)}`);
        }
        const k = keyFor(id);
        firstUse[k] ??= i;
        starts.push(start);
        lengths.push(end - start);
        keys.push(k);
      },
    },
  );
  for await (const chunk of source.chunks()) scanner.push(chunk);
  scanner.end();

  if (results) {
    header.results = true;
    for (let k = 0; k < imageOfKey.length; k++) {
      imageOfKey[k] = images.length;
      images.push({ id: idOfKey[k], fileName: '', width: 0, height: 0 });
    }
  } else {
    for (let k = 0; k < imageOfKey.length; k++) {
      if (imageOfKey[k] < 0) {
        const why = sawImages ? `no image with id ${JSON.stringify(idOfKey[k])} in images` : 'the file has no images list';
        throw new FormatError(file, `annotations[${firstUse[k]}].image_id`, why);
      }
    }
  }

  // Group annotation numbers by image (counting sort: stable, so file order within an image).
  const n = keys.length;
  const key = keys.view();
  const offsets = new Uint32Array(images.length + 1);
  for (let a = 0; a < n; a++) offsets[imageOfKey[key[a]] + 1]++;
  for (let m = 0; m < images.length; m++) offsets[m + 1] += offsets[m];
  const fillAt = offsets.slice(0, images.length);
  const order = new Uint32Array(n);
  for (let a = 0; a < n; a++) order[fillAt[imageOfKey[key[a]]]++] = a;
  return { header, images, starts: starts.view(), lengths: lengths.view(), order, offsets };
}

/**
 * Pass 2: every image (a copy of its ImageInfo) with its parsed annotation entries, in `images`
 * order, reading about `batchBytes` of entries at a time.
 */
export async function* imageEntries(source: ByteSource, ix: CocoIndex, batchBytes: number): AsyncGenerator<{ image: ImageInfo; entries: RawEntry[] }> {
  const { images, order, offsets } = ix;
  const results = ix.header.results === true;
  for (const [first, last] of batches(ix, batchBytes)) {
    const parsed = await readBatch(source, ix, offsets[first], offsets[last]);
    for (let m = first; m < last; m++) {
      const entries: RawEntry[] = [];
      for (let j = offsets[m]; j < offsets[m + 1]; j++) {
        const a = order[j];
        entries.push({ raw: parsed.get(a), path: entryPath(results, a), index: a });
      }
      yield { image: { ...images[m] }, entries };
    }
  }
}

const entryPath = (results: boolean, a: number) => (results ? `[${a}]` : `annotations[${a}]`);

/** Consecutive image ranges [first, last) holding about `batchBytes` of annotation JSON each. */
function* batches(ix: CocoIndex, batchBytes: number): Generator<[number, number]> {
  const { images, lengths, order, offsets } = ix;
  for (let first = 0; first < images.length; ) {
    let last = first;
    let bytes = 0;
    do {
      for (let j = offsets[last]; j < offsets[last + 1]; j++) bytes += lengths[order[j]];
      last++;
    } while (last < images.length && bytes < batchBytes);
    yield [first, last];
    first = last;
  }
}

/**
 * One image's annotation entries as unparsed JSON bytes (pass 2 without the parsing, so that it
 * can happen elsewhere, e.g. on a worker thread): entry k is `bytes[at[k] .. at[k + 1])`, found at
 * byte `starts[k]` of the file, annotation number `indices[k]`, in file order. Plain data and typed
 * arrays (structured-clone safe).
 */
export interface CocoImageEntries {
  image: ImageInfo;
  bytes: Uint8Array;
  at: Uint32Array;
  starts: Float64Array;
  indices: Uint32Array;
}

/** Pass 2 without parsing: each image with its annotation entries' bytes (copied out of coalesced reads). */
export async function* imageEntryBytes(source: ByteSource, ix: CocoIndex, batchBytes: number): AsyncGenerator<CocoImageEntries> {
  const { images, starts, lengths, order, offsets } = ix;
  for (const [first, last] of batches(ix, batchBytes)) {
    const blocks = await readBlocks(source, ix, offsets[first], offsets[last]);
    for (let m = first; m < last; m++) {
      const n = offsets[m + 1] - offsets[m];
      const at = new Uint32Array(n + 1);
      for (let k = 0; k < n; k++) at[k + 1] = at[k] + lengths[order[offsets[m] + k]];
      const bytes = new Uint8Array(at[n]);
      const entryStarts = new Float64Array(n);
      const indices = new Uint32Array(n);
      for (let k = 0; k < n; k++) {
        const a = order[offsets[m] + k];
        bytes.set(blocks.get(a)!, at[k]);
        entryStarts[k] = starts[a];
        indices[k] = a;
      }
      yield { image: { ...images[m] }, bytes, at, starts: entryStarts, indices };
    }
  }
}

/** Parses the entries of `imageEntryBytes` (as pass 2 does). */
export function parseImageEntries(e: CocoImageEntries, file: string, results: boolean): RawEntry[] {
  const text = asciiText(e.bytes);
  const out: RawEntry[] = [];
  for (let k = 0; k < e.indices.length; k++) {
    const a = e.indices[k];
    let value: unknown;
    try {
      if (text !== undefined) value = JSON.parse(text.slice(e.at[k], e.at[k + 1]));
    } catch {
      value = undefined;
    }
    if (value === undefined) value = parseJsonBytes(e.bytes.subarray(e.at[k], e.at[k + 1]), file, entryPath(results, a), e.starts[k]);
    out.push({ raw: value, path: entryPath(results, a), index: a });
  }
  return out;
}

/** The bytes of the annotations order[from .. to), read with coalesced reads (views into the blocks). */
async function readBlocks(source: ByteSource, ix: CocoIndex, from: number, to: number): Promise<Map<number, Uint8Array>> {
  const { starts, lengths } = ix;
  const out = new Map<number, Uint8Array>();
  for await (const { block, begin, ids } of readGroups(source, ix, from, to)) {
    for (const a of ids) out.set(a, block.subarray(starts[a] - begin, starts[a] - begin + lengths[a]));
  }
  return out;
}

/** Parses the annotations order[from .. to), reading their byte ranges with coalesced reads. */
async function readBatch(source: ByteSource, ix: CocoIndex, from: number, to: number): Promise<Map<number, unknown>> {
  const { starts, lengths } = ix;
  const out = new Map<number, unknown>();
  const results = ix.header.results === true;
  for await (const { block, begin, ids } of readGroups(source, ix, from, to)) {
    // An ASCII block (the usual case) is decoded once and its entries parsed from substrings;
    // otherwise (or to report an error) each entry is decoded and parsed on its own.
    const text = asciiText(block);
    for (const a of ids) {
      const o = starts[a] - begin;
      let value: unknown;
      try {
        if (text !== undefined) value = JSON.parse(text.slice(o, o + lengths[a]));
      } catch {
        value = undefined;
      }
      out.set(a, value !== undefined ? value : parseJsonBytes(block.subarray(o, o + lengths[a]), source.name, entryPath(results, a), starts[a]));
    }
  }
  return out;
}

/** The annotations order[from .. to) in file order, grouped into coalesced reads: each group's block starts at byte `begin`. */
async function* readGroups(source: ByteSource, ix: CocoIndex, from: number, to: number): AsyncGenerator<{ block: Uint8Array; begin: number; ids: number[] }> {
  const { starts, lengths, order } = ix;
  const ids = Array.from(order.subarray(from, to));
  ids.sort((a, b) => starts[a] - starts[b]);
  for (let g = 0; g < ids.length; ) {
    const begin = starts[ids[g]];
    let end = begin + lengths[ids[g]];
    let h = g + 1;
    while (h < ids.length && starts[ids[h]] - end <= GAP && starts[ids[h]] + lengths[ids[h]] - begin <= MAX_READ) {
      end = Math.max(end, starts[ids[h]] + lengths[ids[h]]);
      h++;
    }
    const block = await source.read(begin, end - begin);
    if (block.length < end - begin) throw new FormatError(source.name, '', `the file changed while being read (expected at least ${end} bytes)`);
    yield { block, begin, ids: ids.slice(g, h) };
    g = h;
  }
}

const fatal = new TextDecoder('utf-8', { fatal: true });

/** The block as a string when every byte is ASCII (then string offsets are byte offsets). */
function asciiText(block: Uint8Array): string | undefined {
  try {
    const t = fatal.decode(block);
    return t.length === block.length ? t : undefined;
  } catch {
    return undefined;
  }
}
