// Contour tracing: OpenCV's findContours(RETR_CCOMP, CHAIN_APPROX_SIMPLE) semantics on binary masks
// and on every class of a label map.
//
// The gate compares contours as OpenCV defines them, order aside: each contour's vertex cycle
// (rotated to its least rotation, orientation kept) paired with its parent's, as a multiset
// (tokens y * 65536 + x: images up to 65536 wide).
// d3-contour is marching squares, not border following: its rings pass through pixel-edge
// midpoints (corners cut), and foreground pixels that touch only at a corner are separate parts
// while background that touches only at a corner is joined (fixed saddle cases), the opposite of
// OpenCV's 8/4 connectivity. Its output is checked for what it does promise: the rings, filled
// even-odd, contain exactly the foreground pixel centres.
import { createHash } from 'node:crypto';
import { contours as d3contours } from 'd3-contour';
import * as segkit from 'segkit';
import type { ComponentContours, Contours, LabelMap, Mask } from 'segkit';
import { loadCv, type Cv } from '../peers/opencv';
import { traceCcompSimple } from '../peers/plain-contour';
import * as direct from '../peers/segkit-kernel';
import { nullBaseline } from '../peers/null-baseline';
import { int32s, nativeName, nativeUnavailable, runNative } from '../peers/native';
import { blobs1024x2048, labelMap, randomImage } from '../workloads/images';
import type { Case, Impl } from './types';

/** Index of the least rotation of t[a..b) (Booth's algorithm). */
function leastRotation(t: Int32Array, a: number, b: number): number {
  const n = b - a;
  const s = (i: number) => t[a + (i % n)];
  const f = new Int32Array(2 * n).fill(-1);
  let k = 0;
  for (let j = 1; j < 2 * n; j++) {
    const sj = s(j);
    let i = f[j - k - 1];
    while (i !== -1 && sj !== s(k + i + 1)) {
      if (sj < s(k + i + 1)) k = j - i - 1;
      i = f[i];
    }
    if (sj !== s(k + i + 1)) {
      if (sj < s(k)) k = j;
      f[j - k] = -1;
    } else f[j - k] = i + 1;
  }
  return k % n;
}

/**
 * Order-free fingerprint of contours: the multiset of (least rotation, parent's least rotation,
 * tag), the tag one number for all of c's contours or one per contour.
 */
function fingerprint(parts: { c: Contours; tag: number | Int32Array }[]): string {
  const keys: number[] = [];
  for (const { c, tag: tags } of parts) {
    const tok = new Int32Array(c.points.length / 2);
    for (let i = 0; i < tok.length; i++) tok[i] = c.points[2 * i + 1] * 65536 + c.points[2 * i];
    const hs = new Float64Array(c.count);
    for (let i = 0; i < c.count; i++) {
      const a = c.offsets[i], b = c.offsets[i + 1], n = b - a;
      const r = leastRotation(tok, a, b);
      const tag = typeof tags === 'number' ? tags : tags[i];
      let h1 = 0x811c9dc5 ^ tag, h2 = 0x9e3779b9 + n;
      for (let j = 0; j < n; j++) {
        const v = tok[a + ((r + j) % n)];
        h1 = Math.imul(h1 ^ v, 0x01000193);
        h2 = Math.imul(h2 ^ (v + j), 0x5bd1e995) ^ (h2 >>> 13);
      }
      hs[i] = (h1 >>> 0) * 2 ** 20 + ((h2 >>> 0) & 0xfffff);
    }
    for (let i = 0; i < c.count; i++) {
      const p = c.hierarchy[4 * i + 3];
      keys.push((hs[i] + (p < 0 ? 0 : hs[p] * 31)) % 2 ** 52);
    }
  }
  keys.sort((a, b) => a - b);
  return createHash('sha1').update(new Uint8Array(Float64Array.from(keys).buffer)).digest('hex');
}

const canonical = (c: Contours) => `${c.count}:${fingerprint([{ c, tag: 0 }])}`;

