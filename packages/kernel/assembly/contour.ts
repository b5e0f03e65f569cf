// Contour tracing by border following (S. Suzuki, K. Abe, "Topological structural analysis of
// digitized binary images by border following", CVGIP 30(1):32-46, 1985) with OpenCV 4.6's
// findContours output (foreground 8-connected, image padded with 0); a label image has every
// component traced in the same single scan. Invariant: each crack (pixel edge between a component
// and the rest) is crossed once, by one border of that component, in one visit. Cost: O(pixels) to
// pad and scan (a mask only in 64-pixel blocks that change) + O(cracks) to follow.
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

// Border records in discovery order, each followed by its vertices (i32 x, y pairs), in one stream
// that grows at the top of the arena; the first record is the frame (a hole with no parent). A
// border is known by its record's address (the owner plane holds them).
const R_LEN: usize = 0; // vertex count
const R_PARENT: usize = 4; // Suzuki & Abe's parent border
const R_TAG: usize = 8; // the component's label (label images), HOLE set for a hole border
const R_ROT: usize = 12; // edge coordinates: index of the ring's first output vertex
const R_UP: usize = 16; // parent in the output hierarchy
const R_CHILD: usize = 20; // output hierarchy: first child (the child found last), 0 for none
const R_NEXT: usize = 24; // output hierarchy: next sibling, 0 for none
const R_OUT: usize = 28; // index in the output
const R_SIZE: usize = 32;
const HOLE: u32 = 0x80000000;

/** Internal status of a walk that ran out of stream space: grow it and follow the border again. */
const GROW: i32 = -1;

/** Space the stream starts with; it then doubles. */
const STREAM_START: usize = 1 << 16;

/** State of one tracing call, in the arena. */
@unmanaged class Tracer {
  img: usize; // padded image
  owner: usize; // u32 per padded pixel: the record of the border that last marked it
  delta: usize; // 16 i32: byte offsets of the neighbours, by scan index
  base: usize; // the stream: first byte
  end: usize; // next free byte
  cap: usize; // end of the space reserved
  budget: u32; // visits a border may take: a broken invariant beyond
  borders: u32; // borders found
  total: u32; // vertices of the borders in the output
  mode: i32;
  step: i32; // 1: 8-connected walk, 2: 4-connected
  simple: bool;
  edge: bool;
}

/**
 * Reserves `bytes` more at the end of the stream: nothing else is allocated while tracing, so
 * each block extends the previous one. False when memory is exhausted.
 */
