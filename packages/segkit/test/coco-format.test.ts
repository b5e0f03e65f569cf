// COCO instances / results: write -> read round trips on generated datasets (tiny chunks, tiny
// batches), files not grouped by image, results lists, FormatErrors with paths, real fixtures.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FormatError, InvalidInputError, bytesSource, bufferedSource, memorySink, readCoco, readCocoEntries, cocoRecordFromEntries, writeCoco, cocoWriter,
  rleDecode, annotationRle, measureRle, type ImageRecord,
} from '../src/index';
import { bare, collect, datasetOf, instancesArb, runs } from './datasets';
import { describeReal, real } from './real-fixtures';

const write = async (ds: Parameters<typeof writeCoco>[1], options: Parameters<typeof writeCoco>[2] = {}) => {
  const sink = memorySink('out.json');
  const summary = await writeCoco(sink, ds, options);
  return { bytes: sink.bytes(), summary };
};

const formatError = async (p: Promise<unknown>): Promise<FormatError> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('did not throw');
};

const readText = async (text: string, chunkSize = 3) => collect(await readCoco(bytesSource(text, 'x.json', { chunkSize })));

/** Records as the COCO writer measures them: area and bbox from the pixels (box-only kept). */
const measured = (records: ImageRecord[]) =>
  records.map(({ image, annotations }) => ({
    image,
    annotations: annotations.map((a) => (Array.isArray(a.segmentation) && a.segmentation.length === 0 ? a : { ...a, ...measureRle(annotationRle(a, image)) })),
  }));

