// COCO run-length encoding (the format of cocodataset/cocoapi's maskApi): runs over the mask in
// column-major order, alternating 0s and 1s, starting with a (possibly empty) run of 0s.
// Masks cross this boundary row-major (row y, column x at y*w + x).
// Results equal maskApi's, including its outputs on non-canonical counts (zero-length runs).
import { OK, E_NOMEM, E_RANGE, E_INPUT } from './status';
import { arenaAlloc, allocU32 } from './arena';

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

// A run boundary in column-major order is a vertical change: pixel (x, y) starts a new run when
// (mask[y][x] != 0) differs from (mask[y-1][x] != 0), and (x, 0) when it differs from the last
// pixel of column x-1, mask[h-1][x-1] (0 before the first column). Encode finds these changes row
// by row (v128 compares, 16 columns at a time), buckets them by column (rows come out in order),
// and turns positions x*h + y into run lengths. Decode scatters the same changes into a zeroed mask
// and prefix-XORs the rows. Neither transposes, and both work in O(pixels / 16 + runs).

/** Visits every run boundary (x, y) of a row-major mask; place = false counts them per column. */
function scanBoundaries(maskPtr: usize, h: u32, w: u32, place: bool, perColumn: usize, out: usize): void {
  const zero = i8x16.splat(0);
  const W = <usize>w;
  const last = maskPtr + <usize>(h - 1) * W;
  // Row 0 against the last row shifted by one column.
  for (let x: u32 = 0; x < w; x++) {
    const prev = x == 0 ? false : load<u8>(last + x - 1) != 0;
    if ((load<u8>(maskPtr + x) != 0) != prev) boundary(x, 0, place, perColumn, out);
  }
  for (let y: u32 = 1; y < h; y++) {
    const cur = maskPtr + <usize>y * W;
    const prev = cur - W;
    let x: u32 = 0;
    // 64 columns at a time: most blocks of real masks do not change from one row to the next.
    for (; x + 64 <= w; x += 64) {
      const d0 = changes(cur + x, prev + x, zero);
      const d1 = changes(cur + x + 16, prev + x + 16, zero);
      const d2 = changes(cur + x + 32, prev + x + 32, zero);
      const d3 = changes(cur + x + 48, prev + x + 48, zero);
      if (!v128.any_true(v128.or(v128.or(d0, d1), v128.or(d2, d3)))) continue;
      boundaries16(d0, x, y, place, perColumn, out);
      boundaries16(d1, x + 16, y, place, perColumn, out);
      boundaries16(d2, x + 32, y, place, perColumn, out);
      boundaries16(d3, x + 48, y, place, perColumn, out);
    }
    for (; x + 16 <= w; x += 16) boundaries16(changes(cur + x, prev + x, zero), x, y, place, perColumn, out);
    for (; x < w; x++) {
      if ((load<u8>(cur + x) != 0) != (load<u8>(prev + x) != 0)) boundary(x, y, place, perColumn, out);
    }
  }
}

/** Lanes (0xff) where (a != 0) differs from (b != 0), for 16 bytes. */
// @ts-ignore: decorator
@inline function changes(a: usize, b: usize, zero: v128): v128 {
  return v128.xor(i8x16.eq(v128.load(a), zero), i8x16.eq(v128.load(b), zero));
}

// @ts-ignore: decorator
@inline function boundaries16(d: v128, x: u32, y: u32, place: bool, perColumn: usize, out: usize): void {
  let bits = i8x16.bitmask(d);
  while (bits != 0) {
    boundary(x + ctz(bits), y, place, perColumn, out);
    bits &= bits - 1;
  }
}

// @ts-ignore: decorator
@inline function boundary(x: u32, y: u32, place: bool, perColumn: usize, out: usize): void {
  const slot = perColumn + (<usize>x << 2);
  const k = load<u32>(slot);
  if (place) store<u32>(out + (<usize>k << 2), y);
  store<u32>(slot, k + 1);
}

/**
 * Encodes a row-major h x w mask (non-zero = foreground) into COCO counts.
 * Result slot: (counts pointer, counts length).
 */
