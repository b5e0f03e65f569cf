// Overlay colours: one per class (the category's own colour, else a golden-angle hue), and per
// instance a shade of its class colour, so the legend's class colours still identify things.
import type { Category } from 'segkit';

export type Rgb = [number, number, number];

/** HSL (h in degrees, s and l in 0..1) to 0..255 RGB. */
export function hslToRgb(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** 0..255 RGB to HSL (h in degrees, s and l in 0..1). */
export function rgbToHsl([r, g, b]: Rgb): [number, number, number] {
  const [rr, gg, bb] = [r / 255, g / 255, b / 255];
  const max = Math.max(rr, gg, bb);
  const min = Math.min(rr, gg, bb);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return [0, 0, l];
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === rr ? ((gg - bb) / d + 6) % 6 : max === gg ? (bb - rr) / d + 2 : (rr - gg) / d + 4;
  return [h * 60, s, l];
}

/**
 * The colour of class `index` (its position in the category table): the category's `color` when
 * it has one, else hue index · 137.5° (the golden angle: neighbours in the table stay apart).
 */
export function classColor(category: Category | undefined, index: number): Rgb {
  if (category?.color) return [category.color[0], category.color[1], category.color[2]];
  return hslToRgb((index * 137.508) % 360, 0.7, 0.5);
}

// Lightness steps for the 2nd, 3rd, … instance of a class: alternately lighter and darker.
const SHADES = [0, 0.16, -0.16, 0.08, -0.08, 0.24, -0.24];

/** The colour of the k-th instance (from 0) of a class: k = 0 is the class colour, then shades of it. */
export function instanceColor(base: Rgb, k: number): Rgb {
  if (k === 0) return base;
  const [h, s, l] = rgbToHsl(base);
  const shade = SHADES[k % SHADES.length] + (k >= SHADES.length ? 0.04 : 0);
  const hue = h + ((k * 17) % 36) - 18;
  return hslToRgb((hue + 360) % 360, Math.max(s, 0.35), Math.min(0.85, Math.max(0.15, l + shade)));
}

/** Black or white, whichever reads better on `c` (by relative luminance). */
export function textColorOn(c: Rgb): string {
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] > 140 ? '#000' : '#fff';
}

export const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
