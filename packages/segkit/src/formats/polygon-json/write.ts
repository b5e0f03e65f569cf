// Polygon JSON writer (the two shapes of ./read.ts). An object with several polygons (holes:
// 'split') is written as several records / contours: the first keeps the annotation's id, the
// others get `<id>:1`, `<id>:2`, ….
import { checkOneOf } from '../../validate';
import type { FileSink } from '../../io/files';
import { joinPath } from '../../io/files';
import type { Dataset, DatasetHeader } from '../../dataset/model';
import { recordWriter, writeAll, type RecordWriter, type WriteSummary } from '../../dataset/writer';
import { HOLES_MODES, outlinePolygons, type HolesMode } from '../outline';
import { stem } from '../label-png';
import { optionsObject } from '../options';
import type { PolygonJsonVariant } from './read';

/** Options of the polygon JSON writer. */
export interface WritePolygonJsonOptions {
  /** `'instance'` (default for instance and panoptic datasets) or `'semantic'` (default for semantic ones). */
  variant?: PolygonJsonVariant;
  /** Multi-part objects and holes (see `WriteYoloSegOptions.holes`); default `'bridge'`. */
  holes?: HolesMode;
  /** Check every record before writing it (default true). */
  check?: boolean;
}

const pairs = (flat: number[]) => Array.from({ length: flat.length >> 1 }, (_, k) => [flat[2 * k], flat[2 * k + 1]]);

/**
 * A polygon JSON writer: one file per record (named as read, else the image's stem + `.json`).
 * Instance files: one `{pk, class, points, isVisible, markup_type: "polygon"}` per polygon
 * (`isVisible` from the annotation's attributes, default true; other attributes kept). Semantic
 * files: one `{classID, contours}` per category present, in ascending id order.
 *
 * @throws InvalidInputError for a malformed record.
 * @example
 * await writeAll(polygonJsonWriter(memoryFiles(), header, { variant: 'semantic' }), records);
 */
export function polygonJsonWriter(files: FileSink, header: DatasetHeader, options: WritePolygonJsonOptions = {}): RecordWriter {
  const o = optionsObject(options);
  const variant = checkOneOf(o.variant, 'options.variant', ['instance', 'semantic'] as const, header?.kind === 'semantic' ? 'semantic' : 'instance');
  const holes = checkOneOf(o.holes, 'options.holes', HOLES_MODES, 'bridge');
  return recordWriter({
    check: o.check,
    async add(record, path, summary) {
      const { image, annotations } = record;
      const out: unknown[] = [];
      const classes = new Map<number, unknown[]>();
      annotations.forEach((a, j) => {
        const polygons = outlinePolygons(a, image, holes, `${path}.annotations[${j}]`);
        const { isVisible, markup_type: _m, classAttributes: _c, ...attrs } = a.attributes ?? {};
        polygons.forEach((p, k) => {
          const id = k === 0 ? a.id : `${a.id}:${k}`;
          if (variant === 'instance') {
            out.push({ pk: id, class: a.categoryId, points: pairs(p), isVisible: isVisible ?? true, markup_type: 'polygon', ...attrs });
          } else {
            const list = classes.get(a.categoryId) ?? [];
            list.push({ id, points: pairs(p), ...attrs });
            classes.set(a.categoryId, list);
          }
        });
      });
      if (variant === 'semantic') {
        for (const c of [...classes.keys()].sort((x, y) => x - y)) out.push({ classID: c, contours: classes.get(c) });
      }
      const file = record.files?.polygons ?? `${stem(image.fileName || String(image.id))}.json`;
      await files.write(joinPath(file), new TextEncoder().encode(`${JSON.stringify(out, null, 2)}\n`));
      summary.files++;
    },
  });
}

/**
 * Writes a dataset as polygon JSON files (see `polygonJsonWriter`).
 *
 * @example
 * await writePolygonJson(folderFiles('out'), dataset, { variant: 'instance' });
 */
export async function writePolygonJson(files: FileSink, dataset: Dataset, options: WritePolygonJsonOptions = {}): Promise<WriteSummary> {
  return writeAll(polygonJsonWriter(files, dataset.header, options), dataset.records);
}
