// Byte helpers.

/** A copy of the bytes in a fresh Uint8Array (Node's Buffer#slice would return a view). */
export function copyBytes(b: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(b);
}
