// Random masks for contour and polygon properties, from a seed: the hard cases of border following.
import fc from 'fast-check';
import type { Mask } from '../src/types';

export const FAMILIES = ['noise', 'nested', 'diagonal', 'border', 'lines', 'chess', 'mixed'] as const;
export type Family = (typeof FAMILIES)[number];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Canvas {
  data: Uint8Array;
  constructor(readonly width: number, readonly height: number) {
    this.data = new Uint8Array(width * height);
  }
  set(x: number, y: number, v: number) {
    if (x >= 0 && y >= 0 && x < this.width && y < this.height) this.data[y * this.width + x] = v;
  }
  rect(x0: number, y0: number, x1: number, y1: number, v: number) {
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) this.set(x, y, v);
  }
  ellipse(cx: number, cy: number, rx: number, ry: number, v: number) {
    for (let y = Math.floor(cy - ry); y <= cy + ry; y++) {
      for (let x = Math.floor(cx - rx); x <= cx + rx; x++) {
        if (((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 <= 1) this.set(x, y, v);
      }
    }
  }
  /** 8-connected (Bresenham) or 4-connected (staircase) line. */
  line(x0: number, y0: number, x1: number, y1: number, four: boolean) {
    const dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      this.set(x0, y0, 1);
      if (x0 === x1 && y0 === y1) break;
      const e2 = 2 * err;
      if (e2 >= dy && (!four || e2 > dx || 2 * (err + dy) < dx)) {
        err += dy;
        x0 += sx;
        if (four) this.set(x0, y0, 1);
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }
}

/** One mask of `family`, w x h, drawn from `seed`. */
export function genMask(family: Family, w: number, h: number, seed: number): Mask {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const c = new Canvas(w, h);
  switch (family) {
    case 'noise': {
      const d = r(), g = int(1, 3);
      const cells = Array.from({ length: Math.ceil(w / g) * Math.ceil(h / g) }, () => (r() < d ? 1 : 0));
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) c.set(x, y, cells[Math.floor(y / g) * Math.ceil(w / g) + Math.floor(x / g)]);
      break;
    }
    case 'nested': {
      // Concentric frames alternating foreground and background: holes with islands, 4 deep.
      for (let k = int(1, 3); k > 0; k--) {
        // Half of the nests fill most of the image, so that 8 levels (4 holes deep) fit.
        const big = r() < 0.5;
        let x0 = big ? int(-1, 2) : int(-2, w - 1), y0 = big ? int(-1, 2) : int(-2, h - 1);
        let x1 = big ? w - int(-1, 2) : x0 + int(2, 26), y1 = big ? h - int(-1, 2) : y0 + int(2, 26);
        const round = r() < 0.3;
        for (let level = 0; level < 9 && x0 <= x1 && y0 <= y1; level++) {
          const v = level % 2 === 0 ? 1 : 0;
          if (round) c.ellipse((x0 + x1 + 1) / 2, (y0 + y1 + 1) / 2, (x1 - x0 + 1) / 2, (y1 - y0 + 1) / 2, v);
          else c.rect(x0, y0, x1, y1, v);
          const t = () => (r() < 0.8 ? 1 : 2);
          x0 += t(); y0 += t(); x1 -= t(); y1 -= t();
        }
        if (r() < 0.3) c.set(int(0, w), int(0, h), r() < 0.5 ? 1 : 0);
      }
      break;
    }
    case 'diagonal': {
      // Blocks that touch only at corners, some rings leaking only diagonally.
      const s = int(1, 3), p = 0.4 + 0.6 * r();
      for (let j = 0; j * s < h; j++) for (let i = 0; i * s < w; i++) {
        if ((i + j) % 2 === 0 && r() < p) c.rect(i * s, j * s, i * s + s - 1, j * s + s - 1, 1);
      }
      for (let k = int(0, 2); k > 0; k--) {
        const x = int(0, w - 3), y = int(0, h - 3);
        c.rect(x, y, x + 2, y + 2, 1);
        c.set(x + 1, y + 1, 0);
        c.set(x + 2, y + 2, 0);
      }
      break;
    }
    case 'border': {
      // Shapes over every border and corner.
      const spots = [[0, 0], [w - 1, 0], [0, h - 1], [w - 1, h - 1], [int(0, w), 0], [int(0, w), h - 1], [0, int(0, h)], [w - 1, int(0, h)]];
      for (const [x, y] of spots) {
        if (r() < 0.25) continue;
        if (r() < 0.5) c.rect(x - int(0, 3), y - int(0, 3), x + int(0, 3), y + int(0, 3), 1);
        else c.ellipse(x + 0.5, y + 0.5, 1 + r() * 4, 1 + r() * 4, 1);
        if (r() < 0.3) c.set(x, y, 0);
      }
      break;
    }
    case 'lines': {
      for (let k = int(1, 5); k > 0; k--) {
        const kind = r();
        if (kind < 0.2) { const y = int(0, h - 1); c.rect(0, y, w - 1, y, 1); }
        else if (kind < 0.35) { const x = int(0, w - 1); c.rect(x, 0, x, h - 1, 1); }
        else if (kind < 0.45) c.set(int(0, w - 1), int(0, h - 1), 1);
        else c.line(int(-2, w + 1), int(-2, h + 1), int(-2, w + 1), int(-2, h + 1), r() < 0.5);
      }
      break;
    }
    case 'chess': {
      const s = int(1, 3), ox = int(0, 5), oy = int(0, 5);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) c.set(x, y, (Math.floor((x + ox) / s) + Math.floor((y + oy) / s)) % 2);
      if (r() < 0.3) c.rect(int(0, w), int(0, h), int(0, w), int(0, h), r() < 0.5 ? 1 : 0);
      break;
    }
    case 'mixed': {
      const a = genMask(FAMILIES[int(0, 5)], w, h, int(0, 2 ** 30));
      const b = genMask(FAMILIES[int(0, 5)], w, h, int(0, 2 ** 30));
      const op = int(0, 2);
      for (let i = 0; i < w * h; i++) c.data[i] = op === 0 ? a.data[i] ^ b.data[i] : op === 1 ? a.data[i] | b.data[i] : a.data[i] & (1 - b.data[i]);
      break;
    }
  }
  return { width: w, height: h, data: c.data };
}

