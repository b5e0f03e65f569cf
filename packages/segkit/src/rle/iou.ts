// Intersection over union of RLEs and of boxes (pycocotools' `iou`).
import { withKernel, type Kernel } from '../wasm/kernel';
import { E_INPUT } from '../wasm/status';
import { checkArray, checkBbox, checkRleShape, countsMismatch, crowdBytes } from '../validate';
import type { Bbox, Rle } from '../types';

/**
 * The kernel lists the non-zero IoUs (most pairs of a real image do not overlap): scattering them
 * into a fresh zeroed matrix costs far less than copying a dense matrix out.
 */
function sparseToDense(k: Kernel, slot: number, size: number): Float64Array {
  const [idxPtr, count] = k.result(slot);
  const valPtr = k.U32[(slot >>> 2) + 2];
  const out = new Float64Array(size);
  const idx = k.U32;
  const val = k.F64;
  const i0 = idxPtr >>> 2;
  const v0 = valPtr >>> 3;
  for (let j = 0; j < count; j++) out[idx[i0 + j]] = val[v0 + j];
  return out;
}

/** Copies RLEs into the arena; returns a descriptor table of (countsPtr, len, h, w) u32 rows. */
function putRles(k: Kernel, rles: Rle[]): number {
  let total = 0;
  for (const r of rles) total += r.counts.length;
  const counts = k.alloc(total * 4);
  const desc = k.alloc(Math.max(1, rles.length) * 16);
  const d = k.u32(desc, rles.length * 4);
  const mem = k.u32(counts, total);
  let at = 0;
  for (let i = 0; i < rles.length; i++) {
    const r = rles[i];
    mem.set(r.counts, at);
    d[4 * i] = counts + at * 4;
    d[4 * i + 1] = r.counts.length;
    d[4 * i + 2] = r.height;
    d[4 * i + 3] = r.width;
    at += r.counts.length;
  }
  return desc;
}

/**
 * IoU of every detection with every ground truth, as pycocotools' `iou`: `out[d * gt.length + g]`.
 * For a crowd ground truth the denominator is the detection's area. Pairs whose boxes do not
 * overlap give 0; pairs of different image sizes whose boxes overlap give -1.
 *
 * @param dt - detections.
 * @param gt - ground truths.
 * @param iscrowd - one flag per ground truth (numbers or booleans); omitted means none.
 * @returns a dt-major Float64Array of `dt.length * gt.length` IoUs.
 * @example
 * const a = rleFromBbox([0, 0, 4, 4], 8, 8), b = rleFromBbox([2, 0, 4, 4], 8, 8);
 * rleIou([a], [b], [0]); // Float64Array [0.3333333333333333]
 */
export function rleIou(dt: Rle[], gt: Rle[], iscrowd?: ArrayLike<number | boolean>): Float64Array {
  checkArray(dt, 'dt', 'Rle');
  checkArray(gt, 'gt', 'Rle');
  dt.forEach((r, i) => checkRleShape(r, `dt[${i}]`));
  gt.forEach((r, i) => checkRleShape(r, `gt[${i}]`));
  const crowd = crowdBytes(iscrowd, gt.length);
  const m = dt.length;
  const n = gt.length;
  if (m === 0 || n === 0) return new Float64Array(0);
  return withKernel((k) => {
    const dtDesc = putRles(k, dt);
    const gtDesc = putRles(k, gt);
    const crowdPtr = k.putU8(crowd);
    const slot = k.slot();
    const status = k.x.rleIou(slot, dtDesc, m, gtDesc, n, crowdPtr);
    if (status === E_INPUT) {
      const i = k.result(slot)[0];
      if (i < m) countsMismatch(dt[i], `dt[${i}]`);
      countsMismatch(gt[i - m], `gt[${i - m}]`);
    }
    k.check(status, 'rleIou');
    return sparseToDense(k, slot, m * n);
  });
}

/**
 * IoU of boxes `[x, y, w, h]`, as pycocotools' `iou` on boxes: `out[d * gt.length + g]`; for a
 * crowd ground truth the denominator is the detection's area.
 *
 * @example
 * bboxIou([[0, 0, 4, 4]], [[2, 0, 4, 4]], [0]); // Float64Array [0.3333333333333333]
 */
export function bboxIou(dt: Bbox[], gt: Bbox[], iscrowd?: ArrayLike<number | boolean>): Float64Array {
  checkArray(dt, 'dt', 'bbox');
  checkArray(gt, 'gt', 'bbox');
  const crowd = crowdBytes(iscrowd, gt.length);
  const m = dt.length;
  const n = gt.length;
  const flat = (boxes: Bbox[], name: string) => {
    const f = new Float64Array(boxes.length * 4);
    boxes.forEach((b, i) => f.set(checkBbox(b, `${name}[${i}]`), i * 4));
    return f;
  };
  const d = flat(dt, 'dt');
  const g = flat(gt, 'gt');
  if (m === 0 || n === 0) return new Float64Array(0);
  return withKernel((k) => {
    const dPtr = k.putF64(d);
    const gPtr = k.putF64(g);
    const crowdPtr = k.putU8(crowd);
    const slot = k.slot();
    k.check(k.x.bboxIou(slot, dPtr, m, gPtr, n, crowdPtr), 'bboxIou');
    return sparseToDense(k, slot, m * n);
  });
}
