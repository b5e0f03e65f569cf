// Byte sinks: where writers put a file's bytes, in order. `close` commits the file; `abort`
// discards it (a Node file sink writes to a temporary file and renames it on close, so a failed
// or killed run never leaves a half-written output).
import { copyBytes } from '../util/bytes';

/** A file being written, in order. */
export interface ByteSink {
  /** Name used in messages: a file path or a label. */
  readonly name: string;
  write(chunk: Uint8Array): Promise<void>;
  /** Finishes the file (flush, then make it visible under its name). */
  close(): Promise<void>;
  /** Gives up: nothing is left under the file's name. */
  abort(): Promise<void>;
}

/** A sink that keeps the bytes in memory (tests, browsers). */
export interface MemorySink extends ByteSink {
  /** Everything written, as one array (after close). */
  bytes(): Uint8Array;
  /** Everything written, decoded as UTF-8. */
  text(): string;
}

/**
 * A sink that collects the bytes in memory.
 *
 * @example
 * const sink = memorySink('out.json');
 * await writeCoco(sink, dataset);
 * JSON.parse(sink.text());
 */
export function memorySink(name = '<memory>'): MemorySink {
  let blocks: Uint8Array[] = [];
  let joined: Uint8Array | undefined;
  return {
    name,
    async write(chunk) {
      blocks.push(copyBytes(chunk));
      joined = undefined;
    },
    async close() {},
    async abort() {
      blocks = [];
      joined = undefined;
    },
    bytes() {
      if (!joined) {
        joined = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
        let at = 0;
        for (const b of blocks) {
          joined.set(b, at);
          at += b.length;
        }
        blocks = [joined];
      }
      return joined;
    },
    text() {
      return new TextDecoder().decode(this.bytes());
    },
  };
}

/**
 * Text written to a sink through a buffer: strings are UTF-8 encoded and flushed in blocks of
 * about `blockSize` bytes, so writing a large document costs one sink call per block.
 */
export class TextOut {
  private parts: string[] = [];
  private pending = 0;
  private readonly encoder = new TextEncoder();
  constructor(readonly sink: ByteSink, private readonly blockSize = 1 << 16) {}

  /** Appends text; flushes when the buffer is full. */
  async put(text: string): Promise<void> {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= this.blockSize) await this.flush();
  }

  /** Writes out whatever is buffered. */
  async flush(): Promise<void> {
    if (this.pending === 0 && this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    if (text.length) await this.sink.write(this.encoder.encode(text));
  }
}
