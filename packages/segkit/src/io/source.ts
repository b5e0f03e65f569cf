// Byte sources: where readers get a file's bytes. Every source is seekable and knows its size, so
// a reader can index a file in one streamed pass and come back for the parts it needs, without
// ever holding the whole file (or any large part of it) as one string.
import { checkInt } from '../validate';

/** A file's bytes, readable in order (`chunks`) or at any offset (`read`). */
export interface ByteSource {
  /** Name used in error messages: a file path or a label. */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** The bytes from `start` (default 0) up to `end` (default size), in order, in chunks. */
  chunks(start?: number, end?: number): AsyncIterable<Uint8Array>;
  /** `length` bytes at `offset` (fewer only past the end). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Options of the in-memory sources. */
export interface SourceOptions {
  /** Size of the chunks `chunks()` yields, in bytes (default 1 MiB). Tests use tiny sizes. */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 1 << 20;

/** A source over byte blocks held in memory, in order (one block or many). */
class BlockSource implements ByteSource {
  readonly size: number;
  private readonly starts: number[] = [];
  constructor(readonly name: string, private readonly blocks: Uint8Array[], private readonly chunkSize: number) {
    let at = 0;
    for (const b of blocks) {
      this.starts.push(at);
      at += b.length;
    }
    this.size = at;
  }

  async *chunks(start = 0, end = this.size): AsyncIterable<Uint8Array> {
    for (let at = Math.max(0, start); at < end; ) {
      const piece = this.slice(at, Math.min(end, at + this.chunkSize));
      at += piece.length;
      yield piece;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.slice(offset, Math.min(this.size, offset + length));
  }

  /** Bytes [from, to): a view when inside one block, a copy when it spans blocks. */
  private slice(from: number, to: number): Uint8Array {
    if (to <= from) return new Uint8Array(0);
    let i = this.blockAt(from);
    const b = this.blocks[i];
    const off = from - this.starts[i];
    if (to - this.starts[i] <= b.length) return b.subarray(off, to - this.starts[i]);
    const out = new Uint8Array(to - from);
    let at = 0;
    for (let p = from; p < to; i++) {
      const blk = this.blocks[i];
      const o = p - this.starts[i];
      const n = Math.min(blk.length - o, to - p);
      out.set(blk.subarray(o, o + n), at);
      at += n;
      p += n;
    }
    return out;
  }

  private blockAt(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * A source over bytes (or a string, UTF-8 encoded) in memory.
 *
 * @param data - the file's content.
 * @param name - name used in error messages (default `'<memory>'`).
 * @example
 * const ds = await readCoco(bytesSource('{"images": [], "annotations": [], "categories": []}'));
 */
export function bytesSource(data: Uint8Array | string, name = '<memory>', options: SourceOptions = {}): ByteSource {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return new BlockSource(name, [bytes], chunkSizeOf(options));
}

/**
 * A source that reads a stream once into memory, as a list of blocks (never one string), for
 * inputs that cannot seek (stdin, a network body). Memory: the stream's size.
 *
 * @example
 * const src = await bufferedSource(response.body!, 'annotations.json');
 */
export async function bufferedSource(
  stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  name = '<stream>',
  options: SourceOptions = {},
): Promise<ByteSource> {
  const blocks: Uint8Array[] = [];
  const it = Symbol.asyncIterator in stream ? (stream as AsyncIterable<Uint8Array>) : readableIterable(stream as ReadableStream<Uint8Array>);
  for await (const b of it) if (b.length) blocks.push(b);
  return new BlockSource(name, blocks, chunkSizeOf(options));
}

/**
 * A source over a `Blob` or browser `File`: read in slices, never loaded whole.
 *
 * @example
 * input.onchange = async () => { const ds = await readCoco(blobSource(input.files![0])); };
 */
export function blobSource(blob: Blob, name = (blob as File).name ?? '<blob>', options: SourceOptions = {}): ByteSource {
  const chunkSize = chunkSizeOf(options);
  return {
    name,
    size: blob.size,
    async *chunks(start = 0, end = blob.size) {
      for (let at = start; at < end; at += chunkSize) {
        yield new Uint8Array(await blob.slice(at, Math.min(end, at + chunkSize)).arrayBuffer());
      }
    },
    async read(offset, length) {
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}

async function* readableIterable(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function chunkSizeOf(options: SourceOptions): number {
  return options.chunkSize === undefined ? DEFAULT_CHUNK : checkInt(options.chunkSize, 'options.chunkSize', 1);
}
