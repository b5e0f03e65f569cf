// Dataset cases: a panoptic id map split into one RLE per segment (what reading COCO panoptic,
// semantic or instance PNGs does per image), and instances painted into a semantic class map.
import { createHash } from 'node:crypto';
import * as segkit from 'segkit';
import type { ImageRecord, LabelMap, Rle } from 'segkit';
import * as plain from '../peers/plain-rle';
import { labelMap } from '../workloads/images';
import type { Case } from './types';

/** The 0/1 mask of one value of a label map. */
function maskOf(map: LabelMap, v: number): segkit.Mask {
  const d = map.data;
  const out = new Uint8Array(d.length);
  for (let p = 0; p < d.length; p++) out[p] = d[p] === v ? 1 : 0;
  return { width: map.width, height: map.height, data: out };
}

const sha = (parts: ArrayLike<number>[]) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(new Uint8Array(Uint32Array.from(p).buffer));
  return h.digest('hex');
};

/** A 2048x1024 panoptic id map: the label-map workload's blobs, each blob its own segment id. */
function panopticIds(): { map: LabelMap; values: number[] } {
  const classes = labelMap(11, 2048, 1024, 200, 200);
  const data = Int32Array.from(classes.data, (v) => (v === 0 ? 0 : 1000 + v * 7919));
  const values = [...new Set(data)].filter((v) => v !== 0).sort((a, b) => a - b);
  return { map: { width: 2048, height: 1024, data }, values };
}

export const idsToRles: Case<{ map: LabelMap; values: number[] }> = {
  name: 'dataset-ids-rle',
  title: '2048x1024 panoptic id map (~200 segments) -> one COCO RLE per segment',
  unit: 'per image',
  setup: panopticIds,
  impls: [
    {
      name: 'segkit',
      includes: 'labelMapToRles: one column-major pass for all values (JavaScript)',
      run: ({ map }) => segkit.labelMapToRles(map, { ignore: [0] }).rles,
      canonical: (out: Rle[]) => sha(out.map((r) => r.counts)),
    },
    {
      name: 'segkit per mask',
      includes: 'a 0/1 mask per segment (JavaScript), then rleEncode in wasm: panopticapi\'s way with segkit\'s encoder',
      run: ({ map, values }: { map: LabelMap; values: number[] }) => values.map((v) => segkit.rleEncode(maskOf(map, v))),
      canonical: (out: Rle[]) => sha(out.map((r) => r.counts)),
    },
    {
      name: 'plain-js',
      includes: 'a 0/1 mask per segment, then a column-major run scan (panopticapi\'s way, in JavaScript)',
      run: ({ map, values }: { map: LabelMap; values: number[] }) => values.map((v) => plain.encode(maskOf(map, v))),
      canonical: (out: plain.PlainRle[]) => sha(out.map((r) => r.counts)),
    },
  ],
};

/** 300 overlapping instance RLEs in a 1024x1024 image. */
function instances(): ImageRecord {
  const classes = labelMap(23, 1024, 1024, 30, 300);
  const { values, rles } = segkit.labelMapToRles(classes, { ignore: [0] });
  // shift each class's pixels a little so that instances overlap
  const annotations = rles.flatMap((rle, i) => {
    const mask = segkit.rleDecode(rle);
    const shifted = new Uint8Array(mask.data.length);
    const dx = (i * 37) % 9;
    for (let y = 0; y < 1024; y++) for (let x = dx; x < 1024; x++) shifted[y * 1024 + x] = mask.data[y * 1024 + x - dx];
    const r2 = segkit.rleEncode({ width: 1024, height: 1024, data: shifted });
    return [rle, r2].map((r, k) => ({ id: 2 * i + k + 1, categoryId: values[i], iscrowd: false, segmentation: r, ...segkit.measureRle(r) }));
  });
  return { image: { id: 1, fileName: 'a.jpg', width: 1024, height: 1024 }, annotations };
}

const paintPlain = (r: ImageRecord): Int32Array => {
  const out = new Int32Array(r.image.width * r.image.height).fill(-1);
  for (const a of r.annotations) {
    const m = plain.decode({ h: r.image.height, w: r.image.width, counts: (a.segmentation as Rle).counts });
    for (let p = 0; p < m.data.length; p++) if (m.data[p]) out[p] = a.categoryId;
  }
  return out;
};

export const toSemantic: Case<ImageRecord> = {
  name: 'dataset-semantic',
  title: '60 overlapping instance RLEs in 1024x1024 -> one region per class, with the per-annotation report',
  unit: 'per image',
  setup: instances,
  impls: [
    {
      name: 'segkit',
      includes: 'instancesToSemantic: owner map, per-class RLEs, fidelity report',
      run: (r) => segkit.instancesToSemantic(r),
      canonical: (out: segkit.Converted) => sha(out.record.annotations.map((a) => (a.segmentation as Rle).counts)),
    },
    {
      name: 'plain-js',
      includes: 'decode each RLE and paint its class, then one RLE per class (no report)',
      run: (r) => {
        const map = paintPlain(r);
        const values = [...new Set(map)].filter((v) => v >= 0).sort((a, b) => a - b);
        return values.map((v) => plain.encode(maskOf({ width: r.image.width, height: r.image.height, data: map }, v)));
      },
      canonical: (out: plain.PlainRle[]) => sha(out.map((r) => r.counts)),
    },
  ],
};

export const datasetCases: Case[] = [idsToRles, toSemantic];
