// YOLO-seg: layouts (data.yaml, classes.txt), lines, write -> read, exact re-rasterisation, and
// the real exports of X-AnyLabeling and Datumaro.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import sharp from 'sharp';
import {
  FormatError, memoryFiles, readLabelme, readYoloSeg, rleFromPolygons, SegkitError, writeAll, writeYoloSeg, yoloSegWriter,
  type Annotation, type Category, type Dataset, type ImageRecord,
} from '../src/index';
import { folderFiles } from '../src/node/index';
import { parseYaml } from '../src/formats/yolo-seg/yaml';
import { labelPathOf } from '../src/formats/yolo-seg/layout';
import { describeReal, real } from './real-fixtures';

const text = (s: string) => new TextEncoder().encode(s);
const png = async (w: number, h: number) => new Uint8Array(await sharp({ create: { width: w, height: h, channels: 3, background: '#000' } }).png().toBuffer());

async function all(ds: Dataset): Promise<ImageRecord[]> {
  const out: ImageRecord[] = [];
  for await (const r of ds.records) out.push(r);
  return out;
}

describe('data.yaml subset', () => {
  it('reads Ultralytics names as a map, a block list or a flow list; quotes and comments', () => {
    const a = parseYaml('path: ../datasets/x  # root\ntrain: images/train\nval: images/val\nnames:\n  0: person\n  1: "traffic light"\n  2: \'it\'\'s\'\n', 'a');
    expect(a).toEqual({ path: '../datasets/x', train: 'images/train', val: 'images/val', names: { 0: 'person', 1: 'traffic light', 2: "it's" } });
    expect(parseYaml('names:\n- cat\n- dog # pets\n', 'b').names).toEqual(['cat', 'dog']);
    expect(parseYaml("names: [cat, 'hot dog', \"a,b\"]\nnc: 3", 'c')).toEqual({ names: ['cat', 'hot dog', 'a,b'], nc: '3' });
    expect(parseYaml('names: {0: a, 1: b}', 'd').names).toEqual({ 0: 'a', 1: 'b' });
  });

  it('refuses what it does not read, naming the line', () => {
    expect(() => parseYaml('names:\n  0: a\n  1: [b, [c]]', 'e.yaml')).toThrow(/e\.yaml at line 3: nested flow/);
    expect(() => parseYaml('  stray: 1', 'f.yaml')).toThrow(/line 1/);
  });
});

describe('layout', () => {
  it('label path: the last images/ folder becomes labels/, the extension .txt', () => {
    expect(labelPathOf('images/train/a.b.jpg')).toBe('labels/train/a.b.txt');
    expect(labelPathOf('data/images/x/images/v/1.png')).toBe('data/images/x/labels/v/1.txt');
    expect(labelPathOf('cat.webp')).toBe('labels/cat.txt');
  });
});

