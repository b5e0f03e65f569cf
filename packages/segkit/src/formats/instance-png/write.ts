// Instance PNG writer (encodings in ./encodings.ts). Objects must not overlap. Each object keeps its
// id as its value when the id fits the encoding and is free, else takes the next free value.
import { joinPath, type FileSink } from '../../io/files';
import type { Annotation, Dataset, DatasetHeader } from '../../dataset/model';
import { recordWriter, writeAll, type RecordWriter, type WriteSummary } from '../../dataset/writer';
import type { LabelMap } from '../../types';
import { paintRecord } from '../paint';
import { fail } from '../../validate';
import { colorTable, paletteOf, type ColorSource } from '../colors';
import { colorPng, indexPng, stem, writePng } from '../label-png';
import type { PngInput } from '../../png/encode';
import { CITYSCAPES_SUFFIX, regionId, type InstanceEncoding } from './encodings';
import { instanceSetup, type InstancePngOptions, type InstanceSetup } from './read';

/** Options of the instance PNG writer. */
export interface WriteInstancePngOptions extends InstancePngOptions {
  /** voc, index pixels: palette of the PNGs (default `'voc'`, as VOC's own PNGs). */
  palette?: ColorSource;
  /** Check every record before writing it (default true). */
  check?: boolean;
}

/** Largest instance value and how values are formed, per encoding. */
function instanceValue(enc: InstanceEncoding, cat: number, k: number): number {
  return enc === 'voc' ? k : enc === 'cityscapes' ? cat * 1000 + k : cat * 256 + k;
}
const FIRST_INSTANCE: Record<InstanceEncoding, number> = { voc: 1, cityscapes: 0, 'class-instance': 1 };
const LAST_INSTANCE: Record<InstanceEncoding, number> = { voc: 254, cityscapes: 999, 'class-instance': 255 };

/** Whether an id can be kept as the object's value. */
function fits(enc: InstanceEncoding, id: unknown, cat: number): id is number {
  if (typeof id !== 'number' || !Number.isInteger(id)) return false;
  if (enc === 'voc') return id >= 1 && id <= 254;
  if (enc === 'cityscapes') return id >= 1000 && Math.floor(id / 1000) === cat && id <= 65535;
  return id >> 8 === cat && (id & 0xff) >= 1 && id <= 65535;
}

/**
 * The value of each annotation in the instance PNG (VOC: the object PNG), following the encoding:
 * regions (crowd, stuff category, or the encoding's region id) get the class-only value.
 */
export function instanceValues(annotations: Annotation[], s: InstanceSetup, path: string): number[] {
  const enc = s.encoding;
  const region = (a: Annotation) => a.iscrowd || s.cats.get(a.categoryId)?.isthing === false || a.id === regionId(enc, a.categoryId);
  const used = new Set<number>();
  const out = annotations.map((a, j) => {
    const c = a.categoryId;
    const limit = enc === 'voc' ? 254 : enc === 'cityscapes' ? 65 : 255;
    if (!Number.isInteger(c) || c < 0 || c > limit || c === s.voidValue) {
      fail(`${path}[${j}].categoryId`, `a class in 0..${limit} other than the void value ${s.voidValue}`, c);
    }
    if (region(a)) {
      const v = enc === 'voc' ? 0 : enc === 'cityscapes' ? c : c * 256;
      if (enc === 'cityscapes' && v >= 1000) fail(`${path}[${j}].categoryId`, 'a class below 1000 for a region without instance', c);
      return v;
    }
    if (fits(enc, a.id, c) && !used.has(a.id)) {
      used.add(a.id);
      return a.id;
    }
    return -1;
  });
  const next = new Map<number, number>();
  annotations.forEach((a, j) => {
    if (out[j] !== -1) return;
    const c = enc === 'voc' ? 0 : a.categoryId;
    let k = next.get(c) ?? FIRST_INSTANCE[enc];
    while (used.has(instanceValue(enc, a.categoryId, k))) k++;
    if (k > LAST_INSTANCE[enc]) fail(`${path}[${j}]`, `at most ${LAST_INSTANCE[enc] - FIRST_INSTANCE[enc] + 1} instances${enc === 'voc' ? '' : ' of a class'} per image`, `one more of class ${a.categoryId}`);
    out[j] = instanceValue(enc, a.categoryId, k);
    used.add(out[j]);
    next.set(c, k + 1);
  });
  return out;
}

/**
 * An instance PNG writer: per record, the instance PNG (and for voc the class PNG), named as read or
 * from the image: `SegmentationObject/<stem>.png` + `SegmentationClass/<stem>.png` (voc),
 * `gtFine/<split>/<city>/<stem>_gtFine_instanceIds.png` (cityscapes, mirroring
 * `leftImg8bit/…` image names), `<stem>.png` (class-instance). Unannotated pixels are void.
 *
 * @throws InvalidInputError for overlapping objects, a class that does not fit the encoding, or
 *   too many instances.
 * @example
 * await writeAll(instancePngWriter(memoryFiles(), header, { encoding: 'cityscapes' }), records);
 */
export function instancePngWriter(files: FileSink, header: DatasetHeader, options: WriteInstancePngOptions): RecordWriter {
  const s = instanceSetup({ ...options, categories: options?.categories ?? header?.categories });
  const palette = s.encoding === 'voc' && !s.colors ? paletteOf(colorTable(options.palette ?? 'voc', s.categories, 'options.palette')) : undefined;
  const png = (values: LabelMap['data'], width: number, height: number, path: string): PngInput =>
    s.colors ? colorPng({ width, height, data: values }, s.colors, path) : indexPng({ width, height, data: values }, palette);
  return recordWriter({
    check: options.check,
    async add(record, path, summary) {
      const { image, annotations } = record;
      const { width: w, height: h } = image;
      const values = instanceValues(annotations, s, `${path}.annotations`);
      const { owner } = paintRecord(record, path, 'objects that do not overlap (resolve overlaps with instancesToPanoptic first)');
      const base = stem(image.fileName || String(image.id));
      const out = s.encoding === 'voc' ? new Uint8Array(w * h) : new Uint16Array(w * h);
      for (let p = 0; p < owner.length; p++) out[p] = owner[p] === 0 ? s.voidValue : values[owner[p] - 1];
      let file = record.files?.instances;
      if (!file) {
        if (s.encoding === 'cityscapes') {
          const m = /^leftImg8bit\/(.*)_leftImg8bit\.png$/.exec(image.fileName);
          file = m ? `gtFine/${m[1]}${CITYSCAPES_SUFFIX}` : joinPath(s.objects, `${base.replace(/_leftImg8bit$/, '')}${CITYSCAPES_SUFFIX}`);
        } else file = joinPath(s.objects, `${base}.png`);
      }
      await writePng(files, file, png(out, w, h, path), options.zlib);
      summary.files++;
      if (s.encoding === 'voc') {
        const cls = new Uint8Array(w * h);
        for (let p = 0; p < owner.length; p++) cls[p] = owner[p] === 0 ? s.voidValue : annotations[owner[p] - 1].categoryId;
        await writePng(files, record.files?.classes ?? joinPath(s.classes, `${base}.png`), png(cls, w, h, path), options.zlib);
        summary.files++;
      }
    },
  });
}

/**
 * Writes a dataset as instance PNGs (see `instancePngWriter`).
 *
 * @example
 * await writeInstancePng(memoryFiles(), dataset, { encoding: 'voc' });
 */
export async function writeInstancePng(files: FileSink, dataset: Dataset, options: WriteInstancePngOptions): Promise<WriteSummary> {
  return writeAll(instancePngWriter(files, dataset.header, options), dataset.records);
}