function grow(t: Tracer, bytes: usize): bool {
  const size = t.cap - t.base;
  const more = (max<usize>(size, bytes) + 15) & ~15;
  const at = arenaAlloc(more);
  if (at == 0 || at != t.cap) return false;
  t.cap += more;
  return true;
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

/** u64 words per row of the change bitmap: one bit per 64-pixel block, blocks 0..w >> 6. */
// @ts-ignore: decorator
@inline function bitWords(w: u32): usize {
  return ((<usize>w >> 6) + 64) >> 6;
}

/**
 * Copies the row-major h x w mask into img, (h + 2) x (w + 2) with a 0 border, as 0/1, and sets bit
 * b of row y's bitmap when pixels 64b .. 64b + 63 of row y hold a change between horizontal
 * neighbours (the right border counts): no border starts in a block without one, whatever the
 * marks. Each 16-pixel block is compared with itself shifted by a pixel (a shuffle with the
 * previous block); the last partial block is marked without looking.
 */
function padMask(img: usize, bits: usize, mask: usize, h: u32, w: u32): void {
  const W2 = <usize>w + 2;
  const wb = bitWords(w);
  const one = i8x16.splat(1);
  const zero = i8x16.splat(0);
  memory.fill(img, 0, W2);
  memory.fill(img + (<usize>h + 1) * W2, 0, W2 + 16);
  memory.fill(bits, 0, (<usize>h * wb) << 3);
  for (let y: u32 = 0; y < h; y++) {
    const row = img + (<usize>y + 1) * W2;
    const src = mask + <usize>y * w;
    const rb = bits + ((<usize>y * wb) << 3);
    store<u8>(row, 0);
    let prev = zero; // the block before, for the left neighbours
    let x: u32 = 0;
    for (; x + 64 <= w; x += 64) {
      let change = zero;
      for (let k: u32 = 0; k < 64; k += 16) {
        const v = i8x16.min_u(v128.load(src + x + k), one);
        v128.store(row + 1 + x + k, v);
        change = v128.or(change, v128.xor(v, i8x16.shuffle(prev, v, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30)));
        prev = v;
      }
      if (v128.any_true(change)) {
        const word = rb + ((<usize>x >> 12) << 3);
        store<u64>(word, load<u64>(word) | (<u64>1 << (<u64>(x >> 6) & 63)));
      }
    }
    for (let b = x >> 6; b <= w >> 6; b++) {
      const word = rb + ((<usize>b >> 6) << 3);
      store<u64>(word, load<u64>(word) | (<u64>1 << (<u64>b & 63)));
    }
    for (; x < w; x++) store<u8>(row + 1 + x, <u8>(load<u8>(src + x) != 0));
    store<u8>(row + w + 1, 0);
  }
}

/**
 * Copies the row-major h x w i32 labels into img, (h + 2) x (w + 2) u32 with a 0 border; false when
 * a label is outside 0..count.
 */
function padLabels(img: usize, labels: usize, h: u32, w: u32, count: u32): bool {
  const W2 = <usize>w + 2;
  memory.fill(img, 0, W2 << 2);
  memory.fill(img + (((<usize>h + 1) * W2) << 2), 0, (W2 << 2) + 16);
  const top = i32x4.splat(<i32>count);
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
    if (v128.any_true(bad)) return false;
    for (; x < w; x++) {
      const v = load<u32>(src + (<usize>x << 2));
      if (v > count) return false;
      store<u32>(row + ((<usize>x + 1) << 2), v);
    }
    store<u32>(row + ((<usize>w + 1) << 2), 0);
  }
  return true;
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

/** Stores vertex (x, y) at p. */
// @ts-ignore: decorator
@inline function put(p: usize, x: i32, y: i32): void {
  store<i32>(p, x);
  store<i32>(p, y, 4);
}

/**
 * Follows one border of component l in pixel-centre coordinates (steps 3.1-3.5) from i0 = pixel
 * (x0, y0), writing every visit (simple = false) or the visits where the step direction changes,
 * counted cyclically (simple = true), at the end of the stream. Returns a status.
 */
function followCentre<T>(t: Tracer, i0: usize, x0: i32, y0: i32, trigger: i32, nbd: u32, l: u32): i32 {
  const s = firstNeighbour<T>(t, i0, trigger, l);
  const p0 = t.end, cap = t.cap;
  let p = p0;
  if (s == trigger) {
    // An isolated pixel: one vertex.
    mark<T>(t.img, t.owner, i0, true, nbd);
    if (p + 8 > cap) return GROW;
    put(p, x0, y0);
    t.end = p + 8;
    return OK;
  }
  const delta = t.delta, simple = t.simple, img = t.img, owner = t.owner, budget = t.budget;
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
      if (p + 8 > cap) return GROW;
      put(p, x, y);
      p += 8;
      last = dir;
    }
    if (q == i0 && cur == i1) break;
    if (++visits > budget) return E_BOUND;
    cur = q;
    x += load<i32>(DX + (<usize>dir << 2));
    y += load<i32>(DY + (<usize>dir << 2));
    back = (dir + 4) & 7;
  }
  t.end = p;
  return OK;
}

/**
 * Follows one border like followCentre, writing the pixel-corner ring along its cracks: every crack's
 * start corner (simple = false) or only the corners where the ring turns (simple = true). The ring's
 * first output vertex, stored at R_ROT of record r, is the corner (tx, ty).
 */
