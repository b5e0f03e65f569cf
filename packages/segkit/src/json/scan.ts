// A structural scanner for one JSON document arriving in chunks of any size (down to one byte).
// It follows the grammar only where the document's shape matters to a reader:
//
//   depth 0   the top-level value: an object, or an array (then itself a streamed array)
//   depth 1   members of the top-level object; a member whose key is streamed and whose value
//             is an array is walked element by element, every other member is captured whole
//   depth 2   elements of a streamed array: captured whole ('capture'), or only located and, when
//             an object, searched for a few picked keys ('index')
//
// Everything below is skimmed: brackets counted, strings stepped over, nothing decoded. Captured
// values are handed over as bytes for JSON.parse, which validates them; located elements are
// validated the same way when a reader parses them from their byte range. So the document is never
// held whole, any value is parsed by the native parser, and one pass costs one look at each byte.
import { FormatError } from '../errors';

/** How the elements of a streamed array are delivered. */
export type StreamMode = 'capture' | 'index';

export interface ScanOptions {
  /** File name for errors. */
  file: string;
  /** Which arrays are streamed: a top-level key, or null for a top-level array. */
  stream: (key: string | null) => StreamMode | undefined;
  /** Keys whose values are picked inside located ('index') elements that are objects. */
  pick?: string[];
  /** Largest value captured whole, in bytes (default 256 MiB). */
  maxCapture?: number;
}

export interface ScanHandler {
  /** The top-level value starts (an object or an array). */
  begin?(kind: 'object' | 'array'): void;
  /** A top-level member that is not streamed: its bytes (valid until the call returns). */
  member?(key: string, bytes: Uint8Array, start: number): void;
  /**
   * An element of a streamed array (`key` null for a top-level array), at bytes [start, end).
   * `bytes` are given for 'capture' streams (valid until the call returns); `picked[k]` holds the
   * value of `pick[k]` for 'index' streams (undefined when absent; the array is reused).
   */
  element(key: string | null, index: number, start: number, end: number, bytes: Uint8Array | undefined, picked: unknown[]): void;
  /** A streamed array ends. */
  endArray?(key: string | null, count: number): void;
}

// Characters.
const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;

// Structural frames (the only state kept per depth).
const F_NONE = 0, F_OBJECT = 1, F_ARRAY = 2, F_ELEMENT = 3, F_DONE = 4;
// What a frame waits for.
const W_KEY_OR_END = 0, W_KEY = 1, W_COLON = 2, W_VALUE = 3, W_COMMA_OR_END = 4, W_VALUE_OR_END = 5;
// What the skim in progress is.
const S_NONE = 0, S_STRING = 1, S_CONTAINER = 2, S_SCALAR = 3;
// What the skimmed value is, i.e. what to do when it ends.
const V_TOP_KEY = 0, V_MEMBER = 1, V_ELEMENT = 2, V_ELEM_KEY = 3, V_ELEM_VALUE = 4, V_ELEM_REST = 5;

const BOM = [0xef, 0xbb, 0xbf];
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Streaming structural scanner; call `push` for each chunk, then `end`. */
export class JsonScanner {
  private offset = 0; // absolute offset of the current chunk's first byte
  private frame = F_NONE; // innermost structural frame
  private want = W_VALUE;
  private topKind = F_NONE;
  private topWant = W_VALUE;
  private topKey = '';
  private streamKey: string | null = null;
  private streamMode: StreamMode = 'capture';
  private index = 0; // element index in the streamed array
  private elemStart = 0;
  private elemKey = -2; // pick index of the element member being read (-1: not picked)
  private elemKeyText = '';
  private found = 0; // picked keys found in the current element
  private readonly picked: unknown[];
  private readonly pickBytes: Uint8Array[];
  // skim state
  private skim = S_NONE;
  private what = V_MEMBER;
  private depth = 0;
  private inString = false;
  private escape = false;
  private valueStart = 0;
  // capture state
  private capturing = false;
  private capFrom = 0;
  private cap = new Uint8Array(256);
  private capLen = 0;
  private readonly maxCapture: number;
  private bom = 0;
  private skimOpenQuote = false;

  constructor(private readonly opts: ScanOptions, private readonly h: ScanHandler) {
    const pick = opts.pick ?? [];
    this.pickBytes = pick.map((k) => new TextEncoder().encode(JSON.stringify(k)));
    this.picked = new Array(pick.length).fill(undefined);
    this.maxCapture = opts.maxCapture ?? 256 * 1024 * 1024;
  }

