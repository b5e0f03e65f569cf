// Deterministic pseudo-random numbers (mulberry32): every workload is generated from a seed.
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const between = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();
export const intBetween = (r: () => number, lo: number, hi: number) => Math.floor(between(r, lo, hi + 1));
