// LabelMe: reading every shape type, writing and reading back, and the conversions labelme itself
// ships (labelme2coco, labelme2voc) checked against its own outputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bytesSource, decodePng, FormatError, readCoco, labelmeCategories, labelmeVocWriter, labelmeWriter, memoryFiles, memorySink, readLabelme, rleArea, rleDecode,
  rleFromPolygons, segmentationToRle, validate, vocColormap, writeAll, writeCoco, type Annotation, type ImageRecord,
} from '../src/index';
import { folderFiles, nodeZlib } from '../src/node/index';
import { circlePolygon, labelmePixels, strokeParts } from '../src/formats/labelme/shapes';
import { describeReal, real } from './real-fixtures';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const doc = (shapes: unknown[], extra: Record<string, unknown> = {}) => ({
  version: '5.5.0', flags: {}, shapes, imagePath: 'a.jpg', imageData: null, imageHeight: 20, imageWidth: 30, ...extra,
});
const poly = (label: string, points: number[][], group_id: number | null = null, more: Record<string, unknown> = {}) =>
  ({ label, points, group_id, shape_type: 'polygon', flags: {}, ...more });

async function records(files: ReturnType<typeof memoryFiles>, options = {}): Promise<{ header: any; list: ImageRecord[] }> {
  const ds = await readLabelme(files, { zlib: nodeZlib, ...options });
  const list: ImageRecord[] = [];
  for await (const r of ds.records) list.push(r);
  return { header: ds.header, list };
}