describe('readYoloSeg', () => {
  it('data.yaml layout: splits, sizes from headers, polygons in pixels, boxes, background images', async () => {
    const files = memoryFiles({
      'data.yaml': text('path: .\ntrain: images/train\nval: images/val\nnames: [a, b, c]\n'),
      'images/train/1.png': await png(20, 10),
      'images/train/2.png': await png(8, 8),
      'images/val/3.png': await png(4, 6),
      'labels/train/1.txt': text('2 0.1 0.1 0.5 0.1 0.5 0.9\n\n0 0.5 0.5 0.4 0.2\n'),
      'labels/val/3.txt': text('1 0 0 1 0 1 1 0 1\n'),
    });
    const ds = await readYoloSeg(files);
    expect(ds.header.categories).toEqual([{ id: 0, name: 'a' }, { id: 1, name: 'b' }, { id: 2, name: 'c' }]);
    const recs = await all(ds);
    expect(recs.map((r) => [r.image.id, r.image.fileName, r.image.width, r.image.height, r.annotations.length])).toEqual([
      ['1', 'images/train/1.png', 20, 10, 2], ['2', 'images/train/2.png', 8, 8, 0], ['3', 'images/val/3.png', 4, 6, 1],
    ]);
    const [poly, box] = recs[0].annotations;
    expect(poly.segmentation).toEqual([[2, 1, 10, 1, 10, 9]]);
    expect(poly.categoryId).toBe(2);
    expect(box.segmentation).toEqual([]);
    expect(box.bbox).toEqual([6, 4, 8, 2]);
    expect(recs[0].warnings?.[0]).toMatchObject({ code: 'W_YOLO_MIXED', location: 'line 3' });
    expect(recs.flatMap((r) => r.annotations.map((a) => a.id))).toEqual([1, 2, 3]);
  });

  it('classes.txt layout with images elsewhere, or a size option', async () => {
    const files = memoryFiles({ 'classes.txt': text('cat\ndog'), 'labels/x.txt': text('1 0.5 0 1 1 0 1\n'), 'pics/x.png': await png(10, 4) });
    const withImages = await all(await readYoloSeg(files, { images: 'pics' }));
    expect(withImages[0].image).toMatchObject({ fileName: 'pics/x.png', width: 10, height: 4 });
    expect(withImages[0].annotations[0].segmentation).toEqual([[5, 0, 10, 4, 0, 4]]);
    const bySize = await all(await readYoloSeg(files, { size: { width: 100, height: 50 } }));
    expect(bySize[0].image).toMatchObject({ fileName: 'x.jpg', width: 100, height: 50 });
    await expect(readYoloSeg(files).then(all)).rejects.toThrow(/labels\/x\.txt: no image file to take the size from/);
  });

  it('names the file and line of malformed lines', async () => {
    const base = { 'classes.txt': text('a\nb'), 'images/x.png': await png(4, 4) };
    const bad = async (line: string) => all(await readYoloSeg(memoryFiles({ ...base, 'labels/x.txt': text(`0 0 0 1 0 1 1\n${line}\n`) })));
    await expect(bad('1 0 0 1 0 1')).rejects.toThrow(/labels\/x\.txt at line 2: expected 4 numbers .* found 5 numbers/);
    await expect(bad('5 0 0 1 0 1 1')).rejects.toThrow(/line 2: class 5 has no name/);
    await expect(bad('x 0 0 1 0 1 1')).rejects.toThrow(/line 2: expected a class number/);
    await expect(bad('1 0 0 1 nan 1 1')).rejects.toBeInstanceOf(FormatError);
  });
});

/** Random records: polygons with integer corners (what traced or hand-drawn data holds) and boxes. */
const records = (W: number, H: number) =>
  fc.array(
    fc.array(
      fc.record({
        cls: fc.integer({ min: 0, max: 2 }),
        pts: fc.array(fc.tuple(fc.integer({ min: 0, max: W }), fc.integer({ min: 0, max: H })), { minLength: 3, maxLength: 9 }),
      }),
      { maxLength: 5 },
    ),
    { minLength: 1, maxLength: 4 },
  );

const CATS: Category[] = [{ id: 7, name: 'x' }, { id: 3, name: 'y z' }, { id: 9, name: 'w' }];

function toRecords(list: Array<Array<{ cls: number; pts: [number, number][] }>>, W: number, H: number): ImageRecord[] {
  let id = 1;
  return list.map((anns, i) => ({
    image: { id: `im${i}`, fileName: `images/train/im${i}.png`, width: W, height: H },
    annotations: anns.map((a): Annotation => ({ id: id++, categoryId: CATS[a.cls].id, iscrowd: false, segmentation: [a.pts.flat()], bbox: [0, 0, 0, 0], area: 0 })),
  }));
}

