// COCO instances reader (also stuff files and results lists), streaming (see ./index.ts).
import { FormatError } from '../../errors';
import type { ByteSource } from '../../io/source';
import { checkInt } from '../../validate';
import type { Annotation, Dataset, DatasetHeader, Finding, ImageInfo, ImageRecord } from '../../dataset/model';
import { imageEntries, imageEntryBytes, indexCocoJson, parseImageEntries, type CocoImageEntries, type CocoIndex, type RawEntry } from './stream';
import { readAnnotation } from './entries';

/** Options of the streaming JSON readers. */
export interface ReadJsonOptions {
  /**
   * About how many bytes of annotation JSON are parsed together in the second pass (default
   * 16 MiB, at least 1). Peak memory grows with it; one image's annotations are never split.
   */
  batchBytes?: number;
}

export const batchBytesOf = (options: ReadJsonOptions) =>
  options.batchBytes === undefined ? 16 * 1024 * 1024 : checkInt(options.batchBytes, 'options.batchBytes', 1);

/**
 * Reads a COCO instances (or stuff) JSON file, or a COCO results file (a bare list of
 * annotations), as a Dataset. The file is never held whole: one streamed pass indexes it, then
 * each batch of images reads back only its annotations.
 *
 * Records come in `images` order (results: in order of first appearance of each `image_id`),
 * including images without annotations; annotations keep their file order. Polygons, compressed
 * and uncompressed RLE, empty segmentations (`[]`: box-only), sparse category ids and unknown
 * fields (kept in `attributes`) are read as they are; area and bbox as stored (measured by COCO's
 * rule when missing). Results files: a missing `id` becomes the 1-based position in the list (as
 * pycocotools' `loadRes`), and the image size is taken from the first RLE of the image (0 when
 * there is none).
 *
 * @param source - the JSON file (`bytesSource`, `blobSource`, or `fileSource` from `segkit/node`).
 * @param options - `batchBytes` (default 16 MiB).
 * @returns the header (kind `'instances'`), the records and their `count`; records can be iterated more than once
 *   (each iteration reads the file again).
 * @throws FormatError naming the file and the JSON path: malformed JSON, a missing or mistyped
 *   field, an annotation whose `image_id` is not in `images`, duplicate image ids. Errors in an
 *   annotation surface while iterating the records.
 * @example
 * const { header, records } = await readCoco(bytesSource(json, 'instances_val.json'));
 * for await (const { image, annotations } of records) console.log(image.fileName, annotations.length);
 */
export async function readCoco(source: ByteSource, options: ReadJsonOptions = {}): Promise<Dataset> {
  const batchBytes = batchBytesOf(options);
  const index = await indexCocoJson(source, 'instances');
  return {
    header: index.header,
    count: index.images.length,
    records: { [Symbol.asyncIterator]: () => cocoRecords(source, index, batchBytes) },
  };
}

async function* cocoRecords(source: ByteSource, ix: CocoIndex, batchBytes: number): AsyncGenerator<ImageRecord> {
  const results = ix.header.results === true;
  for await (const { image, entries } of imageEntries(source, ix, batchBytes)) yield cocoRecord(image, entries, source.name, results);
}

/** The record of an image from its parsed annotation entries. */
function cocoRecord(image: ImageInfo, entries: RawEntry[], file: string, results: boolean): ImageRecord {
  const warnings: Finding[] = [];
  const annotations: Annotation[] = [];
  for (const { raw, path, index } of entries) {
    // the file was grouped by the first image_id of each entry (a repeated key would differ)
    const imageId = (raw as { image_id?: unknown } | null)?.image_id;
    if (imageId !== image.id) throw new FormatError(file, `${path}.image_id`, `image_id given twice with different values (${JSON.stringify(image.id)} first)`);
    if (results && image.width === 0) sizeFromRle(image, raw);
    annotations.push(readAnnotation(raw, { file, path }, image, results ? index + 1 : undefined, warnings));
  }
  const record: ImageRecord = { image, annotations };
  if (warnings.length) record.warnings = warnings;
  return record;
}

/** A COCO file whose images come with their annotations' JSON unparsed (see `readCocoEntries`). */
export interface CocoEntriesDataset {
  header: DatasetHeader;
  count: number;
  /** The file's name, for `cocoRecordFromEntries`. */
  file: string;
  entries: AsyncIterable<CocoImageEntries>;
}

/**
 * Reads a COCO file as `readCoco` does, but leaves each image's annotation JSON unparsed, so that
 * parsing (the larger part of reading) can run elsewhere, e.g. spread over worker threads:
 * `cocoRecordFromEntries` turns an item into exactly the record `readCoco` yields for it.
 *
 * @param source - the JSON file.
 * @param options - `batchBytes` (default 16 MiB): bytes read back together.
 * @returns the header, the image count, and per image its entries' bytes (plain data and typed
 *   arrays: structured-clone safe).
 * @throws FormatError as `readCoco`.
 * @example
 * const ds = await readCocoEntries(await fileSource('instances_val2017.json'));
 * for await (const e of ds.entries) worker.postMessage(e); // there: cocoRecordFromEntries(e, ds.file, ds.header.results === true)
 */
export async function readCocoEntries(source: ByteSource, options: ReadJsonOptions = {}): Promise<CocoEntriesDataset> {
  const batchBytes = batchBytesOf(options);
  const index = await indexCocoJson(source, 'instances');
  return {
    header: index.header,
    count: index.images.length,
    file: source.name,
    entries: { [Symbol.asyncIterator]: () => imageEntryBytes(source, index, batchBytes) },
  };
}

/**
 * The record of one item of `readCocoEntries`: its annotations parsed and checked as `readCoco`
 * does.
 *
 * @param entries - an item of `readCocoEntries(...).entries`.
 * @param file - the file's name (`CocoEntriesDataset.file`), for errors.
 * @param results - true for a results list (`header.results`).
 * @throws FormatError naming the file and the annotation's JSON path.
 * @example
 * const record = cocoRecordFromEntries(item, ds.file, ds.header.results === true);
 */
export function cocoRecordFromEntries(entries: CocoImageEntries, file: string, results = false): ImageRecord {
  return cocoRecord({ ...entries.image }, parseImageEntries(entries, file, results), file, results);
}

/** A results list has no images: the size comes from the first RLE. */
function sizeFromRle(image: { width: number; height: number }, raw: unknown): void {
  const size = (raw as { segmentation?: { size?: unknown } } | null)?.segmentation?.size;
  if (Array.isArray(size) && size.length === 2 && Number.isInteger(size[0]) && Number.isInteger(size[1]) && size[0] > 0 && size[1] > 0) {
    image.height = size[0];
    image.width = size[1];
  }
}
