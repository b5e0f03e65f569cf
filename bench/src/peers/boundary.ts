// Agreement up to the boundary, for peers whose pixel rule differs from segkit's by design
// (COCO's rule vs pixel centres, OpenCV's boundary-inclusive fill, a thresholded anti-aliased
// fill): every pixel on which two outputs differ must have its centre within `tol` pixels of
// some edge of the shapes. With `clampedBorders`, differences are also accepted in the first and
// last columns on a side where the shapes leave the image (OpenCV clamps spans lying outside the
// image onto those columns). A grid of cells indexes the edges so that the check stays fast for
// thousands of shapes.

const CELL = 16;

export class Boundary {
  private readonly cells = new Map<number, number[]>();
  private readonly seg: number[] = [];
  private readonly cols: number;
  private leftOut = false;
  private rightOut = false;

  constructor(rings: ArrayLike<number>[], readonly width: number, readonly height: number, readonly tol: number, readonly clampedBorders = false) {
    this.cols = Math.ceil(width / CELL) + 2;
    for (const r of rings) {
      const k = r.length >> 1;
      for (let j = 0; j < k; j++) {
        if (r[2 * j] < 0) this.leftOut = true;
        if (r[2 * j] > width) this.rightOut = true;
        const q = j + 1 === k ? 0 : j + 1;
        this.add(r[2 * j], r[2 * j + 1], r[2 * q], r[2 * q + 1]);
      }
    }
  }

  private cellOf(cx: number, cy: number): number {
    return (cy + 1) * this.cols + cx + 1;
  }

  private add(ax: number, ay: number, bx: number, by: number): void {
    const id = this.seg.length / 4;
    this.seg.push(ax, ay, bx, by);
    const clampX = (v: number) => Math.min(Math.ceil(this.width / CELL), Math.max(-1, Math.floor(v / CELL)));
    const clampY = (v: number) => Math.min(Math.ceil(this.height / CELL), Math.max(-1, Math.floor(v / CELL)));
    const x0 = clampX(Math.min(ax, bx) - this.tol), x1 = clampX(Math.max(ax, bx) + this.tol);
    const y0 = clampY(Math.min(ay, by) - this.tol), y1 = clampY(Math.max(ay, by) + this.tol);
    for (let cy = y0; cy <= y1; cy++) {
      for (let cx = x0; cx <= x1; cx++) {
        const key = this.cellOf(cx, cy);
        let list = this.cells.get(key);
        if (!list) this.cells.set(key, (list = []));
        list.push(id);
      }
    }
  }

  /** True when the centre of pixel (x, y) is within tol of an edge. */
  near(x: number, y: number): boolean {
    if (this.clampedBorders && ((x === 0 && this.leftOut) || (x === this.width - 1 && this.rightOut))) return true;
    const px = x + 0.5, py = y + 0.5;
    const list = this.cells.get(this.cellOf(Math.floor(px / CELL), Math.floor(py / CELL)));
    if (!list) return false;
    const s = this.seg;
    for (const id of list) {
      const ax = s[4 * id], ay = s[4 * id + 1], bx = s[4 * id + 2], by = s[4 * id + 3];
      const dx = bx - ax, dy = by - ay;
      const len = dx * dx + dy * dy;
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
      const ex = ax + t * dx - px, ey = ay + t * dy - py;
      if (ex * ex + ey * ey <= this.tol * this.tol) return true;
    }
    return false;
  }

  /** Why `got` differs from `want` away from the boundary (the first such pixel), or undefined. */
  differsAway(want: ArrayLike<number>, got: ArrayLike<number>): string | undefined {
    if (got.length !== want.length) return `${got.length} pixels instead of ${want.length}`;
    const w = this.width;
    for (let i = 0; i < want.length; i++) {
      if (got[i] !== want[i] && !this.near(i % w, Math.floor(i / w))) {
        return `pixel (${i % w}, ${Math.floor(i / w)}) is ${got[i]} instead of ${want[i]}, more than ${this.tol} px from any edge`;
      }
    }
    return undefined;
  }
}
