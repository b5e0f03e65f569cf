// Semantic and instance PNG formats: generated label maps round-trip in every encoding and PNG
// form; VOC (palette and RGB) and Cityscapes fixtures read as their provenance says and round-trip.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  memoryFiles, readSemanticPng, writeSemanticPng, readInstancePng, writeInstancePng, decodePng, encodePng,
  labelMapToRles, paintRle, rleDecode, vocColormap, classList, InvalidInputError, type Category, type Rle, type ImageRecord,
} from '../src/index';
import { folderFiles, nodeZlib } from '../src/node/index';
import { bare, collect, datasetOf, runs } from './datasets';
import { describeReal, real } from './real-fixtures';

const zlib = nodeZlib;
const mapArb = (maxValue: number, voidValue: number) =>
  fc.record({ w: fc.integer({ min: 1, max: 14 }), h: fc.integer({ min: 1, max: 14 }) }).chain(({ w, h }) =>
    fc.record({ w: fc.constant(w), h: fc.constant(h), v: fc.array(fc.oneof(fc.integer({ min: 0, max: maxValue }), fc.constant(voidValue)), { minLength: w * h, maxLength: w * h }) }),
  );

/** Writes label maps as PNGs into a memory folder. */
async function pngFolder(maps: { w: number; h: number; v: number[] }[], folder: string, form: 'grey' | 'palette' | 'grey16' | 'voc-rgb') {
  const files = memoryFiles({}, 'ds');
  const pal = vocColormap();
  for (const [i, m] of maps.entries()) {
    const n = m.w * m.h;
    let png;
    if (form === 'grey16') png = { width: m.w, height: m.h, colorType: 0 as const, bitDepth: 16 as const, data: Uint16Array.from(m.v) };
    else if (form === 'voc-rgb') png = { width: m.w, height: m.h, colorType: 2 as const, bitDepth: 8 as const, data: Uint8Array.from({ length: 3 * n }, (_, k) => pal[3 * m.v[Math.floor(k / 3)] + (k % 3)]) };
    else png = { width: m.w, height: m.h, colorType: form === 'palette' ? (3 as const) : (0 as const), bitDepth: 8 as const, data: Uint8Array.from(m.v), palette: form === 'palette' ? pal : undefined };
    await files.write(`${folder ? `${folder}/` : ''}im${String(i).padStart(2, '0')}.png`, await encodePng(png, { zlib }));
  }
  return files;
}

/** The label map a semantic record stands for (void elsewhere). */
function mapOf(r: ImageRecord, voidValue: number): number[] {
  const data = new Int32Array(r.image.width * r.image.height).fill(voidValue);
  const m = { width: r.image.width, height: r.image.height, data };
  for (const a of r.annotations) paintRle(m, a.segmentation as Rle, a.categoryId);
  return Array.from(data);
}

