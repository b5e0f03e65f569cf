// The dataset formats on disk: the pure readers and writers with files, folders and node:zlib.
import type { Dataset } from '../dataset/model';
import type { WriteSummary } from '../dataset/writer';
import { readCoco, type ReadJsonOptions } from '../formats/coco/read';
import { writeCoco, type WriteCocoOptions } from '../formats/coco/write';
import { readCocoPanoptic, type ReadCocoPanopticOptions } from '../formats/coco-panoptic/read';
import { writeCocoPanoptic, type WriteCocoPanopticOptions } from '../formats/coco-panoptic/write';
import { readSemanticPng, type ReadSemanticPngOptions } from '../formats/semantic-png/read';
import { writeSemanticPng, type WriteSemanticPngOptions } from '../formats/semantic-png/write';
import { readInstancePng, type ReadInstancePngOptions } from '../formats/instance-png/read';
import { writeInstancePng, type WriteInstancePngOptions } from '../formats/instance-png/write';
import { decodePng, type Png } from '../png/decode';
import { encodePng, type PngInput } from '../png/encode';
import { fileSink, fileSource, folderFiles, type FileSinkOptions } from './files';
import { nodeZlib } from './zlib';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * Reads a COCO instances, stuff or results JSON file (streamed: any size).
 *
 * @example
 * const { header, records } = await readCocoFile('annotations/instances_val2017.json');
 */
export async function readCocoFile(path: string, options: ReadJsonOptions = {}): Promise<Dataset> {
  return readCoco(await fileSource(path), options);
}

/**
 * Writes a dataset as a COCO JSON file (streamed; the file appears only when complete).
 *
 * @example
 * await writeCocoFile('out/instances.json', dataset);
 */
export async function writeCocoFile(path: string, dataset: Dataset, options: WriteCocoOptions & FileSinkOptions = {}): Promise<WriteSummary> {
  return writeCoco(await fileSink(path, options), dataset, options);
}

/**
 * Reads a COCO panoptic dataset: the JSON file and the folder of PNGs.
 *
 * @example
 * const ds = await readCocoPanopticFiles('panoptic_val2017.json', 'panoptic_val2017');
 */
export async function readCocoPanopticFiles(jsonPath: string, pngDir: string, options: ReadCocoPanopticOptions = {}): Promise<Dataset> {
  return readCocoPanoptic(await fileSource(jsonPath), folderFiles(pngDir), { zlib: nodeZlib, ...options });
}

/**
 * Writes a dataset as COCO panoptic: the JSON file and one PNG per image in `pngDir`.
 *
 * @example
 * await writeCocoPanopticFiles('out/panoptic.json', 'out/panoptic', dataset);
 */
export async function writeCocoPanopticFiles(jsonPath: string, pngDir: string, dataset: Dataset, options: WriteCocoPanopticOptions & FileSinkOptions = {}): Promise<WriteSummary> {
  return writeCocoPanoptic(await fileSink(jsonPath, options), folderFiles(pngDir, options), dataset, { zlib: nodeZlib, ...options });
}

/**
 * Reads a folder of semantic label PNGs.
 *
 * @example
 * const ds = await readSemanticPngFolder('VOC2012', { folder: 'SegmentationClass', categories });
 */
export async function readSemanticPngFolder(dir: string, options: ReadSemanticPngOptions = {}): Promise<Dataset> {
  return readSemanticPng(folderFiles(dir), { zlib: nodeZlib, ...options });
}

/**
 * Writes a dataset as a folder of semantic label PNGs.
 *
 * @example
 * await writeSemanticPngFolder('out/SegmentationClass', dataset, { palette: 'voc' });
 */
export async function writeSemanticPngFolder(dir: string, dataset: Dataset, options: WriteSemanticPngOptions & FileSinkOptions = {}): Promise<WriteSummary> {
  return writeSemanticPng(folderFiles(dir, options), dataset, { zlib: nodeZlib, ...options });
}

/**
 * Reads instance PNGs (VOC pairs, Cityscapes instanceIds, class·256 + instance) from a folder.
 *
 * @example
 * const ds = await readInstancePngFolder('cityscapes', { encoding: 'cityscapes' });
 */
export async function readInstancePngFolder(dir: string, options: ReadInstancePngOptions): Promise<Dataset> {
  return readInstancePng(folderFiles(dir), { zlib: nodeZlib, ...options });
}

/**
 * Writes a dataset as instance PNGs into a folder.
 *
 * @example
 * await writeInstancePngFolder('out', dataset, { encoding: 'voc' });
 */
export async function writeInstancePngFolder(dir: string, dataset: Dataset, options: WriteInstancePngOptions & FileSinkOptions): Promise<WriteSummary> {
  return writeInstancePng(folderFiles(dir, options), dataset, { zlib: nodeZlib, ...options });
}

/**
 * Reads and decodes a PNG file (palette images give indices, 16-bit images 16-bit values).
 *
 * @example
 * const png = await readPngFile('SegmentationClass/2007_000032.png'); // png.data: class indices
 */
export async function readPngFile(path: string): Promise<Png> {
  return decodePng(await readFile(path), { file: path, zlib: nodeZlib });
}

/**
 * Encodes pixels as a PNG file (grey 8/16-bit, RGB, palette).
 *
 * @example
 * await writePngFile('labels.png', { width, height, colorType: 0, bitDepth: 16, data });
 */
export async function writePngFile(path: string, img: PngInput): Promise<void> {
  await writeFile(path, await encodePng(img, { zlib: nodeZlib }));
}
