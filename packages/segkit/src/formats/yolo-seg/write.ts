// YOLO segmentation writer: one label file per image, classes from 0 in category-table order,
// coordinates normalised by the image size. Objects are always polygon rows (a box-only
// annotation becomes its rectangle), so a file never mixes box rows and polygon rows.
import type { FileSink } from '../../io/files';
import type { Dataset, DatasetHeader } from '../../dataset/model';
import { recordWriter, writeAll, type RecordWriter, type WriteSummary } from '../../dataset/writer';
import { checkInt, fail, checkOneOf } from '../../validate';
import { HOLES_MODES, outlinePolygons, type HolesMode } from '../outline';
import { categoryIndex, optionsObject } from '../options';
import { labelPathOf } from './layout';
import { yamlScalar } from './yaml';

/** Options of the YOLO-seg writer. */
export interface WriteYoloSegOptions {
  /**
   * Multi-part objects and holes: `'bridge'` (default: one line per object, parts and holes
   * joined by zero-width cuts, re-rasterises exactly by COCO's rule) or `'split'` (one line per
   * polygon part; holes are lost). A single-polygon object is one line either way.
   */
  holes?: HolesMode;
  /** Decimals of the normalised coordinates, 0..17 (default 6), or `'shortest'` (round-trip exact). */
  decimals?: number | 'shortest';
  /** Crowd annotations: `'keep'` (default: written as objects) or `'skip'` (as Ultralytics' COCO converter). */
  crowd?: 'keep' | 'skip';
  /** Class names file(s): `'data.yaml'` (default), `'classes.txt'`, `'both'` or `'none'`. */
  classList?: 'data.yaml' | 'classes.txt' | 'both' | 'none';
  /** Check every record before writing it (default true). */
  check?: boolean;
}

/**
 * A YOLO-seg writer: per record the label file (as read, else the image's path with its last
 * `images/` folder replaced by `labels/`, else `labels/<stem>.txt`), an empty file for an image
 * without objects; on close the class list (data.yaml with `path`, a `train`/`val`/`test` entry
 * per `images/<split>` folder seen, and `names`; or classes.txt). Class i is the i-th category of
 * the header's table. Images are not copied.
 *
 * @param files - the output folder.
 * @param header - its `categories` give the classes (in order).
 * @param options - `holes` (`'bridge'` default or `'split'`), `decimals` (6), `crowd`, `classList`, `check`.
 * @throws InvalidInputError for an image of unknown size, a category not in the table.
 * @example
 * await writeAll(yoloSegWriter(memoryFiles(), coco.header), coco.records);
 */
export function yoloSegWriter(files: FileSink, header: DatasetHeader, options: WriteYoloSegOptions = {}): RecordWriter {
  const o = optionsObject(options);
  const holes = checkOneOf(o.holes, 'options.holes', HOLES_MODES, 'bridge');
  const crowd = checkOneOf(o.crowd, 'options.crowd', ['keep', 'skip'] as const, 'keep');
  const classList = checkOneOf(o.classList, 'options.classList', ['data.yaml', 'classes.txt', 'both', 'none'] as const, 'data.yaml');
  const decimals = o.decimals === 'shortest' ? 'shortest' : o.decimals === undefined ? 6 : checkInt(o.decimals, 'options.decimals', 0, 17);
  const { categories } = categoryIndex(header?.categories, 'header.categories');
  const classOf = new Map(categories.map((c, i) => [c.id, i]));
  const fmt = decimals === 'shortest' ? (v: number) => String(v === 0 ? 0 : v) : (v: number) => {
    const s = v.toFixed(decimals);
    return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
  };
  const splits = new Set<string>();
  return recordWriter({
    check: o.check,
    async add(record, path, summary) {
      const { image, annotations } = record;
      const { width: w, height: h } = image;
      if (w === 0 || h === 0) fail(`${path}.image`, 'an image of known, non-zero size (YOLO coordinates are normalised by it)', `${w}x${h}`);
      const lines: string[] = [];
      annotations.forEach((a, j) => {
        if (a.iscrowd && crowd === 'skip') return;
        const cls = classOf.get(a.categoryId);
        if (cls === undefined) fail(`${path}.annotations[${j}].categoryId`, 'a category of the header table', a.categoryId);
        for (const p of outlinePolygons(a, image, holes, `${path}.annotations[${j}]`)) {
          let line = String(cls);
          for (let k = 0; k < p.length; k += 2) line += ` ${fmt(p[k] / w)} ${fmt(p[k + 1] / h)}`;
          lines.push(line);
        }
      });
      const file = record.files?.labels ?? labelPathOf(image.fileName || String(image.id));
      const m = /(?:^|\/)images\/([^/]+)\//.exec(image.fileName);
      if (m) splits.add(m[1]);
      await files.write(file, new TextEncoder().encode(lines.map((l) => `${l}\n`).join('')));
      summary.files++;
    },
    async finish() {
      const enc = new TextEncoder();
      if (classList === 'classes.txt' || classList === 'both') {
        await files.write('classes.txt', enc.encode(categories.map((c) => `${c.name}\n`).join('')));
      }
      if (classList === 'data.yaml' || classList === 'both') {
        let yaml = 'path: .\n';
        const known = ['train', 'val', 'test'].filter((s) => splits.has(s));
        const list = known.length ? known : [...splits].sort();
        if (list.length === 0) yaml += 'train: images\nval: images\n';
        for (const s of list) yaml += `${s}: images/${s}\n`;
        if (list.length && !list.includes('val')) yaml += `val: images/${list[0]}\n`;
        yaml += '\nnames:\n';
        categories.forEach((c, i) => (yaml += `  ${i}: ${yamlScalar(c.name)}\n`));
        await files.write('data.yaml', enc.encode(yaml));
      }
    },
  });
}

/**
 * Writes a dataset as YOLO-seg label files (see `yoloSegWriter`).
 *
 * @example
 * await writeYoloSeg(folderFiles('out'), await readCoco(source), { holes: 'split' });
 */
export async function writeYoloSeg(files: FileSink, dataset: Dataset, options: WriteYoloSegOptions = {}): Promise<WriteSummary> {
  return writeAll(yoloSegWriter(files, dataset.header, options), dataset.records);
}
