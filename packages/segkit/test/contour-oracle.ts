// A slow, independent model of traceContours, written from the OpenCV vectors' README and not from
// the paper's pixel walk: borders are found by following cracks (unit edges between a foreground
// and a background pixel, foreground on the left) and their topology from two BFS labellings.
//  - Foreground 8-connected: at a corner where two foreground pixels touch only diagonally, the
//    crack walk turns right (keeping them together); otherwise each corner has one way out.
//  - A border's pixel-centre vertices are the foreground pixels of its cracks, consecutive cracks of
//    one pixel being one visit; 'simple' keeps the vertices where the step direction changes.
//  - Outer border of component C: the one facing the background left of C's first pixel; starts at
//    that pixel. Hole: starts at the pixel left of the hole's first pixel. Parents, modes and the
//    output order (pre-order, siblings last-found first) follow the README's rules.
import type { Contours, Mask } from '../src/types';

type Mode = 'external' | 'list' | 'ccomp' | 'tree';

interface Border {
  hole: boolean;
  comp: number; // foreground component
  bgComp: number; // background component on the other side
  start: number; // padded index of the start pixel
  parent: number; // tree parent (border index) or -1
  centre: number[]; // pixel-centre vertices, 'none'
  centreSimple: number[];
  corner: number[]; // crack start corners, 'none'
  cornerSimple: number[];
}

// Crack travel directions, as the kernel's direction codes: 0 east, 2 north, 4 west, 6 south.
const STEP: Record<number, [number, number]> = { 0: [1, 0], 2: [0, -1], 4: [-1, 0], 6: [0, 1] };
// Foreground pixel on the left of a crack leaving corner (cx, cy) in direction t, as an offset.
const LEFT: Record<number, [number, number]> = { 6: [0, 0], 0: [0, -1], 2: [-1, -1], 4: [-1, 0] };
const RIGHT: Record<number, [number, number]> = { 6: [-1, 0], 0: [0, 0], 2: [0, -1], 4: [-1, -1] };

function label(P: Uint8Array, W: number, H: number, fg: boolean): Int32Array {
  const lab = new Int32Array(W * H).fill(-1);
  const nbrs = fg ? [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]] : [[1, 0], [-1, 0], [0, 1], [0, -1]];
  let n = 0;
  for (let i = 0; i < W * H; i++) {
    if (lab[i] >= 0 || (P[i] === 1) !== fg) continue;
    const stack = [i];
    lab[i] = n;
    while (stack.length) {
      const j = stack.pop()!;
      const x = j % W, y = (j - x) / W;
      for (const [dx, dy] of nbrs) {
        const X = x + dx, Y = y + dy;
        if (X < 0 || Y < 0 || X >= W || Y >= H) continue;
        const k = Y * W + X;
        if (lab[k] < 0 && (P[k] === 1) === fg) { lab[k] = n; stack.push(k); }
      }
    }
    n++;
  }
  return lab;
}

/** Keeps the entries where the step direction changes, cyclically (a lone vertex stays). */
function keepTurns(v: number[], same: (a: number, b: number, c: number) => boolean): number[] {
  const n = v.length / 2;
  if (n <= 1) return v.slice();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = (i + n - 1) % n, q = (i + 1) % n;
    if (!same(p, i, q)) out.push(v[2 * i], v[2 * i + 1]);
  }
  return out;
}

