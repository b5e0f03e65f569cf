// One error family: every error segkit throws is a SegkitError with a stable `code`.

/** Base class of every error segkit throws. */
export class SegkitError extends Error {
  /** A stable machine-readable code, e.g. `'E_INVALID_INPUT'`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SegkitError';
    this.code = code;
  }
}

/**
 * An argument is not what the function accepts. The message reads
 * "expected EXPECTED for NAME but received RECEIVED".
 */
export class InvalidInputError extends SegkitError {
  /** The argument or JSON-style path, e.g. `polygons[2][5]`. */
  readonly path: string;
  readonly expected: string;
  readonly received: string;
  constructor(path: string, expected: string, received: string) {
    super('E_INVALID_INPUT', `expected ${expected} for ${path} but received ${received}`);
    this.name = 'InvalidInputError';
    this.path = path;
    this.expected = expected;
    this.received = received;
  }
}

/** A file is not valid in its format; names the file and the location in it. */
export class FormatError extends SegkitError {
  readonly file: string;
  /** JSON path (`annotations[12].segmentation`) or `line N`. */
  readonly location: string;
  constructor(file: string, location: string, message: string) {
    super('E_FORMAT', `${file}${location ? ` at ${location}` : ''}: ${message}`);
    this.name = 'FormatError';
    this.file = file;
    this.location = location;
  }
}

/** The WebAssembly kernel returned a failure status (out of memory, a size limit). */
export class KernelError extends SegkitError {
  readonly status: number;
  constructor(status: number, message: string) {
    super(status === 1 ? 'E_NOMEM' : 'E_KERNEL', message);
    this.name = 'KernelError';
    this.status = status;
  }
}
