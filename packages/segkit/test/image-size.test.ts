// imageSize: every format's header against sharp's encoder, EXIF orientation, truncated and
// unknown files.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { bytesSource, FormatError, imageSize } from '../src/index';
import { describeReal, real } from './real-fixtures';
import { fileSource } from '../src/node/index';

const SIZES: Array<[number, number]> = [[1, 1], [15, 10], [10, 15], [640, 480], [1023, 17], [3, 2049]];

async function encode(w: number, h: number, format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff', options: Record<string, unknown> = {}): Promise<Uint8Array> {
  const img = sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 10, b: 40 } } });
  return new Uint8Array(await (img as any)[format](options).toBuffer());
}

/** A BMP header: BITMAPINFOHEADER (40 bytes) or the OS/2 core header (12 bytes); pixels left out. */
function bmp(w: number, h: number, core = false): Uint8Array {
  const b = new Uint8Array(64);
  const dv = new DataView(b.buffer);
  b[0] = 0x42;
  b[1] = 0x4d;
  dv.setUint32(14, core ? 12 : 40, true);
  if (core) {
    dv.setUint16(18, w, true);
    dv.setUint16(20, h, true);
  } else {
    dv.setInt32(18, w, true);
    dv.setInt32(22, h, true);
  }
  return b;
}

describe('imageSize', () => {
  for (const format of ['png', 'jpeg', 'webp', 'gif', 'tiff'] as const) {
    it(`${format}: the encoded size, for ${SIZES.length} sizes`, async () => {
      for (const [w, h] of SIZES) {
        const s = await imageSize(await encode(w, h, format));
        expect([s.width, s.height, s.format]).toEqual([w, h, format]);
      }
    });
  }

  it('webp: lossless (VP8L) and extended (VP8X) headers', async () => {
    const lossless = await imageSize(await encode(300, 7, 'webp', { lossless: true }));
    expect([lossless.width, lossless.height]).toEqual([300, 7]);
    const withAlpha = new Uint8Array(await sharp({ create: { width: 5, height: 9, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).webp().toBuffer());
    const ext = await imageSize(withAlpha);
    expect([ext.width, ext.height]).toEqual([5, 9]);
  });

  it('bmp: info header (bottom-up and top-down) and core header', async () => {
    expect(await imageSize(bmp(31, 7))).toEqual({ width: 31, height: 7, format: 'bmp' });
    expect(await imageSize(bmp(31, -7))).toEqual({ width: 31, height: 7, format: 'bmp' });
    expect(await imageSize(bmp(12, 300, true))).toEqual({ width: 12, height: 300, format: 'bmp' });
  });

  it('jpeg: EXIF orientations 5..8 swap width and height unless orientation: "stored"', async () => {
    for (let o = 1; o <= 8; o++) {
      const bytes = new Uint8Array(await sharp({ create: { width: 40, height: 24, channels: 3, background: '#888' } }).jpeg().withMetadata({ orientation: o }).toBuffer());
      const shown = await imageSize(bytes);
      const stored = await imageSize(bytes, { orientation: 'stored' });
      expect(shown.orientation).toBe(o);
      expect([stored.width, stored.height]).toEqual([40, 24]);
      expect([shown.width, shown.height]).toEqual(o >= 5 ? [24, 40] : [40, 24]);
    }
  });

  it('reads only the header through a ByteSource', async () => {
    const bytes = await encode(333, 222, 'jpeg');
    let read = 0;
    const src = bytesSource(bytes, 'x.jpg');
    const counting = { ...src, name: src.name, size: src.size, chunks: src.chunks.bind(src), read: async (o: number, n: number) => ((read += n), src.read(o, n)) };
    expect((await imageSize(counting)).width).toBe(333);
    expect(read).toBeLessThan(bytes.length);
  });

  it('refuses unknown and truncated files, naming the file', async () => {
    await expect(imageSize(bytesSource(new TextEncoder().encode('hello world, not an image at all'), 'notes.txt'))).rejects.toThrow(/notes\.txt: not a PNG, JPEG/);
    const jpeg = await encode(20, 20, 'jpeg');
    await expect(imageSize(bytesSource(jpeg.subarray(0, 40), 'cut.jpg'))).rejects.toBeInstanceOf(FormatError);
    await expect(imageSize(new Uint8Array(0))).rejects.toThrow(/unknown signature/);
  });
});

describeReal('imageSize on real images', () => {
  it('X-AnyLabeling WebP (1440x810), datumaro JPEG (15x10), labelme JPEGs', async () => {
    const webp = await imageSize(await fileSource(real('CVHub520-X-AnyLabeling', 'examples', 'segmentation', 'instance_segmentation', 'sources', 'cat_dog.webp')));
    expect([webp.width, webp.height, webp.format]).toEqual([1440, 810, 'webp']);
    const jpg = await imageSize(await fileSource(real('cvat-ai-datumaro', 'tests', 'assets', 'yolo_dataset', 'yolov8_segmentation', 'images', 'train', '1.jpg')));
    expect([jpg.width, jpg.height]).toEqual([15, 10]);
    const lm = await imageSize(await fileSource(real('wkentaro-labelme', 'examples', 'instance_segmentation', 'data_annotated', '2011_000003.jpg')));
    expect([lm.width, lm.height]).toEqual([500, 338]);
  });
});