describe('semantic PNG', () => {
  it('reads grey, palette, 16-bit and VOC-coloured PNGs by value, and write -> read returns the same records', async () => {
    const cases = [
      { form: 'grey' as const, max: 20, void: 255 },
      { form: 'palette' as const, max: 20, void: 255 },
      { form: 'grey16' as const, max: 3000, void: 0 },
      { form: 'voc-rgb' as const, max: 20, void: 255 },
    ];
    for (const c of cases) {
      await fc.assert(fc.asyncProperty(fc.array(mapArb(c.max, c.void), { minLength: 1, maxLength: 3 }), async (maps) => {
        const files = await pngFolder(maps, 'masks', c.form);
        const opts = { folder: 'masks', void: c.void, zlib, ...(c.form === 'voc-rgb' ? { pixels: 'color' as const, colors: 'voc' as const } : {}) };
        const ds = await readSemanticPng(files, opts);
        const recs = await collect(ds);
        recs.forEach((r, i) => {
          expect(mapOf(r, c.void)).toEqual(maps[i].v);
          expect(r.annotations.map((a) => a.id)).toEqual([...new Set(maps[i].v)].filter((v) => v !== c.void).sort((a, b) => a - b));
        });
        const out = memoryFiles({}, 'out');
        await writeSemanticPng(out, datasetOf(ds.header, recs), { ...opts, palette: c.form === 'palette' ? 'voc' : undefined });
        expect(bare(await collect(await readSemanticPng(out, opts)))).toEqual(bare(recs));
        if (c.form === 'palette') {
          const png = await decodePng(await out.read('masks/im00.png'), { zlib });
          expect([png.colorType, png.palette!.subarray(3 * 255, 3 * 256)]).toEqual([3, Uint8Array.of(224, 224, 192)]);
        }
      }), runs(25));
    }
  });

  it('maps pixel values to category ids and back (values option)', async () => {
    const files = await pngFolder([{ w: 3, h: 1, v: [0, 1, 255] }], '', 'grey');
    const opts = { values: { 0: 7, 1: 11 }, zlib };
    const [r] = await collect(await readSemanticPng(files, opts));
    expect(r.annotations.map((a) => a.categoryId)).toEqual([7, 11]);
    const out = memoryFiles();
    await writeSemanticPng(out, datasetOf({ kind: 'semantic', categories: [] }, [r]), opts);
    expect(Array.from((await decodePng(await out.read('im00.png'), { zlib })).data)).toEqual([0, 1, 255]);
  });

  it('refuses regions of different classes that overlap, and an RGB PNG read by index', async () => {
    const rle = { height: 1, width: 2, counts: Uint32Array.of(0, 2) };
    const record = { image: { id: 'a', fileName: 'a.jpg', width: 2, height: 1 }, annotations: [1, 2].map((c) => ({ id: c, categoryId: c, iscrowd: false, segmentation: rle, bbox: [0, 0, 2, 1] as [number, number, number, number], area: 2 })) };
    await expect(writeSemanticPng(memoryFiles(), datasetOf({ kind: 'semantic', categories: [] }, [record]))).rejects.toThrow(/records\[0\]\.annotations\[1\].*over annotations\[0\]/);
    const files = await pngFolder([{ w: 1, h: 1, v: [1] }], '', 'voc-rgb');
    await expect(collect(await readSemanticPng(files, { zlib }))).rejects.toThrow(/im00\.png: expected a grey or palette PNG/);
  });
});

