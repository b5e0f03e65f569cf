export function createHash(algorithm: 'sha256'): {
  update(data: string | ArrayBufferView): ReturnType<typeof createHash>;
  digest(encoding: 'hex'): string;
};