describe('COCO round trips', () => {
  it('write -> read returns the same records (areaBbox keep), for any chunk and batch size', async () => {
    await fc.assert(fc.asyncProperty(instancesArb(), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 400 }), fc.constantFrom('string' as const, 'array' as const), async ({ header, records }, chunkSize, batchBytes, rleCounts) => {
      const { bytes, summary } = await write(datasetOf(header, records), { areaBbox: 'keep', rleCounts });
      expect(summary).toEqual({ images: records.length, annotations: records.reduce((n, r) => n + r.annotations.length, 0), recomputed: 0, files: 1 });
      const back = await readCoco(bytesSource(bytes, 'out.json', { chunkSize }), { batchBytes });
      expect(back.header).toEqual(header);
      expect(bare(await collect(back))).toEqual(records);
    }), runs(150));
  });

  it('recomputes area and bbox by COCO\'s rule, counting the changes; a second round trip is the identity', async () => {
    await fc.assert(fc.asyncProperty(instancesArb(), async ({ header, records }) => {
      const skewed = records.map((r) => ({ ...r, annotations: r.annotations.map((a, j) => (j % 2 ? { ...a, area: a.area + 1, bbox: [a.bbox[0], a.bbox[1], a.bbox[2] + 1, a.bbox[3]] as typeof a.bbox } : a)) }));
      const first = await write(datasetOf(header, skewed));
      const once = await collect(await readCoco(bytesSource(first.bytes)));
      expect(bare(once)).toEqual(measured(skewed));
      const boxOnly = (a: ImageRecord['annotations'][number]) => Array.isArray(a.segmentation) && a.segmentation.length === 0;
      expect(first.summary.recomputed).toBe(skewed.reduce((n, r) => n + r.annotations.filter((a, j) => j % 2 === 1 && !boxOnly(a)).length, 0));
      const second = await write(datasetOf(header, once));
      expect(second.bytes).toEqual(first.bytes);
      expect(second.summary.recomputed).toBe(0);
    }), runs(60));
  });

  it('reads annotations in any order and images listed after them, grouping by image in images order', async () => {
    await fc.assert(fc.asyncProperty(instancesArb(), fc.integer({ min: 0, max: 1e9 }), async ({ header, records }, shuffleSeed) => {
      const doc = JSON.parse(new TextDecoder().decode((await write(datasetOf(header, records), { areaBbox: 'keep' })).bytes));
      // deterministic shuffle of the annotations; images moved to the end, categories first
      const anns = doc.annotations.map((a: unknown, i: number) => [((i + 1) * 2654435761 + shuffleSeed) % 4294967296, a] as const).sort((a: [number, unknown], b: [number, unknown]) => a[0] - b[0]).map((p: [number, unknown]) => p[1]);
      const text = JSON.stringify({ annotations: anns, categories: doc.categories, info: doc.info, licenses: doc.licenses, images: doc.images });
      const back = await readCoco(bytesSource(text, 'shuffled.json', { chunkSize: 7 }), { batchBytes: 50 });
      const got = await collect(back);
      const order = new Map(anns.map((a: { id: number }, i: number) => [a.id, i]));
      const want = records.map((r) => ({ ...r, annotations: [...r.annotations].sort((a, b) => (order.get(a.id as number) as number) - (order.get(b.id as number) as number)) }));
      expect(bare(got)).toEqual(want);
    }), runs(60));
  });

  it('never asks for the file whole: pass 1 streams chunks, pass 2 reads about batchBytes at a time', async () => {
    const records = Array.from({ length: 300 }, (_, i): ImageRecord => ({
      image: { id: i + 1, fileName: `${i}.jpg`, width: 64, height: 48 },
      annotations: Array.from({ length: 3 }, (_, k) => ({ id: 3 * i + k + 1, categoryId: 1, iscrowd: false, segmentation: [[k, 0, 40, 3, 20, 30 + k]], bbox: [0, 0, 0, 0] as [number, number, number, number], area: 0 })),
    }));
    const { bytes } = await write(datasetOf({ kind: 'instances', categories: [{ id: 1, name: 'a' }] }, records), { areaBbox: 'keep' });
    expect(bytes.length).toBeGreaterThan(100_000);
    const inner = bytesSource(bytes, 'big.json', { chunkSize: 4096 });
    let maxRead = 0;
    let maxChunk = 0;
    const watched = {
      ...inner,
      name: inner.name,
      size: inner.size,
      async *chunks(start?: number, end?: number) {
        for await (const c of inner.chunks(start, end)) {
          maxChunk = Math.max(maxChunk, c.length);
          yield c;
        }
      },
      read: async (o: number, n: number) => {
        maxRead = Math.max(maxRead, n);
        return inner.read(o, n);
      },
    };
    expect(bare(await collect(await readCoco(watched, { batchBytes: 4096 })))).toEqual(records);
    expect(maxChunk).toBe(4096);
    expect(maxRead).toBeLessThan(8192); // one batch of whole images
  });

  it('records can be iterated twice, and a buffered stream reads like a file', async () => {
    const text = JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg', width: 4, height: 3 }], annotations: [{ id: 5, image_id: 1, category_id: 2, segmentation: [[0, 0, 3, 0, 3, 2]], area: 4, bbox: [0, 0, 3, 2], iscrowd: 0 }], categories: [{ id: 2, name: 'b' }] });
    const ds = await readCoco(bytesSource(text));
    expect(await collect(ds)).toEqual(await collect(ds));
    const chunks = (async function* () { for (let i = 0; i < text.length; i += 5) yield new TextEncoder().encode(text.slice(i, i + 5)); })();
    expect(bare(await collect(await readCoco(await bufferedSource(chunks))))).toEqual(bare(await collect(ds)));
  });

  it('"supercategory": null reads as no supercategory; a number is refused by path', async () => {
    const text = (sc: unknown) => JSON.stringify({ images: [], annotations: [], categories: [{ id: 2, name: 'b', supercategory: sc }, { id: 3, name: 'c', supercategory: 'x' }] });
    const ds = await readCoco(bytesSource(text(null)));
    expect(ds.header.categories).toEqual([{ id: 2, name: 'b' }, { id: 3, name: 'c', supercategory: 'x' }]);
    const e = await formatError(readCoco(bytesSource(text(5), 'x.json')));
    expect(e.location).toBe('categories[0].supercategory');
  });
});

