// `segkit render`: the output pixels checked against segkit's own decoding (COCO's rule), path
// safety, overwrite refusal, and every input format read through the library's writers.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readPngFile, rleDecode, rleEncode, rleFromPolygons, writeCocoFile, writeCocoPanopticFiles, writeInstancePngFolder,
  writeLabelmeFolder, writePngFile, writePolygonJsonFolder, writeSemanticPngFolder, writeYoloSegFolder,
  type Category, type Dataset, type ImageRecord, type Mask, type Rle,
} from 'segkit/node';
import { buildProgram, runProgram, type Io } from '../src/program';
import { annotationColors, outlineWidth } from '../src/render/draw';

const tmp = mkdtempSync(join(tmpdir(), 'segkit-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
const fresh = (name: string) => {
  const d = join(tmp, `${name}-${dirs++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

function capture(): Io & { lines: string[]; errs: string[] } {
  const lines: string[] = [];
  const errs: string[] = [];
  return { lines, errs, out: (l) => lines.push(l), err: (l) => errs.push(l) };
}

async function run(...argv: string[]) {
  const io = capture();
  const code = await runProgram(buildProgram(io), ['render', ...argv], io);
  return { code, ...io };
}

const W = 48;
const H = 36;

/** A picture with a different colour at every pixel (so blending is checked at many values). */
function picture(w = W, h = H): Uint8Array {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) data.set([(x * 5 + 7) & 255, (y * 7 + 30) & 255, (x * y + 90) & 255], 3 * (y * w + x));
  }
  return data;
}

/** The output PNG as RGB triples. */
async function readRgb(path: string): Promise<{ width: number; height: number; rgb: (i: number) => number[] }> {
  const png = await readPngFile(path);
  expect(png.bitDepth).toBe(8);
  return { width: png.width, height: png.height, rgb: (i) => Array.from(png.data.subarray(i * png.channels, i * png.channels + 3)) };
}

const categories: Category[] = [
  { id: 1, name: 'box', color: [255, 0, 0] },
  { id: 7, name: 'blob', color: [0, 40, 255] },
];
// a rectangle by polygon (fractional vertices: COCO's rule decides), and an RLE blob with a hole
const rect = [[6.4, 5.2, 20.6, 5.2, 20.6, 17.7, 6.4, 17.7]];
function blob(): Rle {
  const m: Mask = { width: W, height: H, data: new Uint8Array(W * H) };
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) m.data[y * W + x] = (x - 34) ** 2 + (y - 22) ** 2 <= 64 && (x - 34) ** 2 + (y - 22) ** 2 > 4 ? 1 : 0;
  return rleEncode(m);
}

function sampleRecord(fileName = 'pic.png', id: number | string = 1): ImageRecord {
  return {
    image: { id, fileName, width: W, height: H },
    annotations: [
      { id: 10, categoryId: 1, iscrowd: false, segmentation: rect, bbox: [0, 0, 0, 0], area: 0 },
      { id: 11, categoryId: 7, iscrowd: false, segmentation: blob(), bbox: [0, 0, 0, 0], area: 0 },
    ],
  };
}

function datasetOf(records: ImageRecord[], kind: Dataset['header']['kind'] = 'instances', cats = categories): Dataset {
  return { header: { kind, categories: cats }, records: { async *[Symbol.asyncIterator]() { yield* records; } } };
}

/** A COCO dataset with one picture, in a fresh folder. */
async function cocoCase(records = [sampleRecord()], withPicture = true) {
  const dir = fresh('coco');
  const json = join(dir, 'instances.json');
  await writeCocoFile(json, datasetOf(records));
  if (withPicture) await writePngFile(join(dir, 'pic.png'), { width: W, height: H, colorType: 2, bitDepth: 8, data: picture() });
  return { dir, json, out: join(dir, 'out') };
}

const masks = () => [rleDecode(rleFromPolygons(rect, H, W)).data, rleDecode(blob()).data];

/** Pixels of `m` with a 4-neighbour outside it (the image border counts as outside). */
const isBorder = (m: Uint8Array, x: number, y: number) =>
  m[y * W + x] === 1 && [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]].some(([u, v]) => u < 0 || v < 0 || u >= W || v >= H || !m[v * W + u]);

/** True when the 3x3 neighbourhood of (x, y) is all inside or all outside `m`: no edge runs through or along it. */
const calm = (m: Uint8Array, x: number, y: number) => {
  const v0 = m[y * W + x];
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const u = x + dx;
      const v = y + dy;
      if (u >= 0 && v >= 0 && u < W && v < H && m[v * W + u] !== v0) return false;
    }
  }
  return true;
};

const blend = (p: number, c: number, a: number) => Math.round(p * (1 - a) + c * a);

describe('segkit render: pixels', () => {
  it('without outlines: inside each mask the blend of picture and class colour, everywhere else the picture', async () => {
    const { json, dir, out } = await cocoCase();
    const r = await run(json, out, '--format', 'coco', '--color-by', 'class', '--no-outline', '--no-labels', '--no-legend', '--alpha', '0.3');
    expect(r.code, r.errs.join('\n')).toBe(0);
    const img = await readRgb(join(out, 'pic.png'));
    expect([img.width, img.height]).toEqual([W, H]);
    const pic = picture();
    const [a, b] = masks();
    expect(a.reduce((s, v) => s + v, 0)).toBeGreaterThan(100);
    let inside = 0;
    for (let i = 0; i < W * H; i++) {
      const p = Array.from(pic.subarray(3 * i, 3 * i + 3));
      const c = a[i] ? categories[0].color! : b[i] ? categories[1].color! : null;
      const want = c ? p.map((v, k) => blend(v, c[k], 0.3)) : p;
      if (c) inside++;
      if (img.rgb(i).join() !== want.join()) expect.fail(`pixel (${i % W}, ${Math.floor(i / W)}): ${img.rgb(i)} instead of ${want}`);
    }
    expect(inside).toBeGreaterThan(200);
    expect(existsSync(join(dir, 'pic.png'))).toBe(true);
  });

  it('outlines cover the mask border pixels in the full colour; pixels away from every edge are untouched', async () => {
    const { json, out } = await cocoCase();
    expect(outlineWidth(W, H)).toBe(2);
    const r = await run(json, out, '--format', 'coco', '--color-by', 'class', '--no-labels', '--no-legend');
    expect(r.code, r.errs.join('\n')).toBe(0);
    const img = await readRgb(join(out, 'pic.png'));
    const pic = picture();
    const ms = masks();
    let border = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        const p = Array.from(pic.subarray(3 * i, 3 * i + 3));
        ms.forEach((m, k) => {
          if (isBorder(m, x, y)) {
            border++;
            expect(img.rgb(i), `border pixel (${x}, ${y})`).toEqual(categories[k].color);
          }
        });
        if (ms.every((m) => calm(m, x, y))) {
          const k = ms.findIndex((m) => m[i]);
          const want = k < 0 ? p : p.map((v, j) => blend(v, categories[k].color![j], 0.5));
          expect(img.rgb(i), `pixel (${x}, ${y})`).toEqual(want);
        }
      }
    }
    expect(border).toBeGreaterThan(60);
  });

  it('colours instances by shades of their class colour by default; labels and legend change pixels only where drawn', async () => {
    const rec = sampleRecord();
    rec.annotations[1] = { ...rec.annotations[0], id: 12, segmentation: [[28, 20, 44, 20, 44, 32, 28, 32]] };
    const colors = annotationColors(rec, categories, 'instances', 'instance');
    expect(colors[0].color).toEqual(categories[0].color);
    expect(colors[1].color).not.toEqual(colors[0].color);
    expect(colors[1].base).toEqual(categories[0].color);
    expect(annotationColors(rec, categories, 'instances', 'class')[1].color).toEqual(categories[0].color);
    expect(annotationColors(rec, categories, 'semantic', 'instance')[1].color).toEqual(categories[0].color);
    const { json, out } = await cocoCase([rec]);
    const plain = join(out, 'plain');
    expect((await run(json, plain, '--format', 'coco', '--no-outline', '--no-labels', '--no-legend')).code).toBe(0);
    const second = rleDecode(rleFromPolygons(rec.annotations[1].segmentation as number[][], H, W)).data;
    const img = await readRgb(join(plain, 'pic.png'));
    const i = second.indexOf(1);
    expect(img.rgb(i)).toEqual(Array.from(picture().subarray(3 * i, 3 * i + 3)).map((v, k) => blend(v, colors[1].color[k], 0.5)));
    const full = join(out, 'full');
    expect((await run(json, full, '--format', 'coco', '--no-outline')).code).toBe(0);
    const withText = await readRgb(join(full, 'pic.png'));
    let changed = 0;
    for (let j = 0; j < W * H; j++) if (withText.rgb(j).join() !== img.rgb(j).join()) changed++;
    expect(changed).toBeGreaterThan(20); // labels and the legend were drawn
  });

  it('renders on grey with a warning when the picture is missing', async () => {
    const { json, out } = await cocoCase([sampleRecord()], false);
    const r = await run(json, out, '--format', 'coco', '--no-outline', '--no-labels', '--no-legend', '--color-by', 'class');
    expect(r.code).toBe(0);
    expect(r.errs.join('\n')).toMatch(/warning: .*pic\.png: not found; rendered on grey/);
    expect(r.lines.at(-1)).toMatch(/1 on grey/);
    const img = await readRgb(join(out, 'pic.png'));
    const [a, b] = masks();
    for (let i = 0; i < W * H; i++) {
      const want = a[i] ? [255, 0, 0].map((c) => blend(128, c, 0.5)) : b[i] ? [0, 40, 255].map((c) => blend(128, c, 0.5)) : [128, 128, 128];
      if (img.rgb(i).join() !== want.join()) expect.fail(`pixel ${i}: ${img.rgb(i)} instead of ${want}`);
    }
  });
});

describe('segkit render: the bundled sample', () => {
  it('renders examples/sample-coco.json on its pictures, no warnings', async () => {
    const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
    const out = join(fresh('sample'), 'render');
    const r = await run(join(examples, 'sample-coco.json'), out, '--format', 'coco', '--images', join(examples, 'images'));
    expect(r.code, r.errs.join('\n')).toBe(0);
    expect(r.errs).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['field.png', 'street.png']);
    expect([(await readPngFile(join(out, 'street.png'))).width, (await readPngFile(join(out, 'field.png'))).height]).toEqual([640, 240]);
  });
});

describe('segkit render: files', () => {
  it.each([
    ['../escape.jpg', "'..'"],
    ['sub/../../escape.jpg', "'..'"],
    ['/tmp/abs.jpg', 'absolute'],
    ['C:/abs.jpg', 'absolute'],
    ['a\\..\\..\\escape.jpg', 'backslash'],
    ['nul\0.jpg', 'NUL'],
  ])('refuses the file name %j (exit 2) and writes nothing', async (name, why) => {
    const dir = fresh('unsafe');
    const json = join(dir, 'bad.json');
    writeFileSync(json, JSON.stringify({
      images: [{ id: 1, file_name: 'fine.jpg', width: 8, height: 8 }, { id: 2, file_name: name, width: 8, height: 8 }],
      annotations: [], categories: [{ id: 1, name: 'x' }],
    }));
    const out = join(dir, 'deep', 'out');
    const r = await run(json, out, '--format', 'coco');
    expect(r.code).toBe(2);
    expect(r.errs.join('\n')).toContain('unsafe file name');
    expect(r.errs.join('\n')).toContain(why);
    // the safe image before it was written; nothing else anywhere
    expect(readdirSync(dir, { recursive: true }).map(String).sort()).toEqual(['bad.json', 'deep', 'deep/out', 'deep/out/fine.png']);
  });

  it('keeps sub-folders of file names inside out-dir and refuses two images with one output name', async () => {
    const { json, out } = await cocoCase([sampleRecord('a/b/pic.jpeg', 1), sampleRecord('a/c/../../d/./pic.jpg', 2)], false);
    expect((await run(json, out, '--format', 'coco', '--quiet')).code).toBe(0);
    expect(statSync(join(out, 'a', 'b', 'pic.png')).isFile()).toBe(true);
    expect(statSync(join(out, 'd', 'pic.png')).isFile()).toBe(true);
    const twice = await cocoCase([sampleRecord('x.jpg', 1), sampleRecord('x.png', 2)], false);
    const r = await run(twice.json, twice.out, '--format', 'coco', '--quiet');
    expect(r.code).toBe(2);
    expect(r.errs.join('\n')).toMatch(/both rendered to x\.png/);
  });

  it('refuses to overwrite without --force (exit 2, file unchanged), overwrites with it', async () => {
    const { json, out } = await cocoCase();
    expect((await run(json, out, '--format', 'coco')).code).toBe(0);
    const target = join(out, 'pic.png');
    writeFileSync(target, 'old');
    const r = await run(json, out, '--format', 'coco');
    expect(r.code).toBe(2);
    expect(r.errs.join('\n')).toMatch(/pic\.png exists \(use --force/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect((await run(json, out, '--format', 'coco', '--force', '--quiet')).code).toBe(0);
    expect((await readPngFile(target)).width).toBe(W);
    expect(readdirSync(out)).toEqual(['pic.png']); // no temporary files left
  });

  it('usage errors exit 1: bad --alpha, unknown --color-by or --format, missing --format, misplaced --encoding', async () => {
    const { json, out } = await cocoCase();
    for (const extra of [['--alpha', '1.5'], ['--alpha', 'x'], ['--color-by', 'rainbow'], ['--format', 'pascal']]) {
      const r = await run(json, out, '--format', 'coco', ...extra);
      expect(r.code, extra.join(' ')).toBe(1);
    }
    expect((await run(json, out)).code).toBe(1);
    expect((await run(json, out, '--format', 'coco', '--encoding', 'voc')).code).toBe(1);
    expect((await run(join(json, '..'), out, '--format', 'coco')).code).toBe(1); // a folder for a file format
    expect(existsSync(out)).toBe(false);
    expect((await run(join(json, 'missing.json'), out, '--format', 'coco')).code).toBe(2);
  });
});

describe('segkit render: every --format reads', () => {
  // Writes the sample record with the format's writer, puts the picture where the format's image
  // names point, renders, and checks a pixel inside the rectangle: picture blended with its colour.
  const cases: { format: string; write: (dir: string) => Promise<{ input: string; pictures: string; extra?: string[] }>; outName: string }[] = [
    { format: 'coco', outName: 'pic.png', write: async (d) => {
      await writeCocoFile(join(d, 'a.json'), datasetOf([sampleRecord()]));
      return { input: join(d, 'a.json'), pictures: d };
    } },
    { format: 'coco-panoptic', outName: 'pic.png', write: async (d) => {
      await writeCocoPanopticFiles(join(d, 'pan.json'), join(d, 'pan'), datasetOf([sampleRecord()], 'panoptic'));
      return { input: join(d, 'pan.json'), pictures: d };
    } },
    { format: 'semantic-png', outName: 'pic.png', write: async (d) => {
      const rec = sampleRecord('pic.png', 'pic');
      await writeSemanticPngFolder(join(d, 'sem'), datasetOf([rec], 'semantic'));
      writeFileSync(join(d, 'cats.json'), JSON.stringify({ categories }));
      return { input: join(d, 'sem'), pictures: d, extra: ['--categories', join(d, 'cats.json')] };
    } },
    { format: 'instance-png', outName: 'pic.png', write: async (d) => {
      await writeInstancePngFolder(join(d, 'inst'), datasetOf([sampleRecord('pic.png', 'pic')]), { encoding: 'class-instance' });
      writeFileSync(join(d, 'cats.json'), JSON.stringify(categories));
      return { input: join(d, 'inst'), pictures: d, extra: ['--encoding', 'class-instance', '--categories', join(d, 'cats.json')] };
    } },
    { format: 'yolo-seg', outName: 'images/train/pic.png', write: async (d) => {
      await writeYoloSegFolder(join(d, 'yolo'), datasetOf([sampleRecord('images/train/pic.png', 'pic')]));
      mkdirSync(join(d, 'yolo', 'images', 'train'), { recursive: true });
      await writePngFile(join(d, 'yolo', 'images', 'train', 'pic.png'), { width: W, height: H, colorType: 2, bitDepth: 8, data: picture() });
      return { input: join(d, 'yolo'), pictures: join(d, 'yolo'), extra: ['--categories', await catsFile(d)] };
    } },
    { format: 'labelme', outName: 'pic.png', write: async (d) => {
      await writeLabelmeFolder(join(d, 'lm'), datasetOf([sampleRecord('pic.png', 'pic')]));
      return { input: join(d, 'lm'), pictures: d, extra: ['--categories', await catsFile(d)] };
    } },
    { format: 'polygon-json', outName: 'pic.png', write: async (d) => {
      await writePolygonJsonFolder(join(d, 'pj'), datasetOf([sampleRecord('pic.png', 'pic')]));
      await writePngFile(join(d, 'pj', 'pic.png'), { width: W, height: H, colorType: 2, bitDepth: 8, data: picture() });
      return { input: join(d, 'pj'), pictures: join(d, 'pj'), extra: ['--categories', await catsFile(d)] };
    } },
  ];
  async function catsFile(d: string) {
    writeFileSync(join(d, 'cats.json'), JSON.stringify(categories));
    return join(d, 'cats.json');
  }

  it.each(cases)('$format', async ({ format, write, outName }) => {
    const d = fresh(format);
    await writePngFile(join(d, 'pic.png'), { width: W, height: H, colorType: 2, bitDepth: 8, data: picture() });
    const { input, pictures, extra = [] } = await write(d);
    const out = join(d, 'out');
    const r = await run(input, out, '--format', format, '--images', pictures, '--color-by', 'class', '--no-outline', '--no-labels', '--no-legend', ...extra);
    expect(r.code, r.errs.join('\n')).toBe(0);
    expect(r.errs.join('\n')).not.toMatch(/rendered on grey/);
    const img = await readRgb(join(out, outName));
    expect([img.width, img.height]).toEqual([W, H]);
    const pic = picture();
    const [a] = masks();
    // a pixel well inside the rectangle, one outside everything
    for (const [x, y, inside] of [[12, 10, true], [2, 30, false]] as const) {
      const i = y * W + x;
      expect(a[i]).toBe(inside ? 1 : 0);
      const p = Array.from(pic.subarray(3 * i, 3 * i + 3));
      expect(img.rgb(i), `${format} (${x}, ${y})`).toEqual(inside ? p.map((v, k) => blend(v, 255 * (k === 0 ? 1 : 0), 0.5)) : p);
    }
  });
});
