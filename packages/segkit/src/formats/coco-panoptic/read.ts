// COCO panoptic reader: the JSON (streamed as COCO instances are) and one PNG per image. Each
// segment of `segments_info` becomes an annotation whose RLE holds the pixels of its id:
//
//   'id' PNGs (COCO):   id = R + 256·G + 256²·B, 0 = void
//   '2-channel' PNGs:   R = category id, G = instance (0 for stuff, 255 for a crowd region),
//                       R = 0 = void; the segment id is R·256 + G (the PNG stores no ids)
import { FormatError } from '../../errors';
import type { ByteSource } from '../../io/source';
import { safePath, type FileSource } from '../../io/files';
import type { Zlib } from '../../png/zlib';
import type { Annotation, Category, Dataset, Finding, ImageInfo, ImageRecord } from '../../dataset/model';
import { emptyRle, measureRle } from '../../dataset/segmentation';
import { labelMapToRles } from '../../labels/rles';
import type { Rle } from '../../types';
import { fail } from '../../validate';
import { at, bad, fArray, fFlag, fInt, fNumber, fObject, fString, rest, type Where } from '../check';
import { imageEntries, indexCocoJson, type CocoIndex } from '../coco/stream';
import { readBbox } from '../coco/entries';
import { batchBytesOf, type ReadJsonOptions } from '../coco/read';
import { fitLabels, readLabelPng, stem } from '../label-png';

/** How a panoptic PNG stores segments. */
export type PanopticEncoding = 'id' | '2-channel';

/** Options of `readCocoPanoptic`. */
export interface ReadCocoPanopticOptions extends ReadJsonOptions {
  /** `'id'` (default): COCO's R + 256·G + 256²·B; `'2-channel'`: R = category, G = instance. */
  encoding?: PanopticEncoding;
  /** zlib for the PNGs (default Compression Streams; `segkit/node` passes node:zlib). */
  zlib?: Zlib;
}

const SEGMENT_KEYS = new Set(['id', 'category_id', 'iscrowd', 'area', 'bbox']);
const ENTRY_KEYS = new Set(['image_id', 'file_name', 'segments_info']);

/**
 * Reads a COCO panoptic dataset: the JSON (streamed, never held whole) and its PNG folder.
 * Records come in `images` order; each segment is an annotation (id = segment id, RLE of its
 * pixels, area and bbox as stored or measured when absent). Problems that do not prevent reading
 * become warnings on the record: a PNG whose size is not the image's (cut or padded with void),
 * a listed segment with no pixels, pixels whose id is not listed (read as void).
 *
 * With `encoding: '2-channel'` the JSON may be a bare image list (panopticapi's
 * `images_info_examples.json`); the PNG of an image is its file name with `.png`.
 *
 * @param json - the panoptic JSON.
 * @param pngs - the folder holding the PNGs (`file_name` is relative to it).
 * @throws FormatError naming the file and the JSON path (or the PNG and the problem).
 * @example
 * const ds = await readCocoPanoptic(fileSource('panoptic_val2017.json'), folderFiles('panoptic_val2017'));
 */
export async function readCocoPanoptic(json: ByteSource, pngs: FileSource, options: ReadCocoPanopticOptions = {}): Promise<Dataset> {
  const batchBytes = batchBytesOf(options);
  const encoding = options.encoding ?? 'id';
  if (encoding !== 'id' && encoding !== '2-channel') fail('options.encoding', "'id' or '2-channel'", encoding);
  const ix = await indexCocoJson(json, 'panoptic');
  if (ix.header.results) throw new FormatError(json.name, '', 'expected a panoptic JSON object {images, annotations, categories} but found a list');
  return {
    header: ix.header,
    count: ix.images.length,
    records: { [Symbol.asyncIterator]: () => panopticRecords(json, pngs, ix, batchBytes, encoding, options.zlib) },
  };
}