export function rleEncode(outPtr: usize, maskPtr: usize, h: u32, w: u32): i32 {
  const total = pixelCount(h, w);
  if (total < 0) return E_RANGE;
  const n = <u64>total;
  if (n == 0) {
    const c = allocU32(1);
    if (c == 0) return E_NOMEM;
    store<u32>(c, 0);
    putResult(outPtr, c, 1);
    return OK;
  }
  // Pass 1: boundaries per column (w + 1 words, the last one a guard for the prefix sums).
  const perColumn = allocU32(<usize>w + 1);
  if (perColumn == 0) return E_NOMEM;
  memory.fill(perColumn, 0, (<usize>w + 1) << 2);
  scanBoundaries(maskPtr, h, w, false, perColumn, 0);
  let boundaries: u32 = 0;
  for (let x: u32 = 0; x < w; x++) {
    const slot = perColumn + (<usize>x << 2);
    const c = load<u32>(slot);
    store<u32>(slot, boundaries);
    boundaries += c;
  }
  // Pass 2: each boundary's row into its column's bucket; then rows -> run lengths in place.
  // Bound: one count per boundary plus the closing run.
  const counts = allocU32(<usize>boundaries + 1);
  if (counts == 0) return E_NOMEM;
  scanBoundaries(maskPtr, h, w, true, perColumn, counts);
  let k: u32 = 0;
  let prev: u64 = 0;
  for (let x: u32 = 0; x < w; x++) {
    const end = load<u32>(perColumn + (<usize>x << 2));
    const base = <u64>x * <u64>h;
    for (; k < end; k++) {
      const p = base + <u64>load<u32>(counts + (<usize>k << 2));
      store<u32>(counts + (<usize>k << 2), <u32>(p - prev));
      prev = p;
    }
  }
  store<u32>(counts + (<usize>boundaries << 2), <u32>(n - prev));
  putResult(outPtr, counts, <usize>boundaries + 1);
  return OK;
}

/** Toggles pixel (x, y) of the column-major position p = x*h + y in a row-major mask. */
// @ts-ignore: decorator
@inline function toggleAt(maskPtr: usize, p: u64, h: u32, w: u32): void {
  const x = <u32>(p / <u64>h);
  const y = <u32>(p - <u64>x * <u64>h);
  const at = maskPtr + <usize>y * <usize>w + x;
  store<u8>(at, load<u8>(at) ^ 1);
}

/** Decodes COCO counts into a row-major h x w 0/1 mask at maskPtr. E_INPUT unless they sum to h*w. */
export function rleDecode(maskPtr: usize, countsPtr: usize, len: u32, h: u32, w: u32): i32 {
  const total = pixelCount(h, w);
  if (total < 0) return E_RANGE;
  const n = <u64>total;
  if (!countsSumTo(countsPtr, len, <usize>n)) return E_INPUT;
  if (n == 0) return OK;
  memory.fill(maskPtr, 0, <usize>n);
  // A run of 1s [s, e) toggles its first pixel, the top of every later column it reaches (a column
  // starts at 0), and the pixel after it unless that begins a new column.
  let pos: u64 = 0;
  const H = <u64>h;
  for (let i: u32 = 0; i < len; i++) {
    const c = <u64>load<u32>(countsPtr + (<usize>i << 2));
    if ((i & 1) != 0 && c != 0) {
      const e = pos + c;
      toggleAt(maskPtr, pos, h, w);
      const x1 = <u32>((e - 1) / H);
      for (let x = <u32>(pos / H) + 1; x <= x1; x++) store<u8>(maskPtr + x, load<u8>(maskPtr + x) ^ 1);
      if (e % H != 0) toggleAt(maskPtr, e, h, w);
    }
    pos += c;
  }
  // Each row is the row above XOR its toggles.
  const W = <usize>w;
  for (let y: u32 = 1; y < h; y++) {
    const cur = maskPtr + <usize>y * W;
    const prev = cur - W;
    let x: usize = 0;
    for (; x + 16 <= W; x += 16) v128.store(cur + x, v128.xor(v128.load(cur + x), v128.load(prev + x)));
    for (; x < W; x++) store<u8>(cur + x, load<u8>(cur + x) ^ load<u8>(prev + x));
  }
  return OK;
}

/** True when the counts add up to exactly n (computed without overflow). */
export function countsSumTo(countsPtr: usize, len: u32, n: usize): bool {
  let sum: u64 = 0;
  for (let i: u32 = 0; i < len; i++) sum += <u64>load<u32>(countsPtr + (<usize>i << 2));
  return sum == <u64>n;
}

