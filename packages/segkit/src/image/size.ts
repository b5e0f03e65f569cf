// Image dimensions from the file header, without decoding pixels: PNG (IHDR), JPEG (the first
// SOFn marker; EXIF orientation from APP1), WebP (VP8, VP8L, VP8X), BMP (BITMAPINFOHEADER and
// the OS/2 core header), GIF (logical screen) and TIFF (IFD0). Reads a few small pieces of the
// file through a ByteSource: a JPEG costs one read per marker segment before its frame header.
import { FormatError } from '../errors';
import { bytesSource, type ByteSource } from '../io/source';
import { fail } from '../validate';

/** Image file formats whose size `imageSize` reads. */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'bmp' | 'gif' | 'tiff';

/** An image's size as displayed, and how it is stored. */
export interface ImageSize {
  width: number;
  height: number;
  format: ImageFormat;
  /** EXIF orientation 1..8 when the file has one (JPEG, TIFF); 5..8 swap width and height. */
  orientation?: number;
}

/** Options of `imageSize`. */
export interface ImageSizeOptions {
  /**
   * `'exif'` (default): the size as displayed, width and height swapped for EXIF orientations 5..8
   * (as browsers, PIL's `exif_transpose` and Ultralytics do); `'stored'`: the size as encoded.
   */
  orientation?: 'exif' | 'stored';
}

type Read = (offset: number, length: number) => Promise<Uint8Array>;

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
const u32le = (b: Uint8Array, i: number) => ((b[i + 3] << 24) >>> 0) + ((b[i + 2] << 16) | (b[i + 1] << 8) | b[i]);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/**
 * Reads an image's width and height from its header (no pixel decoding).
 *
 * @param input - the file's bytes, or a ByteSource (only the header is read: for JPEG, the
 *   marker segments up to the frame header).
 * @param options - `orientation`: `'exif'` (default: displayed size) or `'stored'`.
 * @returns width, height, format and the EXIF orientation when present.
 * @throws FormatError naming the file when the format is not recognised or the header is cut short.
 * @example
 * const { width, height } = await imageSize(await readFile('photo.jpg'));
 */
