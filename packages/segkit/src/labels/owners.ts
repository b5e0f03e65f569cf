// Painting RLEs into an owner map (which annotation holds each pixel), counting overlaps on the
// way. The basis of every instances -> pixels path: writers of PNG formats (which refuse
// overlaps) and the conversions (which resolve them by a policy and report what each annotation
// kept). Owners are 1-based annotation numbers; 0 is free.
import type { Rle } from '../types';
import { eachColumnRun } from './rles';

/**
 * Overlap counts gathered while painting: `px[k]` pixels of owner k were met; `owners` lists the
 * k with px[k] > 0 (in order of first meeting). Reset before each painting with `reset`.
 */
export class Overlaps {
  readonly px: Uint32Array;
  readonly owners: number[] = [];
  constructor(size: number) {
    this.px = new Uint32Array(size + 1);
  }
  reset(): void {
    for (const k of this.owners) this.px[k] = 0;
    this.owners.length = 0;
  }
  total(): number {
    let t = 0;
    for (const k of this.owners) t += this.px[k];
    return t;
  }
}

/**
 * Paints the foreground of `rle` with `label` into `owner` (row-major, width = rle.width).
 * `overwrite`: true paints over pixels already owned; false leaves them. Either way each owned
 * pixel met is counted in `overlaps` (by its owner). Returns the number of pixels painted.
 */
export function paintOwner(owner: Int32Array, rle: Rle, label: number, overwrite: boolean, overlaps: Overlaps): number {
  const w = rle.width;
  const px = overlaps.px;
  let painted = 0;
  eachColumnRun(rle, (x, y0, y1) => {
    for (let p = y0 * w + x, end = y1 * w + x; p < end; p += w) {
      const prev = owner[p];
      if (prev === 0) {
        owner[p] = label;
        painted++;
      } else {
        if (px[prev]++ === 0) overlaps.owners.push(prev);
        if (overwrite) {
          owner[p] = label;
          painted++;
        }
      }
    }
  });
  return painted;
}

/** Counts, by owner, the owned pixels under the foreground of `rle` (no painting). */
export function meetOwners(owner: Int32Array, rle: Rle, overlaps: Overlaps): void {
  const w = rle.width;
  const px = overlaps.px;
  eachColumnRun(rle, (x, y0, y1) => {
    for (let p = y0 * w + x, end = y1 * w + x; p < end; p += w) {
      const prev = owner[p];
      if (prev !== 0 && px[prev]++ === 0) overlaps.owners.push(prev);
    }
  });
}

/** Pixels per owner: `out[k]` = how many pixels owner k holds (index 0: free pixels). */
export function ownerAreas(owner: Int32Array, owners: number): Uint32Array {
  const out = new Uint32Array(owners + 1);
  for (let p = 0; p < owner.length; p++) out[owner[p]]++;
  return out;
}
