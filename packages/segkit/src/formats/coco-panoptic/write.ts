// COCO panoptic writer: the JSON (streamed, layout of ../coco/json-out.ts) and one PNG per image.
// Segments must not overlap (resolve overlaps first with `instancesToPanoptic` and a policy);
// `segments_info` is always complete: id, category_id, area, bbox, iscrowd (+ kept attributes).
import type { ByteSink } from '../../io/sink';
import type { FileSink } from '../../io/files';
import type { Zlib } from '../../png/zlib';
import type { Annotation, Category, Dataset, DatasetHeader } from '../../dataset/model';
import { checkCategories } from '../../dataset/check';
import { measureRle } from '../../dataset/segmentation';
import { recordWriter, writeAll, type RecordWriter, type WriteSummary } from '../../dataset/writer';
import { fail } from '../../validate';
import { writeImage } from '../coco/entries';
import { CocoJsonOut } from '../coco/json-out';
import { stem, writePng } from '../label-png';
import { paintRecord } from '../paint';
import { CROWD_INSTANCE, type PanopticEncoding } from './read';

/** Options of the COCO panoptic writer. */
export interface WriteCocoPanopticOptions {
  /** `'id'` (default): COCO's R + 256·G + 256²·B; `'2-channel'`: R = category, G = instance. */
  encoding?: PanopticEncoding;
  /** `'recompute'` (default): area and bbox measured from the pixels; `'keep'`: as stored. */
  areaBbox?: 'recompute' | 'keep';
  /** zlib for the PNGs (default Compression Streams; `segkit/node` passes node:zlib). */
  zlib?: Zlib;
  /** `'keep'` (default): image ids as in the records; `'renumber'`: 1, 2, … in write order. */
  ids?: 'keep' | 'renumber';
  /** Check every record before writing it (default true). */
  check?: boolean;
}

const MAX_ID = 2 ** 24 - 1;

/**
 * Segment ids for an image's annotations: an annotation's own id when it is an integer in
 * 1 .. 2^24 - 1 not taken by an earlier annotation, else the smallest free id from 1.
 *
 * @example
 * segmentIds([{ id: 7 }, { id: 'a' }, { id: 7 }] as Annotation[]); // [7, 1, 2]
 */
export function segmentIds(annotations: Pick<Annotation, 'id'>[]): number[] {
  const out = new Array<number>(annotations.length).fill(0);
  const used = new Set<number>();
  annotations.forEach((a, j) => {
    if (typeof a.id === 'number' && Number.isInteger(a.id) && a.id >= 1 && a.id <= MAX_ID && !used.has(a.id)) {
      used.add(a.id);
      out[j] = a.id;
    }
  });
  let next = 1;
  for (let j = 0; j < out.length; j++) {
    if (out[j] !== 0) continue;
    while (used.has(next)) next++;
    used.add(next);
    out[j] = next;
  }
  return out;
}

/**
 * 2-channel values (category, instance) of an image's segments: stuff instance 0, crowd regions
 * 255, other things numbered 0, 1, … per category in order.
 *
 * @throws InvalidInputError for a category outside 1..255, two stuff segments or two crowd regions
 *   of one category, or more than 255 instances of one category.
 */
export function twoChannelValues(annotations: Annotation[], cats: Map<number, Category>, path: string): [number, number][] {
  const nextInstance = new Map<number, number>();
  const stuffSeen = new Set<number>();
  const crowdSeen = new Set<number>();
  return annotations.map((a, j) => {
    const c = a.categoryId;
    if (!Number.isInteger(c) || c < 1 || c > 255) fail(`${path}[${j}].categoryId`, 'a category id in 1..255 (2-channel PNGs store it in one byte)', c);
    if (cats.get(c)?.isthing === false) {
      if (stuffSeen.has(c)) fail(`${path}[${j}]`, 'one segment per stuff category (2-channel PNGs store stuff as instance 0)', `a second segment of stuff category ${c}`);
      stuffSeen.add(c);
      return [c, 0];
    }
    if (a.iscrowd) {
      if (crowdSeen.has(c)) fail(`${path}[${j}]`, `one crowd region per category (2-channel PNGs store it as instance ${CROWD_INSTANCE})`, `a second crowd region of category ${c}`);
      crowdSeen.add(c);
      return [c, CROWD_INSTANCE];
    }
    const k = nextInstance.get(c) ?? 0;
    if (k >= CROWD_INSTANCE) fail(`${path}[${j}]`, `at most ${CROWD_INSTANCE} instances of a category per image (2-channel PNGs)`, `instance ${k} of category ${c}`);
    nextInstance.set(c, k + 1);
    return [c, k];
  });
}