async function* panopticRecords(json: ByteSource, pngs: FileSource, ix: CocoIndex, batchBytes: number, encoding: PanopticEncoding, zlib: Zlib | undefined): AsyncGenerator<ImageRecord> {
  const cats = new Map(ix.header.categories.map((c) => [c.id, c]));
  for await (const { image, entries } of imageEntries(json, ix, batchBytes)) {
    const warnings: Finding[] = [];
    if (entries.length > 1) throw new FormatError(json.name, `${entries[1].path}.image_id`, `a second panoptic annotation for image ${JSON.stringify(image.id)} (first: ${entries[0].path})`);
    const entry = entries[0];
    const w: Where = { file: json.name, path: entry?.path ?? '' };
    const o = entry ? fObject(entry.raw, w, 'a panoptic annotation {image_id, file_name, segments_info}') : undefined;
    let pngPath: string | undefined;
    if (o?.file_name !== undefined) pngPath = fString(o.file_name, at(w, 'file_name'));
    else if (encoding === '2-channel') pngPath = `${stem(image.fileName || String(image.id))}.png`;
    if (pngPath === undefined) {
      warnings.push({ code: 'W_NO_PANOPTIC', severity: 'warning', file: json.name, location: w.path, message: `image ${JSON.stringify(image.id)} has no panoptic annotation` });
      yield { image, annotations: [], warnings };
      continue;
    }
    if (o) {
      const extra = rest(o, ENTRY_KEYS);
      if (extra) warnings.push({ code: 'W_KEYS_DROPPED', severity: 'warning', file: json.name, location: w.path, message: `fields not kept: ${Object.keys(extra).join(', ')}` });
    }
    const path = safePath(pngPath, `${w.path}.file_name`);
    const pngFile = `${pngs.name}/${path}`;
    const map = await readLabelPng(pngs, path, encoding === 'id' ? 'rgb-id' : 'color', zlib);
    const ids = fitLabels(map, image.width, image.height, 0, pngFile, warnings);
    let annotations: Annotation[];
    if (encoding === 'id') {
      const infos = o?.segments_info === undefined ? [] : fArray(o.segments_info, at(w, 'segments_info'));
      annotations = idSegments(ids.data as Int32Array, image, infos, at(w, 'segments_info'), pngFile, warnings);
    } else {
      annotations = twoChannelSegments(ids.data as Int32Array, image, cats);
    }
    const record: ImageRecord = { image, annotations, files: { panoptic: path } };
    if (warnings.length) record.warnings = warnings;
    yield record;
  }
}

function idSegments(ids: Int32Array, image: ImageInfo, infos: unknown[], w: Where, pngFile: string, warnings: Finding[]): Annotation[] {
  const { values, rles } = labelMapToRles({ width: image.width, height: image.height, data: ids }, { ignore: [0] });
  const byId = new Map<number, Rle>(values.map((v, i) => [v, rles[i]]));
  const listed = new Set<number>();
  const out = infos.map((raw, j) => {
    const sw = at(w, j);
    const s = fObject(raw, sw, 'a segment {id, category_id, area, bbox, iscrowd}');
    const id = fInt(s.id, at(sw, 'id'), 1, 2 ** 24 - 1);
    if (listed.has(id)) bad(at(sw, 'id'), 'a segment id unique in its image', id);
    listed.add(id);
    let rle = byId.get(id);
    if (!rle) {
      warnings.push({ code: 'W_SEGMENT_EMPTY', severity: 'warning', file: pngFile, location: `${sw.path}.id`, message: `segment ${id} has no pixels in the PNG` });
      rle = emptyRle(image.height, image.width);
    }
    return segment(s, sw, id, rle);
  });
  const unlisted = values.filter((v) => !listed.has(v));
  if (unlisted.length) {
    let px = 0;
    for (const v of unlisted) px += measureRle(byId.get(v)!).area;
    warnings.push({
      code: 'W_SEGMENT_UNLISTED',
      severity: 'warning',
      file: pngFile,
      location: w.path,
      message: `${px} pixels carry ids not in segments_info (${unlisted.slice(0, 8).join(', ')}${unlisted.length > 8 ? ', …' : ''}): read as void`,
    });
  }
  return out;
}

function segment(s: Record<string, unknown>, w: Where, id: number, rle: Rle): Annotation {
  let area = s.area === undefined ? undefined : fNumber(s.area, at(w, 'area'));
  let bbox = s.bbox === undefined ? undefined : readBbox(s.bbox, at(w, 'bbox'));
  if (area === undefined || bbox === undefined) {
    const m = measureRle(rle);
    area ??= m.area;
    bbox ??= m.bbox;
  }
  const ann: Annotation = {
    id,
    categoryId: fInt(s.category_id, at(w, 'category_id'), -(2 ** 31), 2 ** 31 - 1),
    iscrowd: s.iscrowd === undefined ? false : fFlag(s.iscrowd, at(w, 'iscrowd')),
    segmentation: rle,
    bbox,
    area,
  };
  const attrs = rest(s, SEGMENT_KEYS);
  if (attrs) ann.attributes = attrs;
  return ann;
}

/** Segments of a 2-channel PNG read in 'color' mode (r << 16 | g << 8 | b). */
function twoChannelSegments(colors: Int32Array, image: ImageInfo, cats: Map<number, Category>): Annotation[] {
  const keys = new Int32Array(colors.length);
  for (let i = 0; i < colors.length; i++) {
    const c = colors[i];
    keys[i] = c >> 16 === 0 ? 0 : (c >> 8) & 0xffff; // category * 256 + instance; category 0 is void
  }
  const { values, rles } = labelMapToRles({ width: image.width, height: image.height, data: keys }, { ignore: [0] });
  return values.map((v, i) => {
    const categoryId = v >> 8;
    const instance = v & 0xff;
    const { area, bbox } = measureRle(rles[i]);
    return { id: v, categoryId, iscrowd: instance === CROWD_INSTANCE && cats.get(categoryId)?.isthing !== false, segmentation: rles[i], bbox, area };
  });
}

/** The 2-channel instance value of a crowd region (panopticapi's sample data). */
export const CROWD_INSTANCE = 255;