function followEdge<T>(t: Tracer, i0: usize, x0: i32, y0: i32, trigger: i32, nbd: u32, l: u32, r: usize, tx: i32, ty: i32): i32 {
  const start = t.end;
  const s = firstNeighbour<T>(t, i0, trigger, l);
  const cap = t.cap;
  let p = start;
  if (s == trigger) {
    mark<T>(t.img, t.owner, i0, true, nbd);
    if (p + 32 > cap) return GROW;
    put(p, x0, y0);
    put(p + 8, x0, y0 + 1);
    put(p + 16, x0 + 1, y0 + 1);
    put(p + 24, x0 + 1, y0);
    t.end = p + 32;
    return OK;
  }
  const delta = t.delta, simple = t.simple, img = t.img, owner = t.owner, budget = t.budget;
  const step = sizeof<T>() == 1 ? 1 : t.step;
  const i1 = i0 + <usize>load<i32>(delta + (<usize>s << 2));
  let cur = i0;
  let x = x0, y = y0;
  let back = s;
  let lastT: i32 = -1; // travel direction of the previous crack
  let firstT: i32 = -1;
  let rot: usize = 0;
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
          if (cx == tx && cy == ty) rot = p - start;
          if (p + 8 > cap) return GROW;
          put(p, cx, cy);
          p += 8;
        }
        if (firstT < 0) firstT = u;
        lastT = u;
      }
    }
    mark<T>(img, owner, cur, d > 8, nbd);
    if (q == i0 && cur == i1) break;
    if (++visits > budget) return E_BOUND;
    const dir = d & 7;
    cur = q;
    x += load<i32>(DX + (<usize>dir << 2));
    y += load<i32>(DY + (<usize>dir << 2));
    back = (dir + 4) & 7;
  }
  if (simple && lastT == firstT && p - start > 8) {
    // The first vertex sits inside a straight run (the ring closes through it): drop it by moving
    // the last vertex, a corner, into its place (a rotation of the same ring).
    p -= 8;
    store<i64>(start, load<i64>(p));
    if (rot == p - start) rot = 0;
  }
  t.end = p;
  store<u32>(r, <u32>(rot >> 3), R_ROT);
  return OK;
}

// ---------------------------------------------------------------------------------------------
// The scan.

/** The record of the border that last marked the pixel at q. */
// @ts-ignore: decorator
@inline function ownerAt<T>(t: Tracer, q: usize): u32 {
  return load<u32>(t.owner + (((q - t.img) >> alignof<T>()) << 2));
}

/** Parent of a new border by Suzuki & Abe's Table 1, from the border lnbd met last to its left. */
// @ts-ignore: decorator
@inline function parentOf(lnbd: usize, hole: bool): u32 {
  return ((load<u32>(lnbd, R_TAG) & HOLE) != 0) != hole ? <u32>lnbd : load<u32>(lnbd, R_PARENT);
}

/**
 * Adds a record at the end of the stream and follows the border into it; when the stream runs out,
 * grows it and follows again from the start (a walk depends only on which pixels are in the
 * component, and marks the same pixels the same way). Returns a status.
 */
function startBorder<T>(t: Tracer, hole: bool, parent: u32, i0: usize, x0: i32, y0: i32, l: u32): i32 {
  if (t.end + R_SIZE > t.cap && !grow(t, R_SIZE)) return E_NOMEM;
  const r = t.end;
  store<u32>(r, parent, R_PARENT);
  store<u32>(r, hole ? l | HOLE : l, R_TAG);
  store<u32>(r, 0, R_ROT);
  store<u32>(r, 0, R_CHILD);
  // The output hierarchy of the mode; prepending keeps each list of children last-found first.
  const mode = t.mode;
  const up = mode == MODE_TREE || (mode == MODE_CCOMP && hole) ? parent : <u32>t.base;
  store<u32>(r, up, R_UP);
  store<u32>(r, load<u32>(up, R_CHILD), R_NEXT);
  store<u32>(up, <u32>r, R_CHILD);
  const trigger = hole ? 0 : 4;
  let status = GROW;
  while (status == GROW) {
    t.end = r + R_SIZE;
    status = t.edge
      ? followEdge<T>(t, i0, x0, y0, trigger, <u32>r, l, r, hole ? x0 + 1 : x0, y0)
      : followCentre<T>(t, i0, x0, y0, trigger, <u32>r, l);
    if (status == GROW && !grow(t, 32)) return E_NOMEM;
  }
  const len = <u32>((t.end - r - R_SIZE) >> 3);
  store<u32>(r, len, R_LEN);
  t.borders++;
  t.total += len;
  return status;
}

