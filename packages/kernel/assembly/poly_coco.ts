// COCO's polygon rule (cocoapi maskApi rleFrPoly) as boundary crossings, for rle_poly and fill.
// Vertices snap to a 1/5-pixel grid, (int)(5v + 0.5); edges step one grid unit along their major
// axis, rounding the minor coordinate as (int)(a + s*t + 0.5). Column X has a crossing where the
// stepped boundary passes grid columns 5X+2 -> 5X+3, at row clamp(ceil((v - 2) / 5), 0, h) for
// the lower stepped row v; columns fill from one crossing down to the next (an even number per
// column). Each edge visits only the columns it crosses: O(1) per crossing and per edge.

const SCALE: f64 = 5;

/** A coordinate on COCO's 1/5-pixel grid: (int)(5v + 0.5), truncating toward zero. */
// @ts-ignore: decorator
@inline export function cocoSnap(v: f64): f64 {
  return trunc(SCALE * v + 0.5);
}

/** Minor coordinate at step t of an edge from a with slope s, as maskApi's stepping rounds it. */
// @ts-ignore: decorator
@inline function step(a: f64, s: f64, t: f64): f64 {
  return trunc(a + s * t + 0.5);
}

/**
 * Row of a crossing whose lower stepped grid row is v: maskApi computes
 * ceil(clamp((v + 0.5) / 5 - 0.5, 0, h)), which for integer v is ceil((v - 2) / 5) =
 * floor((v + 2) / 5) clamped. v is the stepped value converted with saturation (values past the
 * i32 range saturate to rows 0 and h, as they would clamp).
 */
// @ts-ignore: decorator
@inline function crossingRow(v: i32, h: u32): u32 {
  if (v <= 2) return 0;
  const r = (<u32>v + 2) / 5;
  return r < h ? r : h;
}

/** The stepped minor coordinate (int)(a + s*t + 0.5) as maskApi computes it, saturated to i32. */
// @ts-ignore: decorator
@inline function stepRow(a: f64, s: f64, t: f64): i32 {
  return <i32>(a + s * t + 0.5);
}

/**
 * A steep edge (stepping rows) from xs with slope s = 1 / inv over dy steps: the first step
 * t >= 1 whose column reaches `target` (s > 0: at or past it; s < 0: at or before it), from an
 * estimate by 1/s corrected by stepping. The clamps are compares, not f64 min/max (NaN checks).
 */
// @ts-ignore: decorator
@inline function steepStep(xs: f64, s: f64, inv: f64, dy: f64, target: f64): f64 {
  if (s > 0) {
    let t = ceil((target - 0.5 - xs) * inv);
    t = t < 1 ? 1 : t;
    t = t > dy ? dy : t;
    while (t > 1 && step(xs, s, t - 1) >= target) t--;
    while (step(xs, s, t) < target) t++;
    return t;
  }
  let t = floor((target + 0.5 - xs) * inv) + 1;
  t = t < 1 ? 1 : t;
  t = t > dy ? dy : t;
  while (t > 1 && step(xs, s, t - 1) <= target) t--;
  while (step(xs, s, t) > target) t++;
  return t;
}

/** What visit() does with each crossing. */
const COUNT = 0; // only count them
const LIST = 1; // write its column to a[] and its row to b[]
const TILE = 2; // toggle its bit in the tile at a (see cocoRingToggle)
const BYTES = 3; // toggle its byte in the byte tile at a (see cocoRingToggleBytes)

/**
 * Crossing i at (column c, row r): LIST stores it; TILE toggles bit c - cmin of tile row
 * max(r, ra) - ra (rows of `words` u64 words), dropping rows at or past rb; BYTES toggles byte
 * c - cmin of that row, rows `words` bytes apart.
 */
// @ts-ignore: decorator
@inline function handle(mode: i32, a: usize, b: usize, i: u32, c: u32, r: u32, words: usize, ra: u32, rb: u32, cmin: u32): void {
  if (mode == LIST) {
    store<u32>(a + (<usize>i << 2), c);
    store<u32>(b + (<usize>i << 2), r);
  } else if (mode == TILE) {
    const rr = max(r, ra);
    if (rr < rb) {
      const x = c - cmin;
      const at = a + ((<usize>(rr - ra) * words + <usize>(x >>> 6)) << 3);
      store<u64>(at, load<u64>(at) ^ (<u64>1 << <u64>(x & 63)));
    }
  } else if (mode == BYTES) {
    const rr = max(r, ra);
    if (rr < rb) {
      const at = a + <usize>(rr - ra) * words + <usize>(c - cmin);
      store<u8>(at, load<u8>(at) ^ 1);
    }
  }
}

/**
 * Visits the crossings of one ring (k vertices, f64 pairs at xy) in a w-column image of height h
 * (rows 0..h; h means below the last row) and handles each as `mode` says. Returns the number of
 * crossings.
 */
