// A bump allocator over the kernels' linear memory. Work is laid out, run and
// released in stack order (mark / release), so no free lists are needed.
// Growing the memory detaches every existing view of memory.buffer: views are
// therefore never cached, but made on demand by the methods below.

const ALIGN = 16;

/**
 * A bump allocator over the kernels' linear memory: alloc returns byte offsets; scoped/mark/release free in stack order.
 *
 * @example
 * ```ts
 * const { arena, kernels } = core;
 * arena.scoped(() => {
 *   const ptr = arena.alloc(4 * 1024);   // 1024 f32, zero-filled
 *   kernels.rbmSigmoid(ptr, 1024, ptr);
 *   return Array.from(arena.f32(ptr, 1024)); // copy out before the scope frees it
 * });
 * ```
 */
export class Arena {
  private top: number;

  /**
   * @param memory - The kernels' memory; grown in pages as allocations need.
   * @param base - First byte the arena may use (the module's heap base).
   * @param pageBytes - Bytes per growth step (64 KiB, a wasm page).
   */
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly base: number,
    private readonly pageBytes: number,
  ) {
    this.top = alignUp(base);
  }

  /**
   * Reserves `bytes` (16-byte aligned, zero-filled), growing the memory if needed.
   *
   * @param bytes - Size in bytes (integer >= 0).
   * @returns The pointer (byte offset into memory).
   * @throws RangeError when the size is invalid or the 4 GiB wasm32 limit would be passed.
   */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`bad allocation size ${bytes}`);
    const ptr = this.top;
    const end = alignUp(ptr + bytes);
    this.ensure(end);
    new Uint8Array(this.memory.buffer, ptr, end - ptr).fill(0);
    this.top = end;
    return ptr;
  }

  /**
   * The current top, to give to release later.
   *
   * @returns An opaque mark (the next free byte offset).
   */
  mark(): number {
    return this.top;
  }

  /**
   * Frees everything allocated since `mark` was taken (stack order).
   *
   * @param mark - A value mark() returned, not yet released past.
   * @throws RangeError when the mark is below the base or above the current top.
   */
  release(mark: number): void {
    if (mark < this.base || mark > this.top) throw new RangeError("arena release out of order");
    this.top = mark;
  }

  /**
   * Runs `work` and frees whatever it allocated, even if it throws.
   *
   * @param work - Allocates, runs kernels and copies out what it keeps.
   * @returns What `work` returned (which must not be a view of memory freed here).
   */
  scoped<T>(work: () => T): T {
    const mark = this.mark();
    try {
      return work();
    } finally {
      this.release(mark);
    }
  }

  /**
   * A fresh view of `length` i8 at `ptr` (views are made per use: growing the memory detaches old ones).
   *
   * @param ptr - Byte offset.
   * @param length - Elements.
   * @returns The view.
   */
  i8(ptr: number, length: number): Int8Array { return new Int8Array(this.memory.buffer, ptr, length); }
  /**
   * A fresh view of `length` u8 at `ptr` (views are made per use: growing the memory detaches old ones).
   *
   * @param ptr - Byte offset.
   * @param length - Elements.
   * @returns The view.
   */
  u8(ptr: number, length: number): Uint8Array { return new Uint8Array(this.memory.buffer, ptr, length); }
  /**
   * A fresh view of `length` i32 at `ptr` (4-byte aligned) (views are made per use: growing the memory detaches old ones).
   *
   * @param ptr - Byte offset.
   * @param length - Elements.
   * @returns The view.
   */
  i32(ptr: number, length: number): Int32Array { return new Int32Array(this.memory.buffer, ptr, length); }
  /**
   * A fresh view of `length` u32 at `ptr` (4-byte aligned) (views are made per use: growing the memory detaches old ones).
   *
   * @param ptr - Byte offset.
   * @param length - Elements.
   * @returns The view.
   */
  u32(ptr: number, length: number): Uint32Array { return new Uint32Array(this.memory.buffer, ptr, length); }
  /**
   * A fresh view of `length` f32 at `ptr` (4-byte aligned) (views are made per use: growing the memory detaches old ones).
   *
   * @param ptr - Byte offset.
   * @param length - Elements.
   * @returns The view.
   */
  f32(ptr: number, length: number): Float32Array { return new Float32Array(this.memory.buffer, ptr, length); }
  /**
   * A fresh view of `length` f64 at `ptr` (8-byte aligned) (views are made per use: growing the memory detaches old ones).
   *
   * @param ptr - Byte offset.
   * @param length - Elements.
   * @returns The view.
   */
  f64(ptr: number, length: number): Float64Array { return new Float64Array(this.memory.buffer, ptr, length); }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / this.pageBytes);
    try {
      this.memory.grow(pages);
    } catch {
      const mib = (end / 2 ** 20).toFixed(0);
      throw new RangeError(`out of WebAssembly memory: ${mib} MiB needed (limit 4096 MiB); use smaller data or fewer samples`);
    }
  }
}

function alignUp(value: number): number {
  return Math.ceil(value / ALIGN) * ALIGN;
}
