// Polygon fill into a row-major mask or u8/u16/i32 label map, in place, by two pixel rules.
// 'center': scanline fill with an edge table and an active edge table (Foley, van Dam et al.,
// Computer Graphics: Principles and Practice, 2nd ed., 3.6), even-odd or non-zero, top-left ties.
// 'coco': COCO's crossings (poly_coco.ts) toggled into a row-major bit tile, XORed down the rows
// (measured faster than per-row sorted event lists, and than the RLE path plus painting runs).
// A whole 0/1 mask (polyMask) toggles bytes instead and XORs the rows down with v128: for
// 8-64-vertex polygons in 640x480 masks, 12 us against 16.5 us painting the bit tile's spans.
// Cost per shape: O(edges + crossings + painted pixels + rows x (active edges or tile words)).
import { OK, E_NOMEM, E_RANGE } from './status';
import { arenaAlloc, allocU32, arenaTop, arenaRewind } from './arena';
import { cocoRingBounds, cocoRingToggle, cocoRingToggleBytes } from './poly_coco';
import { putResult } from './rle';

export const RULE_COCO: u32 = 0;
export const RULE_CENTER: u32 = 1;
export const FILL_EVENODD: u32 = 0;
export const FILL_NONZERO: u32 = 1;

/** Writes n copies of a bpp-byte value at p (bpp 1, 2 or 4): memory.fill for bytes, else v128 stores. */
// @ts-ignore: decorator
@inline function paint(p: usize, n: usize, value: i32, bpp: u32): void {
  if (bpp == 1) {
    memory.fill(p, <u8>value, n);
    return;
  }
  const bytes = n * bpp;
  if (bytes >= 16) {
    const v = bpp == 2 ? i16x8.splat(<i16>value) : i32x4.splat(value);
    const end = p + bytes;
    let q = p;
    while (q + 16 <= end) {
      v128.store(q, v);
      q += 16;
    }
    // The last 16 bytes again: bytes is a multiple of bpp, so the pattern stays in phase.
    v128.store(end - 16, v);
  } else if (bpp == 2) {
    for (let i: usize = 0; i < n; i++) store<u16>(p + (i << 1), <u16>value);
  } else {
    for (let i: usize = 0; i < n; i++) store<i32>(p + (i << 2), value);
  }
}

/**
 * Fills pixels [x0, x1) of image row y: paints them into the target (rows from y0, w pixels of
 * bpp bytes) or, when `spans` is not 0, appends the pair (y*w + x0, y*w + x1) to the list there
 * (u32 capacity, u32 count, then pairs), counting past the capacity without writing.
 */
// @ts-ignore: decorator
@inline function emitSpan(target: usize, spans: usize, y: u32, y0: u32, w: u32, x0: usize, x1: usize, value: i32, bpp: u32): void {
  if (spans == 0) {
    paint(target + (<usize>(y - y0) * <usize>w + x0) * bpp, x1 - x0, value, bpp);
    return;
  }
  const n = load<u32>(spans, 4);
  if (n < load<u32>(spans)) {
    const at = spans + 8 + (<usize>n << 3);
    const base = y * w;
    store<u32>(at, base + <u32>x0);
    store<u32>(at, base + <u32>x1, 4);
  }
  store<u32>(spans, n + 1, 4);
}

// Edge record for the scanline fill: top vertex, direction vector, rows [r0, r1), winding.
const E_XT = 0, E_YT = 8, E_DX = 16, E_DY = 24, E_R0 = 32, E_R1 = 36, E_DIR = 40;
const EDGE_BYTES: usize = 48;

/**
 * One shape by the centre rule. Rings: nRings vertex offsets at offs (u32, nRings + 1) into xy.
 * The target holds rows [y0, y1) of a w-wide image, starting at row y0. Top-left rule: an edge
 * is active on the rows whose centre y is in [ytop, ybottom), and a span covers the centres x in
 * [xleft, xright), with crossings x = xt + ((y - yt) * (xb - xt)) / (yb - yt) in f64 (exact
 * whenever the true crossing is representable and the product fits 53 bits). Returns a status.
 */
