// Keeping connected components by size: dust removal and the k largest.
import { withKernel } from '../wasm/kernel';
import { checkInt, checkLabelMap } from '../validate';
import type { LabelMap, Mask } from '../types';
import { resolveLabelOptions, type LabelOptions } from './options';

const U32_MAX = 0xffffffff;

/** A copy of the input with every component not kept set to the background (one kernel call). */
function keep(input: Mask | LabelMap, minArea: number, maxCount: number, options: LabelOptions | undefined, what: string): Mask | LabelMap {
  const { width, height, data } = checkLabelMap(input);
  const { connectivity, background } = resolveLabelOptions(options);
  return withKernel((k) => {
    const n = width * height;
    const kept = k.alloc(4);
    const outPtr = k.alloc(data.byteLength);
    const inputPtr = k.put(data);
    k.check(k.x.ccKeep(outPtr, kept, inputPtr, height, width, data.BYTES_PER_ELEMENT, background, connectivity, Math.min(minArea, U32_MAX), Math.min(maxCount, U32_MAX)), what);
    const View = data.constructor as Uint8ArrayConstructor | Uint16ArrayConstructor | Int32ArrayConstructor;
    return { width, height, data: new View(k.x.memory.buffer, outPtr, n).slice() };
  });
}

/**
 * Removes small connected components ("dust"): every component with fewer than `minArea` pixels
 * is set to the background value; everything else is unchanged. Components are formed as in
 * `labelComponents` (per value, with the given connectivity).
 *
 * @param input - a `Mask` or `LabelMap`; not modified.
 * @param minArea - the smallest area kept, in pixels: a non-negative integer (0 and 1 keep all).
 * @param options - `connectivity` 4 or 8 (default 8), `background` (default 0).
 * @returns a new map of the input's type and size.
 * @throws InvalidInputError when the input, `minArea` or an option is malformed.
 * @example
 * const mask = { width: 5, height: 1, data: Uint8Array.of(1, 0, 1, 1, 1) };
 * removeSmallComponents(mask, 2).data; // Uint8Array [0, 0, 1, 1, 1]
 */
export function removeSmallComponents(input: Mask, minArea: number, options?: LabelOptions): Mask;
export function removeSmallComponents(input: LabelMap, minArea: number, options?: LabelOptions): LabelMap;
export function removeSmallComponents(input: Mask | LabelMap, minArea: number, options?: LabelOptions): Mask | LabelMap {
  checkInt(minArea, 'minArea');
  return keep(input, minArea, U32_MAX, options, 'removeSmallComponents');
}

/**
 * Keeps the `k` largest connected components and sets every other one to the background value.
 * Components of equal area are ranked in raster order of their first pixel (the earlier kept
 * first), so the result is deterministic. In a label map the ranking is over the components of
 * all values together.
 *
 * @param input - a `Mask` or `LabelMap`; not modified.
 * @param k - how many components to keep: a non-negative integer (0 clears every component).
 * @param options - `connectivity` 4 or 8 (default 8), `background` (default 0).
 * @returns a new map of the input's type and size.
 * @throws InvalidInputError when the input, `k` or an option is malformed.
 * @example
 * const mask = { width: 6, height: 1, data: Uint8Array.of(1, 0, 1, 1, 0, 1) };
 * largestComponents(mask, 1).data; // Uint8Array [0, 0, 1, 1, 0, 0]
 */
export function largestComponents(input: Mask, k: number, options?: LabelOptions): Mask;
export function largestComponents(input: LabelMap, k: number, options?: LabelOptions): LabelMap;
export function largestComponents(input: Mask | LabelMap, k: number, options?: LabelOptions): Mask | LabelMap {
  checkInt(k, 'k');
  return keep(input, 0, k, options, 'largestComponents');
}
