// Connected-components labelling of label maps, run-based two-scan (L. He, Y. Chao, K. Suzuki,
// "A run-based two-scan labeling algorithm", IEEE Trans. Image Processing 17(5), 2008). A run is a
// maximal horizontal segment of one non-background value; runs of equal value in consecutive rows
// that overlap (4-connectivity) or also touch diagonally (8) are joined by union-find over run
// indices, a root always being the smallest index of its set, so final labels follow the raster
// order of each component's first pixel. Runs and touching pairs are read from per-row bitsets
// (v128 compares, then ctz/popcnt): loops branch per 64-pixel word and per pair, not per pixel.
// The second scan writes the labels and sums each run into its component's statistics as it goes.
// Cost O(h*w + runs + pairs); tables sized exactly by a counting pass.
//
//   row y-1:  ....[ps ...... pe)......   run t of row y-1 touches run i of row y when
//   row y  :  ..........[s ....... e)..  ps < e + k and pe + k > s (k = 1 for 8, 0 for 4)
import { OK, E_NOMEM, E_RANGE, E_INPUT, E_BOUND } from './status';
import { arenaAlloc, allocU32, arenaTop } from './arena';
import { putResult, pixelCount } from './rle';

// ---------------------------------------------------------------------------------------------
// Pixels of type T (u8, u16 or i32), read as i32 values.

// @ts-ignore: decorator
@inline function px<T>(row: usize, x: u32): i32 {
  return <i32>load<T>(row + (<usize>x << alignof<T>()));
}

/** Bit j set when pixel q[j] differs from q[j-1], for the 16 / sizeof<T> pixels at q. */
// @ts-ignore: decorator
@inline function changeBits<T>(q: usize): i32 {
  const a = v128.load(q);
  const b = v128.load(q - sizeof<T>());
  if (sizeof<T>() == 1) return i8x16.bitmask(i8x16.ne(a, b));
  if (sizeof<T>() == 2) return i16x8.bitmask(i16x8.ne(a, b));
  return i32x4.bitmask(i32x4.ne(a, b));
}

/** Bit j set when pixel q[j] starts a run (differs from q[j-1]) of a value other than bg. */
// @ts-ignore: decorator
@inline function startBits<T>(q: usize, bg: v128): i32 {
  const a = v128.load(q);
  const b = v128.load(q - sizeof<T>());
  if (sizeof<T>() == 1) return i8x16.bitmask(v128.and(i8x16.ne(a, b), i8x16.ne(a, bg)));
  if (sizeof<T>() == 2) return i16x8.bitmask(v128.and(i16x8.ne(a, b), i16x8.ne(a, bg)));
  return i32x4.bitmask(v128.and(i32x4.ne(a, b), i32x4.ne(a, bg)));
}

/** True when some pixel of type T can equal bg (a u8 map has no pixel equal to 256 or -1). */
// @ts-ignore: decorator
@inline function bgOccurs<T>(bg: i32): bool {
  if (sizeof<T>() == 1) return bg >= 0 && bg <= 0xff;
  if (sizeof<T>() == 2) return bg >= 0 && bg <= 0xffff;
  return true;
}

// @ts-ignore: decorator
@inline function splatOf<T>(v: i32): v128 {
  if (sizeof<T>() == 1) return i8x16.splat(<i8>v);
  if (sizeof<T>() == 2) return i16x8.splat(<i16>v);
  return i32x4.splat(v);
}

/**
 * Number of runs of non-background pixels in an h x w map: the exact size of the run and
 * union-find tables. One v128 pass over the image as a single sequence, then one correction per
 * row start (a run always starts there, whatever the last pixel of the row above).
 */
function countRuns<T>(input: usize, h: u32, w: u32, bg: i32): u32 {
  const n = h * w;
  const L: u32 = 16 / sizeof<T>();
  const bgv = splatOf<T>(bg);
  const any = !bgOccurs<T>(bg);
  let count: u32 = 0;
  let i: u32 = 1;
  for (; n >= L && i <= n - L; i += L) {
    const q = input + (<usize>i << alignof<T>());
    count += <u32>popcnt(any ? changeBits<T>(q) : startBits<T>(q, bgv));
  }
  for (; i < n; i++) count += <u32>(px<T>(input, i) != px<T>(input, i - 1) && px<T>(input, i) != bg);
  count += <u32>(px<T>(input, 0) != bg);
  for (let y: u32 = 1; y < h; y++) {
    const s = y * w;
    count += <u32>(px<T>(input, s) != bg && px<T>(input, s) == px<T>(input, s - 1));
  }
  return count;
}

/**
 * True when the n pixels hold at most one value other than bg (a mask): then equal-value checks
 * between neighbours can be skipped.
 */
function oneValue<T>(input: usize, n: u32, bg: i32): bool {
  const L: u32 = 16 / sizeof<T>();
  let i: u32 = 0;
  while (i < n && px<T>(input, i) == bg) i++;
  if (i >= n) return true;
  const v = px<T>(input, i);
  const vv = splatOf<T>(v);
  const bgv = splatOf<T>(bg);
  const any = !bgOccurs<T>(bg);
  let bad = i32x4.splat(0);
  for (; n >= L && i <= n - L; i += L) {
    const a = v128.load(input + (<usize>i << alignof<T>()));
    if (sizeof<T>() == 1) bad = v128.or(bad, v128.not(v128.or(i8x16.eq(a, vv), any ? bad : i8x16.eq(a, bgv))));
    else if (sizeof<T>() == 2) bad = v128.or(bad, v128.not(v128.or(i16x8.eq(a, vv), any ? bad : i16x8.eq(a, bgv))));
    else bad = v128.or(bad, v128.not(v128.or(i32x4.eq(a, vv), any ? bad : i32x4.eq(a, bgv))));
  }
  if (v128.any_true(bad)) return false;
  for (; i < n; i++) {
    const u = px<T>(input, i);
    if (u != v && u != bg) return false;
  }
  return true;
}

