// The PNG codec against sharp (libvips/libspng) as the oracle: every colour type and bit depth,
// interlaced files, palettes read by index; round trips; corrupt files refused with FormatError.
import fc from 'fast-check';
import sharp from 'sharp';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError, InvalidInputError, decodePng, encodePng, webZlib, type Png, type PngInput } from '../src/index';
import { nodeZlib } from '../src/node/index';
import { runs } from './datasets';

/** Index of the first difference of two arrays, or -1 (fast on large arrays; with the lengths). */
const firstDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `at ${i}: ${a[i]} and ${b[i]}`;
  return -1;
};
import { describeReal, real } from './real-fixtures';

/** sharp's decode of a PNG as 8-bit (or 16-bit) samples with the channels it reports. */
async function sharpRaw(bytes: Uint8Array, depth16 = false, grey = false) {
  let img = sharp(bytes);
  if (grey) img = img.toColourspace(depth16 ? 'grey16' : 'b-w');
  const { data, info } = await img.raw({ depth: depth16 ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
  const samples = depth16 ? new Uint16Array(data.buffer, data.byteOffset, data.length / 2) : new Uint8Array(data);
  return { samples, channels: info.channels, width: info.width, height: info.height };
}

/** Our decode expanded to the colours sharp reports (palette through the palette, low depths scaled). */
function expand(png: Png, channels: number): Uint8Array | Uint16Array {
  const n = png.width * png.height;
  if (png.colorType === 3) {
    const out = new Uint8Array(n * channels);
    for (let i = 0; i < n; i++) for (let k = 0; k < channels; k++) out[i * channels + k] = png.palette![3 * png.data[i] + Math.min(k, 2)];
    return out;
  }
  if (png.bitDepth < 8) return Uint8Array.from(png.data, (v) => Math.round((v * 255) / ((1 << png.bitDepth) - 1)));
  return png.data;
}

const imageArb = fc.record({ w: fc.integer({ min: 1, max: 40 }), h: fc.integer({ min: 1, max: 40 }), levels: fc.integer({ min: 1, max: 255 }) }).chain(({ w, h, levels }) =>
  fc.record({ w: fc.constant(w), h: fc.constant(h), px: fc.uint8Array({ minLength: w * h * 4, maxLength: w * h * 4 }).map((b) => b.map((v) => Math.floor((v * levels) / 256))) }),
);

describe('PNG decoder against sharp', () => {
  it('grey, grey + alpha, RGB, RGBA at 8 bits, plain and interlaced', async () => {
    await fc.assert(fc.asyncProperty(imageArb, fc.constantFrom(1, 2, 3, 4), fc.boolean(), async ({ w, h, px }, channels, progressive) => {
      const bytes = await sharp(px.subarray(0, w * h * channels), { raw: { width: w, height: h, channels: channels as 1 | 2 | 3 | 4 } }).png({ progressive, compressionLevel: 1 }).toBuffer();
      const png = await decodePng(bytes, { zlib: nodeZlib });
      const ref = await sharpRaw(bytes, false, png.colorType === 0 || png.colorType === 4);
      expect([png.width, png.height, png.channels]).toEqual([ref.width, ref.height, ref.channels]);
      expect(firstDiff(png.data, ref.samples)).toBe(-1);
    }), runs(120));
  });

  it('palette images at 1, 2, 4 and 8 bits: indices, expanded through the palette, give sharp\'s colours', async () => {
    let checked = 0;
    await fc.assert(fc.asyncProperty(imageArb, fc.constantFrom(1, 2, 4, 8), fc.boolean(), async ({ w, h, px }, bitdepth, progressive) => {
      const rgb = px.subarray(0, w * h * 3);
      // libvips writes 1, 2, 4 or 8 bits per index from the colour count
      const bytes = await sharp(rgb, { raw: { width: w, height: h, channels: 3 } }).png({ palette: true, colours: 2 ** bitdepth, dither: 0, progressive }).toBuffer();
      const png = await decodePng(bytes, { zlib: nodeZlib });
      if (png.colorType !== 3) return; // libvips may pick grey for a grey palette
      expect(png.bitDepth).toBe(bitdepth);
      const ref = await sharpRaw(bytes);
      expect(png.data.every((i) => 3 * i < png.palette!.length)).toBe(true);
      expect(firstDiff(expand(png, ref.channels), ref.samples)).toBe(-1);
      checked++;
    }), runs(80));
    expect(checked).toBeGreaterThan(40);
  });

  it('16-bit grey gives 16-bit values', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1e9 }), async (w, h, s) => {
      const values = Uint16Array.from({ length: w * h }, (_, i) => ((i + 1) * 2654435761 + s) % 65536);
      const bytes = await sharp(values, { raw: { width: w, height: h, channels: 1 } }).toColourspace('grey16').png().toBuffer();
      const png = await decodePng(bytes, { zlib: nodeZlib });
      expect([png.colorType, png.bitDepth]).toEqual([0, 16]);
      expect(firstDiff(png.data, values)).toBe(-1);
      expect(firstDiff(png.data, (await sharpRaw(bytes, true, true)).samples)).toBe(-1);
    }), runs(30));
  });
});

