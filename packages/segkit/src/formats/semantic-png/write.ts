// Semantic label PNG writer: paints each record's regions into a class map (void elsewhere) and
// writes it as 8-bit grey or palette, or 16-bit grey when a value exceeds 255, or colour-coded.
import type { FileSink } from '../../io/files';
import type { Dataset, DatasetHeader, ImageRecord } from '../../dataset/model';
import { recordWriter, writeAll, type RecordWriter, type WriteSummary } from '../../dataset/writer';
import type { LabelMap } from '../../types';
import { fail } from '../../validate';
import { paintRecord } from '../paint';
import { colorTable, paletteOf, type ColorSource } from '../colors';
import { colorPng, indexPng, stem, writePng } from '../label-png';
import { joinPath } from '../../io/files';
import { semanticSetup, type SemanticPngOptions } from './read';

/** Options of the semantic PNG writer. */
export interface WriteSemanticPngOptions extends SemanticPngOptions {
  /** For index PNGs: write a palette PNG with these colours (`'voc'`, `'categories'` or a table). Default: grey. */
  palette?: ColorSource;
  /** Check every record before writing it (default true). */
  check?: boolean;
}

/**
 * A semantic PNG writer: one PNG per record (named as read, else the image's stem + `.png`, in
 * `folder`), each region painted with its category's value, void elsewhere. Regions of different
 * categories must not overlap (convert instances with `instancesToSemantic` first).
 *
 * @throws InvalidInputError for overlapping regions of different categories, or a category whose
 *   value is the void value or does not fit 16 bits.
 * @example
 * await writeAll(semanticPngWriter(memoryFiles(), header, { palette: 'voc' }), records);
 */
export function semanticPngWriter(files: FileSink, header: DatasetHeader, options: WriteSemanticPngOptions = {}): RecordWriter {
  const s = semanticSetup({ ...options, categories: options.categories ?? header?.categories });
  const palette = options.palette === undefined ? undefined : paletteOf(colorTable(options.palette, s.categories, 'options.palette'));
  return recordWriter({
    check: options.check,
    async add(record, path, summary) {
      const map = semanticMap(record, s.voidValue, s.toValue, path);
      const png = s.colors ? colorPng(map, s.colors, path) : indexPng(map, palette);
      const img = record.image;
      const file = record.files?.semantic ?? joinPath(s.folder, `${stem(img.fileName || String(img.id))}.png`);
      await writePng(files, file, png, options.zlib);
      summary.files++;
    },
  });
}

/**
 * The class map of a record: each annotation's pixels get `toValue(categoryId)`, void elsewhere.
 * Annotations of one category may overlap; of different categories may not.
 */
export function semanticMap(record: ImageRecord, voidValue: number, toValue: (c: number) => number, path: string): LabelMap {
  const values = record.annotations.map((a, j) => {
    const v = toValue(a.categoryId);
    if (!Number.isInteger(v) || v < 0 || v > 65535 || v === voidValue) {
      fail(`${path}.annotations[${j}].categoryId`, `a class value in 0..65535 other than the void value ${voidValue}`, v);
    }
    return v;
  });
  const { owner } = paintRecord(record, path, 'regions of different classes that do not overlap (convert with instancesToSemantic first)', values);
  const { width: w, height: h } = record.image;
  let max = voidValue;
  for (const v of values) if (v > max) max = v;
  const data = max <= 255 ? new Uint8Array(w * h) : new Uint16Array(w * h);
  for (let p = 0; p < owner.length; p++) data[p] = owner[p] === 0 ? voidValue : values[owner[p] - 1];
  return { width: w, height: h, data };
}

/**
 * Writes a dataset as a folder of semantic label PNGs (see `semanticPngWriter`).
 *
 * @example
 * await writeSemanticPng(memoryFiles(), dataset, { palette: 'voc' });
 */
export async function writeSemanticPng(files: FileSink, dataset: Dataset, options: WriteSemanticPngOptions = {}): Promise<WriteSummary> {
  return writeAll(semanticPngWriter(files, dataset.header, options), dataset.records);
}
