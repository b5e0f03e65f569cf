// Generated datasets for the format and conversion tests (fast-check arbitraries, fixed seeds in
// the tests), and helpers to compare and collect records.
import fc from 'fast-check';
import { rleEncode, rleFromPolygons, rleArea, rleBbox } from '../src/index';
import type { Annotation, Category, Dataset, ImageRecord, Rle } from '../src/index';

export const seed = 20261124;
export const runs = (numRuns: number) => ({ seed, numRuns });

/** Collects every record of a dataset. */
export async function collect(ds: Dataset | AsyncIterable<ImageRecord>): Promise<ImageRecord[]> {
  const out: ImageRecord[] = [];
  for await (const r of 'records' in ds ? ds.records : ds) out.push(r);
  return out;
}

/** Records without the reader's bookkeeping (files, warnings), for comparisons. */
export const bare = (records: ImageRecord[]) => records.map(({ image, annotations }) => ({ image, annotations }));

/** A dataset over records in memory. */
export function datasetOf(header: Dataset['header'], records: ImageRecord[]): Dataset {
  return { header, records: { async *[Symbol.asyncIterator]() { yield* records; } } };
}

/** A random mask as an RLE (density from sparse to full, blobs by thresholding noise). */
export const rleArb = (h: number, w: number): fc.Arbitrary<Rle> =>
  fc.tuple(fc.uint8Array({ minLength: h * w, maxLength: h * w }), fc.integer({ min: 0, max: 256 })).map(([bytes, t]) =>
    rleEncode({ width: w, height: h, data: bytes.map((b) => (b < t ? 1 : 0)) }),
  );

/** Random COCO polygons in and around a w x h image (1 to 3 parts, 3 to 8 vertices). */
export const polygonsArb = (h: number, w: number): fc.Arbitrary<number[][]> =>
  fc.array(
    fc.array(fc.tuple(fc.integer({ min: -20, max: w * 10 + 20 }), fc.integer({ min: -20, max: h * 10 + 20 })).map(([x, y]) => [x / 10, y / 10]), { minLength: 3, maxLength: 8 }).map((pts) => pts.flat()),
    { minLength: 1, maxLength: 3 },
  );

/** JSON-safe attribute values. */
const attrArb = fc.dictionary(fc.constantFrom('note', 'z_order', 'occluded', 'attributes', 'source'), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.record({ x: fc.integer(), y: fc.string({ maxLength: 4 }) })), { maxKeys: 3 });

/** Sparse category ids (e.g. 1, 2, 4, 90) with names; some stuff. */
export const categoriesArb: fc.Arbitrary<Category[]> = fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 6 }).map((ids) =>
  ids.sort((a, b) => a - b).map((id, i) => ({ id, name: `class ${id}`, supercategory: i % 2 ? 'thing' : '', isthing: i % 3 !== 2 })),
);

export interface GenOptions {
  /** Only RLE segmentations (pixel formats); default: polygons, RLE and empty. */
  rleOnly?: boolean;
  maxSide?: number;
  maxAnnotations?: number;
}

/** A random instance dataset: header + records; ids unique across the dataset. */
export function instancesArb(options: GenOptions = {}): fc.Arbitrary<{ header: Dataset['header']; records: ImageRecord[] }> {
  const side = options.maxSide ?? 16;
  return categoriesArb.chain((categories) => {
    const imageArb = fc.record({ w: fc.integer({ min: 1, max: side }), h: fc.integer({ min: 1, max: side }) }).chain(({ w, h }) => {
      const segArb = options.rleOnly
        ? rleArb(h, w)
        : fc.oneof({ weight: 3, arbitrary: polygonsArb(h, w) }, { weight: 3, arbitrary: rleArb(h, w) }, { weight: 1, arbitrary: fc.constant([] as number[][]) });
      const annArb = fc.record({
        seg: segArb,
        cat: fc.constantFrom(...categories.map((c) => c.id)),
        crowd: fc.boolean(),
        attrs: fc.option(attrArb, { nil: undefined }),
        score: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        box: fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })),
      });
      return fc.record({ w: fc.constant(w), h: fc.constant(h), anns: fc.array(annArb, { maxLength: options.maxAnnotations ?? 5 }), name: fc.string({ minLength: 1, maxLength: 6 }), attrs: fc.option(attrArb, { nil: undefined }) });
    });
    return fc.record({ categories: fc.constant(categories), images: fc.array(imageArb, { minLength: 0, maxLength: 5 }) });
  }).map(({ categories, images }) => {
    let annId = 1;
    const records: ImageRecord[] = images.map((im, i) => {
      const annotations: Annotation[] = im.anns.map((a) => {
        const seg = a.seg;
        const isBox = Array.isArray(seg) && seg.length === 0;
        const rle = Array.isArray(seg) ? rleFromPolygons(seg.length ? seg : [[0, 0, 0, 0]], im.h, im.w) : seg;
        const ann: Annotation = {
          id: annId++,
          categoryId: a.cat,
          iscrowd: a.crowd,
          segmentation: seg,
          bbox: isBox ? a.box : rleBbox(rle),
          area: isBox ? a.box[2] * a.box[3] : rleArea(rle),
        };
        if (a.score !== undefined) ann.score = a.score;
        if (a.attrs && Object.keys(a.attrs).length) ann.attributes = a.attrs;
        return ann;
      });
      const image = { id: i * 7 + 3, fileName: `${im.name.replace(/[^a-z0-9]/gi, 'x')}_${i}.jpg`, width: im.w, height: im.h } as ImageRecord['image'];
      if (im.attrs && Object.keys(im.attrs).length) image.attributes = im.attrs;
      return { image, annotations };
    });
    return { header: { kind: 'instances' as const, categories, info: { description: 'generated' }, licenses: [] }, records };
  });
}

/** A random non-overlapping (panoptic-like) record set: label maps split into segments. */
export function segmentsArb(options: { maxSide?: number; maxValue?: number } = {}): fc.Arbitrary<{ header: Dataset['header']; records: ImageRecord[] }> {
  const side = options.maxSide ?? 16;
  return categoriesArb.chain((categories) =>
    fc.record({
      categories: fc.constant(categories),
      images: fc.array(
        fc.record({ w: fc.integer({ min: 1, max: side }), h: fc.integer({ min: 1, max: side }) }).chain(({ w, h }) =>
          fc.record({ w: fc.constant(w), h: fc.constant(h), px: fc.array(fc.integer({ min: 0, max: options.maxValue ?? 5 }), { minLength: w * h, maxLength: w * h }), crowd: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }) }),
        ),
        { maxLength: 4 },
      ),
    }),
  ).map(({ categories, images }) => {
    const records: ImageRecord[] = images.map((im, i) => {
      const annotations: Annotation[] = [];
      const values = [...new Set(im.px)].filter((v) => v > 0).sort((a, b) => a - b);
      for (const v of values) {
        const rle = rleEncode({ width: im.w, height: im.h, data: Uint8Array.from(im.px, (p) => (p === v ? 1 : 0)) });
        const cat = categories[v % categories.length];
        annotations.push({ id: v, categoryId: cat.id, iscrowd: cat.isthing !== false && im.crowd[v % 8], segmentation: rle, bbox: rleBbox(rle), area: rleArea(rle) });
      }
      return { image: { id: i + 1, fileName: `img${i + 1}.jpg`, width: im.w, height: im.h }, annotations };
    });
    return { header: { kind: 'panoptic' as const, categories }, records };
  });
}