/**
 * Tables of one labelling, all in the arena (an unmanaged record: no runtime allocation). Runs are
 * numbered in raster order; run r covers columns [start[r], end[r]) of the row y with
 * first[y] <= r < first[y + 1].
 */
@unmanaged class Runs {
  count: u32;
  start: usize;
  end: usize;
  parent: usize;
  first: usize;
}

// @ts-ignore: decorator
@inline function u32At(base: usize, i: u32): u32 {
  return load<u32>(base + (<usize>i << 2));
}

// Row bitsets, bit x of word x >> 6 for column x, in a block of nw = ceil(w / 64) words each:
//   N  non-background pixels;  St  run starts (non-background, and x = 0 or a change of value);
//   En run ends (x - 1 is non-background and x is background or a change; the end at w is not
//   marked); then pre, nw + 1 counts: pre[k] = run starts in words below k.
// @ts-ignore: decorator
@inline function bitsBytes(nw: u32): usize {
  return <usize>nw * 24 + ((<usize>nw + 1) << 2);
}

/** Builds the bitsets of one row (see bitsBytes) at blk. */
function rowBits<T>(blk: usize, row: usize, w: u32, nw: u32, bg: i32): void {
  const L: u32 = 16 / sizeof<T>();
  const N = blk, St = blk + (<usize>nw << 3), En = St + (<usize>nw << 3), pre = En + (<usize>nw << 3);
  const bgv = splatOf<T>(bg);
  const any = !bgOccurs<T>(bg);
  // First pass: N, and the change bits C (bit 0 forced: a run starts at x = 0) kept in En.
  let wn: u64 = 0, wc: u64 = 0;
  let c: u32 = 0;
  if (w >= L) {
    for (; c <= w - L; c += L) {
      const q = row + (<usize>c << alignof<T>());
      const a = v128.load(q);
      let ch = changeBits<T>(q);
      let nb: i32;
      if (any) nb = (1 << L) - 1;
      else if (sizeof<T>() == 1) nb = i8x16.bitmask(i8x16.ne(a, bgv));
      else if (sizeof<T>() == 2) nb = i16x8.bitmask(i16x8.ne(a, bgv));
      else nb = i32x4.bitmask(i32x4.ne(a, bgv));
      if (c == 0) ch |= 1;
      const sh = <u64>(c & 63);
      wn |= <u64>nb << sh;
      wc |= <u64>ch << sh;
      if ((c & 63) + L == 64) {
        store<u64>(N + (<usize>(c >> 6) << 3), wn);
        store<u64>(En + (<usize>(c >> 6) << 3), wc);
        wn = 0;
        wc = 0;
      }
    }
  }
  for (let x = c; x < w; x++) {
    const v = px<T>(row, x);
    wn |= <u64>(v != bg) << <u64>(x & 63);
    wc |= <u64>(x == 0 || v != px<T>(row, x - 1)) << <u64>(x & 63);
    if ((x & 63) == 63) {
      store<u64>(N + (<usize>(x >> 6) << 3), wn);
      store<u64>(En + (<usize>(x >> 6) << 3), wc);
      wn = 0;
      wc = 0;
    }
  }
  if ((w & 63) != 0) {
    store<u64>(N + (<usize>(w >> 6) << 3), wn);
    store<u64>(En + (<usize>(w >> 6) << 3), wc);
  }
  // Second pass: St = C & N, En = C & (N shifted one column right), prefix counts.
  let carry: u64 = 0;
  let sum: u32 = 0;
  for (let k: u32 = 0; k < nw; k++) {
    const o = <usize>k << 3;
    const n = load<u64>(N + o), ch = load<u64>(En + o);
    const st = ch & n;
    store<u64>(St + o, st);
    store<u64>(En + o, ch & ((n << 1) | carry));
    carry = n >> 63;
    store<u32>(pre + (<usize>k << 2), sum);
    sum += <u32>popcnt(st);
  }
  store<u32>(pre + (<usize>nw << 2), sum);
}

/** Writes the column of every set bit of nw words at out[i..]; returns the index after them. */
function bitColumns(out: usize, i: u32, words: usize, nw: u32): u32 {
  for (let k: u32 = 0; k < nw; k++) {
    let e = load<u64>(words + (<usize>k << 3));
    while (e != 0) {
      store<u32>(out + (<usize>i << 2), (k << 6) + <u32>ctz(e));
      e &= e - 1;
      i++;
    }
  }
  return i;
}

/** Writes the runs of one row (bitsets at blk) to the tables from index r. */
function rowRuns(S: usize, E: usize, r: u32, blk: usize, nw: u32, w: u32): void {
  const St = blk + (<usize>nw << 3), En = St + (<usize>nw << 3);
  const i = bitColumns(S, r, St, nw);
  const j = bitColumns(E, r, En, nw);
  if (j < i) store<u32>(E + (<usize>j << 2), w); // the last run reaches the row's end
}

