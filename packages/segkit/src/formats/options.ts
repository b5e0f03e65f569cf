// Option checks shared by the YOLO, LabelMe and polygon-JSON formats.
import { checkInt, fail } from '../validate';
import type { Category } from '../dataset/model';
import { checkCategories } from '../dataset/check';

/** One of `choices`, or `dflt` when undefined. */
export function choice<T extends string | number>(v: unknown, path: string, choices: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!choices.includes(v as T)) fail(path, choices.map((c) => (typeof c === 'string' ? `'${c}'` : `${c}`)).join(', '), v);
  return v as T;
}

/** An options object (undefined = {}). */
export function optionsObject<T extends object>(v: T | undefined, path = 'options'): T {
  if (v === undefined) return {} as T;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an options object', v);
  return v;
}

/** An image size `{width, height}` given as an option. */
export function sizeOption(v: unknown, path: string): { width: number; height: number } | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null) fail(path, 'an image size {width, height}', v);
  const s = v as { width: unknown; height: unknown };
  return { width: checkInt(s.width, `${path}.width`, 1), height: checkInt(s.height, `${path}.height`, 1) };
}

/** Category lookups by id and by name. */
export interface CategoryIndex {
  categories: Category[];
  byId: Map<number, Category>;
  byName: Map<string, Category>;
}

export function categoryIndex(categories: Category[] | undefined, path = 'options.categories'): CategoryIndex {
  const list = categories === undefined ? [] : checkCategories(categories, path);
  return { categories: list, byId: new Map(list.map((c) => [c.id, c])), byName: new Map(list.map((c) => [c.name, c])) };
}