/** findContours through opencv.js, read back into segkit's flat layout (as a caller must). */
function cvTrace(cv: Cv, src: unknown): Contours {
  const cs = new cv.MatVector(), hier = new cv.Mat();
  cv.findContours(src, cs, hier, cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE);
  const count = cs.size();
  const chunks: Int32Array[] = [];
  const offsets = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) {
    const m = cs.get(i);
    chunks.push(m.data32S.slice());
    m.delete();
    offsets[i + 1] = offsets[i] + chunks[i].length / 2;
  }
  const points = new Int32Array(2 * offsets[count]);
  chunks.forEach((ch, i) => points.set(ch, 2 * offsets[i]));
  const hierarchy = count ? hier.data32S.slice() : new Int32Array(0);
  cs.delete();
  hier.delete();
  return { count, points, offsets, hierarchy };
}

/** Even-odd fill of d3 rings at pixel centres (x + 0.5, y + 0.5): the pixels d3 says are inside. */
function d3Raster(mp: { coordinates: number[][][][] }, w: number, h: number): Uint8Array {
  const rows: number[][] = Array.from({ length: h }, () => []);
  for (const poly of mp.coordinates) for (const ring of poly) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i], [x1, y1] = ring[i + 1];
      const lo = Math.min(y0, y1), hi = Math.max(y0, y1);
      for (let y = Math.max(0, Math.ceil(lo - 0.5)); y < h && y + 0.5 < hi; y++) {
        if (y + 0.5 < lo) continue;
        rows[y].push(x0 + ((y + 0.5 - y0) * (x1 - x0)) / (y1 - y0));
      }
    }
  }
  const out = new Uint8Array(w * h);
  rows.forEach((xs, y) => {
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      for (let x = Math.max(0, Math.ceil(xs[k] - 0.5)); x < w && x + 0.5 < xs[k + 1]; x++) out[y * w + x] = 1;
    }
  });
  return out;
}

const d3Note = 'marching squares: rings through pixel-edge midpoints, corner-touching foreground apart and background joined; checked to enclose exactly the foreground pixel centres';

function differs(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if ((a[i] !== 0) !== (b[i] !== 0)) n++;
  return n;
}

/**
 * Native OpenCV (python3-opencv, one thread: findContours has no parallel path) on the case's
 * workload, with --native; without it, the figure an earlier --native run measured on this
 * machine (`earlier`, ms) is shown as a reference row. `oneCall`: too slow for samples.
 */
function nativeReference(c: Case, earlier: number | { oneCall: number }): void {
  if (typeof earlier === 'object') {
    c.reference = { name: 'OpenCV 4.6.0 native, 1 thread, one call', ms: earlier.oneCall, source: 'python3-opencv 4.6.0 (Debian): one findContours call on this image, measured once on this machine (samples would take an hour)' };
  } else if (nativeUnavailable()) {
    c.reference = { name: 'OpenCV 4.6.0 native, 1 thread', ms: earlier, source: 'python3-opencv 4.6.0 (Debian), an earlier run on this machine (`pnpm bench --native` measures it in the run)' };
  }
}

/** Contours as opencv.py writes them: per part count, offsets, hierarchy, points (int32). */
function readNative(b: Buffer, parts: number): Contours[] {
  const v = int32s(b);
  const out: Contours[] = [];
  let at = 0;
  for (let k = 0; k < parts; k++) {
    const count = v[at++];
    const offsets = Uint32Array.from(v.subarray(at, at + count + 1));
    at += count + 1;
    const hierarchy = v.slice(at, at + 4 * count);
    at += 4 * count;
    const points = v.slice(at, at + 2 * offsets[count]);
    at += 2 * offsets[count];
    out.push({ count, offsets, hierarchy, points });
  }
  return out;
}

const nativeIncludes = 'findContours(RETR_CCOMP, CHAIN_APPROX_SIMPLE) on the numpy array, contours left as numpy arrays; one thread (no parallel path)';

/** Why a peer is not timed on a case, if it is not. */
interface Skip { opencv?: string; d3?: string; native?: string }

const D3_QUADRATIC = 'not run: d3-contour assigns every hole to a polygon by testing it against each polygon in turn (quadratic); a 2048x2048 noise image did not finish in 10 minutes';

