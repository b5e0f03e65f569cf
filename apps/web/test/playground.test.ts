// The playground in a real browser: the page is built with Vite, served on localhost and driven
// in headless chromium. It loads the bundled sample through its file inputs, with a picture made
// here (the sample's own pictures may be absent), and every check is against segkit run in Node
// on the same files: the drawn pixels (screenshot), the hover info, the traced contours and the
// downloaded conversions.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import {
  annotationRle, convertDataset, decodePng, encodePng, instancesToSemantic, memoryFiles, memorySink, nodeZlib,
  readCocoFile, readLabelme, readSemanticPng, rleArea, rleDecode, rleToString, toPolygons, toRle, traceContours, writeCoco, writeSemanticPng,
  type Category, type ImageRecord, type Mask,
} from 'segkit/node';
import { FILL_ALPHA, NEUTRAL, categoryColor } from '../src/colors';
import { appDir, describeBrowser, launch, repoRoot, serve, type Server } from './harness';

const samplePath = join(repoRoot, 'examples/sample-coco.json');

/** The test picture: every pixel's colour tells where it is, so a shifted overlay shows. */
function picturePixel(x: number, y: number): [number, number, number] {
  return [(x * 3) % 256, (y * 5) % 256, 40 + ((x + y) % 64)];
}
async function picturePng(width: number, height: number): Promise<Buffer> {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(picturePixel(x, y), 3 * (y * width + x));
  return Buffer.from(await encodePng({ width, height, colorType: 2, bitDepth: 8, data }, { zlib: nodeZlib }));
}

/** A calmer picture for the README's screenshot: sky, road and pavement. */
async function scenePng(width: number, height: number): Promise<Uint8Array> {
  const data = new Uint8Array(width * height * 3);
  const mix = (a: number[], b: number[], t: number) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = y < 0.55 * height ? mix([118, 164, 214], [205, 222, 236], y / (0.55 * height))
        : y < 0.62 * height ? mix([150, 150, 140], [132, 130, 124], x / width)
          : mix([96, 96, 102], [58, 58, 64], (y - 0.62 * height) / (0.38 * height));
      data.set(c, 3 * (y * width + x));
    }
  }
  return encodePng({ width, height, colorType: 2, bitDepth: 8, data }, { zlib: nodeZlib });
}

/** `fg` at `alpha` (0..255) over `bg`. */
const blend = (fg: readonly number[], bg: readonly number[], alpha: number) => bg.map((b, i) => (fg[i] * alpha + b * (255 - alpha)) / 255);

/** The sample as segkit reads it in Node. */
let categories: Category[];
let records: ImageRecord[];
let masks: Mask[]; // of street.jpg's annotations
let owner: Int32Array; // 1 + index of the top annotation at each pixel of street.jpg
let server: Server;
let browser: Browser;
let page: Page;
let outDir: string;

async function canvasPixels(): Promise<{ width: number; height: number; rgb: (x: number, y: number) => number[] }> {
  const box = await page.evaluate(() => {
    const c = document.querySelector('#view') as HTMLCanvasElement;
    const r = c.getBoundingClientRect();
    return { x: r.left + c.clientLeft, y: r.top + c.clientTop, width: c.width, height: c.height };
  });
  const shot = await page.screenshot({ clip: box });
  const png = await decodePng(shot, { zlib: nodeZlib });
  expect([png.width, png.height]).toEqual([box.width, box.height]);
  const ch = png.channels;
  return { width: png.width, height: png.height, rgb: (x, y) => Array.from(png.data.subarray(ch * (y * png.width + x), ch * (y * png.width + x) + 3)) };
}

/** Canvas position -> page position of pixel (x, y)'s centre. */
async function pagePoint(x: number, y: number): Promise<{ x: number; y: number }> {
  const r = await page.locator('#view').boundingBox();
  return { x: r!.x + 1 + x + 0.5, y: r!.y + 1 + y + 0.5 };
}

/** 1 + index of the annotation on top at each pixel (later annotations are drawn over earlier ones). */
function topOwner(ms: Mask[], w: number, h: number): Int32Array {
  const out = new Int32Array(w * h);
  ms.forEach((m, j) => m.data.forEach((v, p) => { if (v) out[p] = j + 1; }));
  return out;
}

