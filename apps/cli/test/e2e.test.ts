// End-to-end: the built CLI (dist/segkit.js, spawned) on datasets generated here, checked against
// the library reading the outputs back.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  annotationRle, readCocoFile, rleDecode, rleEncode, toCocoRle, type Dataset,
} from 'segkit/node';
import { FORMATS, openInput, type FormatName } from '../src/formats';

const CLI = fileURLToPath(new URL('../dist/segkit.js', import.meta.url));
const W = 64;
const H = 48;

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function ok(args: string[], env: Record<string, string> = {}) {
  const r = run(args, env);
  if (r.code !== 0) throw new Error(`segkit ${args.join(' ')} exited ${r.code}: ${r.err}`);
  return r;
}

/** A seeded generator (mulberry32), so every run builds the same datasets. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = [{ id: 1, name: 'cat' }, { id: 3, name: 'dog' }, { id: 7, name: 'bird' }];

/**
 * A COCO instances dataset: per image up to three objects in separate bands (no overlaps, so every
 * format can hold them), polygons and, every third image, an RLE ring (a hole) drawn here.
 */
function cocoDataset(images: number, seed: number, fileName = (i: number) => `img${i}.png`): object {
  const r = rng(seed);
  const imgs = [];
  const anns = [];
  let aid = 1;
  for (let i = 1; i <= images; i++) {
    imgs.push({ id: i * 10, file_name: fileName(i), width: W, height: H });
    for (let band = 0; band < 3; band++) {
      if (r() < 0.2) continue;
      const y0 = band * 16 + 1;
      const x0 = Math.floor(r() * 30);
      const w = 6 + Math.floor(r() * 25);
      const cat = CATEGORIES[Math.floor(r() * 3)].id;
      let segmentation: unknown = [[x0, y0, x0 + w, y0 + r() * 3, x0 + w - 2, y0 + 13, x0 + 1.5, y0 + 11]];
      if (band === 1 && i % 3 === 0) {
        const data = new Uint8Array(W * H);
        for (let y = y0; y < y0 + 12; y++) for (let x = x0; x < x0 + 12; x++) data[y * W + x] = x > x0 + 3 && x < x0 + 8 && y > y0 + 3 && y < y0 + 8 ? 0 : 1;
        segmentation = toCocoRle(rleEncode({ width: W, height: H, data }));
      }
      anns.push({ id: aid++, image_id: i * 10, category_id: cat, segmentation, area: 0, bbox: [0, 0, 0, 0], iscrowd: 0 });
    }
  }
  return { info: { description: 'generated' }, images: imgs, annotations: anns, categories: CATEGORIES };
}

/** Per image stem, per class name: the class's pixels (union of its objects) as a 0/1 string. */
async function classPixels(ds: Dataset): Promise<Map<string, string>> {
  const names = new Map(ds.header.categories.map((c) => [c.id, c.name]));
  const out = new Map<string, string>();
  for await (const rec of ds.records) {
    const stem = rec.image.fileName.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
    const per = new Map<string, Uint8Array>();
    for (const a of rec.annotations) {
      const name = names.get(a.categoryId) ?? String(a.categoryId);
      const m = rleDecode(annotationRle(a, rec.image));
      const acc = per.get(name) ?? new Uint8Array(m.data.length);
      for (let p = 0; p < acc.length; p++) acc[p] |= m.data[p];
      per.set(name, acc);
    }
    for (const [name, px] of per) if (px.some((v) => v)) out.set(`${stem}/${name}`, px.join(''));
  }
  return out;
}

/** Where a format's output goes under a folder. */
const target = (dir: string, f: FormatName) => (f === 'coco' || f === 'coco-panoptic' ? join(dir, `${f}.json`) : join(dir, f));
/** Flags every reading of a format needs here (label-only YOLO/polygon files have no images to size them). */
const readFlags = (f: FormatName): string[] => (f === 'yolo-seg' || f === 'polygon-json' ? ['--size', `${W}x${H}`] : []);

