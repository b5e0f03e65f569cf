// Plain-JavaScript scanline polygon fill: what one writes without segkit (typed arrays, an
// active edge table, TypedArray.fill per span). Pixel rule: segkit's 'center' with even-odd
// fill (centres in [ytop, ybottom) x [xleft, xright), the same crossing formula), so its output
// equals segkit's rasterize(rings, {rule: 'center'}) exactly.

/** Paints one shape (all rings, even-odd) with `value` into a row-major w x h image. */
export function fillShape(data: Uint8Array | Uint16Array | Int32Array, w: number, h: number, rings: ArrayLike<number>[], value: number): void {
  let n = 0;
  for (const r of rings) n += r.length >> 1;
  const xt = new Float64Array(n), yt = new Float64Array(n), dx = new Float64Array(n), dy = new Float64Array(n);
  const r0 = new Int32Array(n), r1 = new Int32Array(n);
  let ne = 0;
  for (const r of rings) {
    const k = r.length >> 1;
    for (let j = 0; j < k; j++) {
      const q = j + 1 === k ? 0 : j + 1;
      let ax = r[2 * j], ay = r[2 * j + 1], bx = r[2 * q], by = r[2 * q + 1];
      if (ay === by) continue;
      if (ay > by) { const tx = ax; ax = bx; bx = tx; const ty = ay; ay = by; by = ty; }
      const a = Math.max(0, Math.ceil(ay - 0.5)), b = Math.min(h, Math.ceil(by - 0.5));
      if (a >= b) continue;
      xt[ne] = ax; yt[ne] = ay; dx[ne] = bx - ax; dy[ne] = by - ay; r0[ne] = a; r1[ne] = b;
      ne++;
    }
  }
  if (ne === 0) return;
  const order = Array.from({ length: ne }, (_, i) => i).sort((a, b) => r0[a] - r0[b]);
  const active = new Int32Array(ne);
  const xs = new Float64Array(ne);
  let na = 0, next = 0;
  for (let y = r0[order[0]]; y < h; y++) {
    let kept = 0;
    for (let i = 0; i < na; i++) if (r1[active[i]] > y) active[kept++] = active[i];
    na = kept;
    while (next < ne && r0[order[next]] === y) active[na++] = order[next++];
    if (na === 0) {
      if (next >= ne) break;
      y = r0[order[next]] - 1;
      continue;
    }
    const c = y + 0.5;
    for (let i = 0; i < na; i++) {
      const e = active[i];
      const x = xt[e] + ((c - yt[e]) * dx[e]) / dy[e];
      let j = i;
      for (; j > 0 && xs[j - 1] > x; j--) { xs[j] = xs[j - 1]; active[j] = active[j - 1]; }
      xs[j] = x;
      active[j] = e;
    }
    const row = y * w;
    for (let i = 0; i + 1 < na; i += 2) {
      const a = Math.min(w, Math.max(0, Math.ceil(xs[i] - 0.5)));
      const b = Math.min(w, Math.max(0, Math.ceil(xs[i + 1] - 0.5)));
      if (a < b) data.fill(value, row + a, row + b);
    }
  }
}

/** A new 0/1 mask of one shape. */
export function rasterize(rings: ArrayLike<number>[], w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h);
  fillShape(data, w, h, rings, 1);
  return data;
}
