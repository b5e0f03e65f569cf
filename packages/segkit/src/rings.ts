// Polygon rings as the kernel takes them: validated, flattened to f64 (x, y) pairs with vertex
// offsets per ring, and clipped when far outside any image. Shared by polygon -> RLE and fill.
import { fail } from './validate';
import type { Kernel } from './wasm/kernel';

/** Beyond this magnitude rings are clipped first (pycocotools' 32-bit grid would overflow). */
const FAR = 2 ** 40;

/** Flattened, validated rings: xy pairs and vertex offsets per ring. */
export interface FlatRings {
  xy: Float64Array;
  offsets: Uint32Array;
}

/** Checks one list of rings (named pathOf(s) in errors); returns its number of coordinates. */
function checkRings(polygons: unknown, pathOf: (s: number) => string, s: number): number {
  if (!Array.isArray(polygons)) fail(pathOf(s), 'a list of polygons [[x0, y0, x1, y1, ...], ...]', polygons);
  if (polygons.length > 0 && typeof polygons[0] === 'number') {
    fail(pathOf(s), 'a list of polygons [[x0, y0, ...], ...], not a flat list of numbers (wrap one polygon in [])', polygons);
  }
  let total = 0;
  for (let i = 0; i < polygons.length; i++) {
    const p = polygons[i] as ArrayLike<number>;
    if (!(Array.isArray(p) || p instanceof Float64Array || p instanceof Float32Array)) {
      fail(`${pathOf(s)}[${i}]`, 'a polygon [x0, y0, x1, y1, ...]', p);
    }
    if (p.length % 2 !== 0) fail(`${pathOf(s)}[${i}]`, 'an even number of coordinates (x, y pairs)', p);
    total += p.length;
  }
  return total;
}

/** Flattened rings of several shapes: shape s owns rings shapeOffsets[s] .. shapeOffsets[s + 1]. */
export interface FlatShapes extends FlatRings {
  shapeOffsets: Uint32Array;
}

/**
 * Validates lists of rings (one list per shape; `pathOf(s)` names list s in errors) and flattens
 * them into one buffer. Refuses a flat (unnested) list, an odd number of coordinates and
 * non-finite numbers; clips rings reaching beyond 2^40.
 */
export function flattenShapes(lists: ArrayLike<unknown>, pathOf: (s: number) => string): FlatShapes {
  let total = 0;
  let rings = 0;
  for (let s = 0; s < lists.length; s++) {
    total += checkRings(lists[s], pathOf, s);
    rings += (lists[s] as unknown[]).length;
  }
  const xy = new Float64Array(total);
  const offsets = new Uint32Array(rings + 1);
  const shapeOffsets = new Uint32Array(lists.length + 1);
  const at = { v: 0, ring: 0, far: false };
  for (let s = 0; s < lists.length; s++) {
    writeRings(lists[s] as ArrayLike<number>[], pathOf, s, xy, offsets, at);
    shapeOffsets[s + 1] = at.ring;
  }
  return { ...(at.far ? clipRings(xy, offsets) : { xy, offsets }), shapeOffsets };
}

/**
 * Copies the rings of shape s (already checked by checkRings) into xy from at.v, each ring's end
 * (in vertices) into offsets[++at.ring]; refuses non-finite numbers (named by pathOf(s)) and sets
 * at.far for any beyond 2^40.
 */
function writeRings(polygons: ArrayLike<number>[], pathOf: (s: number) => string, s: number, xy: Float64Array, offsets: Uint32Array, at: { v: number; ring: number; far: boolean }): void {
  let v = at.v;
  for (let i = 0; i < polygons.length; i++) {
    const p = polygons[i];
    for (let j = 0; j < p.length; j++) {
      const c = p[j];
      if (!Number.isFinite(c)) fail(`${pathOf(s)}[${i}][${j}]`, 'a finite number', c);
      if (c > FAR || c < -FAR) at.far = true;
      xy[v++] = c;
    }
    offsets[++at.ring] = v / 2;
  }
  at.v = v;
}

/** One shape's rings in the kernel's arena: f64 (x, y) pairs and u32 vertex offsets per ring. */
export interface ArenaRings {
  xy: number;
  offsets: number;
  rings: number;
}

/**
 * One shape's rings (`[[x0, y0, x1, y1, ...], ...]`, named `path` in errors) validated as
 * flattenShapes does and written straight into the kernel's arena, with no intermediate arrays;
 * rings reaching beyond 2^40 are clipped the same way.
 */
export function putRings(k: Kernel, polygons: unknown, path: string): ArenaRings {
  const total = checkRings(polygons, () => path, 0);
  const rings = (polygons as unknown[]).length;
  const xy = k.alloc(total * 8);
  const offsets = k.alloc((rings + 1) * 4);
  const coords = k.f64(xy, total);
  const ends = k.u32(offsets, rings + 1);
  const at = { v: 0, ring: 0, far: false };
  ends[0] = 0;
  writeRings(polygons as ArrayLike<number>[], () => path, 0, coords, ends, at);
  if (!at.far) return { xy, offsets, rings };
  const clipped = clipRings(coords.slice(), ends.slice());
  return { xy: k.putF64(clipped.xy), offsets: k.putU32(clipped.offsets), rings };
}

/**
 * Clips every ring to the square |x|, |y| <= 2^40 (Sutherland-Hodgman). Coordinates that large
 * overflow pycocotools' 32-bit grid (undefined there); clipping keeps every pixel of any image
 * that fits in COCO's 32-bit counts unchanged up to rounding of the new vertices far outside it.
 */
function clipRings(xy: Float64Array, offsets: Uint32Array): FlatRings {
  const out: number[] = [];
  const offs = [0];
  for (let r = 0; r + 1 < offsets.length; r++) {
    let ring: number[] = Array.from(xy.subarray(offsets[r] * 2, offsets[r + 1] * 2));
    for (const [axis, sign] of [[0, 1], [0, -1], [1, 1], [1, -1]] as const) {
      const next: number[] = [];
      const k = ring.length / 2;
      const inside = (i: number) => sign * ring[2 * i + axis] <= FAR;
      for (let i = 0; i < k; i++) {
        const j = (i + 1) % k;
        const a = inside(i);
        const b = inside(j);
        if (a) next.push(ring[2 * i], ring[2 * i + 1]);
        if (a !== b) {
          const ta = sign * ring[2 * i + axis];
          const tb = sign * ring[2 * j + axis];
          const t = (FAR - ta) / (tb - ta);
          const x = ring[2 * i] + t * (ring[2 * j] - ring[2 * i]);
          const y = ring[2 * i + 1] + t * (ring[2 * j + 1] - ring[2 * i + 1]);
          next.push(axis === 0 ? sign * FAR : x, axis === 1 ? sign * FAR : y);
        }
      }
      ring = next;
    }
    out.push(...ring);
    offs.push(out.length / 2);
  }
  return { xy: Float64Array.from(out), offsets: Uint32Array.from(offs) };
}