  /** Feeds the next chunk. */
  push(chunk: Uint8Array): void {
    const n = chunk.length;
    let i = 0;
    // A UTF-8 byte order mark at the start is skipped.
    while (this.offset + i < 3 && i < n && this.bom === this.offset + i && chunk[i] === BOM[this.offset + i]) {
      i++;
      this.bom++;
    }
    if (this.capturing) this.capFrom = i;
    while (i < n) {
      if (this.skim !== S_NONE) {
        i = this.skimStep(chunk, i, n);
        continue;
      }
      const c = chunk[i];
      if (isSpace(c)) {
        i++;
        continue;
      }
      i = this.structural(chunk, i, c);
    }
    if (this.capturing) this.append(chunk, this.capFrom, n);
    this.offset += n;
  }

  /** Ends the document; throws FormatError when it is incomplete. */
  end(): void {
    if (this.skim === S_SCALAR) this.finishValue(this.offset);
    if (this.frame !== F_DONE) {
      if (this.frame === F_NONE && this.skim === S_NONE) this.error('', 'the file is empty (expected a JSON object or array)');
      const inArray = this.frame === F_ARRAY && this.skim === S_NONE && this.want === W_COMMA_OR_END;
      const where = inArray ? (this.topKind === F_OBJECT ? this.streamKey ?? '' : '') : this.path();
      this.error(where, 'the file ends inside this value (cut short?)');
    }
  }

  // --- structural level -------------------------------------------------------------------------

  private structural(chunk: Uint8Array, i: number, c: number): number {
    const at = this.offset + i;
    switch (this.frame) {
      case F_NONE:
        if (c === LBRACE) {
          this.frame = this.topKind = F_OBJECT;
          this.want = W_KEY_OR_END;
          this.h.begin?.('object');
        } else if (c === LBRACKET) {
          this.frame = this.topKind = F_ARRAY;
          this.want = W_VALUE_OR_END;
          this.streamKey = null;
          this.streamMode = this.opts.stream(null) ?? 'capture';
          this.index = 0;
          this.h.begin?.('array');
        } else this.unexpected(c, at, 'a JSON object or array');
        return i + 1;

      case F_OBJECT: // the top-level object
        return this.objectStep(chunk, i, c, at, false);

      case F_ELEMENT: // an object element being searched for picked keys
        return this.objectStep(chunk, i, c, at, true);

      case F_ARRAY: // a streamed array
        if (this.want === W_COMMA_OR_END || this.want === W_VALUE_OR_END) {
          if (c === RBRACKET) {
            this.h.endArray?.(this.streamKey, this.index);
            this.closeArray();
            return i + 1;
          }
          if (this.want === W_COMMA_OR_END) {
            if (c !== COMMA) this.unexpected(c, at, "',' or ']'");
            this.want = W_VALUE;
            return i + 1;
          }
        }
        // an element starts
        this.elemStart = at;
        if (this.streamMode === 'index' && c === LBRACE) {
          this.picked.fill(undefined);
          this.found = 0;
          this.frame = F_ELEMENT;
          this.want = W_KEY_OR_END;
          return i + 1;
        }
        this.startValue(chunk, i, c, V_ELEMENT, this.streamMode === 'capture');
        return i;

      default: // F_DONE
        this.unexpected(c, at, 'nothing after the top-level value');
    }
  }

  /** One step in an object: the top-level object, or an element searched for picked keys. */
  private objectStep(chunk: Uint8Array, i: number, c: number, at: number, element: boolean): number {
    const want = this.want;
    if (want === W_KEY_OR_END || want === W_COMMA_OR_END) {
      if (c === RBRACE) {
        if (element) this.endElement(at + 1);
        else this.frame = F_DONE;
        return i + 1;
      }
      if (want === W_COMMA_OR_END) {
        if (c !== COMMA) this.unexpected(c, at, "',' or '}'");
        this.want = W_KEY;
        return i + 1;
      }
    }
    switch (want) {
      case W_KEY_OR_END:
      case W_KEY:
        if (c !== QUOTE) this.unexpected(c, at, 'a key (a string in double quotes)');
        this.startValue(chunk, i, c, element ? V_ELEM_KEY : V_TOP_KEY, true);
        return i;
      case W_COLON:
        if (c !== COLON) this.unexpected(c, at, "':'");
        this.want = W_VALUE;
        return i + 1;
      default: // W_VALUE
        if (element) {
          this.startValue(chunk, i, c, V_ELEM_VALUE, this.elemKey >= 0);
          return i;
        }
        if (c === LBRACKET) {
          const mode = this.opts.stream(this.topKey);
          if (mode) {
            this.frame = F_ARRAY;
            this.want = W_VALUE_OR_END;
            this.streamKey = this.topKey;
            this.streamMode = mode;
            this.index = 0;
            return i + 1;
          }
        }
        this.startValue(chunk, i, c, V_MEMBER, true);
        return i;
    }
  }

