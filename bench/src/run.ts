// Runs cases: correctness gate, then timing, for every implementation.
import { measure, type MeasureOptions } from './harness';
import type { Case } from './cases/types';

export interface ImplResult {
  name: string;
  includes: string;
  note?: string;
  status: 'ok' | 'mismatch' | 'unavailable' | 'error';
  detail?: string;
  /** ms per unit (call time / perCall). */
  median?: number;
  min?: number;
  max?: number;
  /** median(impl) / median(segkit): > 1 means segkit is faster. */
  ratio?: number;
}

export interface CaseResult {
  name: string;
  title: string;
  unit: string;
  impls: ImplResult[];
  reference?: { name: string; ms: number; source: string; ratio?: number };
  throughput?: string;
  facts?: Record<string, string | number>;
  /** Wall time of the whole case (setup, gate, timing), s. */
  seconds?: number;
}

export async function runCase(c: Case, opts: MeasureOptions, log: (s: string) => void): Promise<CaseResult> {
  try {
    return await gateAndTime(c, opts, log);
  } finally {
    c.teardown?.();
  }
}

async function gateAndTime(c: Case, opts: MeasureOptions, log: (s: string) => void): Promise<CaseResult> {
  const input = await c.setup();
  const per = c.perCall ?? 1;
  const results: ImplResult[] = [];
  let reference: string | undefined;
  let referenceOutput: unknown;
  const prepared: unknown[] = [];
  const external = new Map<unknown, { median: number; min: number; max: number }>();
  // Gate: every implementation's output against segkit's (the first implementation).
  for (const [i, impl] of c.impls.entries()) {
    const r: ImplResult = { name: impl.name, includes: impl.includes, note: impl.note, status: 'ok' };
    log(`  ${c.name}: gate ${impl.name}`);
    results.push(r);
    prepared[i] = undefined;
    try {
      const why = impl.unavailable ? await impl.unavailable() : undefined;
      if (why) {
        r.status = 'unavailable';
        r.detail = why;
        continue;
      }
      const p = impl.prepare ? await impl.prepare(input) : input;
      prepared[i] = p;
      let output: unknown;
      if (impl.external) {
        const ext = await impl.external(p, c.samples ? { ...opts, samples: Math.min(opts.samples ?? 15, c.samples) } : opts);
        output = ext.output;
        external.set(impl, ext.timing);
      } else output = impl.run(p);
      if (reference === undefined) {
        reference = impl.canonical(output);
        referenceOutput = output;
      } else if (impl.agrees) {
        const why = impl.agrees(output, referenceOutput);
        if (why) {
          r.status = 'mismatch';
          r.detail = why;
        }
      } else {
        const canon = impl.canonical(output);
        if (canon !== reference) {
          r.status = 'mismatch';
          r.detail = `output differs from segkit's (${canon.slice(0, 12)} vs ${reference.slice(0, 12)})`;
        }
      }
    } catch (e) {
      r.status = 'error';
      r.detail = (e as Error).message;
    }
  }
  c.impls.forEach((impl, i) => {
    const r = results[i];
    if (r.status !== 'ok') return;
    const div = impl.perCall ?? per;
    const ext = external.get(impl);
    if (ext) {
      r.median = ext.median / div;
      r.min = ext.min / div;
      r.max = ext.max / div;
      return;
    }
    log(`  ${c.name}: timing ${impl.name}`);
    const t = measure(() => impl.run(prepared[i]), c.samples ? { ...opts, samples: Math.min(opts.samples ?? 15, c.samples) } : opts);
    r.median = t.median / div;
    r.min = t.min / div;
    r.max = t.max / div;
  });
  const base = results[0]?.median;
  for (const r of results) if (r.median !== undefined && base) r.ratio = r.median / base;
  const out: CaseResult = { name: c.name, title: c.title, unit: c.unit, impls: results };
  if (c.throughput) out.throughput = c.throughput;
  if (c.facts) out.facts = { ...c.facts };
  if (c.reference) out.reference = { ...c.reference, ratio: base ? c.reference.ms / base : undefined };
  return out;
}
