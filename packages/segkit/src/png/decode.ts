// PNG decoder for label images (PNG spec, ISO/IEC 15948): every colour type and bit depth,
// Adam7 interlacing, CRC-checked chunks. Samples come out as stored: palette images give their
// indices (never RGB), 16-bit images their 16-bit values. Ancillary chunks other than PLTE and
// tRNS are skipped (gamma, colour profiles and text never change label values).
import { FormatError } from '../errors';
import { copyBytes } from '../util/bytes';
import { crc32 } from './crc32';
import { webZlib, type Zlib } from './zlib';

/** A decoded PNG: samples as stored, row-major, channels interleaved. */
export interface Png {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** Samples per pixel: 1 (grey, palette), 2, 3 or 4. */
  channels: number;
  /** `width * height * channels` samples: bytes for depths up to 8 (palette: indices), 16-bit values for depth 16. */
  data: Uint8Array | Uint16Array;
  /** Palette colours as r, g, b bytes (colour type 3, or suggested for 2 and 6). */
  palette?: Uint8Array;
  /** The tRNS chunk, as stored. */
  transparency?: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
// Adam7 passes: x start, y start, x step, y step.
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];

/** The chunks of a PNG that matter here, with the compressed image data joined. */
export interface PngChunks {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  palette?: Uint8Array;
  transparency?: Uint8Array;
  /** The zlib stream (IDAT chunks joined). */
  idat: Uint8Array;
}

/**
 * Splits a PNG into its chunks, checking the signature, every CRC and IHDR.
 *
 * @throws FormatError naming `file` and the chunk.
 */
export function readPngChunks(bytes: Uint8Array, file = '<png>'): PngChunks {
  const err = (where: string, msg: string): never => {
    throw new FormatError(file, where, msg);
  };
  if (bytes.length < 8 || SIGNATURE.some((v, i) => bytes[i] !== v)) err('', 'not a PNG file (bad signature)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let header: Omit<PngChunks, 'idat'> | undefined;
  const idat: Uint8Array[] = [];
  let idatLen = 0;
  let ended = false;
  while (pos < bytes.length && !ended) {
    if (pos + 12 > bytes.length) err(`byte ${pos}`, 'a chunk is cut short');
    const len = dv.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]);
    const where = `chunk ${type} at byte ${pos}`;
    if (len > 0x7fffffff || pos + 12 + len > bytes.length) err(where, 'the chunk is cut short');
    const data = bytes.subarray(pos + 8, pos + 8 + len);
    if (crc32(bytes, pos + 4, pos + 8 + len) !== dv.getUint32(pos + 8 + len)) err(where, 'CRC mismatch (the file is corrupt)');
    if (!header && type !== 'IHDR') err(where, 'the first chunk must be IHDR');
    switch (type) {
      case 'IHDR': {
        if (header) err(where, 'a second IHDR');
        if (len !== 13) err(where, 'IHDR must be 13 bytes');
        const h = {
          width: dv.getUint32(pos + 8),
          height: dv.getUint32(pos + 12),
          bitDepth: data[8],
          colorType: data[9],
          interlace: data[12],
        };
        if (h.width === 0 || h.height === 0 || h.width > 0x7fffffff || h.height > 0x7fffffff) err(where, `invalid size ${h.width}x${h.height}`);
        if (!(h.colorType in CHANNELS)) err(where, `unknown colour type ${h.colorType}`);
        if (!DEPTHS[h.colorType].includes(h.bitDepth)) err(where, `bit depth ${h.bitDepth} is not allowed for colour type ${h.colorType}`);
        if (data[10] !== 0 || data[11] !== 0) err(where, 'unknown compression or filter method');
        if (h.interlace > 1) err(where, `unknown interlace method ${h.interlace}`);
        header = h;
        break;
      }
      case 'PLTE':
        if (len % 3 !== 0 || len === 0 || len > 768) err(where, 'a palette must hold 1 to 256 colours of 3 bytes');
        header!.palette = copyBytes(data);
        break;
      case 'tRNS':
        header!.transparency = copyBytes(data);
        break;
      case 'IDAT':
        idat.push(data);
        idatLen += len;
        break;
      case 'IEND':
        ended = true;
        break;
      default:
        // critical chunks (upper-case first letter) that are unknown cannot be skipped
        if (type.charCodeAt(0) < 97) err(where, `unknown critical chunk ${type}`);
    }
    pos += 12 + len;
  }
  if (!header) err('', 'no IHDR chunk');
  if (!ended) err('', 'no IEND chunk (the file is cut short)');
  if (idat.length === 0) err('', 'no IDAT chunk');
  if (header!.colorType === 3 && !header!.palette) err('', 'a palette image without a PLTE chunk');
  const joined = idat.length === 1 ? idat[0] : new Uint8Array(idatLen);
  if (idat.length > 1) {
    let at = 0;
    for (const d of idat) {
      joined.set(d, at);
      at += d.length;
    }
  }
  return { ...header!, idat: joined };
}

/** Bytes of the filtered image data (all passes with their filter bytes). */
function rawSize(w: number, h: number, bitsPerPixel: number, interlace: number): number {
  if (!interlace) return h * (1 + Math.ceil((w * bitsPerPixel) / 8));
  let n = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const pw = Math.ceil((w - x0) / dx);
    const ph = Math.ceil((h - y0) / dy);
    if (pw > 0 && ph > 0) n += ph * (1 + Math.ceil((pw * bitsPerPixel) / 8));
  }
  return n;
}

