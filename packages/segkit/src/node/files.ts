// Files and folders on disk for the readers and writers (Node only). Writes never leave a partial
// file under the final name: bytes go to a temporary file beside it, renamed into place on close
// (removed on abort).
import { open, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { safePath, type FileSink, type FileSource } from '../io/files';
import type { ByteSink } from '../io/sink';
import type { ByteSource, SourceOptions } from '../io/source';
import { checkInt } from '../validate';

const DEFAULT_CHUNK = 1 << 20;
const IDLE_CLOSE_MS = 200;

/**
 * A file on disk as a ByteSource: streamed in chunks, read at any offset. Reads are positioned
 * synchronous reads (a few microseconds from the page cache, where an asynchronous read costs a
 * thread-pool round trip): readers fetch many small ranges. The file is opened on demand and
 * closed after a short idle time (no handle to close by hand).
 *
 * @param path - the file.
 * @param options - `chunkSize` (default 1 MiB).
 * @example
 * const ds = await readCoco(await fileSource('annotations/instances_train2017.json'));
 */
export async function fileSource(path: string, options: SourceOptions = {}): Promise<ByteSource> {
  const chunkSize = options.chunkSize === undefined ? DEFAULT_CHUNK : checkInt(options.chunkSize, 'options.chunkSize', 1);
  const size = (await stat(path)).size;
  let fd: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const readAt = async (offset: number, length: number): Promise<Uint8Array> => {
    if (timer) clearTimeout(timer);
    fd ??= openSync(path, 'r');
    const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    timer = setTimeout(() => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    }, IDLE_CLOSE_MS);
    timer.unref?.();
    return got === buf.length ? buf : buf.subarray(0, got);
  };
  return {
    name: path,
    size,
    async *chunks(start = 0, end = size) {
      for (let at = start; at < end; ) {
        const piece = await readAt(at, Math.min(chunkSize, end - at));
        if (piece.length === 0) return;
        at += piece.length;
        yield piece;
      }
    },
    read: readAt,
  };
}

/** Options of `fileSink`. */
export interface FileSinkOptions {
  /** Replace an existing file (default true). With false, an existing file is an error. */
  overwrite?: boolean;
}

/**
 * A file on disk as a ByteSink: written to a temporary file in the same folder (created as
 * needed), renamed to `path` on close, removed on abort.
 *
 * @example
 * await writeCoco(await fileSink('out/instances.json'), dataset);
 */
export async function fileSink(path: string, options: FileSinkOptions = {}): Promise<ByteSink> {
  const overwrite = options.overwrite ?? true;
  const refuse = () => {
    throw new InvalidInputError('path', 'a file that does not exist yet (or overwrite: true)', JSON.stringify(path));
  };
  if (!overwrite && existsSync(path)) refuse();
  await mkdir(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx');
  let done = false;
  return {
    name: path,
    async write(chunk) {
      let at = 0;
      while (at < chunk.length) at += (await fh.write(chunk, at, chunk.length - at)).bytesWritten;
    },
    async close() {
      if (done) return;
      done = true;
      try {
        await fh.sync();
        await fh.close();
        if (!overwrite && existsSync(path)) refuse();
        await rename(tmp, path);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    },
    async abort() {
      if (done) return;
      done = true;
      await fh.close().catch(() => {});
      await rm(tmp, { force: true });
    },
  };
}

/**
 * A folder on disk, as the input of readers (FileSource) and the output of writers (FileSink).
 * Relative paths from data are checked (`safePath`): nothing outside the folder is read or
 * written. Whole files are written to a temporary name and renamed into place.
 *
 * @example
 * const ds = await readSemanticPng(folderFiles('VOC2012'), { folder: 'SegmentationClass' });
 */
export function folderFiles(dir: string, options: FileSinkOptions = {}): FileSource & FileSink {
  const root = resolve(dir);
  const full = (p: string, what = 'path') => join(root, safePath(p, what));
  return {
    name: dir,
    read: async (p) => readFile(full(p)),
    open: async (p) => fileSource(full(p)),
    has: async (p) => existsSync(full(p)),
    async list(sub = '') {
      const base = sub ? full(sub, 'dir') : root;
      if (!existsSync(base)) return [];
      const entries = await readdir(base, { recursive: true, withFileTypes: true });
      const out: string[] = [];
      for (const e of entries) {
        if (!e.isFile()) continue;
        const parent = (e as unknown as { parentPath?: string; path?: string }).parentPath ?? (e as unknown as { path: string }).path;
        out.push(join(parent, e.name).slice(root.length + 1).split('\\').join('/'));
      }
      return out.sort();
    },
    async write(p, bytes) {
      const target = full(p);
      if (options.overwrite === false && existsSync(target)) {
        throw new InvalidInputError('path', 'a file that does not exist yet (or overwrite: true)', JSON.stringify(p));
      }
      await mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, bytes, { flag: 'wx' });
        await rename(tmp, target);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    },
    create: async (p) => fileSink(full(p), options),
  };
}
