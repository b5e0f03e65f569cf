// validate: no findings on clean generated datasets; one seeded defect of each kind is found at
// its place; fix repairs the repairable ones so that the repaired dataset validates clean, and
// leaves the others reported.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  memoryFiles, readYoloSeg, rleFromPolygons, rleMerge, validate, validateRecords, type Annotation, type Category, type ImageRecord, type Rle,
} from '../src/index';
import { measureRle } from '../src/dataset/segmentation';
import { selfCrossing, clipRing } from '../src/validation/polygons';

const CATS: Category[] = [{ id: 1, name: 'a', isthing: true }, { id: 2, name: 'b', isthing: true }, { id: 5, name: 'sky', isthing: false }];

/** A star-shaped (so simple) polygon with integer vertices inside cell (cx, cy, size). */
const star = (cx: number, cy: number, size: number) =>
  fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.3, max: 1, noNaN: true })), { minLength: 3, maxLength: 7 }).map((vs) => {
    const angles = vs.map(([a], i) => (2 * Math.PI * (i + a * 0.9)) / vs.length);
    const r = size / 2;
    const pts = angles.flatMap((t, i) => [Math.round(cx + r + r * vs[i][1] * Math.cos(t)), Math.round(cy + r + r * vs[i][1] * Math.sin(t))]);
    return pts;
  });

/** A clean dataset: objects in disjoint grid cells (so panoptic-valid too), area and bbox measured. */
const dataset = fc
  .record({ cols: fc.integer({ min: 1, max: 3 }), rows: fc.integer({ min: 1, max: 3 }), images: fc.integer({ min: 1, max: 3 }) })
  .chain(({ cols, rows, images }) => {
    const cell = 10;
    const W = cols * cell + 3, H = rows * cell;
    const cells = Array.from({ length: cols * rows }, (_, k) => [(k % cols) * cell, Math.floor(k / cols) * cell]);
    return fc.array(fc.tuple(...cells.map(([x, y]) => fc.option(fc.tuple(star(x, y, cell - 1), fc.constantFrom(1, 2)), { nil: undefined }))), { minLength: images, maxLength: images }).map((imgs) => {
      let id = 1;
      return imgs.map((objs, i): ImageRecord => ({
        image: { id: i + 1, fileName: `${i}.png`, width: W, height: H },
        annotations: objs.filter((o) => o !== undefined).flatMap(([poly, cat]) => {
          const m = measureRle(rleFromPolygons([poly], H, W));
          if (m.area === 0) return [];
          return [{ id: id++, categoryId: cat, iscrowd: false, segmentation: [poly], ...m } as Annotation];
        }),
      }));
    });
  })
  .filter((recs) => recs.some((r) => r.annotations.length >= 2));

const clone = (recs: ImageRecord[]): ImageRecord[] =>
  recs.map((r) => ({ ...r, image: { ...r.image }, annotations: r.annotations.map((a) => ({ ...a, bbox: [...a.bbox] as Annotation['bbox'], segmentation: Array.isArray(a.segmentation) ? a.segmentation.map((p) => p.slice()) : { ...a.segmentation } })) }));

/** The first image with at least two annotations: [record index, record]. */
const target = (recs: ImageRecord[]) => {
  const i = recs.findIndex((r) => r.annotations.length >= 2);
  return { i, r: recs[i], a: recs[i].annotations[0], b: recs[i].annotations[1] };
};
const remeasure = (a: Annotation, r: ImageRecord) => Object.assign(a, measureRle(Array.isArray(a.segmentation) ? rleFromPolygons(a.segmentation, r.image.height, r.image.width) : (a.segmentation as Rle)));

interface Seed {
  code: string;
  /** Where the finding must point (a location prefix). */
  at: (i: number, recs: ImageRecord[]) => string;
  repairable: boolean;
  kind?: 'panoptic';
  yolo?: boolean;
  seed: (recs: ImageRecord[]) => void;
}

