// NumPy .npy format (NEP 1; numpy/lib/format.py), whole arrays in memory.
// Browser-safe: pure functions on Uint8Array, no Node built-ins.
//
// Layout: "\x93NUMPY", major, minor, header length (uint16 LE for 1.0,
// uint32 LE for 2.0 and 3.0), then a Python dict literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (4, 5), } padded with
// spaces and a newline so the data starts at a multiple of 64 bytes, then the
// raw elements. Version 3.0 differs from 2.0 only in a UTF-8 header.
//
// Shape () (a NumPy 0-d array, one element) is supported both ways.

/** The NumPy dtypes read and written (little-endian). */
export type NpyDtype = "int8" | "uint8" | "bool" | "int16" | "int32" | "float32" | "float64";

/** The typed array of each dtype's elements (bool and uint8 are both Uint8Array). */
export type NpyData = Int8Array | Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** An n-dimensional array as .npy holds it: dtype, shape and elements in C order. */
export interface NpyArray {
  /** Element type. */
  dtype: NpyDtype;
  /** Dimensions, outermost first (e.g. (N, L, L) for spin samples); their product is data.length. */
  shape: number[];
  /** Elements in C (row-major) order; bool is a Uint8Array of 0/1. */
  data: NpyData;
}

/** Options of decodeNpy. */
export interface DecodeNpyOptions {
  /** Names the input (usually its path) at the start of every error message. */
  source?: string;
  /** Refuse arrays declaring more elements than this; default NPY_MAX_ELEMENTS. */
  maxElements?: number;
}

/** Malformed, unsupported or inconsistent .npy input; the message is one line. */
export class NpyError extends Error {
  /** Always "NpyError". */
  override readonly name = "NpyError";
}

/** Beyond 2^31 elements typed arrays and many consumers stop coping. */
export const NPY_MAX_ELEMENTS = 2 ** 31;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ALIGNMENT = 64;
/** NumPy leaves room to grow shape[0] in place up to this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;
const V1_MAX_HEADER_BYTES = 0xffff;

interface DtypeInfo {
  /** Kind letter and item size, as in a descr such as "<f4". */
  code: string;
  itemSize: number;
  /** Typed-array name the data must have (Symbol.toStringTag, realm-safe). */
  arrayName: string;
  view: (buffer: ArrayBuffer) => NpyData;
}

const DTYPES: Record<NpyDtype, DtypeInfo> = {
  bool: { code: "b1", itemSize: 1, arrayName: "Uint8Array", view: (b) => new Uint8Array(b) },
  int8: { code: "i1", itemSize: 1, arrayName: "Int8Array", view: (b) => new Int8Array(b) },
  uint8: { code: "u1", itemSize: 1, arrayName: "Uint8Array", view: (b) => new Uint8Array(b) },
  int16: { code: "i2", itemSize: 2, arrayName: "Int16Array", view: (b) => new Int16Array(b) },
  int32: { code: "i4", itemSize: 4, arrayName: "Int32Array", view: (b) => new Int32Array(b) },
  float32: { code: "f4", itemSize: 4, arrayName: "Float32Array", view: (b) => new Float32Array(b) },
  float64: { code: "f8", itemSize: 8, arrayName: "Float64Array", view: (b) => new Float64Array(b) },
};

const DTYPE_BY_CODE = new Map(
  (Object.keys(DTYPES) as NpyDtype[]).map((dtype) => [DTYPES[dtype].code, dtype] as const),
);

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ---------------------------------------------------------------- encoding

/**
 * The .npy file for `array`: version 1.0 (2.0 if the header needs it), little-endian, C order, with the header
 * exactly as NumPy writes it.
 *
 * @param array - dtype, shape and data (the typed array must be the dtype's; its length the shape's product).
 * @returns The file's bytes.
 * @throws NpyError when the array is inconsistent (wrong typed array, shape, or a bool above 1).
 *
 * @example
 * ```ts
 * const bytes = encodeNpy({ dtype: "int8", shape: [count, L, L], data: configs });
 * ```
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  const info = checkEncodable(array);
  const descr = `${info.itemSize === 1 ? "|" : "<"}${info.code}`;
  const prefixAndHeader = wrapHeader(headerText(descr, array.shape));
  const data = littleEndianBytes(array.data, info.itemSize);
  const file = new Uint8Array(prefixAndHeader.length + data.length);
  file.set(prefixAndHeader, 0);
  file.set(data, prefixAndHeader.length);
  return file;
}

function checkEncodable(array: NpyArray): DtypeInfo {
  const info = DTYPES[array.dtype] as DtypeInfo | undefined;
  if (!info) throw new NpyError(`cannot encode: unknown dtype ${JSON.stringify(array.dtype)}`);
  const arrayName = array.data[Symbol.toStringTag];
  if (arrayName !== info.arrayName) {
    throw new NpyError(`cannot encode: dtype ${array.dtype} needs a ${info.arrayName}, got ${arrayName}`);
  }
  for (const dim of array.shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) throw new NpyError(`cannot encode: bad dimension ${dim} in shape (${array.shape.join(", ")})`);
  }
  const count = array.shape.reduce((product, dim) => product * dim, 1);
  if (count !== array.data.length) {
    throw new NpyError(`cannot encode: shape (${array.shape.join(", ")}) holds ${count} elements, data has ${array.data.length}`);
  }
  if (array.dtype === "bool" && array.data.some((value) => value > 1)) {
    throw new NpyError("cannot encode: bool data must be 0 or 1");
  }
  return info;
}

/** The dict exactly as NumPy's _write_array_header renders it, growth room included. */
function headerText(descr: string, shape: readonly number[]): string {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const growthRoom = shape.length > 0 ? Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length) : 0;
  return dict + " ".repeat(growthRoom);
}

