// Streaming a COCO file larger than V8's string limit (~512 MiB): generate one, read it record by
// record, and copy it (read -> write), each phase in its own process so that its peak RSS is its own.
//
//   pnpm --filter @segkit/bench exec tsx src/stream-coco.ts [--mb 700] [--order grouped|scattered] [--keep]
//
// Prints wall time, CPU time (user + system), throughput and peak RSS per phase. The generated file and the copy live in
// bench/.work and are removed afterwards unless --keep.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCocoJson as generate } from './workloads/coco-json';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '..', '.work');
const args = process.argv.slice(2);
const value = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);

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
