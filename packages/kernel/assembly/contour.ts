// Contour tracing by border following: S. Suzuki and K. Abe, "Topological structural analysis of
// digitized binary images by border following", CVGIP 30(1):32-46, 1985. Output as OpenCV 4.6's
// findContours: foreground 8-connected, background 4-connected, the image padded by one 0 pixel.
// Invariant: every crack (the edge between a foreground and a background pixel) is crossed by exactly
// one border, in one visit, so vertices <= cracks and borders <= cracks / 4; the padding pass counts
// them. Cost: O(pixels) to scan (16 pixels per v128 step where no border starts) + O(cracks) to follow.
import { OK, E_NOMEM, E_RANGE, E_INPUT, E_BOUND } from './status';
import { arenaAlloc, allocU32 } from './arena';
import { putResult, pixelCount } from './rle';

// Directions from a pixel P; +1 turns counter-clockwise on screen (y down). A scan index d in 0..15
// stands for direction d & 7, so a walk of up to 8 steps never wraps.
//   3 2 1
//   4 P 0
//   5 6 7
const DX = memory.data<i32>([1, 1, 0, -1, -1, -1, 0, 1, 1, 1, 0, -1, -1, -1, 0, 1]);
const DY = memory.data<i32>([0, -1, -1, -1, 0, 1, 1, 1, 0, -1, -1, -1, 0, 1, 1, 1]);
// Start corner of the crack that faces even direction e (index e >> 1), from the pixel's top-left
// corner. Cracks run with the foreground on their left: facing 0 up, 2 left, 4 down, 6 right.
const CRACK_X = memory.data<i32>([1, 1, 0, 0]);
const CRACK_Y = memory.data<i32>([1, 0, 0, 1]);

// Pixel marks in the padded copy. FOLLOWED_RIGHT is Suzuki & Abe's negative NBD: the right
// neighbour was examined as background while following (step 3.4), so no hole starts there.
const BG: u8 = 0;
const FG: u8 = 1;
const FOLLOWED: u8 = 2;
const FOLLOWED_RIGHT: u8 = 3;

export const MODE_EXTERNAL: i32 = 0;
export const MODE_LIST: i32 = 1;
export const MODE_CCOMP: i32 = 2;
export const MODE_TREE: i32 = 3;

// Border records in discovery order, id 1..; id 0 is the frame (a hole with no parent).
const R_START: usize = 0; // first vertex in the scratch vertex buffer
const R_LEN: usize = 4; // vertex count
const R_PARENT: usize = 8; // Suzuki & Abe's parent border, then the parent in the output hierarchy
const R_HOLE: usize = 12; // 1 for a hole border
const R_ROT: usize = 16; // edge coordinates: index of the ring's first output vertex
const R_CHILD: usize = 20; // output hierarchy: first child (the child found last)
const R_NEXT: usize = 24; // output hierarchy: next sibling
const R_OUT: usize = 28; // index in the output
const R_SIZE: usize = 32;

// @ts-ignore: decorator
@inline function rec(borders: usize, id: u32): usize {
  return borders + (<usize>id << 5);
}

/** Number of i in [0, n) with a[i] != b[i]. */
function countDiff(a: usize, b: usize, n: u32): u64 {
  let c: u64 = 0;
  for (let i: u32 = 0; i < n; i++) c += <u64>(load<u8>(a + i) != load<u8>(b + i));
  return c;
}

/** Sum of the 16 byte lanes of a (each < 256). */
// @ts-ignore: decorator
@inline function laneSum(a: v128): u64 {
  const s = i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(a));
  return <u64>(i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1) + i32x4.extract_lane(s, 2) + i32x4.extract_lane(s, 3));
}

/**
 * Copies the row-major h x w mask into img, (h + 2) x (w + 2) with a 0 border, as 0/1; returns the
 * number of cracks (horizontal plus vertical foreground/background pixel pairs). One pass: each
 * 16-pixel block is compared with itself shifted by one pixel (a shuffle with the previous block)
 * and with the row above, counting differences in byte lanes (flushed every 127 blocks).
 */
