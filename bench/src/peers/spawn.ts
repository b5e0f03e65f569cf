// Spawned commands as bench implementations: segkit's CLI (apps/cli/dist/segkit.js, built by
// `pnpm build`) and Python scripts, timed by wall clock from spawn to exit (process start-up
// included), with the child's peak RSS when /usr/bin/time is there.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { median } from '../harness';

const here = dirname(fileURLToPath(import.meta.url));
export const benchRoot = join(here, '..', '..');
/** Generated inputs and outputs (gitignored). */
export const WORK = join(benchRoot, '.work');

/** The CLI entry: SEGKIT_CLI, else the workspace's built CLI. */
export const CLI = process.env.SEGKIT_CLI ?? join(benchRoot, '..', 'apps', 'cli', 'dist', 'segkit.js');

let cliWhy: string | undefined | null = null;

/** Why `segkit convert` cannot run here (CLI not built, or built without convert), if it cannot. */
export function cliUnavailable(): string | undefined {
  if (cliWhy !== null) return cliWhy;
  if (!existsSync(CLI)) cliWhy = `CLI convert not available (no ${CLI}: pnpm build): skipped`;
  else {
    const r = spawnSync(process.execPath, [CLI, 'convert', '--help'], { encoding: 'utf8' });
    cliWhy = r.status === 0 && r.stdout.includes('segkit convert') ? undefined : 'CLI convert not available (this build of apps/cli has no convert command): skipped';
  }
  return cliWhy;
}

const TIME = '/usr/bin/time';

export interface Spawned {
  ms: number;
  stdout: string;
  /** Peak resident set size of the child, KiB (when measurable). */
  peakRssKiB?: number;
}

/** Runs a command to completion, synchronously; throws with its stderr when it fails. */
export function runTimed(cmd: string, args: string[]): Spawned {
  const rssFile = join(tmpdir(), `segkit-rss-${process.pid}`);
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ['-f', '%M', '-o', rssFile, cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr || '').trim().slice(-500)}`);
  let peakRssKiB: number | undefined;
  if (timed) {
    peakRssKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    rmSync(rssFile, { force: true });
  }
  return { ms, stdout: r.stdout, peakRssKiB };
}

/**
 * As runTimed, asynchronously, for long runs: without /usr/bin/time the child's VmHWM is read
 * from /proc every 100 ms (Linux).
 */
export async function runTimedAsync(cmd: string, args: string[]): Promise<Spawned> {
  if (existsSync(TIME)) return runTimed(cmd, args);
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '', peak = 0;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // gone, or no /proc
    }
  }, 100);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(poll);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}): ${stderr.trim().slice(-500)}`);
  return { ms: performance.now() - t0, stdout, peakRssKiB: peak || undefined };
}

/** A warm-up run (its result returned for the gate), then `runs` timed runs: median, min, max. */
export function repeatTimed(runs: number, once: () => Spawned): { first: Spawned; timing: { median: number; min: number; max: number }; all: Spawned[] } {
  const first = once();
  const all = Array.from({ length: runs }, once);
  const ms = all.map((s) => s.ms);
  return { first, timing: { median: median(ms), min: Math.min(...ms), max: Math.max(...ms) }, all };
}
