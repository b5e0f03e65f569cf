// node:zlib for PNG data: synchronous, no stream overhead per file.
import { deflateSync, inflateSync } from 'node:zlib';
import type { Zlib } from '../png/zlib';

/** zlib through node:zlib (synchronous). */
export const nodeZlib: Zlib = {
  inflate: (data) => inflateSync(data),
  deflate: (data) => deflateSync(data),
};
