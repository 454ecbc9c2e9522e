// A small protobuf writer/reader for the subset of onnx.proto the project needs: writing the static
// embedding graph (trainer, test helpers) and reading its initializers back (the TypeScript fallback
// embedder computes from the very bytes onnxruntime runs). No dependency on protobufjs.

export const TensorType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

export interface TensorInit {
  name: string;
  dims: number[];
  dataType: number;
  /** Little-endian raw bytes (TensorProto.raw_data). */
  raw: Uint8Array;
}

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attrs?: Record<string, number | number[] | string | { floats: number[] }>;
}

export interface ValueSpec {
  name: string;
  elemType: number;
  /** A number is a fixed size, a string a symbolic dimension. */
  shape: Array<number | string>;
}

export interface ModelSpec {
  producer: string;
  opset: number;
  graphName: string;
  nodes: NodeSpec[];
  initializers: TensorInit[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  docString?: string;
  metadata?: Record<string, string>;
}

// ---------- writer ----------

class Writer {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.size += b.length;
  }
  varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    const bytes: number[] = [];
    while (x >= 0x80n) {
      bytes.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    bytes.push(Number(x));
    this.push(Uint8Array.from(bytes));
  }
  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  int(field: number, v: number): void {
    this.tag(field, 0);
    this.varint(v);
  }
  bytes(field: number, b: Uint8Array): void {
    this.tag(field, 2);
    this.varint(b.length);
    this.push(b);
  }
  string(field: number, s: string): void {
    this.bytes(field, new TextEncoder().encode(s));
  }
  message(field: number, build: (w: Writer) => void): void {
    const w = new Writer();
    build(w);
    this.bytes(field, w.finish());
  }
  float(field: number, f: number): void {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, f, true);
    this.push(b);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

function writeTensor(w: Writer, t: TensorInit): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.dataType);
  w.string(8, t.name);
  w.bytes(9, t.raw);
}

function writeValueInfo(w: Writer, v: ValueSpec): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.elemType);
      tensor.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

// AttributeProto.AttributeType
const ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_STRING = 3, ATTR_FLOATS = 6, ATTR_INTS = 7;

function writeNode(w: Writer, n: NodeSpec, i: number): void {
  for (const x of n.inputs) w.string(1, x);
  for (const x of n.outputs) w.string(2, x);
  w.string(3, n.name ?? `${n.op}_${i}`);
  w.string(4, n.op);
  for (const [name, value] of Object.entries(n.attrs ?? {})) {
    w.message(5, (a) => {
      a.string(1, name);
      if (typeof value === 'string') {
        a.bytes(4, new TextEncoder().encode(value));
        a.int(20, ATTR_STRING);
      } else if (Array.isArray(value)) {
        for (const v of value) a.int(8, v);
        a.int(20, ATTR_INTS);
      } else if (typeof value === 'object') {
        for (const v of value.floats) a.float(7, v);
        a.int(20, ATTR_FLOATS);
      } else if (Number.isInteger(value)) {
        a.int(3, value);
        a.int(20, ATTR_INT);
      } else {
        a.float(2, value);
        a.int(20, ATTR_FLOAT);
      }
    });
  }
}

/** Serialises a ModelProto (IR version 8). */
export function encodeModel(m: ModelSpec): Uint8Array {
  const w = new Writer();
  w.int(1, 8); // ir_version
  w.string(2, m.producer);
  if (m.docString) w.string(6, m.docString);
  w.message(7, (g) => {
    m.nodes.forEach((n, i) => g.message(1, (nw) => writeNode(nw, n, i)));
    g.string(2, m.graphName);
    for (const t of m.initializers) g.message(5, (tw) => writeTensor(tw, t));
    for (const v of m.inputs) g.message(11, (vw) => writeValueInfo(vw, v));
    for (const v of m.outputs) g.message(12, (vw) => writeValueInfo(vw, v));
  });
  w.message(8, (o) => {
    o.string(1, '');
    o.int(2, m.opset);
  });
  for (const [key, value] of Object.entries(m.metadata ?? {})) {
    w.message(14, (p) => {
      p.string(1, key);
      p.string(2, value);
    });
  }
  return w.finish();
}

// ---------- reader ----------

export class OnnxFormatError extends Error {}

interface Field {
  field: number;
  wire: number;
  /** varint value (wire 0) */
  value?: bigint;
  /** slice (wire 2) */
  start?: number;
  end?: number;
}

