// Status codes returned by every kernel export; mirrored by segkit's src/wasm/status.ts.
// A kernel never traps on user data: it returns one of these instead.
export const OK: i32 = 0;
/** The arena could not grow linear memory far enough. */
export const E_NOMEM: i32 = 1;
/** A size or count is outside what the kernel accepts (e.g. height*width >= 2^32). */
export const E_RANGE: i32 = 2;
/** Inputs are inconsistent (e.g. RLE counts do not sum to height*width). */
export const E_INPUT: i32 = 3;
/** A table sized by a derived bound overflowed: a kernel bug, reported instead of trapping. */
export const E_BOUND: i32 = 4;
