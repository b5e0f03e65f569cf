// YOLO-seg, LabelMe and polygon JSON on disk: the pure readers and writers with folders and
// node:zlib.
import type { Dataset } from '../dataset/model';
import type { WriteSummary } from '../dataset/writer';
import { imageSize, type ImageSize, type ImageSizeOptions } from '../image/size';
import { readYoloSeg, type ReadYoloSegOptions } from '../formats/yolo-seg/read';
import { writeYoloSeg, type WriteYoloSegOptions } from '../formats/yolo-seg/write';
import { readLabelme, type ReadLabelmeOptions } from '../formats/labelme/read';
import { writeLabelme, type WriteLabelmeOptions } from '../formats/labelme/write';
import { writeLabelmeVoc, type LabelmeVocOptions } from '../formats/labelme/voc';
import { readPolygonJson, type ReadPolygonJsonOptions } from '../formats/polygon-json/read';
import { writePolygonJson, type WritePolygonJsonOptions } from '../formats/polygon-json/write';
import { fileSource, folderFiles, type FileSinkOptions } from './files';
import { nodeZlib } from './zlib';

/**
 * Reads a YOLO segmentation dataset folder (data.yaml, or labels/ with classes.txt).
 *
 * @example
 * const ds = await readYoloSegFolder('datasets/coco8-seg');
 */
export async function readYoloSegFolder(dir: string, options: ReadYoloSegOptions = {}): Promise<Dataset> {
  return readYoloSeg(folderFiles(dir), options);
}

/**
 * Writes a dataset as YOLO-seg label files and data.yaml into a folder.
 *
 * @example
 * await writeYoloSegFolder('out/yolo', dataset, { holes: 'bridge' });
 */
export async function writeYoloSegFolder(dir: string, dataset: Dataset, options: WriteYoloSegOptions & FileSinkOptions = {}): Promise<WriteSummary> {
  return writeYoloSeg(folderFiles(dir, options), dataset, options);
}

/**
 * Reads a folder of LabelMe JSON files.
 *
 * @example
 * const ds = await readLabelmeFolder('data_annotated', { categories: labelmeCategories(await readFile('labels.txt', 'utf8')) });
 */
export async function readLabelmeFolder(dir: string, options: ReadLabelmeOptions = {}): Promise<Dataset> {
  return readLabelme(folderFiles(dir), { zlib: nodeZlib, ...options });
}

/**
 * Writes a dataset as LabelMe JSON files into a folder.
 *
 * @example
 * await writeLabelmeFolder('out/labelme', dataset);
 */
export async function writeLabelmeFolder(dir: string, dataset: Dataset, options: WriteLabelmeOptions & FileSinkOptions = {}): Promise<WriteSummary> {
  return writeLabelme(folderFiles(dir, options), dataset, { zlib: nodeZlib, ...options });
}

/**
 * Writes labelme2voc-style SegmentationClass and SegmentationObject PNGs into a folder.
 *
 * @example
 * await writeLabelmeVocFolder('data_dataset_voc', await readLabelmeFolder('data_annotated', { categories, voidShapes: 'keep' }));
 */
export async function writeLabelmeVocFolder(dir: string, dataset: Dataset, options: LabelmeVocOptions & FileSinkOptions = {}): Promise<WriteSummary> {
  return writeLabelmeVoc(folderFiles(dir, options), dataset, { zlib: nodeZlib, ...options });
}

/**
 * Reads a folder of polygon JSON files (instance or semantic exports).
 *
 * @example
 * const ds = await readPolygonJsonFolder('export', { size: { width: 4000, height: 3000 } });
 */
export async function readPolygonJsonFolder(dir: string, options: ReadPolygonJsonOptions = {}): Promise<Dataset> {
  return readPolygonJson(folderFiles(dir), options);
}

/**
 * Writes a dataset as polygon JSON files into a folder.
 *
 * @example
 * await writePolygonJsonFolder('out/polygons', dataset, { variant: 'semantic' });
 */
export async function writePolygonJsonFolder(dir: string, dataset: Dataset, options: WritePolygonJsonOptions & FileSinkOptions = {}): Promise<WriteSummary> {
  return writePolygonJson(folderFiles(dir, options), dataset, options);
}

/**
 * An image file's width and height from its header (no pixel decoding).
 *
 * @example
 * const { width, height } = await imageSizeFile('photo.jpg');
 */
export async function imageSizeFile(path: string, options: ImageSizeOptions = {}): Promise<ImageSize> {
  return imageSize(await fileSource(path), options);
}
