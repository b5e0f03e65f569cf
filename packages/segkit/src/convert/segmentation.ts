// Polygons <-> RLE for any annotation.
import type { Converted, ImageRecord } from '../dataset/model';
import { recordRles } from './paint';

/**
 * Every annotation's segmentation as an RLE: polygons by COCO's rule (parts unioned, as
 * pycocotools' `annToRLE`), RLEs unchanged; id, category, iscrowd, area, bbox and attributes kept.
 * Lossless: COCO's rule defines a polygon's pixels.
 *
 * @example
 * const { record: rleRecord } = toRle(record);
 */
export function toRle(record: ImageRecord): Converted {
  const { rles } = recordRles(record);
  return {
    record: { ...record, annotations: record.annotations.map((a, j) => ({ ...a, segmentation: rles[j] })) },
    report: record.annotations.map((a) => ({ id: a.id, status: 'lossless', iou: 1, to: [a.id] })),
  };
}