function fillCenter(target: usize, spans: usize, xy: usize, offs: usize, nRings: u32, w: u32, y0: u32, y1: u32, value: i32, bpp: u32, nonzero: bool): i32 {
  const v0 = load<u32>(offs), vEnd = load<u32>(offs + (<usize>nRings << 2));
  // Bound: one edge per vertex.
  const edges = arenaAlloc(<usize>(vEnd - v0) * EDGE_BYTES);
  if (edges == 0 && vEnd > v0) return E_NOMEM;
  const lo = <f64>y0, hi = <f64>y1;
  let ne: u32 = 0;
  let rmin: u32 = y1, rmax: u32 = y0;
  for (let r: u32 = 0; r < nRings; r++) {
    const a = load<u32>(offs + (<usize>r << 2)), b = load<u32>(offs + (<usize>(r + 1) << 2));
    for (let j = a; j < b; j++) {
      const p = xy + (<usize>j << 4);
      const q = xy + (<usize>(j + 1 == b ? a : j + 1) << 4);
      const px = load<f64>(p), py = load<f64>(p, 8), qx = load<f64>(q), qy = load<f64>(q, 8);
      if (py == qy) continue;
      const down = qy > py;
      const xt = down ? px : qx, yt = down ? py : qy, xb = down ? qx : px, yb = down ? qy : py;
      // Rows whose centre y + 0.5 lies in [yt, yb); exact, since |y| <= 2^40 here.
      const r0 = <u32>min(hi, max(lo, ceil(yt - 0.5)));
      const r1 = <u32>min(hi, max(lo, ceil(yb - 0.5)));
      if (r0 >= r1) continue;
      const e = edges + <usize>ne * EDGE_BYTES;
      store<f64>(e, xt, E_XT);
      store<f64>(e, yt, E_YT);
      store<f64>(e, xb - xt, E_DX);
      store<f64>(e, yb - yt, E_DY);
      store<u32>(e, r0, E_R0);
      store<u32>(e, r1, E_R1);
      store<i32>(e, down ? 1 : -1, E_DIR);
      rmin = min(rmin, r0);
      rmax = max(rmax, r1);
      ne++;
    }
  }
  if (ne == 0) return OK;
  // Edge table: edge indices sorted by first row (counting sort over rows rmin..rmax).
  const span = rmax - rmin;
  const start = allocU32(<usize>span + 1);
  const order = allocU32(ne);
  // Active edge table: edge index and crossing x, kept sorted by x.
  const act = allocU32(ne);
  const ax = arenaAlloc(<usize>ne << 3);
  if (start == 0 || order == 0 || act == 0 || ax == 0) return E_NOMEM;
  memory.fill(start, 0, (<usize>span + 1) << 2);
  for (let i: u32 = 0; i < ne; i++) {
    const b = start + (<usize>(load<u32>(edges + <usize>i * EDGE_BYTES, E_R0) - rmin + 1) << 2);
    store<u32>(b, load<u32>(b) + 1);
  }
  for (let i: u32 = 1; i <= span; i++) {
    const b = start + (<usize>i << 2);
    store<u32>(b, load<u32>(b) + load<u32>(b - 4));
  }
  for (let i: u32 = 0; i < ne; i++) {
    const b = start + (<usize>(load<u32>(edges + <usize>i * EDGE_BYTES, E_R0) - rmin) << 2);
    const at = load<u32>(b);
    store<u32>(order + (<usize>at << 2), i);
    store<u32>(b, at + 1);
  }
  const wf = <f64>w;
  let next: u32 = 0; // edges order[0..next) have entered
  let na: u32 = 0;
  let y = rmin;
  while (y < rmax) {
    // Drop edges that ended, keeping the order of the rest.
    let kept: u32 = 0;
    for (let i: u32 = 0; i < na; i++) {
      const ei = load<u32>(act + (<usize>i << 2));
      if (load<u32>(edges + <usize>ei * EDGE_BYTES, E_R1) > y) store<u32>(act + (<usize>(kept++) << 2), ei);
    }
    na = kept;
    while (next < ne) {
      const ei = load<u32>(order + (<usize>next << 2));
      if (load<u32>(edges + <usize>ei * EDGE_BYTES, E_R0) != y) break;
      store<u32>(act + (<usize>(na++) << 2), ei);
      next++;
    }
    if (na == 0) {
      if (next >= ne) break;
      y = load<u32>(edges + <usize>load<u32>(order + (<usize>next << 2)) * EDGE_BYTES, E_R0);
      continue;
    }
    // Crossings at the centre height, then insertion sort (the order changes little per row).
    const yc = <f64>y + 0.5;
    for (let i: u32 = 0; i < na; i++) {
      const ei = load<u32>(act + (<usize>i << 2));
      const e = edges + <usize>ei * EDGE_BYTES;
      const x = load<f64>(e, E_XT) + ((yc - load<f64>(e, E_YT)) * load<f64>(e, E_DX)) / load<f64>(e, E_DY);
      let j = i;
      while (j > 0) {
        const u = load<f64>(ax + (<usize>(j - 1) << 3));
        if (u <= x) break;
        store<f64>(ax + (<usize>j << 3), u);
        store<u32>(act + (<usize>j << 2), load<u32>(act + (<usize>(j - 1) << 2)));
        j--;
      }
      store<f64>(ax + (<usize>j << 3), x);
      store<u32>(act + (<usize>j << 2), ei);
    }
    // Spans: pixel x is inside when xleft <= x + 0.5 < xright.
    let wind: i32 = 0;
    let left: f64 = 0;
    for (let i: u32 = 0; i < na; i++) {
      const x = load<f64>(ax + (<usize>i << 3));
      const before = wind;
      if (nonzero) wind += load<i32>(edges + <usize>load<u32>(act + (<usize>i << 2)) * EDGE_BYTES, E_DIR);
      else wind ^= 1;
      if (before == 0) {
        left = x;
      } else if (wind == 0) {
        const a = min(wf, max(0, ceil(left - 0.5)));
        const b = min(wf, max(0, ceil(x - 0.5)));
        if (a < b) emitSpan(target, spans, y, y0, w, <usize>a, <usize>b, value, bpp);
      }
    }
    y++;
  }
  return OK;
}

