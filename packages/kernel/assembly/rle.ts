// COCO run-length encoding (the format of cocodataset/cocoapi's maskApi): runs over the mask in
// column-major order, alternating 0s and 1s, starting with a (possibly empty) run of 0s.
// Masks cross this boundary row-major (row y, column x at y*w + x); encode and decode transpose
// through a column-major scratch copy (transpose.ts) so that every run walk is sequential.
// Merge and IoU follow maskApi's two-pointer walks over runs, so that their outputs, including
// on non-canonical counts (zero-length runs), are the same numbers.
import { OK, E_NOMEM, E_RANGE, E_INPUT } from './status';
import { arenaAlloc, allocU32 } from './arena';
import { transposeU8 } from './transpose';

/** Writes a (pointer, length) pair into a result slot. */
// @ts-ignore: decorator
@inline export function putResult(outPtr: usize, ptr: usize, len: usize): void {
  store<u32>(outPtr, <u32>ptr);
  store<u32>(outPtr, <u32>len, 4);
}

/** Number of pixels, or -1 when height*width does not fit the u32 counts COCO uses. */
// @ts-ignore: decorator
@inline export function pixelCount(h: u32, w: u32): i64 {
  const n = <u64>h * <u64>w;
  return n > 0xffffffff ? -1 : <i64>n;
}

/**
 * Encodes a row-major h x w mask (non-zero = foreground) into COCO counts.
 * Result slot: (counts pointer, counts length). Bound: h*w + 1 counts.
 */
export function rleEncode(outPtr: usize, maskPtr: usize, h: u32, w: u32): i32 {
  const total = pixelCount(h, w);
  if (total < 0) return E_RANGE;
  const n = <usize>total;
  const counts = allocU32(n + 1);
  if (counts == 0) return E_NOMEM;
  if (n == 0) {
    store<u32>(counts, 0);
    putResult(outPtr, counts, 1);
    return OK;
  }
  const col = arenaAlloc(n);
  if (col == 0) return E_NOMEM;
  transposeU8(col, maskPtr, h, w);

  // Walk to each change of (byte != 0); v128 compares skip 16 unchanged bytes at a time.
  const zero = i8x16.splat(0);
  let m: usize = 0;
  let start: usize = 0;
  let i: usize = 0;
  let cur: i32 = 0;
  while (true) {
    let found = false;
    while (i + 16 <= n) {
      const nz = i8x16.ne(v128.load(col + i), zero);
      const bits = i8x16.bitmask(cur ? v128.not(nz) : nz);
      if (bits != 0) {
        i += <usize>ctz(bits);
        found = true;
        break;
      }
      i += 16;
    }
    if (!found) {
      while (i < n && <i32>(load<u8>(col + i) != 0) == cur) i++;
      if (i >= n) break;
    }
    store<u32>(counts + (m << 2), <u32>(i - start));
    m++;
    start = i;
    cur ^= 1;
  }
  store<u32>(counts + (m << 2), <u32>(n - start));
  putResult(outPtr, counts, m + 1);
  return OK;
}

/** Decodes COCO counts into a row-major h x w 0/1 mask at maskPtr. E_INPUT unless they sum to h*w. */
export function rleDecode(maskPtr: usize, countsPtr: usize, len: u32, h: u32, w: u32): i32 {
  const total = pixelCount(h, w);
  if (total < 0) return E_RANGE;
  const n = <usize>total;
  if (!countsSumTo(countsPtr, len, n)) return E_INPUT;
  if (n == 0) return OK;
  const col = arenaAlloc(n);
  if (col == 0) return E_NOMEM;
  let pos: usize = 0;
  let v: u8 = 0;
  for (let i: u32 = 0; i < len; i++) {
    const c = <usize>load<u32>(countsPtr + (<usize>i << 2));
    memory.fill(col + pos, v, c);
    pos += c;
    v ^= 1;
  }
  transposeU8(maskPtr, col, w, h);
  return OK;
}

/** True when the counts add up to exactly n (computed without overflow). */
export function countsSumTo(countsPtr: usize, len: u32, n: usize): bool {
  let sum: u64 = 0;
  for (let i: u32 = 0; i < len; i++) sum += <u64>load<u32>(countsPtr + (<usize>i << 2));
  return sum == <u64>n;
}

/**
 * Bounding box [x, y, w, h] of the foreground as f64 (maskApi's rleToBbox on canonical counts;
 * zero-length runs are skipped, so non-canonical counts give the box of their pixels).
 */