function padCount(img: usize, mask: usize, h: u32, w: u32): u64 {
  const W2 = <usize>w + 2;
  const one = i8x16.splat(1);
  const zero = i8x16.splat(0);
  memory.fill(img, 0, W2);
  memory.fill(img + (<usize>h + 1) * W2, 0, W2 + 16);
  let cracks: u64 = 0;
  for (let y: u32 = 0; y < h; y++) {
    const row = img + (<usize>y + 1) * W2;
    const up = row - W2;
    const src = mask + <usize>y * w;
    store<u8>(row, 0);
    let prev = zero; // the block before, for the left neighbours
    let acc = zero;
    let k: u32 = 0;
    let x: u32 = 0;
    for (; x + 16 <= w; x += 16) {
      const v = i8x16.min_u(v128.load(src + x), one);
      v128.store(row + 1 + x, v);
      const left = i8x16.shuffle(prev, v, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
      acc = i8x16.sub(acc, i8x16.ne(v, left));
      acc = i8x16.sub(acc, i8x16.ne(v, v128.load(up + 1 + x)));
      prev = v;
      if (++k == 127) {
        cracks += laneSum(acc);
        acc = zero;
        k = 0;
      }
    }
    cracks += laneSum(acc);
    const t = x;
    for (; x < w; x++) store<u8>(row + 1 + x, <u8>(load<u8>(src + x) != 0));
    store<u8>(row + w + 1, 0);
    // The tail pixels against their left and upper neighbours, and the right border.
    cracks += countDiff(row + t, row + t + 1, w + 1 - t) + countDiff(row + 1 + t, up + 1 + t, w - t);
  }
  return cracks + countDiff(img + <usize>h * W2 + 1, img + (<usize>h + 1) * W2 + 1, w);
}

/**
 * First x in [x, end] where a border starts in the padded row (a = row[x - 1], b = row[x]):
 * an outer border at x (a = 0, b = 1) or a hole border at x - 1 (b = 0, a followed or not but
 * not FOLLOWED_RIGHT); end + 1 when there is none.
 */
// @ts-ignore: decorator
@inline function nextStart(row: usize, x: u32, end: u32): u32 {
  const zero = i8x16.splat(0);
  const one = i8x16.splat(1);
  // Every start is a change between neighbours: skip 64 pixels at a time where nothing changes.
  while (x + 63 <= end) {
    const p = row + x;
    const d = v128.or(
      v128.or(v128.xor(v128.load(p - 1), v128.load(p)), v128.xor(v128.load(p + 15), v128.load(p + 16))),
      v128.or(v128.xor(v128.load(p + 31), v128.load(p + 32)), v128.xor(v128.load(p + 47), v128.load(p + 48))),
    );
    if (v128.any_true(d)) break;
    x += 64;
  }
  while (x + 15 <= end) {
    const a = v128.load(row + x - 1);
    const b = v128.load(row + x);
    const outer = v128.and(i8x16.eq(a, zero), i8x16.eq(b, one));
    const hole = v128.and(i8x16.eq(b, zero), i8x16.le_u(i8x16.sub(a, one), one));
    const bits = i8x16.bitmask(v128.or(outer, hole));
    if (bits != 0) return x + ctz(bits);
    x += 16;
  }
  for (; x <= end; x++) {
    const a = load<u8>(row + x - 1);
    const b = load<u8>(row + x);
    if ((a == BG && b == FG) || (b == BG && <u8>(a - 1) <= 1)) return x;
  }
  return x;
}

/**
 * Suzuki & Abe step 3.4: marks the pixel at `cur` after a visit whose counter-clockwise scan
 * stopped at index d (d > 8: the right neighbour was examined as background).
 */
// @ts-ignore: decorator
@inline function mark(img: usize, owner: usize, cur: usize, d: i32, nbd: u32): void {
  if (d > 8) {
    store<u8>(cur, FOLLOWED_RIGHT);
    store<u32>(owner + ((cur - img) << 2), nbd);
  } else if (load<u8>(cur) == FG) {
    store<u8>(cur, FOLLOWED);
    store<u32>(owner + ((cur - img) << 2), nbd);
  }
}

/**
 * Step 3.1: the first foreground neighbour of i0 clockwise from `trigger` (4 = the left neighbour
 * for an outer border, 0 = the right one for a hole), as a direction; `trigger` when none.
 */
// @ts-ignore: decorator
@inline function firstNeighbour(i0: usize, delta: usize, trigger: i32): i32 {
  let s = trigger;
  do {
    s = (s - 1) & 7;
  } while (load<u8>(i0 + <usize>load<i32>(delta + (<usize>s << 2))) == BG && s != trigger);
  return s;
}

/**
 * Follows one border in pixel-centre coordinates (steps 3.1-3.5) from i0 = pixel (x0, y0), writing
 * every visit (simple = false) or the visits where the step direction changes, counted cyclically
 * (simple = true), from vertex n on. Returns the new vertex count, or -1 past `cap` vertices or
 * visits (a broken invariant, reported as E_BOUND).
 */
function followCentre(img: usize, owner: usize, delta: usize, i0: usize, x0: i32, y0: i32, trigger: i32, nbd: u32, pts: usize, n: u32, cap: u32, simple: bool): i64 {
  const s = firstNeighbour(i0, delta, trigger);
  if (s == trigger) {
    // An isolated pixel: one vertex.
    store<u8>(i0, FOLLOWED_RIGHT);
    store<u32>(owner + ((i0 - img) << 2), nbd);
    if (n >= cap) return -1;
    store<i32>(pts + (<usize>n << 3), x0);
    store<i32>(pts + (<usize>n << 3), y0, 4);
    return <i64>n + 1;
  }
  const i1 = i0 + <usize>load<i32>(delta + (<usize>s << 2));
  let cur = i0;
  let x = x0, y = y0;
  let back = s; // direction from cur to the pixel the walk came from (i1 at the start)
  let last = s ^ 4; // direction of the previous step: at the start, the closing step i1 -> i0
  let visits: u32 = 0;
  while (true) {
    let d = back;
    let q: usize;
    do {
      d++;
      q = cur + <usize>load<i32>(delta + (<usize>d << 2));
    } while (load<u8>(q) == BG);
    mark(img, owner, cur, d, nbd);
    const dir = d & 7;
    if (!simple || dir != last) {
      if (n >= cap) return -1;
      store<i32>(pts + (<usize>n << 3), x);
      store<i32>(pts + (<usize>n << 3), y, 4);
      n++;
      last = dir;
    }
    if (q == i0 && cur == i1) break;
    if (++visits > cap) return -1;
    cur = q;
    x += load<i32>(DX + (<usize>dir << 2));
    y += load<i32>(DY + (<usize>dir << 2));
    back = (dir + 4) & 7;
  }
  return <i64>n;
}

/**
 * Follows one border like followCentre, writing the pixel-corner ring along its cracks: every crack's
 * start corner (simple = false) or only the corners where the ring turns (simple = true). The ring's
 * first output vertex, stored at R_ROT of `r`, is the corner (tx, ty).
 */
function followEdge(img: usize, owner: usize, delta: usize, i0: usize, x0: i32, y0: i32, trigger: i32, nbd: u32, pts: usize, n: u32, cap: u32, simple: bool, r: usize, tx: i32, ty: i32): i64 {
  const start = n;
  const s = firstNeighbour(i0, delta, trigger);
  if (s == trigger) {
    store<u8>(i0, FOLLOWED_RIGHT);
    store<u32>(owner + ((i0 - img) << 2), nbd);
    if (n + 4 > cap) return -1;
    const p = pts + (<usize>n << 3);
    store<i32>(p, x0); store<i32>(p, y0, 4);
    store<i32>(p, x0, 8); store<i32>(p, y0 + 1, 12);
    store<i32>(p, x0 + 1, 16); store<i32>(p, y0 + 1, 20);
    store<i32>(p, x0 + 1, 24); store<i32>(p, y0, 28);
    store<u32>(r, 0, R_ROT);
    return <i64>n + 4;
  }
  const i1 = i0 + <usize>load<i32>(delta + (<usize>s << 2));
  let cur = i0;
  let x = x0, y = y0;
  let back = s;
  let lastT: i32 = -1; // travel direction of the previous crack
  let firstT: i32 = -1;
  let rot: u32 = 0;
  let visits: u32 = 0;
  while (true) {
    let d = back;
    let q: usize;
    while (true) {
      d++;
      q = cur + <usize>load<i32>(delta + (<usize>d << 2));
      if (load<u8>(q) != BG) break;
      if ((d & 1) == 0) {
        const e = d & 7;
        const t = (e + 2) & 7;
        if (!simple || t != lastT) {
          if (n >= cap) return -1;
          const cx = x + load<i32>(CRACK_X + (<usize>e << 1));
          const cy = y + load<i32>(CRACK_Y + (<usize>e << 1));
          if (cx == tx && cy == ty) rot = n - start;
          store<i32>(pts + (<usize>n << 3), cx);
          store<i32>(pts + (<usize>n << 3), cy, 4);
          n++;
        }
        if (firstT < 0) firstT = t;
        lastT = t;
      }
    }
    mark(img, owner, cur, d, nbd);
    if (q == i0 && cur == i1) break;
    if (++visits > cap) return -1;
    const dir = d & 7;
    cur = q;
    x += load<i32>(DX + (<usize>dir << 2));
    y += load<i32>(DY + (<usize>dir << 2));
    back = (dir + 4) & 7;
  }
  if (simple && lastT == firstT && n - start > 1) {
    // The first vertex sits inside a straight run (the ring closes through it): drop it by moving
    // the last vertex, a corner, into its place (a rotation of the same ring).
    n--;
    store<i64>(pts + (<usize>start << 3), load<i64>(pts + (<usize>n << 3)));
    if (rot == n - start) rot = 0;
  }
  store<u32>(r, rot, R_ROT);
  return <i64>n;
}

/** Writes an empty result (no contours) into the three result slots. */
function emptyResult(outPtr: usize): i32 {
  const offsets = allocU32(1);
  if (offsets == 0) return E_NOMEM;
  store<u32>(offsets, 0);
  putResult(outPtr, offsets, 0);
  putResult(outPtr + 8, offsets, 1);
  putResult(outPtr + 16, offsets, 0);
  return OK;
}

/**
 * Traces the borders of a row-major h x w mask (non-zero = foreground) as OpenCV 4.6's findContours.
 * mode: 0 external, 1 list, 2 ccomp, 3 tree. approx: 0 every vertex, 1 only where the direction
 * changes. coords: 0 pixel centres, 1 pixel-corner rings along cracks (outer borders counter-clockwise
 * on screen, holes clockwise, each starting at its top-left corner).
 * Result slots at outPtr: (vertices: i32 x, y pairs, length in i32s), (offsets: u32, count + 1),
 * (hierarchy: i32 next, previous, first child, parent per contour, -1 for none; length 4 * count).
 * Contours come in OpenCV's order: a pre-order walk of the hierarchy, siblings last-found first.
 */
export function contourTrace(outPtr: usize, maskPtr: usize, h: u32, w: u32, mode: i32, approx: i32, coords: i32): i32 {
  if (mode < MODE_EXTERNAL || mode > MODE_TREE || approx < 0 || approx > 1 || coords < 0 || coords > 1) return E_INPUT;
  if (pixelCount(h, w) < 0) return E_RANGE;
  if (h == 0 || w == 0) return emptyResult(outPtr);
  const W2 = <u64>w + 2;
  const n2 = W2 * (<u64>h + 2);
  // The padded image with 16 bytes of slack for the last v128 loads; one owner id per pixel.
  if (n2 > 0x3ffffff0) return E_RANGE;
  const img = arenaAlloc(<usize>n2 + 16);
  if (img == 0) return E_NOMEM;
  const cracks = padCount(img, maskPtr, h, w);
  if (cracks == 0) return emptyResult(outPtr);
  if (cracks > 0x1ffffff0) return E_NOMEM;
  const owner = allocU32(<usize>n2);
  // At most cracks / 4 borders (each has >= 4 cracks) plus the frame; at most `cracks` vertices.
  const maxBorders = <u32>(cracks >> 2) + 1;
  const borders = arenaAlloc(<usize>(maxBorders + 1) << 5);
  const cap = <u32>cracks;
  const pts = arenaAlloc(<usize>cap << 3);
  const delta = allocU32(16);
  if (owner == 0 || borders == 0 || pts == 0 || delta == 0) return E_NOMEM;
  for (let d: usize = 0; d < 16; d++) {
    store<i32>(delta + (d << 2), load<i32>(DY + (d << 2)) * <i32>W2 + load<i32>(DX + (d << 2)));
  }
  memory.fill(borders, 0, R_SIZE);
  store<u32>(borders, 1, R_HOLE);

  const simple = approx == 1;
  const edge = coords == 1;
  const stride = <usize>W2;
  let nb: u32 = 0;
  let n: u32 = 0;
  for (let yp: u32 = 1; yp <= h; yp++) {
    const row = img + <usize>yp * stride;
    let x: u32 = 1;
    while (true) {
      x = nextStart(row, x, w + 1);
      if (x > w + 1) break;
      const a = load<u8>(row + x - 1);
      const outer = a == BG;
      let parent: u32 = 0;
      if (outer) {
        // LNBD: the nearest non-zero pixel to the left (all pixels in between are 0).
        let q = x - 1;
        while (q > 0 && load<u8>(row + q) == BG) q--;
        if (mode == MODE_EXTERNAL) {
          // Only top-level components: the region left of x is the frame's, or lies right of a
          // traced outer border (whose right cracks face the frame's region).
          if (q != 0 && load<u8>(row + q) != FOLLOWED_RIGHT) {
            x++;
            continue;
          }
        } else {
          assert(q == 0 || load<u8>(row + q) >= FOLLOWED);
          const lnbd: u32 = q == 0 ? 0 : load<u32>(owner + ((row + q - img) << 2));
          const lr = rec(borders, lnbd);
          parent = load<u32>(lr, R_HOLE) != 0 ? lnbd : load<u32>(lr, R_PARENT);
        }
      } else {
        if (mode == MODE_EXTERNAL) {
          x++;
          continue;
        }
        // LNBD: the nearest followed pixel at or left of the start, inside the same run.
        let q = x - 1;
        while (q > 0 && load<u8>(row + q) < FOLLOWED) q--;
        if (q == 0) return E_BOUND;
        const lnbd = load<u32>(owner + ((row + q - img) << 2));
        const lr = rec(borders, lnbd);
        parent = load<u32>(lr, R_HOLE) != 0 ? load<u32>(lr, R_PARENT) : lnbd;
      }
      nb++;
      if (nb > maxBorders) return E_BOUND;
      const r = rec(borders, nb);
      store<u32>(r, n, R_START);
      store<u32>(r, parent, R_PARENT);
      store<u32>(r, outer ? 0 : 1, R_HOLE);
      store<u32>(r, 0, R_ROT);
      store<u32>(r, 0, R_CHILD);
      const sx = outer ? x : x - 1;
      const i0 = row + sx;
      const x0 = <i32>sx - 1, y0 = <i32>yp - 1;
      const trigger = outer ? 4 : 0;
      const got = edge
        ? followEdge(img, owner, delta, i0, x0, y0, trigger, nb, pts, n, cap, simple, r, outer ? x0 : x0 + 1, y0)
        : followCentre(img, owner, delta, i0, x0, y0, trigger, nb, pts, n, cap, simple);
      if (got < 0) return E_BOUND;
      store<u32>(r, <u32>got - n, R_LEN);
      n = <u32>got;
      x++;
    }
  }
  return emit(outPtr, borders, nb, pts, mode);
}

/**
 * Builds the output hierarchy of `mode` from the borders' parents, orders the contours as OpenCV
 * (pre-order, each list of siblings last-found first) and copies their vertices out in that order.
 */
function emit(outPtr: usize, borders: usize, nb: u32, pts: usize, mode: i32): i32 {
  let total: u64 = 0;
  for (let id: u32 = 1; id <= nb; id++) {
    const r = rec(borders, id);
    let p: u32 = 0;
    if (mode == MODE_TREE || (mode == MODE_CCOMP && load<u32>(r, R_HOLE) != 0)) p = load<u32>(r, R_PARENT);
    store<u32>(r, p, R_PARENT);
    // Prepending keeps each list of children last-found first.
    const pr = rec(borders, p);
    store<u32>(r, load<u32>(pr, R_CHILD), R_NEXT);
    store<u32>(pr, id, R_CHILD);
    total += <u64>load<u32>(r, R_LEN);
  }
  if (total > 0x1ffffff0) return E_NOMEM;
  const offsets = allocU32(<usize>nb + 1);
  const hier = allocU32(<usize>nb << 2);
  const out = arenaAlloc(<usize>total << 3);
  if (offsets == 0 || (nb != 0 && hier == 0) || (total != 0 && out == 0)) return E_NOMEM;

  let idx: u32 = 0;
  let pos: u32 = 0;
  let prev: i32 = -1; // output index of the previous sibling of the next contour visited
  let node = load<u32>(borders, R_CHILD);
  while (node != 0) {
    const r = rec(borders, node);
    const p = load<u32>(r, R_PARENT);
    const hrow = hier + (<usize>idx << 4);
    store<i32>(hrow, -1);
    store<i32>(hrow, prev, 4);
    store<i32>(hrow, -1, 8);
    store<i32>(hrow, p == 0 ? -1 : load<i32>(rec(borders, p), R_OUT), 12);
    store<u32>(r, idx, R_OUT);
    const start = <usize>load<u32>(r, R_START);
    const len = <usize>load<u32>(r, R_LEN);
    const rot = <usize>load<u32>(r, R_ROT);
    store<u32>(offsets + (<usize>idx << 2), pos);
    const dst = out + (<usize>pos << 3);
    memory.copy(dst, pts + ((start + rot) << 3), (len - rot) << 3);
    memory.copy(dst + ((len - rot) << 3), pts + (start << 3), rot << 3);
    pos += <u32>len;
    idx++;
    const child = load<u32>(r, R_CHILD);
    if (child != 0) {
      store<i32>(hrow, <i32>idx, 8);
      prev = -1;
      node = child;
      continue;
    }
    while (node != 0 && load<u32>(rec(borders, node), R_NEXT) == 0) node = load<u32>(rec(borders, node), R_PARENT);
    if (node == 0) break;
    const nr = rec(borders, node);
    const at = load<i32>(nr, R_OUT);
    store<i32>(hier + (<usize>at << 4), <i32>idx);
    prev = at;
    node = load<u32>(nr, R_NEXT);
  }
  store<u32>(offsets + (<usize>nb << 2), pos);
  putResult(outPtr, out, <usize>total << 1);
  putResult(outPtr + 8, offsets, <usize>nb + 1);
  putResult(outPtr + 16, hier, <usize>nb << 2);
  return OK;
}