/**
 * One ring by COCO's rule, painted over the target (rows [y0, y1) of a w x h image). Crossings
 * toggle bits of a tile (rows of the ring's crossings x its columns, 1 bit per pixel); the state
 * of row r is the XOR of the tile's rows up to r, since each column fills from one crossing down
 * to the next. Crossings above y0 fold into row y0; those at or below y1 (row h included) end a
 * column and are dropped.
 */
function fillCocoRing(target: usize, spans: usize, xy: usize, k: u32, w: u32, h: u32, y0: u32, y1: u32, value: i32, bpp: u32): i32 {
  const bounds = arenaAlloc(16);
  if (bounds == 0) return E_NOMEM;
  if (!cocoRingBounds(bounds, xy, k, h, w)) return OK;
  const cmin = load<u32>(bounds), cmax = load<u32>(bounds, 4);
  // Rows [ra, rb) can hold set bits: at and below the last crossing row every column has
  // toggled an even number of times.
  const ra = max(load<u32>(bounds, 8), y0);
  const rb = min(load<u32>(bounds, 12), y1);
  if (ra >= rb) return OK;
  const words = <usize>((cmax - cmin + 64) >>> 6);
  const tileBytes = (<usize>(rb - ra) * words) << 3;
  const tile = arenaAlloc(tileBytes);
  const state = arenaAlloc(words << 3);
  if (tile == 0 || state == 0) return E_NOMEM;
  memory.fill(tile, 0, tileBytes);
  memory.fill(state, 0, words << 3);
  cocoRingToggle(tile, words, ra, rb, cmin, xy, k, h, w);
  const c0 = <usize>cmin;
  for (let r = ra; r < rb; r++) {
    const trow = tile + ((<usize>(r - ra) * words) << 3);
    // Span boundaries are the bits that differ from their left neighbour (the bit below them):
    // starts and ends alternate, beginning with a start.
    let carry: u64 = 0;
    let from: usize = 0;
    let open = false;
    for (let i: usize = 0; i < words; i++) {
      const sp = state + (i << 3);
      const bits = load<u64>(sp) ^ load<u64>(trow + (i << 3));
      store<u64>(sp, bits);
      let edges = bits ^ ((bits << 1) | carry);
      carry = bits >> 63;
      while (edges != 0) {
        const at = (i << 6) + <usize>ctz(edges);
        if (open) emitSpan(target, spans, r, y0, w, c0 + from, c0 + at, value, bpp);
        else from = at;
        open = !open;
        edges &= edges - 1;
      }
    }
    if (open) emitSpan(target, spans, r, y0, w, c0 + from, c0 + (words << 6), value, bpp);
  }
  return OK;
}

