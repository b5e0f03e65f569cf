// Components -> one COCO RLE per component.
import { withKernel } from '../wasm/kernel';
import { E_INPUT } from '../wasm/status';
import { checkInt, checkSize, fail, failAs } from '../validate';
import type { Components, Rle } from '../types';

/**
 * COCO RLE of every component of a labelling, from one pass over its label map (no per-component
 * image decode): entry k - 1 is the RLE of the pixels labelled k, bit-identical to `rleEncode` of
 * that component's mask.
 *
 * @param components - a labelling such as `labelComponents` returns; only `width`, `height`,
 *   `count` and `labels` (values 0..count) are read.
 * @returns `count` RLEs; a label with no pixels gives the empty RLE `[width * height]`.
 * @throws InvalidInputError when the fields are malformed or a label is outside 0..count.
 * @example
 * const c = labelComponents({ width: 3, height: 2, data: Uint8Array.of(1, 0, 1,  1, 0, 0) });
 * componentsToRle(c).map((r) => Array.from(r.counts)); // [[0, 2, 4], [4, 1, 1]]
 */
export function componentsToRle(components: Pick<Components, 'width' | 'height' | 'count' | 'labels'>): Rle[] {
  const path = 'components';
  if (typeof components !== 'object' || components === null) fail(path, 'a labelling {width, height, count, labels}', components);
  const { width, height, count, labels } = components;
  checkSize(height, width, path);
  const n = width * height;
  checkInt(count, `${path}.count`, 0, n);
  if (!(labels instanceof Int32Array)) fail(`${path}.labels`, 'an Int32Array', labels);
  if (labels.length !== n) fail(`${path}.labels`, `${n} labels (width * height)`, labels);
  return withKernel((k) => {
    const slot = k.slot();
    const labelsPtr = k.put(labels);
    const status = k.x.ccRle(slot, labelsPtr, height, width, count);
    if (status === E_INPUT) failAs(`${path}.labels`, `labels in 0..${count} (count)`, 'a label outside that range');
    k.check(status, 'componentsToRle');
    const s = k.u32(slot, 4);
    const offsets = k.u32(s[0], count + 1).slice();
    const all = k.u32(s[2], s[3]);
    const out: Rle[] = new Array(count);
    for (let c = 0; c < count; c++) out[c] = { height, width, counts: all.slice(offsets[c], offsets[c + 1]) };
    return out;
  });
}
