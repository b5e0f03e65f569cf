// Loads the WebAssembly kernel and owns its memory. The bytes are embedded (base64), so Node
// compiles them synchronously on first use; browsers call `init()` once (synchronous compiles of
// large modules are refused on their main thread). Every operation runs inside `withArena`,
// which rewinds the kernel's arena before and after: nothing in wasm memory outlives a call, and
// no pointer reaches a user.
import { wasmBase64 } from '@segkit/kernel/release';
import type { KernelExports } from '@segkit/kernel/exports';
import { KernelError } from '../errors';
import { OK, statusMessage } from './status';

export type { KernelExports };

/** A kernel instance with typed-array helpers over its memory. */
export class Kernel {
  readonly x: KernelExports;
  private depth = 0;

  constructor(instance: WebAssembly.Instance) {
    this.x = instance.exports as unknown as KernelExports;
  }

  /** Reserves `bytes` in the arena (16-byte aligned); throws KernelError when memory is exhausted. */
  alloc(bytes: number): number {
    const p = this.x.arenaAlloc(bytes) >>> 0;
    if (p === 0) throw new KernelError(1, `${statusMessage(1)} (asked for ${bytes} bytes)`);
    return p;
  }

  // Whole-memory views, rebuilt only when memory has grown (growth detaches earlier views).
  private buffer: ArrayBuffer | undefined;
  private heap8!: Uint8Array;
  private heap32!: Uint32Array;
  private heapF64!: Float64Array;

  private views(): void {
    const b = this.x.memory.buffer;
    if (b === this.buffer) return;
    this.buffer = b;
    this.heap8 = new Uint8Array(b);
    this.heap32 = new Uint32Array(b);
    this.heapF64 = new Float64Array(b);
  }

  /** Whole-memory byte view (valid until the next allocation). */
  get U8(): Uint8Array {
    this.views();
    return this.heap8;
  }
  /** Whole-memory u32 view (valid until the next allocation); index = pointer >>> 2. */
  get U32(): Uint32Array {
    this.views();
    return this.heap32;
  }
  /** Whole-memory f64 view (valid until the next allocation); index = pointer >>> 3. */
  get F64(): Float64Array {
    this.views();
    return this.heapF64;
  }

  // Sub-views for a block (valid until the next allocation).
  u8(ptr: number, len: number): Uint8Array {
    return this.U8.subarray(ptr, ptr + len);
  }
  u16(ptr: number, len: number): Uint16Array {
    return new Uint16Array(this.x.memory.buffer, ptr, len);
  }
  i32(ptr: number, len: number): Int32Array {
    return new Int32Array(this.x.memory.buffer, ptr, len);
  }
  u32(ptr: number, len: number): Uint32Array {
    return this.U32.subarray(ptr >>> 2, (ptr >>> 2) + len);
  }
  f64(ptr: number, len: number): Float64Array {
    return this.F64.subarray(ptr >>> 3, (ptr >>> 3) + len);
  }

  /** Copies bytes into a fresh arena block. */
  putU8(src: ArrayLike<number>): number {
    const p = this.alloc(src.length);
    this.U8.set(src, p);
    return p;
  }
  putU32(src: ArrayLike<number>): number {
    const p = this.alloc(src.length * 4);
    this.U32.set(src, p >>> 2);
    return p;
  }
  putI32(src: ArrayLike<number>): number {
    const p = this.alloc(src.length * 4);
    this.i32(p, src.length).set(src);
    return p;
  }
  putF64(src: ArrayLike<number>): number {
    const p = this.alloc(src.length * 8);
    this.F64.set(src, p >>> 3);
    return p;
  }

  /** Copy of u32 words out of the arena. */
  takeU32(ptr: number, len: number): Uint32Array {
    return this.U32.slice(ptr >>> 2, (ptr >>> 2) + len);
  }

  /** A result slot: the kernel writes (pointer, length) into it. */
  slot(): number {
    return this.alloc(16);
  }
  /** Reads a result slot written by the kernel: [pointer, length]. */
  result(slot: number): [number, number] {
    const m = this.U32;
    return [m[slot >>> 2], m[(slot >>> 2) + 1]];
  }

  /** Throws a KernelError unless `status` is OK. */
  check(status: number, what: string): void {
    if (status !== OK) throw new KernelError(status, `${what}: ${statusMessage(status)}`);
  }

  /** Runs `fn` with the arena rewound before and after (nested calls share the outer arena). */
  run<T>(fn: (k: Kernel) => T): T {
    if (this.depth === 0) this.x.arenaReset();
    this.depth++;
    try {
      return fn(this);
    } finally {
      this.depth--;
      if (this.depth === 0) this.x.arenaReset();
    }
  }
}

let compiled: WebAssembly.Module | undefined;
let current: Kernel | undefined;

function wasmBytes(): Uint8Array {
  const bin = atob(wasmBase64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function instantiate(mod: WebAssembly.Module): Kernel {
  let k: Kernel | undefined;
  const imports = {
    env: {
      // Only reachable through a debug build's failed assert: always a segkit bug.
      abort(msg: number, file: number, line: number, col: number): never {
        const read = (p: number) => (p && k ? readString(k, p) : '?');
        throw new KernelError(-1, `kernel assertion failed: ${read(msg)} at ${read(file)}:${line}:${col}`);
      },
    },
  };
  k = new Kernel(new WebAssembly.Instance(mod, imports));
  return k;
}

function readString(k: Kernel, ptr: number): string {
  const bytes = k.u32((ptr - 4) >>> 0, 1)[0];
  return String.fromCharCode(...k.u16(ptr, bytes >>> 1));
}

/**
 * Compiles the kernel asynchronously. Required once in browsers before any other call; optional
 * in Node, where the first call compiles synchronously.
 *
 * @example
 * await init();
 * const rle = rleFromPolygons([[10, 10, 60, 10, 35, 50]], 64, 64);
 */
export async function init(): Promise<void> {
  if (current) return;
  compiled ??= await WebAssembly.compile(wasmBytes() as BufferSource);
  current ??= instantiate(compiled);
}

/** The shared kernel instance, compiled synchronously on first use. */
export function kernel(): Kernel {
  if (!current) {
    compiled ??= new WebAssembly.Module(wasmBytes() as BufferSource);
    current = instantiate(compiled);
  }
  return current;
}

/** Runs `fn` on the shared kernel inside an arena scope. */
export function withKernel<T>(fn: (k: Kernel) => T): T {
  return kernel().run(fn);
}

/** Bytes of the arena in use right now (0 between operations). For tests and diagnostics. */
export function arenaInUse(): number {
  const x = kernel().x;
  return (x.arenaTop() >>> 0) - (x.arenaBase() >>> 0);
}
