// Label PNGs <-> label maps, shared by the PNG-based formats: how a decoded PNG's samples become
// one value per pixel, how values become PNG samples again, and fitting a map to its image's size.
import { FormatError } from '../errors';
import { decodePng, type Png } from '../png/decode';
import { encodePng, type PngInput } from '../png/encode';
import type { Zlib } from '../png/zlib';
import type { LabelMap } from '../types';
import { failAs } from '../validate';
import type { FileSink, FileSource } from '../io/files';
import type { Finding } from '../dataset/model';

/**
 * How a PNG's pixels are read as values:
 * - `'index'`: grey (any depth) or palette index, never through RGB;
 * - `'rgb-id'`: R + 256·G + 256²·B (COCO panoptic segment ids);
 * - `'color'`: the pixel's colour packed as `r << 16 | g << 8 | b` (palette images through their
 *   palette, grey as r = g = b), to be mapped through a colour table.
 */
export type PixelMode = 'index' | 'rgb-id' | 'color';

/** The values of a decoded PNG's pixels, by `mode`. */
export function pngLabels(png: Png, mode: PixelMode, file: string): LabelMap {
  const { width, height, channels, colorType } = png;
  const n = width * height;
  const src = png.data;
  if (mode === 'index') {
    if (colorType !== 0 && colorType !== 3) {
      throw new FormatError(file, '', `expected a grey or palette PNG of class or instance values but found colour type ${colorType} (${colorName(colorType)}); use a colour table for colour-coded masks`);
    }
    return { width, height, data: src };
  }
  const data = new Int32Array(n);
  if (mode === 'rgb-id') {
    if ((colorType !== 2 && colorType !== 6) || png.bitDepth !== 8) {
      throw new FormatError(file, '', `expected an 8-bit RGB PNG of segment ids but found colour type ${colorType} (${colorName(colorType)}), ${png.bitDepth}-bit`);
    }
    for (let i = 0, j = 0; i < n; i++, j += channels) data[i] = src[j] + 256 * src[j + 1] + 65536 * src[j + 2];
    return { width, height, data };
  }
  const shift = png.bitDepth === 16 ? 8 : 0;
  if (colorType === 3) {
    const pal = png.palette!;
    for (let i = 0; i < n; i++) {
      const k = 3 * src[i];
      data[i] = k + 2 < pal.length ? (pal[k] << 16) | (pal[k + 1] << 8) | pal[k + 2] : -1;
    }
  } else if (colorType === 0 || colorType === 4) {
    const scale = png.bitDepth < 8 ? 255 / ((1 << png.bitDepth) - 1) : 1;
    for (let i = 0, j = 0; i < n; i++, j += channels) {
      const v = Math.round((src[j] >> shift) * scale);
      data[i] = (v << 16) | (v << 8) | v;
    }
  } else {
    for (let i = 0, j = 0; i < n; i++, j += channels) data[i] = ((src[j] >> shift) << 16) | ((src[j + 1] >> shift) << 8) | (src[j + 2] >> shift);
  }
  return { width, height, data };
}

function colorName(t: number): string {
  return ({ 0: 'grey', 2: 'RGB', 3: 'palette', 4: 'grey + alpha', 6: 'RGBA' } as Record<number, string>)[t] ?? 'unknown';
}

/**
 * The map cut or padded (with `fill`) to width x height, when its size differs from the image's;
 * a warning says so.
 */
export function fitLabels(map: LabelMap, width: number, height: number, fill: number, file: string, warnings: Finding[]): LabelMap {
  if (map.width === width && map.height === height) return map;
  warnings.push({
    code: 'W_PNG_SIZE',
    severity: 'warning',
    file,
    location: '',
    message: `the PNG is ${map.width}x${map.height} but its image is ${width}x${height} (width x height): pixels outside the PNG are void, pixels outside the image are dropped`,
  });
  const Ctor = map.data.constructor as new (n: number) => LabelMap['data'];
  const data = new Ctor(width * height);
  if (fill !== 0) data.fill(fill);
  const w = Math.min(width, map.width);
  for (let y = 0; y < Math.min(height, map.height); y++) data.set(map.data.subarray(y * map.width, y * map.width + w), y * width);
  return { width, height, data };
}