describe('readLabelme', () => {
  it('joins shapes by (label, group_id), keeps first-appearance order and unknown keys', async () => {
    const files = memoryFiles({
      'x.json': enc(doc([
        poly('cat', [[1, 1], [5, 1], [5, 5]], 3, { note: 'a' }),
        poly('dog', [[10, 1], [15, 1], [15, 5]]),
        poly('cat', [[20, 1], [25, 1], [25, 5]], 3),
        poly('cat', [[1, 10], [5, 10], [5, 15]], null),
      ], { custom: 7 })),
    });
    const { header, list } = await records(files);
    expect(header.categories).toEqual([{ id: 1, name: 'cat' }, { id: 2, name: 'dog' }]);
    const [r] = list;
    expect(r.image).toEqual({ id: 'x', fileName: 'a.jpg', width: 30, height: 20, attributes: { version: '5.5.0', flags: {}, custom: 7 } });
    expect(r.annotations.map((a) => [a.id, a.categoryId, (a.segmentation as number[][]).length])).toEqual([[1, 1, 2], [2, 2, 1], [3, 1, 1]]);
    expect(r.annotations[0].attributes).toEqual({ group_id: 3, shapes: [{ note: 'a' }, {}] });
    // area and bbox by COCO's rule of the union
    const rle = rleFromPolygons(r.annotations[0].segmentation as number[][], 20, 30);
    expect(r.annotations[0].area).toBe(rleArea(rle));
  });

  it('ids per image count every object, void and skipped ones too (labelme2voc numbering)', async () => {
    const files = memoryFiles({
      'a.json': enc(doc([poly('cat', [[1, 1], [5, 1], [5, 5]]), poly('__ignore__', [[1, 1], [3, 1], [3, 3]]), poly('cat', [[9, 9], [12, 9], [12, 12]])])),
      'b.json': enc(doc([poly('cat', [[1, 1], [5, 1], [5, 5]])])),
    });
    const perImage = await records(files, { ids: 'image' });
    expect(perImage.list.map((r) => r.annotations.map((a) => a.id))).toEqual([[1, 3], [1]]);
    const dataset = await records(files);
    expect(dataset.list.map((r) => r.annotations.map((a) => a.id))).toEqual([[1, 2], [3]]);
    const kept = await records(files, { voidShapes: 'keep', ids: 'image' });
    expect(kept.list[0].annotations.map((a) => [a.id, a.categoryId, a.iscrowd])).toEqual([[1, 1, false], [2, -1, true], [3, 1, false]]);
  });

  it('refuses line shapes by default with a clear message, skips or draws them by option', async () => {
    const files = memoryFiles({ 'l.json': enc(doc([{ label: 'wire', points: [[2, 2], [20, 10]], shape_type: 'line', group_id: null }])) });
    const err = await records(files).catch((e) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect(err.message).toMatch(/shapes\[0\]\.shape_type.*line shape has no area.*lines: <width in px>/);
    const skipped = await records(files, { lines: 'skip' });
    expect(skipped.list[0].annotations).toEqual([]);
    expect(skipped.list[0].warnings?.[0].code).toBe('W_LABELME_LINE');
    const drawn = await records(files, { lines: 4 });
    const a = drawn.list[0].annotations[0];
    // a 4-px-wide stroke of an about 20-px segment with round caps: about 4 * 20 + π * 2²
    expect(a.area).toBeGreaterThan(4 * Math.hypot(18, 8) * 0.9);
    expect(a.area).toBeLessThan(4 * Math.hypot(18, 8) + Math.PI * 4 + 12);
  });

  it('circles become polygons within the tolerance', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 500, noNaN: true }), fc.double({ min: 0.05, max: 3, noNaN: true }), (r, tol) => {
        const p = circlePolygon(0, 0, r, tol);
        const n = p.length / 2;
        expect(n).toBeGreaterThanOrEqual(12);
        // every vertex on the circle; every chord's midpoint within tol of it
        // vertices outside the circle and chord midpoints inside it, both within tol
        let area = 0;
        for (let i = 0; i < n; i++) {
          const j = (i + 1) % n;
          const v = Math.hypot(p[2 * i], p[2 * i + 1]);
          const mid = Math.hypot((p[2 * i] + p[2 * j]) / 2, (p[2 * i + 1] + p[2 * j + 1]) / 2);
          expect(v - r).toBeGreaterThanOrEqual(-1e-9 * r);
          expect(v - r).toBeLessThanOrEqual(tol + 1e-9 * r);
          expect(r - mid).toBeGreaterThanOrEqual(-1e-9 * r);
          expect(r - mid).toBeLessThanOrEqual(tol + 1e-9 * r);
          area += p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];
        }
        // balanced: the area error is far below the band's area
        expect(Math.abs(Math.abs(area) / 2 - Math.PI * r * r)).toBeLessThan(0.5 * tol * 2 * Math.PI * r);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('mask shapes are pasted at trunc(points[0]) and clipped to the image', async () => {
    const png = await import('../src/png/encode').then((m) => m.encodePng({ width: 3, height: 2, colorType: 0, bitDepth: 8, data: Uint8Array.of(1, 0, 1, 1, 1, 0) }, { zlib: nodeZlib }));
    const b64 = Buffer.from(png).toString('base64');
    const files = memoryFiles({ 'm.json': enc(doc([{ label: 'blob', points: [[28.7, 3.2], [30.7, 4.2]], shape_type: 'mask', mask: b64, group_id: null }])) });
    const { list } = await records(files);
    const m = rleDecode(list[0].annotations[0].segmentation as any);
    const on: number[][] = [];
    for (let y = 0; y < m.height; y++) for (let x = 0; x < m.width; x++) if (m.data[y * m.width + x]) on.push([x, y]);
    // columns 28, 29 of the patch fit (col 30 is outside the 30-px image)
    expect(on).toEqual([[28, 3], [28, 4], [29, 4]]);
  });

  it('reads an image size from imageData when the JSON has none', async () => {
    const png = await import('../src/png/encode').then((m) => m.encodePng({ width: 7, height: 5, colorType: 0, bitDepth: 8, data: new Uint8Array(35) }, { zlib: nodeZlib }));
    const files = memoryFiles({ 'd.json': enc({ shapes: [], imagePath: 'd.png', imageData: Buffer.from(png).toString('base64') }) });
    const { list } = await records(files);
    expect([list[0].image.width, list[0].image.height]).toEqual([7, 5]);
    expect(list[0].image.attributes).toBeUndefined();
    const kept = await records(files, { imageData: 'keep' });
    expect(typeof kept.list[0].image.attributes?.imageData).toBe('string');
  });

  it('names the file and JSON path of malformed shapes', async () => {
    const bad = memoryFiles({ 'b.json': enc(doc([poly('cat', [[1, 1], [2, 'x' as unknown as number], [3, 3]])])) });
    await expect(records(bad)).rejects.toThrow(/b\.json at shapes\[0\]\.points\[1\]\[1\]: expected a finite number/);
    const unknown = memoryFiles({ 'u.json': enc(doc([poly('cow', [[1, 1], [5, 1], [5, 5]])])) });
    await expect(records(unknown, { categories: [{ id: 1, name: 'cat' }] })).rejects.toThrow(/label "cow" is not in the category table/);
  });
});

