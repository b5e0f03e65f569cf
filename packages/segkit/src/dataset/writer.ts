// The shape every format writer has: records are added one at a time, then the output is closed
// (committed) or aborted (nothing left behind).
import { InvalidInputError } from '../errors';
import { checkRecord } from './check';
import type { Dataset, ImageRecord } from './model';

/** Counts a writer reports when it closes. */
export interface WriteSummary {
  images: number;
  annotations: number;
  /** Annotations whose stored area or bbox differed from the pixels and were rewritten. */
  recomputed: number;
  /** Files written (the JSON file and any PNGs). */
  files: number;
}

/** A format writer: add records in order, then close. */
export interface RecordWriter {
  add(record: ImageRecord): Promise<void>;
  /** Finishes every file and makes it visible; returns the counts. */
  close(): Promise<WriteSummary>;
  /** Discards the output written so far. */
  abort(): Promise<void>;
}

/**
 * Feeds every record of a dataset to a writer and closes it; aborts it when anything throws.
 *
 * @example
 * await writeAll(cocoWriter(sink, dataset.header), dataset.records);
 */
export async function writeAll(writer: RecordWriter, records: Dataset['records'] | Iterable<ImageRecord>): Promise<WriteSummary> {
  try {
    for await (const r of records as AsyncIterable<ImageRecord>) await writer.add(r);
    return await writer.close();
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

/** What a format supplies to `recordWriter`; the bookkeeping (closed state, checks, counts) is shared. */
export interface WriterParts {
  /** Writes one record (`path` names it in errors: `records[i]`); may count `recomputed`, `files`. */
  add(record: ImageRecord, path: string, summary: WriteSummary): Promise<void>;
  /** Finishes the output (close). */
  finish?(): Promise<void>;
  /** Discards the output (abort). */
  discard?(): Promise<void>;
  /** Check each record with checkRecord first (default true). */
  check?: boolean;
  /** Files counted before any record (1 for a JSON file). */
  files?: number;
}

/** A RecordWriter from a format's parts. */
export function recordWriter(parts: WriterParts): RecordWriter {
  const summary: WriteSummary = { images: 0, annotations: 0, recomputed: 0, files: parts.files ?? 0 };
  let closed = false;
  return {
    async add(record) {
      if (closed) throw new InvalidInputError('record', 'a writer that is not closed', 'a closed writer');
      const path = `records[${summary.images}]`;
      if (parts.check ?? true) checkRecord(record, path);
      await parts.add(record, path, summary);
      summary.images++;
      summary.annotations += record.annotations.length;
    },
    async close() {
      if (!closed) {
        closed = true;
        await parts.finish?.();
      }
      return summary;
    },
    async abort() {
      closed = true;
      await parts.discard?.();
    },
  };
}