/** The four implementations on one binary mask. */
function maskImpls(skip: Skip = {}): Impl<Mask>[] {
  let cv: Cv;
  return [
    {
      name: 'segkit',
      includes: 'validation, copy in, border following in wasm, copy out of points, offsets, hierarchy',
      run: (m: Mask) => segkit.traceContours(m, { mode: 'ccomp', approx: 'simple' }),
      canonical,
    },
    {
      name: 'segkit kernel',
      includes: 'the kernel call alone (contourTrace), mask already in wasm memory, contours left there',
      prepare: (m: Mask) => direct.loadMask(m),
      run: (L: direct.LoadedMask) => direct.trace(L),
      canonical: (L: direct.LoadedMask) => canonical(direct.readContours(L)),
    },
    {
      name: 'opencv.js',
      includes: 'matFromArray copy in, findContours, each contour Mat read into flat arrays, deletes',
      unavailable: async () => skip.opencv ?? ((cv = await loadCv()), undefined),
      run: (m: Mask) => {
        const src = cv.matFromArray(m.height, m.width, cv.CV_8UC1, m.data);
        const c = cvTrace(cv, src);
        src.delete();
        return c;
      },
      canonical,
    },
    {
      name: nativeName(1),
      includes: nativeIncludes,
      unavailable: () => skip.native ?? nativeUnavailable(),
      run: () => undefined,
      canonical,
      external: (m: Mask, opts) => {
        const r = runNative('contours', { h: m.height, w: m.width, classes: 0 }, { input: m.data }, opts, 1);
        return { output: readNative(r.out, 1)[0], timing: r.timing };
      },
    },
    {
      name: 'plain-js',
      includes: "Suzuki & Abe as the paper writes it (Int32Array picture of border numbers)",
      run: (m: Mask) => traceCcompSimple(m),
      canonical,
    },
    {
      name: 'd3-contour',
      includes: 'contours().thresholds([0.5]) on the 0/1 bytes, GeoJSON MultiPolygon out',
      note: d3Note,
      unavailable: () => skip.d3,
      prepare: (m: Mask) => ({ m, gen: d3contours().size([m.width, m.height]).thresholds([0.5]) }),
      run: ({ m, gen }: { m: Mask; gen: ReturnType<typeof d3contours> }) => ({ m, out: gen(m.data as unknown as number[]) }),
      canonical: () => '',
      agrees: ({ m, out }: { m: Mask; out: ReturnType<ReturnType<typeof d3contours>> }) => {
        const n = differs(d3Raster(out[0], m.width, m.height), m.data);
        return n ? `${n} pixel centres on the wrong side of d3's rings` : undefined;
      },
    },
    nullBaseline<Mask>('copy in of the mask only (contours are small beside it)', (m) => m.data),
  ];
}

function maskCase(name: string, title: string, make: () => Mask, nativeMs: number | { oneCall: number }, skip?: Skip): Case<Mask> {
  const c: Case<Mask> = {
    name,
    title,
    unit: 'per image',
    setup: () => {
      nativeReference(c, nativeMs);
      return make();
    },
    impls: maskImpls(skip),
  };
  return c;
}

export const blobs = maskCase('contour-blobs', '1024x2048 blob mask with holes and islands: ccomp, simple', blobs1024x2048, 0.775);
export const random = maskCase('contour-random', '4096x4096 random image, density 0.5 in 4x4-pixel cells (72,734 contours): ccomp, simple',
  () => randomImage(4, 4096, 4096, 0.5, 4), 300.2, { d3: D3_QUADRATIC });
export const noise = maskCase('contour-noise', '4096x4096 random image, density 0.5 in 1-pixel cells (1,155,372 contours): ccomp, simple',
  () => randomImage(4, 4096, 4096, 0.5, 1), { oneCall: 283_091 },
  { native: 'not timed here: one findContours call takes 283 s (reference row)', opencv: 'not timed here: one call takes minutes (matFromArray + findContours, 4096x4096 noise: 0.95 s for 72,734 contours, 8.8 s for 289,352, 256 s for 1,155,372)', d3: D3_QUADRATIC });