describe('labelme writer', () => {
  it('write -> read gives the same records (polygons, multi-part, RLE with holes, rectangles, circles)', async () => {
    const H = 24, W = 32;
    const ring = { height: H, width: W, counts: new Uint32Array(0) };
    // an RLE with a hole: a square ring
    const sq = rleFromPolygons([[4, 4, 16, 4, 16, 16, 4, 16]], H, W);
    const hole = rleDecode(rleFromPolygons([[8, 8, 12, 8, 12, 12, 8, 12]], H, W));
    const m = rleDecode(sq);
    for (let i = 0; i < m.data.length; i++) if (hole.data[i]) m.data[i] = 0;
    const { rleEncode } = await import('../src/index');
    Object.assign(ring, rleEncode(m));
    const src = memoryFiles({
      'r.json': enc({ ...doc([
        poly('cat', [[1, 1], [5, 1], [5, 5]], 2, { flags: { occluded: true } }),
        poly('cat', [[20, 1], [25, 1], [25, 5]], 2),
        { label: 'box', points: [[3, 18], [9, 22]], shape_type: 'rectangle', group_id: null, description: 'x' },
        { label: 'ball', points: [[24, 16], [27, 18]], shape_type: 'circle', group_id: null },
      ]), imageHeight: H, imageWidth: W, extraKey: [1, 2] }),
    });
    const a = await records(src);
    a.list[0].annotations.push({ id: 99, categoryId: 1, iscrowd: false, segmentation: ring, area: rleArea(ring), bbox: [4, 4, 12, 12] });
    const out = memoryFiles();
    await writeAll(labelmeWriter(out, a.header, { zlib: nodeZlib }), a.list);
    const text = JSON.parse(new TextDecoder().decode(out.files.get('r.json')!));
    expect(text.shapes.map((s: any) => s.shape_type)).toEqual(['polygon', 'polygon', 'rectangle', 'circle', 'mask']);
    expect(text.extraKey).toEqual([1, 2]);
    const b = await records(out, { categories: a.header.categories });
    const strip = (r: ImageRecord) => r.annotations.map((x: Annotation) => ({ ...x, id: 0, segmentation: segmentationToRle(x.segmentation, H, W) }));
    expect(strip(b.list[0])).toEqual(strip(a.list[0]));
    expect(b.list[0].annotations[0].attributes).toEqual(a.list[0].annotations[0].attributes);
    expect(b.list[0].image).toEqual(a.list[0].image);
  });
});

// ---- labelme's own outputs ----

const IS = (...p: string[]) => real('wkentaro-labelme', 'examples', 'instance_segmentation', ...p);
const STEMS = ['2011_000003', '2011_000006', '2011_000025'];

/** Perimeter of a polygon part. */
const perimeter = (p: number[]) => {
  let s = 0;
  for (let i = 0; i < p.length; i += 2) {
    const j = (i + 2) % p.length;
    s += Math.hypot(p[j] - p[i], p[j + 1] - p[i + 1]);
  }
  return s;
};

