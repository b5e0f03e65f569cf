// Growable typed arrays: amortised O(1) push, one typed array underneath (no per-item objects).

type TypedCtor<T> = { new (n: number): T };
type Typed = Float64Array | Uint32Array | Int32Array;

/** A typed array that grows by doubling. */
export class Grow<T extends Typed> {
  data: T;
  length = 0;
  constructor(private readonly ctor: TypedCtor<T>, capacity = 1024) {
    this.data = new ctor(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new this.ctor(this.data.length * 2);
      (next as Typed).set(this.data as never);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** The filled part (a view). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
