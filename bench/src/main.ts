// pnpm bench [--case <name>[,<name>…]] [--quick] [--native] [--readme] [--list] [--in-process]
// Runs every default case (or the named ones, opt-in cases included), each in a fresh process
// unless --in-process (peers' memory, allocator and JIT state never carry over), prints a table, writes
// bench/results/latest.json (partial.json for --case or --quick runs; coco-2gb.json for the
// coco-2gb case), and with --readme rewrites the README's performance section from it.
import { execSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release, arch, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCases } from './cases/index';
import { runCase, type CaseResult } from './run';
import { factsLine, markdownTable, terminalTable } from './report';
import { probeCv2, PYTHON } from './peers/native';
import { CLI, cliUnavailable } from './peers/spawn';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2).filter((a) => a !== '--');
const flag = (n: string) => args.includes(n);
const value = (n: string) => {
  const i = args.indexOf(n);
  return i >= 0 ? args[i + 1] : undefined;
};

if (flag('--list')) {
  for (const c of allCases) console.log(`${c.name.padEnd(22)} ${c.title}${c.optIn ? `\n${''.padEnd(22)} (not in the default run: ${c.optIn})` : ''}`);
  process.exit(0);
}

const wanted = value('--case')?.split(',');
const exact = args.includes('--child-out');
const cases = wanted ? allCases.filter((c) => wanted.some((w) => c.name === w || (!exact && c.name.startsWith(`${w}-`)))) : allCases.filter((c) => !c.optIn);
if (wanted && cases.length === 0) {
  console.error(`no case named ${wanted.join(', ')}; see pnpm bench --list`);
  process.exit(1);
}
const quick = flag('--quick');
const opts = quick ? { samples: 5, sampleMs: 10, warmupMs: 50 } : { samples: 15, sampleMs: 40, warmupMs: 200 };
process.env.SEGKIT_BENCH_NATIVE = flag('--native') ? '1' : '';

const started = performance.now();
const results: CaseResult[] = [];
const childOut = value('--child-out');
const isolate = !childOut && !flag('--in-process') && cases.length > 1;
const scratch = isolate ? mkdtempSync(join(tmpdir(), 'segkit-bench-')) : '';
for (const c of cases) {
  process.stderr.write(`${c.name}: setting up\n`);
  const t0 = performance.now();
  let r: CaseResult;
  if (isolate) {
    // The same script and flags for this one case, in a child that writes its result to a file.
    const out = join(scratch, `${c.name}.json`);
    const rest = args.filter((a, i) => !['--case', '--readme'].includes(a) && args[i - 1] !== '--case');
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...rest, '--case', c.name, '--child-out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    try {
      r = JSON.parse(readFileSync(out, 'utf8')) as CaseResult;
    } catch {
      const why = child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`;
      r = { name: c.name, title: c.title, unit: c.unit, impls: [{ name: 'segkit', includes: '-', status: 'error', detail: `the case's process failed (${why})` }] } as CaseResult;
    }
  } else {
    r = await runCase(c, opts, (s) => process.stderr.write(`${s}\n`));
  }
  r.seconds = Math.round((performance.now() - t0) / 1000);
  process.stderr.write(`${c.name}: done in ${r.seconds} s\n`);
  results.push(r);
}
if (scratch) rmSync(scratch, { recursive: true, force: true });
if (childOut) {
  writeFileSync(childOut, JSON.stringify(results[0]));
  process.exit(0);
}
console.log(terminalTable(results));
const seconds = Math.round((performance.now() - started) / 1000);
console.log(`\n${cases.length} cases in ${seconds} s`);

const sh = (cmd: string) => {
  try {
    return execSync(cmd, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
};
const pkgVersion = (name: string) => {
  try {
    return JSON.parse(readFileSync(join(here, '..', 'node_modules', name, 'package.json'), 'utf8')).version as string;
  } catch {
    return undefined;
  }
};
const doc = {
  command: `pnpm bench${args.length ? ` ${args.join(' ')}` : ''}`,
  date: new Date().toISOString(),
  commit: sh('git rev-parse --short HEAD'),
  dirty: !!sh('git status --porcelain'),
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()} ${arch()}` },
  node: process.version,
  peers: {
    ...Object.fromEntries(['@techstark/opencv-js', 'image-js', 'd3-contour', '@napi-rs/canvas'].map((n) => [n, pkgVersion(n) ?? null])),
    'python3-opencv': probeCv2().version ? `${probeCv2().version} (default threads: ${probeCv2().threads})` : null,
    python: sh(`${PYTHON} --version`)?.replace('Python ', '') ?? null,
  },
  native: process.env.SEGKIT_BENCH_NATIVE === '1',
  cli: cliUnavailable() ? null : { path: relative(root, CLI), version: sh(`"${process.execPath}" "${CLI}" --version`) ?? null },
  method: opts,
  seconds,
  results,
};
const dir = join(here, '..', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, wanted || quick ? 'partial.json' : 'latest.json');
const save = (path: string, value: unknown) => {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 1)}\n`);
  renameSync(`${path}.tmp`, path);
};
save(file, doc);
console.log(`\nresults: ${file}`);
const big = results.find((r) => r.name === 'coco-2gb');
if (big?.impls.some((i) => i.status === 'ok')) {
  save(join(dir, 'coco-2gb.json'), { ...doc, results: [big] });
  console.log(`results: ${join(dir, 'coco-2gb.json')}`);
}