describe('COCO entries parsed elsewhere (readCocoEntries + cocoRecordFromEntries)', () => {
  const viaEntries = async (text: string | Uint8Array, batchBytes?: number) => {
    const ds = await readCocoEntries(bytesSource(text, 'e.json', { chunkSize: 5 }), { batchBytes });
    const out: ImageRecord[] = [];
    // each item crosses a structured clone, as it does to a worker thread
    for await (const e of ds.entries) out.push(cocoRecordFromEntries(structuredClone(e), ds.file, ds.header.results === true));
    return { ds, out };
  };

  it('gives exactly the records of readCoco: shuffled files, results lists, non-ASCII text, any batch size', async () => {
    await fc.assert(fc.asyncProperty(instancesArb(), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 1e9 }), fc.boolean(), async ({ header, records }, batchBytes, seed, asResults) => {
      const doc = JSON.parse(new TextDecoder().decode((await write(datasetOf(header, records), { areaBbox: 'keep' })).bytes));
      const anns = doc.annotations
        .map((a: Record<string, unknown>, i: number) => [((i + 1) * 2654435761 + seed) % 4294967296, i % 3 === 0 ? { ...a, note: 'é ✓' } : a] as const)
        .sort((a: [number, unknown], b: [number, unknown]) => a[0] - b[0]).map((p: [number, unknown]) => p[1]);
      const text = asResults ? JSON.stringify(anns) : JSON.stringify({ ...doc, annotations: anns });
      const want = await collect(await readCoco(bytesSource(text, 'e.json'), { batchBytes }));
      const { ds, out } = await viaEntries(text, batchBytes);
      expect(ds.count).toBe(want.length);
      expect(out).toEqual(want);
    }), runs(60));
  });

  it('errors name the file and the JSON path, as readCoco\'s', async () => {
    const base = { images: [{ id: 1, file_name: 'a.jpg', width: 4, height: 3 }], categories: [{ id: 1, name: 'a' }] };
    for (const bad of [{ segmentation: [[0, 0, 2, 0, 2]] }, { category_id: '1' }]) {
      const text = JSON.stringify({ ...base, annotations: [{ id: 1, image_id: 1, category_id: 1, segmentation: [[0, 0, 2, 0, 2, 2]] }, { id: 2, image_id: 1, category_id: 1, ...bad }] });
      const direct = await formatError(collect(await readCoco(bytesSource(text, 'e.json'))));
      const deferred = await formatError(viaEntries(text));
      expect(deferred.message).toBe(direct.message);
      expect(deferred.message).toMatch(/^e\.json at annotations\[1\]\./);
    }
  });
});

describe('COCO ids', () => {
  it("ids: 'renumber' numbers images and annotations 1, 2, … in write order", async () => {
    await fc.assert(fc.asyncProperty(instancesArb(), async ({ header, records }) => {
      const stems = records.map((r, i) => ({ image: { ...r.image, id: `stem-${i}` }, annotations: r.annotations.map((a) => ({ ...a, id: 1 })) }));
      const { bytes } = await write(datasetOf(header, stems), { ids: 'renumber', areaBbox: 'keep' });
      const back = await collect(await readCoco(bytesSource(bytes)));
      expect(back.map((r) => r.image.id)).toEqual(records.map((_, i) => i + 1));
      expect(back.flatMap((r) => r.annotations.map((a) => a.id))).toEqual(records.flatMap((r) => r.annotations).map((_, k) => k + 1));
      expect(back.map((r) => ({ ...r.image, id: 0 }))).toEqual(records.map((r) => ({ ...r.image, id: 0 })));
    }), runs(40));
  });
});

describe('COCO results lists', () => {
  it('a bare list: ids by position, crowd false, image size from the first RLE, written back as a list', async () => {
    const rle = { size: [3, 4], counts: [1, 2, 9] };
    const text = JSON.stringify([
      { image_id: 9, category_id: 1, segmentation: rle, score: 0.5 },
      { image_id: 2, category_id: 1, bbox: [1, 1, 2, 2], score: 0.25 },
      { image_id: 9, category_id: 3, segmentation: rle, score: 0.75 },
    ]);
    const ds = await readCoco(bytesSource(text, 'results.json', { chunkSize: 2 }));
    expect(ds.header.results).toBe(true);
    const recs = await collect(ds);
    expect(recs.map((r) => [r.image.id, r.image.width, r.image.height, r.annotations.map((a) => [a.id, a.score, a.iscrowd, a.area])])).toEqual([
      [9, 4, 3, [[1, 0.5, false, 2], [3, 0.75, false, 2]]],
      [2, 0, 0, [[2, 0.25, false, 0]]],
    ]);
    expect(rleDecode(recs[0].annotations[0].segmentation as never).data).toEqual(Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0));
    const { bytes } = await write(ds);
    const back = JSON.parse(new TextDecoder().decode(bytes));
    expect(Array.isArray(back)).toBe(true);
    expect(back.map((a: { id: number; image_id: number }) => [a.id, a.image_id])).toEqual([[1, 9], [3, 9], [2, 2]]);
    expect(bare(await collect(await readCoco(bytesSource(bytes))))).toEqual(bare(recs));
  });
});

