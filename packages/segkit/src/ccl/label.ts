// Connected-components labelling of masks and label maps, with per-component statistics.
import { withKernel } from '../wasm/kernel';
import { checkLabelMap } from '../validate';
import type { Components, LabelMap, Mask } from '../types';
import { resolveLabelOptions, type LabelOptions } from './options';

/**
 * Labels the connected components of a mask or label map, with their area, bounding box,
 * centroid and value, in one pass over the pixels.
 *
 * Two neighbouring pixels are connected when neither equals `background` and their values are
 * equal, so a label map is labelled in one pass for all its classes (scikit-image's `label`); on
 * a 0/1 mask this is OpenCV's `connectedComponentsWithStats`. Components are numbered 1..count in
 * raster order of their first pixel (rows top to bottom, each left to right); OpenCV's own
 * numbering can differ, its components and statistics do not.
 *
 * @param input - a `Mask` or `LabelMap`; `data` is a `Uint8Array`, `Uint16Array` or `Int32Array`
 *   of `width * height` values, compared exactly (a mask with bytes 1 and 255 has two values).
 * @param options - `connectivity` 4 or 8 (default 8), `background` (default 0).
 * @returns the labels (row-major `Int32Array`, 0 = background) and per-component arrays; see
 *   {@link Components}. The input is not modified.
 * @throws InvalidInputError when the input or an option is malformed.
 * @throws KernelError when WebAssembly memory cannot hold the image (about 4 GiB in all).
 * @example
 * const mask = { width: 4, height: 2, data: Uint8Array.of(1, 1, 0, 1,  0, 0, 0, 1) };
 * const c = labelComponents(mask);
 * // c.count = 2; c.labels = [1, 1, 0, 2, 0, 0, 0, 2]; c.area = [2, 2]
 * // c.bbox = [0, 0, 2, 1,  3, 0, 1, 2]; c.centroid = [0.5, 0,  3, 0.5]; c.value = [1, 1]
 */
export function labelComponents(input: Mask | LabelMap, options?: LabelOptions): Components {
  const { width, height, data } = checkLabelMap(input);
  const { connectivity, background } = resolveLabelOptions(options);
  return withKernel((k) => {
    const n = width * height;
    const slot = k.slot();
    const labelsPtr = k.alloc(n * 4);
    const inputPtr = k.put(data);
    k.check(k.x.ccLabel(slot, labelsPtr, inputPtr, height, width, data.BYTES_PER_ELEMENT, background, connectivity, true), 'labelComponents');
    const [block, count] = k.result(slot);
    // The kernel's statistics block: centroid f64[2c], area u32[c], bbox i32[4c], value i32[c].
    return {
      width,
      height,
      count,
      labels: k.i32(labelsPtr, n).slice(),
      area: k.u32(block + 16 * count, count).slice(),
      bbox: k.i32(block + 20 * count, 4 * count).slice(),
      centroid: k.f64(block, 2 * count).slice(),
      value: k.i32(block + 36 * count, count).slice(),
    };
  });
}
