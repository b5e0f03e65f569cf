// The main loop: read records in input order, keep the pool busy with a bounded window of them,
// and hand results back in input order. Memory: at most `window` records are in flight.
import { existsSync } from 'node:fs';
import { fileSource, readCocoEntries, type DatasetHeader, type Id } from 'segkit/node';
import { openInput, semanticStems, type FormatFlags, type FormatName } from './formats';
import { DataError } from './errors';
import type { Pool } from './pool';
import type { Shard } from './shard';
import type { Item, Setup, TaskMessage, TaskResult } from './tasks';

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
    refs.push(itemRef(it, index));
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

function itemRef(it: Item, index: number): ItemRef {
  if ('stem' in it) return { index, id: it.stem, fileName: `${it.stem}.png` };
  const { image } = 'record' in it ? it.record : it.coco;
  return { index, id: image.id, fileName: image.fileName };
}

/** An input as the items the pool works on, with what the workers need to read them. */
export interface Input {
  header: DatasetHeader;
  count?: number;
  items: AsyncIterable<Item>;
  read: Setup['read'];
}

/**
 * The items of an input: COCO files as each image's unparsed annotation JSON (parsed on the
 * workers), semantic PNG folders by stem (read and decoded on the workers), anything else as
 * records read here.
 */
export async function openItems(format: FormatName, input: string, flags: FormatFlags): Promise<Input> {
  if (format === 'coco') {
    if (!existsSync(input)) throw new DataError(`${input}: no such file`);
    const ds = await readCocoEntries(await fileSource(input), { batchBytes: (flags.readBatch ?? 4) * 2 ** 20 });
    return { header: ds.header, count: ds.count, items: map(ds.entries, (coco) => ({ coco })), read: { coco: { file: ds.file, results: ds.header.results === true } } };
  }
  const dataset = await openInput(format, input, flags);
  const stems = format === 'semantic-png' ? await semanticStems(input) : undefined;
  if (stems) {
    const semantic = { input, categories: dataset.header.categories, void: flags.void };
    return { header: dataset.header, count: dataset.count, items: map(stems, (stem) => ({ stem })), read: { semantic } };
  }
  return { header: dataset.header, count: dataset.count, items: map(dataset.records, (record) => ({ record })), read: undefined };
}

async function* map<T, U>(xs: AsyncIterable<T> | Iterable<T>, f: (x: T) => U): AsyncGenerator<U> {
  for await (const x of xs) yield f(x);
}
