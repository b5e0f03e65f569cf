// Bad input to the fill functions is refused with an InvalidInputError naming the argument.
import { describe, expect, it } from 'vitest';
import { InvalidInputError, fillMany, fillPolygons, rasterize } from '../src/index';
import { refusal as err } from './helpers';

const tri = [[0, 0, 4, 0, 4, 4]];
const map = () => ({ width: 4, height: 3, data: new Uint16Array(12) });

describe('fill: invalid input', () => {
  it('non-finite coordinates are named by their path', () => {
    expect(err(() => rasterize([[0, 0, 1, NaN, 1, 1]], { width: 4, height: 4 }))).toMatch(/finite number for rings\[0\]\[3\] but received NaN/);
    expect(err(() => fillPolygons(map(), [[0, 0, 1, 1, 2, 0], [0, Infinity, 1, 1]], 1))).toMatch(/rings\[1\]\[1\] but received Infinity/);
    expect(err(() => fillMany(map(), [{ rings: tri, value: 1 }, { rings: [[0, 0, 1, 1, -Infinity, 0]], value: 2 }]))).toMatch(/shapes\[1\]\.rings\[0\]\[4\] but received -Infinity/);
  });

  it('odd coordinate counts and flat lists', () => {
    expect(err(() => rasterize([[0, 0, 1, 0, 1]], { width: 4, height: 4 }))).toMatch(/even number of coordinates.*for rings\[0\]/);
    expect(err(() => rasterize([0, 0, 1, 0, 1, 1] as never, { width: 4, height: 4 }))).toMatch(/flat list.*for rings/);
    expect(err(() => fillMany(map(), [{ rings: 'x' as never, value: 1 }]))).toMatch(/shapes\[0\]\.rings/);
  });

  it('sizes and options', () => {
    expect(err(() => rasterize(tri, undefined as never))).toMatch(/options object.*for options/);
    expect(err(() => rasterize(tri, { width: -1, height: 4 }))).toMatch(/options\.width but received -1/);
    expect(err(() => rasterize(tri, { width: 4 } as never))).toMatch(/options\.height but received undefined/);
    expect(err(() => rasterize(tri, { width: 70000, height: 70000 }))).toMatch(/at most 4294967295 pixels/);
    expect(err(() => rasterize(tri, { width: 4, height: 4, rule: 'even' as never }))).toMatch(/one of 'coco', 'center' for options\.rule but received "even"/);
    expect(err(() => rasterize(tri, { width: 4, height: 4, rule: 'center', fill: 'winding' as never }))).toMatch(/one of 'evenodd', 'nonzero' for options\.fill/);
    expect(err(() => rasterize(tri, { width: 4, height: 4, fill: 'nonzero' }))).toMatch(/with rule 'coco'.*for options\.fill but received "nonzero"/);
    expect(err(() => rasterize(tri, { width: 4, height: 4, out: new Uint8Array(15) }))).toMatch(/Uint8Array of width \* height = 16 elements for options\.out/);
    expect(err(() => rasterize(tri, { width: 4, height: 4, out: new Uint16Array(16) as never }))).toMatch(/for options\.out but received/);
    expect(err(() => fillPolygons(map(), tri, 1, 'center' as never))).toMatch(/options object for options/);
  });

  it('targets and values', () => {
    expect(err(() => fillPolygons(null as never, tri, 1))).toMatch(/Mask or LabelMap.*for target but received null/);
    expect(err(() => fillPolygons({ width: 4, height: 3, data: new Float32Array(12) } as never, tri, 1))).toMatch(/Uint8Array, Uint16Array or Int32Array for target\.data but received Float32Array\(12\)/);
    expect(err(() => fillPolygons({ width: 4, height: 3, data: new Uint8Array(11) }, tri, 1))).toMatch(/12 elements.*for target\.data/);
    expect(err(() => fillPolygons({ width: 4, height: 3, data: new Uint8Array(12) }, tri, 256))).toMatch(/integer in \[0, 255\] for value but received 256/);
    expect(err(() => fillPolygons(map(), tri, -1))).toMatch(/\[0, 65535\] for value but received -1/);
    expect(err(() => fillPolygons({ width: 4, height: 3, data: new Int32Array(12) }, tri, 2 ** 31))).toMatch(/\[-2147483648, 2147483647\] for value/);
    expect(err(() => fillPolygons(map(), tri, 1.5))).toMatch(/for value but received 1\.5/);
    expect(err(() => fillMany(map(), { length: 1 } as never))).toMatch(/an array of shapes.*for shapes/);
    expect(err(() => fillMany(map(), [{ rings: tri, value: 1 }, null as never]))).toMatch(/shape \{rings, value\} for shapes\[1\] but received null/);
    expect(err(() => fillMany(map(), [{ rings: tri, value: 70000 }]))).toMatch(/for shapes\[0\]\.value but received 70000/);
  });

  it('a refused call leaves the target untouched', () => {
    const m = map();
    m.data.fill(5);
    expect(() => fillMany(m, [{ rings: tri, value: 1 }, { rings: [[0, 0, NaN, 1]], value: 2 }])).toThrow(InvalidInputError);
    expect(Array.from(m.data)).toEqual(new Array(12).fill(5));
  });
});
