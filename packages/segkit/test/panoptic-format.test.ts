// COCO panoptic: panopticapi's own converter output reproduced exactly, 2-channel <-> id PNGs one to
// one, Datumaro's fixtures round-trip, generated datasets round-trip in both encodings.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FormatError, InvalidInputError, bytesSource, memoryFiles, memorySink, readCoco, readCocoPanoptic, writeCoco,
  writeCocoPanoptic, panopticToInstances, convertDataset, rleDecode, decodePng, segmentIds, type Rle,
} from '../src/index';
import { folderFiles, nodeZlib } from '../src/node/index';
import { bare, collect, datasetOf, runs, segmentsArb } from './datasets';
import { describeReal, real } from './real-fixtures';

const zlib = nodeZlib;

/** Writes a panoptic dataset into memory; returns the JSON source and the PNG folder. */
async function writeMemory(ds: Parameters<typeof writeCocoPanoptic>[2], options: Parameters<typeof writeCocoPanoptic>[3] = {}) {
  const json = memorySink('panoptic.json');
  const pngs = memoryFiles({}, 'panoptic');
  const summary = await writeCocoPanoptic(json, pngs, ds, { zlib, ...options });
  return { json: bytesSource(json.bytes(), 'panoptic.json', { chunkSize: 5 }), pngs, summary };
}