/** A pixel of annotation j whose 7×7 neighbourhood is all j's and no other annotation's. */
function deepPixel(j: number, w: number, h: number, top = owner, ms = masks): [number, number] | undefined {
  for (let y = 3; y < h - 3; y++) {
    for (let x = 3; x < w - 3; x++) {
      let ok = true;
      for (let dy = -3; dy <= 3 && ok; dy++) for (let dx = -3; dx <= 3 && ok; dx++) {
        const p = (y + dy) * w + x + dx;
        ok = top[p] === j + 1 && ms.every((m, k) => k === j || !m.data[p]);
      }
      if (ok) return [x, y];
    }
  }
  return undefined;
}

/**
 * Hovers every annotation of `record` that shows somewhere, and a pixel where two overlap (there
 * must be one when `expectOverlap`), checking the page's info against Node's.
 */
async function checkHover(record: ImageRecord, cats: Category[], expectOverlap = false): Promise<number> {
  const { width: w, height: h } = record.image;
  const ms = record.annotations.map((a) => rleDecode(annotationRle(a, record.image)));
  const top = topOwner(ms, w, h);
  const info = async (k: string) => page.locator(`#info dd[data-k='${k}']`).textContent();
  let hovered = 0;
  for (const [j, a] of record.annotations.entries()) {
    const at = deepPixel(j, w, h, top, ms);
    if (!at) continue;
    const p = await pagePoint(...at);
    await page.mouse.move(p.x, p.y);
    await page.locator('#info dl').waitFor({ state: 'visible' });
    await expect.poll(() => info('id')).toBe(String(a.id));
    const rle = annotationRle(a, record.image);
    expect(await info('class')).toBe(cats.find((c) => c.id === a.categoryId)?.name ?? `class ${a.categoryId}`);
    expect(await info('area')).toBe(String(rleArea(rle)));
    expect(await info('rle')).toBe(rleToString(rle));
    expect(await info('crowd')).toBe(a.iscrowd ? 'yes' : 'no');
    hovered++;
  }
  // Where objects overlap, the one drawn last (later in the file) is on top and is the one named.
  const overlap = top.findIndex((j, p) => j > 0 && ms.filter((m) => m.data[p]).length > 1 && top[p + 1] === j && top[p + w] === j);
  expect(overlap >= 0).toBe(expectOverlap);
  if (overlap >= 0) {
    const p = await pagePoint(overlap % w, Math.floor(overlap / w));
    await page.mouse.move(p.x, p.y);
    await expect.poll(() => info('id')).toBe(String(record.annotations[top[overlap] - 1].id));
  }
  await page.mouse.move(2, 2);
  await page.locator('#info dl').waitFor({ state: 'hidden' });
  return hovered;
}

async function waitReady(): Promise<void> {
  await page.waitForFunction(() => {
    const s = document.querySelector('#status') as HTMLElement;
    return s.dataset.state === 'ready' || s.dataset.state === 'error';
  });
  const error = await page.locator('#error').textContent();
  expect(await page.locator('#status').getAttribute('data-state'), error ?? '').toBe('ready');
}

async function loadSample(): Promise<void> {
  await page.locator('#annotations').setInputFiles(samplePath);
  await waitReady();
  await page.locator('#picture').setInputFiles({ name: 'street.png', mimeType: 'image/png', buffer: await picturePng(640, 480) });
  await waitReady();
}

