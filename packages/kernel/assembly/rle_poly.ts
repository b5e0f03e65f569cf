// Polygon -> COCO RLE by COCO's rule (cocoapi maskApi rleFrPoly), computed from boundary
// crossings without a dense mask or the dense upsampled boundary.
// The rule: vertices snap to a 1/5-pixel grid with C truncation, (int)(5v + 0.5); each edge is
// stepped one grid unit along its major axis, the minor coordinate rounded as (int)(s + s'*t + 0.5).
// Column X gets a crossing where the stepped boundary passes between grid columns 5X+2 and 5X+3
// (the pixel centre), at row ceil(clamp((min(v) + 0.5) / 5 - 0.5, 0, h)). Crossings sorted by
// column-major position toggle the fill (even-odd per column); crossings at equal positions cancel.
// Here each edge visits only the columns it crosses: a minor-axis edge finds its stepping index by
// estimate and exact correction, so every row value is the one the stepping would produce.
// Cost: O(crossings + columns spanned) per polygon; parts are unioned left to right (maskApi merge).
import { OK, E_NOMEM, E_RANGE, E_BOUND } from './status';
import { allocU32, arenaTop, arenaRewind } from './arena';
import { putResult, pixelCount, mergeTwo } from './rle';

const SCALE: f64 = 5;

// @ts-ignore: decorator
@inline function snap(v: f64): f64 {
  return trunc(SCALE * v + 0.5);
}

// @ts-ignore: decorator
@inline function rowOf(v: f64, h: f64): f64 {
  let y = (v + 0.5) / SCALE - 0.5;
  y = y < 0 ? 0 : y > h ? h : y;
  return ceil(y);
}

/** Minor coordinate at step t of an edge from a with slope s, as the stepping rounds it. */
// @ts-ignore: decorator
@inline function step(a: f64, s: f64, t: f64): f64 {
  return trunc(a + s * t + 0.5);
}

/**
 * Visits the crossings of one ring. With emit = false only counts them; otherwise stores
 * X*h + Y at pos[] and each crossing's column at colOf[]. Returns the number of crossings.
 */
function ringCrossings(xy: usize, k: u32, h: u32, w: u32, emit: bool, pos: usize, colOf: usize): u32 {
  const hf = <f64>h;
  const lastX = <f64>w - 1;
  let count: u32 = 0;
  for (let j: u32 = 0; j < k; j++) {
    const p = xy + (<usize>j << 4);
    const q = xy + (<usize>(j + 1 == k ? 0 : j + 1) << 4);
    let xs = snap(load<f64>(p)), ys = snap(load<f64>(p, 8));
    let xe = snap(load<f64>(q)), ye = snap(load<f64>(q, 8));
    const dx = abs(xe - xs), dy = abs(ye - ys);
    if (dx >= dy) {
      if (dx == 0) continue;
      if (xs > xe) {
        let t = xs; xs = xe; xe = t;
        t = ys; ys = ye; ye = t;
      }
      const s = (ye - ys) / dx;
      // Crossing at X when grid columns 5X+2 and 5X+3 are both on the edge: t = 5X+2-xs.
      const x0 = max(0, ceil((xs - 2) / SCALE));
      const x1 = min(lastX, floor((xe - 3) / SCALE));
      if (x1 < x0) continue;
      if (!emit) {
        count += <u32>(x1 - x0 + 1);
        continue;
      }
      for (let X = x0; X <= x1; X++) {
        const t = SCALE * X + 2 - xs;
        const v = min(step(ys, s, t), step(ys, s, t + 1));
        store<u32>(pos + (<usize>count << 2), <u32>(X * hf + rowOf(v, hf)));
        store<u32>(colOf + (<usize>count << 2), <u32>X);
        count++;
      }
    } else {
      if (ys > ye) {
        let t = xs; xs = xe; xe = t;
        t = ys; ys = ye; ye = t;
      }
      const s = (xe - xs) / dy;
      const u0 = step(xs, s, 0), u1 = step(xs, s, dy);
      if (u0 == u1) continue;
      const lo = min(u0, u1), hi = max(u0, u1);
      const x0 = max(0, ceil((lo - 2) / SCALE));
      const x1 = min(lastX, floor((hi - 3) / SCALE));
      if (x1 < x0) continue;
      if (!emit) {
        count += <u32>(x1 - x0 + 1);
        continue;
      }
      for (let X = x0; X <= x1; X++) {
        // First step t whose column is past the crossing; the pair is (t-1, t), rows ys+t-1, ys+t.
        let t: f64;
        if (s > 0) {
          const target = SCALE * X + 3;
          t = min(dy, max(1, ceil((target - 0.5 - xs) / s)));
          while (t > 1 && step(xs, s, t - 1) >= target) t--;
          while (step(xs, s, t) < target) t++;
        } else {
          const target = SCALE * X + 2;
          t = min(dy, max(1, floor((target + 0.5 - xs) / s) + 1));
          while (t > 1 && step(xs, s, t - 1) <= target) t--;
          while (step(xs, s, t) > target) t++;
        }
        store<u32>(pos + (<usize>count << 2), <u32>(X * hf + rowOf(ys + t - 1, hf)));
        store<u32>(colOf + (<usize>count << 2), <u32>X);
        count++;
      }
    }
  }
  return count;
}

