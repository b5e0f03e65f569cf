// Polygon fill cases: polygons -> one mask each (small and large), and thousands of instance
// polygons -> one label map. segkit's rule 'coco' is the reference; peers with another pixel
// rule by design are checked to differ only within 1 px of the polygons' edges (peers/boundary.ts).
// Mask cases: every implementation paints each polygon into its own output mask, reused and
// cleared per polygon, as a pipeline that consumes one mask at a time does. A new 640x480 array
// per polygon costs 14 us in a fresh process and up to ~150 us once the allocator's state has
// changed (measured in this harness after the peers' gates): it would measure malloc, not fill.
// One call paints a group of polygons; the first call (the correctness gate) keeps copies of
// the first masks of its group (at most ~24 MB), timed calls none.
import { createHash } from 'node:crypto';
import { createCanvas } from '@napi-rs/canvas';
import { Mask as IjsMask } from 'image-js';
import * as segkit from 'segkit';
import { Boundary } from '../peers/boundary';
import { loadCv, type Cv } from '../peers/opencv';
import { nativeName, nativeUnavailable, runNative } from '../peers/native';
import { nullBaseline } from '../peers/null-baseline';
import * as plain from '../peers/plain-fill';
import { polygons } from '../workloads/shapes';
import { notRun, type Case, type Impl } from './types';

/**
 * Pixels differing between rules must lie within this distance (px) of an edge: COCO's rule and
 * the centre rule differ by under 1 px, OpenCV's outline pixels reach up to 1 px further out.
 */
const TOL = 1;
const TOL_CV = 2;

const sha = (parts: ArrayLike<number>[]) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(new Uint8Array((p as Uint8Array).buffer, (p as Uint8Array).byteOffset, (p as Uint8Array).byteLength));
  return h.digest('hex');
};

const groupsOf = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** A mask case's input as one implementation sees it: groups of polygons, taken in turn. */
interface Stream { groups: number[][][]; at: number; gate: boolean; mask: Uint8Array }
/** One call's output: the group's polygons and (at the gate) copies of their masks. */
interface Painted { polys: number[][]; masks: ArrayLike<number>[] }

const stream = (w: number, h: number) => (groups: number[][][]): Stream => ({ groups, at: 0, gate: true, mask: new Uint8Array(w * h) });

/** How many masks the gate call keeps of a group (as paintNext). */
function kept(w: number, h: number, group: number): number {
  let k = 0;
  while (k < group && k * w * h < 24e6) k++;
  return k;
}

/**
 * Paints the next group, each polygon into the output mask, cleared first unless `overwrites`
 * (paint writes every pixel).
 */
function paintNext(s: Stream, paint: (p: number[], mask: Uint8Array) => void, overwrites = false): Painted {
  const polys = s.groups[s.at];
  const gate = s.gate;
  s.at = (s.at + 1) % s.groups.length;
  s.gate = false;
  const masks: ArrayLike<number>[] = [];
  for (const p of polys) {
    if (!overwrites) s.mask.fill(0);
    paint(p, s.mask);
    if (gate && masks.length * s.mask.length < 24e6) masks.push(s.mask.slice());
  }
  return { polys: polys.slice(0, masks.length), masks };
}

/** Agreement of masks up to tol px from each polygon's edges (see peers/boundary.ts). */
const nearEdges = (w: number, h: number, tol = TOL, clamped = false) => (out: Painted, ref: Painted): string | undefined => {
  if (out.masks.length !== ref.masks.length) return `${out.masks.length} masks instead of ${ref.masks.length}`;
  for (let i = 0; i < ref.masks.length; i++) {
    const why = new Boundary([out.polys[i]], w, h, tol, clamped).differsAway(ref.masks[i], out.masks[i]);
    if (why) return `polygon ${i}: ${why}`;
  }
  return undefined;
};

/** Exact agreement with segkit's 'center' rule (for the plain-JS scanline, which implements it). */
const sameAsCenter = (w: number, h: number) => (out: Painted): string | undefined => {
  for (let i = 0; i < out.masks.length; i++) {
    const want = segkit.rasterize([out.polys[i]], { width: w, height: h, rule: 'center' }).data;
    if (sha([want]) !== sha([out.masks[i]])) return `polygon ${i} differs from segkit's rule 'center'`;
  }
  return undefined;
};