if (flag('--readme')) {
  const readme = join(root, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error('README.md has no bench markers');
  const body = [start, readmeSection(), end].join('\n');
  writeFileSync(`${readme}.tmp`, text.slice(0, a) + body + text.slice(b + end.length));
  renameSync(`${readme}.tmp`, readme);
  console.log('README.md performance section updated');
}

/** The README's performance section, from this run (and the last coco-2gb run). */
function readmeSection(): string {
  const peers = Object.entries(doc.peers).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ');
  const took = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  const lines = [
    `Reproduce: \`pnpm install --frozen-lockfile && pnpm build && ${doc.command}\`${doc.native ? '' : ' (add `--native` for the native OpenCV rows, which need Debian\'s `python3-opencv` in `/usr/bin/python3`)'}. \`pnpm bench --list\` names the cases; \`--case <name>\` runs some, \`--quick\` takes fewer samples.`,
    '',
    `Measured on ${doc.machine.cpu} (${doc.machine.cores} cores, ${doc.machine.memoryGiB} GiB, ${doc.machine.os}), Node ${doc.node}, commit ${doc.commit}${doc.dirty ? ' (with local changes)' : ''}, ${doc.date.slice(0, 10)}, in ${took}. Peers: ${peers}. Medians of ${opts.samples} samples after warm-up (min – max beside them); every output is checked against segkit's before it is timed, and a mismatch is reported instead of a time. Native OpenCV rows: ${doc.native ? 'measured in this run' : 'not run (no --native)'}.`,
    '',
    markdownTable(results),
    '',
    '"vs segkit" is the implementation\'s median divided by segkit\'s (above 1x: segkit is faster). Rows marked * are figures measured outside this run. "segkit kernel" and "null baseline" split segkit\'s time: the kernel call alone on input already in wasm memory, and the copies in and out that any API returning fresh arrays pays.',
    '',
    'Workloads (generated from seeds):',
    '',
    ...results.map((c) => `- ${c.name}: ${c.title}`),
  ];
  const notes = new Map<string, { impls: Set<string>; cases: Set<string> }>();
  for (const c of results) {
    for (const i of c.impls) {
      if (!i.note || i.name === 'null baseline' || i.status !== 'ok') continue;
      const n = notes.get(i.note) ?? { impls: new Set(), cases: new Set() };
      n.impls.add(i.name);
      n.cases.add(c.name);
      notes.set(i.note, n);
    }
  }
  if (notes.size) {
    lines.push('', 'Documented semantic differences (checked as stated instead of equality):', '');
    for (const [note, n] of notes) lines.push(`- ${[...n.impls].join(' / ')}: ${note} (${[...n.cases].join(', ')})`);
  }
  const e2e = results.find((r) => r.name.startsWith('e2e-'));
  if (e2e) {
    const rate = (name: string) => {
      const i = e2e.impls.find((x) => x.name.startsWith(name));
      return i?.median ? `${(1000 / i.median).toFixed(1)} images/s` : `not run (${i?.detail ?? 'absent'})`;
    };
    lines.push('', `End to end (${e2e.title}): segkit CLI ${rate('segkit CLI -j 1')} with -j 1, ${rate('segkit CLI -j 2')} with -j 2; Python + OpenCV (one process) ${rate('Python')}.`);
  }
  let big = results.find((r) => r.name === 'coco-2gb');
  let when = 'this run';
  if (!big) {
    try {
      const last = JSON.parse(readFileSync(join(dir, 'coco-2gb.json'), 'utf8'));
      big = last.results[0];
      when = `\`pnpm bench --case coco-2gb\` on ${last.date.slice(0, 10)}, commit ${last.commit}`;
    } catch {
      // never run
    }
  }
  lines.push('', big
    ? `Bounded memory (${when}): ${big.title}. ${factsLine(big)}.`
    : 'Bounded memory: `pnpm bench --case coco-2gb` (not in the default run) converts a generated 2 GiB COCO file and prints the peak RSS.');
  return lines.join('\n');
}