/** Handles a possible border start at padded x of row (Suzuki & Abe steps 1 and 2); a status. */
// @ts-ignore: decorator
@inline function startsAt<T>(t: Tracer, row: usize, x: u32, y0: i32, mode: i32, frame: usize): i32 {
  const pa = row + ((<usize>x - 1) << alignof<T>());
  const pb = row + (<usize>x << alignof<T>());
  const la: u32 = sizeof<T>() == 1 ? <u32>(load<u8>(pa) != 0) : load<u32>(pa) & LABEL;
  const lb: u32 = sizeof<T>() == 1 ? <u32>(load<u8>(pb) != 0) : load<u32>(pb) & LABEL;
  // A hole of the component at x - 1, whose right crack no border has crossed yet.
  if (la != 0 && la != lb && !isRightBound<T>(pa) && mode != MODE_EXTERNAL) {
    // LNBD: the nearest followed pixel at or left of the start; the run's first pixel is one.
    let q = pa;
    while (q > row && !isFollowed<T>(q)) q -= 1 << alignof<T>();
    if (q == row) return E_BOUND;
    const status = startBorder<T>(t, true, parentOf(ownerAt<T>(t, q), true), pa, <i32>x - 2, y0, la);
    if (status != OK) return status;
  }
  // An outer border of the component at x, met for the first time.
  if (lb != 0 && la != lb && !isFollowed<T>(pb)) {
    // LNBD: the nearest pixel of any component left of x (only background in between).
    let q = pa;
    while (q > row && !isSet<T>(q)) q -= 1 << alignof<T>();
    let parent = <u32>frame;
    if (mode == MODE_EXTERNAL) {
      // Only top-level components: left of x lies the frame's region, or the region right of a
      // traced outer border (whose right cracks face the frame's region).
      if (q != row && !isRightBound<T>(q)) return OK;
    } else if (q != row) {
      if (!isFollowed<T>(q)) return E_BOUND;
      parent = parentOf(ownerAt<T>(t, q), false);
    }
    const status = startBorder<T>(t, false, parent, pb, <i32>x - 1, y0, lb);
    if (status != OK) return status;
  }
  return OK;
}

/**
 * Scans the padded image row by row and follows every border where it starts (Suzuki & Abe
 * steps 1, 2 and 4); masks only in the 64-pixel blocks their bitmap marks. Returns a status.
 */
