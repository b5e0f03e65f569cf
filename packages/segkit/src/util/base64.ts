// Base64 (RFC 4648) for embedded images and masks, without Node's Buffer (browser-safe).

/** Decodes base64 (standard alphabet; whitespace ignored); undefined when it is not base64. */
export function base64ToBytes(s: string): Uint8Array | undefined {
  let bin: string;
  try {
    bin = atob(s.replace(/\s+/g, ''));
  } catch {
    return undefined;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Encodes bytes as base64 (standard alphabet, padded). */
export function bytesToBase64(b: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(bin);
}