describe('instance PNG encodings', () => {
  const cats: Category[] = [
    { id: 1, name: 'road', isthing: false }, { id: 2, name: 'car', isthing: true }, { id: 3, name: 'person', isthing: true }, { id: 4, name: 'unknown' },
  ];
  const objectsArb = (enc: 'cityscapes' | 'class-instance') =>
    fc.record({ w: fc.integer({ min: 1, max: 12 }), h: fc.integer({ min: 1, max: 12 }) }).chain(({ w, h }) =>
      fc.record({
        w: fc.constant(w), h: fc.constant(h),
        v: fc.array(fc.oneof(fc.constant(0), fc.constantFrom(1, 2, 3, 4), fc.tuple(fc.constantFrom(2, 3), fc.integer({ min: enc === 'cityscapes' ? 0 : 1, max: 5 })).map(([c, i]) => (enc === 'cityscapes' ? c * 1000 + i : c * 256 + i))), { minLength: w * h, maxLength: w * h }),
      }),
    );

  for (const enc of ['cityscapes', 'class-instance'] as const) {
    it(`${enc}: every value is one annotation (class, instance or region), and write -> read is the identity`, async () => {
      await fc.assert(fc.asyncProperty(fc.array(objectsArb(enc), { minLength: 1, maxLength: 3 }), async (maps) => {
        const files = memoryFiles({}, 'ds');
        const maps2 = maps.map((m) => ({ ...m, v: enc === 'class-instance' ? m.v.map((x) => (x > 0 && x < 256 ? x * 256 : x)) : m.v }));
        for (const [i, m] of maps2.entries()) {
          const name = enc === 'cityscapes' ? `gtFine/train/city/c_${i}_gtFine_instanceIds.png` : `im${i}.png`;
          await files.write(name, await encodePng({ width: m.w, height: m.h, colorType: 0, bitDepth: 16, data: Uint16Array.from(m.v) }, { zlib }));
        }
        const ds = await readInstancePng(files, { encoding: enc, categories: cats, zlib });
        const recs = await collect(ds);
        recs.forEach((r, i) => {
          const values = [...new Set(maps2[i].v)].filter((v) => v !== 0).sort((a, b) => a - b);
          expect(r.annotations.map((a) => a.id)).toEqual(values);
          for (const a of r.annotations) {
            const v = a.id as number;
            const region = enc === 'cityscapes' ? v < 1000 : (v & 255) === 0;
            expect(a.categoryId).toBe(enc === 'cityscapes' ? (region ? v : Math.floor(v / 1000)) : v >> 8);
            expect(a.iscrowd).toBe(region && cats.find((c) => c.id === a.categoryId)?.isthing === true);
          }
          if (enc === 'cityscapes') expect(r.image.fileName).toBe(`leftImg8bit/train/city/c_${i}_leftImg8bit.png`);
        });
        const out = memoryFiles({}, 'out');
        await writeInstancePng(out, datasetOf(ds.header, recs), { encoding: enc, zlib });
        expect([...out.files.keys()]).toEqual([...files.files.keys()]);
        expect(bare(await collect(await readInstancePng(out, { encoding: enc, categories: cats, zlib })))).toEqual(bare(recs));
      }), runs(40));
    });
  }

  it('voc: objects with their class, class-only regions (id 256 + class), void in neither; write -> read is the identity', async () => {
    await fc.assert(fc.asyncProperty(mapArb(5, 255), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }), async (m, classOf) => {
      // object k in 1..5 has class classOf[k]; object 0 pixels get class (x % 3) or void; 255 stays void
      const n = m.w * m.h;
      const obj = Uint8Array.from(m.v);
      const cls = Uint8Array.from({ length: n }, (_, p) => (obj[p] === 255 ? 255 : obj[p] === 0 ? [0, 3, 255][p % 3] : classOf[obj[p]]));
      const files = memoryFiles({}, 'voc');
      await files.write('SegmentationObject/x.png', await encodePng({ width: m.w, height: m.h, colorType: 3, bitDepth: 8, data: obj, palette: vocColormap() }, { zlib }));
      await files.write('SegmentationClass/x.png', await encodePng({ width: m.w, height: m.h, colorType: 3, bitDepth: 8, data: cls, palette: vocColormap() }, { zlib }));
      const ds = await readInstancePng(files, { encoding: 'voc', zlib });
      const [r] = await collect(ds);
      const objects = [...new Set(obj)].filter((v) => v !== 0 && v !== 255).sort((a, b) => a - b);
      const regions = [...new Set(Array.from(cls).filter((c, p) => obj[p] === 0 && c !== 255))].sort((a, b) => a - b);
      expect(r.annotations.map((a) => [a.id, a.categoryId])).toEqual([...regions.map((c) => [256 + c, c]), ...objects.map((o) => [o, classOf[o]])]);
      const out = memoryFiles({}, 'out');
      await writeInstancePng(out, datasetOf(ds.header, [r]), { encoding: 'voc', zlib });
      expect(bare(await collect(await readInstancePng(out, { encoding: 'voc', zlib })))).toEqual(bare([r]));
    }), runs(60));
  });

  it('refuses overlapping objects and classes that do not fit the encoding', async () => {
    const rle = { height: 1, width: 2, counts: Uint32Array.of(0, 2) };
    const rec = (cats2: number[]) => ({ image: { id: 'a', fileName: 'a.jpg', width: 2, height: 1 }, annotations: cats2.map((c, j) => ({ id: j + 1, categoryId: c, iscrowd: false, segmentation: rle, bbox: [0, 0, 2, 1] as [number, number, number, number], area: 2 })) });
    await expect(writeInstancePng(memoryFiles(), datasetOf({ kind: 'instances', categories: [] }, [rec([2, 3])]), { encoding: 'voc', zlib })).rejects.toThrow(/annotations\[1\].*over annotations\[0\]/);
    await expect(writeInstancePng(memoryFiles(), datasetOf({ kind: 'instances', categories: [] }, [rec([70])]), { encoding: 'cityscapes', zlib })).rejects.toThrow(InvalidInputError);
    await expect(readInstancePng(memoryFiles(), { encoding: 'kitti' as never })).rejects.toThrow(/options\.encoding/);
  });
});

