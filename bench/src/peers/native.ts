// Native OpenCV through Debian's python3-opencv (/usr/bin/python3, not a pyenv python first on
// PATH): the same input bytes written to a temporary folder, timed by bench/src/native/opencv.py
// with the harness's method, its first output read back for the gate. Runs only with
// `pnpm bench --native`; absent (no python3 or no cv2), its rows say so instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MeasureOptions } from '../harness';

/** Debian's python (SEGKIT_BENCH_PYTHON overrides it, e.g. to check the rows' message when it is absent). */
export const PYTHON = process.env.SEGKIT_BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'native', 'opencv.py');

let probed: { version?: string; threads?: number; why?: string } | undefined;

/** OpenCV's version and default thread count in /usr/bin/python3, or why it cannot run. */
export function probeCv2(): { version?: string; threads?: number; why?: string } {
  if (probed) return probed;
  const r = spawnSync(PYTHON, ['-c', 'import cv2; print(cv2.__version__, cv2.getNumThreads())'], { encoding: 'utf8' });
  if (r.error) probed = { why: `${PYTHON} not found (install python3-opencv for the native peers)` };
  else if (r.status !== 0) probed = { why: `no cv2 in ${PYTHON} (apt-get install python3-opencv for the native peers)` };
  else {
    const [version, threads] = r.stdout.trim().split(' ');
    probed = { version, threads: Number(threads) };
  }
  return probed;
}

/** Why the native rows are not run: not asked for (--native), or not installed. */
export function nativeUnavailable(): string | undefined {
  if (process.env.SEGKIT_BENCH_NATIVE !== '1') return 'native OpenCV runs with pnpm bench --native';
  return probeCv2().why;
}

/** The row name of a native peer (the version and default thread count are in the results JSON). */
export const nativeName = (threads: 0 | 1) => `OpenCV native, ${threads === 1 ? '1 thread' : 'default threads'}`;

export interface NativeRun {
  timing: { median: number; min: number; max: number };
  out: Buffer;
  version: string;
}

/**
 * Runs one op of opencv.py: `files` are written beside the params (their paths passed as the
 * param of the same name), `out` is read back.
 */
export function runNative(op: string, params: Record<string, unknown>, files: Record<string, ArrayBufferView | string>, opts: MeasureOptions, threads: 0 | 1): NativeRun {
  const dir = mkdtempSync(join(tmpdir(), 'segkit-native-'));
  try {
    const paths: Record<string, string> = {};
    for (const [k, v] of Object.entries(files)) {
      paths[k] = join(dir, k);
      writeFileSync(paths[k], typeof v === 'string' ? v : new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    const out = join(dir, 'out');
    const p = { op, ...params, ...paths, out, threads, samples: opts.samples ?? 15, sampleMs: opts.sampleMs ?? 40, warmupMs: opts.warmupMs ?? 200 };
    writeFileSync(join(dir, 'params.json'), JSON.stringify(p));
    const r = JSON.parse(execFileSync(PYTHON, [SCRIPT, join(dir, 'params.json')], { maxBuffer: 1 << 24 }).toString());
    return { timing: { median: r.median, min: r.min, max: r.max }, out: readFileSync(out), version: r.version };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bytes of a Buffer as an Int32Array (copied: a Buffer may be unaligned). */
export const int32s = (b: Buffer) => new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
