// Polygons <-> RLE for any annotation.
import type { AnnotationFidelity, Converted, ImageRecord } from '../dataset/model';
import { isRle } from '../dataset/segmentation';
import { maskToPolygons } from '../contour/polygons';
import { rleDecode } from '../rle/codec';
import { rleArea } from '../rle/measure';
import { rleIou } from '../rle/iou';
import { rleFromPolygons } from '../rle/polygon';
import { checkOneOf, fail } from '../validate';
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

/** Options of `toPolygons`. */
export interface ToPolygonsOptions {
  /** Holes: `'bridge'` (default, exact by COCO's rule), or `'drop'` (filled; reported as changed). */
  holes?: 'bridge' | 'drop';
  /** Douglas-Peucker tolerance in pixels (default 0: exact pixel-edge polygons). */
  tolerance?: number;
  /** With `tolerance > 0`: the IoU the simplified polygons must keep (default 0.98). */
  minIou?: number;
  /** Crowd RLEs: `'keep'` them as RLE (default: COCO stores crowd regions as RLE) or `'convert'`. */
  crowd?: 'keep' | 'convert';
}

/**
 * Every RLE segmentation as COCO polygons along pixel edges (`maskToPolygons`), polygons
 * unchanged; id, category, iscrowd, area, bbox and attributes kept. With the defaults (holes
 * bridged, no simplification) COCO's rule gives back exactly the RLE's pixels, reported
 * `'lossless'`; otherwise the report holds the measured IoU of the polygons with the RLE.
 *
 * @example
 * const { record: polygonRecord, report } = toPolygons(record, { tolerance: 0.5 });
 */
export function toPolygons(record: ImageRecord, options: ToPolygonsOptions = {}): Converted {
  const o = options;
  if (typeof o !== 'object' || o === null) fail('options', 'an options object', o);
  const holes = o.holes === undefined ? 'bridge' : checkOneOf(o.holes, 'options.holes', ['bridge', 'drop'] as const);
  const crowd = o.crowd === undefined ? 'keep' : checkOneOf(o.crowd, 'options.crowd', ['keep', 'convert'] as const);
  const trace = { holes, tolerance: o.tolerance, minIou: o.minIou };
  const report: AnnotationFidelity[] = [];
  const annotations = record.annotations.map((a) => {
    const seg = a.segmentation;
    if (!isRle(seg) || (a.iscrowd && crowd === 'keep')) {
      report.push({ id: a.id, status: 'lossless', iou: 1, to: [a.id] });
      return a;
    }
    const polygons = maskToPolygons(rleDecode(seg), trace).polygons;
    const back = rleFromPolygons(polygons, seg.height, seg.width);
    const iou = rleArea(seg) === 0 && rleArea(back) === 0 ? 1 : rleIou([back], [seg])[0];
    if (iou === 1) report.push({ id: a.id, status: 'lossless', iou, to: [a.id] });
    else report.push({ id: a.id, status: 'changed', iou, reason: holes === 'drop' ? 'holes filled or simplified' : 'simplified', to: [a.id] });
    return { ...a, segmentation: polygons };
  });
  return { record: { ...record, annotations }, report };
}
