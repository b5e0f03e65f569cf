// The copy floor (YACCLAB's null baseline): the input's bytes copied into a WebAssembly memory
// and, where the API returns a per-pixel array, a fresh Int32Array of that size copied out, with
// nothing computed in between: what any wasm-backed API returning fresh arrays pays at least.
import type { Impl } from '../cases/types';

/**
 * A null-baseline implementation: `bytes` gives the input as the API copies it in, `outInt32s`
 * the length of the Int32Array it copies out (0: the output is small and not copied here).
 */
export function nullBaseline<I>(includes: string, bytes: (input: I) => ArrayBufferView, outInt32s: (input: I) => number = () => 0): Impl<I> {
  return {
    name: 'null baseline',
    includes,
    note: 'computes nothing; the floor of any API that copies this input into wasm memory (and a fresh array out)',
    prepare: (input) => {
      const b = bytes(input), out = outInt32s(input);
      const inBytes = Math.ceil(b.byteLength / 4) * 4;
      const memory = new WebAssembly.Memory({ initial: Math.ceil((inBytes + 4 * out + 16) / 65536) });
      return { b: new Uint8Array(b.buffer, b.byteOffset, b.byteLength), out, inBytes, memory };
    },
    run: ({ b, out, inBytes, memory }: { b: Uint8Array; out: number; inBytes: number; memory: WebAssembly.Memory }) => {
      new Uint8Array(memory.buffer, 0, b.length).set(b);
      return out ? new Int32Array(memory.buffer, inBytes, out).slice() : undefined;
    },
    canonical: () => 'none',
    agrees: () => undefined,
  };
}
