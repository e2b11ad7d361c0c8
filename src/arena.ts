// A bump allocator over the kernels' linear memory. Work is laid out, run and
// released in stack order (mark / release), so no free lists are needed.
// Growing the memory detaches every existing view of memory.buffer: views are
// therefore never cached, but made on demand by the methods below.

const ALIGN = 16;

/** A bump allocator over the kernels' linear memory: alloc returns byte offsets; scoped/mark/release free in stack order. */
export class Arena {
  private top: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly base: number,
    private readonly pageBytes: number,
  ) {
    this.top = alignUp(base);
  }

  /** Reserves `bytes` (16-byte aligned, zero-filled) and returns the pointer. */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`bad allocation size ${bytes}`);
    const ptr = this.top;
    const end = alignUp(ptr + bytes);
    this.ensure(end);
    new Uint8Array(this.memory.buffer, ptr, end - ptr).fill(0);
    this.top = end;
    return ptr;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark < this.base || mark > this.top) throw new RangeError("arena release out of order");
    this.top = mark;
  }

  /** Runs `work` and frees whatever it allocated, even if it throws. */
  scoped<T>(work: () => T): T {
    const mark = this.mark();
    try {
      return work();
    } finally {
      this.release(mark);
    }
  }

  i8(ptr: number, length: number): Int8Array { return new Int8Array(this.memory.buffer, ptr, length); }
  u8(ptr: number, length: number): Uint8Array { return new Uint8Array(this.memory.buffer, ptr, length); }
  i32(ptr: number, length: number): Int32Array { return new Int32Array(this.memory.buffer, ptr, length); }
  u32(ptr: number, length: number): Uint32Array { return new Uint32Array(this.memory.buffer, ptr, length); }
  f32(ptr: number, length: number): Float32Array { return new Float32Array(this.memory.buffer, ptr, length); }
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
