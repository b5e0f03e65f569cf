// Checks of values read from files. Same shapes as validate.ts, but the error is a FormatError
// naming the file and the JSON path (or line) of the value.
import { FormatError, SegkitError, InvalidInputError } from '../errors';
import { describe } from '../validate';

/** Where a value sits: a file and a JSON path or line. */
export interface Where {
  file: string;
  path: string;
}

/** The place of a member (`key`) or element (`[i]`) of the value at `w`. */
export const at = (w: Where, sub: string | number): Where => ({
  file: w.file,
  path: typeof sub === 'number' ? `${w.path}[${sub}]` : w.path ? `${w.path}.${sub}` : sub,
});

/** Throws the FormatError "expected X but received Y" at `w`. */
export function bad(w: Where, expected: string, received: unknown): never {
  throw new FormatError(w.file, w.path, `expected ${expected} but received ${describe(received)}`);
}

/** A plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object. */
export function fObject(v: unknown, w: Where, what = 'an object'): Record<string, unknown> {
  if (!isObject(v)) bad(w, what, v);
  return v;
}

/** An array. */
export function fArray(v: unknown, w: Where, what = 'an array'): unknown[] {
  if (!Array.isArray(v)) bad(w, what, v);
  return v;
}

/** An integer in [min, max]. */
export function fInt(v: unknown, w: Where, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(w, `an integer in [${min}, ${max}]`, v);
  return v;
}

/** A finite number. */
export function fNumber(v: unknown, w: Where): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(w, 'a finite number', v);
  return v;
}

/** A string. */
export function fString(v: unknown, w: Where): string {
  if (typeof v !== 'string') bad(w, 'a string', v);
  return v;
}

/** An id: an integer or a non-empty string. */
export function fId(v: unknown, w: Where): number | string {
  if ((typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v.length > 0)) return v;
  bad(w, 'an id (an integer or a non-empty string)', v);
}

/** 0/1 or a boolean (COCO `iscrowd`, `isthing`). */
export function fFlag(v: unknown, w: Where): boolean {
  if (v === 0 || v === 1 || typeof v === 'boolean') return v === 1 || v === true;
  bad(w, '0, 1 or a boolean', v);
}

/**
 * Runs `fn`; an InvalidInputError it throws (from the API's own checks of a value read from the
 * file) becomes a FormatError at `w`, with the inner path appended.
 */
export function within<T>(w: Where, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InvalidInputError) {
      throw new FormatError(w.file, w.path, `expected ${e.expected} for ${e.path} but received ${e.received}`);
    }
    if (e instanceof SegkitError && !(e instanceof FormatError)) throw new FormatError(w.file, w.path, e.message);
    throw e;
  }
}

/** The entries of `obj` whose keys are not in `known`, or undefined when there are none. */
export function rest(obj: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(obj)) {
    if (known.has(k)) continue;
    (out ??= {})[k] = obj[k];
  }
  return out;
}