describeReal('LabelMe -> COCO against labelme2coco (wkentaro-labelme)', () => {
  const categories = labelmeCategories(readFileSync(IS('labels.txt'), 'utf8'));
  const theirs = JSON.parse(readFileSync(IS('data_dataset_coco', 'annotations.json'), 'utf8'));

  async function ours(options: object) {
    const ds = await readLabelme(folderFiles(IS('data_annotated')), { categories, ...options });
    const sink = memorySink('annotations.json');
    await writeCoco(sink, ds, { areaBbox: 'keep' });
    return JSON.parse(sink.text());
  }
  /** Their annotations and ours, paired per image in file order. */
  function pairs(mine: any): Array<[any, any]> {
    const out: Array<[any, any]> = [];
    for (const stem of STEMS) {
      const img = theirs.images.find((i: any) => i.file_name === `JPEGImages/${stem}.jpg`);
      const t = theirs.annotations.filter((a: any) => a.image_id === img.id);
      const o = mine.annotations.filter((a: any) => a.image_id === stem);
      expect(o.length).toBe(t.length);
      t.forEach((a: any, k: number) => out.push([a, o[k]]));
    }
    return out;
  }

  it('same polygons, categories and bboxes (bbox: "vertices"); areas by the COCO rule', async () => {
    const mine = await ours({ bbox: 'vertices' });
    expect(mine.categories.map((c: any) => [c.id, c.name])).toEqual(theirs.categories.map((c: any) => [c.id, c.name]));
    const ps = pairs(mine);
    expect(ps.length).toBe(12);
    for (const [t, o] of ps) {
      expect(o.segmentation).toEqual(t.segmentation);
      expect(o.category_id).toBe(t.category_id);
      expect(o.iscrowd).toBe(0);
      expect(o.bbox).toEqual(t.bbox);
      // labelme's area counts PIL's pixels: the COCO-rule pixels plus most pixels the outline
      // touches, so it is larger, by less than the outline's length
      const img = mine.images.find((i: any) => i.id === o.image_id);
      const rle = rleFromPolygons(o.segmentation, img.height, img.width);
      expect(o.area).toBe(rleArea(rle));
      const outline = o.segmentation.reduce((s: number, p: number[]) => s + perimeter(p), 0);
      expect(t.area - o.area).toBeGreaterThan(0);
      expect(t.area - o.area).toBeLessThan(outline);
    }
  });

  it('default bboxes are the pixels by COCO\'s rule: inside labelme\'s, at most 1 px in on each side', async () => {
    for (const [t, o] of pairs(await ours({}))) {
      const [tx, ty, tw, th] = t.bbox;
      const [ox, oy, ow, oh] = o.bbox;
      expect(ox - tx).toBeGreaterThanOrEqual(0);
      expect(ox - tx).toBeLessThanOrEqual(1);
      expect(oy - ty).toBeGreaterThanOrEqual(0);
      expect(oy - ty).toBeLessThanOrEqual(1);
      expect(tx + tw - (ox + ow)).toBeGreaterThanOrEqual(0);
      expect(tx + tw - (ox + ow)).toBeLessThanOrEqual(1);
      expect(ty + th - (oy + oh)).toBeGreaterThanOrEqual(0);
      expect(ty + th - (oy + oh)).toBeLessThanOrEqual(1);
    }
  });

  it('validate finds labelme2coco\'s areas and bboxes are not the COCO-rule pixels, and fix recomputes them', async () => {
    // labelme2coco writes "supercategory": null, which readCoco refuses (a string or absent): drop it
    const json = JSON.parse(readFileSync(IS('data_dataset_coco', 'annotations.json'), 'utf8'));
    for (const c of json.categories) if (c.supercategory === null) delete c.supercategory;
    const coco = await readCoco(bytesSource(JSON.stringify(json), 'annotations.json'));
    const { findings, records } = await validate(coco.records, coco.header.categories, { fix: true, ids: 'coco' });
    const codes = new Set(findings.map((f) => f.code));
    // ids from 0; PIL's areas and boxes; two hand-drawn outlines that cross themselves and one
    // that reaches y = 375.38 in a 375-px image (all real, checked independently)
    expect([...codes].sort()).toEqual(['E_ID_SCHEME', 'W_AREA', 'W_BBOX', 'W_OUT_OF_IMAGE', 'W_SELF_INTERSECTION']);
    expect(findings.filter((f) => f.code === 'W_AREA').length).toBe(12);
    expect(findings.filter((f) => f.code === 'E_ID_SCHEME').map((f) => [f.location, f.fixed])).toEqual([
      ['records[0].image.id', 'renumbered to 3'], ['records[0].annotations[0].id', 'renumbered to 12'],
    ]);
    expect(findings.filter((f) => f.code === 'W_SELF_INTERSECTION').map((f) => f.location)).toEqual(['records[2].annotations[0].segmentation[0]', 'records[2].annotations[1].segmentation[0]']);
    expect(findings.every((f) => f.fixed)).toBe(true);
    const clipped = findings.find((f) => f.code === 'W_OUT_OF_IMAGE')!;
    expect(clipped.location).toBe('records[2].annotations[3].segmentation[0]');
    const mine = await ours({});
    const byStem = new Map<string, any[]>();
    for (const r of records) byStem.set(r.image.fileName.replace(/^JPEGImages\/|\.jpg$/g, ''), r.annotations);
    for (const stem of STEMS) {
      const fixed = byStem.get(stem)!;
      const o = mine.annotations.filter((a: any) => a.image_id === stem);
      // the same pixels by COCO's rule (crossing outlines became their RLE), but for the clipped
      // outline: COCO's rule steps the cut edge from its new end and moves a few pixels
      fixed.forEach((a, k) => {
        if (stem === '2011_000006' && k === 3) expect(clipped.fixed).toBe(`clipped to the image (${o[k].area} -> ${a.area} pixels)`);
        else expect([a.area, a.bbox]).toEqual([o[k].area, o[k].bbox]);
      });
    }
  });

  it('raster: "labelme" reproduces labelme\'s areas within 2%', async () => {
    for (const [t, o] of pairs(await ours({ raster: 'labelme', bbox: 'vertices' }))) {
      expect(Math.abs(o.area - t.area) / t.area).toBeLessThan(0.02);
    }
  });
});

