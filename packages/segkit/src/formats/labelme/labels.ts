// labelme's class list files (labels.txt of its examples): one name per line, class id = line
// number - 1, so that the first line `__ignore__` is -1 (void) and `_background_` is 0.
import type { Category } from '../../dataset/model';
import { fail } from '../../validate';

/**
 * The category table of a labelme `labels.txt`: each line a class, id = line index - 1 when the
 * first line is `__ignore__` (labelme's convention: `__ignore__` = -1, `_background_` = 0),
 * else id = line index. `__ignore__` itself is left out (it is void, not a class);
 * `_background_` is marked `isthing: false`.
 *
 * @param text - the file's content.
 * @throws InvalidInputError for a duplicate name.
 * @example
 * labelmeCategories('__ignore__\n_background_\ncat\n'); // [{id: 0, name: '_background_', isthing: false}, {id: 1, name: 'cat'}]
 */
export function labelmeCategories(text: string): Category[] {
  if (typeof text !== 'string') fail('text', 'the text of a labels.txt file', text);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const first = lines[0] === '__ignore__' ? -1 : 0;
  const seen = new Set<string>();
  const out: Category[] = [];
  lines.forEach((name, i) => {
    if (seen.has(name)) fail(`text (line ${i + 1})`, 'one line per class name', `${JSON.stringify(name)} again`);
    seen.add(name);
    const id = i + first;
    if (name === '__ignore__') return;
    out.push(name === '_background_' ? { id, name, isthing: false } : { id, name });
  });
  return out;
}
