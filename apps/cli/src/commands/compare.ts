// `segkit compare`: how faithfully one dataset reproduces another (e.g. after a round trip
// through a lossier format): images matched by file name stem, objects by their best IoU within
// the same class (each object of B used once, best pairs first).
import { Command, Option } from 'commander';
import { annotationRle, rleIou, type Dataset, type ImageRecord, type Rle } from 'segkit/node';
import { DataError } from '../errors';
import { FORMATS, checkFormat, openInput } from '../formats';
import { formatFlags, formatOptions, type FormatOpts } from '../options';
import type { Io } from '../program';

interface CompareOpts extends FormatOpts {
  format: string;
  formatB?: string;
  json?: boolean;
}

export function compareCommand(io: Io): Command {
  const cmd = new Command('compare')
    .description('compare two datasets object by object: exact, changed (IoU), missing and extra objects; images matched by file name stem')
    .argument('<a>', 'the reference dataset')
    .argument('<b>', 'the dataset to check against it')
    .addOption(new Option('--format <format>', 'format of <a> (and of <b> unless --format-b)').choices(FORMATS).makeOptionMandatory())
    .addOption(new Option('--format-b <format>', 'format of <b>').choices(FORMATS))
    .option('--json', 'print one JSON summary object on stdout');
  formatOptions(cmd);
  return cmd.action(async (a: string, b: string, o: CompareOpts) => {
    const fa = checkFormat(o.format, '--format');
    const fb = checkFormat(o.formatB ?? o.format, '--format-b');
    const flags = formatFlags(o);
    const [da, db] = [await openInput(fa, a, flags), await openInput(fb, b, flags)];
    const byStem = new Map<string, ImageRecord>();
    for await (const r of db.records) byStem.set(stem(r.image.fileName || String(r.image.id)), r);
    const names = classNames(da);
    const namesB = classNames(db);
    const s = { images: 0, missingImages: 0, objects: 0, exact: 0, changed: 0, missing: 0, extra: 0, minIou: 1, iouSum: 0 };
    for await (const ra of da.records) {
      s.images++;
      const key = stem(ra.image.fileName || String(ra.image.id));
      const rb = byStem.get(key);
      byStem.delete(key);
      if (!rb) s.missingImages++;
      const objs = (r: ImageRecord | undefined, n: Map<number, string>) => (r?.annotations ?? []).map((x) => ({ cls: n.get(x.categoryId) ?? String(x.categoryId), rle: annotationRle(x, r!.image) }));
      const A = objs(ra, names);
      const B = objs(rb, namesB);
      if (rb && (rb.image.width !== ra.image.width || rb.image.height !== ra.image.height)) throw new DataError(`${b}: image ${key} is ${rb.image.width}x${rb.image.height}, ${a} says ${ra.image.width}x${ra.image.height}`);
      const { matched, ious } = match(A, B);
      s.objects += A.length;
      s.extra += B.length - matched;
      for (const iou of ious) {
        if (iou === 1) s.exact++;
        else if (iou > 0) s.changed++;
        else s.missing++;
        if (iou > 0) s.minIou = Math.min(s.minIou, iou);
        s.iouSum += iou;
      }
    }
    const extraImages = byStem.size;
    const summary = { command: 'compare', a, b, ...s, extraImages, meanIou: s.objects ? s.iouSum / s.objects : 1 };
    if (o.json) io.out(JSON.stringify(summary));
    else {
      io.out(`${b} against ${a}: ${s.images} images (${s.missingImages} missing, ${extraImages} extra), ${s.objects} objects`);
      io.out(`  ${s.exact} exact, ${s.changed} changed${s.changed ? ` (min IoU ${s.minIou.toFixed(4)})` : ''}, ${s.missing} missing, ${s.extra} extra; mean IoU ${summary.meanIou.toFixed(4)}`);
    }
  });
}

const stem = (f: string) => f.replace(/^.*\//, '').replace(/\.[^.]*$/, '');

function classNames(d: Dataset): Map<number, string> {
  return new Map(d.header.categories.map((c) => [c.id, c.name]));
}

/** Pairs each object of A with an unused object of B of its class, best IoU first; the IoU of each A object (0: none). */
function match(A: { cls: string; rle: Rle }[], B: { cls: string; rle: Rle }[]): { matched: number; ious: number[] } {
  const ious = new Array<number>(A.length).fill(0);
  if (!A.length || !B.length) return { matched: 0, ious };
  const m = rleIou(A.map((x) => x.rle), B.map((x) => x.rle));
  const pairs: [number, number, number][] = [];
  A.forEach((x, i) => B.forEach((y, j) => {
    const v = m[i * B.length + j];
    if (x.cls === y.cls && v > 0) pairs.push([v, i, j]);
  }));
  pairs.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  for (const [v, i, j] of pairs) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    ious[i] = v;
  }
  return { matched: usedB.size, ious };
}
