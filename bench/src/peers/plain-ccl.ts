// Plain-JavaScript connected components: the classic pixel two-pass with union-find (what one
// writes without segkit), multi-label like segkit (neighbours of equal non-background value), with
// the same statistics, labels numbered in raster order of first pixels.
import type { Components } from 'segkit';

/** The same fields as segkit's labelling, without the size. */
export type PlainComponents = Omit<Components, 'width' | 'height'>;

export function label(map: { width: number; height: number; data: ArrayLike<number> }, connectivity: 4 | 8 = 8, background = 0): PlainComponents {
  const { width: w, height: h, data } = map;
  const labels = new Int32Array(w * h);
  let parent = new Int32Array(1024);
  let next = 1;
  const find = (x: number) => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  // Links the larger root under the smaller, so parent[x] <= x and roots come first in raster order.
  const join = (a: number, b: number) => {
    a = find(a);
    b = find(b);
    if (a < b) parent[b] = a;
    else if (b < a) parent[a] = b;
  };
  const eight = connectivity === 8;
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const v = data[i];
      if (v === background) continue;
      // Neighbours already labelled: left, and up-left, up, up-right (8) or up (4).
      let l = 0;
      for (let t = 0; t < 4; t++) {
        let j: number;
        if (t === 0) j = x > 0 ? i - 1 : -1;
        else if (y === 0) break;
        else if (t === 1) j = eight && x > 0 ? i - w - 1 : -1;
        else if (t === 2) j = i - w;
        else j = eight && x + 1 < w ? i - w + 1 : -1;
        if (j < 0 || data[j] !== v) continue;
        if (l === 0) l = labels[j];
        else if (labels[j] !== l) join(l, labels[j]);
      }
      if (l === 0) {
        if (next === parent.length) {
          const p = new Int32Array(parent.length * 2);
          p.set(parent);
          parent = p;
        }
        parent[next] = next;
        l = next++;
      }
      labels[i] = l;
    }
  }
  // Final labels in order of the roots.
  let count = 0;
  for (let i = 1; i < next; i++) parent[i] = parent[i] === i ? ++count : parent[parent[i]];
  const area = new Uint32Array(count), bbox = new Int32Array(4 * count), value = new Int32Array(count);
  const sx = new Float64Array(count), sy = new Float64Array(count);
  const x1 = new Int32Array(count), y1 = new Int32Array(count);
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      if (labels[i] === 0) continue;
      const k = parent[labels[i]];
      labels[i] = k;
      const c = k - 1;
      if (area[c] === 0) {
        bbox[4 * c] = x;
        bbox[4 * c + 1] = y;
        value[c] = data[i];
      }
      area[c]++;
      sx[c] += x;
      sy[c] += y;
      if (x < bbox[4 * c]) bbox[4 * c] = x;
      if (x > x1[c]) x1[c] = x;
      y1[c] = y;
    }
  }
  const centroid = new Float64Array(2 * count);
  for (let c = 0; c < count; c++) {
    bbox[4 * c + 2] = x1[c] - bbox[4 * c] + 1;
    bbox[4 * c + 3] = y1[c] - bbox[4 * c + 1] + 1;
    centroid[2 * c] = sx[c] / area[c];
    centroid[2 * c + 1] = sy[c] / area[c];
  }
  return { count, labels, area, bbox, centroid, value };
}