export function bboxOf(out: usize, countsPtr: usize, len: u32, h: u32): void {
  let xs: u32 = 0xffffffff, ys: u32 = 0xffffffff, xe: u32 = 0, ye: u32 = 0;
  let pos: u64 = 0;
  let any = false;
  for (let i: u32 = 0; i < len; i++) {
    const c = <u64>load<u32>(countsPtr + (<usize>i << 2));
    if ((i & 1) != 0 && c != 0) {
      const first = pos, last = pos + c - 1;
      const x0 = <u32>(first / h), y0 = <u32>(first % h);
      const x1 = <u32>(last / h), y1 = <u32>(last % h);
      if (x0 < xs) xs = x0;
      if (x1 > xe) xe = x1;
      if (x1 > x0) {
        ys = 0;
        ye = h - 1;
      } else {
        if (y0 < ys) ys = y0;
        if (y1 > ye) ye = y1;
      }
      any = true;
    }
    pos += c;
  }
  if (!any) {
    store<f64>(out, 0); store<f64>(out, 0, 8); store<f64>(out, 0, 16); store<f64>(out, 0, 24);
    return;
  }
  store<f64>(out, <f64>xs);
  store<f64>(out, <f64>ys, 8);
  store<f64>(out, <f64>(xe - xs + 1), 16);
  store<f64>(out, <f64>(ye - ys + 1), 24);
}

/** Bounding box of one RLE into out (f64 [x, y, w, h]). */
export function rleBbox(outPtr: usize, countsPtr: usize, len: u32, h: u32): i32 {
  bboxOf(outPtr, countsPtr, len, h);
  return OK;
}

/** Foreground pixel count: the sum of the odd-index counts. */
export function areaOf(countsPtr: usize, len: u32): f64 {
  let a: u64 = 0;
  for (let i: u32 = 1; i < len; i += 2) a += <u64>load<u32>(countsPtr + (<usize>i << 2));
  return <f64>a;
}

/**
 * One maskApi merge step: out = A op B with op = OR (intersect = 0) or AND. Emits a count when the
 * merged value changes or both inputs end. Returns the output length (<= la + lb).
 */
export function mergeTwo(out: usize, a: usize, la: u32, b: usize, lb: u32, intersect: bool): u32 {
  let ca: u32 = la > 0 ? load<u32>(a) : 0;
  let cb: u32 = lb > 0 ? load<u32>(b) : 0;
  let va = false, vb = false, v = false;
  let ia: u32 = 1, ib: u32 = 1;
  let m: u32 = 0;
  let cc: u32 = 0;
  while (true) {
    const c = min(ca, cb);
    cc += c;
    ca -= c;
    if (ca == 0 && ia < la) {
      ca = load<u32>(a + (<usize>(ia++) << 2));
      va = !va;
    }
    cb -= c;
    if (cb == 0 && ib < lb) {
      cb = load<u32>(b + (<usize>(ib++) << 2));
      vb = !vb;
    }
    const vp = v;
    v = intersect ? va && vb : va || vb;
    const done = ca == 0 && cb == 0;
    if (v != vp || done) {
      store<u32>(out + (<usize>(m++) << 2), cc);
      cc = 0;
    }
    if (done) break;
  }
  return m;
}

/**
 * Merges n RLEs of one size (desc: n x (countsPtr, len) u32 pairs) left to right, as maskApi's
 * rleMerge: a single RLE comes back unchanged. Result slot: (counts pointer, length).
 */
export function rleMerge(outPtr: usize, descPtr: usize, n: u32, intersect: bool): i32 {
  if (n == 0) return E_INPUT;
  let bound: usize = 0;
  for (let i: u32 = 0; i < n; i++) bound += <usize>load<u32>(descPtr + (<usize>i << 3), 4);
  const first = <usize>load<u32>(descPtr);
  const firstLen = load<u32>(descPtr, 4);
  if (n == 1) {
    putResult(outPtr, first, firstLen);
    return OK;
  }
  // Each step's output is at most the sum of its inputs' lengths, so `bound` words suffice.
  let acc = allocU32(bound);
  let tmp = allocU32(bound);
  if (acc == 0 || tmp == 0) return E_NOMEM;
  let accLen = mergeTwo(acc, first, firstLen, <usize>load<u32>(descPtr, 8), load<u32>(descPtr, 12), intersect);
  for (let i: u32 = 2; i < n; i++) {
    const d = descPtr + (<usize>i << 3);
    const len = mergeTwo(tmp, acc, accLen, <usize>load<u32>(d), load<u32>(d, 4), intersect);
    const t = acc;
    acc = tmp;
    tmp = t;
    accLen = len;
  }
  putResult(outPtr, acc, accLen);
  return OK;
}

/** Pixels set in both A and B (the counts of each must sum to the same total). */
export function intersectionOf(a: usize, la: u32, b: usize, lb: u32): u64 {
  if (la == 0 || lb == 0) return 0;
  let ca = load<u32>(a), cb = load<u32>(b);
  let va = false, vb = false;
  let ia: u32 = 1, ib: u32 = 1;
  let inter: u64 = 0;
  while (true) {
    const c = min(ca, cb);
    if (va && vb) inter += c;
    ca -= c;
    cb -= c;
    if (ca == 0) {
      if (ia >= la) break;
      ca = load<u32>(a + (<usize>(ia++) << 2));
      va = !va;
    }
    if (cb == 0) {
      if (ib >= lb) break;
      cb = load<u32>(b + (<usize>(ib++) << 2));
      vb = !vb;
    }
  }
  return inter;
}

