// Bad input is refused with an InvalidInputError that names the argument and the problem.
import { describe, expect, it } from 'vitest';
import {
  InvalidInputError, fromCocoRle, toCocoRle, rleToString, rleBbox, rleArea, rleDecode, rleEncode, rleFromBbox, rleFromPolygons,
  rleFromString, rleIou, rleMerge, bboxIou,
} from '../src/index';
import { refusal as err } from './helpers';

describe('invalid input', () => {
  it('counts that do not sum to height * width', () => {
    expect(err(() => rleDecode({ height: 2, width: 2, counts: Uint32Array.of(1, 2) }))).toMatch(/expected counts that add up to height \* width = 4 for rle\.counts but received counts that add up to 3/);
    expect(err(() => rleArea({ height: 2, width: 2, counts: Uint32Array.of(9) }))).toMatch(/add up to 9/);
    expect(err(() => rleFromString('3', 2, 2))).toMatch(/add up to 3/);
  });

  it('counts checked inside the kernel name the offending RLE', () => {
    const ok = rleFromBbox([0, 0, 1, 1], 4, 4);
    const bad = { height: 4, width: 4, counts: Uint32Array.of(3, 2) };
    expect(err(() => rleMerge([ok, ok, bad]))).toMatch(/for rles\[2\]\.counts but received counts that add up to 5/);
    expect(err(() => rleMerge([bad]))).toMatch(/for rles\[0\]\.counts/);
    // Sums past 2^32 that wrap around to height * width, in the vector part of the kernel's
    // prefix sums (eight counts) and in its scalar tail (two).
    const wrap8 = { height: 4, width: 4, counts: Uint32Array.of(1, 2, 3, 4, 2 ** 32 - 1, 1, 2, 4) };
    const wrap2 = { height: 4, width: 4, counts: Uint32Array.of(2 ** 32 - 1, 17) };
    expect(err(() => rleMerge([ok, wrap8]))).toMatch(/for rles\[1\]\.counts but received counts that add up to 4294967312/);
    expect(err(() => rleMerge([wrap2, ok]))).toMatch(/for rles\[0\]\.counts but received counts that add up to 4294967312/);
    expect(err(() => rleIou([ok, bad], [ok], [0]))).toMatch(/for dt\[1\]\.counts/);
    expect(err(() => rleIou([ok], [ok, ok, bad], [0, 0, 0]))).toMatch(/for gt\[2\]\.counts/);
    expect(err(() => rleBbox(bad))).toMatch(/for rle\.counts but received counts that add up to 5/);
    expect(err(() => rleToString(bad))).toMatch(/for rle\.counts/);
    expect(err(() => toCocoRle(bad, { compressed: false }))).toMatch(/for rle\.counts/);
  });

  it('compressed strings with characters outside 0..o or cut short', () => {
    expect(err(() => rleFromString('12p', 2, 2))).toMatch(/'0'\.\.'o' for counts\[2\] but received "p"/);
    expect(err(() => rleFromString('1 2', 2, 2))).toMatch(/counts\[1\]/);
    expect(err(() => rleFromString('4P', 2, 2))).toMatch(/cut short/);
    expect(err(() => rleFromString('0\\', 2, 2))).toMatch(/run length|cut short|add up/);
  });

  it('negative runs from deltas', () => {
    // "00" then a delta of -1 from counts[1]=0 gives a negative run
    expect(err(() => rleFromString('000O', 0, 0))).toMatch(/run length in \[0, 2\^32\)/);
  });

  it('negative, non-integer or too large sizes', () => {
    expect(err(() => rleFromPolygons([[0, 0, 1, 0, 1, 1]], -1, 4))).toMatch(/integer.*for height but received -1/);
    expect(err(() => rleFromPolygons([[0, 0, 1, 0, 1, 1]], 4, 2.5))).toMatch(/integer.*for width but received 2\.5/);
    expect(err(() => rleFromBbox([0, 0, 1, 1], 70000, 70000))).toMatch(/at most 4294967295 pixels/);
    expect(err(() => rleEncode({ width: 2, height: 2, data: new Uint8Array(3) }))).toMatch(/4 bytes.*for mask\.data but received Uint8Array\(3\)/);
    expect(err(() => rleEncode({ width: 2, height: 2, data: [1, 1, 1, 1] as never }))).toMatch(/a Uint8Array for mask\.data but received an array/);
  });

  it('non-finite coordinates, odd coordinate counts, flat lists', () => {
    expect(err(() => rleFromPolygons([[0, 0, 1, NaN, 1, 1]], 4, 4))).toMatch(/finite number for polygons\[0\]\[3\] but received NaN/);
    expect(err(() => rleFromPolygons([[0, 0, 1, 0, 1, 1], [0, Infinity, 1, 1]], 4, 4))).toMatch(/polygons\[1\]\[1\]/);
    expect(err(() => rleFromPolygons([[0, 0, 1, 0, 1]], 4, 4))).toMatch(/even number of coordinates.*for polygons\[0\]/);
    expect(err(() => rleFromPolygons([0, 0, 1, 0, 1, 1] as never, 4, 4))).toMatch(/flat list/);
    expect(err(() => rleFromBbox([0, 0, 1, NaN] as never, 4, 4))).toMatch(/bbox\[3\]/);
    expect(err(() => bboxIou([[0, 0, 1]] as never, [], []))).toMatch(/dt\[0\]/);
  });

  it('merging RLEs of different sizes, or none', () => {
    const a = rleFromBbox([0, 0, 1, 1], 4, 4);
    const b = rleFromBbox([0, 0, 1, 1], 4, 5);
    expect(err(() => rleMerge([a, b]))).toMatch(/size 4x4 like rles\[0\] for rles\[1\] but received size 4x5/);
    expect(err(() => rleMerge([]))).toMatch(/at least one Rle/);
  });

  it('iscrowd must have one flag per gt', () => {
    const a = rleFromBbox([0, 0, 1, 1], 4, 4);
    expect(err(() => rleIou([a], [a, a], [0]))).toMatch(/one flag per gt \(2\) for iscrowd but received an array of length 1/);
  });

  it('COCO RLE objects', () => {
    expect(err(() => fromCocoRle({ size: [2] as never, counts: '4' }))).toMatch(/rle\.size/);
    expect(err(() => fromCocoRle({ size: [2, 2], counts: [1, -3, 6] }))).toMatch(/rle\.counts\[1\]/);
    expect(err(() => fromCocoRle({ size: [2, 2], counts: [1, 2] }))).toMatch(/add up to 3/);
  });
});