// ---------------------------------------------------------------------------------------------
// Union-find over run indices. Invariant: parent[x] <= x, with equality exactly at roots.

// @ts-ignore: decorator
@inline function parentOf(P: usize, x: u32): u32 {
  return load<u32>(P + (<usize>x << 2));
}

// @ts-ignore: decorator
@inline function setParent(P: usize, x: u32, p: u32): void {
  store<u32>(P + (<usize>x << 2), p);
}

/**
 * Joins the sets of a and b: Rem's algorithm with splicing (M. Patwary, J. Blair, F. Manne,
 * "Experiments on union-find algorithms for the disjoint-set data structure", SEA 2010). Walks
 * both paths upwards together, always hanging the node with the larger parent onto the smaller
 * parent, until the parents meet (same set: usually at once) or a root is reached and hung. Parents
 * only decrease, so parent[x] <= x holds and each root stays its set's smallest index.
 */
// @ts-ignore: decorator
@inline function unite(P: usize, a: u32, b: u32): void {
  let pa = parentOf(P, a), pb = parentOf(P, b);
  while (pa != pb) {
    if (pa > pb) {
      setParent(P, a, pb);
      if (a == pa) return;
      a = pa;
      pa = parentOf(P, a);
    } else {
      setParent(P, b, pa);
      if (b == pb) return;
      b = pb;
      pb = parentOf(P, b);
    }
  }
}

/** Root of x, halving the path on the way. */
// @ts-ignore: decorator
@inline function findRoot(P: usize, x: u32): u32 {
  while (true) {
    const p = parentOf(P, x);
    if (p == x) return x;
    const g = parentOf(P, p);
    setParent(P, x, g);
    x = g;
  }
}

/**
 * Joins run i of the current row to run t of the row above. i's parent starts as i itself, above
 * every index of the row above; each join sets it to the smaller of itself and t's root, and only
 * when it already led to another set are the two merged (unite). So the first and the later joins
 * of a run take the same branch-light path.
 */
// @ts-ignore: decorator
@inline function link(P: usize, i: u32, t: u32): void {
  const r = findRoot(P, t);
  const c = parentOf(P, i);
  if (c != i && c != r) unite(P, c, r);
  setParent(P, i, min(c, r));
}

/**
 * Replaces every entry by its component's final label, 1.. in order of the roots (raster order of
 * first pixels). Entries below i are final when i is visited, and parent[i] < i off the roots.
 */
function flatten(P: usize, runs: u32): u32 {
  let label: u32 = 0;
  for (let i: u32 = 0; i < runs; i++) {
    const p = parentOf(P, i);
    setParent(P, i, p == i ? ++label : parentOf(P, p));
  }
  return label;
}

// ---------------------------------------------------------------------------------------------
// The first scan: the runs of each row, joined to the touching runs of the row above. Every
// touching pair is met exactly once, as a bit of one of these sets (8-connectivity, column x;
// cur/prv = the run of this row/the row above containing a column):
//   St[x] and Nprv[x-1]:            cur(x)   with prv(x-1)   (the previous run reaches in)
//   Stprv[x] and N[x]:              cur(x)   with prv(x)     (a previous run starts over this one)
//   Stprv[x] and N[x-1], not in the same run as x:
//                                   cur(x-1) with prv(x)     (it starts just past its end)
// and for 4-connectivity: (St[x] or Stprv[x]) and N[x] and Nprv[x]: cur(x) with prv(x). The run
// containing x is numbered by counting run starts up to x (pre + popcnt).

// @ts-ignore: decorator
@inline function upTo(b: u64): u64 {
  return u64.MAX_VALUE >> (63 - b); // bits 0..b
}

// @ts-ignore: decorator
@inline function below(b: u64): u64 {
  return (<u64>1 << b) - 1; // bits 0..b-1
}

/**
 * Joins the runs of the current row (first index cb, bitsets cur) to those of the row above
 * (first index pb, bitsets prv). With cmp, only runs of equal value (read from row and above).
 */
function joinRows<T>(P: usize, cur: usize, prv: usize, nw: u32, cb: u32, pb: u32, row: usize, above: usize, eight: bool, cmp: bool): void {
  const Nc = cur, Sc = cur + (<usize>nw << 3), Pc = Sc + (<usize>nw << 4);
  const Np = prv, Sp = prv + (<usize>nw << 3), Pp = Sp + (<usize>nw << 4);
  let ncTop: u64 = 0, npTop: u64 = 0; // bit 63 of the previous words
  for (let k: u32 = 0; k < nw; k++) {
    const o = <usize>k << 3;
    const nc = load<u64>(Nc + o), sc = load<u64>(Sc + o), np = load<u64>(Np + o), sp = load<u64>(Sp + o);
    const cBase = cb + u32At(Pc, k) - 1; // + starts up to x: the run containing x
    const pBase = pb + u32At(Pp, k) - 1;
    const x0 = k << 6;
    if (eight) {
      let e = sc & ((np << 1) | npTop);
      while (e != 0) {
        const b = ctz(e);
        e &= e - 1;
        const x = x0 + <u32>b;
        if (cmp && px<T>(row, x) != px<T>(above, x - 1)) continue;
        link(P, cBase + <u32>popcnt(sc & upTo(b)), pBase + <u32>popcnt(sp & below(b)));
      }
      e = sp & nc;
      while (e != 0) {
        const b = ctz(e);
        e &= e - 1;
        const x = x0 + <u32>b;
        if (cmp && px<T>(row, x) != px<T>(above, x)) continue;
        link(P, cBase + <u32>popcnt(sc & upTo(b)), pBase + <u32>popcnt(sp & upTo(b)));
      }
      e = sp & ((nc << 1) | ncTop) & (~nc | sc);
      while (e != 0) {
        const b = ctz(e);
        e &= e - 1;
        const x = x0 + <u32>b;
        if (cmp && px<T>(row, x - 1) != px<T>(above, x)) continue;
        link(P, cBase + <u32>popcnt(sc & below(b)), pBase + <u32>popcnt(sp & upTo(b)));
      }
      npTop = np >> 63;
      ncTop = nc >> 63;
    } else {
      let e = (sc | sp) & nc & np;
      while (e != 0) {
        const b = ctz(e);
        e &= e - 1;
        const x = x0 + <u32>b;
        if (cmp && px<T>(row, x) != px<T>(above, x)) continue;
        const m = upTo(b);
        link(P, cBase + <u32>popcnt(sc & m), pBase + <u32>popcnt(sp & m));
      }
    }
  }
}

