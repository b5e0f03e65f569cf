// COCO JSON entries <-> the dataset model: images, annotations and categories, one at a time.
// Reading checks every field it uses and names its JSON path; unknown fields are kept verbatim in
// `attributes`. Writing is the inverse, with area and bbox recomputed from the pixels by default.
import { fromCocoRle } from '../../rle/coco';
import { rleToString } from '../../rle/string';
import type { Bbox, CocoRle, Rle } from '../../types';
import type { Annotation, Category, Finding, ImageInfo, Polygons, Segmentation } from '../../dataset/model';
import { isRle, measureRle, segmentationToRle } from '../../dataset/segmentation';
import { at, bad, fArray, fFlag, fId, fInt, fNumber, fObject, fString, isObject, rest, within, type Where } from '../check';

const IMAGE_KEYS = new Set(['id', 'file_name', 'width', 'height']);
const ANN_KEYS = new Set(['id', 'image_id', 'category_id', 'segmentation', 'area', 'bbox', 'iscrowd', 'score']);
const CAT_KEYS = new Set(['id', 'name', 'supercategory', 'isthing', 'color']);

/** A COCO `images[i]` entry as an ImageInfo. */
export function readImage(raw: unknown, w: Where): ImageInfo {
  const o = fObject(raw, w, 'an image object {id, file_name, width, height}');
  const img: ImageInfo = {
    id: fId(o.id, at(w, 'id')),
    fileName: o.file_name === undefined ? '' : fString(o.file_name, at(w, 'file_name')),
    width: fInt(o.width, at(w, 'width')),
    height: fInt(o.height, at(w, 'height')),
  };
  if (img.width * img.height > 0xffffffff) bad(at(w, 'width'), 'at most 2^32 - 1 pixels (width * height)', img.width * img.height);
  const attrs = rest(o, IMAGE_KEYS);
  if (attrs) img.attributes = attrs;
  return img;
}

/** A COCO `categories[i]` entry as a Category. */
export function readCategory(raw: unknown, w: Where): Category {
  const o = fObject(raw, w, 'a category object {id, name}');
  const cat: Category = {
    id: fInt(o.id, at(w, 'id'), -(2 ** 31), 2 ** 31 - 1),
    name: o.name === undefined ? String(o.id) : fString(o.name, at(w, 'name')),
  };
  // `"supercategory": null` (written by some exporters) means none.
  if (o.supercategory !== undefined && o.supercategory !== null) cat.supercategory = fString(o.supercategory, at(w, 'supercategory'));
  if (o.isthing !== undefined) cat.isthing = fFlag(o.isthing, at(w, 'isthing'));
  if (o.color !== undefined) {
    const c = fArray(o.color, at(w, 'color'), 'a colour [r, g, b]');
    if (c.length !== 3) bad(at(w, 'color'), 'a colour [r, g, b]', c);
    cat.color = [fInt(c[0], at(at(w, 'color'), 0), 0, 255), fInt(c[1], at(at(w, 'color'), 1), 0, 255), fInt(c[2], at(at(w, 'color'), 2), 0, 255)];
  }
  const attrs = rest(o, CAT_KEYS);
  if (attrs) cat.attributes = attrs;
  return cat;
}

/** Reads a COCO `segmentation`: polygons, compressed or uncompressed RLE, or `[]`. */
export function readSegmentation(raw: unknown, w: Where): Segmentation {
  if (Array.isArray(raw)) {
    if (raw.length > 0 && !Array.isArray(raw[0])) bad(w, 'a list of polygons [[x0, y0, x1, y1, ...], ...]', raw);
    const polys: Polygons = [];
    for (let i = 0; i < raw.length; i++) {
      const p = fArray(raw[i], at(w, i), 'a polygon [x0, y0, x1, y1, ...]');
      if (p.length % 2 !== 0) bad(at(w, i), 'an even number of coordinates (x, y pairs)', p);
      for (let j = 0; j < p.length; j++) {
        const v = p[j];
        if (typeof v !== 'number' || !Number.isFinite(v)) fNumber(v, at(at(w, i), j)); // the path is built only on failure
      }
      polys.push(p as number[]);
    }
    return polys;
  }
  if (isObject(raw) && 'counts' in raw) return within(w, () => fromCocoRle(raw as unknown as CocoRle, 'segmentation'));
  bad(w, 'polygons [[x0, y0, ...], ...] or an RLE {size, counts}', raw);
}

/** A COCO bbox `[x, y, width, height]`. */
export function readBbox(raw: unknown, w: Where): Bbox {
  const b = fArray(raw, w, 'a bbox [x, y, width, height]');
  if (b.length !== 4) bad(w, 'a bbox [x, y, width, height]', b);
  return [fNumber(b[0], at(w, 0)), fNumber(b[1], at(w, 1)), fNumber(b[2], at(w, 2)), fNumber(b[3], at(w, 3))];
}

/**
 * A COCO `annotations[i]` entry as an Annotation in `image`. A missing `id` (results files) is
 * `fallbackId`; a missing area or bbox is measured by COCO's rule when the image size is known.
 * An RLE whose size is not the image's is kept, with a warning pushed to `warnings`.
 */
