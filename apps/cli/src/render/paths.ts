// Output names from data: an image's file name, made safe, with `.png`; writes via a temporary
// file renamed into place so a reader never sees half a picture.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, isAbsolute, sep } from 'node:path';
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

/** `rel` inside `dir`, checked once more against the resolved folder. */
export function insideDir(dir: string, rel: string): string {
  const root = resolve(dir);
  const target = resolve(root, rel);
  const back = relative(root, target);
  if (back === '' || back.startsWith(`..${sep}`) || back === '..' || isAbsolute(back)) {
    throw new FormatError(rel, '', `resolves outside ${dir}`);
  }
  return target;
}

/** Writes `bytes` to `path` through a temporary file in the same folder, renamed when complete. */
export async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
