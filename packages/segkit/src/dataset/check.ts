// Checks of records handed to writers and conversions (InvalidInputError naming the path).
import { checkArray, checkBbox, checkFinite, checkInt, checkRle, checkSize, fail } from '../validate';
import type { Annotation, Category, ImageInfo, ImageRecord } from './model';

function checkId(v: unknown, path: string): void {
  if (!((typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v.length > 0))) {
    fail(path, 'an id (an integer or a non-empty string)', v);
  }
}

/** An ImageInfo. */
export function checkImage(img: unknown, path = 'image'): ImageInfo {
  if (typeof img !== 'object' || img === null) fail(path, 'an ImageInfo {id, fileName, width, height}', img);
  const i = img as ImageInfo;
  checkId(i.id, `${path}.id`);
  if (typeof i.fileName !== 'string') fail(`${path}.fileName`, 'a string', i.fileName);
  checkSize(i.height, i.width, path);
  return i;
}

/** An Annotation (segmentation polygons or an Rle; bbox; area). */
export function checkAnnotation(a: unknown, path = 'annotation'): Annotation {
  if (typeof a !== 'object' || a === null) fail(path, 'an Annotation {id, categoryId, iscrowd, segmentation, bbox, area}', a);
  const ann = a as Annotation;
  checkId(ann.id, `${path}.id`);
  checkInt(ann.categoryId, `${path}.categoryId`, -(2 ** 31), 2 ** 31 - 1);
  if (typeof ann.iscrowd !== 'boolean') fail(`${path}.iscrowd`, 'a boolean', ann.iscrowd);
  const seg = ann.segmentation;
  if (Array.isArray(seg)) {
    for (let p = 0; p < seg.length; p++) {
      const part = checkArray(seg[p], `${path}.segmentation[${p}]`, 'coordinates [x0, y0, x1, y1, ...]');
      if (part.length % 2 !== 0) fail(`${path}.segmentation[${p}]`, 'an even number of coordinates (x, y pairs)', part);
      for (let j = 0; j < part.length; j++) {
        const v = part[j];
        if (typeof v !== 'number' || !Number.isFinite(v)) checkFinite(v, `${path}.segmentation[${p}][${j}]`);
      }
    }
  } else {
    checkRle(seg, `${path}.segmentation`);
  }
  checkBbox(ann.bbox, `${path}.bbox`);
  checkFinite(ann.area, `${path}.area`);
  if (ann.score !== undefined) checkFinite(ann.score, `${path}.score`);
  return ann;
}

/** An ImageRecord: its image and every annotation. */
export function checkRecord(r: unknown, path = 'record'): ImageRecord {
  if (typeof r !== 'object' || r === null) fail(path, 'an ImageRecord {image, annotations}', r);
  const rec = r as ImageRecord;
  checkImage(rec.image, `${path}.image`);
  const anns = checkArray(rec.annotations, `${path}.annotations`, 'Annotation');
  for (let j = 0; j < anns.length; j++) checkAnnotation(anns[j], `${path}.annotations[${j}]`);
  return rec;
}

/** A category table. */
export function checkCategories(cats: unknown, path = 'categories'): Category[] {
  const list = checkArray(cats, path, 'Category');
  list.forEach((c, i) => {
    if (typeof c !== 'object' || c === null) fail(`${path}[${i}]`, 'a Category {id, name}', c);
    checkInt((c as Category).id, `${path}[${i}].id`, -(2 ** 31), 2 ** 31 - 1);
    if (typeof (c as Category).name !== 'string') fail(`${path}[${i}].name`, 'a string', (c as Category).name);
  });
  return list as Category[];
}
