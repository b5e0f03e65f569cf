// Streaming a COCO file larger than V8's string limit (~512 MiB): generate one, read it record by
// record, and copy it (read -> write), each phase in its own process so that its peak RSS is its own.
//
//   pnpm --filter @segkit/bench exec tsx src/stream-coco.ts [--mb 700] [--order grouped|scattered] [--keep]
//
// Prints wall time, CPU time (user + system), throughput and peak RSS per phase. The generated file and the copy live in
// bench/.work and are removed afterwards unless --keep.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '..', '.work');
const args = process.argv.slice(2);
const value = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);

const W = 640, H = 480, PER_IMAGE = 10;

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One annotation's JSON: a 16-40 vertex polygon, or (1 in 5) a compressed RLE of a box-like blob. */
function annotation(id: number, imageId: number, r: () => number): string {
  const cx = 40 + r() * (W - 80), cy = 40 + r() * (H - 80), rad = 10 + r() * 30;
  if (id % 5 === 0) {
    // an RLE: columns x0..x1 each with one run rows y0..y1 (compressed string written by hand is
    // not needed: uncompressed counts keep the generator free of segkit)
    const x0 = Math.floor(cx - rad), x1 = Math.floor(cx + rad), y0 = Math.floor(cy - rad), y1 = Math.floor(cy + rad);
    const counts = [x0 * H + y0];
    for (let x = x0; x < x1; x++) counts.push(y1 - y0, x < x1 - 1 ? H - (y1 - y0) : 0);
    counts[counts.length - 1] = (W - x1) * H + (H - y1);
    return `{"id":${id},"image_id":${imageId},"category_id":${1 + (id % 80)},"segmentation":{"size":[${H},${W}],"counts":[${counts.join(',')}]},"area":${(x1 - x0) * (y1 - y0)},"bbox":[${x0},${y0},${x1 - x0},${y1 - y0}],"iscrowd":1}`;
  }
  const n = 16 + Math.floor(r() * 25);
  const pts: string[] = [];
  for (let k = 0; k < n; k++) {
    const a = (k / n) * 2 * Math.PI, d = rad * (0.6 + 0.4 * r());
    pts.push(`${(cx + d * Math.cos(a)).toFixed(2)},${(cy + d * Math.sin(a)).toFixed(2)}`);
  }
  return `{"id":${id},"image_id":${imageId},"category_id":${1 + (id % 80)},"segmentation":[[${pts.join(',')}]],"area":${Math.round(Math.PI * rad * rad)},"bbox":[${(cx - rad).toFixed(2)},${(cy - rad).toFixed(2)},${(2 * rad).toFixed(2)},${(2 * rad).toFixed(2)}],"iscrowd":0}`;
}

async function generate(path: string, mb: number, order: string): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const put = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const r = rng(7);
  const approxAnn = 560; // bytes per annotation, measured on this generator
  const images = Math.ceil((mb * 1024 * 1024) / (approxAnn * PER_IMAGE));
  const total = images * PER_IMAGE;
  await put(`{"info":{"description":"segkit streaming test, ${mb} MiB"},"licenses":[],"images":[`);
  for (let i = 1; i <= images; i++) await put(`${i > 1 ? ',' : ''}\n{"id":${i},"file_name":"${String(i).padStart(12, '0')}.jpg","width":${W},"height":${H}}`);
  await put('\n],"annotations":[');
  let buf = '';
  for (let k = 0; k < total; k++) {
    // grouped: image by image; scattered: a fixed permutation (as COCO's own files, not grouped)
    const image = order === 'grouped' ? Math.floor(k / PER_IMAGE) + 1 : ((k * 7919) % images) + 1;
    buf += `${k > 0 ? ',' : ''}\n${annotation(k + 1, image, r)}`;
    if (buf.length > 1 << 20) {
      await put(buf);
      buf = '';
    }
  }
  await put(`${buf}\n],"categories":[${Array.from({ length: 80 }, (_, c) => `{"id":${c + 1},"name":"c${c + 1}"}`).join(',')}]}\n`);
  out.end();
  await once(out, 'finish');
}

async function phase(name: string, path: string, out?: string): Promise<void> {
  const { readCocoFile, writeCocoFile } = await import('segkit/node');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let images = 0, annotations = 0, rss = 0;
  const timer = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 50);
  if (name === 'read') {
    const ds = await readCocoFile(path);
    for await (const rec of ds.records) {
      images++;
      annotations += rec.annotations.length;
    }
  } else {
    const ds = await readCocoFile(path);
    const s = await writeCocoFile(out!, ds);
    images = s.images;
    annotations = s.annotations;
  }
  clearInterval(timer);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const maxRss = Math.max(rss, process.resourceUsage().maxRSS * 1024);
  console.log(JSON.stringify({ phase: name, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), images, annotations, peakRssMiB: Math.round(maxRss / 2 ** 20) }));
}

const cmd = args[0];
if (cmd === 'read' || cmd === 'copy') {
  await phase(cmd, args[1], args[2]);
} else {
  const mb = Number(value('--mb', '700'));
  const order = value('--order', 'scattered');
  mkdirSync(work, { recursive: true });
  const file = join(work, `coco-${mb}mb-${order}.json`);
  const copy = join(work, `coco-${mb}mb-${order}.copy.json`);
  let t = performance.now();
  await generate(file, mb, order);
  const size = statSync(file).size;
  console.log(`generated ${file}: ${(size / 2 ** 20).toFixed(0)} MiB (${(size / 2 ** 29).toFixed(2)}x V8's 512 MiB string limit) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const rows: Record<string, unknown>[] = [];
  for (const [p, extra] of [['read', []], ['copy', [copy]]] as const) {
    t = performance.now();
    const res = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), p, file, ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (res.status !== 0) throw new Error(`${p} failed: ${res.stderr}`);
    const row = JSON.parse(res.stdout.trim().split('\n').pop()!);
    row.MiBps = Math.round(size / 2 ** 20 / (row.ms / 1000));
    rows.push(row);
    console.log(row);
  }
  if (statSync(copy).size < size * 0.5) throw new Error('the copy is unexpectedly small');
  console.log(`copy: ${(statSync(copy).size / 2 ** 20).toFixed(0)} MiB`);
  if (!args.includes('--keep')) {
    rmSync(file);
    rmSync(copy);
  }
}
