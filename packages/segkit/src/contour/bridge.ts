// Joins the holes of an object to its outer ring with zero-width cuts along pixel edges, so that
// one polygon carries the object and its holes through COCO's rule.
//
// Why it is exact: COCO's rule fills each pixel column by the parity of the boundary crossings at
// the column's centre, edge by edge. A cut is a segment walked once in each direction, so its
// crossings come in equal pairs and cancel; a vertical cut on a pixel-edge line x = X has none at
// all. The joined polygon therefore fills the XOR of its rings, which for an outer ring and its
// holes is exactly the object's pixels. Splitting a ring edge at an integer point keeps its
// crossings, and the cuts only meet rings at vertices, so simplifying the rings with those vertices
// pinned leaves the same argument standing for the simplified rings.
//
// Where a hole joins: from the top-left corner (hx, hy) of the hole's first pixel a ray goes up the
// line x = hx between the columns hx - 1 and hx while both pixels are the object's, and stops at the
// first crack, which belongs to the outer ring or to a hole found earlier (its pixels lie higher).
// Distinct holes start distinct rays, so cuts never cross each other.

/** Where one hole joins: ring index (0 outer, 1 + j hole j), edge index and point. */
interface Cut {
  ring: number;
  edge: number;
  x: number;
  y: number;
}

/**
 * The cut of every hole. rings[0] is the outer ring, rings[1..] its holes in discovery order, each
 * starting at its top-left corner (traceContours' edge rings); fg(x, y) says whether pixel (x, y)
 * is the object's (false outside the image).
 */
function findCuts(rings: ArrayLike<number>[], fg: (x: number, y: number) => boolean): Cut[] {
  const hits: { y: number; crack: number }[] = [];
  const rows = new Map<number, { x0: number; x1: number; ring: number; edge: number }[]>();
  for (let j = 1; j < rings.length; j++) {
    const hx = rings[j][0];
    let y = rings[j][1];
    while (y > 0 && fg(hx - 1, y - 1) && fg(hx, y - 1)) y--;
    // The crack above the last pixel pair: right of the line if that pixel is not the object's.
    hits.push({ y, crack: fg(hx, y - 1) ? hx - 1 : hx });
    rows.set(y, []);
  }
  // Horizontal ring edges on the rows that rays reach.
  rings.forEach((r, ring) => {
    const n = r.length >> 1;
    for (let e = 0; e < n; e++) {
      const f = (e + 1) % n;
      const y = r[2 * e + 1];
      if (y !== r[2 * f + 1]) continue;
      const list = rows.get(y);
      if (list) list.push({ x0: Math.min(r[2 * e], r[2 * f]), x1: Math.max(r[2 * e], r[2 * f]), ring, edge: e });
    }
  });
  for (const list of rows.values()) list.sort((a, b) => a.x0 - b.x0);
  return hits.map(({ y, crack }, j) => {
    const list = rows.get(y)!;
    let lo = 0, hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid].x0 <= crack) lo = mid; else hi = mid - 1;
    }
    const e = list[lo];
    if (!e || e.x0 > crack || e.x1 < crack + 1) throw new Error(`segkit bug: no ring edge above hole ${j}`);
    return { ring: e.ring, edge: e.edge, x: rings[j + 1][0], y };
  });
}

/** Rings with the cut points added as vertices, and where each hole attaches (vertex -> holes). */
export interface CutRings {
  rings: number[][];
  attach: Map<number, number[]>[];
  /** Per ring, the vertex indices a cut meets (for simplification to keep). */
  pins: number[][];
}

/** Finds the cuts and inserts their points into the ring edges they meet. */
export function cutRings(rings: ArrayLike<number>[], fg: (x: number, y: number) => boolean): CutRings {
  const cuts = findCuts(rings, fg);
  const byEdge = rings.map(() => new Map<number, { x: number; hole: number }[]>());
  cuts.forEach((c, j) => {
    const m = byEdge[c.ring];
    if (!m.has(c.edge)) m.set(c.edge, []);
    m.get(c.edge)!.push({ x: c.x, hole: j + 1 });
  });
  const out: CutRings = { rings: [], attach: [], pins: [] };
  rings.forEach((r, ri) => {
    const n = r.length >> 1;
    const v: number[] = [];
    const attach = new Map<number, number[]>();
    const at = (k: number, hole: number) => {
      if (!attach.has(k)) attach.set(k, []);
      attach.get(k)!.push(hole);
    };
    const endHits: { x: number; hole: number }[] = [];
    for (let e = 0; e < n; e++) {
      const ax = r[2 * e], ay = r[2 * e + 1];
      const f = (e + 1) % n;
      const bx = r[2 * f];
      v.push(ax, ay);
      const here = v.length / 2 - 1;
      for (const h of endHits.splice(0)) at(here, h.hole);
      const hits = byEdge[ri].get(e);
      if (!hits) continue;
      // Along the edge from a to b; a hit on b attaches to b, written next.
      hits.sort((p, q) => (bx > ax ? p.x - q.x : q.x - p.x));
      for (const h of hits) {
        if (h.x === ax) at(here, h.hole);
        else if (h.x === bx) endHits.push(h);
        else {
          v.push(h.x, ay);
          at(v.length / 2 - 1, h.hole);
        }
      }
    }
    for (const h of endHits) at(0, h.hole);
    out.rings.push(v);
    out.attach.push(attach);
    out.pins.push(ri === 0 ? [...attach.keys()] : [0, ...attach.keys()]);
  });
  return out;
}

/**
 * One polygon: the outer ring (rings[0]) with every hole walked at its attachment vertex, out and
 * back along its cut; consecutive duplicate vertices removed. attach: per ring, vertex -> holes.
 */
export function joinRings(rings: ArrayLike<number>[], attach: Map<number, number[]>[]): number[] {
  const out: number[] = [];
  const push = (r: ArrayLike<number>, k: number) => {
    const x = r[2 * k], y = r[2 * k + 1];
    const m = out.length;
    if (m === 0 || out[m - 2] !== x || out[m - 1] !== y) out.push(x, y);
  };
  // Explicit stack (ring, vertex, next attachment): cuts can chain across many holes.
  const stack: [number, number, number][] = [[0, 0, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [ri, k, a] = top;
    const r = rings[ri];
    if (k === r.length >> 1) {
      stack.pop();
      if (stack.length) {
        // Close the hole, then walk back to the attachment vertex.
        push(r, 0);
        const [pi, pk] = stack[stack.length - 1];
        push(rings[pi], pk);
      }
      continue;
    }
    if (a === 0) push(r, k);
    const holes = attach[ri].get(k);
    if (holes && a < holes.length) {
      top[2]++;
      stack.push([holes[a], 0, 0]);
      continue;
    }
    top[1]++;
    top[2] = 0;
  }
  const m = out.length;
  if (m > 2 && out[0] === out[m - 2] && out[1] === out[m - 1]) out.length = m - 2;
  return out;
}