/**
 * Decodes the pixels from the chunks and the inflated image data.
 *
 * @throws FormatError when the data has the wrong size or an unknown filter.
 */
export function pngPixels(c: PngChunks, raw: Uint8Array, file = '<png>'): Png {
  const { width: w, height: h, bitDepth: depth, colorType } = c;
  const channels = CHANNELS[colorType];
  const bitsPerPixel = channels * depth;
  const need = rawSize(w, h, bitsPerPixel, c.interlace);
  if (raw.length < need) throw new FormatError(file, 'IDAT', `the image data is cut short (${raw.length} of ${need} bytes)`);
  const samples = w * h * channels;
  const data = depth === 16 ? new Uint16Array(samples) : new Uint8Array(samples);
  const bpp = Math.max(1, bitsPerPixel >> 3); // bytes per complete pixel, for filtering
  let pos = 0;
  const pass = (x0: number, y0: number, dx: number, dy: number) => {
    const pw = Math.ceil((w - x0) / dx);
    const ph = Math.ceil((h - y0) / dy);
    if (pw <= 0 || ph <= 0) return;
    const rowBytes = Math.ceil((pw * bitsPerPixel) / 8);
    let prev = new Uint8Array(rowBytes);
    let cur = new Uint8Array(rowBytes);
    for (let r = 0; r < ph; r++) {
      const filter = raw[pos];
      cur.set(raw.subarray(pos + 1, pos + 1 + rowBytes));
      unfilter(filter, cur, prev, bpp, file, y0 + r * dy);
      pos += 1 + rowBytes;
      unpackRow(cur, data, (y0 + r * dy) * w, x0, dx, pw, channels, depth);
      const t = prev;
      prev = cur;
      cur = t;
    }
  };
  if (c.interlace) for (const [x0, y0, dx, dy] of ADAM7) pass(x0, y0, dx, dy);
  else pass(0, 0, 1, 1);
  const png: Png = { width: w, height: h, colorType: colorType as Png['colorType'], bitDepth: depth as Png['bitDepth'], channels, data };
  if (c.palette) png.palette = c.palette;
  if (c.transparency) png.transparency = c.transparency;
  return png;
}

function unfilter(filter: number, cur: Uint8Array, prev: Uint8Array, bpp: number, file: string, y: number): void {
  const n = cur.length;
  switch (filter) {
    case 0:
      return;
    case 1: // Sub
      for (let i = bpp; i < n; i++) cur[i] = (cur[i] + cur[i - bpp]) & 0xff;
      return;
    case 2: // Up
      for (let i = 0; i < n; i++) cur[i] = (cur[i] + prev[i]) & 0xff;
      return;
    case 3: // Average
      for (let i = 0; i < n; i++) cur[i] = (cur[i] + (((i >= bpp ? cur[i - bpp] : 0) + prev[i]) >> 1)) & 0xff;
      return;
    case 4: // Paeth
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? cur[i - bpp] : 0;
        const b = prev[i];
        const c = i >= bpp ? prev[i - bpp] : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        cur[i] = (cur[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
      }
      return;
    default:
      throw new FormatError(file, `row ${y}`, `unknown filter type ${filter}`);
  }
}

/** Unpacks one row of `pw` pixels into samples at x = x0, x0 + dx, … of the image row at `rowStart`. */
function unpackRow(row: Uint8Array, out: Uint8Array | Uint16Array, rowStart: number, x0: number, dx: number, pw: number, ch: number, depth: number): void {
  if (depth === 8) {
    if (dx === 1) out.set(row.subarray(0, pw * ch), rowStart * ch);
    else for (let i = 0; i < pw; i++) for (let k = 0; k < ch; k++) out[(rowStart + x0 + i * dx) * ch + k] = row[i * ch + k];
  } else if (depth === 16) {
    for (let i = 0; i < pw; i++) {
      for (let k = 0; k < ch; k++) {
        const j = (i * ch + k) * 2;
        out[(rowStart + x0 + i * dx) * ch + k] = (row[j] << 8) | row[j + 1];
      }
    }
  } else {
    // 1, 2 or 4 bits, one channel (grey or palette), most significant bits first
    const perByte = 8 / depth;
    const mask = (1 << depth) - 1;
    for (let i = 0; i < pw; i++) {
      const shift = 8 - depth * ((i % perByte) + 1);
      out[rowStart + x0 + i * dx] = (row[(i / perByte) | 0] >> shift) & mask;
    }
  }
}

/** Options of `decodePng`. */
export interface DecodePngOptions {
  /** File name for errors. */
  file?: string;
  /** zlib implementation (default: Compression Streams; `segkit/node` uses node:zlib). */
  zlib?: Zlib;
}

/**
 * Decodes a PNG. Palette images give their indices (never RGB); 16-bit images give 16-bit values.
 *
 * @throws FormatError naming the file and the chunk or row: bad signature or CRC, cut short,
 *   unknown filter, wrong data size.
 * @example
 * const png = await decodePng(bytes, { file: 'SegmentationClass/2007_000032.png' });
 * png.colorType; // 3 (palette): png.data holds class indices
 */
export async function decodePng(bytes: Uint8Array, options: DecodePngOptions = {}): Promise<Png> {
  const file = options.file ?? '<png>';
  const chunks = readPngChunks(bytes, file);
  let raw: Uint8Array;
  try {
    raw = await (options.zlib ?? webZlib).inflate(chunks.idat);
  } catch (e) {
    throw new FormatError(file, 'IDAT', `the compressed image data is corrupt (${(e as Error).message})`);
  }
  return pngPixels(chunks, raw, file);
}
