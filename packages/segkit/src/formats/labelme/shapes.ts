// LabelMe shapes as polygon parts. Parts of one object are unioned when rasterised (COCO's rule),
// so a stroked line is simply its segments' rectangles plus a disc at every vertex.
//
// labelme's own exporters (labelme2voc, labelme2coco) rasterise with PIL instead: vertices cut
// to whole pixels (PIL's polygon code truncates), integer coordinates taken as pixel centres,
// the polygon filled and its outline drawn one pixel wide. `labelmePixels` builds the same
// pixels from parts segkit rasterises by COCO's rule: the polygon through the pixel centres
// trunc(v) + 0.5, plus one band per edge that covers, like a 1-pixel line, the pixel nearest
// the edge in every column (edges steeper than 45°: in every row).
//
//   edge from a to b, |dx| >= |dy|:      a'-------------------b'     band: 1 pixel tall, from the
//   (pixel centres a, b)                  |  a ............ b  |     left edge of a's pixel to the
//                                         a'-------------------b'    right edge of b's pixel

/**
 * Vertices `[x0, y0, …]` of a regular polygon (at least 12 vertices) that straddles a circle:
 * vertices outside it and edge midpoints inside it by the same distance d <= `tolerance`, so the
 * area is kept (an inscribed polygon, labelme2coco's, loses about 2/3 of a `tolerance`-wide band).
 */
export function circlePolygon(cx: number, cy: number, r: number, tolerance: number): number[] {
  // vertices at R = 2r / (1 + cos(π/n)): R - r = r - R cos(π/n) = r tan²(π/2n) <= tolerance
  const n = r <= tolerance ? 12 : Math.max(12, Math.ceil(Math.PI / (2 * Math.atan(Math.sqrt(tolerance / r)))));
  const R = (2 * r) / (1 + Math.cos(Math.PI / n));
  const out = new Array<number>(2 * n);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    out[2 * i] = cx + R * Math.sin(t);
    out[2 * i + 1] = cy + R * Math.cos(t);
  }
  return out;
}

/**
 * A polyline `[x0, y0, …]` drawn `width` pixels wide with round joins and caps, as polygon parts
 * (one rectangle per segment, one disc per vertex; unioned by COCO's rule). One vertex: a disc.
 */
export function strokeParts(line: number[], width: number, tolerance: number): number[][] {
  const r = width / 2;
  const parts: number[][] = [];
  const n = line.length >> 1;
  for (let i = 0; i + 1 < n; i++) {
    const ax = line[2 * i], ay = line[2 * i + 1], bx = line[2 * i + 2], by = line[2 * i + 3];
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) continue;
    const nx = (-(by - ay) / len) * r;
    const ny = ((bx - ax) / len) * r;
    parts.push([ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny]);
  }
  for (let i = 0; i < n; i++) parts.push(circlePolygon(line[2 * i], line[2 * i + 1], r, tolerance));
  return parts;
}

/** Rectangle corners from two opposite corners. */
export function rectanglePolygon(x1: number, y1: number, x2: number, y2: number): number[] {
  const [l, r] = x1 <= x2 ? [x1, x2] : [x2, x1];
  const [t, b] = y1 <= y2 ? [y1, y2] : [y2, y1];
  return [l, t, r, t, r, b, l, b];
}

/** A 1-pixel band over the edge between pixel centres (ax + .5, ay + .5) and (bx + .5, by + .5). */
function edgeBand(ax: number, ay: number, bx: number, by: number): number[] {
  const dx = bx - ax;
  const dy = by - ay;
  if (dx === 0 && dy === 0) return [ax, ay, ax + 1, ay, ax + 1, ay + 1, ax, ay + 1];
  // extend half a pixel past both centres along the major axis, then thicken across it
  const s = 0.5 / Math.max(Math.abs(dx), Math.abs(dy));
  const px = ax + 0.5 - dx * s, py = ay + 0.5 - dy * s;
  const qx = bx + 0.5 + dx * s, qy = by + 0.5 + dy * s;
  return Math.abs(dx) >= Math.abs(dy)
    ? [px, py - 0.5, qx, qy - 0.5, qx, qy + 0.5, px, py + 0.5]
    : [px - 0.5, py, qx - 0.5, qy, qx + 0.5, qy, px + 0.5, py];
}

/**
 * The parts whose union (COCO's rule) gives labelme's PIL pixels for a closed polygon: the
 * polygon through trunc(v) + 0.5 and a 1-pixel band over each edge (see the file header).
 */
export function labelmePixels(ring: number[]): number[][] {
  const t = ring.map(Math.trunc);
  const parts: number[][] = [t.map((v) => v + 0.5)];
  const n = t.length >> 1;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    parts.push(edgeBand(t[2 * i], t[2 * i + 1], t[2 * j], t[2 * j + 1]));
  }
  return parts;
}

/** The same for an open polyline drawn `width` wide (PIL's wide line, approximately). */
export function labelmeStroke(line: number[], width: number, tolerance: number): number[][] {
  return strokeParts(line.map((v) => Math.trunc(v) + 0.5), width, tolerance);
}
