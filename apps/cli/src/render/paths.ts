// Output names from data: an image's file name, made safe, with `.png`.
import { FormatError, InvalidInputError, safePath, type ImageInfo } from 'segkit/node';

/**
 * The relative output name of an image: its file name (or its id when it has none) with the
 * extension replaced by `.png`. Absolute names, `..` segments, backslashes and NUL bytes are
 * refused (`safePath`), so nothing is written outside the output folder.
 *
 * @throws FormatError naming the input and the image.
 */
export function outputName(image: ImageInfo, input: string): string {
  const name = image.fileName || String(image.id);
  let rel: string;
  try {
    rel = safePath(name, 'the file name');
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    throw new FormatError(input, `image ${JSON.stringify(image.id)}`, `unsafe file name ${JSON.stringify(name)}: ${e.message}`);
  }
  const slash = rel.lastIndexOf('/');
  const dot = rel.lastIndexOf('.');
  return `${dot > slash + 1 ? rel.slice(0, dot) : rel}.png`;
}
