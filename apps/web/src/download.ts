// The converted annotations a person downloads, made in the page with segkit's writers.
import {
  instancesToSemantic, memoryFiles, memorySink, toPolygons, toRle, writeCoco, writeSemanticPng,
  type Converted, type Dataset, type DatasetKind, type ImageRecord,
} from 'segkit';
import type { Scene } from './read';

/** The download formats. */
export const FORMATS = {
  'coco-rle': 'COCO JSON, every object as an RLE (all images)',
  'coco-polygons': 'COCO JSON, pixel-edge polygons, crowd kept as RLE (all images)',
  'semantic-png': 'label PNG of the shown image (value = category id, 255 = none)',
} as const;

export type DownloadFormat = keyof typeof FORMATS;

/** A file to save. */
export interface Download {
  name: string;
  type: string;
  bytes: Uint8Array;
}

const stem = (name: string) => (name.split(/[\\/]/).pop() ?? name).replace(/\.[^.]*$/, '') || 'annotations';

/** Every record of the scene converted. */
function converted(scene: Scene, kind: DatasetKind, convert: (r: ImageRecord) => Converted, records = scene.records): Dataset {
  return {
    header: { ...scene.header, kind, results: false },
    records: (async function* () {
      for (const r of records) yield convert(r).record;
    })(),
  };
}

/**
 * The scene's annotations in `format`. COCO files keep the source's ids when it is COCO; records
 * read from LabelMe or label PNGs (ids are file stems) are numbered 1, 2, … .
 */
export async function convertScene(scene: Scene, format: DownloadFormat, shown: number): Promise<Download> {
  if (format === 'semantic-png') {
    const record = scene.records[shown];
    const files = memoryFiles();
    const semantic = converted(scene, 'semantic', (r) => instancesToSemantic(r), [{ ...record, files: undefined }]);
    await writeSemanticPng(files, semantic);
    const [path] = await files.list();
    return { name: `${stem(record.image.fileName || String(record.image.id))}.png`, type: 'image/png', bytes: await files.read(path) };
  }
  const sink = memorySink();
  const ids = scene.kind === 'coco' ? 'keep' : 'renumber';
  const convert = format === 'coco-rle' ? toRle : (r: ImageRecord) => toPolygons(r);
  await writeCoco(sink, converted(scene, 'instances', convert), { ids });
  const suffix = format === 'coco-rle' ? 'rle' : 'polygons';
  return { name: `${stem(scene.source)}.${suffix}.json`, type: 'application/json', bytes: sink.bytes() };
}