/** Magic, version and length prefix plus the padded header (ASCII, so latin1 == UTF-8 here). */
function wrapHeader(text: string): Uint8Array {
  let major = 1;
  let paddedLength = paddedHeaderLength(text, 10);
  if (paddedLength > V1_MAX_HEADER_BYTES) {
    major = 2;
    paddedLength = paddedHeaderLength(text, 12);
  }
  const prefixLength = major === 1 ? 10 : 12;
  const out = new Uint8Array(prefixLength + paddedLength).fill(0x20);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, paddedLength, true);
  else view.setUint32(8, paddedLength, true);
  for (let i = 0; i < text.length; i++) out[prefixLength + i] = text.charCodeAt(i);
  out[out.length - 1] = 0x0a;
  return out;
}

/** Header bytes after the prefix, newline included, so data lands on a 64-byte boundary. */
function paddedHeaderLength(text: string, prefixLength: number): number {
  const withNewline = text.length + 1;
  // Same formula as NumPy: a header already aligned still gets 64 spaces.
  return withNewline + ALIGNMENT - ((prefixLength + withNewline) % ALIGNMENT);
}

function littleEndianBytes(data: NpyData, itemSize: number): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_LITTLE_ENDIAN || itemSize === 1) return bytes;
  return swapBytes(bytes.slice(), itemSize);
}

function swapBytes(bytes: Uint8Array, itemSize: number): Uint8Array {
  for (let start = 0; start < bytes.length; start += itemSize) {
    bytes.subarray(start, start + itemSize).reverse();
  }
  return bytes;
}

// ---------------------------------------------------------------- decoding

