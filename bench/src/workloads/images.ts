// Generated image workloads (YACCLAB's synthetic sets and realistic label maps), from seeds.
import type { LabelMap, Mask } from 'segkit';
import { between, rng } from './random';
import { blobMask } from './shapes';

/**
 * A random binary image: cells of `granularity` x `granularity` pixels, each foreground with
 * probability `density` (YACCLAB's random set). Row-major 0/1.
 */
export function randomImage(seed: number, width: number, height: number, density: number, granularity: number): Mask {
  const r = rng(seed);
  const data = new Uint8Array(width * height);
  const gw = Math.ceil(width / granularity);
  const gh = Math.ceil(height / granularity);
  const cells = new Uint8Array(gw * gh);
  for (let i = 0; i < cells.length; i++) cells[i] = r() < density ? 1 : 0;
  for (let y = 0; y < height; y++) {
    const row = ((y / granularity) | 0) * gw;
    for (let x = 0; x < width; x++) data[y * width + x] = cells[row + ((x / granularity) | 0)];
  }
  return { width, height, data };
}

/**
 * A realistic semantic label map: `classes` classes (1..classes) painted as overlapping smooth
 * blobs over a background of 0, later blobs on top; several disjoint regions per class.
 */
export function labelMap(seed: number, width: number, height: number, classes = 20, blobs = 200): LabelMap {
  const r = rng(seed);
  const data = new Uint8Array(width * height);
  const scale = Math.min(width, height);
  for (let b = 0; b < blobs; b++) {
    const value = 1 + (b % classes);
    const cx = between(r, 0, width), cy = between(r, 0, height);
    const rx = between(r, 0.01, 0.09) * scale, ry = between(r, 0.01, 0.09) * scale;
    const rot = between(r, 0, Math.PI), c = Math.cos(rot), s = Math.sin(rot);
    const wob = between(r, 0.05, 0.25), k = 2 + Math.floor(r() * 5), ph = between(r, 0, 6.3);
    const R = Math.ceil(Math.max(rx, ry) * (1 + wob));
    for (let y = Math.max(0, Math.floor(cy - R)); y <= Math.min(height - 1, Math.ceil(cy + R)); y++) {
      for (let x = Math.max(0, Math.floor(cx - R)); x <= Math.min(width - 1, Math.ceil(cx + R)); x++) {
        const dx = x + 0.5 - cx, dy = y + 0.5 - cy;
        const u = (dx * c + dy * s) / rx, v = (-dx * s + dy * c) / ry;
        const a = Math.atan2(v, u);
        if (u * u + v * v <= (1 + wob * Math.sin(k * a + ph)) ** 2) data[y * width + x] = value;
      }
    }
  }
  return { width, height, data };
}

/** The 1024 x 2048 (height x width) blob mask with holes used by the labelling and contour cases. */
export const blobs1024x2048 = (seed = 3): Mask => blobMask(seed, 2048, 1024, 120);
