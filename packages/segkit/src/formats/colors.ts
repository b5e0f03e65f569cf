// Colour tables for colour-coded label PNGs: the PASCAL VOC colormap and colour -> value maps.
import { fail } from '../validate';
import type { Category } from '../dataset/model';

/**
 * The PASCAL VOC colormap: colour of index i from the bits of i interleaved into the top bits of
 * r, g, b (index 0 black, 1 (128, 0, 0), 2 (0, 128, 0), …, 255 (224, 224, 192)).
 *
 * @param n - number of colours (default 256).
 * @returns r, g, b bytes, 3 per index.
 * @example
 * Array.from(vocColormap().subarray(3 * 255)); // [224, 224, 192]
 */
export function vocColormap(n = 256): Uint8Array {
  const out = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    let r = 0, g = 0, b = 0;
    for (let j = 0, c = i; j < 8; j++, c >>= 3) {
      r |= (c & 1) << (7 - j);
      g |= ((c >> 1) & 1) << (7 - j);
      b |= ((c >> 2) & 1) << (7 - j);
    }
    out.set([r, g, b], 3 * i);
  }
  return out;
}

/** A colour table: `[r, g, b]` per value. */
export type ColorTable = Array<{ value: number; color: [number, number, number] }>;

/**
 * Where colours come from: `'voc'` (index i has the VOC colormap's colour i), `'categories'` (each
 * category's `color`, value = category id), or an explicit table.
 */
export type ColorSource = 'voc' | 'categories' | ColorTable;

/** Packs a colour as `r << 16 | g << 8 | b`. */
export const packColor = (r: number, g: number, b: number) => (r << 16) | (g << 8) | b;

/** The colour table of a source, as value -> packed colour pairs. */
export function colorTable(source: ColorSource, categories: Category[], path = 'options.colors'): Map<number, number> {
  const out = new Map<number, number>();
  if (source === 'voc') {
    const pal = vocColormap();
    for (let i = 0; i < 256; i++) out.set(i, packColor(pal[3 * i], pal[3 * i + 1], pal[3 * i + 2]));
  } else if (source === 'categories') {
    for (const c of categories) if (c.color) out.set(c.id, packColor(...c.color));
  } else if (Array.isArray(source)) {
    source.forEach((e, i) => {
      if (typeof e !== 'object' || e === null || !Number.isInteger(e.value) || !Array.isArray(e.color) || e.color.length !== 3) {
        fail(`${path}[${i}]`, 'an entry {value, color: [r, g, b]}', e);
      }
      out.set(e.value, packColor(e.color[0], e.color[1], e.color[2]));
    });
  } else fail(path, "'voc', 'categories' or a table of {value, color}", source);
  return out;
}

/** Inverts a value -> colour table; refuses two values with one colour. */
export function colorToValue(table: Map<number, number>, path = 'options.colors'): Map<number, number> {
  const out = new Map<number, number>();
  for (const [v, c] of table) {
    if (out.has(c)) fail(path, 'one value per colour', `colour #${c.toString(16).padStart(6, '0')} for values ${out.get(c)} and ${v}`);
    out.set(c, v);
  }
  return out;
}

/** A palette (r, g, b bytes) holding the table's colours at their values (0..255), black elsewhere. */
export function paletteOf(table: Map<number, number>): Uint8Array {
  let max = 0;
  for (const v of table.keys()) if (v >= 0 && v < 256) max = Math.max(max, v);
  const pal = new Uint8Array(3 * (max + 1));
  for (const [v, c] of table) if (v >= 0 && v < 256) pal.set([c >> 16, (c >> 8) & 0xff, c & 0xff], 3 * v);
  return pal;
}