/** Shapes in order into a target band or a span list (see polyFill and polySpans). */
function fillShapes(target: usize, spans: usize, xy: usize, ringOffs: usize, shapeOffs: usize, values: usize, nShapes: u32, w: u32, h: u32, y0: u32, y1: u32, bpp: u32, rule: u32, fill: u32): i32 {
  if (rule > RULE_CENTER || fill > FILL_NONZERO) return E_RANGE;
  if (w == 0 || y1 <= y0) return OK;
  const mark = arenaTop();
  for (let s: u32 = 0; s < nShapes; s++) {
    const r0 = load<u32>(shapeOffs + (<usize>s << 2));
    const r1 = load<u32>(shapeOffs + (<usize>(s + 1) << 2));
    if (r1 < r0) return E_RANGE;
    for (let r = r0; r < r1; r++) {
      if (load<u32>(ringOffs + (<usize>(r + 1) << 2)) < load<u32>(ringOffs + (<usize>r << 2))) return E_RANGE;
    }
    const value = values == 0 ? 0 : load<i32>(values + (<usize>s << 2));
    let status = OK;
    if (rule == RULE_CENTER) {
      status = fillCenter(target, spans, xy, ringOffs + (<usize>r0 << 2), r1 - r0, w, y0, y1, value, bpp, fill == FILL_NONZERO);
    } else {
      for (let r = r0; r < r1 && status == OK; r++) {
        const a = load<u32>(ringOffs + (<usize>r << 2));
        const b = load<u32>(ringOffs + (<usize>(r + 1) << 2));
        status = fillCocoRing(target, spans, xy + (<usize>a << 4), b - a, w, h, y0, y1, value, bpp);
        arenaRewind(mark);
      }
    }
    arenaRewind(mark);
    if (status != OK) return status;
  }
  return OK;
}

/**
 * Paints nShapes shapes in order (later over earlier) into a row-major target of bpp-byte
 * pixels (1, 2 or 4) holding rows [y0, y0 + bandH) of a w x h image.
 * xy: f64 vertex pairs; ringOffs: u32 vertex offsets per ring (ring i is ringOffs[i] ..
 * ringOffs[i+1]); shapeOffs: u32[nShapes + 1] ring offsets per shape; values: i32 per shape,
 * written truncated to bpp bytes. rule: RULE_COCO (rings unioned) or RULE_CENTER with
 * fill FILL_EVENODD or FILL_NONZERO over all rings of a shape. Nothing outside the band is
 * written. Coordinates must be finite with |v| <= 2^40 (the API clips rings to that square).
 */
export function polyFill(target: usize, xy: usize, ringOffs: usize, shapeOffs: usize, values: usize, nShapes: u32, w: u32, h: u32, y0: u32, bandH: u32, bpp: u32, rule: u32, fill: u32): i32 {
  if (bpp != 1 && bpp != 2 && bpp != 4) return E_RANGE;
  if (<u64>y0 + <u64>bandH > <u64>h) return E_RANGE;
  return fillShapes(target, 0, xy, ringOffs, shapeOffs, values, nShapes, w, h, y0, y0 + bandH, bpp, rule, fill);
}