/**
 * The first scan and the flattening: allocates and fills the tables of R (sized exactly by
 * countRuns) and returns the number of components, or a negative status.
 */
function scan<T>(R: Runs, input: usize, h: u32, w: u32, bg: i32, eight: bool): i64 {
  const runs = countRuns<T>(input, h, w, bg);
  const cmp = !oneValue<T>(input, h * w, bg);
  // Bounds: one entry per run; the first run of each row and the total; two rows of bitsets.
  const S = allocU32(runs);
  const E = allocU32(runs);
  const P = allocU32(runs);
  const F = allocU32(<usize>h + 1);
  const nw = (w + 63) >> 6;
  let cur = arenaAlloc(bitsBytes(nw)), prv = arenaAlloc(bitsBytes(nw));
  if (S == 0 || E == 0 || P == 0 || F == 0 || cur == 0 || prv == 0) return -E_NOMEM;
  R.start = S;
  R.end = E;
  R.parent = P;
  R.first = F;
  const rowBytes = <usize>w << alignof<T>();
  let r: u32 = 0;
  for (let y: u32 = 0; y < h; y++) {
    const row = input + <usize>y * rowBytes;
    store<u32>(F + (<usize>y << 2), r);
    rowBits<T>(cur, row, w, nw, bg);
    const m = u32At(cur + <usize>nw * 24, nw); // runs in this row
    if (m > runs - r) return -E_BOUND;
    rowRuns(S, E, r, cur, nw, w);
    for (let i = r; i < r + m; i++) setParent(P, i, i);
    if (y > 0) joinRows<T>(P, cur, prv, nw, r, u32At(F, y - 1), row, row - rowBytes, eight, cmp);
    const t = cur;
    cur = prv;
    prv = t;
    r += m;
  }
  store<u32>(F + (<usize>h << 2), r);
  if (r != runs) return -E_BOUND;
  R.count = runs;
  return <i64>flatten(P, runs);
}

/**
 * Runs the scan on the record at R (0 when it could not be allocated) for the pixel type given by
 * its byte size (1, 2 or 4). Returns the component count, or a negative status.
 */
function scanAny(R: usize, input: usize, h: u32, w: u32, bytes: u32, bg: i32, connectivity: u32): i64 {
  if (R == 0) return -E_NOMEM;
  const runs = changetype<Runs>(R);
  const eight = connectivity == 8;
  if (bytes == 1) return scan<u8>(runs, input, h, w, bg, eight);
  if (bytes == 2) return scan<u16>(runs, input, h, w, bg, eight);
  return scan<i32>(runs, input, h, w, bg, eight);
}

// ---------------------------------------------------------------------------------------------
// The second scan: labels and statistics from the runs.

/** Writes len copies of v at p (i32), exactly: no byte outside [p, p + 4 len) is touched. */
// @ts-ignore: decorator
@inline function fillI32(p: usize, v: i32, len: u32): void {
  if (len >= 4) {
    const s = i32x4.splat(v);
    const last = p + (<usize>len << 2) - 16;
    for (let q = p; q < last; q += 16) v128.store(q, s);
    v128.store(last, s);
  } else {
    if (len > 0) store<i32>(p, v);
    if (len > 1) store<i32>(p, v, 4);
    if (len > 2) store<i32>(p, v, 8);
  }
}

// Per-label statistics record (STAT bytes): area, min x, max x, min y, max y (u32), value (i32),
// sum of x, sum of y (u64). Sums stay below 2^63: h * w < 2^32 pixels, each x and y < 2^32.
const STAT: usize = 40;

/** sum / n correctly rounded to f64 (n > 0, sum / n < 2^32). */
export function meanOf(sum: u64, n: u32): f64 {
  // Both exact in f64 up to 2^53: one IEEE division, one rounding.
  if (sum <= (<u64>1 << 53)) return <f64>sum / <f64>n;
  // Otherwise (images over 2^27 pixels only) the integer quotient (q >= 2^21 as n < 2^32) is
  // extended by long division to 55 significant bits, the remainder becomes a sticky bit, and the
  // one u64 -> f64 conversion rounds to nearest even exactly as the true quotient would.
  const d = <u64>n;
  let m = sum / d;
  let r = sum % d;
  const frac = 55 - (64 - <i32>clz(m)); // fraction bits to add, 23..33
  for (let k = frac; k > 0; ) {
    const step = min(k, 31); // r < 2^32: r << 31 fits
    const t = r << <u64>step;
    m = (m << <u64>step) | (t / d);
    r = t % d;
    k -= step;
  }
  return <f64>(m | <u64>(r != 0)) * reinterpret<f64>(<u64>(1023 - frac) << 52);
}