function* fields(buf: Uint8Array, start: number, end: number): Generator<Field> {
  let p = start;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (p >= end) throw new OnnxFormatError('truncated varint');
      const b = buf[p++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
      if (shift > 70n) throw new OnnxFormatError('varint too long');
    }
  };
  while (p < end) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 0) throw new OnnxFormatError('field number 0');
    if (wire === 0) yield { field, wire, value: varint() };
    else if (wire === 2) {
      const len = Number(varint());
      if (p + len > end) throw new OnnxFormatError('truncated length-delimited field');
      yield { field, wire, start: p, end: p + len };
      p += len;
    } else if (wire === 5) p += 4;
    else if (wire === 1) p += 8;
    else throw new OnnxFormatError(`unsupported wire type ${wire}`);
    if (p > end) throw new OnnxFormatError('truncated fixed field');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export interface OnnxSummary {
  initializers: Map<string, TensorInit>;
  inputs: string[];
  outputs: string[];
  ops: string[];
  metadata: Record<string, string>;
}

/** Reads initializers (raw_data only, as views into `buf`), graph input/output names and op types. */
export function readOnnx(buf: Uint8Array): OnnxSummary {
  const out: OnnxSummary = { initializers: new Map(), inputs: [], outputs: [], ops: [], metadata: {} };
  let sawGraph = false;
  for (const f of fields(buf, 0, buf.length)) {
    if (f.field === 14 && f.wire === 2) {
      let k = '', v = '';
      for (const e of fields(buf, f.start!, f.end!)) {
        if (e.field === 1 && e.wire === 2) k = utf8.decode(buf.subarray(e.start, e.end));
        if (e.field === 2 && e.wire === 2) v = utf8.decode(buf.subarray(e.start, e.end));
      }
      out.metadata[k] = v;
    }
    if (f.field !== 7 || f.wire !== 2) continue;
    sawGraph = true;
    for (const g of fields(buf, f.start!, f.end!)) {
      if (g.wire !== 2) continue;
      if (g.field === 5) {
        const t: TensorInit = { name: '', dims: [], dataType: 0, raw: new Uint8Array(0) };
        for (const e of fields(buf, g.start!, g.end!)) {
          if (e.field === 1 && e.wire === 0) t.dims.push(Number(e.value));
          else if (e.field === 1 && e.wire === 2) {
            for (const d of packedVarints(buf, e)) t.dims.push(d);
          } else if (e.field === 2 && e.wire === 0) t.dataType = Number(e.value);
          else if (e.field === 8 && e.wire === 2) t.name = utf8.decode(buf.subarray(e.start, e.end));
          else if (e.field === 9 && e.wire === 2) t.raw = buf.subarray(e.start, e.end);
        }
        out.initializers.set(t.name, t);
      } else if (g.field === 11 || g.field === 12 || g.field === 1) {
        for (const e of fields(buf, g.start!, g.end!)) {
          if (g.field === 1 && e.field === 4 && e.wire === 2) out.ops.push(utf8.decode(buf.subarray(e.start, e.end)));
          if (g.field !== 1 && e.field === 1 && e.wire === 2) {
            (g.field === 11 ? out.inputs : out.outputs).push(utf8.decode(buf.subarray(e.start, e.end)));
          }
        }
      }
    }
  }
  if (!sawGraph) throw new OnnxFormatError('no graph in the ONNX file');
  return out;
}

function packedVarints(buf: Uint8Array, e: Field): number[] {
  const out: number[] = [];
  let p = e.start!;
  while (p < e.end!) {
    let v = 0, mul = 1;
    for (;;) {
      const b = buf[p++];
      v += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80) || p >= e.end!) break;
    }
    out.push(v);
  }
  return out;
}

/** Typed views over raw initializer bytes (copies when unaligned). */
export function asFloat32(t: TensorInit): Float32Array {
  if (t.dataType !== TensorType.FLOAT) throw new OnnxFormatError(`${t.name}: expected FLOAT`);
  return t.raw.byteOffset % 4 === 0
    ? new Float32Array(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength / 4)
    : new Float32Array(t.raw.slice().buffer);
}

export function asInt8(t: TensorInit): Int8Array {
  if (t.dataType !== TensorType.INT8) throw new OnnxFormatError(`${t.name}: expected INT8`);
  return new Int8Array(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength);
}

export function float32Bytes(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function int64Bytes(values: number[]): Uint8Array {
  const b = new BigInt64Array(values.map((v) => BigInt(v)));
  return new Uint8Array(b.buffer);
}
