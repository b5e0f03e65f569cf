// Painting a record's annotations into an owner map for the PNG writers, refusing overlaps.
import type { ImageRecord } from '../dataset/model';
import { annotationRle } from '../dataset/segmentation';
import { Overlaps, paintOwner } from '../labels/owners';
import type { Rle } from '../types';
import { fail } from '../validate';

/**
 * Paints every annotation of a record into an owner map (annotation number + 1 per pixel, 0 free).
 * Overlaps are refused, except between annotations with the same `groups` value (later paints
 * over earlier then). `expected` says what the writer needs, for the error message.
 *
 * @throws InvalidInputError naming `path.annotations[j]` and the annotation it overlaps.
 */
export function paintRecord(record: ImageRecord, path: string, expected: string, groups?: number[]): { owner: Int32Array; rles: Rle[] } {
  const { image, annotations } = record;
  const { width: w, height: h } = image;
  if (w === 0 || h === 0) fail(`${path}.image`, 'an image of known, non-zero size (a PNG is written for it)', `${w}x${h}`);
  const owner = new Int32Array(w * h);
  const overlaps = new Overlaps(annotations.length);
  const rles = annotations.map((a, j) => {
    const rle = annotationRle(a, image, `${path}.annotations[${j}]`);
    overlaps.reset();
    paintOwner(owner, rle, j + 1, groups !== undefined, overlaps);
    for (const k of overlaps.owners) {
      if (groups === undefined || groups[k - 1] !== groups[j]) {
        fail(`${path}.annotations[${j}]`, expected, `${overlaps.px[k]} pixels over annotations[${k - 1}]`);
      }
    }
    return rle;
  });
  return { owner, rles };
}
