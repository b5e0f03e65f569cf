// COCO instances writer, streaming (layout in ./json-out.ts).
import type { ByteSink } from '../../io/sink';
import type { Dataset, DatasetHeader } from '../../dataset/model';
import { checkCategories } from '../../dataset/check';
import { recordWriter, writeAll, type RecordWriter, type WriteSummary } from '../../dataset/writer';
import { writeAnnotation, writeImage, type CocoEntryOptions } from './entries';
import { CocoJsonOut } from './json-out';

/** Options of the COCO writer. */
export interface WriteCocoOptions extends CocoEntryOptions {
  /**
   * `'keep'` (default): ids as in the records; `'renumber'`: images and annotations numbered 1, 2, …
   * in write order (for records whose ids are file stems or unique only per image, e.g. from PNG
   * formats, where COCO tools expect integer ids unique in the file).
   */
  ids?: 'keep' | 'renumber';
  /** Check every record before writing it (default true). */
  check?: boolean;
}

/**
 * A COCO writer over a sink: `add` records in order, then `close`. Annotations are written as
 * they come; image entries are kept (encoded) and written last.
 *
 * @param sink - where the JSON goes (`memorySink`, or `fileSink` from `segkit/node`).
 * @param header - categories, info, licenses; `results: true` writes a bare list of annotations.
 * @param options - `rleCounts` (`'string'` default, or `'array'`), `areaBbox` (`'recompute'`
 *   default: area and bbox measured by COCO's rule; `'keep'`), `ids` (`'keep'` default, or
 *   `'renumber'`), `check` (default true).
 * @throws InvalidInputError naming `records[i]...` for a malformed record.
 * @example
 * const w = cocoWriter(memorySink(), { kind: 'instances', categories });
 * await w.add(record);
 * const summary = await w.close(); // { images: 1, annotations: …, recomputed: …, files: 1 }
 */
export function cocoWriter(sink: ByteSink, header: DatasetHeader, options: WriteCocoOptions = {}): RecordWriter {
  checkCategories(header?.categories, 'header.categories');
  const json = new CocoJsonOut(sink, header);
  return recordWriter({
    check: options.check,
    files: 1,
    async add(record, _path, summary) {
      const renumber = options.ids === 'renumber';
      const image = renumber ? { ...record.image, id: summary.images + 1 } : record.image;
      for (const [j, a] of record.annotations.entries()) {
        const ann = renumber ? { ...a, id: summary.annotations + j + 1 } : a;
        const { entry, changed } = writeAnnotation(ann, image, options);
        if (changed) summary.recomputed++;
        await json.annotation(entry);
      }
      await json.image(writeImage(image));
    },
    finish: () => json.close(),
    discard: () => sink.abort(),
  });
}

/**
 * Writes a dataset as COCO JSON (see `cocoWriter`); the sink is aborted if anything fails.
 *
 * @example
 * const sink = memorySink('out.json');
 * await writeCoco(sink, await readCoco(bytesSource(json)));
 */
export async function writeCoco(sink: ByteSink, dataset: Dataset, options: WriteCocoOptions = {}): Promise<WriteSummary> {
  return writeAll(cocoWriter(sink, dataset.header, options), dataset.records);
}