interface Header {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

interface Layout {
  dtype: NpyDtype;
  littleEndian: boolean;
}

/**
 * Parses a whole .npy file (versions 1.0 to 3.0, either byte order, C or Fortran order).
 *
 * @param bytes - The file's bytes.
 * @param options - A name for error messages and an element limit.
 * @returns The array, in native byte order and C order.
 * @throws NpyError for anything it does not fully understand (object or unlisted dtypes, a byte order it cannot
 *   tell, a shape that does not match the data, more elements than maxElements).
 *
 * @example
 * ```ts
 * const array = decodeNpy(new Uint8Array(await (await fetch("samples.npy")).arrayBuffer()), { source: "samples.npy" });
 * const data = binaryLayerData(array.data, array.shape);
 * ```
 */
export function decodeNpy(bytes: Uint8Array, options: DecodeNpyOptions = {}): NpyArray {
  const fail = failureFor(options.source ?? "npy data");
  const { header, dataOffset } = readHeader(bytes, fail);
  const layout = parseDescr(header.descr, fail);
  const count = elementCount(header.shape, options.maxElements ?? NPY_MAX_ELEMENTS, fail);
  const itemSize = DTYPES[layout.dtype].itemSize;
  checkDataLength(count * itemSize, bytes.length - dataOffset, fail);
  let raw = new Uint8Array(bytes.subarray(dataOffset, dataOffset + count * itemSize)); // copy: aligned, detached from input
  if (header.fortranOrder && header.shape.length > 1) raw = fortranToC(raw, header.shape, itemSize);
  if (itemSize > 1 && layout.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(raw, itemSize);
  if (layout.dtype === "bool") raw.forEach((value, i) => { raw[i] = value === 0 ? 0 : 1; });
  return { dtype: layout.dtype, shape: header.shape, data: DTYPES[layout.dtype].view(raw.buffer) };
}

type Fail = (problem: string) => never;

function failureFor(source: string): Fail {
  return (problem) => {
    throw new NpyError(`${source}: ${problem}`);
  };
}

function readHeader(bytes: Uint8Array, fail: Fail): { header: Header; dataOffset: number } {
  if (bytes.length < 8 || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    fail("bad magic: not a NumPy .npy file (expected \\x93NUMPY)");
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (minor !== 0 || major < 1 || major > 3) fail(`unsupported .npy format version ${major}.${minor}`);
  const prefixLength = major === 1 ? 10 : 12;
  if (bytes.length < prefixLength) fail(`truncated: file ends inside the ${prefixLength}-byte prefix`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = prefixLength + headerLength;
  if (dataOffset > bytes.length) {
    fail(`truncated: header declares ${headerLength} bytes, file has ${bytes.length - prefixLength} after the prefix`);
  }
  const text = headerString(bytes.subarray(prefixLength, dataOffset), major, fail);
  return { header: parseHeader(text, fail), dataOffset };
}

function headerString(bytes: Uint8Array, major: number, fail: Fail): string {
  if (major === 3) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return fail("malformed header: not valid UTF-8");
    }
  }
  // Versions 1 and 2 are latin1; TextDecoder("latin1") would mean windows-1252.
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

function parseDescr(descr: string, fail: Fail): Layout {
  if (/^[<>|=]?O/.test(descr)) fail(`object dtype '${descr}' is not supported (pickled Python objects)`);
  const match = /^([<>|=])([a-z])(\d+)$/.exec(descr);
  const dtype = match ? DTYPE_BY_CODE.get(`${match[2]}${match[3]}`) : undefined;
  if (!match || !dtype) {
    fail(`unsupported dtype '${descr}' (supported: |b1 |i1 |u1 <i2 <i4 <f4 <f8, also big-endian)`);
  }
  const order = match[1]!;
  if (DTYPES[dtype].itemSize === 1) return { dtype, littleEndian: true };
  if (order !== "<" && order !== ">") fail(`dtype '${descr}' has no definite byte order (need < or >)`);
  return { dtype, littleEndian: order === "<" };
}

function elementCount(shape: readonly number[], maxElements: number, fail: Fail): number {
  if (shape.includes(0)) return 0;
  let count = 1;
  for (const dim of shape) {
    count *= dim;
    // Checked per factor, so the product is refused long before it could overflow.
    if (count > maxElements) fail(`absurd size: shape (${shape.join(", ")}) declares more than ${maxElements} elements`);
  }
  return count;
}

function checkDataLength(declared: number, available: number, fail: Fail): void {
  if (available < declared) fail(`truncated: header declares ${declared} bytes of data, file has ${available}`);
  if (available > declared) fail(`trailing garbage: header declares ${declared} bytes of data, file has ${available}`);
}

/** Reorders column-major elements into row-major ones, copying whole words (bit-exact, dtype-agnostic). */
function fortranToC(source: Uint8Array<ArrayBuffer>, shape: readonly number[], itemSize: number): Uint8Array<ArrayBuffer> {
  const wordSize = Math.min(itemSize, 4); // an 8-byte element moves as two 32-bit words
  const wordsPerItem = itemSize / wordSize;
  const from = wordView(source, wordSize);
  const to = wordView(new Uint8Array(source.length), wordSize);
  const strides: number[] = []; // Fortran strides in words: the first axis varies fastest
  shape.reduce((stride, dim) => (strides.push(stride), stride * dim), wordsPerItem);
  const index = shape.map(() => 0);
  let offset = 0;
  for (let target = 0; target < to.length; target += wordsPerItem) {
    for (let word = 0; word < wordsPerItem; word++) to[target + word] = from[offset + word]!;
    // Advance the C-order odometer (last axis fastest), tracking the Fortran offset.
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis]!++;
      offset += strides[axis]!;
      if (index[axis]! < shape[axis]! || axis === 0) break;
      offset -= shape[axis]! * strides[axis]!;
      index[axis] = 0;
    }
  }
  return new Uint8Array(to.buffer);
}

/** Integer words over a whole fresh buffer (offset 0, so always aligned). */
function wordView(bytes: Uint8Array<ArrayBuffer>, wordSize: number): Uint8Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint32Array<ArrayBuffer> {
  if (wordSize === 1) return bytes;
  return wordSize === 2 ? new Uint16Array(bytes.buffer) : new Uint32Array(bytes.buffer);
}

// ---------------------------------------------------------------- header dict
// A strict parser for the one Python literal NumPy writes: a dict of exactly
// 'descr' (string), 'fortran_order' (True/False) and 'shape' (tuple of ints).
// Never eval: the header is untrusted input.

function parseHeader(text: string, fail: Fail): Header {
  const entries = new HeaderParser(text, fail).parseDict();
  const keys = [...entries.keys()];
  for (const key of ["descr", "fortran_order", "shape"]) {
    if (!entries.has(key)) fail(`malformed header: missing key '${key}' (keys: ${keys.join(", ")})`);
  }
  const descr = entries.get("descr");
  const fortranOrder = entries.get("fortran_order");
  const shape = entries.get("shape");
  if (typeof descr !== "string") fail("malformed header: 'descr' is not a string");
  if (typeof fortranOrder !== "boolean") fail("malformed header: 'fortran_order' is not True or False");
  if (!Array.isArray(shape)) fail("malformed header: 'shape' is not a tuple");
  return { descr, fortranOrder, shape: checkShape(shape, fail) };
}

function checkShape(shape: readonly number[], fail: Fail): number[] {
  for (const dim of shape) {
    if (dim < 0) fail(`negative dimension ${dim} in shape (${shape.join(", ")})`);
    if (!Number.isSafeInteger(dim)) fail(`absurd size: dimension ${dim} in shape is too large`);
  }
  return [...shape];
}

type HeaderValue = string | boolean | number[];

const HEADER_KEYS = new Set(["descr", "fortran_order", "shape"]);
/** A bare token (number or identifier), matched in place: sticky, no slicing. */
const WORD = /[-+\w.]*/y;

class HeaderParser {
  private position = 0;