describe('YOLO-seg write -> read', () => {
  it('gives the same objects (class by table position, ids kept in order) and re-rasterises exactly by COCO\'s rule', async () => {
    const W = 1913, H = 1077;
    const pngBytes = await png(W, H);
    await fc.assert(
      fc.asyncProperty(records(W, H), async (list) => {
        const recs = toRecords(list, W, H);
        const out = memoryFiles();
        const summary = await writeAll(yoloSegWriter(out, { kind: 'instances', categories: CATS }), recs);
        expect(summary.files).toBe(recs.length);
        for (const r of recs) out.files.set(r.image.fileName, pngBytes);
        const back = await all(await readYoloSeg(out, { categories: CATS }));
        expect(back.length).toBe(recs.length);
        back.forEach((b, i) => {
          expect(b.image.fileName).toBe(recs[i].image.fileName);
          expect(b.annotations.length).toBe(recs[i].annotations.length);
          b.annotations.forEach((a, j) => {
            const src = recs[i].annotations[j];
            expect(a.categoryId).toBe(src.categoryId);
            expect(a.id).toBe(src.id);
            const p = (a.segmentation as number[][])[0];
            const q = (src.segmentation as number[][])[0];
            p.forEach((v, k) => expect(Math.abs(v - q[k])).toBeLessThan(1e-3));
            // 6 decimals: off by at most W * 5e-7 px, far inside COCO's 1/5-pixel snapping
            expect(rleFromPolygons([p], H, W).counts).toEqual(rleFromPolygons([q], H, W).counts);
          });
        });
        const yaml = parseYaml(new TextDecoder().decode(out.files.get('data.yaml')!), 'data.yaml');
        expect(yaml.names).toEqual({ 0: 'x', 1: 'y z', 2: 'w' });
        expect(yaml.train).toBe('images/train');
      }),
      { seed: 11, numRuns: 40 },
    );
  });

  it('decimals: "shortest" round-trips the coordinates exactly', async () => {
    const recs = toRecords([[{ cls: 1, pts: [[1, 2], [700, 3], [5, 600]] }]], 1441, 811);
    const out = memoryFiles();
    await writeAll(yoloSegWriter(out, { kind: 'instances', categories: CATS }, { decimals: 'shortest', classList: 'classes.txt' }), recs);
    expect(new TextDecoder().decode(out.files.get('classes.txt')!)).toBe('x\ny z\nw\n');
    const back = await all(await readYoloSeg(out, { categories: CATS, size: { width: 1441, height: 811 } }));
    expect(back[0].annotations[0].segmentation).toEqual([[1, 2, 700, 3, 5, 600]]);
  });

  it('never mixes boxes and polygons: a box-only annotation is written as its rectangle; crowd by option', async () => {
    const r: ImageRecord = {
      image: { id: 1, fileName: 'a.png', width: 10, height: 10 },
      annotations: [
        { id: 1, categoryId: 7, iscrowd: false, segmentation: [], bbox: [1, 2, 3, 4], area: 12 },
        { id: 2, categoryId: 3, iscrowd: true, segmentation: [[0, 0, 5, 0, 5, 5]], bbox: [0, 0, 5, 5], area: 12 },
      ],
    };
    const out = memoryFiles();
    await writeAll(yoloSegWriter(out, { kind: 'instances', categories: CATS }, { crowd: 'skip' }), [r]);
    expect(new TextDecoder().decode(out.files.get('labels/a.txt')!)).toBe('0 0.100000 0.200000 0.400000 0.200000 0.400000 0.600000 0.100000 0.600000\n');
  });

  it('holes: "split" writes one line per part; "bridge" needs tracing for several parts', async () => {
    const r: ImageRecord = {
      image: { id: 1, fileName: 'a.png', width: 10, height: 10 },
      annotations: [{ id: 1, categoryId: 7, iscrowd: false, segmentation: [[0, 0, 2, 0, 2, 2], [5, 5, 8, 5, 8, 8]], bbox: [0, 0, 8, 8], area: 0 }],
    };
    const split = memoryFiles();
    await writeAll(yoloSegWriter(split, { kind: 'instances', categories: CATS }, { holes: 'split', decimals: 1 }), [r]);
    expect(new TextDecoder().decode(split.files.get('labels/a.txt')!)).toBe('0 0.0 0.0 0.2 0.0 0.2 0.2\n0 0.5 0.5 0.8 0.5 0.8 0.8\n');
    const bridged = writeAll(yoloSegWriter(memoryFiles(), { kind: 'instances', categories: CATS }), [r]);
    await expect(bridged).resolves.toBeDefined();
  });

  it('refuses images of unknown size and categories not in the table', async () => {
    const r = (width: number, categoryId: number): ImageRecord => ({
      image: { id: 1, fileName: 'a.png', width, height: 10 },
      annotations: [{ id: 1, categoryId, iscrowd: false, segmentation: [[0, 0, 2, 0, 2, 2]], bbox: [0, 0, 2, 2], area: 2 }],
    });
    await expect(writeYoloSeg(memoryFiles(), { header: { kind: 'instances', categories: CATS }, records: [r(0, 7)] as any })).rejects.toThrow(/records\[0\]\.image/);
    await expect(writeYoloSeg(memoryFiles(), { header: { kind: 'instances', categories: CATS }, records: [r(10, 4)] as any })).rejects.toThrow(/annotations\[0\]\.categoryId/);
  });
});

