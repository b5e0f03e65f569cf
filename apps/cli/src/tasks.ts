// The work items the pool runs, and how one is run (in a worker or in the main thread). What is
// the same for every item (the plan, the output format) is set up once per worker.
import {
  cocoRecordFromEntries, memoryFiles, readSemanticPngFolder, type AnnotationFidelity, type Category, type CocoImageEntries, type DatasetHeader, type ImageRecord,
} from 'segkit/node';
import { recordFilesWriter, type FormatFlags, type FormatName } from './formats';
import { processRecord, recordStats, type Plan, type Processed, type RecordStats } from './pipeline';

/** Set up once per worker (structured-clone safe). */
export interface Setup {
  plan?: Plan;
  /** Encode each converted record's files here (formats in ENCODED_IN_WORKERS). */
  encode?: { format: FormatName; header: DatasetHeader; flags: FormatFlags };
  /** Where items that are not records yet come from. */
  read?: { semantic?: { input: string; categories: Category[]; void?: number }; coco?: { file: string; results: boolean } };
}

/**
 * One image: a record read by the main thread, the stem of a semantic PNG to read here, or a COCO
 * image with its annotations' JSON still to parse here.
 */
export type Item = { record: ImageRecord } | { stem: string } | { coco: CocoImageEntries };

/** A batch of consecutive images (one message each way, whatever the batch size). */
export type TaskMessage = { seq: number; kind: 'convert' | 'stats'; items: Item[] };

/** A converted record, or (when encoded here) its files; of its report only the losses travel. */
export type Converted = Omit<Processed, 'record' | 'report'> & {
  record?: ImageRecord;
  files?: [string, Uint8Array][];
  annotations: number;
  lossless: number;
  losses: AnnotationFidelity[];
};

/** An image's outcome: its result, or the error it threw (as plain data). */
export type ItemResult =
  | { ok: true; value: Converted | RecordStats }
  | { ok: false; error: { name: string; message: string; stack?: string } };

/** The outcomes of a batch, in its order. */
export type TaskResult = { seq: number; results: ItemResult[] };

export function createRunner(setup: Setup): (m: TaskMessage) => Promise<TaskResult> {
  const read = async (item: Item): Promise<ImageRecord> => {
    if ('record' in item) return item.record;
    if ('coco' in item) return cocoRecordFromEntries(item.coco, setup.read!.coco!.file, setup.read!.coco!.results);
    const { input, categories, void: voidValue } = setup.read!.semantic!;
    const ds = await readSemanticPngFolder(input, { ids: [item.stem], categories, void: voidValue });
    for await (const r of ds.records) return r;
    throw new Error(`no record for ${item.stem}`);
  };
  const one = async (kind: TaskMessage['kind'], item: Item): Promise<ItemResult> => {
    try {
      const record = await read(item);
      if (kind === 'stats') return { ok: true, value: recordStats(record) };
      const p = processRecord(setup.plan!, record);
      const losses = p.report.filter((f) => f.status !== 'lossless');
      const value: Converted = { lossless: p.report.length - losses.length, losses, recomputed: p.recomputed, annotations: p.record.annotations.length };
      if (setup.encode) {
        const mem = memoryFiles();
        const { format, header, flags } = setup.encode;
        await recordFilesWriter(format, mem, header, flags).add(p.record);
        value.files = [...mem.files];
      } else value.record = p.record;
      return { ok: true, value };
    } catch (e) {
      const err = e as Error;
      return { ok: false, error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), stack: err?.stack } };
    }
  };
  return async (m) => {
    const results: ItemResult[] = [];
    for (const item of m.items) results.push(await one(m.kind, item));
    return { seq: m.seq, results };
  };
}