export function traceOracle(mask: Mask, mode: Mode, approx: 'none' | 'simple', coords: 'center' | 'edge'): Contours {
  const { width: w, height: h } = mask;
  if (w === 0 || h === 0) return { count: 0, points: new Int32Array(0), offsets: Uint32Array.of(0), hierarchy: new Int32Array(0) };
  const W = w + 2, H = h + 2;
  const P = new Uint8Array(W * H);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) P[(y + 1) * W + x + 1] = mask.data[y * w + x] ? 1 : 0;
  const fgLab = label(P, W, H, true);
  const bgLab = label(P, W, H, false);
  const frameBg = bgLab[0];
  const first = (lab: Int32Array, c: number) => lab.indexOf(c);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= W || y >= H ? 0 : P[y * W + x]);

  // Cracks keyed by corner * 8 + direction; corners are (W + 1) x (H + 1).
  const CW = W + 1;
  const cracks = new Set<number>();
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    if (!P[y * W + x]) continue;
    if (!at(x - 1, y)) cracks.add((y * CW + x) * 8 + 6);
    if (!at(x, y + 1)) cracks.add(((y + 1) * CW + x) * 8 + 0);
    if (!at(x + 1, y)) cracks.add(((y + 1) * CW + x + 1) * 8 + 2);
    if (!at(x, y - 1)) cracks.add((y * CW + x + 1) * 8 + 4);
  }
  const seen = new Set<number>();
  const borders: Border[] = [];
  const byKey = new Map<string, number>();
  for (const c0 of [...cracks].sort((a, b) => a - b)) {
    if (seen.has(c0)) continue;
    // Follow the cycle of cracks.
    const cyc: number[] = [];
    let c = c0;
    do {
      seen.add(c);
      cyc.push(c);
      const t = c & 7, corner = c >> 3;
      const cx = corner % CW + STEP[t][0], cy = Math.floor(corner / CW) + STEP[t][1];
      const e = cy * CW + cx;
      const next = [(t + 6) & 7, t, (t + 2) & 7].map((u) => e * 8 + u).find((k) => cracks.has(k));
      if (next === undefined) throw new Error('oracle: open crack chain');
      c = next;
    } while (c !== c0);
    const pix = (k: number) => {
      const t = k & 7, corner = k >> 3;
      const cx = corner % CW, cy = Math.floor(corner / CW);
      return [(cy + LEFT[t][1]) * W + cx + LEFT[t][0], (cy + RIGHT[t][1]) * W + cx + RIGHT[t][0]];
    };
    const [fg0, bg0] = pix(cyc[0]);
    const comp = fgLab[fg0], bgComp = bgLab[bg0];
    const cFirst = first(fgLab, comp);
    const hole = bgLab[cFirst - 1] !== bgComp;
    const start = hole ? first(bgLab, bgComp) - 1 : cFirst;
    // The crack that triggers the start: the start pixel's left crack (outer) or right crack (hole).
    const sx = start % W, sy = (start - sx) / W;
    const trigger = hole ? ((sy + 1) * CW + sx + 1) * 8 + 2 : (sy * CW + sx) * 8 + 6;
    // Visits: runs of consecutive cracks of one pixel; rotate to the visit holding the trigger.
    const L = cyc.length;
    let k0 = cyc.indexOf(trigger);
    for (let steps = 0; steps < L - 1 && pix(cyc[(k0 + L - 1) % L])[0] === start; steps++) k0 = (k0 + L - 1) % L;
    const rot = cyc.slice(k0).concat(cyc.slice(0, k0));
    const centre: number[] = [];
    for (let i = 0; i < L; i++) {
      const p = pix(rot[i])[0];
      if (i > 0 && p === pix(rot[i - 1])[0]) continue;
      centre.push(p % W - 1, Math.floor(p / W) - 1);
    }
    const centreSimple = keepTurns(centre, (p, i, q) => {
      const d1 = [centre[2 * i] - centre[2 * p], centre[2 * i + 1] - centre[2 * p + 1]];
      const d2 = [centre[2 * q] - centre[2 * i], centre[2 * q + 1] - centre[2 * i + 1]];
      return d1[0] === d2[0] && d1[1] === d2[1];
    });
    // Pixel-corner ring, starting at the top-left corner of the start pixel (outer) or of the hole's
    // first pixel (hole).
    const target = hole ? (sy * CW + sx + 1) : (sy * CW + sx);
    const ks = rot.findIndex((k) => k >> 3 === target);
    const ring = rot.slice(ks).concat(rot.slice(0, ks));
    const corner: number[] = [];
    for (const k of ring) corner.push(((k >> 3) % CW) - 1, Math.floor((k >> 3) / CW) - 1);
    const cornerSimple = keepTurns(corner, (p, i, _q) => (ring[p] & 7) === (ring[i] & 7));
    byKey.set(`${comp}|${bgComp}`, borders.length);
    borders.push({ hole, comp, bgComp, start, parent: -1, centre, centreSimple, corner, cornerSimple });
  }
  // Tree parents: a hole's is its component's outer border; an outer border's is the hole border
  // of the background it faces, unless that background is the frame's.
  const outerOf = new Map<number, number>();
  borders.forEach((b, i) => { if (!b.hole) outerOf.set(b.comp, i); });
  borders.forEach((b) => {
    if (b.hole) b.parent = outerOf.get(b.comp)!;
    else if (b.bgComp === frameBg) b.parent = -1;
    else b.parent = byKey.get(`${fgLab[first(bgLab, b.bgComp) - 1]}|${b.bgComp}`)!;
  });

  // Discovery order: raster order of start pixels.
  const disc = borders.map((_, i) => i).sort((a, b) => borders[a].start - borders[b].start);
  const included = disc.filter((i) => mode !== 'external' || (!borders[i].hole && borders[i].parent === -1));
  const outParent = (i: number) => (mode === 'tree' || (mode === 'ccomp' && borders[i].hole) ? borders[i].parent : -1);
  const kids = new Map<number, number[]>();
  for (const i of included) {
    const p = outParent(i);
    if (!kids.has(p)) kids.set(p, []);
    kids.get(p)!.unshift(i);
  }
  const order: number[] = [];
  const walk = (p: number) => { for (const i of kids.get(p) ?? []) { order.push(i); walk(i); } };
  walk(-1);
  const idx = new Map(order.map((b, k) => [b, k]));
  const points: number[] = [];
  const offsets = [0];
  const hierarchy: number[] = [];
  for (const i of order) {
    const b = borders[i];
    const v = coords === 'edge' ? (approx === 'simple' ? b.cornerSimple : b.corner) : approx === 'simple' ? b.centreSimple : b.centre;
    points.push(...v);
    offsets.push(points.length / 2);
    const p = outParent(i);
    const sib = kids.get(p)!;
    const s = sib.indexOf(i);
    const ch = kids.get(i) ?? [];
    hierarchy.push(s + 1 < sib.length ? idx.get(sib[s + 1])! : -1, s > 0 ? idx.get(sib[s - 1])! : -1, ch.length ? idx.get(ch[0])! : -1, p === -1 ? -1 : idx.get(p)!);
  }
  return { count: order.length, points: Int32Array.from(points), offsets: Uint32Array.from(offsets), hierarchy: Int32Array.from(hierarchy) };
}