/** Sorts u32 keys in place (shell sort; buckets here are short). */
function sortKeys(a: usize, n: u32): void {
  let gap: u32 = 1;
  while (gap < n / 3) gap = gap * 3 + 1;
  for (; gap > 0; gap /= 3) {
    for (let i = gap; i < n; i++) {
      const v = load<u32>(a + (<usize>i << 2));
      let j = i;
      while (j >= gap) {
        const u = load<u32>(a + (<usize>(j - gap) << 2));
        if (u <= v) break;
        store<u32>(a + (<usize>j << 2), u);
        j -= gap;
      }
      store<u32>(a + (<usize>j << 2), v);
    }
  }
}

/**
 * RLE of one ring into counts (bound: crossings + 2 words). Returns the counts length, or 0 when
 * the arena is exhausted.
 */
function ringRle(counts: usize, xy: usize, k: u32, h: u32, w: u32, n: u64, pos: usize, colOf: usize, sorted: usize, nCross: u32): u32 {
  ringCrossings(xy, k, h, w, true, pos, colOf);
  // Counting sort by column, then order each column's rows: positions come out globally sorted.
  let cmin: u32 = 0xffffffff, cmax: u32 = 0;
  for (let i: u32 = 0; i < nCross; i++) {
    const c = load<u32>(colOf + (<usize>i << 2));
    if (c < cmin) cmin = c;
    if (c > cmax) cmax = c;
  }
  let m: u32 = 0;
  let last: u64 = 0;
  if (nCross > 0) {
    const span = cmax - cmin + 1;
    const start = allocU32(<usize>span + 1);
    if (start == 0) return 0;
    memory.fill(start, 0, (<usize>span + 1) << 2);
    for (let i: u32 = 0; i < nCross; i++) {
      const b = start + (<usize>(load<u32>(colOf + (<usize>i << 2)) - cmin + 1) << 2);
      store<u32>(b, load<u32>(b) + 1);
    }
    for (let c: u32 = 1; c <= span; c++) {
      const b = start + (<usize>c << 2);
      store<u32>(b, load<u32>(b) + load<u32>(b - 4));
    }
    for (let i: u32 = 0; i < nCross; i++) {
      const b = start + (<usize>(load<u32>(colOf + (<usize>i << 2)) - cmin) << 2);
      const at = load<u32>(b);
      store<u32>(sorted + (<usize>at << 2), load<u32>(pos + (<usize>i << 2)));
      store<u32>(b, at + 1);
    }
    // After the scatter, start[c] is the end of bucket c (= beginning of bucket c + 1).
    let begin: u32 = 0;
    for (let c: u32 = 0; c < span; c++) {
      const end = load<u32>(start + (<usize>c << 2));
      if (end - begin > 1) sortKeys(sorted + (<usize>begin << 2), end - begin);
      begin = end;
    }
    // Toggle at each position met an odd number of times; a toggle at the very end is no run.
    let i: u32 = 0;
    while (i < nCross) {
      const p = load<u32>(sorted + (<usize>i << 2));
      let j = i + 1;
      while (j < nCross && load<u32>(sorted + (<usize>j << 2)) == p) j++;
      if (((j - i) & 1) != 0 && <u64>p < n) {
        store<u32>(counts + (<usize>(m++) << 2), <u32>(<u64>p - last));
        last = <u64>p;
      }
      i = j;
    }
  }
  store<u32>(counts + (<usize>(m++) << 2), <u32>(n - last));
  return m;
}

