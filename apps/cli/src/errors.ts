// Exit codes: 0 ok, 1 usage error, 2 data errors.
export const EXIT_OK = 0;
export const EXIT_USAGE = 1;
export const EXIT_DATA = 2;

/** A mistake in how the command was called (unknown flag, missing argument, output exists). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Bad input data found by the command (the message names the file and the item). */
export class DataError extends Error {
  override name = 'DataError';
}
