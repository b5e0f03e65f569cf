// COCO RLE cases: polygon -> RLE, encode, decode, merge and IoU.
// Reference figures are pycocotools' C (maskApi, via its Python API) on this machine, as stated in
// the RLE issue; pycocotools itself cannot be installed here (PyPI is not reachable).
import { createHash } from 'node:crypto';
import * as segkit from 'segkit';
import type { Rle } from 'segkit';
import * as plain from '../peers/plain-rle';
import * as direct from '../peers/segkit-kernel';
import { nullBaseline } from '../peers/null-baseline';
import { blobMask, polygons } from '../workloads/shapes';
import type { Case } from './types';

const sha = (parts: ArrayLike<number>[]) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(new Uint8Array(Uint32Array.from(p).buffer));
  return h.digest('hex');
};
const countsOf = (rles: { counts: Uint32Array }[]) => sha(rles.map((r) => r.counts));

const W = 640, H = 480;
const polys = () => polygons(1, 20_000, W, H, 8, 64, 10, 400);

export const polyToRle: Case<number[][]> = {
  name: 'rle-poly',
  title: '20,000 polygons (8-64 vertices, radii 10-400 px) -> COCO RLE in 640x480',
  unit: 'per polygon',
  perCall: 20_000,
  setup: polys,
  reference: { name: 'pycocotools (C)', ms: 0.023, source: 'frPyObjects per polygon, stated in issue #2' },
  impls: [
    {
      name: 'segkit',
      includes: 'validation, copy in, kernel, copy out of counts (one call per polygon)',
      run: (ps: number[][]) => ps.map((p) => segkit.rleFromPolygons([p], H, W)),
      canonical: (out: Rle[]) => countsOf(out),
    },
    {
      name: 'plain-js',
      includes: 'dense boundary walk, sort, runs (one call per polygon)',
      run: (ps: number[][]) => ps.map((p) => plain.frPoly(p, H, W)),
      canonical: (out: plain.PlainRle[]) => countsOf(out),
    },
  ],
};

const blob = () => blobMask(7, 1024, 1024, 60);

export const encode: Case = {
  name: 'rle-encode',
  title: 'encode a 1024x1024 blob mask with holes (row-major 0/1) to COCO RLE',
  unit: 'per mask',
  setup: blob,
  reference: { name: 'pycocotools (C)', ms: 0.36, source: 'encode of a Fortran-order 1024x1024 mask, stated in issue #2' },
  impls: [
    {
      name: 'segkit',
      includes: 'copy in, row-difference scan in wasm, copy out of counts',
      run: (m) => segkit.rleEncode(m),
      canonical: (r: Rle) => countsOf([r]),
    },
    {
      name: 'segkit kernel',
      includes: 'the kernel call alone (rleEncode), mask already in wasm memory, counts left there',
      prepare: (m: segkit.Mask) => direct.loadMask(m),
      run: (L: direct.LoadedMask) => direct.encode(L),
      canonical: (L: direct.LoadedMask) => countsOf([{ counts: direct.readCounts(L) }]),
    },
    {
      name: 'plain-js',
      includes: 'column-major walk over the row-major mask',
      run: (m) => plain.encode(m),
      canonical: (r: plain.PlainRle) => countsOf([r]),
    },
    nullBaseline<segkit.Mask>('copy in of the mask only (the counts are small beside it)', (m) => m.data),
  ],
};