const cvFillNote = 'OpenCV fills its 8-connected outline too (within 2 px of the edges) and clamps spans outside the image onto the border columns; pixel centres at integers, so coordinates shift by -1/2';

/** OpenCV's pixel centres are at integer coordinates: shift by -1/2, 8 fractional bits. */
const SHIFT = 8;
function cvPoints(cv: Cv, ring: ArrayLike<number>): { mat: Cv; vec: Cv } {
  const pts = new Int32Array(ring.length);
  for (let i = 0; i < ring.length; i++) pts[i] = Math.round((ring[i] - 0.5) * (1 << SHIFT));
  const mat = cv.matFromArray(ring.length >> 1, 1, cv.CV_32SC2, pts);
  const vec = new cv.MatVector();
  vec.push_back(mat);
  return { mat, vec };
}

function canvasPath(ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>, ring: ArrayLike<number>): void {
  ctx.beginPath();
  ctx.moveTo(ring[0], ring[1]);
  for (let i = 2; i < ring.length; i += 2) ctx.lineTo(ring[i], ring[i + 1]);
  ctx.closePath();
}

/** Paints runs of COCO counts (column-major) into a row-major image. */
function paintRuns(data: Uint8Array | Uint16Array, w: number, h: number, counts: Uint32Array, value: number): void {
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (i & 1) {
      for (let j = pos; j < pos + c; j++) {
        const x = (j / h) | 0;
        data[(j - x * h) * w + x] = value;
      }
    }
    pos += c;
  }
}

/** Polygons per call for image-js, whose fill tests every pixel of the image against the polygon. */
const IJS_GROUP = 5;

/** image-js 1.x Mask.drawPolygon({filled: true}) on the first IJS_GROUP polygons of each group. */
function imageJsImpl(w: number, h: number, cleared: string): Impl<number[][][]> {
  const near = nearEdges(w, h, TOL_CV, true);
  return {
    name: 'image-js',
    includes: `${cleared}drawPolygon({filled: true}) on an empty image-js Mask (a new mask; every pixel tested with robust-point-in-polygon, then the outline drawn), copied into the mask`,
    note: 'pixel centres at integers (coordinates shift by -1/2) and the outline drawn on top: differs within 2 px of the edges; tests every pixel of the image per polygon, so it is timed on the first 5 polygons of each group',
    perCall: IJS_GROUP,
    prepare: (groups) => ({ ...stream(w, h)(groups.map((g) => g.slice(0, IJS_GROUP))), empty: new IjsMask(w, h) }),
    run: (s: Stream & { empty: IjsMask }) => paintNext(s, (p, mask) => {
      const points = [];
      for (let i = 0; i < p.length; i += 2) points.push({ column: p[i] - 0.5, row: p[i + 1] - 0.5 });
      mask.set(s.empty.drawPolygon(points, { filled: true }).getRawImage().data);
    }),
    canonical: (o: Painted) => sha(o.masks),
    agrees: (o: Painted, ref: Painted) => near(o, { polys: ref.polys.slice(0, o.masks.length), masks: ref.masks.slice(0, o.masks.length) }),
  };
}

const IJS_SLOW = 'not timed: image-js tests every pixel of the image against the polygon (98 ms for a 640x480 polygon of ~36 vertices; minutes for a 4000x3000 one of ~1,100)';