const XA = (...p: string[]) => real('CVHub520-X-AnyLabeling', 'examples', 'segmentation', 'instance_segmentation', ...p);

describeReal('X-AnyLabeling: LabelMe JSON -> YOLO-seg equals its own export', () => {
  async function convert(decimals: number | 'shortest') {
    const names = readFileSync(XA('classes.txt'), 'utf8').split('\n');
    const categories = names.map((name, id) => ({ id, name }));
    const ds = await readLabelme(folderFiles(XA('sources')), { categories });
    const out = memoryFiles();
    await writeYoloSeg(out, ds, { decimals, classList: 'classes.txt' });
    return new TextDecoder().decode(out.files.get('labels/cat_dog.txt')!);
  }
  const theirs = () => readFileSync(XA('labels', 'cat_dog.txt'), 'utf8');

  it('the same numbers within 1e-6 (6 decimals)', async () => {
    const mine = (await convert(6)).trim().split('\n').map((l) => l.split(' ').map(Number));
    const ref = theirs().trim().split('\n').map((l) => l.split(' ').map(Number));
    expect(mine.length).toBe(2);
    expect(mine.map((l) => l.length)).toEqual(ref.map((l) => l.length));
    mine.forEach((l, i) => l.forEach((v, k) => expect(Math.abs(v - ref[i][k])).toBeLessThan(1e-6)));
  });

  it('with decimals: "shortest", the same text (Python repr and JS agree on these numbers)', async () => {
    expect(await convert('shortest')).toBe(theirs());
  });

  it('reading the YOLO file back gives the JSON points (image size from the WebP header)', async () => {
    const recs = await all(await readYoloSeg(folderFiles(XA()), { images: 'sources' }));
    const json = JSON.parse(readFileSync(XA('sources', 'cat_dog.json'), 'utf8'));
    expect(recs[0].image).toMatchObject({ width: 1440, height: 810 });
    recs[0].annotations.forEach((a, i) => {
      const pts = json.shapes[i].points.flat();
      (a.segmentation as number[][])[0].forEach((v, k) => expect(Math.abs(v - pts[k])).toBeLessThan(1e-9));
    });
  });
});

const DM = (...p: string[]) => real('cvat-ai-datumaro', 'tests', 'assets', 'yolo_dataset', 'yolov8_segmentation', ...p);

describeReal('Datumaro YOLOv8 segmentation dataset', () => {
  it('reads (data.yaml names map, 15x10 JPEG) and round-trips to the same label file and records', async () => {
    const ds = await readYoloSeg(folderFiles(DM()));
    expect(ds.header.categories.map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => `label_${i}`));
    const recs = await all(ds);
    expect(recs.length).toBe(1);
    expect(recs[0].image).toMatchObject({ id: '1', fileName: 'images/train/1.jpg', width: 15, height: 10, attributes: { split: 'train' } });
    expect(recs[0].annotations.map((a) => [a.categoryId, a.segmentation])).toEqual([
      [2, [[1.5, 1, 6, 1, 6, 5]]],
      [4, [[3, 1.5, 6, 1.5, 6, 7.5, 4.5, 7.5, 3.75, 3]]],
    ]);
    const out = memoryFiles();
    await writeAll(yoloSegWriter(out, ds.header), recs);
    expect(new TextDecoder().decode(out.files.get('labels/train/1.txt')!)).toBe(readFileSync(DM('labels', 'train', '1.txt'), 'utf8'));
    out.files.set('images/train/1.jpg', readFileSync(DM('images', 'train', '1.jpg')));
    const again = await readYoloSeg(out);
    expect(again.header.categories).toEqual(ds.header.categories);
    expect(await all(again)).toEqual(recs);
  });
});
