// How instance PNGs encode objects, named explicitly (a value means different things per dataset):
//
//   'voc'             SegmentationObject/<id>.png: instance number 1..254 per pixel (0 none,
//                     255 void), paired with SegmentationClass/<id>.png: class per pixel (255 void)
//   'cityscapes'      *_gtFine_instanceIds.png, 16-bit: v >= 1000 is instance v % 1000 of class
//                     v // 1000; v < 1000 is class v without an instance (0 unlabeled = void)
//   'class-instance'  16-bit v = class · 256 + instance (KITTI-STEP, Mapillary); instance 0 is the
//                     class without an instance; v = 0 is void
//
// Pixels with a class but no instance become one region annotation per class, crowd when the
// category is a thing. Its id (its "region id") is 256 + class (voc), class (cityscapes) or
// class · 256 (class-instance); writers recognise regions by that id, by iscrowd, or by a stuff
// category, and write them without an instance.
import type { Category } from '../../dataset/model';

/** An instance PNG encoding. */
export type InstanceEncoding = 'voc' | 'cityscapes' | 'class-instance';

export const ENCODINGS: readonly InstanceEncoding[] = ['voc', 'cityscapes', 'class-instance'];

/**
 * The id a class-only region of `categoryId` is read with (and written back without an instance).
 *
 * @example
 * regionId('voc', 0); // 256: VOC background pixels (class 0, object 0)
 * regionId('cityscapes', 26); // 26: a group of cars without instance ids
 */
export function regionId(encoding: InstanceEncoding, categoryId: number): number {
  return encoding === 'voc' ? 256 + categoryId : encoding === 'cityscapes' ? categoryId : categoryId * 256;
}

/** Default void value per encoding. */
export const defaultVoid = (encoding: InstanceEncoding) => (encoding === 'voc' ? 255 : 0);

/** Default folder of the instance PNGs per encoding. */
export const defaultObjects = (encoding: InstanceEncoding) => (encoding === 'voc' ? 'SegmentationObject' : encoding === 'cityscapes' ? 'gtFine' : '');

/** Cityscapes' instance file suffix. */
export const CITYSCAPES_SUFFIX = '_gtFine_instanceIds.png';

/** Whether a region of this category is a crowd region (only for categories known as things). */
export const crowdRegion = (cats: Map<number, Category>, categoryId: number) => cats.get(categoryId)?.isthing === true;
