// Polygon -> COCO RLE by COCO's rule (cocoapi maskApi rleFrPoly, then merge), computed from the
// boundary crossings of poly_coco.ts without a dense mask or the dense upsampled boundary.
// Per ring: crossings bucketed by column (counting sort), each column's rows sorted (insertion;
// columns hold 2 crossings typically), then toggles at column-major positions X*h + Y, where equal
// positions cancel pairwise. Cost: O(crossings + columns spanned) per ring; parts are unioned
// left to right as maskApi's merge.
import { OK, E_NOMEM, E_RANGE, E_BOUND } from './status';
import { allocU32, arenaTop, arenaRewind } from './arena';
import { putResult, pixelCount, mergeTwo } from './rle';
import { cocoRingCount, cocoRingCrossings } from './poly_coco';

/**
 * RLE of one ring into counts (bound: nCross + 1 words). cols, rows, sorted: nCross words each.
 * Returns the counts length, or 0 when the arena is exhausted.
 */
function ringRle(counts: usize, xy: usize, k: u32, h: u32, w: u32, n: u64, cols: usize, rows: usize, sorted: usize, nCross: u32): u32 {
  let m: u32 = 0;
  if (nCross > 0) {
    cocoRingCrossings(cols, rows, xy, k, h, w);
    let cmin: u32 = 0xffffffff, cmax: u32 = 0;
    for (let i: u32 = 0; i < nCross; i++) {
      const c = load<u32>(cols + (<usize>i << 2));
      cmin = min(cmin, c);
      cmax = max(cmax, c);
    }
    // Counting sort of the rows by column: start[c] becomes the end of bucket c.
    const span = cmax - cmin + 1;
    const start = allocU32(<usize>span + 1);
    if (start == 0) return 0;
    memory.fill(start, 0, (<usize>span + 1) << 2);
    for (let i: u32 = 0; i < nCross; i++) {
      const b = start + (<usize>(load<u32>(cols + (<usize>i << 2)) - cmin + 1) << 2);
      store<u32>(b, load<u32>(b) + 1);
    }
    for (let c: u32 = 1; c <= span; c++) {
      const b = start + (<usize>c << 2);
      store<u32>(b, load<u32>(b) + load<u32>(b - 4));
    }
    for (let i: u32 = 0; i < nCross; i++) {
      const b = start + (<usize>(load<u32>(cols + (<usize>i << 2)) - cmin) << 2);
      const at = load<u32>(b);
      store<u32>(sorted + (<usize>at << 2), load<u32>(rows + (<usize>i << 2)));
      store<u32>(b, at + 1);
    }
    // Walk the columns in order; toggle positions go to counts[] as a stack on which an equal
    // position cancels the previous one (even multiplicities vanish, also across the seam
    // X*h + h = (X+1)*h + 0). Positions are non-decreasing, so the stack ends sorted.
    let begin: u32 = 0;
    for (let c: u32 = 0; c < span; c++) {
      const end = load<u32>(start + (<usize>c << 2));
      const base = <u64>(cmin + c) * <u64>h;
      for (let i = begin; i < end; i++) {
        // insertion step: rows[begin..i] sorted
        const v = load<u32>(sorted + (<usize>i << 2));
        let j = i;
        while (j > begin) {
          const u = load<u32>(sorted + (<usize>(j - 1) << 2));
          if (u <= v) break;
          store<u32>(sorted + (<usize>j << 2), u);
          j--;
        }
        store<u32>(sorted + (<usize>j << 2), v);
      }
      for (let i = begin; i < end; i++) {
        const p = <u32>(base + <u64>load<u32>(sorted + (<usize>i << 2)));
        if (m > 0 && load<u32>(counts + (<usize>(m - 1) << 2)) == p) m--;
        else store<u32>(counts + (<usize>(m++) << 2), p);
      }
      begin = end;
    }
    // A toggle at the very end (position n) starts no run.
    if (m > 0 && <u64>load<u32>(counts + (<usize>(m - 1) << 2)) == n) m--;
    // Positions -> run lengths, in place.
    let last: u32 = 0;
    for (let i: u32 = 0; i < m; i++) {
      const p = load<u32>(counts + (<usize>i << 2));
      store<u32>(counts + (<usize>i << 2), p - last);
      last = p;
    }
    store<u32>(counts + (<usize>(m++) << 2), <u32>(n - <u64>last));
    return m;
  }
  store<u32>(counts, <u32>n);
  return 1;
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
    const c = cocoRingCount(xyPtr + (<usize>v0 << 4), v1 - v0, h, w);
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
  const cols = allocU32(<usize>maxCross + 1);
  const rows = allocU32(<usize>maxCross + 1);
  const sorted = allocU32(<usize>maxCross + 1);
  if (part == 0 || acc == 0 || tmp == 0 || cols == 0 || rows == 0 || sorted == 0) return E_NOMEM;
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
    const len = ringRle(target, xy, v1 - v0, h, w, n, cols, rows, sorted, nCross);
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