// @ts-ignore: decorator
@inline function visit(mode: i32, a: usize, b: usize, xy: usize, k: u32, h: u32, w: u32, words: usize, ra: u32, rb: u32, cmin: u32): u32 {
  const lastX = <f64>w - 1;
  let count: u32 = 0;
  for (let j: u32 = 0; j < k; j++) {
    const p = xy + (<usize>j << 4);
    const q = xy + (<usize>(j + 1 == k ? 0 : j + 1) << 4);
    let xs = cocoSnap(load<f64>(p)), ys = cocoSnap(load<f64>(p, 8));
    let xe = cocoSnap(load<f64>(q)), ye = cocoSnap(load<f64>(q, 8));
    const dx = abs(xe - xs), dy = abs(ye - ys);
    if (dx >= dy) {
      if (dx == 0) continue;
      if (xs > xe) {
        let t = xs; xs = xe; xe = t;
        t = ys; ys = ye; ye = t;
      }
      // Crossing at X when grid columns 5X+2 and 5X+3 are both on the edge: steps t, t+1 with
      // t = 5X+2-xs. The rows are monotone in t, so the lower one is at t (s >= 0) or t+1.
      const x0 = max(0, ceil((xs - 2) / SCALE));
      const x1 = min(lastX, floor((xe - 3) / SCALE));
      if (x1 < x0) continue;
      if (mode == COUNT) {
        count += <u32>(x1 - x0 + 1);
        continue;
      }
      const s = (ye - ys) / dx;
      let t = SCALE * x0 + 2 - xs + (s >= 0 ? 0 : 1);
      const n = <u32>(x1 - x0) + 1;
      const c0 = <u32>x0;
      for (let i: u32 = 0; i < n; i++) {
        handle(mode, a, b, count + i, c0 + i, crossingRow(stepRow(ys, s, t), h), words, ra, rb, cmin);
        t += SCALE;
      }
      count += n;
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
      if (mode == COUNT) {
        count += <u32>(x1 - x0 + 1);
        continue;
      }
      // For each column, the first step t whose column is past the crossing; the pair is
      // (t-1, t) at rows ys+t-1, ys+t.
      const inv = 1 / s;
      const n = <u32>(x1 - x0) + 1;
      const c0 = <u32>x0;
      let target = SCALE * x0 + (s > 0 ? 3 : 2);
      for (let i: u32 = 0; i < n; i++) {
        const t = steepStep(xs, s, inv, dy, target);
        handle(mode, a, b, count + i, c0 + i, crossingRow(<i32>(ys + t - 1), h), words, ra, rb, cmin);
        target += SCALE;
      }
      count += n;
    }
  }
  return count;
}

/** Number of crossings of one ring: the length cocoRingCrossings writes. */
export function cocoRingCount(xy: usize, k: u32, h: u32, w: u32): u32 {
  return visit(COUNT, 0, 0, xy, k, h, w, 0, 0, 0, 0);
}

/**
 * Writes the crossings of one ring: columns to cols[], rows (0..h) to rows[], in edge order
 * (not sorted). Both buffers need cocoRingCount() words. Returns the count.
 */
export function cocoRingCrossings(cols: usize, rows: usize, xy: usize, k: u32, h: u32, w: u32): u32 {
  return visit(LIST, cols, rows, xy, k, h, w, 0, 0, 0, 0);
}

/**
 * Toggles the crossings of one ring in a bit tile: row r - ra (rows below ra fold into ra, rows
 * at or past rb are dropped), bit c - cmin, `words` u64 words per row. Every column must lie in
 * the tile: cocoRingBounds gives columns and rows that hold all crossings.
 */
export function cocoRingToggle(tile: usize, words: usize, ra: u32, rb: u32, cmin: u32, xy: usize, k: u32, h: u32, w: u32): void {
  visit(TILE, tile, 0, xy, k, h, w, words, ra, rb, cmin);
}

/**
 * As cocoRingToggle, with one byte per pixel: toggles byte c - cmin of row r - ra of the byte
 * tile at `tile`, rows `stride` bytes apart (rows below ra fold into ra, rows at or past rb are
 * dropped).
 */
export function cocoRingToggleBytes(tile: usize, stride: usize, ra: u32, rb: u32, cmin: u32, xy: usize, k: u32, h: u32, w: u32): void {
  visit(BYTES, tile, 0, xy, k, h, w, stride, ra, rb, cmin);
}

/**
 * Columns and rows that hold every crossing of a ring, from its vertices: out[0..3] = first
 * column, last column, first row, last row (u32). Returns false when no column can be crossed.
 * The stepped boundary stays within the snapped vertices' range, plus one grid unit where C
 * truncation rounds negative values up.
 */
export function cocoRingBounds(out: usize, xy: usize, k: u32, h: u32, w: u32): bool {
  if (k == 0 || w == 0) return false;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let j: u32 = 0; j < k; j++) {
    const x = cocoSnap(load<f64>(xy + (<usize>j << 4))), y = cocoSnap(load<f64>(xy + (<usize>j << 4), 8));
    x0 = min(x0, x);
    x1 = max(x1, x);
    y0 = min(y0, y);
    y1 = max(y1, y);
  }
  const c0 = max(0, ceil((x0 - 2) / SCALE));
  const c1 = min(<f64>w - 1, floor((x1 + 1 - 3) / SCALE));
  if (c1 < c0) return false;
  store<u32>(out, <u32>c0);
  store<u32>(out, <u32>c1, 4);
  store<u32>(out, crossingRow(<i32>y0, h), 8);
  store<u32>(out, crossingRow(<i32>(y1 + 1), h), 12);
  return true;
}
