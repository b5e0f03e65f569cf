// A slow labelling for the tracing tests: breadth-first over equal non-zero values, 4- or
// 8-connected, components numbered in raster order of their first pixel.
import type { Labelling } from '../src/types';

export function labelOf(map: { width: number; height: number; data: ArrayLike<number> }, conn: 4 | 8): Labelling {
  const { width: w, height: h, data } = map;
  const labels = new Int32Array(w * h);
  const value: number[] = [];
  for (let i = 0; i < w * h; i++) {
    if (labels[i] || !data[i]) continue;
    value.push(data[i]);
    const c = value.length;
    labels[i] = c;
    const queue = [i];
    for (let q = 0; q < queue.length; q++) {
      const j = queue[q];
      const x = j % w, y = (j - x) / w;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        if ((dx === 0 && dy === 0) || (conn === 4 && dx !== 0 && dy !== 0)) continue;
        const X = x + dx, Y = y + dy;
        if (X < 0 || Y < 0 || X >= w || Y >= h) continue;
        const k = Y * w + X;
        if (!labels[k] && data[k] === data[i]) { labels[k] = c; queue.push(k); }
      }
    }
  }
  return { width: w, height: h, count: value.length, labels, value: Int32Array.from(value) };
}