describeBrowser('the playground in chromium', () => {
  beforeAll(async () => {
    const coco = await readCocoFile(samplePath);
    categories = coco.header.categories;
    records = [];
    for await (const r of coco.records) records.push(r);
    const street = records[0];
    masks = street.annotations.map((a) => rleDecode(annotationRle(a, street.image)));
    owner = topOwner(masks, street.image.width, street.image.height);

    outDir = await mkdtemp(join(tmpdir(), 'segkit-web-'));
    await build({ root: appDir, configFile: join(appDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = await serve({ '/': outDir });
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(server.url);
    await loadSample();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('draws every mask over the picture: mask colours inside the objects, the picture outside', async () => {
    expect(await page.locator('#status').textContent()).toContain('street.jpg: 640×480, 4 objects');
    const shot = await canvasPixels();
    expect([shot.width, shot.height]).toEqual([640, 480]);
    const street = records[0];
    let inside = 0;
    let worst = 0;
    for (let y = 0; y < 480; y++) {
      for (let x = 0; x < 640; x++) {
        const j = owner[y * 640 + x] - 1;
        const pic = picturePixel(x, y);
        const want = j < 0 ? pic : blend(categoryColor(street.annotations[j].categoryId, categories), pic, FILL_ALPHA);
        if (j >= 0) inside++;
        const got = shot.rgb(x, y);
        worst = Math.max(worst, ...got.map((v, i) => Math.abs(v - want[i])));
      }
    }
    expect(inside).toBeGreaterThan(30_000);
    expect(worst).toBeLessThanOrEqual(3); // canvas blending rounds through premultiplied alpha
  });

  it('hovering an object shows its class, area and RLE string, as segkit gives them in Node', async () => {
    expect(await checkHover(records[0], categories)).toBe(4);
  });

  it('polygon view: traced contours, center or edge, as traceContours gives them; fills inside', async () => {
    await page.locator("input[name=view][value=polygon]").check();
    const street = records[0];
    for (const tracing of ['center', 'edge'] as const) {
      await page.locator(`input[name=tracing][value=${tracing}]`).check();
      await expect.poll(() => page.locator('#status').textContent()).toContain(`(${tracing})`);
      let contours = 0;
      let vertices = 0;
      for (const m of masks) {
        const c = traceContours(m, { coords: tracing });
        contours += c.count;
        vertices += c.points.length / 2;
      }
      expect(await page.locator('#status').getAttribute('data-contours')).toBe(String(contours));
      expect(await page.locator('#status').getAttribute('data-vertices')).toBe(String(vertices));
      const shot = await canvasPixels();
      for (const [j, a] of street.annotations.entries()) {
        const at = deepPixel(j, 640, 480);
        if (!at) continue;
        const want = blend(categoryColor(a.categoryId, categories), picturePixel(...at), FILL_ALPHA);
        shot.rgb(...at).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(3));
      }
      expect(shot.rgb(2, 2)).toEqual(picturePixel(2, 2));
    }
    await page.locator("input[name=view][value=mask]").check();
  });

  it('an image without a picture is drawn on a neutral background of its size', async () => {
    await page.locator('#image').selectOption('1');
    await waitReady();
    expect(await page.locator('#status').textContent()).toContain('field.jpg: 320×240 (no picture: neutral background), 1 object;');
    const shot = await canvasPixels();
    expect([shot.width, shot.height]).toEqual([320, 240]);
    const field = records[1];
    const m = rleDecode(annotationRle(field.annotations[0], field.image));
    const color = categoryColor(field.annotations[0].categoryId, categories);
    let worst = 0;
    for (let y = 0; y < 240; y++) {
      for (let x = 0; x < 320; x++) {
        const want = m.data[y * 320 + x] ? blend(color, NEUTRAL, FILL_ALPHA) : NEUTRAL;
        worst = Math.max(worst, ...shot.rgb(x, y).map((v, i) => Math.abs(v - want[i])));
      }
    }
    expect(worst).toBeLessThanOrEqual(3);
    await page.locator('#image').selectOption('0');
    await waitReady();
  });

  async function download(format: string): Promise<{ name: string; bytes: Buffer }> {
    await page.locator('#format').selectOption(format);
    const [d] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    const path = await d.path();
    return { name: d.suggestedFilename(), bytes: await readFile(path) };
  }

  it('downloads COCO JSON with RLEs and with polygons, byte for byte as segkit writes them in Node', async () => {
    for (const [format, convert, suffix] of [['coco-rle', toRle, 'rle'], ['coco-polygons', (r: ImageRecord) => toPolygons(r), 'polygons']] as const) {
      const got = await download(format);
      expect(got.name).toBe(`sample-coco.${suffix}.json`);
      const sink = memorySink();
      await writeCoco(sink, convertDataset(await readCocoFile(samplePath), 'instances', convert), { ids: 'keep' });
      expect(got.bytes.toString('utf8')).toBe(sink.text());
      expect(JSON.parse(sink.text()).annotations).toHaveLength(5);
    }
  });

  it('downloads the shown image as a label PNG with the pixels segkit paints in Node', async () => {
    const got = await download('semantic-png');
    expect(got.name).toBe('street.png');
    const files = memoryFiles();
    const semantic = convertDataset({ header: { kind: 'instances', categories }, records: (async function* () { yield { ...records[0], files: undefined }; })() },
      'semantic', (r) => instancesToSemantic(r));
    await writeSemanticPng(files, semantic, { zlib: nodeZlib });
    const [path] = await files.list();
    const want = await decodePng(await files.read(path), { zlib: nodeZlib });
    const png = await decodePng(got.bytes, { zlib: nodeZlib });
    expect([png.width, png.height, png.colorType, png.bitDepth]).toEqual([want.width, want.height, want.colorType, want.bitDepth]);
    expect(Buffer.from(png.data.buffer).equals(Buffer.from(want.data.buffer))).toBe(true);
    expect(new Set(png.data)).toEqual(new Set([255, 1, 3]));
  });

  it('reads a LabelMe JSON (file input) and a label PNG (dropped on the page) as segkit does in Node', async () => {
    const labelme = Buffer.from(JSON.stringify({
      version: '5.4.1', flags: {}, imagePath: 'pic.png', imageData: (await picturePng(120, 80)).toString('base64'), imageHeight: 80, imageWidth: 120,
      shapes: [
        { label: 'cat', points: [[10.5, 8], [62, 12.25], [40, 58.5], [12, 40]], group_id: null, shape_type: 'polygon', flags: {} },
        { label: 'box', points: [[50, 20], [110, 70]], group_id: null, shape_type: 'rectangle', flags: {} },
        { label: 'cat', points: [[20, 62], [50, 62], [50, 78], [20, 78]], group_id: null, shape_type: 'polygon', flags: {} },
      ],
    }));
    await page.locator('#annotations').setInputFiles({ name: 'pic.json', mimeType: 'application/json', buffer: labelme });
    await waitReady();
    // The picture embedded in the file (imageData) is drawn under the objects.
    expect(await page.locator('#status').textContent()).toContain('pic.png: 120×80, 3 objects;');
    const shot = await canvasPixels();
    for (const [x, y] of [[2, 2], [117, 3], [5, 76]]) shot.rgb(x, y).forEach((v, i) => expect(Math.abs(v - picturePixel(x, y)[i])).toBeLessThanOrEqual(1));
    const lm = await readLabelme(memoryFiles({ 'pic.json': labelme }));
    for await (const r of lm.records) expect(await checkHover(r, lm.header.categories, true)).toBe(3);
    const sink = memorySink();
    await writeCoco(sink, convertDataset(await readLabelme(memoryFiles({ 'pic.json': labelme })), 'instances', toRle), { ids: 'renumber' });
    const got = await download('coco-rle');
    expect(got.name).toBe('pic.rle.json');
    expect(got.bytes.toString('utf8')).toBe(sink.text());
    expect(got.bytes.toString('utf8')).not.toContain('imageData');

    // A grey label PNG: classes 3 and 7 on 0, a void (255) band.
    const [w, h] = [96, 64];
    const values = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      values[y * w + x] = y < 4 ? 255 : (x - 30) ** 2 + (y - 30) ** 2 < 300 ? 3 : x > 60 && y > 20 ? 7 : 0;
    }
    const png = await encodePng({ width: w, height: h, colorType: 0, bitDepth: 8, data: values }, { zlib: nodeZlib });
    await page.evaluate(async (bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'labels.png', { type: 'image/png' }));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, Array.from(png));
    await expect.poll(() => page.locator('#status').textContent()).toContain('labels.jpg: 96×64');
    const sem = await readSemanticPng(memoryFiles({ 'labels.png': png }), { zlib: nodeZlib });
    for await (const r of sem.records) {
      expect(r.annotations.map((a) => a.categoryId).sort()).toEqual([0, 3, 7]);
      expect(await checkHover(r, sem.header.categories)).toBe(3);
    }
    await loadSample();
  });

  // SEGKIT_SCREENSHOT=1 (`pnpm --filter @segkit/web screenshot`) rewrites docs/playground.png.
  it.runIf(process.env.SEGKIT_SCREENSHOT === '1')('screenshot for the README', async () => {
    const shotPage = await browser.newPage({ viewport: { width: 1160, height: 700 }, deviceScaleFactor: 1 });
    await shotPage.goto(server.url);
    await shotPage.locator('#annotations').setInputFiles(samplePath);
    await shotPage.locator('#picture').setInputFiles({ name: 'street.png', mimeType: 'image/png', buffer: Buffer.from(await scenePng(640, 480)) });
    await shotPage.waitForFunction(() => (document.querySelector('#status') as HTMLElement).textContent!.includes('street.jpg: 640×480,'));
    await shotPage.locator("input[name=view][value=polygon]").check();
    const box = (await shotPage.locator('#view').boundingBox())!;
    await shotPage.mouse.move(box.x + 1 + 140.5, box.y + 1 + 150.5);
    await shotPage.locator('#info dl').waitFor({ state: 'visible' });
    await mkdir(join(repoRoot, 'docs'), { recursive: true });
    await writeFile(join(repoRoot, 'docs/playground.png'), await shotPage.screenshot());
    await shotPage.close();
  });

  it('"Load the sample" reads the bundled sample in the page', async () => {
    await page.reload();
    await page.locator('#sample').click();
    await waitReady();
    expect(await page.locator('#image option').count()).toBe(2);
    expect(await page.locator('#status').textContent()).toMatch(/^street\.jpg: 640×480.*, 4 objects;/);
    await loadSample();
  });
});