/**
 * Writes len copies of v at p, one v128 store at a time: up to 4 more after them (4 when len is
 * 0). For fills left to right along a row, where the next fill overwrites the excess.
 */
// @ts-ignore: decorator
@inline function fillAhead(p: usize, v: v128, len: u32): void {
  v128.store(p, v);
  if (len > 4) {
    const end = p + (<usize>len << 2);
    for (let q = p + 16; q < end; q += 16) v128.store(q, v);
  }
}

/** Starts the record of a label at its first run: row y, value v, nothing counted yet. */
// @ts-ignore: decorator
@inline function openStat(rec: usize, y: u32, v: i32): void {
  store<u32>(rec, 0);
  store<u32>(rec, u32.MAX_VALUE, 4);
  store<u32>(rec, 0, 8);
  store<u32>(rec, y, 12);
  store<i32>(rec, v, 20);
  store<u64>(rec, 0, 24);
  store<u64>(rec, 0, 32);
}

/** Adds a batch of runs of one label in row y (area, columns x0..x1, sum of x) to its record. */
// @ts-ignore: decorator
@inline function addStat(rec: usize, area: u32, x0: u32, x1: u32, y: u32, sx: u64): void {
  store<u32>(rec, load<u32>(rec) + area);
  store<u32>(rec, min(load<u32>(rec, 4), x0), 4);
  store<u32>(rec, max(load<u32>(rec, 8), x1), 8);
  store<u32>(rec, y, 16);
  store<u64>(rec, load<u64>(rec, 24) + sx, 24);
  store<u64>(rec, load<u64>(rec, 32) + <u64>area * y, 32);
}

/**
 * One row of the second scan: labels of runs [a, b) and 0s between them, and their statistics
 * when stats != 0 (consecutive runs of one label are summed in locals, then added to its record).
 * With exact = false the fills may run up to 4 pixels past the row's end (into the next row,
 * written later); otherwise the row is written exactly.
 */
// @ts-ignore: decorator
@inline function writeRow<T>(out: usize, a: u32, b: u32, S: usize, E: usize, P: usize, w: u32, y: u32, row: usize, stats: usize, seen: u32, exact: bool): u32 {
  const zero = i32x4.splat(0);
  let x0: u32 = 0;
  let bf: u32 = 0, barea: u32 = 0, bx0: u32 = 0, bx1: u32 = 0; // the batch: label, area, columns
  let bsx: u64 = 0;
  for (let i = a; i < b; i++) {
    const s = u32At(S, i), e = u32At(E, i);
    const f = u32At(P, i);
    if (exact) {
      fillI32(out + (<usize>x0 << 2), 0, s - x0);
      fillI32(out + (<usize>s << 2), f, e - s);
    } else {
      fillAhead(out + (<usize>x0 << 2), zero, s - x0);
      fillAhead(out + (<usize>s << 2), i32x4.splat(f), e - s);
    }
    x0 = e;
    if (stats == 0) continue;
    if (f != bf) {
      if (bf != 0) addStat(stats + <usize>bf * STAT, barea, bx0, bx1, y, bsx);
      if (f > seen) {
        seen = f; // labels first appear in increasing order
        openStat(stats + <usize>f * STAT, y, px<T>(row, s));
      }
      bf = f;
      barea = 0;
      bx0 = s;
      bsx = 0;
    }
    const len = e - s;
    barea += len;
    bx1 = e - 1;
    bsx += <u64>len * s + ((<u64>len * (len - 1)) >> 1);
  }
  if (bf != 0) addStat(stats + <usize>bf * STAT, barea, bx0, bx1, y, bsx);
  if (exact) fillI32(out + (<usize>x0 << 2), 0, w - x0);
  else fillAhead(out + (<usize>x0 << 2), zero, w - x0);
  return seen;
}

/**
 * Second scan: writes every pixel's final label (0 for background) and, when stats != 0, the
 * statistics of each label into records at stats (count + 1 records, index = label). A row may
 * be filled ahead (fillAhead) when at least 4 pixels follow it; the last rows are written exactly.
 */
function writeLabels<T>(labels: usize, R: Runs, input: usize, h: u32, w: u32, stats: usize): void {
  const S = R.start, E = R.end, P = R.parent, F = R.first;
  const rowBytes = <usize>w << alignof<T>();
  const exactRows = min(h, (4 + w - 1) / w); // rows with fewer than 4 pixels after them
  let seen: u32 = 0;
  for (let y: u32 = 0; y < h; y++) {
    const out = labels + ((<usize>y * w) << 2);
    const row = input + <usize>y * rowBytes;
    const a = u32At(F, y), b = u32At(F, y + 1);
    if (y < h - exactRows) seen = writeRow<T>(out, a, b, S, E, P, w, y, row, stats, seen, false);
    else seen = writeRow<T>(out, a, b, S, E, P, w, y, row, stats, seen, true);
  }
}