/** fast-check arbitrary over every family; sizes 0..maxSide, with 1 x N and N x 1 often. */
export function maskArb(maxSide = 24): fc.Arbitrary<Mask> {
  const side = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 2, max: maxSide }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 1 }) });
  return fc.record({ family: fc.constantFrom(...FAMILIES), w: side, h: side, seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) })
    .map(({ family, w, h, seed }) => genMask(family, w, h, seed));
}

/** Random label maps: noise of k values, or masks of several families painted as classes. */
export function labelMapArb(maxSide = 20): fc.Arbitrary<{ width: number; height: number; data: Uint8Array }> {
  const shape = fc.record({
    w: fc.integer({ min: 1, max: maxSide }),
    h: fc.integer({ min: 1, max: maxSide }),
    k: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 2 ** 30 }),
    painted: fc.boolean(),
  });
  return shape.map(({ w, h, k, seed, painted }) => {
    const data = new Uint8Array(w * h);
    if (painted) {
      for (let v = 1; v <= k; v++) {
        const m = genMask(FAMILIES[(seed + v) % FAMILIES.length], w, h, seed * 7 + v);
        m.data.forEach((b, i) => { if (b) data[i] = v; });
      }
    } else {
      let a = seed;
      for (let i = 0; i < data.length; i++) { a = (Math.imul(a, 1103515245) + 12345) >>> 0; data[i] = (a >>> 16) % (k + 1); }
    }
    return { width: w, height: h, data };
  });
}
