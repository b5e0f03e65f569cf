// traceContours on labellings (labelComponents' output): every component of every class in one
// scan, each tagged with its label and class value, against the binary tracer on each component
// alone and against the definition of holes, on random label maps for 8- and 4-connectivity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, labelComponents, rleDecode, rleFromPolygons, traceContours, type Contours, type Labelling, type Mask } from '../src/index';
import { labelMapArb } from './mask-gen';

const seed = 20261127;
const ring = (c: Contours, i: number) => Array.from(c.points.subarray(2 * c.offsets[i], 2 * c.offsets[i + 1]));

const componentMask = (l: Labelling, c: number): Mask => ({ width: l.width, height: l.height, data: Uint8Array.from(l.labels, (v) => (v === c ? 1 : 0)) });

/** Regions of pixels not in component c that touch no image border, by the given connectivity. */
function enclosedRegions(l: Labelling, c: number, conn: 4 | 8): number {
  const { width: w, height: h } = l;
  const seen = new Uint8Array(w * h);
  let n = 0;
  for (let i = 0; i < w * h; i++) {
    if (seen[i] || l.labels[i] === c) continue;
    let border = false;
    const stack = [i];
    seen[i] = 1;
    while (stack.length) {
      const j = stack.pop()!;
      const x = j % w, y = (j - x) / w;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) border = true;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        if ((dx === 0 && dy === 0) || (conn === 4 && dx !== 0 && dy !== 0)) continue;
        const X = x + dx, Y = y + dy;
        if (X < 0 || Y < 0 || X >= w || Y >= h) continue;
        const k = Y * w + X;
        if (!seen[k] && l.labels[k] !== c) { seen[k] = 1; stack.push(k); }
      }
    }
    if (!border) n++;
  }
  return n;
}

describe('traceContours on labellings', () => {
  it('8-connected: each component traced as the binary tracer traces it alone, holes under its outer border (3k maps)', () => {
    fc.assert(fc.property(labelMapArb(), fc.constantFrom('none' as const, 'simple' as const), fc.constantFrom('center' as const, 'edge' as const), (map, approx, coords) => {
      const l = labelComponents(map, { connectivity: 8 });
      const all = traceContours(l, { approx, coords });
      expect(all.value).toEqual(all.label.map((c) => l.value[c - 1]));
      for (let c = 1; c <= l.count; c++) {
        const alone = traceContours(componentMask(l, c), { approx, coords });
        const mine = Array.from({ length: all.count }, (_, i) => i).filter((i) => all.label[i] === c);
        const key = (cs: Contours, is: number[]) => is.map((i) => `${cs.hierarchy[4 * i + 3] === -1 ? 'outer' : 'hole'}:${ring(cs, i)}`).sort();
        expect(key(all, mine)).toEqual(key(alone, Array.from({ length: alone.count }, (_, i) => i)));
        for (const i of mine) {
          const p = all.hierarchy[4 * i + 3];
          if (p !== -1) expect([all.label[p], all.hierarchy[4 * p + 3]]).toEqual([c, -1]);
        }
      }
    }), { seed, numRuns: 3000 });
  });

  it("edge rings of each component XOR to its pixels; its holes are the regions it encloses (4 and 8, 1k maps)", () => {
    fc.assert(fc.property(labelMapArb(), fc.constantFrom(4 as const, 8 as const), (map, conn) => {
      const l = labelComponents(map, { connectivity: conn });
      const all = traceContours(l, { coords: 'edge', connectivity: conn });
      const xor = Array.from({ length: l.count + 1 }, () => new Uint8Array(l.width * l.height));
      const holes = new Array(l.count + 1).fill(0), outers = new Array(l.count + 1).fill(0);
      for (let i = 0; i < all.count; i++) {
        const c = all.label[i];
        const d = rleDecode(rleFromPolygons([ring(all, i)], l.height, l.width)).data;
        d.forEach((v, k) => { xor[c][k] ^= v; });
        if (all.hierarchy[4 * i + 3] === -1) outers[c]++; else holes[c]++;
      }
      for (let c = 1; c <= l.count; c++) {
        expect(xor[c]).toEqual(componentMask(l, c).data);
        expect(outers[c]).toBe(1);
        expect(holes[c]).toBe(enclosedRegions(l, c, conn === 8 ? 4 : 8));
      }
    }), { seed: seed + 1, numRuns: 1000 });
  });

  it('tree: components nest through the holes that enclose them', () => {
    // Class 1 ring around class 2 ring around a class 1 dot; class 3 outside.
    const map = { width: 9, height: 7, data: Uint8Array.from([
      1, 1, 1, 1, 1, 1, 1, 0, 3,
      1, 0, 0, 0, 0, 0, 1, 0, 3,
      1, 0, 2, 2, 2, 0, 1, 0, 0,
      1, 0, 2, 1, 2, 0, 1, 0, 0,
      1, 0, 2, 2, 2, 0, 1, 0, 0,
      1, 0, 0, 0, 0, 0, 1, 0, 0,
      1, 1, 1, 1, 1, 1, 1, 0, 0]) };
    const l = labelComponents(map, { connectivity: 8 });
    const t = traceContours(l, { mode: 'tree' });
    const depth = (i: number): number => (t.hierarchy[4 * i + 3] === -1 ? 0 : 1 + depth(t.hierarchy[4 * i + 3]));
    const rows = Array.from({ length: t.count }, (_, i) => `${t.value[i]}@${depth(i)}`).sort();
    // ring: outer 0, hole 1; class 2 ring: outer 2, hole 3; dot: outer 4; class 3: outer 0.
    expect(rows).toEqual(['1@0', '1@1', '1@4', '2@2', '2@3', '3@0']);
  });

  it('refuses labels outside 0..count and malformed labellings', () => {
    const err = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(InvalidInputError); return (e as Error).message; } throw new Error('did not throw'); };
    const ok: Labelling = { width: 2, height: 1, count: 1, labels: Int32Array.of(0, 1), value: Int32Array.of(4) };
    expect(traceContours(ok).count).toBe(1);
    expect(err(() => traceContours({ ...ok, labels: Int32Array.of(2, 1) }))).toMatch(/labels in 0\.\.count = 1 for components\.labels/);
    expect(err(() => traceContours({ ...ok, labels: Int32Array.of(-1, 1) }))).toMatch(/components\.labels/);
    expect(err(() => traceContours({ ...ok, labels: Int32Array.of(1) }))).toMatch(/Int32Array of 2 labels/);
    expect(err(() => traceContours({ ...ok, value: new Int32Array(0) }))).toMatch(/components\.value/);
    expect(err(() => traceContours(ok, { connectivity: 6 as never }))).toMatch(/options\.connectivity/);
  });
});