/** Per-value IoU of two label maps, and whether every differing pixel is on a boundary of either. */
function compareMaps(a: ArrayLike<number>, b: ArrayLike<number>, w: number, h: number, skip: Set<number>) {
  const inter = new Map<number, number>();
  const union = new Map<number, number>();
  let offBoundary = 0;
  let differ = 0;
  const edge = (m: ArrayLike<number>, p: number) => {
    const x = p % w, y = (p - x) / w;
    return (x > 0 && m[p - 1] !== m[p]) || (x + 1 < w && m[p + 1] !== m[p]) || (y > 0 && m[p - w] !== m[p]) || (y + 1 < h && m[p + w] !== m[p]);
  };
  for (let p = 0; p < w * h; p++) {
    const u = a[p], v = b[p];
    if (u === v) {
      if (!skip.has(u)) {
        inter.set(u, (inter.get(u) ?? 0) + 1);
        union.set(u, (union.get(u) ?? 0) + 1);
      }
      continue;
    }
    differ++;
    if (!edge(a, p) && !edge(b, p)) offBoundary++;
    if (!skip.has(u)) union.set(u, (union.get(u) ?? 0) + 1);
    if (!skip.has(v)) union.set(v, (union.get(v) ?? 0) + 1);
  }
  const iou = new Map([...union].map(([k, u]) => [k, (inter.get(k) ?? 0) / u]));
  return { iou, offBoundary, differ };
}

describeReal('LabelMe -> VOC PNGs against labelme2voc (wkentaro-labelme)', () => {
  const categories = labelmeCategories(readFileSync(IS('labels.txt'), 'utf8'));

  async function convert(raster: 'labelme' | 'polygons') {
    const ds = await readLabelme(folderFiles(IS('data_annotated')), { categories, voidShapes: 'keep', ids: 'image', raster, zlib: nodeZlib });
    const out = memoryFiles();
    const summary = await writeAll(labelmeVocWriter(out, ds.header, { zlib: nodeZlib }), ds.records);
    expect(summary.files).toBe(6);
    return out;
  }

  for (const raster of ['labelme', 'polygons'] as const) {
    it(`raster "${raster}": every differing pixel on a boundary; instance IoU >= ${raster === 'labelme' ? 0.98 : 0.93}; palette and void kept`, async () => {
      const out = await convert(raster);
      let worst = 1;
      for (const stem of STEMS) {
        for (const kind of ['SegmentationClass', 'SegmentationObject']) {
          const mine = await decodePng(out.files.get(`${kind}/${stem}.png`)!, { zlib: nodeZlib });
          const theirs = await decodePng(readFileSync(IS('data_dataset_voc', kind, `${stem}.png`)), { zlib: nodeZlib });
          expect([mine.width, mine.height, mine.colorType]).toEqual([theirs.width, theirs.height, 3]);
          expect(Array.from(mine.palette!)).toEqual(Array.from(vocColormap()));
          const { iou, offBoundary } = compareMaps(mine.data, theirs.data, mine.width, mine.height, new Set([0]));
          expect(offBoundary).toBe(0);
          if (kind === 'SegmentationClass') expect(iou.has(255)).toBe(theirs.data.includes(255)); // __ignore__ is void (255)
          else for (const v of iou.values()) worst = Math.min(worst, v);
        }
      }
      expect(worst).toBeGreaterThanOrEqual(raster === 'labelme' ? 0.98 : 0.93);
      if (raster === 'polygons') expect(worst).toBeLessThan(0.98); // why raster: 'labelme' exists
    });
  }
});