/** Implementations of "each polygon into its own w x h 0/1 mask" (see the header). */
function maskImpls(w: number, h: number): Impl<number[][][]>[] {
  const near = nearEdges(w, h);
  const cleared = 'the output mask cleared (fill(0)), ';
  return [
    {
      name: 'segkit',
      includes: "rasterize(rings, {width, height, out: mask}) ('coco'): validation, the kernel builds the band of rows the polygon touches (crossings toggle bytes, XORed down the rows), copied into the mask, the rows outside it zeroed",
      prepare: stream(w, h),
      run: (s: Stream) => paintNext(s, (p, mask) => segkit.rasterize([p], { width: w, height: h, out: mask }), true),
      canonical: (o: Painted) => sha(o.masks),
    },
    {
      name: "segkit 'center'",
      includes: "as segkit, rule 'center' (scanline spans painted into the band)",
      note: "pixel centres inside the polygon instead of COCO's rule: differs only near edges",
      prepare: stream(w, h),
      run: (s: Stream) => paintNext(s, (p, mask) => segkit.rasterize([p], { width: w, height: h, out: mask, rule: 'center' }), true),
      canonical: (o: Painted) => sha(o.masks),
      agrees: near,
    },
    {
      name: 'segkit fillPolygons',
      includes: `${cleared}fillPolygons(mask, rings, 1) ('coco', paints over what is there): the kernel lists the polygon's spans, TypedArray.fill per span (or copy in and out of its rows when its spans are many)`,
      prepare: stream(w, h),
      run: (s: Stream) => paintNext(s, (p, mask) => segkit.fillPolygons({ width: w, height: h, data: mask }, [p], 1)),
      canonical: (o: Painted) => sha(o.masks),
    },
    {
      name: 'segkit via RLE',
      includes: `${cleared}rleFromPolygons, then its runs painted into the mask (plain JS)`,
      prepare: stream(w, h),
      run: (s: Stream) => paintNext(s, (p, mask) => paintRuns(mask, w, h, segkit.rleFromPolygons([p], h, w).counts, 1)),
      canonical: (o: Painted) => sha(o.masks),
    },
    {
      name: 'plain-js',
      includes: `${cleared}active-edge-table scanline, TypedArray.fill per span`,
      note: "segkit's rule 'center' (checked equal to it)",
      prepare: stream(w, h),
      run: (s: Stream) => paintNext(s, (p, mask) => plain.fillShape(mask, w, h, [p], 1)),
      canonical: (o: Painted) => sha(o.masks),
      agrees: (o: Painted, ref: Painted) => sameAsCenter(w, h)(o) ?? near(o, ref),
    },
    {
      name: 'opencv.js',
      includes: `${cleared}points to a Mat (8 fractional bits), fillPoly (LINE_8) into a cleared Mat, copy into the mask`,
      note: cvFillNote,
      prepare: async (groups) => {
        const cv = await loadCv();
        return { ...stream(w, h)(groups), cv, img: new cv.Mat(h, w, cv.CV_8UC1), zero: new cv.Scalar(0), one: new cv.Scalar(1), origin: new cv.Point(0, 0) };
      },
      run: (s: Stream & { cv: Cv; img: Cv; zero: Cv; one: Cv; origin: Cv }) => paintNext(s, (p, mask) => {
        const { mat, vec } = cvPoints(s.cv, p);
        s.img.setTo(s.zero);
        s.cv.fillPoly(s.img, vec, s.one, s.cv.LINE_8, SHIFT, s.origin);
        vec.delete();
        mat.delete();
        mask.set(s.img.data);
      }),
      canonical: (o: Painted) => sha(o.masks),
      agrees: nearEdges(w, h, TOL_CV, true),
    },
    {
      name: nativeName(1),
      includes: `${cleared.replace('(fill(0))', '(mask[:] = 0)')}fillPoly (LINE_8, 8 fractional bits) into it; points as int32 arrays beforehand (untimed); one thread (no parallel path)`,
      note: cvFillNote,
      unavailable: nativeUnavailable,
      run: () => undefined,
      canonical: (o: Painted) => sha(o.masks),
      agrees: nearEdges(w, h, TOL_CV, true),
      external: (groups: number[][][], opts) => {
        const keep = kept(w, h, groups[0].length);
        const r = runNative('fill', { h, w, mode: 'masks', keep, groups }, {}, opts, 1);
        const masks = Array.from({ length: keep }, (_, i) => new Uint8Array(r.out.buffer, r.out.byteOffset + i * w * h, w * h));
        return { output: { polys: groups[0].slice(0, keep), masks }, timing: r.timing };
      },
    },
    {
      name: '@napi-rs/canvas',
      includes: `${cleared}path fill (even-odd) on a cleared canvas, getImageData, alpha >= 128 into the mask`,
      note: 'Skia; @napi-rs/canvas 1.1.1 has no switch to turn anti-aliasing off, so coverage is thresholded at 50%',
      prepare: (groups) => {
        const ctx = createCanvas(w, h).getContext('2d');
        ctx.fillStyle = '#fff';
        return { ...stream(w, h)(groups), ctx };
      },
      run: (s: Stream & { ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']> }) => paintNext(s, (p, mask) => {
        s.ctx.clearRect(0, 0, w, h);
        canvasPath(s.ctx, p);
        s.ctx.fill('evenodd');
        const rgba = s.ctx.getImageData(0, 0, w, h).data;
        for (let i = 0; i < mask.length; i++) mask[i] = rgba[4 * i + 3] >= 128 ? 1 : 0;
      }),
      canonical: (o: Painted) => sha(o.masks),
      agrees: near,
    },
    w * h <= 1e6 ? imageJsImpl(w, h, cleared) : notRun('image-js', IJS_SLOW),
  ];
}