// Labels take 4 bytes a pixel in a 32-bit address space: every image served has fewer pixels
// than this, so sizes such as w + 63, h + 1 or 16 h below cannot wrap.
const MAX_PIXELS: i64 = 1 << 30;

/** Reserves n records of `size` bytes, or returns 0 when that is more than the arena can hold. */
function allocRecords(n: u32, size: usize): usize {
  const bytes = <u64>n * <u64>size;
  return bytes > 0xfffffff0 ? 0 : arenaAlloc(<usize>bytes);
}

/** Checks the flags shared by the exports; returns a status. */
function checkArgs(h: u32, w: u32, bytes: u32, connectivity: u32): i32 {
  const n = pixelCount(h, w);
  if (n < 0 || n >= MAX_PIXELS) return E_RANGE;
  if (bytes != 1 && bytes != 2 && bytes != 4) return E_INPUT;
  if (connectivity != 4 && connectivity != 8) return E_INPUT;
  return OK;
}

/**
 * Labels the connected components of an h x w row-major map of `bytes`-byte pixels (1: u8,
 * 2: u16, 4: i32): neighbours (4 or 8 by `connectivity`) are joined when neither equals
 * `background` and their values are equal. Writes labels (i32[h*w]; 0 = background, component k
 * = the k-th met in raster order of first pixels) and, in the result slot, (statistics block or 0,
 * count). With stats, the block holds for count components, in this order:
 *   centroid f64[2 count] (mean x, mean y, each sum / area correctly rounded),
 *   area u32[count], bbox i32[4 count] (x, y, width, height), value i32[count].
 * (Other kernel files: see labelInto.)
 */
export function ccLabel(outPtr: usize, labelsPtr: usize, inputPtr: usize, h: u32, w: u32, bytes: u32, background: i32, connectivity: u32, stats: bool): i32 {
  const bad = checkArgs(h, w, bytes, connectivity);
  if (bad != OK) return bad;
  putResult(outPtr, 0, 0);
  if (h == 0 || w == 0) return OK;
  const at = arenaAlloc(offsetof<Runs>());
  const found = scanAny(at, inputPtr, h, w, bytes, background, connectivity);
  if (found < 0) return <i32>-found;
  const R = changetype<Runs>(at);
  const count = <u32>found; // < 2^30: fits the i32 labels
  let recs: usize = 0;
  if (stats) {
    recs = allocRecords(count + 1, STAT); // one record per label 0..count
    if (recs == 0) return E_NOMEM;
  }
  if (bytes == 1) writeLabels<u8>(labelsPtr, R, inputPtr, h, w, recs);
  else if (bytes == 2) writeLabels<u16>(labelsPtr, R, inputPtr, h, w, recs);
  else writeLabels<i32>(labelsPtr, R, inputPtr, h, w, recs);
  if (!stats) {
    putResult(outPtr, 0, count);
    return OK;
  }
  // Output block: 2 f64 + 1 u32 + 4 i32 + 1 i32 = 40 bytes per component.
  const block = allocRecords(count, 40);
  if (block == 0) return E_NOMEM;
  const cen = block, area = block + (<usize>count << 4), bbox = area + (<usize>count << 2);
  const value = bbox + (<usize>count << 4);
  for (let c: u32 = 0; c < count; c++) {
    const rec = recs + <usize>(c + 1) * STAT;
    const a = load<u32>(rec);
    const x0 = load<u32>(rec, 4), y0 = load<u32>(rec, 12);
    store<f64>(cen + (<usize>c << 4), meanOf(load<u64>(rec, 24), a));
    store<f64>(cen + (<usize>c << 4), meanOf(load<u64>(rec, 32), a), 8);
    store<u32>(area + (<usize>c << 2), a);
    const bb = bbox + (<usize>c << 4);
    store<u32>(bb, x0);
    store<u32>(bb, y0, 4);
    store<u32>(bb, load<u32>(rec, 8) - x0 + 1, 8);
    store<u32>(bb, load<u32>(rec, 16) - y0 + 1, 12);
    store<i32>(value + (<usize>c << 2), load<i32>(rec, 20));
  }
  putResult(outPtr, block, count);
  return OK;
}

/**
 * For other kernel files: labels an h x w map into labels (i32[h*w]) as ccLabel does, without
 * statistics, and returns the number of components, or -status on failure. Scratch memory comes
 * from the arena and stays allocated: rewind it (arenaTop before, arenaRewind after) when done.
 */
export function labelInto(labels: usize, input: usize, h: u32, w: u32, bytes: u32, background: i32, connectivity: u32): i32 {
  const slot = arenaAlloc(8);
  if (slot == 0) return -E_NOMEM;
  const status = ccLabel(slot, labels, input, h, w, bytes, background, connectivity, false);
  return status != OK ? -status : <i32>load<u32>(slot, 4);
}

/** sum / n as f64, correctly rounded (sum = hi * 2^32 + lo, sum / n < 2^32): the centroid rule. */
export function ccMean(outPtr: usize, sumLo: u32, sumHi: u32, n: u32): i32 {
  if (n == 0 || sumHi >= n) return E_INPUT;
  store<f64>(outPtr, meanOf((<u64>sumHi << 32) | sumLo, n));
  return OK;
}

// ---------------------------------------------------------------------------------------------
// Keeping components by size.

