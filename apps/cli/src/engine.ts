// The main loop: read records in input order, keep the pool busy with a bounded window of them,
// and hand results back in input order. Memory: at most `window` records are in flight.
import type { Id, ImageRecord } from 'segkit';
import { semanticStems } from './formats';
import { DataError } from './errors';
import type { Pool } from './pool';
import type { Shard } from './shard';
import type { Item, TaskMessage, TaskResult } from './tasks';

/** Where a record came from, for messages. */
export interface ItemRef {
  /** 0-based position in the input (over all shards). */
  index: number;
  id: Id;
  fileName: string;
}

export interface RunOptions<T> {
  items: AsyncIterable<Item>;
  pool: Pool;
  /** Images in flight at most. */
  window: number;
  /** Images sent to a worker together (default 1). */
  batch?: number;
  shard?: Shard;
  kind: TaskMessage['kind'];
  /** Called in input order with each result. */
  onResult: (item: ItemRef, value: T) => Promise<void>;
  /** Called in input order with each failed item; throw to stop. */
  onError: (item: ItemRef, error: DataError) => Promise<void>;
}

/** Runs every record (of the shard) through the pool; returns how many were taken. */
export async function runOrdered<T>(o: RunOptions<T>): Promise<number> {
  const fifo: { refs: ItemRef[]; result: Promise<TaskResult> }[] = [];
  const size = Math.max(1, o.batch ?? 1);
  let inFlight = 0;
  let refs: ItemRef[] = [];
  let items: Item[] = [];
  const send = () => {
    if (!items.length) return;
    fifo.push({ refs, result: o.pool.run({ kind: o.kind, items }) });
    refs = [];
    items = [];
  };
  const drain = async () => {
    const { refs: done, result } = fifo.shift()!;
    const { results } = await result;
    inFlight -= done.length;
    for (const [i, r] of results.entries()) {
      if (r.ok) await o.onResult(done[i], r.value as T);
      else await o.onError(done[i], asDataError(done[i], r.error));
    }
  };
  let taken = 0;
  let index = -1;
  for await (const it of o.items) {
    index++;
    if (o.shard && index % o.shard.count !== o.shard.index) continue;
    taken++;
    refs.push('record' in it ? { index, id: it.record.image.id, fileName: it.record.image.fileName } : { index, id: it.stem, fileName: `${it.stem}.png` });
    items.push(it);
    inFlight++;
    if (items.length >= size) send();
    if (inFlight >= o.window) {
      send();
      await drain();
    }
  }
  send();
  while (fifo.length) await drain();
  return taken;
}

const DATA_ERRORS = new Set(['SegkitError', 'InvalidInputError', 'FormatError', 'KernelError']);

function asDataError(item: ItemRef, e: { name: string; message: string; stack?: string }): DataError {
  if (!DATA_ERRORS.has(e.name)) {
    const bug = new Error(`image ${JSON.stringify(item.id)} (${item.fileName}): ${e.name}: ${e.message}`);
    if (e.stack) bug.stack = e.stack;
    throw bug;
  }
  return new DataError(`image ${JSON.stringify(item.id)} (${item.fileName || 'no file name'}, input position ${item.index}): ${e.message}`);
}

/**
 * The items of an input: semantic PNG folders by stem (each worker reads and decodes its own
 * PNGs), anything else as records read here.
 */
export async function inputItems(format: string, input: string, records: AsyncIterable<ImageRecord>): Promise<{ items: AsyncIterable<Item>; readInWorkers: boolean }> {
  const stems = format === 'semantic-png' ? await semanticStems(input) : undefined;
  if (stems) return { items: (async function* () { for (const stem of stems) yield { stem }; })(), readInWorkers: true };
  return { items: (async function* () { for await (const record of records) yield { record }; })(), readInWorkers: false };
}