export function readAnnotation(raw: unknown, w: Where, image: ImageInfo, fallbackId: number | undefined, warnings: Finding[]): Annotation {
  const o = fObject(raw, w, 'an annotation object');
  const id = o.id === undefined && fallbackId !== undefined ? fallbackId : fId(o.id, at(w, 'id'));
  const segmentation = o.segmentation === undefined || o.segmentation === null ? [] : readSegmentation(o.segmentation, at(w, 'segmentation'));
  const known = image.width > 0 && image.height > 0;
  if (isRle(segmentation) && known && (segmentation.height !== image.height || segmentation.width !== image.width)) {
    warnings.push({
      code: 'W_RLE_SIZE',
      severity: 'warning',
      file: w.file,
      location: `${w.path}.segmentation.size`,
      message: `RLE size [${segmentation.height}, ${segmentation.width}] is not the image's [height, width] = [${image.height}, ${image.width}]`,
    });
  }
  let area = o.area === undefined ? undefined : fNumber(o.area, at(w, 'area'));
  let bbox = o.bbox === undefined ? undefined : readBbox(o.bbox, at(w, 'bbox'));
  if (area === undefined || bbox === undefined) {
    const size = isRle(segmentation) ? segmentation : known ? image : undefined;
    const m = size ? measureRle(within(at(w, 'segmentation'), () => segmentationToRle(segmentation, size.height, size.width))) : { area: 0, bbox: [0, 0, 0, 0] as Bbox };
    area ??= m.area;
    bbox ??= m.bbox;
  }
  const ann: Annotation = {
    id,
    categoryId: fInt(o.category_id, at(w, 'category_id'), -(2 ** 31), 2 ** 31 - 1),
    iscrowd: o.iscrowd === undefined ? false : fFlag(o.iscrowd, at(w, 'iscrowd')),
    segmentation,
    bbox,
    area,
  };
  if (o.score !== undefined) ann.score = fNumber(o.score, at(w, 'score'));
  const attrs = rest(o, ANN_KEYS);
  if (attrs) ann.attributes = attrs;
  return ann;
}

/** Options of the COCO entry writers. */
export interface CocoEntryOptions {
  /** `'string'` (default): RLE counts as pycocotools' compressed string; `'array'`: run lengths. */
  rleCounts?: 'string' | 'array';
  /**
   * `'recompute'` (default): area and bbox measured from the pixels by COCO's rule (box-only
   * annotations and images of unknown size keep theirs); `'keep'`: the stored values.
   */
  areaBbox?: 'recompute' | 'keep';
}

/** COCO JSON of an RLE. */
export function cocoRleJson(rle: Rle, counts: 'string' | 'array' = 'string'): CocoRle {
  return { size: [rle.height, rle.width], counts: counts === 'string' ? rleToString(rle) : Array.from(rle.counts) };
}

/** An ImageInfo as a COCO image entry. */
export function writeImage(img: ImageInfo): Record<string, unknown> {
  return withRest({ id: img.id, file_name: img.fileName, width: img.width, height: img.height }, img.attributes);
}

/** A Category as a COCO category entry. */
export function writeCategory(cat: Category): Record<string, unknown> {
  const o: Record<string, unknown> = { id: cat.id, name: cat.name };
  if (cat.supercategory !== undefined) o.supercategory = cat.supercategory;
  if (cat.isthing !== undefined) o.isthing = cat.isthing ? 1 : 0;
  if (cat.color !== undefined) o.color = [...cat.color];
  return withRest(o, cat.attributes);
}

/**
 * An Annotation as a COCO annotation entry of `image`. Returns the entry and whether the stored
 * area or bbox differed from the measured one (when recomputed).
 */
export function writeAnnotation(ann: Annotation, image: ImageInfo, options: CocoEntryOptions = {}): { entry: Record<string, unknown>; changed: boolean } {
  const seg = ann.segmentation;
  let area = ann.area;
  let bbox: Bbox = ann.bbox;
  let changed = false;
  const boxOnly = Array.isArray(seg) && seg.length === 0;
  if ((options.areaBbox ?? 'recompute') === 'recompute' && !boxOnly && image.width > 0 && image.height > 0) {
    const m = measureRle(isRle(seg) ? seg : segmentationToRle(seg, image.height, image.width));
    changed = m.area !== area || m.bbox.some((v, i) => v !== bbox[i]);
    area = m.area;
    bbox = m.bbox;
  }
  const o: Record<string, unknown> = {
    id: ann.id,
    image_id: image.id,
    category_id: ann.categoryId,
    segmentation: isRle(seg) ? cocoRleJson(seg, options.rleCounts) : seg,
    area,
    bbox: [bbox[0], bbox[1], bbox[2], bbox[3]],
    iscrowd: ann.iscrowd ? 1 : 0,
  };
  if (ann.score !== undefined) o.score = ann.score;
  return { entry: withRest(o, ann.attributes), changed };
}

function withRest(o: Record<string, unknown>, attrs: Record<string, unknown> | undefined): Record<string, unknown> {
  if (attrs) for (const k of Object.keys(attrs)) if (!(k in o)) o[k] = attrs[k];
  return o;
}