/** Fills len pixels of type T at p with v. */
// @ts-ignore: decorator
@inline function fillPixels<T>(p: usize, v: i32, len: u32): void {
  if (sizeof<T>() == 1) memory.fill(p, <u8>v, len);
  else for (let i: u32 = 0; i < len; i++) store<T>(p + (<usize>i << alignof<T>()), <T>v);
}

/** Overwrites with bg the runs of every component whose keep flag (u8 per label) is 0. */
function clearRuns<T>(out: usize, R: Runs, h: u32, w: u32, keep: usize, bg: i32): void {
  const S = R.start, E = R.end, P = R.parent, F = R.first;
  for (let y: u32 = 0; y < h; y++) {
    const row = out + ((<usize>y * w) << alignof<T>());
    const b = u32At(F, y + 1);
    for (let i = u32At(F, y); i < b; i++) {
      if (load<u8>(keep + u32At(P, i)) != 0) continue;
      const s = u32At(S, i);
      fillPixels<T>(row + (<usize>s << alignof<T>()), bg, u32At(E, i) - s);
    }
  }
}

/** The rank-th largest (rank >= 1) of areas[1..n], by two 16-bit histogram rounds: O(n + 2^16). */
function kthLargest(area: usize, n: u32, rank: u32, hist: usize): u32 {
  let prefix: u32 = 0;
  for (let round = 0; round < 2; round++) {
    const shift: u32 = round == 0 ? 16 : 0;
    const mask: u32 = round == 0 ? 0 : 0xffff0000; // bits fixed by the first round
    memory.fill(hist, 0, 65536 << 2);
    for (let c: u32 = 1; c <= n; c++) {
      const a = u32At(area, c);
      if ((a & mask) == prefix) {
        const slot = hist + (<usize>((a >>> shift) & 0xffff) << 2);
        store<u32>(slot, load<u32>(slot) + 1);
      }
    }
    let d: u32 = 0xffff;
    for (; d > 0; d--) {
      const m = u32At(hist, d);
      if (m >= rank) break;
      rank -= m;
    }
    prefix |= d << shift;
  }
  return prefix;
}

/**
 * Copies an h x w map (bytes per pixel as in ccLabel) to outPtr with every component set to
 * `background` unless its area is at least minArea and it is among the maxCount largest of those
 * (equal areas: the lower label first). Writes the number kept at keptPtr (u32).
 */
export function ccKeep(outPtr: usize, keptPtr: usize, inputPtr: usize, h: u32, w: u32, bytes: u32, background: i32, connectivity: u32, minArea: u32, maxCount: u32): i32 {
  const bad = checkArgs(h, w, bytes, connectivity);
  if (bad != OK) return bad;
  store<u32>(keptPtr, 0);
  if (h == 0 || w == 0) return OK;
  memory.copy(outPtr, inputPtr, (<usize>h * w) << <usize>ctz(bytes));
  const at = arenaAlloc(offsetof<Runs>());
  const found = scanAny(at, inputPtr, h, w, bytes, background, connectivity);
  if (found < 0) return <i32>-found;
  const R = changetype<Runs>(at);
  const count = <u32>found;
  // Bounds: one area and one flag per label 0..count, and the ranking histogram.
  const area = allocU32(<usize>count + 1);
  const keep = arenaAlloc(<usize>count + 1);
  if (area == 0 || keep == 0) return E_NOMEM;
  memory.fill(area, 0, (<usize>count + 1) << 2);
  const S = R.start, E = R.end, P = R.parent;
  for (let i: u32 = 0; i < R.count; i++) {
    const slot = area + (<usize>u32At(P, i) << 2);
    store<u32>(slot, load<u32>(slot) + u32At(E, i) - u32At(S, i));
  }
  let big: u32 = 0; // components of at least minArea; the others leave the ranking (area 0)
  for (let c: u32 = 1; c <= count; c++) {
    const ok = u32At(area, c) >= minArea;
    if (!ok) store<u32>(area + (<usize>c << 2), 0);
    big += <u32>ok;
  }
  // Keep the areas above the maxCount-th largest, and the first `ties` of those equal to it.
  let cut: u32 = 0, ties: u32 = 0;
  if (maxCount == 0) {
    cut = u32.MAX_VALUE;
  } else if (maxCount < big) {
    const hist = allocU32(65536);
    if (hist == 0) return E_NOMEM;
    cut = kthLargest(area, count, maxCount, hist);
    ties = maxCount;
    for (let c: u32 = 1; c <= count; c++) ties -= <u32>(u32At(area, c) > cut);
  }
  let kept: u32 = 0;
  for (let c: u32 = 1; c <= count; c++) {
    const a = u32At(area, c);
    let k = a != 0 && a > cut;
    if (a != 0 && a == cut && ties > 0) {
      ties--;
      k = true;
    }
    store<u8>(keep + c, <u8>k);
    kept += <u32>k;
  }
  store<u32>(keptPtr, kept);
  if (kept == count) return OK;
  if (bytes == 1) clearRuns<u8>(outPtr, R, h, w, keep, background);
  else if (bytes == 2) clearRuns<u16>(outPtr, R, h, w, keep, background);
  else clearRuns<i32>(outPtr, R, h, w, keep, background);
  return OK;
}

// ---------------------------------------------------------------------------------------------
// Label map -> one COCO RLE per label.

const STRIP: u32 = 16; // columns per strip: 64 bytes of each row, one cache line
const REC: usize = 12; // run record: label, 0s since the label's previous run, run length
const REC_BLOCK: usize = 12 << 13; // records are reserved this many bytes at a time

