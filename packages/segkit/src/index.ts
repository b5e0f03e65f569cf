// segkit: fast, exact segmentation annotations. This file only re-exports.
export type { Mask, LabelMap, Rle, Bbox, CocoRle, Components, Contours, Labelling, ComponentContours } from './types';
export { SegkitError, InvalidInputError, FormatError, KernelError } from './errors';
export { init } from './wasm/kernel';
export { rleEncode, rleDecode } from './rle/codec';
export { rleToString, rleFromString } from './rle/string';
export { rleArea, rleBbox } from './rle/measure';
export { rleMerge } from './rle/merge';
export { rleIou, bboxIou } from './rle/iou';
export { rleFromPolygons, rleFromBbox } from './rle/polygon';
export { toCocoRle, fromCocoRle, type ToCocoRleOptions } from './rle/coco';
export { labelComponents } from './ccl/label';
export type { LabelOptions } from './ccl/options';
export { removeSmallComponents, largestComponents } from './ccl/filter';
export { componentsToRle } from './ccl/rle';
export { traceContours, type TraceContoursOptions } from './contour/trace';
export { maskToPolygons, type MaskToPolygonsOptions, type ObjectPolygons, type ComponentPolygons, type Fidelity } from './contour/polygons';