export const fillMasks: Case<number[][][]> = {
  name: 'fill-masks',
  title: '20,000 polygons (8-64 vertices, radii 10-400 px) -> a 640x480 mask each',
  unit: 'per polygon',
  perCall: 500,
  setup: () => groupsOf(polygons(1, 20_000, 640, 480, 8, 64, 10, 400), 500),
  reference: { name: 'pycocotools (C)', ms: 0.023, source: 'frPyObjects per polygon (an RLE, no mask), stated in issue #3' },
  impls: maskImpls(640, 480),
};

export const fillLarge: Case<number[][][]> = {
  name: 'fill-large',
  title: '2,000 polygons (200-2,000 vertices, radii 100-1,500 px) -> a 4000x3000 mask each',
  unit: 'per polygon',
  perCall: 10,
  setup: () => groupsOf(polygons(2, 2_000, 4000, 3000, 200, 2000, 100, 1500), 10),
  impls: maskImpls(4000, 3000),
};

/** The label-map case: instance polygons with values 1..n. */
interface Instances { shapes: segkit.Shape[]; w: number; h: number }

const LW = 2048, LH = 1024;
const instances = (): Instances => ({
  shapes: polygons(3, 5_000, LW, LH, 8, 64, 4, 120).map((p, i) => ({ rings: [p], value: i + 1 })),
  w: LW,
  h: LH,
});

const labelsNear = (out: Uint16Array, ref: Uint16Array, inst: Instances, tol = TOL, clamped = false) =>
  new Boundary(inst.shapes.map((s) => s.rings[0]), inst.w, inst.h, tol, clamped).differsAway(ref, out);

