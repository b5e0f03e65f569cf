// zlib (RFC 1950) for PNG data. The default uses the Compression Streams API, present in browsers
// and in Node 18+; `segkit/node` passes node:zlib's synchronous functions instead (faster for many
// small files). Any implementation of this interface can be passed.

/** zlib compression as PNG needs it (zlib-wrapped deflate). */
export interface Zlib {
  inflate(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  deflate(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

async function through(data: Uint8Array, stream: TransformStream<Uint8Array, Uint8Array>): Promise<Uint8Array> {
  const out = new Blob([data as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** zlib through `CompressionStream` / `DecompressionStream` (browsers, Node 18+). */
export const webZlib: Zlib = {
  inflate: (data) => through(data, new DecompressionStream('deflate') as unknown as TransformStream<Uint8Array, Uint8Array>),
  deflate: (data) => through(data, new CompressionStream('deflate') as unknown as TransformStream<Uint8Array, Uint8Array>),
};