describeReal('VOC and Cityscapes fixtures (openvinotoolkit/datumaro, wkentaro/labelme)', () => {
  it('Datumaro VOC: RGB masks read through the VOC colormap (class 2, object 1) and round-trip', async () => {
    const dir = real('openvinotoolkit-datumaro/tests/assets/voc_dataset/voc_dataset1');
    const inst = await readInstancePng(folderFiles(dir), { encoding: 'voc', pixels: 'color', zlib });
    const [r] = await collect(inst);
    expect(r.annotations.map((a) => [a.id, a.categoryId, a.area])).toEqual([[1, 2, 200]]);
    const sem = await readSemanticPng(folderFiles(dir), { folder: 'SegmentationClass', pixels: 'color', colors: 'voc', zlib });
    const [s] = await collect(sem);
    expect(s.annotations.map((a) => [a.id, a.area])).toEqual([[2, 200]]);
    for (const [ds, rec, write, read] of [
      [inst, r, (o: ReturnType<typeof memoryFiles>, d: never) => writeInstancePng(o, d, { encoding: 'voc', pixels: 'color', zlib }), (o: ReturnType<typeof memoryFiles>) => readInstancePng(o, { encoding: 'voc', pixels: 'color', zlib })],
      [sem, s, (o: ReturnType<typeof memoryFiles>, d: never) => writeSemanticPng(o, d, { pixels: 'color', colors: 'voc', zlib }), (o: ReturnType<typeof memoryFiles>) => readSemanticPng(o, { folder: 'SegmentationClass', pixels: 'color', colors: 'voc', zlib })],
      [sem, s, (o: ReturnType<typeof memoryFiles>, d: never) => writeSemanticPng(o, d, { palette: 'voc', zlib }), (o: ReturnType<typeof memoryFiles>) => readSemanticPng(o, { folder: 'SegmentationClass', zlib })],
    ] as const) {
      const out = memoryFiles();
      await write(out, datasetOf(ds.header, [rec]) as never);
      expect(bare(await collect(await read(out)))).toEqual(bare([rec]));
    }
  });

  it('Cityscapes: instanceIds rows as documented, labelTrainIds as semantic; both round-trip', async () => {
    const dir = real('openvinotoolkit-datumaro/tests/assets/cityscapes_dataset/train_dataset');
    const inst = await readInstancePng(folderFiles(dir), { encoding: 'cityscapes', zlib });
    const recs = await collect(inst);
    const rows = recs.map((r) => {
      const row = new Array<number>(5).fill(0);
      for (const a of r.annotations) rleDecode(a.segmentation as Rle).data.forEach((v, x) => { if (v) row[x] = a.id as number; });
      return [r.image.id, row];
    });
    expect(rows).toEqual([
      ['defaultcity_000001_000031', [3, 3, 27001, 27002, 27002]],
      ['defaultcity_000001_000032', [31001, 31001, 12, 3, 3]],
      ['defaultcity_000002_000045', [3, 3, 24001, 3, 3]],
      ['defaultcity_000001_000019', [3, 1024, 1024, 3, 3]],
    ]);
    expect(recs[3].annotations.find((a) => a.id === 1024)!.categoryId).toBe(1);
    const out = memoryFiles();
    await writeInstancePng(out, datasetOf(inst.header, recs), { encoding: 'cityscapes', zlib });
    expect(bare(await collect(await readInstancePng(out, { encoding: 'cityscapes', zlib })))).toEqual(bare(recs));

    const files = folderFiles(dir);
    const trainIds = (await files.list('gtFine')).filter((p) => p.endsWith('_labelTrainIds.png'));
    expect(trainIds.length).toBe(4);
    for (const p of trainIds) {
      const folder = p.slice(0, p.lastIndexOf('/'));
      const stem = p.slice(p.lastIndexOf('/') + 1, -4);
      const sem = await readSemanticPng(files, { folder, ids: [stem], zlib });
      const srecs = await collect(sem);
      expect(srecs[0].annotations.length).toBeGreaterThan(0);
      const o = memoryFiles();
      await writeSemanticPng(o, datasetOf(sem.header, srecs), { zlib });
      expect(bare(await collect(await readSemanticPng(o, { folder, ids: [stem], zlib })))).toEqual(bare(srecs));
    }
  });

  it('labelme class lists: class_names.txt from 0, labels.txt from -1 (__ignore__)', async () => {
    const dir = real('wkentaro-labelme/examples/instance_segmentation');
    const names = classList(readFileSync(`${dir}/data_dataset_voc/class_names.txt`, 'utf8'));
    expect([names.length, names[0], names[15], names[20]]).toEqual([21, { id: 0, name: '_background_' }, { id: 15, name: 'person' }, { id: 20, name: 'tv/monitor' }]);
    const labels = classList(readFileSync(`${dir}/labels.txt`, 'utf8'), { start: -1 });
    expect(labels.slice(0, 2)).toEqual([{ id: -1, name: '__ignore__' }, { id: 0, name: '_background_' }]);
    expect(labels.slice(1)).toEqual(names);
    expect(() => classList('a\r\nb\n\na\n')).toThrow(/line 3/);
  });

  it('labelme VOC PNGs (palette): classes and objects as documented, write -> read returns the same records and palette', async () => {
    const dir = real('wkentaro-labelme/examples/instance_segmentation/data_dataset_voc');
    const inst = await readInstancePng(folderFiles(dir), { encoding: 'voc', zlib });
    const recs = await collect(inst);
    expect(recs.map((r) => [r.image.id, r.annotations.filter((a) => (a.id as number) < 256).map((a) => a.id)])).toEqual([
      ['2011_000003', [1, 2, 3]], ['2011_000006', [1, 2, 3, 4, 5, 7]], ['2011_000025', [1, 2, 3]],
    ]);
    expect(recs[1].annotations.find((a) => a.id === 7)).toMatchObject({ categoryId: 18, area: 14002 }); // the sofa of 4 polygons
    const out = memoryFiles();
    await writeInstancePng(out, datasetOf(inst.header, recs), { encoding: 'voc', zlib });
    expect(bare(await collect(await readInstancePng(out, { encoding: 'voc', zlib })))).toEqual(bare(recs));
    const png = await decodePng(await out.read('SegmentationClass/2011_000003.png'), { zlib });
    expect(png.colorType).toBe(3);
    expect(Buffer.compare(png.palette!, vocColormap())).toBe(0);
    // the class PNG written from the instance records equals labelme's pixel for pixel (its
    // __ignore__ region, class 255 with object 0, is void in both)
    const orig = await decodePng(await folderFiles(dir).read('SegmentationClass/2011_000003.png'), { zlib });
    expect(Buffer.compare(png.data as Uint8Array, orig.data as Uint8Array)).toBe(0);
    const { values } = labelMapToRles({ width: png.width, height: png.height, data: png.data });
    expect(values).toEqual([0, 5, 15, 255]);
  });
});
