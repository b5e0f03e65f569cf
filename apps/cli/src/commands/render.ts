// `segkit render <input> --format <f> --images <dir> <out-dir>`: one overlay PNG per image (masks
// filled half-transparent, outlines, class labels, a legend), to look at a dataset or a conversion.
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadImage, type Image } from '@napi-rs/canvas';
import { Command, Option } from 'commander';
import { SegkitError, folderFiles, type FileSource } from 'segkit/node';
import { UsageError } from '../errors';
import type { Io } from '../program';
import { renderRecord, type RenderOptions } from '../render/draw';
import { imageNames, stem } from '../render/paths';
import { FORMATS, defaultImagesDir, openDataset, type FormatName } from '../render/read';

interface RenderFlags {
  format: FormatName;
  images?: string;
  pngDir?: string;
  encoding?: string;
  categories?: string;
  colorBy: 'class' | 'instance';
  alpha: string;
  outline: boolean;
  labels: boolean;
  legend: boolean;
  force?: boolean;
  quiet?: boolean;
}

/** Parses `--alpha`: a number in 0..1. */
export function parseAlpha(s: string): number {
  const a = Number(s);
  if (s.trim() === '' || !Number.isFinite(a) || a < 0 || a > 1) throw new UsageError(`--alpha must be a number from 0 to 1 (got '${s}')`);
  return a;
}

const exists = (path: string) => access(path).then(() => true, () => false);

// Tried in turn when the named picture is not there: label-PNG formats guess `.jpg` for the stem.
const PICTURE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.bmp'];

/** The bytes of `rel` in `pictures`, else of the same stem with another picture extension; null when none. */
async function findPicture(pictures: FileSource, rel: string): Promise<Uint8Array | null> {
  for (const name of [rel, ...PICTURE_EXTENSIONS.map((e) => stem(rel) + e).filter((n) => n !== rel)]) {
    try {
      return await pictures.read(name);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw e;
    }
  }
  return null;
}

/** The picture `rel` of folder `pictures`, or why there is none (missing file, undecodable bytes). */
async function loadPicture(pictures: FileSource, rel: string): Promise<{ image: Image } | { missing: string }> {
  const bytes = await findPicture(pictures, rel);
  if (!bytes) return { missing: 'not found' };
  try {
    return { image: await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
  } catch (e) {
    return { missing: `not a picture this build can decode (${(e as Error).message})` };
  }
}

/** The `render` command; progress on `io.out`, warnings on `io.err`. */
export function renderCommand(io: Io): Command {
  return new Command('render')
    .description('draw each image with its annotations (masks, outlines, labels, legend) as a PNG')
    .argument('<input>', 'the dataset: a JSON file (coco, coco-panoptic) or a folder (the other formats)')
    .argument('<out-dir>', 'folder for the PNGs, one per image, named after the image file')
    .addOption(new Option('--format <format>', 'the input format').choices(FORMATS).makeOptionMandatory())
    .option('--images <dir>', 'folder the image file names are relative to (default: beside the JSON file, or the input folder)')
    .option('--png-dir <dir>', 'coco-panoptic: the PNG folder (default: the JSON path without .json)')
    .option('--encoding <encoding>', "coco-panoptic: id | 2-channel (default id); instance-png: voc | cityscapes | class-instance (default voc)")
    .option('--categories <file>', 'JSON category table ({id, name, color?, isthing?} list, or {categories}) for names and colours')
    .addOption(new Option('--color-by <mode>', 'instance: each thing its own shade of its class colour; class: one colour per class')
      .choices(['class', 'instance']).default('instance'))
    .option('--alpha <a>', 'opacity of the mask fill, 0..1', '0.5')
    .option('--no-outline', 'no outlines')
    .option('--no-labels', 'no class labels')
    .option('--no-legend', 'no legend')
    .option('--force', 'overwrite existing PNGs')
    .option('--quiet', 'no progress lines (warnings and errors are still printed)')
    .action(async (input: string, outDir: string, f: RenderFlags) => {
      const o: RenderOptions = { colorBy: f.colorBy, alpha: parseAlpha(f.alpha), outline: f.outline, labels: f.labels, legend: f.legend };
      const imagesDir = f.images ?? await defaultImagesDir(input);
      const pictures = folderFiles(imagesDir);
      // Written to a temporary name and renamed into place; names checked to stay inside out-dir.
      const out = folderFiles(outDir, { overwrite: f.force === true });
      const ds = await openDataset(f.format, input, { pngDir: f.pngDir, encoding: f.encoding, categories: f.categories });
      const warn = (msg: string) => io.err(`segkit: warning: ${msg}`);
      const written = new Set<string>();
      let count = 0;
      let grey = 0;
      for await (const record of ds.records) {
        const { picture: picName, output: rel } = imageNames(record.image, input);
        if (written.has(rel)) throw new SegkitError('E_DUPLICATE', `two images are both rendered to ${rel}: file names must differ by more than their extension`);
        written.add(rel);
        const target = join(outDir, rel);
        if (!f.force && await exists(resolve(target))) throw new SegkitError('E_EXISTS', `${target} exists (use --force to overwrite)`);
        for (const w of record.warnings ?? []) warn(`${w.file}${w.location ? ` at ${w.location}` : ''}: ${w.message}`);

        const picPath = join(imagesDir, picName);
        const pic = await loadPicture(pictures, picName);
        const image = { ...record.image };
        if ('image' in pic) {
          if (image.width === 0 && image.height === 0) {
            image.width = pic.image.width;
            image.height = pic.image.height;
          } else if (pic.image.width !== image.width || pic.image.height !== image.height) {
            warn(`${picPath} is ${pic.image.width}x${pic.image.height}, the annotations' image ${image.width}x${image.height}: picture scaled`);
          }
        } else {
          grey++;
          warn(`${picPath}: ${pic.missing}; rendered on grey`);
        }
        if (image.width === 0 || image.height === 0) {
          warn(`image ${JSON.stringify(image.id)}: no size in the annotations and no picture; skipped`);
          continue;
        }
        const canvas = renderRecord({ ...record, image }, ds.header.categories, ds.header.kind, 'image' in pic ? pic.image : null, o, input);
        await out.write(rel, await canvas.encode('png'));
        count++;
        if (!f.quiet) io.out(`${target} (${record.annotations.length} annotations${'image' in pic ? '' : ', no picture'})`);
      }
      if (!f.quiet) io.out(`rendered ${count} image${count === 1 ? '' : 's'} to ${outDir}${grey ? `, ${grey} on grey (picture missing)` : ''}`);
    });
}