/**
 * COCO RLE of the union of nParts polygons (maskApi frPoly per part, then merge).
 * xy: f64 pairs; offsets: u32[nParts + 1] vertex offsets. Result slot: (counts pointer, length).
 */
export function rleFromPolygons(outPtr: usize, xyPtr: usize, offsetsPtr: usize, nParts: u32, h: u32, w: u32): i32 {
  const total = pixelCount(h, w);
  if (total < 0) return E_RANGE;
  const n = <u64>total;
  // Pass 1: crossings per part, to size every buffer once.
  const crossOf = allocU32(<usize>nParts + 1);
  if (crossOf == 0) return E_NOMEM;
  let maxCross: u32 = 0;
  let sumCross: u64 = 0;
  for (let i: u32 = 0; i < nParts; i++) {
    const v0 = load<u32>(offsetsPtr + (<usize>i << 2));
    const v1 = load<u32>(offsetsPtr + (<usize>(i + 1) << 2));
    if (v1 < v0) return E_RANGE;
    const c = ringCrossings(xyPtr + (<usize>v0 << 4), v1 - v0, h, w, false, 0, 0);
    store<u32>(crossOf + (<usize>i << 2), c);
    if (c > maxCross) maxCross = c;
    sumCross += c;
  }
  // Bounds: a part has <= crossings + 1 counts; merging adds the lengths of its inputs.
  const partCap = <usize>maxCross + 2;
  const accCap = <usize>sumCross + 2 * <usize>nParts + 2;
  if (accCap > 0x3ffffff0) return E_RANGE;
  const part = allocU32(partCap);
  const acc = allocU32(accCap);
  const tmp = allocU32(accCap);
  const pos = allocU32(<usize>maxCross + 1);
  const colOf = allocU32(<usize>maxCross + 1);
  const sorted = allocU32(<usize>maxCross + 1);
  if (part == 0 || acc == 0 || tmp == 0 || pos == 0 || colOf == 0 || sorted == 0) return E_NOMEM;
  const mark = arenaTop();

  let accPtr = acc, tmpPtr = tmp;
  let accLen: u32 = 0;
  if (nParts == 0) {
    store<u32>(accPtr, <u32>n);
    accLen = 1;
  }
  for (let i: u32 = 0; i < nParts; i++) {
    const v0 = load<u32>(offsetsPtr + (<usize>i << 2));
    const v1 = load<u32>(offsetsPtr + (<usize>(i + 1) << 2));
    const xy = xyPtr + (<usize>v0 << 4);
    const nCross = load<u32>(crossOf + (<usize>i << 2));
    const target = i == 0 ? accPtr : part;
    const len = ringRle(target, xy, v1 - v0, h, w, n, pos, colOf, sorted, nCross);
    if (len == 0) return E_NOMEM;
    arenaRewind(mark);
    if (i == 0) {
      accLen = len;
    } else {
      const merged = mergeTwo(tmpPtr, accPtr, accLen, part, len, false);
      if (<usize>merged > accCap) return E_BOUND;
      const t = accPtr; accPtr = tmpPtr; tmpPtr = t;
      accLen = merged;
    }
  }
  putResult(outPtr, accPtr, accLen);
  return OK;
}