/** Bounding box of one RLE into out (f64 [x, y, w, h]); E_INPUT unless the counts add up to h*w. */
export function rleBbox(outPtr: usize, countsPtr: usize, len: u32, h: u32, w: u32): i32 {
  if (pixelCount(h, w) < 0) return E_RANGE;
  const sum = arenaAlloc(SUM_BYTES);
  const bounds = allocU32(<usize>len + 1);
  if (sum == 0 || bounds == 0) return E_NOMEM;
  if (!summarize(sum, bounds, countsPtr, len, h, w)) return E_INPUT;
  memory.copy(outPtr, sum, 32);
  return OK;
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

/** A merge step met counts that do not add up to n. */
const BAD_SUM: i32 = -1;
/** A merge step met an empty run after the first: the input is not canonical. */
const NOT_CANONICAL: i32 = -2;

// Merging canonical RLEs works on interval lists: the 1-runs as [s, e) position pairs (the run
// boundaries in order), ending in the guard n. On canonical inputs the result does not depend on
// the order of the merges, and it is the canonical RLE, the one maskApi's walk gives; so the two
// shortest lists are merged first (Huffman order): O(total * log n) instead of maskApi's
// left-to-right O(total * n).

/**
 * The interval list of an RLE's counts: its run boundaries (prefix sums) as [start, end) pairs,
 * then the guard n. Returns its length in words (without the guard), BAD_SUM or NOT_CANONICAL.
 * Four counts at a time: prefix sums within a vector plus the running total. The sums are u32
 * and the total is checked in u64: once it equals n (< 2^32), no prefix sum can have wrapped.
 */
function intervalsOf(dst: usize, c: usize, len: u32, n: u32): i32 {
  if (len == 0) return n == 0 ? NOT_CANONICAL : BAD_SUM;
  let p: u32 = load<u32>(c);
  let total: u64 = <u64>p;
  let least: u32 = 0xffffffff;
  let i: u32 = 1;
  if (len >= 5) {
    const zero = i32x4.splat(0);
    let mins = i32x4.splat(-1);
    let sums = zero;
    for (; i + 4 <= len; i += 4) {
      const k = v128.load(c + (<usize>i << 2));
      mins = i32x4.min_u(mins, k);
      sums = i64x2.add(sums, i64x2.add(i64x2.extend_low_i32x4_u(k), i64x2.extend_high_i32x4_u(k)));
      // Inclusive prefix sums of the four counts, then shifted one lane: the boundaries before each.
      let incl = i32x4.add(k, i8x16.shuffle(zero, k, 0, 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27));
      incl = i32x4.add(incl, i8x16.shuffle(zero, incl, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
      const excl = i8x16.shuffle(zero, incl, 0, 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27);
      v128.store(dst + (<usize>(i - 1) << 2), i32x4.add(excl, i32x4.splat(p)));
      p += <u32>i32x4.extract_lane(incl, 3);
    }
    total += <u64>i64x2.extract_lane(sums, 0) + <u64>i64x2.extract_lane(sums, 1);
    least = min(min(<u32>i32x4.extract_lane(mins, 0), <u32>i32x4.extract_lane(mins, 1)), min(<u32>i32x4.extract_lane(mins, 2), <u32>i32x4.extract_lane(mins, 3)));
  }
  for (; i < len; i++) {
    store<u32>(dst + (<usize>(i - 1) << 2), p);
    const k = load<u32>(c + (<usize>i << 2));
    least = min(least, k);
    p += k;
    total += <u64>k;
  }
  if (total != <u64>n) return BAD_SUM;
  // A last 1-run ends at n: close its interval before the guard (at most len + 1 words in all).
  let words = len - 1;
  if ((words & 1) != 0) store<u32>(dst + (<usize>(words++) << 2), n);
  store<u32>(dst + (<usize>words << 2), n);
  return least == 0 ? NOT_CANONICAL : <i32>words;
}

/** out = a OR b, interval lists ending in the guard n. Returns the length (guard written after). */
function unionLists(out: usize, a: usize, b: usize, n: u32): u32 {
  let as = load<u32>(a), ae = load<u32>(a, 4);
  let bs = load<u32>(b), be = load<u32>(b, 4);
  let cs = n, ce: u32 = 0; // the interval being built (cs = n: none yet)
  let o = out;
  while (true) {
    let s: u32, e: u32;
    if (as <= bs) {
      if (as >= n) break;
      s = as;
      e = ae;
      a += 8;
      as = load<u32>(a);
      ae = load<u32>(a, 4);
    } else {
      s = bs;
      e = be;
      b += 8;
      bs = load<u32>(b);
      be = load<u32>(b, 4);
    }
    if (s <= ce && cs < n) {
      if (e > ce) ce = e;
    } else {
      if (cs < n) {
        store<u32>(o, cs);
        store<u32>(o, ce, 4);
        o += 8;
      }
      cs = s;
      ce = e;
    }
  }
  if (cs < n) {
    store<u32>(o, cs);
    store<u32>(o, ce, 4);
    o += 8;
  }
  store<u32>(o, n);
  return <u32>((o - out) >> 2);
}

/** out = a AND b, interval lists ending in the guard n. Returns the length (guard written after). */
function intersectLists(out: usize, a: usize, b: usize, n: u32): u32 {
  let as = load<u32>(a), ae = load<u32>(a, 4);
  let bs = load<u32>(b), be = load<u32>(b, 4);
  let o = out;
  while (as < n && bs < n) {
    const s = max(as, bs), e = min(ae, be);
    if (s < e) {
      store<u32>(o, s);
      store<u32>(o, e, 4);
      o += 8;
    }
    // Drop whichever interval ends first (both when they end together).
    const dropA = ae <= be, dropB = be <= ae;
    if (dropA) {
      a += 8;
      as = load<u32>(a);
      ae = load<u32>(a, 4);
    }
    if (dropB) {
      b += 8;
      bs = load<u32>(b);
      be = load<u32>(b, 4);
    }
  }
  store<u32>(o, n);
  return <u32>((o - out) >> 2);
}

// A min-heap of u64 keys (list length << 32 | list pointer) in linear memory.
function siftDown(heap: usize, size: u32, i: u32): void {
  const v = load<u64>(heap + (<usize>i << 3));
  while (true) {
    let c: u32 = 2 * i + 1;
    if (c >= size) break;
    let cv = load<u64>(heap + (<usize>c << 3));
    if (c + 1 < size) {
      const rv = load<u64>(heap + (<usize>(c + 1) << 3));
      if (rv < cv) {
        c++;
        cv = rv;
      }
    }
    if (cv >= v) break;
    store<u64>(heap + (<usize>i << 3), cv);
    i = c;
  }
  store<u64>(heap + (<usize>i << 3), v);
}

/**
 * Merges n RLEs of one size (desc: n x (countsPtr, len) u32 pairs), as maskApi's rleMerge: a
 * single RLE comes back unchanged; non-canonical inputs go through maskApi's walk so that
 * zero-length runs come out the same. E_INPUT (slot: index of the RLE) when counts do not add up
 * to h*w. Result slot: (counts pointer, length).
 */
export function rleMerge(outPtr: usize, descPtr: usize, n: u32, h: u32, w: u32, intersect: bool): i32 {
  if (n == 0) return E_INPUT;
  const total = pixelCount(h, w);
  if (total < 0) return E_RANGE;
  const N = <u32>total;
  // Each input's interval list takes len words (len - 1 boundaries and the guard).
  let words: usize = 0;
  for (let i: u32 = 0; i < n; i++) words += <usize>load<u32>(descPtr + (<usize>i << 3), 4) + 1;
  const lists = allocU32(words);
  const heap = arenaAlloc(<usize>n << 3);
  if (lists == 0 || heap == 0) return E_NOMEM;
  let canonical = true;
  let at = lists;
  for (let i: u32 = 0; i < n; i++) {
    const d = descPtr + (<usize>i << 3);
    const len = load<u32>(d, 4);
    const r = intervalsOf(at, <usize>load<u32>(d), len, N);
    if (r == BAD_SUM) {
      putResult(outPtr, i, 0);
      return E_INPUT;
    }
    if (r == NOT_CANONICAL) canonical = false;
    store<u64>(heap + (<usize>i << 3), (<u64>max(r, 0) << 32) | <u64>at);
    at += (<usize>len + 1) << 2;
  }
  const first = <usize>load<u32>(descPtr);
  const firstLen = load<u32>(descPtr, 4);
  if (n == 1) {
    putResult(outPtr, first, firstLen);
    return OK;
  }
  if (canonical) {
    // Huffman order: merge the two shortest lists until one is left. A result is at most the sum
    // of its inputs (plus a guard), so the arena holds at most `words` per level of merging.
    let size = n;
    for (let i = <i32>(n >> 1) - 1; i >= 0; i--) siftDown(heap, size, <u32>i);
    while (size > 1) {
      const x = load<u64>(heap);
      store<u64>(heap, load<u64>(heap + (<usize>(size - 1) << 3)));
      size--;
      siftDown(heap, size, 0);
      const y = load<u64>(heap);
      const dst = allocU32(<usize>((x >> 32) + (y >> 32)) + 1);
      if (dst == 0) return E_NOMEM;
      const a = <usize>(x & 0xffffffff), b = <usize>(y & 0xffffffff);
      const len = intersect ? intersectLists(dst, a, b, N) : unionLists(dst, a, b, N);
      store<u64>(heap, (<u64>len << 32) | <u64>dst);
      siftDown(heap, size, 0);
    }
    // Interval list -> run lengths, in place: the boundaries up to the first one at N (the end
    // of a last interval that reaches N, else the guard), each minus the one before it.
    const top = load<u64>(heap);
    const acc = <usize>(top & 0xffffffff);
    const listLen = <usize>(top >> 32);
    const runs = listLen > 0 && load<u32>(acc + ((listLen - 1) << 2)) >= N ? listLen : listLen + 1;
    let before: u32 = 0;
    let k: usize = 0;
    for (; k + 4 <= runs; k += 4) {
      const cur = v128.load(acc + (k << 2));
      const prev = i8x16.shuffle(i32x4.splat(before), cur, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27);
      v128.store(acc + (k << 2), i32x4.sub(cur, prev));
      before = <u32>i32x4.extract_lane(cur, 3);
    }
    for (; k < runs; k++) {
      const p = load<u32>(acc + (k << 2));
      store<u32>(acc + (k << 2), p - before);
      before = p;
    }
    putResult(outPtr, acc, runs);
    return OK;
  }
  // Non-canonical input: maskApi's walk step by step, left to right.
  let bound: usize = 0;
  for (let i: u32 = 0; i < n; i++) bound += <usize>load<u32>(descPtr + (<usize>i << 3), 4);
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

// Box IoU (maskApi's bbIou) two ground truths at a time. Boxes are given as x, y, w, h (f64); the
// ground truths are laid out as columns x0, x1 = w + x, y0, y1 = h + y, area = w * h and a crowd
// mask, padded to an even count with a box that overlaps nothing. The arithmetic is maskApi's,
// operation for operation: iw = min(dx1, gx1) - max(dx0, gx0), ih likewise, i = iw * ih,
// (pmin/pmax: plain minpd/maxpd, equal to fmin/fmax on the finite boxes the API admits),
// u = crowd ? da : da + ga - i, iou = i / u when iw > 0 and ih > 0, else 0.
const GT_COLUMNS = 6;

/** Lays out n boxes (f64 x, y, w, h at boxes + 32*i, stride `stride` bytes) as gate columns. */
function gateColumns(cols: usize, boxes: usize, stride: usize, n: u32, crowdPtr: usize): void {
  const np = <usize>((n + 1) & ~1);
  for (let g: usize = 0; g < np; g++) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, area: f64 = 0, crowd: u64 = 0;
    if (g < <usize>n) {
      const B = boxes + g * stride;
      const x = load<f64>(B), y = load<f64>(B, 8), w = load<f64>(B, 16), h = load<f64>(B, 24);
      x0 = x; x1 = w + x; y0 = y; y1 = h + y; area = w * h;
      crowd = crowdPtr != 0 && load<u8>(crowdPtr + g) != 0 ? 0xffffffffffffffff : 0;
    }
    store<f64>(cols + (g << 3), x0);
    store<f64>(cols + ((np + g) << 3), x1);
    store<f64>(cols + ((2 * np + g) << 3), y0);
    store<f64>(cols + ((3 * np + g) << 3), y1);
    store<f64>(cols + ((4 * np + g) << 3), area);
    store<u64>(cols + ((5 * np + g) << 3), crowd);
  }
}

/**
 * One row of box IoUs: the box at D against every column box. The positive ones are appended as
 * (column index, iou) to hitIdx / hitVal; returns how many.
 */
function gateRow(D: usize, cols: usize, n: u32, hitIdx: usize, hitVal: usize): u32 {
  const np = <usize>((n + 1) & ~1);
  const x = load<f64>(D), y = load<f64>(D, 8), w = load<f64>(D, 16), h = load<f64>(D, 24);
  const dx0 = f64x2.splat(x), dx1 = f64x2.splat(w + x), dy0 = f64x2.splat(y), dy1 = f64x2.splat(h + y);
  const da = f64x2.splat(w * h);
  const zero = f64x2.splat(0);
  let count: u32 = 0;
  for (let g: usize = 0; g < np; g += 2) {
    const iw = f64x2.sub(f64x2.pmin(dx1, v128.load(cols + ((np + g) << 3))), f64x2.pmax(dx0, v128.load(cols + (g << 3))));
    const ih = f64x2.sub(f64x2.pmin(dy1, v128.load(cols + ((3 * np + g) << 3))), f64x2.pmax(dy0, v128.load(cols + ((2 * np + g) << 3))));
    const ok = v128.and(f64x2.gt(iw, zero), f64x2.gt(ih, zero));
    if (!v128.any_true(ok)) continue;
    const i = f64x2.mul(iw, ih);
    const u = v128.bitselect(da, f64x2.sub(f64x2.add(da, v128.load(cols + ((4 * np + g) << 3))), i), v128.load(cols + ((5 * np + g) << 3)));
    const o = f64x2.div(i, u);
    const bits = i64x2.bitmask(ok);
    if ((bits & 1) != 0) {
      store<u32>(hitIdx + (<usize>count << 2), <u32>g);
      store<f64>(hitVal + (<usize>count << 3), f64x2.extract_lane(o, 0));
      count++;
    }
    if ((bits & 2) != 0) {
      store<u32>(hitIdx + (<usize>count << 2), <u32>(g + 1));
      store<f64>(hitVal + (<usize>count << 3), f64x2.extract_lane(o, 1));
      count++;
    }
  }
  return count;
}

/**
 * Appends the row's hits, offset by `base`, to the output lists; zeros are dropped (the caller's
 * matrix starts zeroed). Returns the new output length.
 */
// @ts-ignore: decorator
@inline function keepHits(outIdx: usize, outVal: usize, at: usize, hitIdx: usize, hitVal: usize, count: u32, base: u32): usize {
  for (let k: u32 = 0; k < count; k++) {
    const v = load<f64>(hitVal + (<usize>k << 3));
    if (v == 0) continue;
    store<u32>(outIdx + (at << 2), base + load<u32>(hitIdx + (<usize>k << 2)));
    store<f64>(outVal + (at << 3), v);
    at++;
  }
  return at;
}

/**
 * IoU of m x n boxes (f64 [x, y, w, h] each), as a sparse dt-major matrix: result slot
 * (index pointer, count, value pointer) lists the non-zero entries d*n + g. crowd: u8 per gt or 0.
 */
export function bboxIou(outPtr: usize, dtPtr: usize, m: u32, gtPtr: usize, n: u32, crowdPtr: usize): i32 {
  const cols = arenaAlloc(<usize>((n + 1) & ~1) * GT_COLUMNS << 3);
  const hitIdx = allocU32(<usize>n + 2);
  const hitVal = arenaAlloc((<usize>n + 2) << 3);
  if (cols == 0 || hitIdx == 0 || hitVal == 0) return E_NOMEM;
  gateColumns(cols, gtPtr, 32, n, crowdPtr);
  // Output lists grow at the top of the arena: each row's hits are appended after the previous.
  const cap = <usize>m * <usize>n;
  const outIdx = allocU32(cap);
  const outVal = arenaAlloc(cap << 3);
  if (outIdx == 0 || outVal == 0) return E_NOMEM;
  let at: usize = 0;
  for (let d: u32 = 0; d < m; d++) {
    const count = gateRow(dtPtr + (<usize>d << 5), cols, n, hitIdx, hitVal);
    at = keepHits(outIdx, outVal, at, hitIdx, hitVal, count, d * n);
  }
  putSparse(outPtr, outIdx, at, outVal);
  return OK;
}

/** Result slot of a sparse matrix: (index pointer, count, value pointer). */
// @ts-ignore: decorator
@inline function putSparse(outPtr: usize, idx: usize, count: usize, val: usize): void {
  store<u32>(outPtr, <u32>idx);
  store<u32>(outPtr, <u32>count, 4);
  store<u32>(outPtr, <u32>val, 8);
}

// Per-RLE summary for IoU: boundary list (prefix sums + guard), box and area, in one pass.
// Layout of a summary (48 bytes): f64 x, y, w, h, area; u32 bounds pointer, u32 bound count.
const SUM_BYTES: usize = 48;

/**
 * Writes the summary of one RLE: its boundaries (positions where the value toggles, then the guard
 * n) at `bounds`, and its box (maskApi's rleToBbox on canonical counts; empty runs skipped) and area.
 * Returns false when the counts do not add up to h*w.
 */
function summarize(sum: usize, bounds: usize, c: usize, len: u32, h: u32, w: u32): bool {
  const n = <u64>h * <u64>w;
  let pos: u64 = 0, area: u64 = 0;
  let xs: u32 = 0xffffffff, ys: u32 = 0xffffffff, xe: u32 = 0, ye: u32 = 0;
  // Column of a position, tracked as positions only move forward (a division only for long jumps).
  let col: u32 = 0, colStart: u32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    const cnt = <u64>load<u32>(c + (<usize>i << 2));
    if ((i & 1) != 0 && cnt != 0) {
      if (pos + cnt > n) return false;
      const first = <u32>pos, last = <u32>(pos + cnt - 1);
      if (first - colStart >= h) {
        if (first - colStart < 2 * h) { col++; colStart += h; }
        else { col = first / h; colStart = col * h; }
      }
      const x0 = col, y0 = first - colStart;
      if (last - colStart >= h) {
        if (last - colStart < 2 * h) { col++; colStart += h; }
        else { col = last / h; colStart = col * h; }
      }
      const x1 = col, y1 = last - colStart;
      if (x0 < xs) xs = x0;
      if (x1 > xe) xe = x1;
      if (x1 > x0) {
        ys = 0;
        ye = h - 1;
      } else {
        if (y0 < ys) ys = y0;
        if (y1 > ye) ye = y1;
      }
      area += cnt;
    }
    pos += cnt;
    if (pos > n) return false;
    if (i + 1 < len) store<u32>(bounds + (<usize>i << 2), <u32>pos);
  }
  if (pos != n) return false;
  const nb = len == 0 ? 0 : len - 1;
  store<u32>(bounds + (<usize>nb << 2), <u32>n);
  const empty = area == 0;
  store<f64>(sum, empty ? 0 : <f64>xs);
  store<f64>(sum, empty ? 0 : <f64>ys, 8);
  store<f64>(sum, empty ? 0 : <f64>(xe - xs + 1), 16);
  store<f64>(sum, empty ? 0 : <f64>(ye - ys + 1), 24);
  store<f64>(sum, <f64>area, 32);
  store<u32>(sum, <u32>bounds, 40);
  store<u32>(sum, nb, 44);
  return true;
}

/** Index of the first boundary > p in bounds[0..nb) (nb when none). */
function firstAfter(bounds: usize, nb: u32, p: u32): u32 {
  let lo: u32 = 0, hi = nb;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<u32>(bounds + (<usize>mid << 2)) <= p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Pixels set in both RLEs within positions [from, to): their 1-intervals (boundary pairs) are
 * intersected from the first interval that ends after `from`.
 */
function intersectWindow(a: usize, na: u32, b: usize, nb: u32, from: u32, to: u32): u64 {
  // Interval j is [bounds[2j], bounds[2j+1]); the first one ending after `from` is j = i >> 1.
  let ia = (firstAfter(a, na, from) >> 1) << 1;
  let ib = (firstAfter(b, nb, from) >> 1) << 1;
  let inter: u64 = 0;
  while (ia < na && ib < nb) {
    const as = load<u32>(a + (<usize>ia << 2)), bs = load<u32>(b + (<usize>ib << 2));
    if (as >= to || bs >= to) break;
    // An interval's end is the next boundary, or the guard n for a run that reaches the end.
    const ae = load<u32>(a + (<usize>ia << 2), 4), be = load<u32>(b + (<usize>ib << 2), 4);
    const s = max(as, bs), e = min(ae, be);
    if (e > s) inter += <u64>(e - s);
    if (ae <= be) ia += 2;
    if (be <= ae) ib += 2;
  }
  return inter;
}

/**
 * IoU of m dt and n gt RLEs (desc: (countsPtr, len, h, w) u32 each), as a sparse dt-major matrix
 * (result slot as bboxIou's).
 * maskApi's rule: 0 when the boxes do not overlap, -1 when the sizes differ, 0 when nothing
 * intersects, else intersection / union, or / area(dt) for a crowd gt. E_INPUT when an RLE's counts
 * do not add up to h*w: the slot's first word is then its index, dt first (0..m-1), then gt.
 */
export function rleIou(outPtr: usize, dtDesc: usize, m: u32, gtDesc: usize, n: u32, crowdPtr: usize): i32 {
  // One summary and one boundary list per RLE: (len + 1) words each, len summed over all of them.
  let words: usize = 0;
  for (let i: u32 = 0; i < m + n; i++) {
    const e = i < m ? dtDesc + (<usize>i << 4) : gtDesc + (<usize>(i - m) << 4);
    if (pixelCount(load<u32>(e, 8), load<u32>(e, 12)) < 0) return E_RANGE;
    words += <usize>load<u32>(e, 4) + 1;
  }
  const sums = arenaAlloc(<usize>(m + n) * SUM_BYTES);
  let bounds = allocU32(words);
  if (sums == 0 || bounds == 0) return E_NOMEM;
  for (let i: u32 = 0; i < m + n; i++) {
    const e = i < m ? dtDesc + (<usize>i << 4) : gtDesc + (<usize>(i - m) << 4);
    const len = load<u32>(e, 4);
    if (!summarize(sums + <usize>i * SUM_BYTES, bounds, <usize>load<u32>(e), len, load<u32>(e, 8), load<u32>(e, 12))) {
      store<u32>(outPtr, i);
      return E_INPUT;
    }
    bounds += (<usize>len + 1) << 2;
  }
  const gtSums = sums + <usize>m * SUM_BYTES;
  const cols = arenaAlloc(<usize>((n + 1) & ~1) * GT_COLUMNS << 3);
  const hitIdx = allocU32(<usize>n + 2);
  const hitVal = arenaAlloc((<usize>n + 2) << 3);
  if (cols == 0 || hitIdx == 0 || hitVal == 0) return E_NOMEM;
  gateColumns(cols, gtSums, SUM_BYTES, n, crowdPtr);
  const cap = <usize>m * <usize>n;
  const outIdx = allocU32(cap);
  const outVal = arenaAlloc(cap << 3);
  if (outIdx == 0 || outVal == 0) return E_NOMEM;
  let at: usize = 0;
  for (let d: u32 = 0; d < m; d++) {
    const D = sums + <usize>d * SUM_BYTES;
    const de = dtDesc + (<usize>d << 4);
    const dh = load<u32>(de, 8), dw = load<u32>(de, 12);
    const count = gateRow(D, cols, n, hitIdx, hitVal);
    for (let k: u32 = 0; k < count; k++) {
      const g = load<u32>(hitIdx + (<usize>k << 2));
      const G = gtSums + <usize>g * SUM_BYTES;
      const ge = gtDesc + (<usize>g << 4);
      let o: f64;
      if (dh != load<u32>(ge, 8) || dw != load<u32>(ge, 12)) {
        o = -1;
      } else {
        // Only the columns both boxes cover can intersect.
        const x0 = <u32>max(load<f64>(D), load<f64>(G));
        const x1 = <u32>min(load<f64>(D) + load<f64>(D, 16), load<f64>(G) + load<f64>(G, 16));
        const inter = <f64>intersectWindow(
          <usize>load<u32>(D, 40), load<u32>(D, 44), <usize>load<u32>(G, 40), load<u32>(G, 44), x0 * dh, x1 * dh,
        );
        if (inter == 0) {
          o = 0;
        } else {
          const crowd = crowdPtr != 0 && load<u8>(crowdPtr + g) != 0;
          const da = load<f64>(D, 32);
          o = inter / (crowd ? da : da + load<f64>(G, 32) - inter);
        }
      }
      store<f64>(hitVal + (<usize>k << 3), o);
    }
    at = keepHits(outIdx, outVal, at, hitIdx, hitVal, count, d * n);
  }
  putSparse(outPtr, outIdx, at, outVal);
  return OK;
}
