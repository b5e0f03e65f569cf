// Polygon geometry for validation: where a ring crosses itself, and clipping a ring to the image.

/** Twice the signed area of the triangle (a, b, c): > 0 counter-clockwise (y up), 0 collinear. */
const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/**
 * The first pair of edges of a ring `[x0, y0, …]` (closed implicitly) that cross each other
 * transversally, as edge indices (edge i runs from vertex i to vertex i + 1), or undefined.
 * Touching (a vertex on an edge, collinear overlaps) is not crossing, and edges walked both ways
 * (zero-width cuts joining holes or parts, which COCO's rule cancels) are left out. Sweep over x
 * with the edges sorted by their left end: O(n log n + pairs whose x-ranges overlap).
 */
export function selfCrossing(ring: ArrayLike<number>): [number, number] | undefined {
  const n = ring.length >> 1;
  if (n < 4) return undefined;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const ax = ring[2 * i], bx = ring[2 * j];
    lo[i] = ax < bx ? ax : bx;
    hi[i] = ax < bx ? bx : ax;
    if (ax !== bx || ring[2 * i + 1] !== ring[2 * j + 1]) order.push(i); // zero-length edges never cross
  }
  order.sort((a, b) => lo[a] - lo[b]);
  let cuts: Set<string> | undefined; // built on the first candidate: most rings never need it
  const isCut = (i: number) => {
    if (!cuts) {
      cuts = new Set();
      for (let k = 0; k < n; k++) {
        const m = k + 1 === n ? 0 : k + 1;
        cuts.add(`${ring[2 * k]},${ring[2 * k + 1]},${ring[2 * m]},${ring[2 * m + 1]}`);
      }
    }
    const j = i + 1 === n ? 0 : i + 1;
    return cuts.has(`${ring[2 * j]},${ring[2 * j + 1]},${ring[2 * i]},${ring[2 * i + 1]}`);
  };
  let active: number[] = [];
  for (const e of order) {
    const left = lo[e];
    if (active.length > 32) active = active.filter((f) => hi[f] >= left);
    for (const f of active) {
      if (hi[f] < left || !crosses(ring, n, e, f) || isCut(e) || isCut(f)) continue;
      return e < f ? [e, f] : [f, e];
    }
    active.push(e);
  }
  return undefined;
}

/** Whether edges e and f (not adjacent) cross at a point inside both. */
function crosses(r: ArrayLike<number>, n: number, e: number, f: number): boolean {
  if ((e + 1) % n === f || (f + 1) % n === e) return false;
  const e2 = (e + 1) % n, f2 = (f + 1) % n;
  const ax = r[2 * e], ay = r[2 * e + 1], bx = r[2 * e2], by = r[2 * e2 + 1];
  const cx = r[2 * f], cy = r[2 * f + 1], dx = r[2 * f2], dy = r[2 * f2 + 1];
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return false;
  const d1 = orient(ax, ay, bx, by, cx, cy);
  const d2 = orient(ax, ay, bx, by, dx, dy);
  const d3 = orient(cx, cy, dx, dy, ax, ay);
  const d4 = orient(cx, cy, dx, dy, bx, by);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/**
 * A ring clipped to the rectangle [0, width] x [0, height] (Sutherland-Hodgman, one pass per
 * side); fewer than 3 vertices when nothing of it is inside.
 */
export function clipRing(ring: ArrayLike<number>, width: number, height: number): number[] {
  let pts = Array.from(ring);
  const sides: Array<[(x: number, y: number) => number, boolean]> = [
    [(x) => x, true], // x >= 0
    [(x) => x - width, false], // x <= width
    [(_x, y) => y, true], // y >= 0
    [(_x, y) => y - height, false], // y <= height
  ];
  for (const [f, lower] of sides) {
    const inside = (x: number, y: number) => (lower ? f(x, y) >= 0 : f(x, y) <= 0);
    const out: number[] = [];
    const m = pts.length >> 1;
    for (let i = 0; i < m; i++) {
      const j = (i + 1) % m;
      const px = pts[2 * i], py = pts[2 * i + 1], qx = pts[2 * j], qy = pts[2 * j + 1];
      const pin = inside(px, py), qin = inside(qx, qy);
      if (pin) out.push(px, py);
      if (pin !== qin) {
        const fp = f(px, py), fq = f(qx, qy);
        const t = fp / (fp - fq);
        // snap the new vertex onto the side exactly
        const ix = px + t * (qx - px), iy = py + t * (qy - py);
        const onX = f === sides[0][0] || f === sides[1][0];
        out.push(onX ? (lower ? 0 : width) : ix, onX ? iy : lower ? 0 : height);
      }
    }
    pts = out;
    if (pts.length < 6) return pts;
  }
  return pts;
}

/** Whether any vertex of a ring lies outside [0, width] x [0, height]. */
export function outside(ring: ArrayLike<number>, width: number, height: number): boolean {
  for (let k = 0; k + 1 < ring.length; k += 2) {
    if (ring[k] < 0 || ring[k] > width || ring[k + 1] < 0 || ring[k + 1] > height) return true;
  }
  return false;
}
