// The work items the pool runs, and how one is run (in a worker or in the main thread).
import type { ImageRecord } from 'segkit';
import { processRecord, recordStats, type Plan, type Processed, type RecordStats } from './pipeline';

export type TaskMessage =
  | { seq: number; kind: 'convert'; plan: Plan; record: ImageRecord }
  | { seq: number; kind: 'stats'; record: ImageRecord };

/** A task's outcome: its result, or the error it threw (as plain data). */
export type TaskResult =
  | { seq: number; ok: true; value: Processed | RecordStats }
  | { seq: number; ok: false; error: { name: string; message: string; stack?: string } };

export function runTask(m: TaskMessage): TaskResult {
  try {
    const value = m.kind === 'convert' ? processRecord(m.plan, m.record) : recordStats(m.record);
    return { seq: m.seq, ok: true, value };
  } catch (e) {
    const err = e as Error;
    return { seq: m.seq, ok: false, error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), stack: err?.stack } };
  }
}