const ann = (i: number, j: number) => `records[${i}].annotations[${j}]`;
const SEEDS: Seed[] = [
  { code: 'E_POLYGON_BOX', at: (i) => `${ann(i, 0)}.segmentation[1]`, repairable: true, seed: (rs) => void (target(rs).a.segmentation as number[][]).push([1, 1, 3, 3]) },
  { code: 'E_POLYGON_POINTS', at: (i) => `${ann(i, 0)}.segmentation[1]`, repairable: true, seed: (rs) => void (target(rs).a.segmentation as number[][]).push([2, 2]) },
  { code: 'E_POLYGON_ODD', at: (i) => `${ann(i, 0)}.segmentation[0]`, repairable: true, seed: (rs) => void (target(rs).a.segmentation as number[][])[0].push(4) },
  { code: 'E_NONFINITE', at: (i) => `${ann(i, 0)}.segmentation[0][2]`, repairable: true, seed: (rs) => void (target(rs).a.segmentation as number[][])[0].splice(2, 0, Number.NaN, 3) },
  {
    code: 'W_OUT_OF_IMAGE', at: (i) => `${ann(i, 0)}.segmentation[0]`, repairable: true,
    seed: (rs) => {
      const { r, a } = target(rs);
      (a.segmentation as number[][])[0][0] = -4 - r.image.width;
      remeasure(a, r);
    },
  },
  {
    code: 'W_SELF_INTERSECTION', at: (i) => `${ann(i, 0)}.segmentation[0]`, repairable: true,
    seed: (rs) => {
      const { r, a } = target(rs);
      const [x, y] = a.bbox;
      a.segmentation = [[x, y, x + 6, y + 6, x + 6, y, x, y + 6]];
      remeasure(a, r);
    },
  },
  { code: 'W_AREA', at: (i) => `${ann(i, 0)}.area`, repairable: true, seed: (rs) => void (target(rs).a.area += 5) },
  { code: 'W_BBOX', at: (i) => `${ann(i, 0)}.bbox`, repairable: true, seed: (rs) => void (target(rs).a.bbox[2] += 1) },
  {
    code: 'E_RLE_SIZE_ORDER', at: (i) => `${ann(i, 0)}.segmentation.size`, repairable: true,
    seed: (rs) => {
      const { r, a } = target(rs);
      const rle = rleFromPolygons(a.segmentation as number[][], r.image.height, r.image.width);
      a.segmentation = { height: rle.width, width: rle.height, counts: rle.counts };
    },
  },
  {
    code: 'E_RLE_SIZE', at: (i) => `${ann(i, 0)}.segmentation.size`, repairable: false,
    seed: (rs) => {
      const { r, a } = target(rs);
      a.segmentation = { height: r.image.height + 1, width: r.image.width, counts: Uint32Array.of((r.image.height + 1) * r.image.width) };
    },
  },
  {
    code: 'E_RLE_COUNTS', at: (i) => `${ann(i, 0)}.segmentation.counts`, repairable: false,
    seed: (rs) => {
      const { r, a } = target(rs);
      const rle = rleFromPolygons(a.segmentation as number[][], r.image.height, r.image.width);
      const counts = rle.counts.slice();
      counts[counts.length - 1] += 3;
      a.segmentation = { ...rle, counts };
    },
  },
  { code: 'E_DUPLICATE_ID', at: (i) => `${ann(i, 1)}.id`, repairable: true, seed: (rs) => void (target(rs).b.id = target(rs).a.id) },
  {
    code: 'E_DUPLICATE_IMAGE_ID', at: (_i, rs) => `records[${rs.length - 1}].image.id`, repairable: true,
    seed: (rs) => {
      if (rs.length === 1) rs.push({ image: { ...rs[0].image, fileName: 'again.png' }, annotations: [] });
      rs[rs.length - 1].image.id = rs[0].image.id;
    },
  },
  { code: 'E_ID_SCHEME', at: (i) => `${ann(i, 0)}.id`, repairable: true, seed: (rs) => void (target(rs).a.id = 0) },
  { code: 'E_CROWD', at: (i) => `${ann(i, 0)}.iscrowd`, repairable: true, seed: (rs) => void ((target(rs).a as any).iscrowd = 0) },
  { code: 'W_CROWD_POLYGON', at: (i) => `${ann(i, 0)}.segmentation`, repairable: true, seed: (rs) => void (target(rs).a.iscrowd = true) },
  {
    code: 'W_CROWD_STUFF', at: (i) => `${ann(i, 0)}.iscrowd`, repairable: true, kind: 'panoptic',
    seed: (rs) => {
      const { r, a } = target(rs);
      Object.assign(a, { categoryId: 5, iscrowd: true, segmentation: rleFromPolygons(a.segmentation as number[][], r.image.height, r.image.width) });
    },
  },
  { code: 'E_CATEGORY', at: (i) => `${ann(i, 0)}.categoryId`, repairable: false, seed: (rs) => void (target(rs).a.categoryId = 999) },
  {
    code: 'E_PANOPTIC_OVERLAP', at: (i) => `${ann(i, 1)}.segmentation`, repairable: false, kind: 'panoptic',
    seed: (rs) => {
      const { r, a, b } = target(rs);
      b.segmentation = (a.segmentation as number[][]).map((p) => p.slice());
      remeasure(b, r);
    },
  },
  { code: 'E_DUPLICATE_SEGMENT_ID', at: (i) => `${ann(i, 1)}.id`, repairable: true, kind: 'panoptic', seed: (rs) => void (target(rs).b.id = target(rs).a.id) },
  {
    code: 'E_YOLO_MIXED', at: (i) => `${ann(i, 0)}`, repairable: true, yolo: true,
    seed: (rs) => {
      const { a } = target(rs);
      a.segmentation = [];
    },
  },
  {
    code: 'W_EMPTY', at: (i) => `${ann(i, 0)}.segmentation`, repairable: true,
    seed: (rs) => {
      const { r, a } = target(rs);
      const [x, y] = a.bbox;
      a.segmentation = [[x, y, x + 3, y + 3, x + 6, y + 6]];
      remeasure(a, r);
    },
  },
];

