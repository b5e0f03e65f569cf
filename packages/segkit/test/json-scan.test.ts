// The streaming JSON scanner against JSON.parse, on any document cut into chunks of any size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../src/index';
import { JsonScanner, parseJsonBytes, type StreamMode } from '../src/json/scan';
import { runs } from './datasets';

interface Seen {
  kind?: string;
  members: Record<string, unknown>;
  elements: { key: string | null; index: number; value: unknown; picked: unknown }[];
  ends: [string | null, number][];
}

/** Scans `text` in chunks of the given sizes (cycled); element values are parsed from their range. */
function scan(text: string, sizes: number[], stream: (k: string | null) => StreamMode | undefined, pick = ['image_id']): Seen {
  const bytes = new TextEncoder().encode(text);
  const seen: Seen = { members: {}, elements: [], ends: [] };
  const s = new JsonScanner({ file: 'doc.json', stream, pick }, {
    begin: (k) => void (seen.kind = k),
    member: (key, b, start) => void (seen.members[key] = parseJsonBytes(b, 'doc.json', key, start)),
    element: (key, index, start, end, b, picked) => {
      const fromRange = JSON.parse(new TextDecoder().decode(bytes.subarray(start, end)));
      if (b) expect(JSON.parse(new TextDecoder().decode(b))).toEqual(fromRange);
      seen.elements.push({ key, index, value: fromRange, picked: picked[0] });
    },
    endArray: (key, n) => void seen.ends.push([key, n]),
  });
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    s.push(bytes.subarray(at, at + n));
    at += n;
  }
  s.end();
  return seen;
}

const err = (fn: () => unknown): FormatError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('did not throw');
};

const cocoStream = (k: string | null): StreamMode | undefined => (k === 'images' ? 'capture' : k === 'annotations' || k === null ? 'index' : undefined);
const sizesArb = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 });