/**
 * The pixels of one shape (rings at ringOffs[0 .. nRings]) as spans instead of painting them:
 * pairs (start, end) of row-major pixel indices y*w + x, rows in order, for the caller to fill
 * (spans of different rings may overlap under 'coco'). spans: u32 capacity in pairs, then room
 * for the pairs. Result slot: (first pair, count); a count above the capacity means the list
 * did not fit and holds only its first `capacity` pairs.
 */
export function polySpans(outPtr: usize, spans: usize, xy: usize, ringOffs: usize, nRings: u32, w: u32, h: u32, rule: u32, fill: u32): i32 {
  store<u32>(spans, 0, 4);
  const shape = allocU32(2);
  if (shape == 0) return E_NOMEM;
  store<u32>(shape, 0);
  store<u32>(shape, nRings, 4);
  const status = fillShapes(0, spans, xy, ringOffs, shape, 0, 1, w, h, 0, h, 1, rule, fill);
  putResult(outPtr, spans + 8, load<u32>(spans, 4));
  return status;
}

/**
 * Row r of a byte tile (rows `stride` apart) ^= row r - 1, over n bytes from column c0, rows
 * 1..rows-1: down each 64-byte block of columns with its running XOR kept in registers (one
 * load and one store per 16 bytes and row), then 16-byte blocks, then single bytes.
 */
function xorDown(tile: usize, stride: usize, rows: u32, c0: usize, n: usize): void {
  const base = tile + c0;
  let i: usize = 0;
  for (; i + 64 <= n; i += 64) {
    let p = base + i;
    let s0 = v128.load(p), s1 = v128.load(p, 16), s2 = v128.load(p, 32), s3 = v128.load(p, 48);
    for (let r: u32 = 1; r < rows; r++) {
      p += stride;
      s0 = v128.xor(s0, v128.load(p));
      s1 = v128.xor(s1, v128.load(p, 16));
      s2 = v128.xor(s2, v128.load(p, 32));
      s3 = v128.xor(s3, v128.load(p, 48));
      v128.store(p, s0);
      v128.store(p, s1, 16);
      v128.store(p, s2, 32);
      v128.store(p, s3, 48);
    }
  }
  for (; i + 16 <= n; i += 16) {
    let p = base + i;
    let s = v128.load(p);
    for (let r: u32 = 1; r < rows; r++) {
      p += stride;
      s = v128.xor(s, v128.load(p));
      v128.store(p, s);
    }
  }
  for (; i < n; i++) {
    let p = base + i;
    let s = load<u8>(p);
    for (let r: u32 = 1; r < rows; r++) {
      p += stride;
      s ^= load<u8>(p);
      store<u8>(p, s);
    }
  }
}

/** dst[i] |= src[i] for n bytes. */
function orBytes(dst: usize, src: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(dst + i, v128.or(v128.load(dst + i), v128.load(src + i)));
  for (; i < n; i++) store<u8>(dst + i, load<u8>(dst + i) | load<u8>(src + i));
}

/**
 * One shape's whole 0/1 mask, for a caller that overwrites a w x h mask: rows outside the band
 * are all zeros. rowsOut receives [ra, rb] (u32); the result slot (band, (rb - ra) * w) holds the
 * band's rows, row-major. Rule and fill as polyFill (value 1).
 * 'coco': each ring's crossings toggle the bytes of a tile that is then XORed down its rows
 * (a column fills from one crossing to the next); one ring toggles the band in place, several
 * are each built in their own tile and ORed in (COCO unions the rings).
 */