function scan<T>(t: Tracer, bits: usize, h: u32, w: u32, mode: i32, frame: usize): i32 {
  const stride = (<usize>w + 2) << alignof<T>();
  const wb = bitWords(w);
  for (let yp: u32 = 1; yp <= h; yp++) {
    const row = t.img + <usize>yp * stride;
    const y0 = <i32>yp - 1;
    if (sizeof<T>() == 1) {
      const rb = bits + ((<usize>y0 * wb) << 3);
      for (let k: usize = 0; k < wb; k++) {
        let word = load<u64>(rb + (k << 3));
        while (word != 0) {
          const b = (<u32>k << 6) + <u32>ctz(word);
          word &= word - 1;
          // Pixels 64b .. 64b + 63, i.e. padded x from 64b + 1, and the right border at w + 1.
          const end = min(b * 64 + 64, w + 1);
          let x = b * 64 + 1;
          while (true) {
            x = nextStart<T>(row, x, end);
            if (x > end) break;
            const status = startsAt<T>(t, row, x, y0, mode, frame);
            if (status != OK) return status;
            x++;
          }
        }
      }
    } else {
      let x: u32 = 1;
      while (true) {
        x = nextStart<T>(row, x, w + 1);
        if (x > w + 1) break;
        const status = startsAt<T>(t, row, x, y0, mode, frame);
        if (status != OK) return status;
        x++;
      }
    }
  }
  return OK;
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
 * Everything after padding: owners, the scan into the stream, the output. img holds the padded
 * image of pixel type T (bits: the change bitmap of masks).
 */
function trace<T>(outPtr: usize, img: usize, bits: usize, h: u32, w: u32, mode: i32, approx: i32, coords: i32, step: i32, labels: bool): i32 {
  const W2 = <i32>w + 2;
  const n2 = (<usize>w + 2) * (<usize>h + 2);
  const owner = allocU32(n2);
  const delta = allocU32(16);
  const at = arenaAlloc(offsetof<Tracer>());
  // The stream comes last: it grows at the top while nothing else is allocated.
  const base = arenaAlloc(STREAM_START);
  if (owner == 0 || delta == 0 || at == 0 || base == 0) return E_NOMEM;
  for (let d: usize = 0; d < 16; d++) {
    store<i32>(delta + (d << 2), (load<i32>(DY + (d << 2)) * W2 + load<i32>(DX + (d << 2))) << alignof<T>());
  }
  const t = changetype<Tracer>(at);
  t.img = img;
  t.owner = owner;
  t.delta = delta;
  t.base = base;
  t.cap = base + STREAM_START;
  t.budget = <u32>min<usize>(n2 << 2, 0xffffffff); // visits <= cracks <= 4 per pixel
  t.borders = 0;
  t.total = 0;
  t.mode = mode;
  t.step = step;
  t.simple = approx == 1;
  t.edge = coords == 1;
  // The frame: a hole with no parent.
  memory.fill(base, 0, R_SIZE);
  store<u32>(base, HOLE, R_TAG);
  t.end = base + R_SIZE;
  const status = scan<T>(t, bits, h, w, mode, base);
  if (status != OK) return status;
  return emit(outPtr, base, t.borders, t.total, labels);
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
  // The padded image, with 16 bytes of slack for the last v128 loads, and its change bitmap.
  const n2 = (<u64>w + 2) * (<u64>h + 2);
  if (n2 > 0x3ffffff0) return E_RANGE;
  const img = arenaAlloc(<usize>n2 + 16);
  const bits = arenaAlloc((<usize>h * bitWords(w)) << 3);
  if (img == 0 || bits == 0) return E_NOMEM;
  padMask(img, bits, maskPtr, h, w);
  return trace<u8>(outPtr, img, bits, h, w, mode, approx, coords, 1, false);
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
  if (!padLabels(img, labelsPtr, h, w, count)) return E_INPUT;
  return trace<u32>(outPtr, img, 0, h, w, mode, approx, coords, connectivity == 8 ? 1 : 2, true);
}

/**
 * Orders the contours as OpenCV (a pre-order walk of the output hierarchy, each list of siblings
 * last-found first) and copies their vertices (and labels) out in that order. frame: the stream's
 * first record; nb borders with `total` vertices follow it.
 */
function emit(outPtr: usize, frame: usize, nb: u32, total: u32, labels: bool): i32 {
  const offsets = allocU32(<usize>nb + 1);
  const hier = allocU32(<usize>nb << 2);
  const lab = labels ? allocU32(<usize>nb) : offsets;
  const out = arenaAlloc(<usize>total << 3);
  if (offsets == 0 || (nb != 0 && (hier == 0 || lab == 0)) || (total != 0 && out == 0)) return E_NOMEM;

  let idx: u32 = 0;
  let pos: u32 = 0;
  let prev: i32 = -1; // output index of the previous sibling of the next contour visited
  let node = <usize>load<u32>(frame, R_CHILD);
  while (node != 0) {
    const p = <usize>load<u32>(node, R_UP);
    const hrow = hier + (<usize>idx << 4);
    store<i32>(hrow, -1);
    store<i32>(hrow, prev, 4);
    store<i32>(hrow, -1, 8);
    store<i32>(hrow, p == frame ? -1 : load<i32>(p, R_OUT), 12);
    store<u32>(node, idx, R_OUT);
    if (labels) store<u32>(lab + (<usize>idx << 2), load<u32>(node, R_TAG) & LABEL);
    const len = <usize>load<u32>(node, R_LEN);
    const rot = <usize>load<u32>(node, R_ROT);
    const src = node + R_SIZE;
    store<u32>(offsets + (<usize>idx << 2), pos);
    const dst = out + (<usize>pos << 3);
    memory.copy(dst, src + (rot << 3), (len - rot) << 3);
    memory.copy(dst + ((len - rot) << 3), src, rot << 3);
    pos += <u32>len;
    idx++;
    const child = <usize>load<u32>(node, R_CHILD);
    if (child != 0) {
      store<i32>(hrow, <i32>idx, 8);
      prev = -1;
      node = child;
      continue;
    }
    while (node != frame && load<u32>(node, R_NEXT) == 0) node = <usize>load<u32>(node, R_UP);
    if (node == frame) break;
    const at = load<i32>(node, R_OUT);
    store<i32>(hier + (<usize>at << 4), <i32>idx);
    prev = at;
    node = <usize>load<u32>(node, R_NEXT);
  }
  store<u32>(offsets + (<usize>nb << 2), pos);
  putResult(outPtr, out, <usize>total << 1);
  putResult(outPtr + 8, offsets, <usize>nb + 1);
  putResult(outPtr + 16, hier, <usize>nb << 2);
  putResult(outPtr + 24, lab, labels ? <usize>nb : 0);
  return OK;
}