/**
 * A COCO panoptic writer: the JSON goes to `json`, one PNG per image to `pngs` (named as read, else
 * the image's file name with `.png`). Records' annotations must not overlap.
 *
 * @param options - `encoding` (`'id'` default or `'2-channel'`), `areaBbox` (`'recompute'`
 *   default or `'keep'`), `zlib`, `check`.
 * @throws InvalidInputError naming `records[i].annotations[j]` when segments overlap, or a value
 *   does not fit the encoding.
 * @example
 * const w = cocoPanopticWriter(memorySink('panoptic.json'), memoryFiles(), header);
 * await w.add(record);
 * await w.close();
 */
export function cocoPanopticWriter(json: ByteSink, pngs: FileSink, header: DatasetHeader, options: WriteCocoPanopticOptions = {}): RecordWriter {
  checkCategories(header?.categories, 'header.categories');
  const encoding = options.encoding ?? 'id';
  if (encoding !== 'id' && encoding !== '2-channel') fail('options.encoding', "'id' or '2-channel'", encoding);
  const out = new CocoJsonOut(json, { ...header, results: false });
  const cats = new Map(header.categories.map((c) => [c.id, c]));
  return recordWriter({
    check: options.check,
    files: 1,
    async add(record, path, summary) {
      const { image, annotations } = record;
      const { width: w, height: h } = image;
      const { owner, rles } = paintRecord(record, path, 'segments that do not overlap (resolve overlaps with instancesToPanoptic first)');
      let ids: number[];
      let pixelValue: number[];
      if (encoding === 'id') {
        ids = segmentIds(annotations);
        pixelValue = ids;
      } else {
        const v = twoChannelValues(annotations, cats, `${path}.annotations`);
        ids = v.map(([c, i]) => c * 256 + i);
        pixelValue = v.map(([c, i]) => c | (i << 8));
      }
      const rgb = new Uint8Array(w * h * 3);
      for (let p = 0; p < owner.length; p++) {
        const o = owner[p];
        if (o === 0) continue;
        const v = pixelValue[o - 1];
        rgb[3 * p] = v & 0xff;
        rgb[3 * p + 1] = (v >> 8) & 0xff;
        rgb[3 * p + 2] = (v >> 16) & 0xff;
      }
      const file = record.files?.panoptic ?? `${stem(image.fileName || String(image.id))}.png`;
      await writePng(pngs, file, { width: w, height: h, colorType: 2, bitDepth: 8, data: rgb }, options.zlib);
      summary.files++;
      const keep = options.areaBbox === 'keep';
      const segments = annotations.map((a, j) => {
        const m = measureRle(rles[j]);
        if (!keep && (m.area !== a.area || m.bbox.some((v, i) => v !== a.bbox[i]))) summary.recomputed++;
        const s: Record<string, unknown> = {
          id: ids[j],
          category_id: a.categoryId,
          area: keep ? a.area : m.area,
          bbox: keep ? [...a.bbox] : m.bbox,
          iscrowd: a.iscrowd ? 1 : 0,
        };
        for (const [k, v] of Object.entries(a.attributes ?? {})) if (!(k in s)) s[k] = v;
        return s;
      });
      const imageId = options.ids === 'renumber' ? summary.images + 1 : image.id;
      await out.annotation({ image_id: imageId, file_name: file, segments_info: segments });
      await out.image(writeImage({ ...image, id: imageId }));
    },
    finish: () => out.close(),
    discard: () => json.abort(),
  });
}

/**
 * Writes a dataset as COCO panoptic JSON + PNGs (see `cocoPanopticWriter`); aborts the JSON on failure.
 *
 * @example
 * await writeCocoPanoptic(memorySink('panoptic.json'), memoryFiles(), dataset);
 */
export async function writeCocoPanoptic(json: ByteSink, pngs: FileSink, dataset: Dataset, options: WriteCocoPanopticOptions = {}): Promise<WriteSummary> {
  return writeAll(cocoPanopticWriter(json, pngs, dataset.header, options), dataset.records);
}
