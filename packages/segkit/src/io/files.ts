// Folders of files, for the formats made of many files (PNG folders next to a JSON). Paths are
// relative, '/'-separated, and checked: a name taken from an annotation file can never reach
// outside the folder (no '..', no absolute paths, no NUL bytes, no backslashes).
import { InvalidInputError } from '../errors';
import { describe } from '../validate';
import { bytesSource, type ByteSource } from './source';
import { memorySink, type ByteSink } from './sink';
import { copyBytes } from '../util/bytes';

/** A folder to read files from. */
export interface FileSource {
  /** The folder's name for messages. */
  readonly name: string;
  /** A file's bytes. */
  read(path: string): Promise<Uint8Array>;
  /** A file as a byte source (for large files). */
  open(path: string): Promise<ByteSource>;
  /** Every file under `dir` (default: the whole folder), recursively, as sorted relative paths. */
  list(dir?: string): Promise<string[]>;
  /** True when the file exists. */
  has(path: string): Promise<boolean>;
}

/** A folder to write files into. */
export interface FileSink {
  readonly name: string;
  /** Writes a whole file (creating folders as needed). */
  write(path: string, bytes: Uint8Array): Promise<void>;
  /** Opens a file for writing in order. */
  create(path: string): Promise<ByteSink>;
}

/**
 * Checks a relative file path taken from data and returns it normalised ('a//b' and './a' are
 * accepted as 'a/b' and 'a').
 *
 * @throws InvalidInputError for an empty or absolute path, a '..' segment, a backslash, a drive
 *   letter or a NUL byte.
 * @example
 * safePath('panoptic/000001.png'); // 'panoptic/000001.png'
 * safePath('../etc/passwd'); // throws
 */
export function safePath(path: string, what = 'path'): string {
  const bad = (why: string): never => {
    throw new InvalidInputError(what, `a relative path inside the folder (${why})`, describe(path));
  };
  if (typeof path !== 'string' || path.length === 0) bad('not empty');
  if (path.includes('\0')) bad('no NUL bytes');
  if (path.includes('\\')) bad('no backslashes');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) bad('not absolute');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) bad("no '..'");
  if (parts.length === 0) bad('naming a file');
  return parts.join('/');
}

/** Joins relative path parts with '/', dropping empty ones. */
export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

/** A folder held in memory: both a FileSource and a FileSink (tests, browsers). */
export interface MemoryFiles extends FileSource, FileSink {
  readonly files: Map<string, Uint8Array>;
}

/**
 * A folder in memory, optionally pre-filled. Works as the input of readers and the output of writers.
 *
 * @example
 * const files = memoryFiles({ 'panoptic/1.png': pngBytes });
 * await files.read('panoptic/1.png');
 */
export function memoryFiles(initial: Record<string, Uint8Array> = {}, name = '<memory>'): MemoryFiles {
  const files = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(initial)) files.set(safePath(k), v);
  const get = (path: string) => {
    const p = safePath(path);
    const b = files.get(p);
    if (!b) throw new InvalidInputError('path', `an existing file in ${name}`, JSON.stringify(p));
    return b;
  };
  return {
    name,
    files,
    async read(path) {
      return get(path);
    },
    async open(path) {
      return bytesSource(get(path), joinPath(name, path));
    },
    async list(dir = '') {
      const prefix = dir ? `${safePath(dir)}/` : '';
      return [...files.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    async has(path) {
      return files.has(safePath(path));
    },
    async write(path, bytes) {
      files.set(safePath(path), copyBytes(bytes));
    },
    async create(path) {
      const p = safePath(path);
      const sink = memorySink(joinPath(name, p));
      return {
        name: sink.name,
        write: (c) => sink.write(c),
        abort: () => sink.abort(),
        async close() {
          files.set(p, sink.bytes());
        },
      };
    },
  };
}
