import { describe, expect, it } from 'vitest';
import { median, measure } from '../src/harness';
import { runCase } from '../src/run';
import { rng } from '../src/workloads/random';

describe('bench harness', () => {
  it('median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('measure reports per-call times that order min <= median <= max', () => {
    const t = measure(() => Array.from({ length: 1000 }, (_, i) => i * i), { samples: 5, sampleMs: 2, warmupMs: 5 });
    expect(t.min).toBeLessThanOrEqual(t.median);
    expect(t.median).toBeLessThanOrEqual(t.max);
    expect(t.batch).toBeGreaterThan(0);
  });

  it('the gate reports a mismatch instead of timing it', async () => {
    const r = await runCase({
      name: 't', title: 't', unit: 'per call', setup: () => 3,
      impls: [
        { name: 'segkit', includes: '', run: (x: number) => x * 2, canonical: String },
        { name: 'wrong', includes: '', run: (x: number) => x * 3, canonical: String },
        { name: 'right', includes: '', run: (x: number) => x + x, canonical: String },
        { name: 'close', includes: '', run: (x: number) => x * 2 + 0.5, canonical: String, agrees: (o: number, ref: number) => (Math.abs(o - ref) <= 1 ? undefined : 'far') },
        { name: 'far', includes: '', run: (x: number) => x * 9, canonical: String, agrees: (o: number, ref: number) => (Math.abs(o - ref) <= 1 ? undefined : 'far') },
      ],
    }, { samples: 3, sampleMs: 1, warmupMs: 1 }, () => {});
    expect(r.impls.map((i) => i.status)).toEqual(['ok', 'mismatch', 'ok', 'ok', 'mismatch']);
    expect(r.impls[1].median).toBeUndefined();
    expect(r.impls[2].ratio).toBeGreaterThan(0);
  });

  it('an externally timed implementation is gated on its output and reports its own timing', async () => {
    const timing = { median: 40, min: 30, max: 50 };
    let runs = 0;
    const r = await runCase({
      name: 't', title: 't', unit: 'per item', perCall: 10, setup: () => 3,
      impls: [
        { name: 'segkit', includes: '', run: (x: number) => x * 2, canonical: String },
        { name: 'outside', includes: '', run: () => runs++, canonical: String, external: (x: number) => ({ output: x * 2, timing }) },
        { name: 'outside, wrong', includes: '', run: () => runs++, canonical: String, external: async (x: number) => ({ output: x, timing }) },
      ],
    }, { samples: 3, sampleMs: 1, warmupMs: 1 }, () => {});
    expect(r.impls.map((i) => i.status)).toEqual(['ok', 'ok', 'mismatch']);
    expect(runs).toBe(0);
    expect([r.impls[1].median, r.impls[1].min, r.impls[1].max]).toEqual([4, 3, 5]);
    expect(r.impls[2].median).toBeUndefined();
  });

  it('workloads are deterministic', () => {
    const a = rng(5), b = rng(5);
    expect(Array.from({ length: 4 }, a)).toEqual(Array.from({ length: 4 }, b));
  });
});