  private closeArray(): void {
    if (this.topKind === F_ARRAY) {
      this.frame = F_DONE;
    } else {
      this.frame = F_OBJECT;
      this.want = W_COMMA_OR_END;
    }
  }

  private endElement(end: number): void {
    this.h.element(this.streamKey, this.index, this.elemStart, end, undefined, this.picked);
    this.index++;
    this.frame = F_ARRAY;
    this.want = W_COMMA_OR_END;
  }

  // --- skimming values ----------------------------------------------------------------------------

  /** Starts skimming the value whose first byte is chunk[i]. */
  private startValue(chunk: Uint8Array, i: number, c: number, what: number, capture: boolean): void {
    this.what = what;
    this.valueStart = this.offset + i;
    this.depth = 0;
    if (c === QUOTE) {
      this.skim = S_STRING;
      this.inString = true;
    } else if (c === LBRACE || c === LBRACKET) {
      this.skim = S_CONTAINER;
      this.inString = false;
    } else if (c === COMMA || c === COLON || c === RBRACE || c === RBRACKET) {
      this.unexpected(c, this.offset + i, 'a value');
    } else {
      this.skim = S_SCALAR;
    }
    this.escape = false;
    if (capture) {
      this.capturing = true;
      this.capFrom = i;
      this.capLen = 0;
    }
    // the string loop starts after the opening quote
    this.skimOpenQuote = this.skim === S_STRING;
  }

  /** Advances the skim in progress; returns the index after the value if it ended, else n. */
  private skimStep(chunk: Uint8Array, i: number, n: number): number {
    if (this.skim === S_SCALAR) {
      while (i < n) {
        const c = chunk[i];
        if (c === COMMA || c === RBRACE || c === RBRACKET || isSpace(c)) {
          this.finishValue(this.offset + i, chunk, i);
          return i;
        }
        if (c === QUOTE || c === LBRACE || c === LBRACKET || c === COLON) this.unexpected(c, this.offset + i, "',' or the end of the value");
        i++;
      }
      return n;
    }
    if (this.skimOpenQuote) {
      this.skimOpenQuote = false;
      i++;
    }
    let inString = this.inString;
    let escape = this.escape;
    let depth = this.depth;
    while (i < n) {
      if (inString) {
        if (escape) {
          escape = false;
          i++;
          continue;
        }
        // fast path: step to the next quote or backslash
        let c = chunk[i];
        while (c !== QUOTE && c !== BACKSLASH) {
          if (++i === n) break;
          c = chunk[i];
        }
        if (i === n) break;
        i++;
        if (c === BACKSLASH) escape = true;
        else {
          inString = false;
          if (depth === 0) {
            this.inString = false;
            this.finishValue(this.offset + i, chunk, i);
            return i;
          }
        }
        continue;
      }
      const c = chunk[i++];
      if (c === QUOTE) inString = true;
      else if (c === LBRACE || c === LBRACKET) depth++;
      else if (c === RBRACE || c === RBRACKET) {
        if (--depth === 0) {
          this.depth = 0;
          this.finishValue(this.offset + i, chunk, i);
          return i;
        }
      }
    }
    this.inString = inString;
    this.escape = escape;
    this.depth = depth;
    return n;
  }

