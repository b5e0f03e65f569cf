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
export { rasterize } from './fill/rasterize';
export { fillPolygons } from './fill/polygons';
export { fillMany, type Shape } from './fill/many';
export type { FillOptions, RasterizeOptions, PixelRule, FillRule } from './fill/options';
export { traceContours, type TraceContoursOptions } from './contour/trace';
export { maskToPolygons, type MaskToPolygonsOptions, type ObjectPolygons, type ComponentPolygons, type Fidelity } from './contour/polygons';
// Datasets: the neutral model, byte sources and sinks, formats.
export type {
  Id, Polygons, Segmentation, ImageInfo, Annotation, Category, ImageRecord, DatasetKind, DatasetHeader, Dataset,
  Finding, AnnotationFidelity, Converted,
} from './dataset/model';
export { isRle, emptyRle, segmentationToRle, annotationRle, measureRle } from './dataset/segmentation';
export { writeAll, type RecordWriter, type WriteSummary } from './dataset/writer';
export { bytesSource, bufferedSource, blobSource, type ByteSource, type SourceOptions } from './io/source';
export { memorySink, type ByteSink, type MemorySink } from './io/sink';
export { memoryFiles, safePath, type FileSource, type FileSink, type MemoryFiles } from './io/files';
export { readCoco, readCocoEntries, cocoRecordFromEntries, type ReadJsonOptions, type CocoEntriesDataset } from './formats/coco/read';
export type { CocoImageEntries } from './formats/coco/stream';
export { cocoWriter, writeCoco, type WriteCocoOptions } from './formats/coco/write';
export type { CocoEntryOptions } from './formats/coco/entries';
export { readCocoPanoptic, type ReadCocoPanopticOptions, type PanopticEncoding } from './formats/coco-panoptic/read';
export { cocoPanopticWriter, writeCocoPanoptic, segmentIds, type WriteCocoPanopticOptions } from './formats/coco-panoptic/write';
export { readSemanticPng, type ReadSemanticPngOptions, type SemanticPngOptions } from './formats/semantic-png/read';
export { semanticPngWriter, writeSemanticPng, type WriteSemanticPngOptions } from './formats/semantic-png/write';
export { classList, type ClassListOptions } from './formats/semantic-png/class-list';
export { readInstancePng, type ReadInstancePngOptions, type InstancePngOptions } from './formats/instance-png/read';
export { instancePngWriter, writeInstancePng, type WriteInstancePngOptions } from './formats/instance-png/write';
export { regionId, type InstanceEncoding } from './formats/instance-png/encodings';
export { vocColormap, type ColorTable, type ColorSource } from './formats/colors';
// Label maps and PNG.
export { labelMapToRles, paintRle, type LabelMapToRlesOptions, type ValueRles } from './labels/rles';
export { decodePng, type Png, type DecodePngOptions } from './png/decode';
export { encodePng, type PngInput, type EncodePngOptions } from './png/encode';
export { webZlib, type Zlib } from './png/zlib';
// Conversions between instances, semantic and panoptic, with a fidelity report per annotation.
export { instancesToSemantic, type ToSemanticOptions } from './convert/to-semantic';
export { instancesToPanoptic, type ToPanopticOptions, type OverlapPolicy } from './convert/to-panoptic';
export { panopticToInstances, panopticToSemantic, type PanopticToInstancesOptions } from './convert/from-panoptic';
export { toRle, toPolygons, type ToPolygonsOptions } from './convert/segmentation';
export { semanticToInstances, semanticToPanoptic, type SemanticToInstancesOptions } from './convert/from-semantic';
export { convertDataset } from './convert/dataset';
export type { PaintOrder } from './convert/paint';
// YOLO-seg, LabelMe and polygon JSON; image sizes from file headers.
export { imageSize, type ImageSize, type ImageSizeOptions, type ImageFormat } from './image/size';
export type { HolesMode } from './formats/outline';
export { readYoloSeg, type ReadYoloSegOptions } from './formats/yolo-seg/read';
export { yoloSegWriter, writeYoloSeg, type WriteYoloSegOptions } from './formats/yolo-seg/write';
export { readLabelme, type ReadLabelmeOptions } from './formats/labelme/read';
export { labelmeWriter, writeLabelme, type WriteLabelmeOptions } from './formats/labelme/write';
export { labelmeVocWriter, writeLabelmeVoc, type LabelmeVocOptions } from './formats/labelme/voc';
export { labelmeCategories } from './formats/labelme/labels';
export { readPolygonJson, type ReadPolygonJsonOptions, type PolygonJsonVariant } from './formats/polygon-json/read';
export { polygonJsonWriter, writePolygonJson, type WritePolygonJsonOptions } from './formats/polygon-json/write';
export { validate, validateRecords, type ValidateOptions, type ValidationFinding, type ValidationResult } from './validation/validate';
