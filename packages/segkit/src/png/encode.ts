// PNG encoder for label images: grey 8/16-bit, RGB 8-bit, palette 8-bit. Rows are filtered with
// the heuristic libpng uses (per row, the filter with the least sum of absolute byte values);
// palette images use no filter (PNG spec, 12.8: filters rarely help indexed colour). Output is
// deterministic for a given zlib.
import { checkInt, checkSize, fail } from '../validate';
import { crc32 } from './crc32';
import { webZlib, type Zlib } from './zlib';

/** Pixels to encode: `data` has `width * height * channels` samples, row-major. */
export interface PngInput {
  width: number;
  height: number;
  /** 0 grey (8 or 16 bits), 2 RGB (8 bits), 3 palette (8 bits, needs `palette`). */
  colorType: 0 | 2 | 3;
  bitDepth: 8 | 16;
  data: Uint8Array | Uint16Array;
  /** Palette colours, r, g, b bytes (1 to 256 colours), for colour type 3. */
  palette?: Uint8Array;
}

/** Options of `encodePng`. */
export interface EncodePngOptions {
  zlib?: Zlib;
}

/** The filtered rows (filter byte + row) of an image, ready for zlib. */
export function filterPng(img: PngInput): Uint8Array {
  const { width: w, height: h, colorType, bitDepth } = img;
  const ch = colorType === 2 ? 3 : 1;
  const bpp = (ch * bitDepth) >> 3;
  const rowBytes = w * bpp;
  const out = new Uint8Array(h * (rowBytes + 1));
  const row = new Uint8Array(rowBytes);
  let prev = new Uint8Array(rowBytes);
  const trial = new Uint8Array(rowBytes);
  const best = new Uint8Array(rowBytes);
  const d = img.data;
  for (let y = 0; y < h; y++) {
    // the row's bytes (16-bit samples big-endian)
    if (bitDepth === 8) row.set((d as Uint8Array).subarray(y * rowBytes, (y + 1) * rowBytes));
    else for (let i = 0; i < w * ch; i++) {
      const v = d[y * w * ch + i];
      row[2 * i] = v >> 8;
      row[2 * i + 1] = v & 0xff;
    }
    let filter = 0;
    best.set(row);
    if (colorType !== 3) {
      let bestSum = sumAbs(row);
      for (let f = 1; f <= 4; f++) {
        applyFilter(f, row, prev, bpp, trial);
        const s = sumAbs(trial);
        if (s < bestSum) {
          bestSum = s;
          filter = f;
          best.set(trial);
        }
      }
    }
    const at = y * (rowBytes + 1);
    out[at] = filter;
    out.set(best, at + 1);
    prev = row.slice();
  }
  return out;
}

function sumAbs(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += b[i] < 128 ? b[i] : 256 - b[i];
  return s;
}

function applyFilter(f: number, row: Uint8Array, prev: Uint8Array, bpp: number, out: Uint8Array): void {
  const n = row.length;
  for (let i = 0; i < n; i++) {
    const a = i >= bpp ? row[i - bpp] : 0;
    const b = prev[i];
    let p: number;
    if (f === 1) p = a;
    else if (f === 2) p = b;
    else if (f === 3) p = (a + b) >> 1;
    else {
      const c = i >= bpp ? prev[i - bpp] : 0;
      const q = a + b - c;
      const pa = Math.abs(q - a);
      const pb = Math.abs(q - b);
      const pc = Math.abs(q - c);
      p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    out[i] = (row[i] - p) & 0xff;
  }
}

/** Checks a PngInput. */
export function checkPngInput(img: PngInput, path = 'png'): void {
  checkSize(img.height, img.width, path);
  if (img.width === 0 || img.height === 0) fail(`${path}.width`, 'a non-empty image (PNG has no 0-size images)', `${img.width}x${img.height}`);
  if (img.colorType !== 0 && img.colorType !== 2 && img.colorType !== 3) fail(`${path}.colorType`, '0 (grey), 2 (RGB) or 3 (palette)', img.colorType);
  if (img.bitDepth !== 8 && !(img.bitDepth === 16 && img.colorType === 0)) fail(`${path}.bitDepth`, '8, or 16 for grey', img.bitDepth);
  const ch = img.colorType === 2 ? 3 : 1;
  const want = img.bitDepth === 16 ? Uint16Array : Uint8Array;
  if (!(img.data instanceof want)) fail(`${path}.data`, `a ${want.name}`, img.data);
  if (img.data.length !== img.width * img.height * ch) fail(`${path}.data`, `${img.width * img.height * ch} samples`, img.data);
  if (img.colorType === 3) {
    const p = img.palette;
    if (!(p instanceof Uint8Array) || p.length === 0 || p.length % 3 !== 0 || p.length > 768) fail(`${path}.palette`, '1 to 256 colours as r, g, b bytes', p);
    const n = p.length / 3;
    const d = img.data as Uint8Array;
    for (let i = 0; i < d.length; i++) if (d[i] >= n) checkInt(d[i], `${path}.data[${i}]`, 0, n - 1);
  }
}

/** Assembles the PNG file from the header fields and the compressed data. */
export function pngFile(img: PngInput, compressed: Uint8Array): Uint8Array {
  const chunks: [string, Uint8Array][] = [];
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, img.width);
  dv.setUint32(4, img.height);
  ihdr[8] = img.bitDepth;
  ihdr[9] = img.colorType;
  chunks.push(['IHDR', ihdr]);
  if (img.colorType === 3) chunks.push(['PLTE', img.palette!]);
  chunks.push(['IDAT', compressed]);
  chunks.push(['IEND', new Uint8Array(0)]);
  const size = 8 + chunks.reduce((n, [, d]) => n + 12 + d.length, 0);
  const out = new Uint8Array(size);
  out.set([137, 80, 78, 71, 13, 10, 26, 10]);
  const ov = new DataView(out.buffer);
  let pos = 8;
  for (const [type, data] of chunks) {
    ov.setUint32(pos, data.length);
    for (let i = 0; i < 4; i++) out[pos + 4 + i] = type.charCodeAt(i);
    out.set(data, pos + 8);
    ov.setUint32(pos + 8 + data.length, crc32(out, pos + 4, pos + 8 + data.length));
    pos += 12 + data.length;
  }
  return out;
}

/**
 * Encodes pixels as a PNG: grey 8/16-bit, RGB 8-bit or palette 8-bit.
 *
 * @throws InvalidInputError for a malformed input (size, sample count, palette, indices beyond it).
 * @example
 * const png = await encodePng({ width: 2, height: 1, colorType: 0, bitDepth: 16, data: Uint16Array.of(0, 27001) });
 */
export async function encodePng(img: PngInput, options: EncodePngOptions = {}): Promise<Uint8Array> {
  checkPngInput(img);
  return pngFile(img, await (options.zlib ?? webZlib).deflate(filterPng(img)));
}