  constructor(private readonly text: string, private readonly fail: Fail) {}

  parseDict(): Map<string, HeaderValue> {
    const entries = new Map<string, HeaderValue>();
    this.expect("{");
    while (!this.accept("}")) {
      const key = this.parseString();
      if (!HEADER_KEYS.has(key)) this.malformed(`unexpected key '${key}'`);
      if (entries.has(key)) this.malformed(`duplicate key '${key}'`);
      this.expect(":");
      entries.set(key, this.parseValue(key));
      if (!this.accept(",")) {
        this.expect("}");
        break;
      }
    }
    this.skipSpace();
    if (this.position < this.text.length) this.malformed("unexpected text after the dict");
    return entries;
  }

  private parseValue(key: string): HeaderValue {
    const next = this.peek();
    if (next === "'" || next === '"') return this.parseString();
    if (next === "(") return this.parseTuple();
    if (next === "[" && key === "descr") this.fail("structured dtypes (descr is a list of fields) are not supported");
    const word = this.readWord();
    if (word === "True") return true;
    if (word === "False") return false;
    return this.malformed(`unexpected value ${JSON.stringify(word || next)} for '${key}'`);
  }

  private parseString(): string {
    const quote = this.peek();
    if (quote !== "'" && quote !== '"') return this.malformed("expected a quoted string");
    const end = this.text.indexOf(quote, this.position + 1);
    if (end < 0) return this.malformed("unterminated string");
    const value = this.text.slice(this.position + 1, end);
    // NumPy never writes escapes or line breaks here; refusing them keeps the parser trivial.
    if (/[\\\n\r]/.test(value)) return this.malformed("escape or line break inside a string");
    this.position = end + 1;
    return value;
  }

  private parseTuple(): number[] {
    this.expect("(");
    const items: number[] = [];
    let trailingComma = false;
    while (!this.accept(")")) {
      items.push(this.parseInteger());
      trailingComma = this.accept(",");
      if (!trailingComma) {
        this.expect(")");
        break;
      }
    }
    // "(5)" is the int 5 in Python, not a tuple.
    if (items.length === 1 && !trailingComma) this.fail(`malformed header: shape (${items[0]}) is not a tuple; NumPy writes (${items[0]},)`);
    return items;
  }

  private parseInteger(): number {
    const word = this.readWord();
    // Python 3 int literal, optionally negative; "L" is the Python 2 long suffix NumPy still accepts.
    if (!/^-?(0|[1-9]\d*)L?$/.test(word)) this.fail(`shape must hold non-negative integers, found ${JSON.stringify(word)}`);
    const value = Number(word.replace("L", ""));
    return value === 0 ? 0 : value; // "-0" is plain 0 in Python

  }

  private readWord(): string {
    this.skipSpace();
    WORD.lastIndex = this.position;
    const word = WORD.exec(this.text)?.[0] ?? "";
    this.position += word.length;
    return word;
  }

  private accept(token: string): boolean {
    this.skipSpace();
    if (this.text[this.position] !== token) return false;
    this.position++;
    return true;
  }

  private expect(token: string): void {
    if (!this.accept(token)) this.malformed(`expected '${token}'`);
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.position];
  }

  private skipSpace(): void {
    while (/[ \t\r\n]/.test(this.text[this.position] ?? "")) this.position++;
  }

  private malformed(problem: string): never {
    const found = this.text.slice(this.position, this.position + 20);
    return this.fail(`malformed header: ${problem} at offset ${this.position} (found ${JSON.stringify(found)})`);
  }
}
