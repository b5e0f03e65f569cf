// Contour tracing by border following: S. Suzuki and K. Abe, "Topological structural analysis of
// digitized binary images by border following", CVGIP 30(1):32-46, 1985. Masks come out as OpenCV
// 4.6's findContours: foreground 8-connected, background 4-connected, the image padded by one 0
// pixel. Label images (components of a labelling) are traced in the same single scan, each
// component against everything else, its borders tagged with its label.
// Invariant: every crack (pixel edge between a component and anything else) is crossed by exactly
// one border of that component, in one visit, so vertices <= cracks, counted while padding.
// Cost: O(pixels) to scan (16 pixels per v128 step where no border starts) + O(cracks) to follow.
import { OK, E_NOMEM, E_RANGE, E_INPUT, E_BOUND } from './status';
import { arenaAlloc, allocU32 } from './arena';
import { putResult, pixelCount } from './rle';

// Directions from a pixel P; +1 turns counter-clockwise on screen (y down). A scan index d in 0..15
// stands for direction d & 7, so a walk of up to 8 steps never wraps. 4-connected walks use the
// even directions only.
//   3 2 1
//   4 P 0
//   5 6 7
const DX = memory.data<i32>([1, 1, 0, -1, -1, -1, 0, 1, 1, 1, 0, -1, -1, -1, 0, 1]);
const DY = memory.data<i32>([0, -1, -1, -1, 0, 1, 1, 1, 0, -1, -1, -1, 0, 1, 1, 1]);
// Start corner of the crack that faces even direction e (index e >> 1), from the pixel's top-left
// corner. Cracks run with the component on their left: facing 0 up, 2 left, 4 down, 6 right.
const CRACK_X = memory.data<i32>([1, 1, 0, 0]);
const CRACK_Y = memory.data<i32>([1, 0, 0, 1]);

// Padded pixels. Masks (u8): 0 background, 1 foreground not yet followed, 2 followed, 3 followed
// with its right neighbour examined as background (Suzuki & Abe's negative NBD, step 3.4: no hole
// starts there). Label images (u32): the label in the low 30 bits, the two marks in the top bits.
const FG: u8 = 1;
const FOLLOWED: u8 = 2;
const FOLLOWED_RIGHT: u8 = 3;
const LABEL: u32 = 0x3fffffff;
const M_FOLLOWED: u32 = 0x40000000;
const M_RIGHT: u32 = 0x80000000;

export const MODE_EXTERNAL: i32 = 0;
export const MODE_LIST: i32 = 1;
export const MODE_CCOMP: i32 = 2;
export const MODE_TREE: i32 = 3;

// Border records in discovery order, id 1..; id 0 is the frame (a hole with no parent). The table
// grows at the top of the arena, one record per border found.
const R_START: usize = 0; // first vertex in the scratch vertex buffer
const R_LEN: usize = 4; // vertex count
const R_PARENT: usize = 8; // Suzuki & Abe's parent border, then the parent in the output hierarchy
const R_HOLE: usize = 12; // 1 for a hole border
const R_ROT: usize = 16; // edge coordinates: index of the ring's first output vertex
const R_CHILD: usize = 20; // output hierarchy: first child (the child found last)
const R_NEXT: usize = 24; // output hierarchy: next sibling
const R_OUT: usize = 28; // index in the output
const R_LABEL: usize = 32; // the component's label (label images)
const R_SIZE: usize = 48;

// @ts-ignore: decorator
@inline function rec(borders: usize, id: u32): usize {
  return borders + <usize>id * R_SIZE;
}

/** State of one tracing call, in the arena. */
@unmanaged class Tracer {
  img: usize; // padded image
  owner: usize; // u32 per padded pixel: the border that last marked it
  delta: usize; // 16 i32: byte offsets of the neighbours, by scan index
  pts: usize; // vertex scratch, i32 x, y pairs
  cap: u32; // vertices it holds
  n: u32; // vertices written
  step: i32; // 1: 8-connected walk, 2: 4-connected
  simple: bool;
  edge: bool;
}

// ---------------------------------------------------------------------------------------------
// Pixel access, by pixel type: u8 for masks, u32 for label images.

