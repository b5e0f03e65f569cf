// Colours of the overlay: each category's own colour when the file gives one, else a fixed
// palette by the category's position in the table (by id when there is no table).
import type { Category } from 'segkit';

/** Distinct, saturated colours that read well over photographs. */
export const PALETTE: readonly [number, number, number][] = [
  [230, 25, 75], [60, 180, 75], [0, 130, 200], [245, 130, 48], [145, 30, 180],
  [70, 240, 240], [240, 50, 230], [210, 245, 60], [250, 190, 190], [0, 128, 128],
  [170, 110, 40], [255, 225, 25], [128, 0, 0], [0, 0, 128], [128, 128, 0],
];

/** Opacity of mask and polygon fills, 0..255 (the picture shows through). */
export const FILL_ALPHA = 128;

/** The background drawn when no picture is given: neutral grey. */
export const NEUTRAL: readonly [number, number, number] = [128, 128, 128];

/** The colour of category `id` in `categories`. */
export function categoryColor(id: number, categories: readonly Category[]): [number, number, number] {
  const i = categories.findIndex((c) => c.id === id);
  if (i >= 0 && categories[i].color) return categories[i].color!;
  const k = i >= 0 ? i : Math.abs(id);
  return PALETTE[k % PALETTE.length] as [number, number, number];
}

/** `[r, g, b]` as a CSS colour with an alpha of 0..255. */
export const css = ([r, g, b]: readonly number[], alpha = 255) => `rgba(${r}, ${g}, ${b}, ${(alpha / 255).toFixed(3)})`;