describe('COCO errors', () => {
  const base = { images: [{ id: 1, file_name: 'a.jpg', width: 4, height: 3 }], categories: [{ id: 1, name: 'a' }] };
  const doc = (annotations: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ ...base, ...extra, annotations });
  const ann = (o: Record<string, unknown>) => ({ id: 1, image_id: 1, category_id: 1, segmentation: [[0, 0, 2, 0, 2, 2]], ...o });

  it('name the file and the JSON path', async () => {
    const at = async (text: string) => {
      const e = await formatError(readText(text));
      expect(e.message.startsWith(`${e.file}${e.location ? ` at ${e.location}` : ''}: `)).toBe(true);
      return `${e.file} | ${e.location} | ${e.message.slice(e.message.indexOf(': ') + 2)}`;
    };
    expect(await at(doc([ann({}), ann({ id: 2, image_id: 7 })]))).toMatch(/^x\.json \| annotations\[1\]\.image_id \| .*no image with id 7/);
    expect(await at(doc([ann({ image_id: undefined })]))).toMatch(/annotations\[0\]\.image_id \| .*no image_id/);
    expect(await at(doc([ann({ segmentation: [[0, 0, 2, 0, 2]] })]))).toMatch(/annotations\[0\]\.segmentation\[0\] \| expected an even number/);
    expect(await at(doc([ann({ segmentation: [0, 0, 2, 0, 2, 2] })]))).toMatch(/annotations\[0\]\.segmentation \| expected a list of polygons/);
    expect(await at(doc([ann({ segmentation: [[0, 0, 'x', 0, 2, 2]] })]))).toMatch(/annotations\[0\]\.segmentation\[0\]\[2\] \| expected a finite number/);
    expect(await at(doc([ann({ segmentation: { size: [3, 4], counts: 'zz' } })]))).toMatch(/annotations\[0\]\.segmentation \| .*'0'\.\.'o'/);
    expect(await at(doc([ann({ segmentation: { size: [3, 4], counts: [1, 2] } })]))).toMatch(/annotations\[0\]\.segmentation \| .*add up to height \* width = 12/);
    expect(await at(doc([ann({ category_id: '1' })]))).toMatch(/annotations\[0\]\.category_id \| expected an integer/);
    expect(await at(doc([ann({ iscrowd: 2 })]))).toMatch(/annotations\[0\]\.iscrowd \| expected 0, 1 or a boolean/);
    expect(await at(doc([ann({ bbox: [1, 2, 3] })]))).toMatch(/annotations\[0\]\.bbox \| expected a bbox/);
    expect(await at(doc([], { images: [{ id: 1, width: 4, height: 3 }, { id: 1, width: 1, height: 1 }] }))).toMatch(/images\[1\]\.id \| duplicate image id 1/);
    expect(await at(doc([], { images: [{ id: 1, width: -4, height: 3 }] }))).toMatch(/images\[0\]\.width \| expected an integer/);
    expect(await at(doc([], { categories: [{ id: 1.5, name: 'a' }] }))).toMatch(/categories\[0\]\.id \| expected an integer/);
    expect(await at(doc([], { categories: {} }))).toMatch(/categories \| expected an array/);
    expect(await at(doc([ann({})]).slice(0, -30))).toMatch(/ends inside/);
    expect(await at(`${doc([ann({})])}]`)).toMatch(/nothing after the top-level value/);
    expect(await at(doc([ann({})]).replace('"id":1,"image_id"', '"id":1,,"image_id"'))).toMatch(/annotations\[0\] \| expected a key .* but found ',' at byte \d+/);
    expect(await at(doc([ann({})]).replace('"category_id":1', '"category_id":1,,'))).toMatch(/annotations\[0\] \| invalid JSON/);
    expect(await at(doc([ann({})]).replace('"category_id":1', '"image_id":2,"category_id":1'))).toMatch(/annotations\[0\]\.image_id \| image_id given twice/);
    expect(await at(doc([ann({})]).replace('"category_id":1', '"category_id":nul'))).toMatch(/annotations\[0\] \| invalid JSON (starting )?at byte \d+/);
  });

  it('an RLE whose size is not the image\'s is kept with a warning', async () => {
    const recs = await readText(doc([ann({ segmentation: { size: [4, 3], counts: [12] } })]));
    expect(recs[0].warnings?.map((w) => [w.code, w.location])).toEqual([['W_RLE_SIZE', 'annotations[0].segmentation.size']]);
  });

  it('the writer refuses malformed records, naming them, and aborts the sink', async () => {
    const record = { image: { id: 1, fileName: 'a.jpg', width: 4, height: 3 }, annotations: [{ id: 1, categoryId: 1, iscrowd: false, segmentation: [[0, 0, 1]], bbox: [0, 0, 1, 1], area: 1 }] } as ImageRecord;
    const sink = memorySink();
    await expect(writeCoco(sink, datasetOf({ kind: 'instances', categories: [] }, [record]))).rejects.toThrow(InvalidInputError);
    await expect(writeCoco(memorySink(), datasetOf({ kind: 'instances', categories: [] }, [record]))).rejects.toThrow(/records\[0\]\.annotations\[0\]\.segmentation\[0\]/);
    expect(sink.bytes().length).toBe(0);
    const w = cocoWriter(memorySink(), { kind: 'instances', categories: [] });
    await w.close();
    await expect(w.add({ ...record, annotations: [] })).rejects.toThrow(/closed/);
  });
});

