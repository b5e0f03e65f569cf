// Plain-JavaScript border following, as one writes it from Suzuki & Abe (1985) without segkit: the
// paper's algorithm literally, an Int32Array picture holding the border numbers (NBD), LNBD and
// the parent table; RETR_CCOMP hierarchy, CHAIN_APPROX_SIMPLE vertices. Contours in discovery order.
import type { Contours, Mask } from 'segkit';

// Neighbour offsets (dx, dy) counter-clockwise on screen from east.
const DX = [1, 1, 0, -1, -1, -1, 0, 1];
const DY = [0, -1, -1, -1, 0, 1, 1, 1];

export function traceCcompSimple(mask: Mask): Contours {
  const { width: w, height: h } = mask;
  const W = w + 2;
  const f = new Int32Array(W * (h + 2));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) f[(y + 1) * W + x + 1] = mask.data[y * w + x] ? 1 : 0;
  const off = DX.map((dx, k) => DY[k] * W + dx);
  const isHole: boolean[] = [true]; // border 1 is the frame
  const parent: number[] = [0];
  const points: number[] = [];
  const offsets: number[] = [0];
  let nbd = 1;
  for (let i = 1; i <= h; i++) {
    let lnbd = 1;
    for (let j = 1; j <= w; j++) {
      const p = i * W + j;
      const fij = f[p];
      let from = -1;
      let hole = false;
      if (fij === 1 && f[p - 1] === 0) from = 4;
      else if (fij >= 1 && f[p + 1] === 0) {
        from = 0;
        hole = true;
        if (fij > 1) lnbd = fij;
      }
      if (from >= 0) {
        nbd++;
        // Table 1: the parent from the type of the new border and of border LNBD.
        isHole[nbd - 1] = hole;
        parent[nbd - 1] = hole === isHole[lnbd - 1] ? parent[lnbd - 1] : lnbd - 1;
        follow(p, from, i - 1, j - 1);
      }
      if (f[p] !== 0 && f[p] !== 1) lnbd = Math.abs(f[p]);
    }
  }

  function follow(p0: number, from: number, y0: number, x0: number) {
    // (3.1) clockwise from the trigger for a non-zero pixel
    let s = from;
    do s = (s + 7) & 7; while (f[p0 + off[s]] === 0 && s !== from);
    if (s === from) {
      f[p0] = -nbd;
      points.push(x0, y0);
      offsets.push(points.length / 2);
      return;
    }
    const p1 = p0 + off[s];
    let p3 = p0, x = x0, y = y0, back = s, last = s ^ 4;
    for (;;) {
      // (3.3) counter-clockwise from the pixel after the one we came from
      let d = back, right = false;
      for (;;) {
        d = (d + 1) & 7;
        if (f[p3 + off[d]] !== 0) break;
        if (d === 0) right = true;
      }
      // (3.4)
      if (right) f[p3] = -nbd;
      else if (f[p3] === 1) f[p3] = nbd;
      if (d !== last) points.push(x, y);
      last = d;
      const p4 = p3 + off[d];
      // (3.5)
      if (p4 === p0 && p3 === p1) break;
      p3 = p4;
      x += DX[d];
      y += DY[d];
      back = (d + 4) & 7;
    }
    offsets.push(points.length / 2);
  }

  // RETR_CCOMP: outer borders at the top, each hole under its outer border; siblings linked in
  // discovery order.
  const count = nbd - 1;
  const hierarchy = new Int32Array(4 * count).fill(-1);
  const lastChild = new Int32Array(count + 1).fill(-1); // index count: the top level
  for (let k = 0; k < count; k++) {
    const b = k + 1;
    const pa = isHole[b] ? parent[b] - 1 : -1;
    hierarchy[4 * k + 3] = pa;
    const slot = pa === -1 ? count : pa;
    const prev = lastChild[slot];
    hierarchy[4 * k + 1] = prev;
    if (prev >= 0) hierarchy[4 * prev] = k;
    else if (pa >= 0) hierarchy[4 * pa + 2] = k;
    lastChild[slot] = k;
  }
  return { count, points: Int32Array.from(points), offsets: Uint32Array.from(offsets), hierarchy };
}