const serious = (fs: { severity: string }[]) => fs.filter((f) => f.severity !== 'info');

describe('validate', () => {
  it('finds nothing in clean generated datasets (instances and panoptic)', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, async (recs) => {
        for (const kind of ['instances', 'panoptic'] as const) {
          const { findings, summary } = await validate(recs, CATS, { kind });
          expect(findings).toEqual([]);
          expect(summary.images).toBe(recs.length);
        }
      }),
      { seed: 1, numRuns: 60 },
    );
  });

  for (const s of SEEDS) {
    it(`${s.code}: a seeded defect is found at its place${s.repairable ? ' and fixed' : ', and reported as not repaired'}`, async () => {
      await fc.assert(
        fc.asyncProperty(dataset, async (clean) => {
          const recs = clone(clean);
          s.seed(recs);
          const { i } = target(recs);
          if (s.yolo) recs[i].files = { labels: `labels/${i}.txt` };
          const options = { kind: s.kind ?? 'instances', file: 'gen.json', ids: 'coco' } as const;
          const found = await validate(recs, CATS, options);
          const hit = found.findings.filter((f) => f.code === s.code);
          expect(hit.length, JSON.stringify(found.findings)).toBeGreaterThanOrEqual(1);
          expect(hit[0].location.startsWith(s.at(i, recs)), `${hit[0].location} vs ${s.at(i, recs)}`).toBe(true);
          expect(hit[0].file).toBe(s.yolo ? `labels/${i}.txt` : 'gen.json');
          expect(hit[0].message.length).toBeGreaterThan(10);
          expect(hit.every((f) => f.fixed === undefined)).toBe(true);
          // the input is untouched by validation, fixed or not
          const before = JSON.stringify(recs, (_k, v) => (v instanceof Uint32Array ? Array.from(v) : Number.isNaN(v) ? 'NaN' : v));
          const fixed = await validate(recs, CATS, { ...options, fix: true });
          expect(JSON.stringify(recs, (_k, v) => (v instanceof Uint32Array ? Array.from(v) : Number.isNaN(v) ? 'NaN' : v))).toBe(before);
          const mine = fixed.findings.filter((f) => f.code === s.code);
          if (s.repairable) {
            expect(mine.every((f) => typeof f.fixed === 'string' && f.fixed.length > 0), JSON.stringify(mine)).toBe(true);
            const again = await validate(fixed.records, CATS, options);
            expect(serious(again.findings), JSON.stringify(again.findings)).toEqual([]);
          } else {
            expect(mine.every((f) => f.fixed === undefined)).toBe(true);
            const again = await validate(fixed.records, CATS, options);
            expect(again.findings.some((f) => f.code === s.code)).toBe(true);
          }
        }),
        { seed: 3, numRuns: 25 },
      );
    });
  }

  it('streams: validateRecords over an async iterable gives the same findings as validate over the array', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, fc.integer({ min: 0, max: SEEDS.length - 1 }), async (clean, k) => {
        const recs = clone(clean);
        SEEDS[k].seed(recs);
        async function* gen() {
          for (const r of recs) yield r;
        }
        const streamed: string[] = [];
        for await (const { findings } of validateRecords(gen(), CATS, { kind: SEEDS[k].kind })) streamed.push(...findings.map((f) => `${f.code}@${f.location}`));
        const whole = await validate(recs, CATS, { kind: SEEDS[k].kind });
        expect(streamed).toEqual(whole.findings.map((f) => `${f.code}@${f.location}`));
      }),
      { seed: 9, numRuns: 40 },
    );
  });

  it('names YOLO lines: a mixed label file is found at the line of its first box row', async () => {
    const files = memoryFiles({ 'classes.txt': new TextEncoder().encode('a\nb'), 'labels/x.txt': new TextEncoder().encode('0 0.1 0.1 0.5 0.1 0.5 0.5\n1 0.5 0.5 0.2 0.2\n') });
    const ds = await readYoloSeg(files, { size: { width: 20, height: 10 } });
    const { findings, records } = await validate(ds.records, ds.header.categories, { fix: true, tolerance: { area: 1, bbox: 20 } });
    expect(findings.map((f) => [f.code, f.file, f.location])).toEqual([['E_YOLO_MIXED', '<memory>/labels/x.txt', 'line 2']]);
    expect(records[0].annotations[1].segmentation).toEqual([[8, 4, 12, 4, 12, 6, 8, 6]]);
  });

  it('refuses bad options, never bad records', async () => {
    await expect(validate([], CATS, { kind: 'x' as any })).rejects.toThrow(/options\.kind/);
    const junk = [{ image: { id: 1, fileName: '', width: 4, height: 4 }, annotations: [null, { id: 2, categoryId: 1, iscrowd: false, segmentation: 'x', bbox: [0, 0, 0, 0], area: 0 }] }] as any;
    const { findings } = await validate(junk, CATS);
    expect(findings.map((f) => f.code)).toEqual(['E_SEGMENTATION', 'E_SEGMENTATION']);
  });
});

