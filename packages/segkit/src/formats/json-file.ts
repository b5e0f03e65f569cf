// A small JSON file (one image's annotations) parsed whole, with a FormatError naming it.
import { FormatError } from '../errors';

/** Parses a UTF-8 JSON file. */
export function parseJsonFile(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new FormatError(file, '', `not valid JSON (${(e as Error).message})`);
  }
}