describe('JsonScanner', () => {
  it('finds every member, element and picked value of random COCO-shaped documents, for any chunking', () => {
    const annArb = fc.record({ id: fc.integer(), image_id: fc.oneof(fc.integer(), fc.string({ minLength: 1 })), segmentation: fc.jsonValue({ maxDepth: 3 }), extra: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['id'] });
    const docArb = fc.record({
      info: fc.jsonValue({ maxDepth: 3 }),
      images: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }),
      annotations: fc.array(annArb, { maxLength: 6 }),
      categories: fc.array(fc.record({ id: fc.integer(), name: fc.string() }), { maxLength: 3 }),
      'k"ey\\"': fc.string(),
    });
    fc.assert(fc.property(docArb, sizesArb, fc.boolean(), (doc, sizes, pretty) => {
      const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
      const seen = scan(text, sizes, cocoStream);
      expect(seen.kind).toBe('object');
      expect(seen.members).toEqual({ info: doc.info, categories: doc.categories, 'k"ey\\"': doc['k"ey\\"'] });
      expect(seen.elements.filter((e) => e.key === 'images').map((e) => e.value)).toEqual(doc.images);
      const anns = seen.elements.filter((e) => e.key === 'annotations');
      expect(anns.map((e) => e.value)).toEqual(doc.annotations);
      expect(anns.map((e) => e.picked)).toEqual(doc.annotations.map((a) => a.image_id));
      expect(anns.map((e) => e.index)).toEqual(doc.annotations.map((_, i) => i));
      expect(seen.ends).toEqual([['images', doc.images.length], ['annotations', doc.annotations.length]]);
    }), runs(500));
  });

  it('reads a top-level array (results list) element by element', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), sizesArb, (list, sizes) => {
      const seen = scan(JSON.stringify(list), sizes, cocoStream);
      expect(seen.kind).toBe('array');
      expect(seen.elements.map((e) => e.value)).toEqual(list);
      expect(seen.elements.every((e) => e.key === null)).toBe(true);
    }), runs(300));
  });

  it('strings with brackets, quotes, escapes and multi-byte characters split anywhere', () => {
    const tricky = ['{"a": "}]"}', '"\\"[{"', '"\\\\"', '"é😀\\u00e9"', '"\\/"'];
    const doc = `\uFEFF{"annotations": [${tricky.map((t, i) => `{"image_id": ${i}, "s": ${t}}`).join(', ')}], "x": ${tricky[1]}}`;
    for (const sizes of [[1], [2], [3], [5, 1, 7]]) {
      const seen = scan(doc, sizes, cocoStream);
      expect(seen.elements.map((e) => e.picked)).toEqual([0, 1, 2, 3, 4]);
      expect(seen.members.x).toBe('"[{');
    }
  });

  it('once every picked key is found, skims the rest of the element (validated later by JSON.parse)', () => {
    const doc = '{"annotations": [{"image_id": 1, "a": [1, {"b": "}"}], "c": 2}, {"x": [], "image_id": 2}]}';
    const seen = scan(doc, [1], cocoStream);
    expect(seen.elements.map((e) => [e.picked, e.value])).toEqual([[1, { image_id: 1, a: [1, { b: '}' }], c: 2 }], [2, { x: [], image_id: 2 }]]);
  });

  it('picks escaped keys and ignores image_id below the element level', () => {
    const doc = '{"annotations": [{"seg": {"image_id": 9}, "image\\u005fid": 4}, {"image_id": "a"}]}';
    expect(scan(doc, [1], cocoStream).elements.map((e) => e.picked)).toEqual([4, 'a']);
  });

  it('refuses malformed documents with the JSON path and byte', () => {
    const bad = (text: string) => err(() => scan(text, [1], cocoStream));
    expect(bad('').message).toMatch(/empty/);
    expect(bad('  ').message).toMatch(/empty/);
    expect(bad('42').message).toMatch(/expected a JSON object or array but found '4' at byte 0/);
    expect(bad('{"images": [1, 2').location).toBe('images');
    expect(bad('{"images": [1, {"a": 2').location).toBe('images[1]');
    expect(bad('{"images": [1, 2').message).toMatch(/ends inside/);
    const e = bad('{"annotations": [{"image_id": 1} {"image_id": 2}]}');
    expect(e.location).toBe('annotations[1]');
    expect(e.message).toMatch(/expected ',' or ']' but found '\{' at byte 33/);
    expect(bad('{"annotations": [{"id": 1,}]}').message).toMatch(/expected a key/);
    expect(bad('{"info": 1,}').message).toMatch(/expected a key .* at byte 11/);
    expect(bad('{"info" 1}').message).toMatch(/expected ':'/);
    expect(bad('{"info": 1} x').message).toMatch(/nothing after the top-level value/);
    expect(bad('{"info": [1, }').location).toBe('info');
    expect(bad('{"annotations": [{"image_id": tru}]}').message).toMatch(/invalid JSON/);
    expect(bad('{"annotations": [{"image_id": tru}]}').location).toBe('annotations[0].image_id');
    const invalidUtf8 = Uint8Array.from([...new TextEncoder().encode('{"info": "'), 0xff, ...new TextEncoder().encode('"}')]);
    const e8 = err(() => {
      const s = new JsonScanner({ file: 'doc.json', stream: cocoStream }, { element() {}, member: (k, b, start) => void parseJsonBytes(b, 'doc.json', k, start) });
      s.push(invalidUtf8);
      s.end();
    });
    expect(e8.message).toMatch(/at byte 9 is not valid UTF-8/);
    expect(bad('[1, ]').message).toMatch(/expected a value/);
  });

  it('refuses a captured value beyond the capture limit', () => {
    const s = new JsonScanner({ file: 'big.json', stream: () => undefined, maxCapture: 16 }, { element() {} });
    expect(() => s.push(new TextEncoder().encode('{"info": "0123456789abcdefghij"}'))).toThrow(/larger than 16 bytes/);
  });
});