describeReal('LabelMe primitives (every shape type)', () => {
  it('reads rectangles, circle, polygon, line, point, linestrip and mask', async () => {
    const files = folderFiles(real('wkentaro-labelme', 'examples', 'primitives'));
    await expect(readLabelme(files).then(async (d) => { for await (const _ of d.records); })).rejects.toThrow(/primitives\.json at shapes\[4\]\.shape_type: a line shape has no area/);
    const ds = await readLabelme(files, { lines: 10, zlib: nodeZlib });
    const list: ImageRecord[] = [];
    for await (const r of ds.records) list.push(r);
    const anns = list[0].annotations;
    expect(ds.header.categories.map((c) => c.name)).toEqual(['rectangle', 'circle', 'polygon', 'line', 'point', 'line_strip', 'octagon']);
    expect(anns.length).toBe(8);
    const byLabel = (name: string) => anns.filter((a) => a.categoryId === ds.header.categories.find((c) => c.name === name)!.id);
    // rectangle [[32, 35], [132, 135]]: 100 x 100 pixels by COCO's rule
    expect(byLabel('rectangle')[0].area).toBe(100 * 100);
    expect(byLabel('rectangle')[0].segmentation).toEqual([[32, 35, 132, 35, 132, 135, 32, 135]]);
    // circle of radius |(30, 41)|: area close to πr²
    const r = Math.hypot(30, 41);
    expect(Math.abs(byLabel('circle')[0].area - Math.PI * r * r) / (Math.PI * r * r)).toBeLessThan(0.02);
    // the mask: 7275 pixels, pasted at (417, 305)
    const oct = byLabel('octagon')[0];
    expect(oct.area).toBe(7275);
    expect(oct.bbox[0]).toBeGreaterThanOrEqual(417);
    expect(oct.bbox[1]).toBeGreaterThanOrEqual(305);
    // a point: a disc of diameter 10
    expect(Math.abs(byLabel('point')[0].area - Math.PI * 25)).toBeLessThan(12);
  });
});

describe('labelme pixel rule helpers', () => {
  it('labelmePixels covers the polygon through the truncated pixel centres and its outline', () => {
    const ring = [2.7, 2.2, 12.9, 2.9, 12.1, 9.5];
    const parts = labelmePixels(ring);
    const inner = rleArea(rleFromPolygons([parts[0]], 16, 16));
    const all = rleArea(rleFromPolygons(parts, 16, 16));
    expect(all).toBeGreaterThan(inner);
    // every vertex pixel (truncated) is covered, as PIL's outline covers it
    const m = rleDecode(rleFromPolygons(parts, 16, 16));
    for (let k = 0; k < ring.length; k += 2) expect(m.data[Math.trunc(ring[k + 1]) * 16 + Math.trunc(ring[k])]).toBe(1);
  });

  it('strokeParts: a horizontal stroke covers width x length pixels', () => {
    const m = rleArea(rleFromPolygons(strokeParts([2, 5, 12, 5], 2, 0.1), 12, 16));
    // 10 x 2 rectangle plus two half discs of radius 1 (≈ π) in whole pixels
    expect(m).toBeGreaterThanOrEqual(20);
    expect(m).toBeLessThanOrEqual(24);
  });
});