export const decode: Case = {
  name: 'rle-decode',
  title: 'decode COCO RLE of a 1024x1024 blob mask with holes to a row-major mask',
  unit: 'per mask',
  setup: () => segkit.rleEncode(blob()),
  reference: { name: 'pycocotools (C)', ms: 0.349, source: 'decode to a 1024x1024 array, stated in issue #2' },
  impls: [
    {
      name: 'segkit',
      includes: 'copy in of counts, boundary scatter + row prefix-XOR in wasm, copy out',
      run: (r: Rle) => segkit.rleDecode(r),
      canonical: (m: segkit.Mask) => sha([m.data]),
    },
    {
      name: 'segkit kernel',
      includes: 'the kernel call alone (rleDecode), counts already in wasm memory, mask left there',
      prepare: (r: Rle) => direct.loadRle(r),
      run: (L: direct.LoadedRle) => direct.decode(L),
      canonical: (L: direct.LoadedRle) => sha([direct.readMask(L)]),
    },
    {
      name: 'plain-js',
      includes: 'runs written pixel by pixel into the row-major mask',
      prepare: (r: Rle) => ({ h: r.height, w: r.width, counts: r.counts }),
      run: (r: plain.PlainRle) => plain.decode(r),
      canonical: (m: segkit.Mask) => sha([m.data]),
    },
    nullBaseline<Rle>('copy in of the counts, copy out of a mask-sized array', (r) => r.counts, (r) => Math.ceil((r.width * r.height) / 4)),
  ],
};

// Five of the polygon case's shapes (8-64 vertices, radii 10-400), each as its own RLE.
const fivePolys = () => polys().slice(0, 5).map((p) => segkit.rleFromPolygons([p], H, W));

export const merge: Case<Rle[]> = {
  name: 'rle-merge',
  title: 'union of 5 polygon RLEs (the first five shapes of rle-poly, 640x480)',
  unit: 'per merge',
  setup: fivePolys,
  reference: { name: 'pycocotools (C)', ms: 0.009, source: 'merge of 5 RLEs, stated in issue #2' },
  impls: [
    {
      name: 'segkit',
      includes: 'validation, copy in, merge in wasm, copy out',
      run: (rs: Rle[]) => segkit.rleMerge(rs),
      canonical: (r: Rle) => countsOf([r]),
    },
    {
      name: 'plain-js',
      includes: 'pairwise two-pointer merge',
      prepare: (rs: Rle[]) => rs.map((r) => ({ h: r.height, w: r.width, counts: r.counts })),
      run: (rs: plain.PlainRle[]) => plain.merge(rs),
      canonical: (r: plain.PlainRle) => countsOf([r]),
    },
  ],
};

const iouSet = () => {
  const rle = (seed: number) => polygons(seed, 1000, W, H, 8, 32, 8, 40).map((p) => segkit.rleFromPolygons([p], H, W));
  return { dt: rle(11), gt: rle(12), crowd: new Uint8Array(1000) };
};

export const iou: Case<ReturnType<typeof iouSet>> = {
  name: 'rle-iou',
  title: 'IoU of 1000 x 1000 polygon RLEs (640x480, radii 8-40 px: most boxes disjoint)',
  unit: 'per pair',
  perCall: 1_000_000,
  setup: iouSet,
  reference: { name: 'pycocotools (C)', ms: 0.00036, source: 'iou of 1000x1000 RLEs, stated in issue #2' },
  impls: [
    {
      name: 'segkit',
      includes: 'validation, copy in of all counts, boxes + IoU in wasm, non-zero IoUs into a fresh matrix',
      run: (s) => segkit.rleIou(s.dt, s.gt, s.crowd),
      canonical: (o: Float64Array) => createHash('sha1').update(new Uint8Array(o.buffer)).digest('hex'),
    },
    {
      name: 'plain-js',
      includes: 'boxes, box gate, two-pointer intersection',
      prepare: (s) => ({ dt: s.dt.map((r: Rle) => ({ h: r.height, w: r.width, counts: r.counts })), gt: s.gt.map((r: Rle) => ({ h: r.height, w: r.width, counts: r.counts })), crowd: s.crowd }),
      run: (s: { dt: plain.PlainRle[]; gt: plain.PlainRle[]; crowd: Uint8Array }) => plain.iou(s.dt, s.gt, s.crowd),
      canonical: (o: Float64Array) => createHash('sha1').update(new Uint8Array(o.buffer)).digest('hex'),
    },
  ],
};

export const rleCases = [polyToRle, encode, decode, merge, iou];