describe('PNG encoder', () => {
  const inputArb = fc.record({ w: fc.integer({ min: 1, max: 33 }), h: fc.integer({ min: 1, max: 33 }), kind: fc.constantFrom('grey8', 'grey16', 'rgb', 'palette'), seed: fc.integer({ min: 0, max: 1e9 }), levels: fc.integer({ min: 1, max: 256 }) }).map(({ w, h, kind, seed, levels }): PngInput => {
    const n = w * h;
    const r = (i: number, m: number) => Math.floor(((((i + 1) * 2654435761 + seed) % 4294967296) / 4294967296) * Math.min(m, levels));
    if (kind === 'grey16') return { width: w, height: h, colorType: 0, bitDepth: 16, data: Uint16Array.from({ length: n }, (_, i) => r(i, 65536) * 251) };
    if (kind === 'rgb') return { width: w, height: h, colorType: 2, bitDepth: 8, data: Uint8Array.from({ length: 3 * n }, (_, i) => r(i, 256)) };
    if (kind === 'palette') {
      const colours = Math.min(levels, 256);
      return { width: w, height: h, colorType: 3, bitDepth: 8, data: Uint8Array.from({ length: n }, (_, i) => r(i, colours)), palette: Uint8Array.from({ length: 3 * colours }, (_, i) => (i * 37) & 255) };
    }
    return { width: w, height: h, colorType: 0, bitDepth: 8, data: Uint8Array.from({ length: n }, (_, i) => r(i, 256)) };
  });

  it('encode -> decode is the identity (node:zlib and Compression Streams), and sharp reads the same pixels', async () => {
    await fc.assert(fc.asyncProperty(inputArb, async (img) => {
      const bytes = await encodePng(img, { zlib: nodeZlib });
      expect(firstDiff(await encodePng(img, { zlib: nodeZlib }), bytes)).toBe(-1); // deterministic
      for (const zlib of [nodeZlib, webZlib]) {
        const back = await decodePng(bytes, { zlib });
        expect([back.width, back.height, back.colorType, back.bitDepth]).toEqual([img.width, img.height, img.colorType, img.bitDepth]);
        expect(firstDiff(back.data, img.data)).toBe(-1);
        if (img.palette) expect(back.palette).toEqual(img.palette);
      }
      const ref = await sharpRaw(bytes, img.bitDepth === 16, img.colorType === 0);
      const want = img.colorType === 3 ? expand({ ...img, channels: 1 } as Png, ref.channels) : img.data;
      expect(firstDiff(ref.samples, want)).toBe(-1);
    }), runs(120));
  });

  it('refuses malformed input', async () => {
    const bad = (img: unknown) => expect(encodePng(img as PngInput)).rejects.toThrow(InvalidInputError);
    await bad({ width: 2, height: 1, colorType: 0, bitDepth: 8, data: new Uint8Array(3) });
    await bad({ width: 0, height: 1, colorType: 0, bitDepth: 8, data: new Uint8Array(0) });
    await bad({ width: 1, height: 1, colorType: 2, bitDepth: 16, data: new Uint16Array(3) });
    await bad({ width: 1, height: 1, colorType: 3, bitDepth: 8, data: Uint8Array.of(2), palette: new Uint8Array(6) });
    await bad({ width: 1, height: 1, colorType: 0, bitDepth: 16, data: new Uint8Array(1) });
  });
});

describe('PNG errors', () => {
  const good = () => encodePng({ width: 3, height: 2, colorType: 0, bitDepth: 8, data: Uint8Array.of(1, 2, 3, 4, 5, 6) }, { zlib: nodeZlib });
  const fails = async (bytes: Uint8Array, re: RegExp) => {
    const e = await decodePng(bytes, { file: 'x.png', zlib: nodeZlib }).then(() => undefined, (err) => err);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).file).toBe('x.png');
    expect((e as FormatError).message).toMatch(re);
  };
  it('names the problem and the chunk', async () => {
    const b = await good();
    await fails(new TextEncoder().encode('GIF89a'), /not a PNG/);
    const crc = b.slice();
    crc[20] ^= 1; // inside IHDR
    await fails(crc, /chunk IHDR at byte 8.*CRC mismatch/);
    await fails(b.subarray(0, b.length - 12), /no IEND|cut short/);
    await fails(b.subarray(0, 40), /cut short/);
    // a valid chunk structure around corrupt zlib data
    const idatAt = 8 + 25;
    const broken = b.slice();
    broken[idatAt + 8] ^= 0xff;
    const { crc32 } = await import('../src/png/crc32');
    const len = new DataView(broken.buffer).getUint32(idatAt);
    new DataView(broken.buffer).setUint32(idatAt + 8 + len, crc32(broken, idatAt + 4, idatAt + 8 + len));
    await fails(broken, /IDAT|corrupt/);
  });
});

describeReal('real label PNGs decode exactly as sharp reads them (palette by index)', () => {
  it('every PNG of the real fixtures', async () => {
    const files = execSync(`find ${real()} -name '*.png'`).toString().trim().split('\n');
    expect(files.length).toBeGreaterThanOrEqual(30);
    let palettes = 0;
    for (const f of files) {
      const bytes = readFileSync(f);
      const png = await decodePng(bytes, { file: f, zlib: nodeZlib });
      const ref = await sharpRaw(bytes, png.bitDepth === 16, png.colorType === 0 || png.colorType === 4);
      if (png.colorType === 3) palettes++;
      expect(firstDiff(expand(png, ref.channels), ref.samples), f).toBe(-1);
    }
    expect(palettes).toBe(8); // labelme's 6 VOC PNGs, X-AnyLabeling's 2 masks (1-bit and 2-bit)
  });

  it('labelme\'s VOC class PNGs hold the class indices (255 = void), not colours', async () => {
    const dir = real('wkentaro-labelme/examples/instance_segmentation/data_dataset_voc/SegmentationClass');
    const values = async (id: string) => [...new Set((await decodePng(readFileSync(`${dir}/${id}.png`), { zlib: nodeZlib })).data)].sort((a, b) => a - b);
    expect(await values('2011_000003')).toEqual([0, 5, 15, 255]);
    expect(await values('2011_000006')).toEqual([0, 9, 15, 18, 255]);
    expect(await values('2011_000025')).toEqual([0, 6, 7]);
  });
});