/** Per-class contours of a label map: (class, contours) pairs. */
type PerClass = { value: number; c: Contours }[];
const CLASSES = 20;
function classMask(lm: LabelMap, v: number): Mask {
  const src = lm.data;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) data[i] = src[i] === v ? 1 : 0;
  return { width: lm.width, height: lm.height, data };
}
const perClassCanonical = (out: PerClass) => fingerprint(out.map(({ value, c }) => ({ c, tag: value })));

export const labelMaps: Case<LabelMap> = {
  name: 'contour-labels',
  title: `2048x1024 label map, ${CLASSES} classes (200 overlapping blobs): ccomp, simple contours of every class`,
  unit: 'per map',
  setup: () => {
    nativeReference(labelMaps, 62.4);
    return labelMap(6, 2048, 1024, CLASSES);
  },
  impls: (() => {
    let cv: Cv;
    const perClass = (fn: (m: Mask) => Contours) => (lm: LabelMap): PerClass =>
      Array.from({ length: CLASSES }, (_, k) => ({ value: k + 1, c: fn(classMask(lm, k + 1)) }));
    return [
      {
        name: 'segkit',
        includes: 'labelComponents (one scan, every class), traceContours on its labels (one scan), copies in and out',
        run: (lm: LabelMap) => segkit.traceContours(segkit.labelComponents(lm)),
        canonical: (c: ComponentContours) => fingerprint([{ c, tag: c.value }]),
      },
      {
        name: 'segkit, per class',
        includes: 'per class: mask by a JS loop, traceContours on it',
        run: perClass((m) => segkit.traceContours(m)),
        canonical: perClassCanonical,
      },
      {
        name: 'opencv.js',
        includes: 'matFromArray once; per class: inRange, findContours, read out',
        unavailable: async () => { cv = await loadCv(); return undefined; },
        prepare: (lm: LabelMap) => ({ lm, bounds: Array.from({ length: CLASSES }, (_, k) => new cv.Mat(lm.height, lm.width, cv.CV_8UC1, new cv.Scalar(k + 1))) }),
        run: ({ lm, bounds }: { lm: LabelMap; bounds: unknown[] }): PerClass => {
          const src = cv.matFromArray(lm.height, lm.width, cv.CV_8UC1, lm.data);
          const bin = new cv.Mat();
          const out = bounds.map((b, k) => {
            cv.inRange(src, b, b, bin);
            return { value: k + 1, c: cvTrace(cv, bin) };
          });
          src.delete();
          bin.delete();
          return out;
        },
        canonical: perClassCanonical,
      },
      {
        name: nativeName(1),
        includes: `per class: inRange, ${nativeIncludes}`,
        unavailable: nativeUnavailable,
        run: () => undefined,
        canonical: perClassCanonical,
        external: (lm: LabelMap, opts) => {
          const r = runNative('contours', { h: lm.height, w: lm.width, classes: CLASSES }, { input: lm.data }, opts, 1);
          return { output: readNative(r.out, CLASSES).map((c, k) => ({ value: k + 1, c })), timing: r.timing };
        },
      },
      {
        name: 'plain-js',
        includes: 'per class: mask by a JS loop, the paper-literal tracer',
        run: perClass(traceCcompSimple),
        canonical: perClassCanonical,
      },
      {
        name: 'd3-contour',
        includes: 'per class: 0/1 values by a JS loop, contours().thresholds([0.5])',
        note: d3Note,
        prepare: (lm: LabelMap) => ({ lm, gen: d3contours().size([lm.width, lm.height]).thresholds([0.5]) }),
        run: ({ lm, gen }: { lm: LabelMap; gen: ReturnType<typeof d3contours> }) =>
          ({ lm, out: Array.from({ length: CLASSES }, (_, k) => gen(classMask(lm, k + 1).data as unknown as number[])[0]) }),
        canonical: () => '',
        agrees: ({ lm, out }: { lm: LabelMap; out: { coordinates: number[][][][] }[] }) => {
          let n = 0;
          out.forEach((mp, k) => (n += differs(d3Raster(mp, lm.width, lm.height), classMask(lm, k + 1).data)));
          return n ? `${n} pixel centres on the wrong side of d3's rings` : undefined;
        },
      },
    ];
  })(),
};

export const contourCases = [blobs, labelMaps, random, noise];