describeReal('real COCO files (openvinotoolkit/datumaro fixtures)', () => {
  const dir = real('openvinotoolkit-datumaro/tests/assets/coco_dataset/coco/annotations');
  const files = () => readdirSync(dir).filter((f) => /^(instances|stuff)_.*\.json$/.test(f));

  it('every instances and stuff file reads; write -> read returns the same records', async () => {
    expect(files().length).toBe(4);
    for (const f of files()) {
      for (const chunkSize of [1, 5, 4096]) {
        const ds = await readCoco(bytesSource(readFileSync(`${dir}/${f}`), f, { chunkSize }));
        const recs = await collect(ds);
        expect(recs.length).toBe(1);
        const { bytes } = await write(datasetOf(ds.header, recs), { areaBbox: 'keep' });
        const back = await readCoco(bytesSource(bytes, f, { chunkSize }));
        expect(back.header).toEqual(ds.header);
        expect(await collect(back)).toEqual(recs);
      }
    }
  });

  it('keeps the edge cases: empty segmentation, uncompressed RLE crowd, extra attributes, sparse category ids', async () => {
    const read = async (f: string) => collect(await readCoco(bytesSource(readFileSync(`${dir}/${f}`), f)));
    const [train] = await read('instances_train.json');
    expect(train.annotations[0]).toEqual({ id: 1, categoryId: 2, iscrowd: false, segmentation: [], bbox: [2, 2, 3, 1], area: 3 });
    const [val] = await read('instances_val.json');
    expect(val.annotations[0].attributes).toEqual({ attributes: { x: 1, y: 'hello' } });
    expect(val.annotations[1].iscrowd).toBe(true);
    expect(val.annotations[1].segmentation).toEqual({ height: 10, width: 5, counts: Uint32Array.of(0, 20, 30) });
    const ds = await readCoco(bytesSource(readFileSync(`${dir}/instances_val.json`), 'instances_val.json'));
    expect(ds.header.categories.map((c) => c.id)).toEqual([1, 2, 4]);
    expect(val.image.attributes).toEqual({ license: 0, flickr_url: '', coco_url: '', date_captured: 0 });
    // recomputed by COCO's rule: the crowd region is 2 columns x 10 rows, not the stored [0, 0, 1, 9]
    const { bytes, summary } = await write(datasetOf(ds.header, [val]));
    expect(summary.recomputed).toBe(1);
    expect(JSON.parse(new TextDecoder().decode(bytes)).annotations[1].bbox).toEqual([0, 0, 2, 10]);
  });
});
