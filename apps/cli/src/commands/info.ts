// `segkit info`: what a dataset holds: images, annotations, classes, objects per class, an area
// histogram, objects with holes and objects in several parts (traced on worker threads).
import { Command, Option } from 'commander';
import type { Category } from 'segkit';
import { FORMATS, checkFormat } from '../formats';
import { openItems, runOrdered } from '../engine';
import { defaultJobs, formatFlags, formatOptions, runOptions, type FormatOpts } from '../options';
import type { RecordStats } from '../pipeline';
import { createPool } from '../pool';
import { progress } from '../progress';
import type { Io } from '../program';

interface InfoOpts extends FormatOpts {
  format: string;
  jobs?: number;
  json?: boolean;
  quiet?: boolean;
}

/** Upper bounds (exclusive) of the area histogram's bins, in pixels; the last bin is open. */
const BINS = [1, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576];

export function infoCommand(io: Io): Command {
  const cmd = new Command('info')
    .description('summarise a dataset: images, annotations, classes, objects per class, area histogram, holes and multi-part objects')
    .argument('<input>', 'input file or folder')
    .addOption(new Option('--format <format>', 'input format').choices(FORMATS).makeOptionMandatory());
  runOptions(cmd);
  formatOptions(cmd);
  return cmd.action(async (input: string, o: InfoOpts) => {
    const format = checkFormat(o.format, '--format');
    const dataset = await openItems(format, input, formatFlags(o));
    const jobs = o.jobs ?? defaultJobs();
    const pool = createPool(jobs, { read: dataset.read });
    const t = { images: 0, annotations: 0, crowd: 0, multiPart: 0, withHoles: 0, holes: 0, emptyImages: 0 };
    const perCategory = new Map<number, number>();
    const histogram = new Array<number>(BINS.length + 1).fill(0);
    const coco = { small: 0, medium: 0, large: 0 };
    const bar = progress({ label: 'info', total: dataset.count, quiet: o.quiet });
    try {
      await runOrdered<RecordStats>({
        items: dataset.items, pool, window: jobs > 1 ? 32 * jobs : 4, batch: dataset.read?.semantic ? 1 : 8, kind: 'stats',
        async onResult(_item, s) {
          t.images++;
          t.annotations += s.annotations;
          if (s.annotations === 0) t.emptyImages++;
          t.crowd += s.crowd;
          t.multiPart += s.multiPart;
          t.withHoles += s.withHoles;
          t.holes += s.holes;
          for (const [c, n] of s.perCategory) perCategory.set(c, (perCategory.get(c) ?? 0) + n);
          for (const a of s.areas) {
            let b = 0;
            while (b < BINS.length && a >= BINS[b]) b++;
            histogram[b]++;
            coco[a < 32 * 32 ? 'small' : a < 96 * 96 ? 'medium' : 'large']++;
          }
          bar.tick();
        },
        onError: async (_item, e) => {
          throw e;
        },
      });
    } finally {
      await pool.close();
    }
    const names = new Map<number, Category>(dataset.header.categories.map((c) => [c.id, c]));
    const ids = [...new Set([...names.keys(), ...perCategory.keys()])].sort((a, b) => a - b);
    const classes = ids.map((id) => ({ id, name: names.get(id)?.name ?? null, objects: perCategory.get(id) ?? 0 }));
    const bins = histogram.map((count, b) => ({ from: b === 0 ? 0 : BINS[b - 1], to: b < BINS.length ? BINS[b] : null, count }));
    if (o.json) {
      io.out(JSON.stringify({ command: 'info', input, format, kind: dataset.header.kind, ...t, classes: dataset.header.categories.length, perClass: classes, areaHistogram: bins, cocoAreas: coco }));
      return;
    }
    io.out(`${input} (${format}, ${dataset.header.kind})`);
    io.out(`  images ${t.images} (${t.emptyImages} without objects), annotations ${t.annotations} (${t.crowd} crowd), classes ${dataset.header.categories.length}`);
    io.out(`  objects in several parts ${t.multiPart}, objects with holes ${t.withHoles} (${t.holes} holes)`);
    io.out('  objects per class:');
    for (const c of classes) io.out(`    ${String(c.id).padStart(5)} ${(c.name ?? '(not in the class table)').padEnd(24)} ${c.objects}`);
    io.out(`  areas (px): COCO small ${coco.small}, medium ${coco.medium}, large ${coco.large}`);
    const max = Math.max(1, ...histogram);
    for (const b of bins) {
      const range = b.to === null ? `>= ${b.from}` : `${b.from}..${b.to - 1}`;
      io.out(`    ${range.padStart(17)} ${String(b.count).padStart(8)} ${'#'.repeat(Math.round((40 * b.count) / max))}`);
    }
  });
}