/** Run records growing at the arena top, and the per-label state of the column-major walk. */
@unmanaged class RunLog {
  end: usize; // end of the records written
  cap: usize; // end of the space reserved
  last: usize; // u32 per label: where its previous run ended
  runs: usize; // u32 per label: how many runs it has
}

/** Records the run [a, b) of label l (l != 0); false when memory is exhausted. */
function logRun(g: RunLog, l: u32, a: u32, b: u32): bool {
  if (g.end == g.cap) {
    // Nothing else is allocated while the log grows, so each block extends the previous one.
    const more = arenaAlloc(REC_BLOCK);
    if (more == 0 || more != g.cap) return false;
    g.cap += REC_BLOCK;
  }
  const lastSlot = g.last + (<usize>l << 2);
  const p = g.end;
  store<u32>(p, l);
  store<u32>(p, a - load<u32>(lastSlot), 4);
  store<u32>(p, b - a, 8);
  g.end = p + REC;
  store<u32>(lastSlot, b);
  const rs = g.runs + (<usize>l << 2);
  store<u32>(rs, load<u32>(rs) + 1);
  return true;
}

/**
 * COCO RLE of every label 1..count of an h x w row-major i32 label map, in one pass over the map:
 * strips of STRIP columns are transposed into a cache-resident column-major buffer and walked as
 * one column-major sequence; each run of a non-zero label is logged with the 0s since that label's
 * previous run, and a counting sort by label turns the log into per-label counts (no per-label
 * image pass). Result slot: (offsets u32[count + 1], count + 1), then at outPtr + 8 (counts, total
 * length); label c's counts are counts[offsets[c-1] .. offsets[c]). E_INPUT when a label is
 * outside 0..count.
 */
export function ccRle(outPtr: usize, labelsPtr: usize, h: u32, w: u32, count: u32): i32 {
  const total = pixelCount(h, w);
  if (total < 0 || total >= MAX_PIXELS || <i64>count > total) return E_RANGE;
  const n = <u32>total;
  // Bounds: per label 0..count its last run end and run count (reused as write cursors), its
  // offset; one strip of h rows x min(STRIP, w) columns (<= n); the log record.
  const last = allocU32(<usize>count + 1);
  const runs = allocU32(<usize>count + 1);
  const offsets = allocU32(<usize>count + 1);
  const strip = allocU32(<usize>min(STRIP, w) * h);
  const gAt = arenaAlloc(offsetof<RunLog>());
  if (last == 0 || runs == 0 || offsets == 0 || strip == 0 || gAt == 0) return E_NOMEM;
  memory.fill(last, 0, (<usize>count + 1) << 2);
  memory.fill(runs, 0, (<usize>count + 1) << 2);
  const g = changetype<RunLog>(gAt);
  g.last = last;
  g.runs = runs;
  g.end = g.cap = arenaTop();
  const log = g.end;
  let cur: u32 = 0; // label of the run in progress (0: none)
  let from: u32 = 0; // where it started
  for (let X: u32 = 0; X < w; X += STRIP) {
    const cols = min(STRIP, w - X);
    // strip[c * h + y] = labels[y * w + X + c]
    for (let y: u32 = 0; y < h; y++) {
      const src = labelsPtr + ((<usize>y * w + X) << 2);
      for (let c: u32 = 0; c < cols; c++) store<u32>(strip + ((<usize>c * h + y) << 2), load<u32>(src + (<usize>c << 2)));
    }
    const m = cols * h;
    const base = X * h;
    for (let i: u32 = 0; i < m; i++) {
      const l = u32At(strip, i);
      if (l == cur) continue;
      if (l > count) return E_INPUT;
      if (cur != 0 && !logRun(g, cur, from, base + i)) return E_NOMEM;
      cur = l;
      from = base + i;
    }
  }
  if (cur != 0 && !logRun(g, cur, from, n)) return E_NOMEM;
  const logEnd = g.end;
  // Label c has 2 runs[c] counts, plus a trailing run of 0s unless its last run ends at n.
  let sum: u64 = 0;
  store<u32>(offsets, 0);
  for (let c: u32 = 1; c <= count; c++) {
    sum += (<u64>u32At(runs, c) << 1) + <u64>(u32At(last, c) < n);
    if (sum > 0xffffffff) return E_RANGE;
    store<u32>(offsets + (<usize>c << 2), <u32>sum);
  }
  const counts = allocU32(<usize>sum);
  if (counts == 0) return E_NOMEM;
  const cursor = runs;
  for (let c: u32 = 1; c <= count; c++) store<u32>(cursor + (<usize>c << 2), u32At(offsets, c - 1));
  for (let p = log; p < logEnd; p += REC) {
    const cs = cursor + (<usize>load<u32>(p) << 2);
    const at = counts + (<usize>load<u32>(cs) << 2);
    store<u32>(at, load<u32>(p, 4));
    store<u32>(at, load<u32>(p, 8), 4);
    store<u32>(cs, load<u32>(cs) + 2);
  }
  for (let c: u32 = 1; c <= count; c++) {
    const l = u32At(last, c);
    if (l < n) store<u32>(counts + (<usize>u32At(cursor, c) << 2), n - l);
  }
  putResult(outPtr, offsets, count + 1);
  putResult(outPtr + 8, counts, <u32>sum);
  return OK;
}