/** maskApi's bbIou for one pair of [x, y, w, h] f64 boxes; `crowd` divides by the dt area. */
// @ts-ignore: decorator
@inline function boxIou(D: usize, G: usize, crowd: bool): f64 {
  const dx = load<f64>(D), dy = load<f64>(D, 8), dw = load<f64>(D, 16), dh = load<f64>(D, 24);
  const gx = load<f64>(G), gy = load<f64>(G, 8), gw = load<f64>(G, 16), gh = load<f64>(G, 24);
  const iw = min(dw + dx, gw + gx) - max(dx, gx);
  if (iw <= 0) return 0;
  const ih = min(dh + dy, gh + gy) - max(dy, gy);
  if (ih <= 0) return 0;
  const da = dw * dh;
  const i = iw * ih;
  const u = crowd ? da : da + gw * gh - i;
  return i / u;
}

/** IoU of m x n boxes (f64 [x, y, w, h] each), dt-major into out[m*n]; crowd: u8 per gt or 0. */
export function bboxIou(out: usize, dtPtr: usize, m: u32, gtPtr: usize, n: u32, crowdPtr: usize): i32 {
  for (let d: u32 = 0; d < m; d++) {
    const D = dtPtr + (<usize>d << 5);
    const row = out + (<usize>d * n << 3);
    for (let g: u32 = 0; g < n; g++) {
      const crowd = crowdPtr != 0 && load<u8>(crowdPtr + g) != 0;
      store<f64>(row + (<usize>g << 3), boxIou(D, gtPtr + (<usize>g << 5), crowd));
    }
  }
  return OK;
}

/**
 * IoU of m dt and n gt RLEs (desc: (countsPtr, len, h, w) u32 each), dt-major into out[m*n].
 * maskApi's rule: 0 when the boxes do not overlap, -1 when the sizes differ, 0 when nothing
 * intersects, else intersection / union, or / area(dt) for a crowd gt.
 */
export function rleIou(out: usize, dtDesc: usize, m: u32, gtDesc: usize, n: u32, crowdPtr: usize): i32 {
  const dtBox = arenaAlloc(<usize>m << 5);
  const gtBox = arenaAlloc(<usize>n << 5);
  const dtArea = arenaAlloc(<usize>m << 3);
  const gtArea = arenaAlloc(<usize>n << 3);
  if ((m != 0 && (dtBox == 0 || dtArea == 0)) || (n != 0 && (gtBox == 0 || gtArea == 0))) return E_NOMEM;
  for (let d: u32 = 0; d < m; d++) {
    const e = dtDesc + (<usize>d << 4);
    bboxOf(dtBox + (<usize>d << 5), <usize>load<u32>(e), load<u32>(e, 4), load<u32>(e, 8));
    store<f64>(dtArea + (<usize>d << 3), areaOf(<usize>load<u32>(e), load<u32>(e, 4)));
  }
  for (let g: u32 = 0; g < n; g++) {
    const e = gtDesc + (<usize>g << 4);
    bboxOf(gtBox + (<usize>g << 5), <usize>load<u32>(e), load<u32>(e, 4), load<u32>(e, 8));
    store<f64>(gtArea + (<usize>g << 3), areaOf(<usize>load<u32>(e), load<u32>(e, 4)));
  }
  for (let d: u32 = 0; d < m; d++) {
    const D = dtBox + (<usize>d << 5);
    const de = dtDesc + (<usize>d << 4);
    const row = out + (<usize>d * n << 3);
    for (let g: u32 = 0; g < n; g++) {
      const crowd = crowdPtr != 0 && load<u8>(crowdPtr + g) != 0;
      let o = boxIou(D, gtBox + (<usize>g << 5), crowd);
      if (o > 0) {
        const ge = gtDesc + (<usize>g << 4);
        if (load<u32>(de, 8) != load<u32>(ge, 8) || load<u32>(de, 12) != load<u32>(ge, 12)) {
          o = -1;
        } else {
          const inter = <f64>intersectionOf(<usize>load<u32>(de), load<u32>(de, 4), <usize>load<u32>(ge), load<u32>(ge, 4));
          if (inter == 0) {
            o = 0;
          } else {
            const da = load<f64>(dtArea + (<usize>d << 3));
            const u = crowd ? da : da + load<f64>(gtArea + (<usize>g << 3)) - inter;
            o = inter / u;
          }
        }
      }
      store<f64>(row + (<usize>g << 3), o);
    }
  }
  return OK;
}