  /** A skimmed value ended at absolute offset `end` (exclusive), i.e. chunk index `i`. */
  private finishValue(end: number, chunk?: Uint8Array, i = 0): void {
    this.skim = S_NONE;
    let bytes: Uint8Array | undefined;
    if (this.capturing) {
      if (chunk) this.append(chunk, this.capFrom, i);
      this.capturing = false;
      bytes = this.cap.subarray(0, this.capLen);
    }
    switch (this.what) {
      case V_TOP_KEY:
        this.topKey = this.parseBytes(bytes!, this.valueStart, 'key') as string;
        this.want = W_COLON;
        return;
      case V_MEMBER:
        this.h.member?.(this.topKey, bytes!, this.valueStart);
        this.want = W_COMMA_OR_END;
        return;
      case V_ELEMENT:
        this.h.element(this.streamKey, this.index, this.valueStart, end, bytes, this.picked);
        this.index++;
        this.want = W_COMMA_OR_END;
        return;
      case V_ELEM_KEY:
        this.elemKey = this.pickIndex(bytes!);
        this.want = W_COLON;
        return;
      case V_ELEM_VALUE:
        if (this.elemKey >= 0) {
          if (this.picked[this.elemKey] === undefined) this.found++;
          this.picked[this.elemKey] = this.parseBytes(bytes!, this.valueStart, this.elemKeyText);
          this.want = W_COMMA_OR_END;
          if (this.found === this.picked.length) {
            // every picked key is known: the rest of the element is skimmed up to its closing brace
            this.what = V_ELEM_REST;
            this.skim = S_CONTAINER;
            this.depth = 1;
            this.inString = false;
            this.escape = false;
          }
        }
        this.want = W_COMMA_OR_END;
        return;
      default: // V_ELEM_REST: the element's closing brace
        this.endElement(end);
    }
  }

  /** Which picked key these key bytes (with quotes) are, or -1. */
  private pickIndex(key: Uint8Array): number {
    const pb = this.pickBytes;
    for (let k = 0; k < pb.length; k++) {
      const p = pb[k];
      if (p.length !== key.length) continue;
      let same = true;
      for (let j = 0; j < p.length; j++) if (p[j] !== key[j]) { same = false; break; }
      if (same) {
        this.elemKeyText = this.opts.pick![k];
        return k;
      }
    }
    if (key.includes(BACKSLASH)) {
      // an escaped key: compare its decoded text
      const text = this.parseBytes(key, this.valueStart, 'key');
      const k = this.opts.pick!.indexOf(text as string);
      if (k >= 0) this.elemKeyText = this.opts.pick![k];
      return k;
    }
    return -1;
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    const len = to - from;
    if (len <= 0) return;
    const need = this.capLen + len;
    if (need > this.maxCapture) {
      this.error(this.path(), `a value larger than ${this.maxCapture} bytes cannot be held in memory`);
    }
    if (need > this.cap.length) {
      const grown = new Uint8Array(Math.min(Math.max(need, this.cap.length * 2), this.maxCapture));
      grown.set(this.cap.subarray(0, this.capLen));
      this.cap = grown;
    }
    this.cap.set(chunk.subarray(from, to), this.capLen);
    this.capLen = need;
  }

  private parseBytes(bytes: Uint8Array, start: number, what: string): unknown {
    return parseJsonBytes(bytes, this.opts.file, this.path(), start, what);
  }

  // --- errors -------------------------------------------------------------------------------------

  /** The JSON path of the current position, e.g. `annotations[12].image_id`. */
  private path(): string {
    if (this.frame === F_OBJECT) return this.want === W_KEY || this.want === W_KEY_OR_END ? '' : this.topKey;
    if (this.frame !== F_ARRAY && this.frame !== F_ELEMENT) return '';
    let p = `${this.topKind === F_OBJECT ? this.streamKey : ''}[${this.index}]`;
    if (this.frame === F_ELEMENT && this.want === W_VALUE && this.elemKey >= 0) p += `.${this.elemKeyText}`;
    return p;
  }

  private unexpected(c: number, at: number, expected: string): never {
    const got = c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
    this.error(this.path(), `expected ${expected} but found ${got} at byte ${at}`);
  }

  private error(location: string, message: string): never {
    throw new FormatError(this.opts.file, location, message);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON.parse of UTF-8 bytes, with errors as FormatError at `location` (and the byte offset,
 * `start` being the absolute offset of the first byte).
 */
export function parseJsonBytes(bytes: Uint8Array, file: string, location: string, start: number, what = 'value'): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new FormatError(file, location, `the ${what} at byte ${start} is not valid UTF-8`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? ` at byte ${start + new TextEncoder().encode(text.slice(0, Number(m[1]))).length}` : ` starting at byte ${start}`;
    throw new FormatError(file, location, `invalid JSON${where}: ${(e as Error).message}`);
  }
}
