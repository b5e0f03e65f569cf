// One bump arena over linear memory (the stub runtime's idea, owned here so that failure to grow
// is a status, not a trap). The API rewinds it with arenaReset() before and after every
// operation: nothing allocated here outlives a call. Blocks are 16-byte aligned for v128 access.

const ALIGN: usize = 16;
let top: usize = 0;

@inline function heapBase(): usize {
  return (__heap_base + ALIGN - 1) & ~(ALIGN - 1);
}

/** First usable byte of the arena. */
export function arenaBase(): usize {
  return heapBase();
}

/** Next free byte; equals arenaBase() when nothing is allocated. */
export function arenaTop(): usize {
  return top == 0 ? heapBase() : top;
}

/** Releases everything allocated since the last reset. */
export function arenaReset(): void {
  top = heapBase();
}

/** Gives back everything allocated after `mark`, a value arenaTop() returned earlier. */
export function arenaRewind(mark: usize): void {
  if (mark >= heapBase() && mark <= arenaTop()) top = mark;
}

/** Reserves `size` bytes and returns their address, or 0 when memory cannot grow that far. */
export function arenaAlloc(size: usize): usize {
  const ptr = arenaTop();
  const end = (ptr + size + ALIGN - 1) & ~(ALIGN - 1);
  if (end < ptr || size > <usize>0xfffffff0) return 0;
  const have = (<usize>memory.size()) << 16;
  if (end > have) {
    const need = <i32>((end - have + 0xffff) >>> 16);
    // Grow by at least the current size to amortise, falling back to the exact need.
    const cur = memory.size();
    if (memory.grow(max(need, min(cur, 65536 - cur))) < 0 && memory.grow(need) < 0) return 0;
  }
  top = end;
  return ptr;
}

/** Allocates `count` u32 words. */
@inline export function allocU32(count: usize): usize {
  return count > <usize>0x3ffffffc ? 0 : arenaAlloc(count << 2);
}