export function polyMask(outPtr: usize, rowsOut: usize, xy: usize, ringOffs: usize, nRings: u32, w: u32, h: u32, rule: u32, fill: u32): i32 {
  if (rule > RULE_CENTER || fill > FILL_NONZERO) return E_RANGE;
  store<u32>(rowsOut, 0);
  store<u32>(rowsOut, 0, 4);
  putResult(outPtr, 0, 0);
  for (let r: u32 = 0; r < nRings; r++) {
    if (load<u32>(ringOffs + (<usize>(r + 1) << 2)) < load<u32>(ringOffs + (<usize>r << 2))) return E_RANGE;
  }
  if (w == 0 || h == 0 || nRings == 0) return OK;
  const v0 = load<u32>(ringOffs), vEnd = load<u32>(ringOffs + (<usize>nRings << 2));
  let ra: u32 = h, rb: u32 = 0;
  const bounds = arenaAlloc(16 * <usize>nRings);
  if (bounds == 0) return E_NOMEM;
  if (rule == RULE_COCO) {
    for (let r: u32 = 0; r < nRings; r++) {
      const a = load<u32>(ringOffs + (<usize>r << 2)), b = load<u32>(ringOffs + (<usize>(r + 1) << 2));
      const br = bounds + (<usize>r << 4);
      if (!cocoRingBounds(br, xy + (<usize>a << 4), b - a, h, w) || load<u32>(br, 8) >= load<u32>(br, 12)) {
        store<u32>(br, 1);
        store<u32>(br, 0, 4); // marks the ring empty
        continue;
      }
      ra = min(ra, load<u32>(br, 8));
      rb = max(rb, load<u32>(br, 12));
    }
  } else {
    // Rows whose centre can be inside: ceil(ymin - 0.5) to below ceil(ymax - 0.5).
    let lo = Infinity, hi = -Infinity;
    for (let j = v0; j < vEnd; j++) {
      const y = load<f64>(xy + (<usize>j << 4), 8);
      lo = min(lo, y);
      hi = max(hi, y);
    }
    if (lo <= hi) {
      const hf = <f64>h;
      ra = <u32>min(hf, max(0, ceil(lo - 0.5)));
      rb = <u32>min(hf, max(0, ceil(hi - 0.5)));
    }
  }
  if (ra >= rb) return OK;
  const bandBytes = <usize>(rb - ra) * <usize>w;
  const band = arenaAlloc(bandBytes);
  if (band == 0) return E_NOMEM;
  memory.fill(band, 0, bandBytes);
  store<u32>(rowsOut, ra);
  store<u32>(rowsOut, rb, 4);
  putResult(outPtr, band, bandBytes);
  if (rule == RULE_CENTER) return fillCenter(band, 0, xy, ringOffs, nRings, w, ra, rb, 1, 1, fill == FILL_NONZERO);
  const mark = arenaTop();
  for (let r: u32 = 0; r < nRings; r++) {
    const br = bounds + (<usize>r << 4);
    const cmin = load<u32>(br), cmax = load<u32>(br, 4);
    if (cmax < cmin) continue;
    const a = load<u32>(ringOffs + (<usize>r << 2)), b = load<u32>(ringOffs + (<usize>(r + 1) << 2));
    const p = xy + (<usize>a << 4);
    const n = <usize>(cmax - cmin + 1);
    // XORs run over whole 16-byte blocks: the zero columns they take in stay zero.
    const n16 = (n + 15) & ~15;
    if (nRings == 1) {
      cocoRingToggleBytes(band + <usize>cmin, w, ra, rb, cmin, p, b - a, h, w);
      const wide = <usize>w >= n16;
      xorDown(band, w, rb - ra, wide ? min(<usize>cmin, <usize>w - n16) : 0, wide ? n16 : <usize>w);
      continue;
    }
    const r0 = load<u32>(br, 8), r1 = load<u32>(br, 12);
    const tile = arenaAlloc(<usize>(r1 - r0) * n16);
    if (tile == 0) return E_NOMEM;
    memory.fill(tile, 0, <usize>(r1 - r0) * n16);
    cocoRingToggleBytes(tile, n16, r0, r1, cmin, p, b - a, h, w);
    xorDown(tile, n16, r1 - r0, 0, n16);
    for (let y = r0; y < r1; y++) orBytes(band + <usize>(y - ra) * w + cmin, tile + <usize>(y - r0) * n16, n);
    arenaRewind(mark);
  }
  return OK;
}