export async function imageSize(input: Uint8Array | ByteSource, options: ImageSizeOptions = {}): Promise<ImageSize> {
  const source = input instanceof Uint8Array ? bytesSource(input, '<image>') : input;
  if (typeof source !== 'object' || source === null || typeof (source as ByteSource).read !== 'function') {
    fail('input', 'a Uint8Array or a ByteSource', input);
  }
  const orientation = options.orientation ?? 'exif';
  if (orientation !== 'exif' && orientation !== 'stored') fail('options.orientation', "'exif' or 'stored'", orientation);
  const name = source.name;
  const bad = (msg: string): never => {
    throw new FormatError(name, '', msg);
  };
  const read: Read = async (offset, length) => {
    const b = await source.read(offset, length);
    if (b.length < length) bad('the image header is cut short');
    return b;
  };
  const head = await source.read(0, 32);
  let size: ImageSize;
  if (head.length >= 24 && u32be(head, 0) === 0x89504e47 && ascii(head, 12, 4) === 'IHDR') {
    size = { width: u32be(head, 16), height: u32be(head, 20), format: 'png' };
  } else if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    size = await jpegSize(read, source.size, bad);
  } else if (head.length >= 30 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') {
    size = webpSize(head, bad);
  } else if (head.length >= 26 && head[0] === 0x42 && head[1] === 0x4d) {
    const dib = u32le(head, 14);
    size = dib === 12
      ? { width: u16le(head, 18), height: u16le(head, 20), format: 'bmp' }
      : { width: Math.abs(u32le(head, 18) | 0), height: Math.abs(u32le(head, 22) | 0), format: 'bmp' };
  } else if (head.length >= 10 && (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')) {
    size = { width: u16le(head, 6), height: u16le(head, 8), format: 'gif' };
  } else if (head.length >= 8 && (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*')) {
    const t = await tiffTags(read, 0, source.size, [256, 257, 0x112], bad);
    if (t.get(256) === undefined || t.get(257) === undefined) bad('a TIFF without ImageWidth/ImageLength');
    size = { width: t.get(256)!, height: t.get(257)!, format: 'tiff' };
    if (t.get(0x112) !== undefined) size.orientation = t.get(0x112);
  } else {
    bad('not a PNG, JPEG, WebP, BMP, GIF or TIFF image (unknown signature)');
  }
  if (size!.width <= 0 || size!.height <= 0) bad(`an image of size ${size!.width}x${size!.height}`);
  if (orientation === 'exif' && size!.orientation !== undefined && size!.orientation >= 5 && size!.orientation <= 8) {
    [size!.width, size!.height] = [size!.height, size!.width];
  }
  return size!;
}

/** JPEG: walk the marker segments to the first start-of-frame; note the EXIF orientation on the way. */
async function jpegSize(read: Read, fileSize: number, bad: (m: string) => never): Promise<ImageSize> {
  let pos = 2;
  let orientation: number | undefined;
  while (pos + 4 <= fileSize) {
    const m = await read(pos, 4);
    if (m[0] !== 0xff) bad(`expected a JPEG marker at byte ${pos}`);
    const marker = m[1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, start of scan: no frame header before
    const len = u16be(m, 2);
    if (len < 2) bad(`a JPEG segment of length ${len} at byte ${pos}`);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const f = await read(pos + 4, 5);
      const size: ImageSize = { width: u16be(f, 3), height: u16be(f, 1), format: 'jpeg' };
      if (size.height === 0) bad('a JPEG whose height is defined later (DNL marker), not supported');
      if (orientation !== undefined) size.orientation = orientation;
      return size;
    }
    if (marker === 0xe1 && orientation === undefined && len >= 16) {
      const id = await read(pos + 4, 6);
      if (ascii(id, 0, 4) === 'Exif' && id[4] === 0 && id[5] === 0) {
        const tags = await tiffTags(read, pos + 10, pos + 2 + len, [0x112], bad);
        orientation = tags.get(0x112);
      }
    }
    pos += 2 + len;
  }
  bad('a JPEG without a frame header (SOF marker)');
}

/** WebP: the size in the first chunk (VP8X canvas, VP8L bitstream header, or VP8 key frame). */
function webpSize(h: Uint8Array, bad: (m: string) => never): ImageSize {
  const chunk = ascii(h, 12, 4);
  const d = 20; // chunk data
  if (chunk === 'VP8X') {
    return { width: 1 + (h[d + 4] | (h[d + 5] << 8) | (h[d + 6] << 16)), height: 1 + (h[d + 7] | (h[d + 8] << 8) | (h[d + 9] << 16)), format: 'webp' };
  }
  if (chunk === 'VP8L') {
    if (h[d] !== 0x2f) bad('a WebP lossless stream without its signature byte');
    const bits = u32le(h, d + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, format: 'webp' };
  }
  if (chunk === 'VP8 ') {
    if (h[d + 3] !== 0x9d || h[d + 4] !== 0x01 || h[d + 5] !== 0x2a) bad('a WebP lossy stream without a key frame start code');
    return { width: u16le(h, d + 6) & 0x3fff, height: u16le(h, d + 8) & 0x3fff, format: 'webp' };
  }
  bad(`a WebP file whose first chunk is ${JSON.stringify(chunk)}`);
}

/**
 * Values of the wanted SHORT/LONG tags of a TIFF structure's first IFD (TIFF 6.0, section 2),
 * the TIFF starting at `base` and ending at `end`.
 */
async function tiffTags(read: Read, base: number, end: number, wanted: number[], bad: (m: string) => never): Promise<Map<number, number>> {
  const hdr = await read(base, 8);
  const le = hdr[0] === 0x49;
  if (!(le ? hdr[1] === 0x49 : hdr[0] === 0x4d && hdr[1] === 0x4d)) bad('a TIFF header without its byte order mark');
  const u16 = le ? u16le : u16be;
  const u32 = le ? u32le : u32be;
  const ifd = base + u32(hdr, 4);
  const out = new Map<number, number>();
  if (ifd + 2 > end) return out;
  const n = u16(await read(ifd, 2), 0);
  if (ifd + 2 + 12 * n > end) return out;
  const entries = await read(ifd + 2, 12 * n);
  for (let i = 0; i < n; i++) {
    const e = 12 * i;
    const tag = u16(entries, e);
    if (!wanted.includes(tag)) continue;
    const type = u16(entries, e + 2);
    if (type === 3) out.set(tag, u16(entries, e + 8));
    else if (type === 4) out.set(tag, u32(entries, e + 8));
  }
  return out;
}
