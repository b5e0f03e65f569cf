// segkit's release kernel called directly, for kernel-only timings: the input is copied into wasm
// memory beforehand and the results (labels and statistics, contours, counts, masks) stay there (what the public API adds on top is
// validation, one copy in and the copies out; the null baseline measures those copies).
import { wasmBase64 } from '@segkit/kernel/release';
import type { KernelExports } from '@segkit/kernel/exports';

let x: KernelExports | undefined;

function kernel(): KernelExports {
  x ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasmBase64, 'base64')), {
    env: { abort: () => { throw new Error('kernel abort'); } },
  }).exports as unknown as KernelExports;
  return x;
}

export interface Loaded {
  width: number;
  height: number;
  bytes: number;
  slot: number;
  labels: number;
  input: number;
}

/** Lays out slot, labels and input from the arena base; the same addresses on every call. */
function layout(width: number, height: number, bytes: number): Loaded {
  const k = kernel();
  k.arenaReset();
  const n = width * height;
  const slot = k.arenaAlloc(16) >>> 0, labels = k.arenaAlloc(n * 4) >>> 0, input = k.arenaAlloc(n * bytes) >>> 0;
  if (!slot || !labels || !input) throw new Error('kernel memory exhausted');
  return { width, height, bytes, slot, labels, input };
}

/** Copies a map into kernel memory (untimed preparation). */
export function load(map: { width: number; height: number; data: Uint8Array | Uint16Array | Int32Array }): Loaded {
  const L = layout(map.width, map.height, map.data.BYTES_PER_ELEMENT);
  const View = map.data.constructor as Uint8ArrayConstructor;
  new View(kernel().memory.buffer, L.input, map.data.length).set(map.data as Uint8Array);
  return L;
}

/** ccLabel with statistics on the loaded input; results stay in kernel memory. */
export function label(L: Loaded, connectivity: 4 | 8, background = 0): Loaded {
  layout(L.width, L.height, L.bytes);
  const k = kernel();
  const status = k.ccLabel(L.slot, L.labels, L.input, L.height, L.width, L.bytes, background, connectivity, true);
  if (status !== 0) throw new Error(`ccLabel status ${status}`);
  return L;
}

/** Reads the result of the last label() call (for the correctness gate). */
export function read(L: Loaded): { count: number; labels: Int32Array; area: Uint32Array; bbox: Int32Array } {
  const buf = kernel().memory.buffer;
  const [block, count] = new Uint32Array(buf, L.slot, 2);
  return {
    count,
    labels: new Int32Array(buf, L.labels, L.width * L.height).slice(),
    area: new Uint32Array(buf, block + 16 * count, count).slice(),
    bbox: new Int32Array(buf, block + 20 * count, 4 * count).slice(),
  };
}

/** A mask placed in kernel memory after a 32-byte result slot, for contourTrace. */
export interface LoadedMask { width: number; height: number; slot: number; input: number }

/** Copies a 0/1 mask into kernel memory (untimed preparation). */
export function loadMask(m: { width: number; height: number; data: Uint8Array }): LoadedMask {
  const k = kernel();
  k.arenaReset();
  const slot = k.arenaAlloc(32) >>> 0, input = k.arenaAlloc(m.data.length) >>> 0;
  if (!slot || !input) throw new Error('kernel memory exhausted');
  new Uint8Array(k.memory.buffer, input, m.data.length).set(m.data);
  return { width: m.width, height: m.height, slot, input };
}

/** contourTrace (ccomp, simple, pixel centres) on the loaded mask; results stay in kernel memory. */
export function trace(L: LoadedMask): LoadedMask {
  const status = again(L).contourTrace(L.slot, L.input, L.height, L.width, 2, 1, 0);
  if (status !== 0) throw new Error(`contourTrace status ${status}`);
  return L;
}

/** Reads the contours of the last trace() call (for the correctness gate). */
export function readContours(L: LoadedMask): { count: number; points: Int32Array; offsets: Uint32Array; hierarchy: Int32Array } {
  const buf = kernel().memory.buffer;
  const [pPtr, pLen, oPtr, oLen, hPtr, hLen] = new Uint32Array(buf, L.slot, 6);
  return {
    count: oLen - 1,
    points: new Int32Array(buf, pPtr, pLen).slice(),
    offsets: new Uint32Array(buf, oPtr, oLen).slice(),
    hierarchy: new Int32Array(buf, hPtr, hLen).slice(),
  };
}

/** Re-reserves the loaded mask's slot and bytes (the same addresses) for the next kernel call. */
function again(L: LoadedMask): KernelExports {
  const k = kernel();
  k.arenaReset();
  k.arenaAlloc(32);
  k.arenaAlloc(L.width * L.height);
  return k;
}

/** rleEncode of the loaded mask; the counts stay in kernel memory. */
export function encode(L: LoadedMask): LoadedMask {
  const status = again(L).rleEncode(L.slot, L.input, L.height, L.width);
  if (status !== 0) throw new Error(`rleEncode status ${status}`);
  return L;
}

/** The counts of the last encode() call (for the correctness gate). */
export function readCounts(L: LoadedMask): Uint32Array {
  const buf = kernel().memory.buffer;
  const [ptr, len] = new Uint32Array(buf, L.slot, 2);
  return new Uint32Array(buf, ptr, len).slice();
}

/** Counts placed in kernel memory after room for the decoded mask. */
export interface LoadedRle { width: number; height: number; mask: number; counts: number; len: number }

/** Copies COCO counts into kernel memory (untimed preparation). */
export function loadRle(r: { width: number; height: number; counts: Uint32Array }): LoadedRle {
  const k = kernel();
  k.arenaReset();
  const mask = k.arenaAlloc(r.width * r.height) >>> 0, counts = k.arenaAlloc(4 * r.counts.length) >>> 0;
  if (!mask || !counts) throw new Error('kernel memory exhausted');
  new Uint32Array(k.memory.buffer, counts, r.counts.length).set(r.counts);
  return { width: r.width, height: r.height, mask, counts, len: r.counts.length };
}

/** rleDecode of the loaded counts; the mask stays in kernel memory. */
export function decode(L: LoadedRle): LoadedRle {
  const status = kernel().rleDecode(L.mask, L.counts, L.len, L.height, L.width);
  if (status !== 0) throw new Error(`rleDecode status ${status}`);
  return L;
}

/** The mask of the last decode() call (for the correctness gate). */
export const readMask = (L: LoadedRle): Uint8Array => new Uint8Array(kernel().memory.buffer, L.mask, L.width * L.height).slice();
