// Plain-JavaScript COCO RLE: what one writes without segkit (typed arrays, no WebAssembly).
// Same semantics as pycocotools on 0/1 masks; used as the in-run JavaScript peer.
import type { Mask } from 'segkit';

export interface PlainRle { h: number; w: number; counts: Uint32Array }

export function encode(m: Mask): PlainRle {
  const { width: w, height: h, data } = m;
  const out: number[] = [];
  let cur = 0, run = 0;
  for (let x = 0; x < w; x++) {
    for (let y = 0, i = x; y < h; y++, i += w) {
      const v = data[i] !== 0 ? 1 : 0;
      if (v !== cur) { out.push(run); run = 0; cur = v; }
      run++;
    }
  }
  out.push(run);
  return { h, w, counts: Uint32Array.from(out) };
}

export function decode(r: PlainRle): Mask {
  const { h, w, counts } = r;
  const data = new Uint8Array(h * w);
  let idx = 0, v = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k];
    if (v) for (let j = idx; j < idx + c; j++) { const x = (j / h) | 0; data[(j - x * h) * w + x] = 1; }
    idx += c;
    v ^= 1;
  }
  return { width: w, height: h, data };
}

/** COCO's polygon rule (dense upsampled boundary, sort, toggle), one ring. */
export function frPoly(xy: ArrayLike<number>, h: number, w: number): PlainRle {
  const k = xy.length >> 1;
  const x = new Int32Array(k + 1), y = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) { x[j] = Math.trunc(5 * xy[2 * j] + 0.5); y[j] = Math.trunc(5 * xy[2 * j + 1] + 0.5); }
  x[k] = x[0]; y[k] = y[0];
  let m = 0;
  for (let j = 0; j < k; j++) m += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
  const u = new Int32Array(m), v = new Int32Array(m);
  m = 0;
  for (let j = 0; j < k; j++) {
    let xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
    const dx = Math.abs(xe - xs), dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) { let t = xs; xs = xe; xe = t; t = ys; ys = ye; ye = t; }
    if (dx >= dy) {
      const s = dx === 0 ? 0 : (ye - ys) / dx;
      for (let d = 0; d <= dx; d++) { const t = flip ? dx - d : d; u[m] = t + xs; v[m] = Math.trunc(ys + s * t + 0.5); m++; }
    } else {
      const s = (xe - xs) / dy;
      for (let d = 0; d <= dy; d++) { const t = flip ? dy - d : d; v[m] = t + ys; u[m] = Math.trunc(xs + s * t + 0.5); m++; }
    }
  }
  const a: number[] = [];
  for (let j = 1; j < m; j++) {
    if (u[j] === u[j - 1]) continue;
    let xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
    xd = (xd + 0.5) / 5 - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) continue;
    let yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
    yd = (yd + 0.5) / 5 - 0.5;
    yd = Math.ceil(yd < 0 ? 0 : yd > h ? h : yd);
    a.push(xd * h + yd);
  }
  // Toggle at every position met an odd number of times; the end of the image is no toggle.
  const sorted = Float64Array.from(a).sort();
  const out: number[] = [];
  let last = 0;
  for (let j = 0; j < sorted.length; ) {
    const p = sorted[j];
    let e = j + 1;
    while (e < sorted.length && sorted[e] === p) e++;
    if ((e - j) & 1 && p < h * w) { out.push(p - last); last = p; }
    j = e;
  }
  out.push(h * w - last);
  return { h, w, counts: Uint32Array.from(out) };
}

/** Union / intersection of RLEs of one size, pairwise left to right. */
export function merge(rles: PlainRle[], intersect = false): PlainRle {
  let acc = rles[0].counts;
  for (let r = 1; r < rles.length; r++) {
    const A = acc, B = rles[r].counts;
    const out: number[] = [];
    let ca = A[0], cb = B[0], va = false, vb = false, v: boolean = false, a = 1, b = 1, cc = 0;
    for (;;) {
      const c = Math.min(ca, cb);
      cc += c; ca -= c; cb -= c;
      if (!ca && a < A.length) { ca = A[a++]; va = !va; }
      if (!cb && b < B.length) { cb = B[b++]; vb = !vb; }
      const vp: boolean = v;
      v = intersect ? va && vb : va || vb;
      const done = ca === 0 && cb === 0;
      if (v !== vp || done) { out.push(cc); cc = 0; }
      if (done) break;
    }
    acc = Uint32Array.from(out);
  }
  return { h: rles[0].h, w: rles[0].w, counts: acc };
}

function bbox(r: PlainRle): number[] {
  const { h, counts } = r;
  let xs = Infinity, ys = Infinity, xe = -1, ye = -1, pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (i & 1 && c) {
      const x0 = Math.floor(pos / h), x1 = Math.floor((pos + c - 1) / h);
      xs = Math.min(xs, x0); xe = Math.max(xe, x1);
      if (x1 > x0) { ys = 0; ye = h - 1; } else { ys = Math.min(ys, pos - x0 * h); ye = Math.max(ye, pos + c - 1 - x1 * h); }
    }
    pos += c;
  }
  return xe < 0 ? [0, 0, 0, 0] : [xs, ys, xe - xs + 1, ye - ys + 1];
}

function area(r: PlainRle): number {
  let a = 0;
  for (let i = 1; i < r.counts.length; i += 2) a += r.counts[i];
  return a;
}

/** dt-major IoU matrix, pycocotools' rule. */
export function iou(dt: PlainRle[], gt: PlainRle[], crowd: ArrayLike<number>): Float64Array {
  const db = dt.map(bbox), gb = gt.map(bbox), da = dt.map(area), ga = gt.map(area);
  const o = new Float64Array(dt.length * gt.length);
  for (let d = 0; d < dt.length; d++) {
    const D = db[d];
    for (let g = 0; g < gt.length; g++) {
      const G = gb[g];
      const iw = Math.min(D[2] + D[0], G[2] + G[0]) - Math.max(D[0], G[0]);
      if (iw <= 0) continue;
      const ih = Math.min(D[3] + D[1], G[3] + G[1]) - Math.max(D[1], G[1]);
      if (ih <= 0) continue;
      const A = dt[d].counts, B = gt[g].counts;
      let ca = A[0], cb = B[0], va = false, vb = false, a = 1, b = 1, inter = 0;
      for (;;) {
        const c = Math.min(ca, cb);
        if (va && vb) inter += c;
        ca -= c; cb -= c;
        if (!ca) { if (a >= A.length) break; ca = A[a++]; va = !va; }
        if (!cb) { if (b >= B.length) break; cb = B[b++]; vb = !vb; }
      }
      o[d * gt.length + g] = inter === 0 ? 0 : inter / (crowd[g] ? da[d] : da[d] + ga[g] - inter);
    }
  }
  return o;
}