let tmp: string;
let source: string;
let expected: Map<string, string>;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'segkit-cli-'));
  source = join(tmp, 'source.json');
  writeFileSync(source, JSON.stringify(cocoDataset(12, 7)));
  expected = await classPixels(await readCocoFile(source));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('segkit convert, every format pair', () => {
  it('coco -> every format -> every format keeps each class\'s pixels exactly', async () => {
    const first = join(tmp, 'pairs-1');
    for (const f of FORMATS) ok(['convert', '--from', 'coco', '--to', f, source, target(first, f), '-j', '1', '--quiet']);
    for (const from of FORMATS) {
      const second = join(tmp, `pairs-2-${from}`);
      for (const to of FORMATS) {
        ok(['convert', '--from', from, '--to', to, target(first, from), target(second, to), '-j', '1', '--quiet', ...readFlags(from)]);
        const back = await classPixels(await openInput(to, target(second, to), { size: { width: W, height: H } }));
        expect([...back.keys()].sort(), `${from} -> ${to}`).toEqual([...expected.keys()].sort());
        for (const [k, v] of expected) expect(back.get(k) === v, `${from} -> ${to}: ${k}`).toBe(true);
      }
    }
  });

  it('coco -> semantic PNG -> coco: thing classes split into components, categories from the folder', async () => {
    const sem = join(tmp, 'sem');
    ok(['convert', '--from', 'coco', '--to', 'semantic-png', source, sem, '--quiet']);
    expect(existsSync(join(sem, 'categories.json'))).toBe(true);
    const r = ok(['convert', '--from', 'semantic-png', '--to', 'coco', sem, join(tmp, 'sem.json'), '--json']);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ images: 12, workers: expect.any(Number), report: { dropped: 0 } });
    expect(s.imagesPerSecond).toBeGreaterThan(0);
    const back = await readCocoFile(join(tmp, 'sem.json'));
    expect(back.header.categories.map((c) => c.name)).toEqual(CATEGORIES.map((c) => c.name));
    const ids: number[] = [];
    for await (const rec of back.records) ids.push(rec.image.id as number, ...rec.annotations.map((a) => a.id as number));
    expect(ids.every((id) => Number.isInteger(id) && id >= 1)).toBe(true);
  });
});