describe('polygon geometry', () => {
  it('selfCrossing: a bowtie crosses; simple polygons, touching vertices and zero-width cuts do not', () => {
    expect(selfCrossing([0, 0, 4, 4, 4, 0, 0, 4])).toEqual([0, 2]);
    expect(selfCrossing([0, 0, 4, 0, 4, 4, 0, 4])).toBeUndefined();
    // a square with a square hole joined by a cut (walked both ways)
    expect(selfCrossing([0, 0, 0, 10, 10, 10, 10, 0, 0, 0, 3, 3, 6, 3, 6, 6, 3, 6, 3, 3])).toBeUndefined();
    // two squares touching at a corner
    expect(selfCrossing([0, 0, 2, 0, 2, 2, 4, 2, 4, 4, 2, 4, 2, 2, 0, 2])).toBeUndefined();
  });

  it('selfCrossing agrees with an all-pairs oracle on random polygons', () => {
    const oracle = (r: number[]) => {
      const n = r.length / 2;
      const o = (a: number, b: number, c: number) => (r[2 * b] - r[2 * a]) * (r[2 * c + 1] - r[2 * a + 1]) - (r[2 * b + 1] - r[2 * a + 1]) * (r[2 * c] - r[2 * a]);
      for (let e = 0; e < n; e++) for (let f = e + 2; f < n; f++) {
        if (e === 0 && f === n - 1) continue;
        const e2 = (e + 1) % n, f2 = (f + 1) % n;
        const d1 = o(e, e2, f), d2 = o(e, e2, f2), d3 = o(f, f2, e), d4 = o(f, f2, e2);
        if (d1 * d2 < 0 && d3 * d4 < 0) return true;
      }
      return false;
    };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 8, maxLength: 24 }).filter((a) => a.length % 2 === 0), (r) => {
        fc.pre(!hasCut(r)); // edges walked both ways are cuts, left out by design
        expect(selfCrossing(r) !== undefined).toBe(oracle(r));
      }),
      { seed: 4, numRuns: 2000 },
    );
    function hasCut(r: number[]) {
      const n = r.length / 2;
      const keys = new Set<string>();
      for (let i = 0; i < n; i++) keys.add(`${r[2 * i]},${r[2 * i + 1]},${r[2 * ((i + 1) % n)]},${r[2 * ((i + 1) % n) + 1]}`);
      for (let i = 0; i < n; i++) if (keys.has(`${r[2 * ((i + 1) % n)]},${r[2 * ((i + 1) % n) + 1]},${r[2 * i]},${r[2 * i + 1]}`)) return true;
      return false;
    }
  });

  it('clipRing keeps the pixels inside the image up to boundary pixels of the clipped edges', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -8, max: 28 }), fc.integer({ min: -8, max: 22 })), { minLength: 3, maxLength: 6 }), (pts) => {
        const ring = pts.flat();
        const clipped = clipRing(ring, 20, 14);
        const a = rleFromPolygons([ring], 14, 20);
        if (clipped.length < 6) {
          expect(measureRle(a).area).toBe(0);
          return;
        }
        if (selfCrossing(ring)) return; // clipping a crossing ring may reorder its overlap parity
        // COCO's rule steps each edge from its (new) end points: a clipped edge may round a
        // crossing the other way, one pixel in a column at most
        const b = rleFromPolygons([clipped], 14, 20);
        const xor = measureRle(rleMerge([a, b], false)).area - measureRle(rleMerge([a, b], true)).area;
        let clippedColumns = 0;
        for (let k = 0; k < clipped.length; k += 2) {
          const j = (k + 2) % clipped.length;
          const moved = !ring.some((_, m) => m % 2 === 0 && ring[m] === clipped[k] && ring[m + 1] === clipped[k + 1]);
          if (moved) clippedColumns += Math.abs(clipped[j] - clipped[k]) + 2;
        }
        expect(xor).toBeLessThanOrEqual(2 * clippedColumns);
      }),
      { seed: 6, numRuns: 1500 },
    );
  });
});