/** Whether the pixel at q belongs to the component being followed (label l; any non-zero in masks). */
// @ts-ignore: decorator
@inline function isIn<T>(q: usize, l: u32): bool {
  if (sizeof<T>() == 1) return load<u8>(q) != 0;
  return (load<u32>(q) & LABEL) == l;
}

/** Whether the pixel at q belongs to any component. */
// @ts-ignore: decorator
@inline function isSet<T>(q: usize): bool {
  if (sizeof<T>() == 1) return load<u8>(q) != 0;
  return (load<u32>(q) & LABEL) != 0;
}

// @ts-ignore: decorator
@inline function isFollowed<T>(q: usize): bool {
  if (sizeof<T>() == 1) return load<u8>(q) >= FOLLOWED;
  return (load<u32>(q) & M_FOLLOWED) != 0;
}

// @ts-ignore: decorator
@inline function isRightBound<T>(q: usize): bool {
  if (sizeof<T>() == 1) return load<u8>(q) == FOLLOWED_RIGHT;
  return (load<u32>(q) & M_RIGHT) != 0;
}

/**
 * Suzuki & Abe step 3.4 for the pixel at cur: followed with its right neighbour examined as not in
 * the component (right = true), else followed if it was not. The owner records the border.
 */
// @ts-ignore: decorator
@inline function mark<T>(img: usize, owner: usize, cur: usize, right: bool, nbd: u32): void {
  const o = owner + (((cur - img) >> alignof<T>()) << 2);
  if (sizeof<T>() == 1) {
    if (right) {
      store<u8>(cur, FOLLOWED_RIGHT);
      store<u32>(o, nbd);
    } else if (load<u8>(cur) == FG) {
      store<u8>(cur, FOLLOWED);
      store<u32>(o, nbd);
    }
  } else {
    const v = load<u32>(cur);
    if (right) {
      store<u32>(cur, v | M_FOLLOWED | M_RIGHT);
      store<u32>(o, nbd);
    } else if ((v & M_FOLLOWED) == 0) {
      store<u32>(cur, v | M_FOLLOWED);
      store<u32>(o, nbd);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Padding.

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
function padMask(img: usize, mask: usize, h: u32, w: u32): u64 {
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

/** Cracks between two neighbouring labels a and b: one per side that is a component. */
// @ts-ignore: decorator
@inline function labelCracks(a: u32, b: u32): u64 {
  return a == b ? 0 : <u64>(a != 0) + <u64>(b != 0);
}

/**
 * Copies the row-major h x w i32 labels into img, (h + 2) x (w + 2) u32 with a 0 border; returns the
 * number of cracks counted once per component side, or -1 when a label is outside 0..count.
 */
function padLabels(img: usize, labels: usize, h: u32, w: u32, count: u32): i64 {
  const W2 = <usize>w + 2;
  memory.fill(img, 0, W2 << 2);
  memory.fill(img + (((<usize>h + 1) * W2) << 2), 0, (W2 << 2) + 16);
  const top = i32x4.splat(<i32>count);
  let cracks: u64 = 0;
  for (let y: u32 = 0; y < h; y++) {
    const row = img + (((<usize>y + 1) * W2) << 2);
    const src = labels + ((<usize>y * w) << 2);
    store<u32>(row, 0);
    let x: u32 = 0;
    let bad = i32x4.splat(0);
    for (; x + 4 <= w; x += 4) {
      const v = v128.load(src + (<usize>x << 2));
      bad = v128.or(bad, i32x4.gt_u(v, top));
      v128.store(row + ((<usize>x + 1) << 2), v);
    }
    if (v128.any_true(bad)) return -1;
    for (; x < w; x++) {
      const v = load<u32>(src + (<usize>x << 2));
      if (v > count) return -1;
      store<u32>(row + ((<usize>x + 1) << 2), v);
    }
    store<u32>(row + ((<usize>w + 1) << 2), 0);
    for (let i: u32 = 0; i <= w; i++) {
      const p = row + (<usize>i << 2);
      cracks += labelCracks(load<u32>(p), load<u32>(p, 4)) + labelCracks(load<u32>(p, 4), load<u32>(p - (W2 << 2), 4));
    }
  }
  const last = img + ((<usize>h * W2) << 2);
  for (let i: u32 = 1; i <= w; i++) cracks += <u64>(load<u32>(last + (<usize>i << 2)) != 0);
  return <i64>cracks;
}

// ---------------------------------------------------------------------------------------------
// Scanning for border starts.

/**
 * First x in [x, end] where a border may start in the padded row (a = pixel x - 1, b = pixel x):
 * an outer border at x (b in a component, not followed, a not in it) or a hole at x - 1 (a in a
 * component, not right-bound, b not in it); end + 1 when there is none. Label images return every
 * change of label; the caller tests them.
 */
// @ts-ignore: decorator
@inline function nextStart<T>(row: usize, x: u32, end: u32): u32 {
  if (sizeof<T>() == 1) {
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
      if ((a == 0 && b == FG) || (b == 0 && <u8>(a - 1) <= 1)) return x;
    }
    return x;
  }
  const lab = i32x4.splat(LABEL);
  while (x + 3 <= end) {
    const p = row + (<usize>x << 2);
    const d = v128.and(v128.xor(v128.load(p - 4), v128.load(p)), lab);
    const bits = i32x4.bitmask(i32x4.ne(d, i32x4.splat(0)));
    if (bits != 0) return x + ctz(bits);
    x += 4;
  }
  for (; x <= end; x++) {
    const p = row + (<usize>x << 2);
    if (((load<u32>(p - 4) ^ load<u32>(p)) & LABEL) != 0) return x;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Following one border.

/**
 * Step 3.1: the first neighbour of i0 in component l clockwise from `trigger` (4 = the left
 * neighbour for an outer border, 0 = the right one for a hole), as a direction; `trigger` if none.
 */
// @ts-ignore: decorator
@inline function firstNeighbour<T>(t: Tracer, i0: usize, trigger: i32, l: u32): i32 {
  const step = sizeof<T>() == 1 ? 1 : t.step;
  let s = trigger;
  do {
    s = (s - step) & 7;
  } while (!isIn<T>(i0 + <usize>load<i32>(t.delta + (<usize>s << 2)), l) && s != trigger);
  return s;
}

/** Stores vertex n = (x, y). */
// @ts-ignore: decorator
@inline function put(pts: usize, n: u32, x: i32, y: i32): void {
  const p = pts + (<usize>n << 3);
  store<i32>(p, x);
  store<i32>(p, y, 4);
}

/**
 * Follows one border of component l in pixel-centre coordinates (steps 3.1-3.5) from i0 = pixel
 * (x0, y0), writing every visit (simple = false) or the visits where the step direction changes,
 * counted cyclically (simple = true). Returns OK, or E_BOUND past the capacity or visit budget.
 */
function followCentre<T>(t: Tracer, i0: usize, x0: i32, y0: i32, trigger: i32, nbd: u32, l: u32): i32 {
  const s = firstNeighbour<T>(t, i0, trigger, l);
  const pts = t.pts, cap = t.cap;
  let n = t.n;
  if (n >= cap) return E_BOUND;
  if (s == trigger) {
    // An isolated pixel: one vertex.
    mark<T>(t.img, t.owner, i0, true, nbd);
    put(pts, n, x0, y0);
    t.n = n + 1;
    return OK;
  }
  const delta = t.delta, simple = t.simple, img = t.img, owner = t.owner;
  const step = sizeof<T>() == 1 ? 1 : t.step; // masks: always 8-connected
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
      d += step;
      q = cur + <usize>load<i32>(delta + (<usize>d << 2));
    } while (!isIn<T>(q, l));
    mark<T>(img, owner, cur, d > 8, nbd);
    const dir = d & 7;
    if (!simple || dir != last) {
      if (n >= cap) return E_BOUND;
      put(pts, n++, x, y);
      last = dir;
    }
    if (q == i0 && cur == i1) break;
    if (++visits > cap) return E_BOUND;
    cur = q;
    x += load<i32>(DX + (<usize>dir << 2));
    y += load<i32>(DY + (<usize>dir << 2));
    back = (dir + 4) & 7;
  }
  t.n = n;
  return OK;
}

/**
 * Follows one border like followCentre, writing the pixel-corner ring along its cracks: every crack's
 * start corner (simple = false) or only the corners where the ring turns (simple = true). The ring's
 * first output vertex, stored at R_ROT of record r, is the corner (tx, ty).
 */
function followEdge<T>(t: Tracer, i0: usize, x0: i32, y0: i32, trigger: i32, nbd: u32, l: u32, r: usize, tx: i32, ty: i32): i32 {
  const start = t.n;
  const s = firstNeighbour<T>(t, i0, trigger, l);
  const pts = t.pts, cap = t.cap;
  let n = start;
  if (s == trigger) {
    mark<T>(t.img, t.owner, i0, true, nbd);
    if (n + 4 > cap) return E_BOUND;
    put(pts, n, x0, y0);
    put(pts, n + 1, x0, y0 + 1);
    put(pts, n + 2, x0 + 1, y0 + 1);
    put(pts, n + 3, x0 + 1, y0);
    t.n = n + 4;
    return OK;
  }
  const delta = t.delta, simple = t.simple, img = t.img, owner = t.owner;
  const step = sizeof<T>() == 1 ? 1 : t.step; // masks: always 8-connected
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
      d += step;
      q = cur + <usize>load<i32>(delta + (<usize>d << 2));
      if (isIn<T>(q, l)) break;
      if ((d & 1) == 0) {
        const e = d & 7;
        const u = (e + 2) & 7;
        if (!simple || u != lastT) {
          const cx = x + load<i32>(CRACK_X + (<usize>e << 1));
          const cy = y + load<i32>(CRACK_Y + (<usize>e << 1));
          if (cx == tx && cy == ty) rot = n - start;
          if (n >= cap) return E_BOUND;
          put(pts, n++, cx, cy);
        }
        if (firstT < 0) firstT = u;
        lastT = u;
      }
    }
    mark<T>(img, owner, cur, d > 8, nbd);
    if (q == i0 && cur == i1) break;
    if (++visits > cap) return E_BOUND;
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
  t.n = n;
  store<u32>(r, rot, R_ROT);
  return OK;
}

// ---------------------------------------------------------------------------------------------
// The scan.

/** Border id of the pixel at q (the border that last marked it); 0 (the frame) for no pixel. */
// @ts-ignore: decorator
@inline function ownerAt<T>(t: Tracer, q: usize): u32 {
  return load<u32>(t.owner + (((q - t.img) >> alignof<T>()) << 2));
}

/**
 * Adds border nbd to the table (it must grow contiguously at the arena top), follows it and records
 * its vertices. Returns a status.
 */
function startBorder<T>(t: Tracer, borders: usize, nbd: u32, hole: bool, parent: u32, i0: usize, x0: i32, y0: i32, l: u32): i32 {
  const r = arenaAlloc(R_SIZE);
  if (r == 0) return E_NOMEM;
  if (r != rec(borders, nbd)) return E_BOUND;
  const first = t.n;
  store<u32>(r, first, R_START);
  store<u32>(r, parent, R_PARENT);
  store<u32>(r, hole ? 1 : 0, R_HOLE);
  store<u32>(r, 0, R_ROT);
  store<u32>(r, 0, R_CHILD);
  store<u32>(r, l, R_LABEL);
  const trigger = hole ? 0 : 4;
  const status = t.edge
    ? followEdge<T>(t, i0, x0, y0, trigger, nbd, l, r, hole ? x0 + 1 : x0, y0)
    : followCentre<T>(t, i0, x0, y0, trigger, nbd, l);
  store<u32>(r, t.n - first, R_LEN);
  return status;
}

/**
 * Scans the padded image row by row and follows every border where it starts (Suzuki & Abe
 * steps 1, 2 and 4). Returns the number of borders, or -status.
 */
function scan<T>(t: Tracer, borders: usize, h: u32, w: u32, mode: i32): i64 {
  const stride = (<usize>w + 2) << alignof<T>();
  let nb: u32 = 0;
  for (let yp: u32 = 1; yp <= h; yp++) {
    const row = t.img + <usize>yp * stride;
    const y0 = <i32>yp - 1;
    let x: u32 = 1;
    while (true) {
      x = nextStart<T>(row, x, w + 1);
      if (x > w + 1) break;
      const pa = row + ((<usize>x - 1) << alignof<T>());
      const pb = row + (<usize>x << alignof<T>());
      const la: u32 = sizeof<T>() == 1 ? <u32>(load<u8>(pa) != 0) : load<u32>(pa) & LABEL;
      const lb: u32 = sizeof<T>() == 1 ? <u32>(load<u8>(pb) != 0) : load<u32>(pb) & LABEL;
      // A hole of the component at x - 1, whose right crack no border has crossed yet.
      if (la != 0 && la != lb && !isRightBound<T>(pa) && mode != MODE_EXTERNAL) {
        // LNBD: the nearest followed pixel at or left of the start; the run's first pixel is one.
        let q = pa;
        while (q > row && !isFollowed<T>(q)) q -= 1 << alignof<T>();
        if (q == row) return -E_BOUND;
        const lnbd = ownerAt<T>(t, q);
        const lr = rec(borders, lnbd);
        const parent = load<u32>(lr, R_HOLE) != 0 ? load<u32>(lr, R_PARENT) : lnbd;
        const status = startBorder<T>(t, borders, ++nb, true, parent, pa, <i32>x - 2, y0, la);
        if (status != OK) return -status;
      }
      // An outer border of the component at x, met for the first time.
      if (lb != 0 && la != lb && !isFollowed<T>(pb)) {
        // LNBD: the nearest pixel of any component left of x (only background in between).
        let q = pa;
        while (q > row && !isSet<T>(q)) q -= 1 << alignof<T>();
        let parent: u32 = 0;
        let take = true;
        if (mode == MODE_EXTERNAL) {
          // Only top-level components: left of x lies the frame's region, or the region right of
          // a traced outer border (whose right cracks face the frame's region).
          take = q == row || isRightBound<T>(q);
        } else if (q != row) {
          if (!isFollowed<T>(q)) return -E_BOUND;
          const lnbd = ownerAt<T>(t, q);
          const lr = rec(borders, lnbd);
          parent = load<u32>(lr, R_HOLE) != 0 ? lnbd : load<u32>(lr, R_PARENT);
        }
        if (take) {
          const status = startBorder<T>(t, borders, ++nb, false, parent, pb, <i32>x - 1, y0, lb);
          if (status != OK) return -status;
        }
      }
      x++;
    }
  }
  return nb;
}

/** Writes an empty result (no contours) into the four result slots. */
function emptyResult(outPtr: usize): i32 {
  const offsets = allocU32(1);
  if (offsets == 0) return E_NOMEM;
  store<u32>(offsets, 0);
  putResult(outPtr, offsets, 0);
  putResult(outPtr + 8, offsets, 1);
  putResult(outPtr + 16, offsets, 0);
  putResult(outPtr + 24, offsets, 0);
  return OK;
}

/** Checks the flags shared by the exports; returns a status. */
function checkFlags(mode: i32, approx: i32, coords: i32): i32 {
  return mode < MODE_EXTERNAL || mode > MODE_TREE || approx < 0 || approx > 1 || coords < 0 || coords > 1 ? E_INPUT : OK;
}

/**
 * Everything after padding: scratch for owners, vertices and borders, the scan, the output.
 * img holds the padded image of pixel type T; cracks bounds the vertices.
 */
function trace<T>(outPtr: usize, img: usize, cracks: u64, h: u32, w: u32, mode: i32, approx: i32, coords: i32, step: i32, labels: bool): i32 {
  if (cracks == 0) return emptyResult(outPtr);
  if (cracks > 0x1ffffff0) return E_NOMEM;
  const W2 = <i32>w + 2;
  const owner = allocU32((<usize>w + 2) * (<usize>h + 2));
  const pts = arenaAlloc(<usize>cracks << 3);
  const delta = allocU32(16);
  const at = arenaAlloc(offsetof<Tracer>());
  if (owner == 0 || pts == 0 || delta == 0 || at == 0) return E_NOMEM;
  for (let d: usize = 0; d < 16; d++) {
    store<i32>(delta + (d << 2), (load<i32>(DY + (d << 2)) * W2 + load<i32>(DX + (d << 2))) << alignof<T>());
  }
  const t = changetype<Tracer>(at);
  t.img = img;
  t.owner = owner;
  t.delta = delta;
  t.pts = pts;
  t.cap = <u32>cracks;
  t.n = 0;
  t.step = step;
  t.simple = approx == 1;
  t.edge = coords == 1;
  // The border table, frame first; it grows by one record per border (nothing else is allocated
  // until the scan ends).
  const borders = arenaAlloc(R_SIZE);
  if (borders == 0) return E_NOMEM;
  memory.fill(borders, 0, R_SIZE);
  store<u32>(borders, 1, R_HOLE);
  const nb = scan<T>(t, borders, h, w, mode);
  if (nb < 0) return <i32>-nb;
  return emit(outPtr, borders, <u32>nb, pts, mode, labels);
}

/**
 * Traces the borders of a row-major h x w mask (non-zero = foreground) as OpenCV 4.6's findContours.
 * mode: 0 external, 1 list, 2 ccomp, 3 tree. approx: 0 every vertex, 1 only where the direction
 * changes. coords: 0 pixel centres, 1 pixel-corner rings along cracks (outer borders counter-clockwise
 * on screen, holes clockwise, each starting at its top-left corner).
 * Result slots at outPtr: (vertices: i32 x, y pairs, length in i32s), (offsets: u32, count + 1),
 * (hierarchy: i32 next, previous, first child, parent per contour, -1 for none; length 4 * count),
 * (nothing: labels are for contourTraceLabels).
 * Contours come in OpenCV's order: a pre-order walk of the hierarchy, siblings last-found first.
 */
export function contourTrace(outPtr: usize, maskPtr: usize, h: u32, w: u32, mode: i32, approx: i32, coords: i32): i32 {
  const bad = checkFlags(mode, approx, coords);
  if (bad != OK) return bad;
  if (pixelCount(h, w) < 0) return E_RANGE;
  if (h == 0 || w == 0) return emptyResult(outPtr);
  // The padded image, with 16 bytes of slack for the last v128 loads.
  const n2 = (<u64>w + 2) * (<u64>h + 2);
  if (n2 > 0x3ffffff0) return E_RANGE;
  const img = arenaAlloc(<usize>n2 + 16);
  if (img == 0) return E_NOMEM;
  const cracks = padMask(img, maskPtr, h, w);
  return trace<u8>(outPtr, img, cracks, h, w, mode, approx, coords, 1, false);
}

/**
 * Traces every component of a labelling in one scan: labels is a row-major h x w i32 image, 0 for
 * no component, else a label in 1..count (E_INPUT otherwise). Each component is followed against
 * everything else with a walk of the given connectivity (8: its background 4-connected, as
 * contourTrace; 4: background 8-connected); its holes are the regions it encloses. Flags and the
 * first three result slots as contourTrace; the fourth holds each contour's label (u32, count).
 */
export function contourTraceLabels(outPtr: usize, labelsPtr: usize, h: u32, w: u32, count: u32, connectivity: u32, mode: i32, approx: i32, coords: i32): i32 {
  const bad = checkFlags(mode, approx, coords);
  if (bad != OK) return bad;
  if (connectivity != 4 && connectivity != 8) return E_INPUT;
  if (pixelCount(h, w) < 0 || count > LABEL) return E_RANGE;
  if (h == 0 || w == 0) return emptyResult(outPtr);
  const n2 = (<u64>w + 2) * (<u64>h + 2);
  if (n2 > 0xffffff0) return E_RANGE;
  const img = arenaAlloc((<usize>n2 << 2) + 16);
  if (img == 0) return E_NOMEM;
  const cracks = padLabels(img, labelsPtr, h, w, count);
  if (cracks < 0) return E_INPUT;
  return trace<u32>(outPtr, img, <u64>cracks, h, w, mode, approx, coords, connectivity == 8 ? 1 : 2, true);
}

/**
 * Builds the output hierarchy of `mode` from the borders' parents, orders the contours as OpenCV
 * (pre-order, each list of siblings last-found first) and copies their vertices (and labels) out
 * in that order.
 */
function emit(outPtr: usize, borders: usize, nb: u32, pts: usize, mode: i32, labels: bool): i32 {
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
  const lab = labels ? allocU32(<usize>nb) : offsets;
  const out = arenaAlloc(<usize>total << 3);
  if (offsets == 0 || (nb != 0 && (hier == 0 || lab == 0)) || (total != 0 && out == 0)) return E_NOMEM;

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
    if (labels) store<u32>(lab + (<usize>idx << 2), load<u32>(r, R_LABEL));
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
  putResult(outPtr + 24, lab, labels ? <usize>nb : 0);
  return OK;
}
