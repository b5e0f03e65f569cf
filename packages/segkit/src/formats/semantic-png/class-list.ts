// Class lists: one class name per line, the line's position giving the class value.
import { checkInt, fail } from '../../validate';
import type { Category } from '../../dataset/model';

/** Options of `classList`. */
export interface ClassListOptions {
  /** The value of the first line's class (default 0; labelme's labels.txt starts at -1 with `__ignore__`). */
  start?: number;
}

/**
 * The categories of a class list text (VOC/labelme `class_names.txt`, `labels.txt`): one name per
 * line, ids counting up from `start`; blank lines and trailing whitespace (CRLF) are ignored, a
 * missing final newline is fine.
 *
 * @throws InvalidInputError for a name listed twice.
 * @example
 * classList('_background_\naeroplane\nbicycle'); // [{ id: 0, name: '_background_' }, { id: 1, name: 'aeroplane' }, …]
 */
export function classList(text: string, options: ClassListOptions = {}): Category[] {
  if (typeof text !== 'string') fail('text', 'the class list as a string', text);
  const start = options.start === undefined ? 0 : checkInt(options.start, 'options.start', -(2 ** 31), 2 ** 31 - 1);
  const names = text.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.length > 0);
  const seen = new Map<string, number>();
  return names.map((name, i) => {
    if (seen.has(name)) fail(`text line ${i + 1}`, 'each class name once', `${JSON.stringify(name)} again (also line ${seen.get(name)! + 1})`);
    seen.set(name, i);
    return { id: start + i, name };
  });
}
