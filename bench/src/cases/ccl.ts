// Connected-components cases (YACCLAB's methodology): 4096x4096 random images over densities and
// granularities, 1024x2048 blob masks with holes, 1024x2048 label maps with 20 classes. Every
// implementation's labelling is renumbered to raster order of first pixels and compared, with its
// areas and boxes, before anything is timed. The null baseline only copies the image in and the
// labels out: the floor under any API that returns a fresh label array.
// Native OpenCV 4.6 (C++, single thread, 8-connectivity, no statistics) figures are the issue's
// (#4), measured on this machine: 100 / 30 / 18 ms at density 0.5, granularity 1 / 4 / 16.
import { createHash } from 'node:crypto';
import * as segkit from 'segkit';
import type { Components, LabelMap, Mask } from 'segkit';
import { fromMask, Mask as IjsMask } from 'image-js';
import { loadCv, type Cv } from '../peers/opencv';
import * as plain from '../peers/plain-ccl';
import * as direct from '../peers/segkit-kernel';
import { nullBaseline } from '../peers/null-baseline';
import { int32s, nativeName, nativeUnavailable, runNative } from '../peers/native';
import { blobs1024x2048, labelMap, randomImage } from '../workloads/images';
import { notRun, type Case, type Impl } from './types';

/** A labelling as every implementation is reduced to: raster-order labels, areas, boxes. */
interface Canon {
  labels: Int32Array;
  area: ArrayLike<number>;
  bbox: ArrayLike<number>;
}

const digest = (c: Canon) => {
  const h = createHash('sha1');
  h.update(new Uint8Array(c.labels.buffer, c.labels.byteOffset, c.labels.byteLength));
  h.update(new Uint8Array(Uint32Array.from(c.area).buffer));
  h.update(new Uint8Array(Int32Array.from(c.bbox).buffer));
  return h.digest('hex');
};

/**
 * Renumbers labels (values <= 0 are background) to raster order of first pixels and reorders the
 * per-label areas and boxes with them; areaOf(l) and bboxOf(l) read the implementation's own.
 */
function toRaster(labels: Int32Array, areaOf: (l: number) => number, bboxOf: (l: number) => ArrayLike<number>): Canon {
  const ids = new Map<number, number>();
  const out = new Int32Array(labels.length);
  const area: number[] = [];
  const bbox: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l <= 0) continue;
    let k = ids.get(l);
    if (k === undefined) {
      k = ids.size + 1;
      ids.set(l, k);
      area.push(areaOf(l));
      bbox.push(...Array.from(bboxOf(l)));
    }
    out[i] = k;
  }
  return { labels: out, area, bbox };
}

const segkitImpl = (connectivity: 4 | 8): Impl<LabelMap> => ({
  name: 'segkit',
  includes: 'validation, copy in, labelling + statistics in wasm, copy out of labels and statistics',
  run: (m) => segkit.labelComponents(m, { connectivity }),
  canonical: (c: Components) => digest(c),
});

const kernelImpl = (connectivity: 4 | 8): Impl<LabelMap> => ({
  name: 'segkit kernel',
  includes: 'the kernel call alone (labels + statistics), input already in wasm memory, results left there',
  prepare: (m) => direct.load(m),
  run: (L: direct.Loaded) => direct.label(L, connectivity),
  canonical: (L: direct.Loaded) => digest(direct.read(L)),
});

const plainImpl = (connectivity: 4 | 8): Impl<LabelMap> => ({
  name: 'plain-js',
  includes: 'pixel two-pass with union-find and the same statistics (typed arrays)',
  run: (m) => plain.label(m, connectivity),
  canonical: (c: plain.PlainComponents) => digest(c),
});

/** The copy floor: the input copied into WebAssembly memory, a fresh Int32Array of labels out. */
const nullImpl = nullBaseline<LabelMap>('copy in + copy out of an Int32Array label image only (no labelling)', (m) => m.data, (m) => m.width * m.height);

// opencv.js: connectedComponentsWithStats (CCL_DEFAULT: Spaghetti for 8-connectivity, SAUF for 4)
// on a uint8 image, non-zero = foreground. Its label numbering is its own (2x2-block order), so
// it is renumbered for the gate. Output Mats of the call-only variant are shared across cases.
interface CvOut {
  labels: Int32Array;
  stats: Int32Array; // n x 5: left, top, width, height, area; row 0 = background
}
const cvCanon = (o: CvOut) =>
  digest(toRaster(o.labels, (l) => o.stats[5 * l + 4], (l) => o.stats.subarray(5 * l, 5 * l + 4)));

