// The neutral dataset model: what every format reads into and writes from, one image at a time.
// Plain records (structured-clone safe, so they can cross worker threads); typed arrays only in
// RLE counts. Fields a format stores but the model has no name for are kept in `attributes`,
// verbatim, so that write -> read gives the same records.
import type { Bbox, Rle } from '../types';

/** An image or annotation id: COCO uses integers; folder formats use file stems, some tools UUIDs. */
export type Id = number | string;

/** COCO polygons: one or more parts `[x0, y0, x1, y1, ...]` in pixel coordinates. */
export type Polygons = number[][];

/**
 * An object's pixels: COCO polygons (parts unioned by COCO's rule) or an RLE of the image's
 * size. An empty polygon list `[]` means no pixels (a box-only annotation).
 */
export type Segmentation = Polygons | Rle;

/** One image of a dataset. */
export interface ImageInfo {
  id: Id;
  /** The image file, relative to the dataset's image folder (COCO `file_name`). */
  fileName: string;
  /** Width in pixels; 0 when the source does not say (e.g. a COCO results list). */
  width: number;
  /** Height in pixels; 0 when the source does not say. */
  height: number;
  /** Other fields of the source's image entry, verbatim (COCO: `license`, `coco_url`, …). */
  attributes?: Record<string, unknown>;
}

/** One object (instance, crowd region, stuff region or panoptic segment) of an image. */
export interface Annotation {
  /** Unique within its dataset (COCO) or image (panoptic segment id, instance PNG value). */
  id: Id;
  categoryId: number;
  /** COCO's `iscrowd`: a region of many objects. */
  iscrowd: boolean;
  segmentation: Segmentation;
  /** `[x, y, width, height]` as stored by the source, or measured from the pixels where it stores none. */
  bbox: Bbox;
  /** Pixel area as stored by the source, or measured (COCO's rule) where it stores none. */
  area: number;
  /** A detection score (COCO results). */
  score?: number;
  /** Other fields of the source's annotation, verbatim (COCO: `attributes`, `keypoints`, …). */
  attributes?: Record<string, unknown>;
}

/** A class of the dataset's category table. */
export interface Category {
  id: number;
  name: string;
  supercategory?: string;
  /** Panoptic: true for countable objects (things), false for amorphous regions (stuff). */
  isthing?: boolean;
  /** Display or mask colour `[r, g, b]`, 0..255. */
  color?: [number, number, number];
  /** Other fields of the source's category, verbatim (COCO: `keypoints`, `skeleton`, …). */
  attributes?: Record<string, unknown>;
}

/** One image and its annotations: the unit readers yield and writers consume. */
export interface ImageRecord {
  image: ImageInfo;
  annotations: Annotation[];
  /**
   * The label files the record was read from, by role (`'panoptic'`, `'semantic'`, `'instances'`,
   * `'classes'`), relative to the format's folder; a writer of the same format reuses the names.
   */
  files?: Record<string, string>;
  /** Problems a reader noticed and worked around (e.g. a PNG smaller than its image). */
  warnings?: Finding[];
}

/**
 * What the records of a dataset represent:
 * - `'instances'`: objects that may overlap (COCO instances, results);
 * - `'panoptic'`: non-overlapping segments, ids unique per image, stuff one segment per class;
 * - `'semantic'`: one region per class present, non-overlapping, no instance identity.
 */
export type DatasetKind = 'instances' | 'panoptic' | 'semantic';

/** Dataset-level data: everything except the per-image records. */
export interface DatasetHeader {
  kind: DatasetKind;
  categories: Category[];
  /** COCO `info`, verbatim. */
  info?: unknown;
  /** COCO `licenses`, verbatim. */
  licenses?: unknown[];
  /** True for a COCO results file (a bare list of annotations). */
  results?: boolean;
  /** Other top-level fields of the source, verbatim (e.g. labelme's `"type": "instances"`). */
  attributes?: Record<string, unknown>;
}

/** A dataset as readers return it: the header, then the images one at a time. */
export interface Dataset {
  header: DatasetHeader;
  /** Iterate once; each record is produced when asked for (bounded memory). */
  records: AsyncIterable<ImageRecord>;
  /** The number of records, when the reader knows it before iterating (progress, ETA). */
  count?: number;
}

/** A problem found in a file, with where it is. */
export interface Finding {
  /** Stable code, e.g. `'W_PNG_SIZE'`. */
  code: string;
  severity: 'error' | 'warning' | 'info';
  file: string;
  /** JSON path (`annotations[3].segmentation`) or `line N`; empty when the whole file. */
  location: string;
  message: string;
}

/**
 * What a conversion did to one source annotation:
 * - `'lossless'`: every pixel kept (iou 1);
 * - `'changed'`: some pixels lost or gained; `iou` is measured on the pixels;
 * - `'dropped'`: not in the output (iou 0); `reason` says why.
 */
export interface AnnotationFidelity {
  /** The source annotation's id. */
  id: Id;
  status: 'lossless' | 'changed' | 'dropped';
  /** Intersection over union of the source pixels and the pixels that represent it in the output. */
  iou: number;
  reason?: string;
  /** Ids of the output annotations that hold its pixels. */
  to: Id[];
}

/** The result of a per-image conversion: the converted record and one AnnotationFidelity per source annotation. */
export interface Converted {
  record: ImageRecord;
  report: AnnotationFidelity[];
}
