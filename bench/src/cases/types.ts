// A benchmark case: one workload, several implementations of the same job, one unit of work.
import type { MeasureOptions } from '../harness';

/** What an externally timed implementation returns: its gate output and its timing (ms per call). */
export interface External<O> {
  output: O;
  timing: { median: number; min: number; max: number };
}

export interface Impl<I = any, P = any, O = any> {
  /** 'segkit', 'plain-js', 'opencv.js', … */
  name: string;
  /** What the measured time includes (copies, conversions, …). */
  includes: string;
  /** Documented semantic differences from segkit, if any. */
  note?: string;
  /** Returns a reason when the implementation cannot run here (e.g. a package is missing). */
  unavailable?: () => string | undefined | Promise<string | undefined>;
  /** Untimed preparation of the input in this implementation's own form. */
  prepare?: (input: I) => P | Promise<P>;
  /** Units per call for this implementation when it differs from the case's `perCall`. */
  perCall?: number;
  /** One unit of work. */
  run: (prepared: P) => O;
  /** Canonical form of the output for the correctness gate (equal to segkit's, or a mismatch). */
  canonical: (output: O) => string;
  /**
   * For a peer whose semantics differ by design (stated in `note`): compares its output with
   * segkit's output and returns why they disagree beyond the documented difference, or undefined.
   * Used instead of canonical equality.
   */
  agrees?: (output: O, segkitOutput: any) => string | undefined;
  /**
   * For an implementation timed outside this process (a native peer, a spawned command): runs it
   * once with the harness's method and returns its gate output and its own timing (ms per call).
   * Used instead of timing `run`, which is then never called.
   */
  external?: (prepared: P, opts: MeasureOptions) => External<O> | Promise<External<O>>;
}

export interface Case<I = any> {
  name: string;
  /** One line: the workload. */
  title: string;
  /** What one timed call does, for the table: e.g. 'per polygon'. */
  unit: string;
  /** The time of one call is divided by this (e.g. 20,000 polygons per call -> per polygon). */
  perCall?: number;
  setup: () => I | Promise<I>;
  impls: Impl<I>[];
  /** At most this many samples per implementation (for cases whose slowest peers take seconds). */
  samples?: number;
  /** A figure measured outside this run (e.g. pycocotools' C on this machine), in ms per unit. */
  reference?: { name: string; ms: number; source: string };
  /** Also report 1000 / median as a rate in these units (e.g. 'images/s'). */
  throughput?: string;
  /** Why the case is left out of the default run (it runs when named with --case). */
  optIn?: string;
  /** Removes what setup generated (run after the case, also when it fails). */
  teardown?: () => void;
  /** Figures the case measures besides times (file sizes, peak RSS, …), filled in as it runs. */
  facts?: Record<string, string | number>;
}

/** A peer that is not run in a case, with the reason shown in its row. */
export const notRun = (name: string, why: string): Impl => ({ name, includes: '-', unavailable: () => why, run: () => undefined, canonical: () => '' });
