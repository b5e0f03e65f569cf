// Output names from data: an image's file name, made safe, with `.png`.
import { posix } from 'node:path';
import { FormatError, InvalidInputError, safePath, type ImageInfo } from 'segkit/node';

/**
 * The names of an image's picture (its file name, or its id when it has none, checked and
 * normalised) and of its output: the picture name with the extension replaced by `.png`. `..` segments that stay inside the folder are resolved; absolute
 * names, `..` leading outside, backslashes and NUL bytes are refused (`safePath`), so nothing is
 * written outside the output folder.
 *
 * @throws FormatError naming the input and the image.
 */
export function imageNames(image: ImageInfo, input: string): { picture: string; output: string } {
  const name = image.fileName || String(image.id);
  let rel: string;
  try {
    // 'a/../b.jpg' stays inside the folder: resolve such segments first; '../b.jpg' is refused.
    const folded = /^[\\/]|^[A-Za-z]:|[\\\0]/.test(name) ? name : posix.normalize(name);
    rel = safePath(folded, 'the file name');
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    throw new FormatError(input, `image ${JSON.stringify(image.id)}`, `unsafe file name ${JSON.stringify(name)}: ${e.message}`);
  }
  return { picture: rel, output: `${stem(rel)}.png` };
}

/** A relative path without the extension of its last segment ('a/b.jpg' -> 'a/b', 'a/.x' kept). */
export function stem(rel: string): string {
  const dot = rel.lastIndexOf('.');
  return dot > rel.lastIndexOf('/') + 1 ? rel.slice(0, dot) : rel;
}