let shared: { src: Cv; labels: Cv; stats: Cv; cents: Cv } | undefined;

const cvImpls = (connectivity: 4 | 8): Impl<Mask>[] => [
  {
    name: 'opencv.js',
    includes: 'copy in (matFromArray), connectedComponentsWithStats, copy out of labels, stats, centroids',
    note: 'labels numbered in OpenCV\'s own order (renumbered to raster order for the check)',
    prepare: async (m) => ({ cv: await loadCv(), m }),
    run: ({ cv, m }: { cv: Cv; m: Mask }): CvOut => {
      const src = cv.matFromArray(m.height, m.width, cv.CV_8UC1, m.data);
      const labels = new cv.Mat(), stats = new cv.Mat(), cents = new cv.Mat();
      cv.connectedComponentsWithStats(src, labels, stats, cents, connectivity, cv.CV_32S);
      const out = { labels: labels.data32S.slice(), stats: stats.data32S.slice(), centroids: cents.data64F.slice() };
      src.delete(); labels.delete(); stats.delete(); cents.delete();
      return out;
    },
    canonical: cvCanon,
  },
  {
    name: 'opencv.js (call only)',
    includes: 'connectedComponentsWithStats alone: input Mat ready, output Mats reused, results left in its heap',
    note: 'labels numbered in OpenCV\'s own order (renumbered to raster order for the check)',
    prepare: async (m) => {
      const cv = await loadCv();
      if (shared) for (const mat of Object.values(shared)) mat.delete();
      shared = { src: cv.matFromArray(m.height, m.width, cv.CV_8UC1, m.data), labels: new cv.Mat(), stats: new cv.Mat(), cents: new cv.Mat() };
      return { cv, mats: shared };
    },
    run: ({ cv, mats }: { cv: Cv; mats: NonNullable<typeof shared> }) => {
      cv.connectedComponentsWithStats(mats.src, mats.labels, mats.stats, mats.cents, connectivity, cv.CV_32S);
      return mats;
    },
    canonical: (mats: NonNullable<typeof shared>) => cvCanon({ labels: mats.labels.data32S, stats: mats.stats.data32S }),
  },
];

/**
 * Native OpenCV (python3-opencv): connectedComponentsWithStats on the same bytes, in one thread
 * and in OpenCV's default thread count (its parallel labelling); per class for label maps.
 */
const nativeImpl = (threads: 0 | 1, connectivity: 4 | 8, classes = 0): Impl<LabelMap> => ({
  name: nativeName(threads),
  includes: classes
    ? 'per class: inRange, connectedComponentsWithStats, labels added under the class mask into one image (numpy arrays in, no copies)'
    : 'connectedComponentsWithStats (CV_32S) on the numpy array: no copies in or out',
  note: 'labels numbered in OpenCV\'s own order (renumbered to raster order for the check)',
  unavailable: nativeUnavailable,
  run: () => undefined,
  canonical: cvCanon,
  external: (m, opts) => {
    const r = runNative('ccl', { h: m.height, w: m.width, classes, connectivity }, { input: m.data }, opts, threads);
    const all = int32s(r.out), n = m.width * m.height;
    return { output: { labels: all.subarray(0, n), stats: all.subarray(n) }, timing: r.timing };
  },
});

/** image-js 1.x fromMask (breadth-first fill) with its ROI statistics (surface and box). */
const imageJsImpl = (connectivity: 4 | 8): Impl<Mask> => ({
  name: 'image-js',
  includes: 'fromMask (labels foreground and background regions) + getRois (surface, box)',
  note: 'numbers regions column by column and labels background regions too (negative ids, ignored for the check)',
  prepare: (m) => new IjsMask(m.width, m.height, { data: m.data }),
  run: (mask: IjsMask) => {
    const manager = fromMask(mask, { allowCorners: connectivity === 8 });
    return { map: manager.getMap().data as Int32Array, rois: manager.getRois({ kind: 'white' }) };
  },
  canonical: ({ map, rois }: { map: Int32Array; rois: { id: number; surface: number; origin: { row: number; column: number }; width: number; height: number }[] }) => {
    const byId = new Map(rois.map((r) => [r.id, r]));
    return digest(toRaster(map, (l) => byId.get(l)!.surface, (l) => {
      const r = byId.get(l)!;
      return [r.origin.column, r.origin.row, r.width, r.height];
    }));
  },
});

/** image-js on 4-connected noise: millions of foreground and background ROI objects, over 20 GB. */
const imageJsTooBig = notRun('image-js', 'not run: fromMask makes an ROI object per foreground and background region (millions on 4-connected noise; the process outgrew 24 GB)');

