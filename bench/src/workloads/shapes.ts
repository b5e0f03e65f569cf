// Generated workloads: star-shaped polygons and blob masks with holes.
import type { Mask } from 'segkit';
import { between, intBetween, rng } from './random';

/** A simple star-shaped polygon (flat [x0, y0, ...]) around (cx, cy). */
export function starPolygon(r: () => number, cx: number, cy: number, radius: number, vertices: number): number[] {
  const out: number[] = [];
  const phase = between(r, 0, 2 * Math.PI);
  for (let i = 0; i < vertices; i++) {
    const a = phase + (2 * Math.PI * i) / vertices;
    const rr = radius * between(r, 0.55, 1);
    out.push(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
  }
  return out;
}

/** `count` polygons of `vMin..vMax` vertices, radii `rMin..rMax`, centred anywhere in w x h. */
export function polygons(seed: number, count: number, w: number, h: number, vMin: number, vMax: number, rMin: number, rMax: number): number[][] {
  const r = rng(seed);
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    out.push(starPolygon(r, between(r, 0, w), between(r, 0, h), between(r, rMin, rMax), intBetween(r, vMin, vMax)));
  }
  return out;
}

/**
 * A realistic binary mask: filled ellipses (objects), some with elliptic holes, some with islands
 * inside the holes. Row-major 0/1.
 */
export function blobMask(seed: number, width: number, height: number, objects = 40): Mask {
  const r = rng(seed);
  const data = new Uint8Array(width * height);
  const paint = (cx: number, cy: number, rx: number, ry: number, rot: number, v: number) => {
    const c = Math.cos(rot), s = Math.sin(rot);
    const R = Math.ceil(Math.max(rx, ry));
    for (let y = Math.max(0, Math.floor(cy - R)); y <= Math.min(height - 1, Math.ceil(cy + R)); y++) {
      for (let x = Math.max(0, Math.floor(cx - R)); x <= Math.min(width - 1, Math.ceil(cx + R)); x++) {
        const dx = x + 0.5 - cx, dy = y + 0.5 - cy;
        const u = (dx * c + dy * s) / rx, v2 = (-dx * s + dy * c) / ry;
        if (u * u + v2 * v2 <= 1) data[y * width + x] = v;
      }
    }
  };
  const scale = Math.min(width, height);
  for (let i = 0; i < objects; i++) {
    const cx = between(r, 0, width), cy = between(r, 0, height);
    const rx = between(r, 0.02, 0.12) * scale, ry = between(r, 0.02, 0.12) * scale, rot = between(r, 0, Math.PI);
    paint(cx, cy, rx, ry, rot, 1);
    if (r() < 0.5) {
      paint(cx, cy, rx * 0.45, ry * 0.45, rot, 0);
      if (r() < 0.5) paint(cx, cy, rx * 0.15, ry * 0.15, rot, 1);
    }
  }
  return { width, height, data };
}