describe('determinism, shards and merge', () => {
  it('-j 1 and -j 2 write the same bytes (more images than the window, batches and shards of them)', () => {
    const many = join(tmp, 'many.json');
    writeFileSync(many, JSON.stringify(cocoDataset(300, 5)));
    for (const [to, rest] of [['coco', ['--segmentation', 'rle']], ['coco', ['--segmentation', 'polygons']], ['semantic-png', []]] as const) {
      const a = target(join(tmp, `j1-${rest.join('')}`), to);
      const b = target(join(tmp, `j2-${rest.join('')}`), to);
      ok(['convert', '--from', 'coco', '--to', to, many, a, '-j', '1', '--quiet', ...rest]);
      ok(['convert', '--from', 'coco', '--to', to, many, b, '-j', '2', '--quiet', ...rest]);
      expect(same(a, b), `${to} ${rest.join(' ')}`).toBe(true);
    }
    // semantic PNGs read on the workers
    const sem = target(join(tmp, 'j1-'), 'semantic-png');
    ok(['convert', '--from', 'semantic-png', '--to', 'coco', sem, join(tmp, 'sem-j1.json'), '-j', '1', '--quiet']);
    ok(['convert', '--from', 'semantic-png', '--to', 'coco', sem, join(tmp, 'sem-j2.json'), '-j', '2', '--quiet']);
    expect(same(join(tmp, 'sem-j1.json'), join(tmp, 'sem-j2.json'))).toBe(true);
  });

  it('4 shards + merge equal the single run byte for byte (--shard, SLURM and Kubernetes indices)', () => {
    const d = join(tmp, 'shards');
    for (const [to, from, input] of [['coco', 'coco', source], ['semantic-png', 'coco', source], ['coco-panoptic', 'coco', source]] as const) {
      const extra = to === 'coco-panoptic' ? ['--overlap', 'area'] : ['--segmentation', 'rle'];
      const single = target(join(d, 'single'), to);
      ok(['convert', '--from', from, '--to', to, input, single, '--quiet', ...extra]);
      const parts = [0, 1, 2, 3].map((k) => target(join(d, `part${k}`), to));
      ok(['convert', '--from', from, '--to', to, input, parts[0], '--quiet', ...extra, '--shard', '0/4']);
      ok(['convert', '--from', from, '--to', to, input, parts[1], '--quiet', ...extra, '--shards', '4'], { JOB_COMPLETION_INDEX: '1' });
      ok(['convert', '--from', from, '--to', to, input, parts[2], '--quiet', ...extra, '--shards', 'auto'], { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' });
      ok(['convert', '--from', from, '--to', to, input, parts[3], '--quiet', ...extra, '--shard', '3/4']);
      const merged = target(join(d, 'merged'), to);
      ok(['merge', parts[3], `${parts[1]}.segkit-shard.json`, parts[1], parts[0], parts[2], merged]); // any order, manifests ignored
      expect(same(single, merged), to).toBe(true);
      if (to === 'coco-panoptic') expect(same(single.replace(/\.json$/, ''), merged.replace(/\.json$/, '')), 'panoptic PNGs').toBe(true);
      rmSync(d, { recursive: true });
    }
  });

  it('renumbered ids (semantic -> coco) are the single run\'s after merge; a missing shard is refused', () => {
    const sem = join(tmp, 'sem-merge');
    ok(['convert', '--from', 'coco', '--to', 'semantic-png', source, sem, '--quiet']);
    ok(['convert', '--from', 'semantic-png', '--to', 'coco', sem, join(tmp, 'ren.json'), '--quiet']);
    for (const k of [0, 1, 2]) ok(['convert', '--from', 'semantic-png', '--to', 'coco', sem, join(tmp, `ren${k}.json`), '--quiet', '--shard', `${k}/3`]);
    ok(['merge', ...[0, 1, 2].map((k) => join(tmp, `ren${k}.json`)), join(tmp, 'ren-merged.json')]);
    expect(same(join(tmp, 'ren.json'), join(tmp, 'ren-merged.json'))).toBe(true);
    const r = run(['merge', join(tmp, 'ren0.json'), join(tmp, 'ren2.json'), join(tmp, 'ren-bad.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/expected shard 1 of 3/);
    expect(existsSync(join(tmp, 'ren-bad.json'))).toBe(false);
  });
});

describe('never lose data', () => {
  it('refuses to overwrite without --force, skips finished outputs with --resume', () => {
    const out = join(tmp, 'once.json');
    ok(['convert', '--from', 'coco', '--to', 'coco', source, out, '--quiet']);
    const before = readFileSync(out);
    const r = run(['convert', '--from', 'coco', '--to', 'coco', source, out, '--segmentation', 'rle']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/already exists.*--force/);
    expect(readFileSync(out).equals(before)).toBe(true);
    const s = JSON.parse(ok(['convert', '--from', 'coco', '--to', 'coco', source, out, '--resume', '--json']).out);
    expect(s.skipped).toBe(true);
    ok(['convert', '--from', 'coco', '--to', 'coco', source, out, '--force', '--quiet', '--segmentation', 'rle']);
    expect(readFileSync(out).equals(before)).toBe(false);
  });

  it('a run killed mid-write leaves no output; the next run cleans up and completes', async () => {
    const big = join(tmp, 'big.json');
    writeFileSync(big, JSON.stringify(cocoDataset(3000, 11)));
    const dir = join(tmp, 'killed');
    const out = join(dir, 'sem');
    const child = spawn(process.execPath, [CLI, 'convert', '--from', 'coco', '--to', 'semantic-png', big, out, '-j', '1', '--quiet']);
    // wait until it is writing PNGs into its staging folder, then kill it
    await new Promise<void>((done, fail) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        let written = 0;
        try {
          const staged = readdirSync(dir).find((e) => e.startsWith('.segkit-partial.'));
          written = staged ? readdirSync(join(dir, staged, 'sem')).length : 0;
        } catch {
          // not created yet
        }
        if (written > 5) {
          clearInterval(poll);
          child.kill('SIGKILL');
          done();
        } else if (Date.now() - t0 > 60_000 || child.exitCode !== null) {
          clearInterval(poll);
          fail(new Error('the run finished before it could be killed'));
        }
      }, 5);
    });
    await new Promise((done) => child.on('exit', done));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).every((e) => e.startsWith('.segkit-partial.sem.'))).toBe(true);
    ok(['convert', '--from', 'coco', '--to', 'semantic-png', big, out, '-j', '2', '--quiet']);
    expect(readdirSync(dir)).toEqual(['sem']);
    expect(readdirSync(out).length).toBe(3001);
  });

  it('file names from annotation files never write outside the output folder (../, absolute, NUL); --keep-going writes the rest', () => {
    const names = ['../escape.png', '/abs/evil.png', 'nul\u0000byte.png', 'fine.png', 'sub/../../up.png'];
    const bad = join(tmp, 'bad-names.json');
    writeFileSync(bad, JSON.stringify(cocoDataset(names.length, 3, (i) => names[i - 1])));
    const parent = join(tmp, 'names');
    for (const to of ['semantic-png', 'instance-png', 'labelme', 'yolo-seg', 'polygon-json', 'coco-panoptic'] as const) {
      const dest = target(parent, to);
      const r = run(['convert', '--from', 'coco', '--to', to, bad, dest, '--quiet']);
      expect(r.code, `${to} ${r.err}`).toBe(2); // the NUL byte at least
      expect(r.err, to).toMatch(/relative path inside the folder|NUL/);
      expect(existsSync(parent) ? readdirSync(parent) : [], to).toEqual([]);
      const k = run(['convert', '--from', 'coco', '--to', to, bad, dest, '--keep-going', '--json']);
      expect(k.code, to).toBe(2);
      if (to === 'coco-panoptic') {
        // a JSON stream cannot take a record back: writer errors stop the run even with --keep-going
        expect(readdirSync(parent), to).toEqual([]);
        continue;
      }
      const errors = JSON.parse(k.out).errors as { image: number }[];
      expect(errors.map((e) => e.image), to).toContain(30);
      expect(existsSync(join(tmp, 'escape.png')) || existsSync(join(tmp, 'up.png')) || existsSync(join(parent, 'escape.png')) || existsSync('/abs/evil.png')).toBe(false);
      expect(readdirSync(parent).filter((e) => !e.startsWith(to)), to).toEqual([]);
      rmSync(parent, { recursive: true });
    }
  });

  it('bad input: exit 2 naming the file and the item; usage errors exit 1', () => {
    const broken = join(tmp, 'broken.json');
    const doc = cocoDataset(3, 5) as { annotations: { segmentation: unknown }[] };
    doc.annotations[2].segmentation = [[1, 2, 3]];
    writeFileSync(broken, JSON.stringify(doc));
    const r = run(['convert', '--from', 'coco', '--to', 'coco', broken, join(tmp, 'x.json'), '--segmentation', 'rle']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('broken.json');
    expect(r.err).toMatch(/annotations\[2\]\.segmentation\[0\]: expected an even number/);
    expect(existsSync(join(tmp, 'x.json'))).toBe(false);
    writeFileSync(join(tmp, 'notjson.json'), '{"images": [');
    expect(run(['convert', '--from', 'coco', '--to', 'coco', join(tmp, 'notjson.json'), join(tmp, 'y.json')]).code).toBe(2);
    const missing = run(['convert', '--from', 'semantic-png', '--to', 'coco', join(tmp, 'no-such-folder'), join(tmp, 'y.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no-such-folder: no such folder/);
    expect(run(['convert', '--from', 'cocoa', '--to', 'coco', source, join(tmp, 'y.json')]).code).toBe(1);
    expect(run(['convert', '--from', 'coco', source, join(tmp, 'y.json')]).code).toBe(1);
    expect(run(['convert', '--from', 'coco', '--to', 'coco', source, join(tmp, 'y.json'), '--shard', '4/4']).code).toBe(1);
  });
});

describe('the sample job', () => {
  it('coco -> semantic PNG -> coco, then compare: exact objects, the two-part car split in two', () => {
    const sample = fileURLToPath(new URL('../../../examples/sample-coco.json', import.meta.url));
    const d = join(tmp, 'sample');
    ok(['convert', '--from', 'coco', '--to', 'semantic-png', sample, join(d, 'semantic'), '--quiet']);
    ok(['convert', '--from', 'semantic-png', '--to', 'coco', join(d, 'semantic'), join(d, 'roundtrip.json'), '--quiet']);
    const c = JSON.parse(ok(['compare', sample, join(d, 'roundtrip.json'), '--format', 'coco', '--json']).out);
    const doc = JSON.parse(readFileSync(sample, 'utf8')) as { annotations: { segmentation: unknown }[] };
    const multiPart = doc.annotations.filter((a) => Array.isArray(a.segmentation) && a.segmentation.length > 1).length;
    expect(c).toMatchObject({ objects: doc.annotations.length, missing: 0, missingImages: 0, extraImages: 0 });
    expect(c.changed).toBe(multiPart);
    expect(c.extra).toBe(multiPart);
    expect(c.exact).toBe(doc.annotations.length - multiPart);
    const self = JSON.parse(ok(['compare', sample, sample, '--format', 'coco', '--json']).out);
    expect(self).toMatchObject({ exact: doc.annotations.length, changed: 0, extra: 0, meanIou: 1 });
  });
});

describe('validate and info', () => {
  it('validate reports stored areas that differ, --fix writes a clean dataset', () => {
    const r = run(['validate', source, '--format', 'coco', '--json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out);
    expect(v.summary.warnings).toBeGreaterThan(0);
    expect(v.findings[0]).toMatchObject({ code: 'W_AREA', file: source });
    const fixed = join(tmp, 'fixed.json');
    ok(['validate', source, '--format', 'coco', '--fix', fixed, '--quiet']);
    expect(JSON.parse(ok(['validate', fixed, '--format', 'coco', '--json']).out).summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('validate exits 2 while errors remain; --fix repairs what it can and exits 0', () => {
    const doc = cocoDataset(4, 9) as { annotations: { id: number }[] };
    doc.annotations[1].id = doc.annotations[0].id;
    const dup = join(tmp, 'dup.json');
    writeFileSync(dup, JSON.stringify(doc));
    const r = run(['validate', dup, '--format', 'coco']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/error E_DUPLICATE_ID .*dup\.json records\[\d+\]\.annotations\[\d+\]\.id/);
    const fixed = join(tmp, 'dup-fixed.json');
    expect(run(['validate', dup, '--format', 'coco', '--fix', fixed, '--quiet']).code).toBe(0);
    expect(run(['validate', fixed, '--format', 'coco', '--quiet']).code).toBe(0);
  });

  it('info counts objects per class, parts and holes', async () => {
    const s = JSON.parse(ok(['info', source, '--format', 'coco', '--json', '-j', '2']).out);
    const doc = JSON.parse(readFileSync(source, 'utf8')) as { annotations: { category_id: number; segmentation: unknown }[] };
    expect(s.images).toBe(12);
    expect(s.annotations).toBe(doc.annotations.length);
    for (const c of CATEGORIES) expect(s.perClass.find((p: { id: number }) => p.id === c.id).objects).toBe(doc.annotations.filter((a) => a.category_id === c.id).length);
    expect(s.withHoles).toBe(doc.annotations.filter((a) => !Array.isArray(a.segmentation)).length);
    expect(s.areaHistogram.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(s.annotations);
  });
});

function same(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false;
  const files = (p: string): string[] => (readdirSync(p, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(p, e.name)).map((f) => `${e.name}/${f}`) : [e.name]))).sort();
  try {
    readdirSync(a);
  } catch {
    return readFileSync(a).equals(readFileSync(b));
  }
  const fa = files(a);
  return JSON.stringify(fa) === JSON.stringify(files(b)) && fa.every((f) => readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
}