const binaryImpls = (connectivity: 4 | 8, imageJs = true): Impl[] => [
  segkitImpl(connectivity), kernelImpl(connectivity), ...cvImpls(connectivity), nativeImpl(1, connectivity), nativeImpl(0, connectivity),
  imageJs ? imageJsImpl(connectivity) : imageJsTooBig, plainImpl(connectivity), nullImpl,
];

const NATIVE_MS: Record<number, number> = { 1: 100, 4: 30, 16: 18 };

const randomCases: Case<Mask>[] = [];
for (const d of [0.1, 0.3, 0.5, 0.7, 0.9]) {
  for (const g of [1, 4, 16]) {
    randomCases.push({
      name: `ccl-random-d${d}-g${g}`,
      title: `4096x4096 random image, density ${d}, granularity ${g}, 8-connectivity, with statistics`,
      unit: 'per image',
      setup: () => randomImage(40 + g, 4096, 4096, d, g),
      samples: 7,
      impls: binaryImpls(8),
      reference: d === 0.5 ? { name: 'OpenCV 4.6 native (C++)', ms: NATIVE_MS[g], source: 'connectedComponents, 8-connectivity, no statistics, single thread; stated in issue #4' } : undefined,
    });
  }
}

const random4: Case<Mask> = {
  name: 'ccl-random-d0.5-g1-c4',
  title: '4096x4096 random image, density 0.5, granularity 1, 4-connectivity, with statistics',
  unit: 'per image',
  setup: () => randomImage(41, 4096, 4096, 0.5, 1),
  samples: 7,
  impls: binaryImpls(4, false),
};

const blobs: Case<Mask> = {
  name: 'ccl-blobs',
  title: '1024x2048 (h x w) blob mask with holes and islands, 8-connectivity, with statistics',
  unit: 'per image',
  setup: () => blobs1024x2048(),
  impls: binaryImpls(8),
};

const CLASSES = 20;

/** opencv.js on a label map: one connectedComponentsWithStats per class, merged into one label image. */
const cvPerClass: Impl<LabelMap> = {
  name: 'opencv.js per class',
  includes: 'copy in; per class: compare, connectedComponentsWithStats, labels offset and copied into one image under the class mask; copy out of labels and stats',
  note: 'OpenCV labels binary images only: the usual loop over classes',
  prepare: async (m) => {
    const cv = await loadCv();
    const values = Array.from({ length: CLASSES }, (_, c) => new cv.Mat(m.height, m.width, cv.CV_8UC1, new cv.Scalar(c + 1)));
    return { cv, m, values };
  },
  run: ({ cv, m, values }: { cv: Cv; m: LabelMap; values: Cv[] }): CvOut => {
    const src = cv.matFromArray(m.height, m.width, cv.CV_8UC1, m.data);
    const total = cv.Mat.zeros(m.height, m.width, cv.CV_32S);
    const mask = new cv.Mat(), labels = new cv.Mat(), stats = new cv.Mat(), cents = new cv.Mat(), shifted = new cv.Mat();
    const allStats: number[] = [0, 0, 0, 0, 0]; // row 0: background
    let offset = 0;
    for (let c = 0; c < CLASSES; c++) {
      cv.compare(src, values[c], mask, cv.CMP_EQ);
      const n = cv.connectedComponentsWithStats(mask, labels, stats, cents, 8, cv.CV_32S);
      labels.convertTo(shifted, cv.CV_32S, 1, offset);
      shifted.copyTo(total, mask);
      const s = stats.data32S;
      for (let k = 5; k < 5 * n; k++) allStats.push(s[k]);
      offset += n - 1;
    }
    const out = { labels: total.data32S.slice(), stats: Int32Array.from(allStats) };
    for (const mat of [src, total, mask, labels, stats, cents, shifted]) mat.delete();
    return out;
  },
  canonical: cvCanon,
};

const labelMaps: Case<LabelMap> = {
  name: 'ccl-labelmap',
  title: `1024x2048 (h x w) label map, ${CLASSES} classes over background 0, 8-connectivity, with statistics`,
  unit: 'per image',
  setup: () => labelMap(5, 2048, 1024, CLASSES),
  impls: [
    segkitImpl(8), kernelImpl(8), cvPerClass, nativeImpl(1, 8, CLASSES), nativeImpl(0, 8, CLASSES),
    notRun('image-js', 'image-js labels binary masks only (fromMask)'),
    plainImpl(8), nullImpl,
  ],
};

export const cclCases: Case[] = [...randomCases, random4, blobs, labelMaps];
