// Mask <-> COCO RLE.
import { withKernel } from '../wasm/kernel';
import { E_INPUT } from '../wasm/status';
import { checkMask, checkRleShape, countsMismatch } from '../validate';
import type { Mask, Rle } from '../types';

/**
 * Encodes a mask as COCO RLE, bit-identical to pycocotools' `encode` on 0/1 masks.
 * Any non-zero byte is foreground (pycocotools instead starts a new run whenever the byte value
 * changes, so non-binary masks differ there).
 *
 * @param mask - row-major mask; `data.length` must be `width * height`.
 * @returns counts over the mask in column-major order, starting with a run of 0s.
 * @throws InvalidInputError when the mask is malformed.
 * @example
 * const rle = rleEncode({ width: 3, height: 2, data: Uint8Array.of(0, 1, 1, 0, 1, 0) });
 * // columns top to bottom: 0 0 | 1 1 | 1 0, so rle.counts = [2, 3, 1]
 */
export function rleEncode(mask: Mask): Rle {
  checkMask(mask);
  const { width, height } = mask;
  return withKernel((k) => {
    const maskPtr = k.putU8(mask.data);
    const slot = k.slot();
    k.check(k.x.rleEncode(slot, maskPtr, height, width), 'rleEncode');
    const [ptr, len] = k.result(slot);
    return { height, width, counts: k.takeU32(ptr, len) };
  });
}

/**
 * Decodes a COCO RLE into a row-major 0/1 mask (pycocotools' `decode`, transposed to rows).
 *
 * @throws InvalidInputError when the counts do not add up to `height * width`.
 * @example
 * const mask = rleDecode({ height: 2, width: 3, counts: Uint32Array.of(2, 3, 1) });
 * // mask.data = [0, 1, 1, 0, 1, 0]
 */
export function rleDecode(rle: Rle): Mask {
  checkRleShape(rle);
  const { width, height, counts } = rle;
  return withKernel((k) => {
    const n = width * height;
    const maskPtr = k.alloc(n);
    const countsPtr = k.putU32(counts);
    const status = k.x.rleDecode(maskPtr, countsPtr, counts.length, height, width);
    if (status === E_INPUT) countsMismatch(rle);
    k.check(status, 'rleDecode');
    return { width, height, data: k.u8(maskPtr, n).slice() };
  });
}
