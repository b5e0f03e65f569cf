// Byte-matrix transpose, 16x16 tiles with v128 shuffles.
// A 2^k x 2^k tile is transposed by k rounds of the perfect shuffle: row 2i of the next round
// interleaves the low halves of rows i and i+8, row 2i+1 their high halves (4 rounds, 64
// shuffles per 256 bytes). Ragged right and bottom edges are copied one byte at a time.

// @ts-ignore: decorator
@inline function lo8(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}
// @ts-ignore: decorator
@inline function hi8(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}

/** dst (cols x rows) = transpose of src (rows x cols); both row-major, no overlap. */
export function transposeU8(dst: usize, src: usize, rows: u32, cols: u32): void {
  const r16 = rows & ~15;
  const c16 = cols & ~15;
  const sr = <usize>cols; // source row stride
  const dr = <usize>rows; // destination row stride
  for (let r: u32 = 0; r < r16; r += 16) {
    for (let c: u32 = 0; c < c16; c += 16) {
      const s = src + <usize>r * sr + c;
      let v0 = v128.load(s), v1 = v128.load(s + sr), v2 = v128.load(s + 2 * sr), v3 = v128.load(s + 3 * sr);
      let v4 = v128.load(s + 4 * sr), v5 = v128.load(s + 5 * sr), v6 = v128.load(s + 6 * sr), v7 = v128.load(s + 7 * sr);
      let v8 = v128.load(s + 8 * sr), v9 = v128.load(s + 9 * sr), va = v128.load(s + 10 * sr), vb = v128.load(s + 11 * sr);
      let vc = v128.load(s + 12 * sr), vd = v128.load(s + 13 * sr), ve = v128.load(s + 14 * sr), vf = v128.load(s + 15 * sr);
      for (let round = 0; round < 4; round++) {
        const t0 = lo8(v0, v8), t1 = hi8(v0, v8), t2 = lo8(v1, v9), t3 = hi8(v1, v9);
        const t4 = lo8(v2, va), t5 = hi8(v2, va), t6 = lo8(v3, vb), t7 = hi8(v3, vb);
        const t8 = lo8(v4, vc), t9 = hi8(v4, vc), ta = lo8(v5, vd), tb = hi8(v5, vd);
        const tc = lo8(v6, ve), td = hi8(v6, ve), te = lo8(v7, vf), tf = hi8(v7, vf);
        v0 = t0; v1 = t1; v2 = t2; v3 = t3; v4 = t4; v5 = t5; v6 = t6; v7 = t7;
        v8 = t8; v9 = t9; va = ta; vb = tb; vc = tc; vd = td; ve = te; vf = tf;
      }
      const d = dst + <usize>c * dr + r;
      v128.store(d, v0); v128.store(d + dr, v1); v128.store(d + 2 * dr, v2); v128.store(d + 3 * dr, v3);
      v128.store(d + 4 * dr, v4); v128.store(d + 5 * dr, v5); v128.store(d + 6 * dr, v6); v128.store(d + 7 * dr, v7);
      v128.store(d + 8 * dr, v8); v128.store(d + 9 * dr, v9); v128.store(d + 10 * dr, va); v128.store(d + 11 * dr, vb);
      v128.store(d + 12 * dr, vc); v128.store(d + 13 * dr, vd); v128.store(d + 14 * dr, ve); v128.store(d + 15 * dr, vf);
    }
    for (let y = r; y < r + 16; y++) {
      for (let x = c16; x < cols; x++) store<u8>(dst + <usize>x * dr + y, load<u8>(src + <usize>y * sr + x));
    }
  }
  for (let y = r16; y < rows; y++) {
    for (let x: u32 = 0; x < cols; x++) store<u8>(dst + <usize>x * dr + y, load<u8>(src + <usize>y * sr + x));
  }
}
