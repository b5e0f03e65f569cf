// pnpm bench [--case <name>[,<name>…]] [--quick] [--native] [--readme] [--list]
// Runs every case (or the named ones), prints a table, writes bench/results/latest.json, and with
// --readme rewrites the README's performance section from it.
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release, arch } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCases } from './cases/index';
import { runCase, type CaseResult } from './run';
import { markdownTable, terminalTable } from './report';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2).filter((a) => a !== '--');
const flag = (n: string) => args.includes(n);
const value = (n: string) => {
  const i = args.indexOf(n);
  return i >= 0 ? args[i + 1] : undefined;
};

if (flag('--list')) {
  for (const c of allCases) console.log(`${c.name.padEnd(22)} ${c.title}`);
  process.exit(0);
}

const wanted = value('--case')?.split(',');
const cases = wanted ? allCases.filter((c) => wanted.some((w) => c.name === w || c.name.startsWith(`${w}-`))) : allCases;
if (wanted && cases.length === 0) {
  console.error(`no case named ${wanted.join(', ')}; see pnpm bench --list`);
  process.exit(1);
}
const quick = flag('--quick');
const opts = quick ? { samples: 5, sampleMs: 10, warmupMs: 50 } : { samples: 15, sampleMs: 40, warmupMs: 200 };
process.env.SEGKIT_BENCH_NATIVE = flag('--native') ? '1' : '';

const results: CaseResult[] = [];
for (const c of cases) {
  process.stderr.write(`${c.name}: setting up\n`);
  results.push(await runCase(c, opts, (s) => process.stderr.write(`${s}\n`)));
}
console.log(terminalTable(results));

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
  peers: Object.fromEntries(['@techstark/opencv-js', 'image-js', 'd3-contour', '@napi-rs/canvas'].map((n) => [n, pkgVersion(n) ?? null])),
  method: opts,
  results,
};
const dir = join(here, '..', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, wanted || quick ? 'partial.json' : 'latest.json');
writeFileSync(`${file}.tmp`, `${JSON.stringify(doc, null, 1)}\n`);
renameSync(`${file}.tmp`, file);
console.log(`\nresults: ${file}`);

if (flag('--readme')) {
  const readme = join(root, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error('README.md has no bench markers');
  const body = [
    start,
    `Measured with \`${doc.command}\` on ${doc.machine.cpu} (${doc.machine.cores} cores), Node ${doc.node}, commit ${doc.commit}${doc.dirty ? ' (with local changes)' : ''}, ${doc.date.slice(0, 10)}. Medians of ${opts.samples} samples after warm-up; outputs are checked equal before timing.`,
    '',
    markdownTable(results),
    '',
    '"vs segkit" is the implementation\'s median divided by segkit\'s (above 1x: segkit is faster). Rows marked * are figures measured outside this run (see `bench/src/cases`).',
    end,
  ].join('\n');
  writeFileSync(`${readme}.tmp`, text.slice(0, a) + body + text.slice(b + end.length));
  renameSync(`${readme}.tmp`, readme);
  console.log('README.md performance section updated');
}