export const fillLabels: Case<Instances> = {
  name: 'fill-labels',
  title: '5,000 instance polygons (8-64 vertices, radii 4-120 px) -> one new 2048x1024 u16 label map',
  unit: 'per label map',
  setup: instances,
  impls: [
    {
      name: 'segkit',
      includes: "fillMany(map, shapes, {rule: 'coco'}): a new Uint16Array, validation, one copy in, one kernel call, one copy out",
      run: (s: Instances) => segkit.fillMany({ width: s.w, height: s.h, data: new Uint16Array(s.w * s.h) }, s.shapes).data,
      canonical: (o: Uint16Array) => sha([o]),
    },
    {
      name: "segkit 'center'",
      includes: "as segkit, rule 'center'",
      note: "pixel centres inside the polygons instead of COCO's rule: differs only near edges",
      run: (s: Instances) => segkit.fillMany({ width: s.w, height: s.h, data: new Uint16Array(s.w * s.h) }, s.shapes, { rule: 'center' }).data,
      canonical: (o: Uint16Array) => sha([o]),
      agrees: (o: Uint16Array, ref: Uint16Array) => labelsNear(o, ref, instances()),
    },
    {
      name: 'segkit fillPolygons',
      includes: 'fillPolygons once per polygon (its spans filled in JS, or its rows copied in and out)',
      run: (s: Instances) => {
        const map = { width: s.w, height: s.h, data: new Uint16Array(s.w * s.h) };
        for (const shape of s.shapes) segkit.fillPolygons(map, shape.rings, shape.value);
        return map.data;
      },
      canonical: (o: Uint16Array) => sha([o]),
    },
    {
      name: 'segkit via RLE',
      includes: 'rleFromPolygons per polygon, then its runs painted into the map (plain JS)',
      run: (s: Instances) => {
        const data = new Uint16Array(s.w * s.h);
        for (const shape of s.shapes) paintRuns(data, s.w, s.h, segkit.rleFromPolygons(shape.rings, s.h, s.w).counts, shape.value);
        return data;
      },
      canonical: (o: Uint16Array) => sha([o]),
    },
    {
      name: 'plain-js',
      includes: 'active-edge-table scanline per polygon, TypedArray.fill per span',
      note: "segkit's rule 'center' (checked equal to it)",
      run: (s: Instances) => {
        const data = new Uint16Array(s.w * s.h);
        for (const shape of s.shapes) plain.fillShape(data, s.w, s.h, shape.rings, shape.value);
        return data;
      },
      canonical: (o: Uint16Array) => sha([o]),
      agrees: (o: Uint16Array, ref: Uint16Array) => {
        const inst = instances();
        const center = segkit.fillMany({ width: inst.w, height: inst.h, data: new Uint16Array(inst.w * inst.h) }, inst.shapes, { rule: 'center' }).data;
        return sha([o]) === sha([center]) ? labelsNear(o, ref, inst) : "differs from segkit's rule 'center'";
      },
    },
    {
      name: 'opencv.js',
      includes: 'a new CV_16UC1 Mat, points to a Mat and fillPoly (LINE_8) per polygon, copy out',
      note: cvFillNote,
      prepare: async (s) => {
        const cv = await loadCv();
        return { ...s, cv, origin: new cv.Point(0, 0) };
      },
      run: (s: Instances & { cv: Cv; origin: Cv }) => {
        const { cv } = s;
        const img = cv.Mat.zeros(s.h, s.w, cv.CV_16UC1);
        for (const shape of s.shapes) {
          const { mat, vec } = cvPoints(cv, shape.rings[0]);
          cv.fillPoly(img, vec, new cv.Scalar(shape.value), cv.LINE_8, SHIFT, s.origin);
          vec.delete();
          mat.delete();
        }
        const out = img.data16U.slice() as Uint16Array;
        img.delete();
        return out;
      },
      canonical: (o: Uint16Array) => sha([o]),
      agrees: (o: Uint16Array, ref: Uint16Array) => labelsNear(o, ref, instances(), TOL_CV, true),
    },
    {
      name: nativeName(1),
      includes: 'a new uint16 array, fillPoly (LINE_8) per polygon with its value; points as int32 arrays beforehand (untimed); one thread',
      note: cvFillNote,
      unavailable: nativeUnavailable,
      run: () => undefined,
      canonical: (o: Uint16Array) => sha([o]),
      agrees: (o: Uint16Array, ref: Uint16Array) => labelsNear(o, ref, instances(), TOL_CV, true),
      external: (s: Instances, opts) => {
        const r = runNative('fill', { h: s.h, w: s.w, mode: 'labels', groups: [s.shapes.map((x) => x.rings[0])], values: s.shapes.map((x) => x.value) }, {}, opts, 1);
        return { output: new Uint16Array(r.out.buffer.slice(r.out.byteOffset, r.out.byteOffset + r.out.byteLength)), timing: r.timing };
      },
    },
    {
      name: '@napi-rs/canvas',
      includes: 'one canvas cleared, a path fill per polygon (colour = value), one getImageData, decode to a new Uint16Array',
      note: 'Skia with anti-aliasing (no switch in @napi-rs/canvas 1.1.1): colours blend along edges',
      prepare: (s) => ({ ...s, ctx: createCanvas(s.w, s.h).getContext('2d') }),
      run: (s: Instances & { ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']> }) => {
        const { ctx } = s;
        ctx.clearRect(0, 0, s.w, s.h);
        for (const shape of s.shapes) {
          ctx.fillStyle = `rgb(${shape.value >> 8}, ${shape.value & 255}, 0)`;
          canvasPath(ctx, shape.rings[0]);
          ctx.fill('evenodd');
        }
        const rgba = ctx.getImageData(0, 0, s.w, s.h).data;
        const out = new Uint16Array(s.w * s.h);
        for (let i = 0; i < out.length; i++) out[i] = rgba[4 * i + 3] >= 128 ? (rgba[4 * i] << 8) | rgba[4 * i + 1] : 0;
        return out;
      },
      canonical: (o: Uint16Array) => sha([o]),
      agrees: (o: Uint16Array, ref: Uint16Array) => labelsNear(o, ref, instances()),
    },
    notRun('image-js', 'not timed: image-js fills binary masks (and images) by testing every pixel per polygon: 5,000 polygons x 2M pixels'),
    nullBaseline<Instances>('copy in + copy out of the u16 label map only (no polygons, no fill)', (s) => new Uint16Array(s.w * s.h), (s) => (s.w * s.h) / 2),
  ],
};

export const fillCases = [fillMasks, fillLarge, fillLabels];
