// Timing method (YACCLAB's): outputs are checked before anything is timed; then warm-up, then
// repeated samples; each sample times a batch of calls and reports time per call. Medians with
// min-max. Checksums are computed outside the timed loop.
import { performance } from 'node:perf_hooks';

export interface Timing {
  /** Median time per call, ms. */
  median: number;
  min: number;
  max: number;
  samples: number;
  /** Calls per sample. */
  batch: number;
}

export interface MeasureOptions {
  /** Samples after warm-up (default 15). */
  samples?: number;
  /** Target duration of one sample in ms; the batch size is chosen to reach it (default 40). */
  sampleMs?: number;
  /** Warm-up duration in ms (default 200). */
  warmupMs?: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Times `fn` (one call = one unit of work). */
export function measure(fn: () => unknown, opts: MeasureOptions = {}): Timing {
  const samples = opts.samples ?? 15;
  const sampleMs = opts.sampleMs ?? 40;
  const warmupMs = opts.warmupMs ?? 200;
  let sink: unknown;
  // Warm-up, which also estimates the cost of one call.
  let calls = 0;
  const w0 = performance.now();
  do {
    sink = fn();
    calls++;
  } while (performance.now() - w0 < warmupMs);
  const perCall = (performance.now() - w0) / calls;
  const batch = Math.max(1, Math.round(sampleMs / Math.max(perCall, 1e-6)));
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) sink = fn();
    times.push((performance.now() - t0) / batch);
  }
  keep(sink);
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), samples, batch };
}

let kept: unknown;
/** Keeps a value alive so that the work producing it cannot be optimised away. */
export function keep(v: unknown): void {
  kept = v;
}
export const kept_ = () => kept;