/** Reads and decodes a PNG from a folder, as values by `mode`. */
export async function readLabelPng(files: FileSource, path: string, mode: PixelMode, zlib: Zlib | undefined): Promise<LabelMap> {
  const file = `${files.name}/${path}`;
  const png = await decodePng(await files.read(path), { file, zlib });
  return pngLabels(png, mode, file);
}

/** The smallest PNG form for a map of class or instance values: 8-bit grey or palette, 16-bit grey. */
export function indexPng(map: LabelMap, palette?: Uint8Array): PngInput {
  const { width, height, data } = map;
  let max = 0;
  let min = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] > max) max = data[i];
    if (data[i] < min) min = data[i];
  }
  if (min < 0 || max > 65535) failAs('labels', 'values in 0..65535 (a 16-bit PNG)', `values ${min}..${max}`);
  if (max <= 255) {
    const bytes = data instanceof Uint8Array ? data : Uint8Array.from(data);
    if (palette && max < palette.length / 3) return { width, height, colorType: 3, bitDepth: 8, data: bytes, palette };
    return { width, height, colorType: 0, bitDepth: 8, data: bytes };
  }
  return { width, height, colorType: 0, bitDepth: 16, data: data instanceof Uint16Array ? data : Uint16Array.from(data) };
}

/** An RGB PNG of a value map through a value -> packed colour table. */
export function colorPng(map: LabelMap, colors: Map<number, number>, path: string): PngInput {
  const { width, height, data } = map;
  const rgb = new Uint8Array(data.length * 3);
  for (let p = 0; p < data.length; p++) {
    const c = colors.get(data[p]);
    if (c === undefined) failAs(path, 'a colour in the colour table for every value', `no colour for value ${data[p]}`);
    rgb[3 * p] = c >> 16;
    rgb[3 * p + 1] = (c >> 8) & 0xff;
    rgb[3 * p + 2] = c & 0xff;
  }
  return { width, height, colorType: 2, bitDepth: 8, data: rgb };
}

/** Encodes and writes a PNG into a folder. */
export async function writePng(files: FileSink, path: string, img: PngInput, zlib: Zlib | undefined): Promise<void> {
  await files.write(path, await encodePng(img, { zlib }));
}

/** A file name without its folder and extension. */
export function stem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Reads a class or instance PNG as values: by index (grey or palette), or by colour through
 * `colors` (packed colour -> value). Colours not in the table become `voidValue`, with a warning.
 */
export async function readValuePng(
  files: FileSource,
  path: string,
  colors: Map<number, number> | undefined,
  voidValue: number,
  zlib: Zlib | undefined,
  warnings: Finding[],
): Promise<LabelMap> {
  if (!colors) return readLabelPng(files, path, 'index', zlib);
  const packed = await readLabelPng(files, path, 'color', zlib);
  const n = packed.data.length;
  let max = voidValue;
  for (const v of colors.values()) max = Math.max(max, v);
  const data = max <= 255 ? new Uint8Array(n) : max <= 65535 ? new Uint16Array(n) : new Int32Array(n);
  const unknown = new Map<number, number>();
  let last = -2;
  let lastValue = voidValue;
  let lastUnknown = false;
  for (let i = 0; i < n; i++) {
    const c = packed.data[i];
    if (c !== last) {
      last = c;
      const v = colors.get(c);
      lastUnknown = v === undefined;
      lastValue = v ?? voidValue;
    }
    if (lastUnknown) unknown.set(c, (unknown.get(c) ?? 0) + 1);
    data[i] = lastValue;
  }
  if (unknown.size) {
    const list = [...unknown].slice(0, 6).map(([c, px]) => `#${c.toString(16).padStart(6, '0')} (${px} px)`);
    warnings.push({
      code: 'W_UNKNOWN_COLOR',
      severity: 'warning',
      file: `${files.name}/${path}`,
      location: '',
      message: `colours not in the colour table, read as void: ${list.join(', ')}${unknown.size > 6 ? ', …' : ''}`,
    });
  }
  return { width: packed.width, height: packed.height, data };
}