describe('COCO panoptic round trips', () => {
  it('id PNGs: write -> read returns the same records (segment ids kept)', async () => {
    await fc.assert(fc.asyncProperty(segmentsArb(), async ({ header, records }) => {
      const { json, pngs, summary } = await writeMemory(datasetOf(header, records));
      expect(summary.files).toBe(1 + records.length);
      const back = await readCocoPanoptic(json, pngs, { zlib, batchBytes: 10 });
      expect(back.header).toEqual(header);
      expect(bare(await collect(back))).toEqual(records);
    }), runs(80));
  });

  it('2-channel PNGs: write -> read gives the same pixels and categories per segment', async () => {
    await fc.assert(fc.asyncProperty(segmentsArb({ maxValue: 4 }), async ({ header, records }) => {
      // 2-channel holds one stuff segment and one crowd region per class: keep the records that satisfy it
      const stuff = new Set(header.categories.filter((c) => c.isthing === false).map((c) => c.id));
      const ok = records.filter((r) => {
        const seen = r.annotations.filter((a) => stuff.has(a.categoryId) || a.iscrowd).map((a) => `${a.categoryId}/${a.iscrowd}`);
        return new Set(seen).size === seen.length;
      });
      const rejected = records.filter((r) => !ok.includes(r));
      if (rejected.length) await expect(writeMemory(datasetOf(header, rejected), { encoding: '2-channel' })).rejects.toThrow(/one (stuff segment|crowd region) per category/);
      const { json, pngs } = await writeMemory(datasetOf(header, ok), { encoding: '2-channel' });
      const back = await collect(await readCocoPanoptic(json, pngs, { zlib, encoding: '2-channel' }));
      const key = (a: { categoryId: number; segmentation: unknown; iscrowd: boolean }) => `${a.categoryId}/${a.iscrowd && !stuff.has(a.categoryId)}/${Array.from((a.segmentation as Rle).counts)}`;
      back.forEach((r, i) => expect(r.annotations.map(key).sort()).toEqual(ok[i].annotations.map(key).sort()));
    }), runs(60));
  });

  it('refuses overlapping segments, naming both annotations', async () => {
    const rle = { height: 2, width: 2, counts: Uint32Array.of(0, 4) };
    const record = { image: { id: 1, fileName: 'a.jpg', width: 2, height: 2 }, annotations: [1, 2].map((id) => ({ id, categoryId: 1, iscrowd: false, segmentation: rle, bbox: [0, 0, 2, 2] as [number, number, number, number], area: 4 })) };
    const json = memorySink();
    await expect(writeCocoPanoptic(json, memoryFiles(), datasetOf({ kind: 'panoptic', categories: [] }, [record]))).rejects.toThrow(/records\[0\]\.annotations\[1\].*4 pixels over annotations\[0\]/);
    expect(json.bytes().length).toBe(0);
  });

  it('segment ids: own id when valid and free, else the smallest free', () => {
    expect(segmentIds([{ id: 7 }, { id: 'a' }, { id: 7 }, { id: 2 ** 24 }, { id: 1 }])).toEqual([7, 2, 3, 4, 1]);
  });

  it('names the file and path of bad entries, and warns about unlisted and missing segments', async () => {
    const png = await (await import('../src/index')).encodePng({ width: 2, height: 1, colorType: 2, bitDepth: 8, data: Uint8Array.of(7, 0, 0, 9, 0, 0) }, { zlib });
    const pngs = memoryFiles({ 'a.png': png }, 'pan');
    const doc = (segments: unknown[]) => bytesSource(JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg', width: 2, height: 1 }], annotations: [{ image_id: 1, file_name: 'a.png', segments_info: segments }], categories: [] }), 'p.json');
    const recs = await collect(await readCocoPanoptic(doc([{ id: 7, category_id: 1 }, { id: 8, category_id: 1 }]), pngs, { zlib }));
    expect(recs[0].warnings!.map((w) => w.code)).toEqual(['W_SEGMENT_EMPTY', 'W_SEGMENT_UNLISTED']);
    expect(recs[0].annotations.map((a) => [a.id, a.area])).toEqual([[7, 1], [8, 0]]);
    const e = await collect(await readCocoPanoptic(doc([{ id: 7, category_id: 1 }, { id: 7, category_id: 2 }]), pngs, { zlib })).catch((x) => x);
    expect(e).toBeInstanceOf(FormatError);
    expect(e.location).toBe('annotations[0].segments_info[1].id');
    const traversal = bytesSource(JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg', width: 2, height: 1 }], annotations: [{ image_id: 1, file_name: '../a.png', segments_info: [] }], categories: [] }));
    await expect(collect(await readCocoPanoptic(traversal, pngs, { zlib }))).rejects.toThrow(InvalidInputError);
  });
});

describeReal('panopticapi sample data (cocodataset/panopticapi)', () => {
  const base = real('cocodataset-panopticapi/sample_data');
  const read = async (encoding: 'id' | '2-channel' = 'id', json = 'panoptic_examples.json') =>
    readCocoPanoptic(bytesSource(readFileSync(`${base}/${json}`), json), folderFiles(`${base}/${encoding === 'id' ? 'panoptic_examples' : 'panoptic_examples_2ch_format'}`), { zlib, encoding });

  it('panoptic -> COCO instances equals panoptic_coco_detection_format.json for all 50 segments', async () => {
    const ds = await read();
    const sink = memorySink();
    await writeCoco(sink, convertDataset(ds, 'instances', (r) => panopticToInstances(r)));
    const got = JSON.parse(sink.text()).annotations;
    const want = JSON.parse(readFileSync(`${base}/panoptic_coco_detection_format.json`, 'utf8')).annotations;
    expect(got.length).toBe(50);
    expect(want.length).toBe(50);
    const pick = (a: Record<string, unknown>) => ({ image_id: a.image_id, category_id: a.category_id, iscrowd: a.iscrowd, area: a.area, bbox: a.bbox, segmentation: a.segmentation });
    expect(got.map(pick)).toEqual(want.map(pick));
    expect(got.filter((a: { iscrowd: number }) => a.iscrowd).length).toBe(3);
  });

  it('the detection file read back decodes to the same pixels as the panoptic PNGs', async () => {
    const panoptic = (await collect(await read())).flatMap((r) => r.annotations);
    const det = (await collect(await readCoco(bytesSource(readFileSync(`${base}/panoptic_coco_detection_format.json`))))).flatMap((r) => r.annotations);
    expect(det.length).toBe(panoptic.length);
    det.forEach((a, i) => expect(Buffer.compare(rleDecode(a.segmentation as Rle).data, rleDecode(panoptic[i].segmentation as Rle).data)).toBe(0));
  });

  it('2-channel <-> id PNGs are one to one: same segments, and the 2-channel PNGs are rewritten byte-identical in pixels', async () => {
    const byId = await collect(await read());
    const by2ch = await collect(await read('2-channel', 'images_info_examples.json'));
    expect(by2ch.map((r) => r.image.id)).toEqual(byId.map((r) => r.image.id));
    for (let i = 0; i < byId.length; i++) {
      const pixels = (a: { segmentation: unknown }) => Array.from((a.segmentation as Rle).counts).join();
      const a = new Map(byId[i].annotations.map((s) => [pixels(s), s]));
      expect(by2ch[i].annotations.length).toBe(byId[i].annotations.length);
      for (const s of by2ch[i].annotations) {
        const twin = a.get(pixels(s));
        expect(twin, `segment ${s.id} of image ${by2ch[i].image.id}`).toBeDefined();
        expect([s.categoryId, s.iscrowd]).toEqual([twin!.categoryId, twin!.iscrowd]);
      }
    }
    // id records written as 2-channel reproduce panopticapi's 2-channel PNGs pixel for pixel
    const ds = await read();
    const pngs = memoryFiles({}, '2ch');
    await writeCocoPanoptic(memorySink(), pngs, ds, { encoding: '2-channel', zlib });
    for (const f of readdirSync(`${base}/panoptic_examples_2ch_format`)) {
      const want = await decodePng(readFileSync(`${base}/panoptic_examples_2ch_format/${f}`), { zlib });
      const got = await decodePng(await pngs.read(f), { zlib });
      expect(Buffer.compare(Buffer.from(got.data), Buffer.from(want.data))).toBe(0);
    }
  });
});

describeReal('Datumaro COCO panoptic fixtures (openvinotoolkit/datumaro)', () => {
  const root = real('openvinotoolkit-datumaro/tests/assets/coco_dataset');
  const cases = ['coco/annotations/panoptic_train', 'coco/annotations/panoptic_val', 'coco_panoptic/annotations/panoptic_train', 'coco_panoptic/annotations/panoptic_val'];

  it('every panoptic fixture reads; write -> read returns the same records', async () => {
    for (const c of cases) {
      const ds = await readCocoPanoptic(bytesSource(readFileSync(`${root}/${c}.json`), `${c}.json`, { chunkSize: 3 }), folderFiles(`${root}/${c}`), { zlib });
      const recs = await collect(ds);
      expect(recs.length).toBe(1);
      const { json, pngs } = await writeMemory(datasetOf(ds.header, recs), { areaBbox: 'keep' });
      const back = await readCocoPanoptic(json, pngs, { zlib });
      expect(back.header).toEqual(ds.header);
      expect(bare(await collect(back))).toEqual(bare(recs));
    }
  });

  it('a PNG smaller than its image is padded with void and warned about, not a crash', async () => {
    const c = 'coco_panoptic/annotations/panoptic_train';
    const [r] = await collect(await readCocoPanoptic(bytesSource(readFileSync(`${root}/${c}.json`), 'panoptic_train.json'), folderFiles(`${root}/${c}`), { zlib }));
    expect(r.warnings?.map((w) => w.code)).toEqual(['W_PNG_SIZE']);
    expect(r.annotations.map((a) => [a.id, a.categoryId, a.area])).toEqual([[460551, 1, 20]]); // stored area kept; 25 px in the PNG
    expect(rleDecode(r.annotations[0].segmentation as Rle).data.reduce((s, v) => s + v, 0)).toBe(25);
    const [val] = await collect(await readCocoPanoptic(bytesSource(readFileSync(`${root}/coco/annotations/panoptic_val.json`)), folderFiles(`${root}/coco/annotations/panoptic_val`), { zlib }));
    expect(val.annotations.map((a) => [a.id, a.iscrowd])).toEqual([[7, false], [20, true]]);
  });
});
