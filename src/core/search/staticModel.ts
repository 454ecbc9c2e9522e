// The static embedding model: an int8 table (one row per word and per n-gram bucket) with one
// float scale per row. embedding(text) = L2-normalise( Σ_i weight_i · scale[id_i] · q[id_i] ).
// The same graph is written to ONNX (run by onnxruntime-node) and evaluated here in TypeScript.
import {
  encodeModel,
  readOnnx,
  asFloat32,
  asInt8,
  float32Bytes,
  int64Bytes,
  TensorType,
  OnnxFormatError,
  type ModelSpec,
} from './onnxProto';

export const TABLE = 'embedding_int8';
export const SCALE = 'embedding_scale';
export const INPUT_IDS = 'ids';
export const INPUT_WEIGHTS = 'weights';
export const OUTPUT = 'embedding';

export interface StaticWeights {
  rows: number;
  dims: number;
  q: Int8Array;
  scales: Float32Array;
}

/** Symmetric per-row int8 quantisation: scale = max|x| / 127. */
export function quantizeRows(table: Float32Array, rows: number, dims: number): StaticWeights {
  const q = new Int8Array(rows * dims);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    const o = r * dims;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(table[o + d]));
    const s = max > 0 ? max / 127 : 1;
    scales[r] = s;
    for (let d = 0; d < dims; d++) q[o + d] = Math.max(-127, Math.min(127, Math.round(table[o + d] / s)));
  }
  return { rows, dims, q, scales };
}

/**
 * The ONNX graph: ids [batch, len] int64, weights [batch, len] float →
 * Gather(int8 table) → Cast float → Mul by Gather(scale)·weight → ReduceSum(len) → LpNormalization.
 */
export function buildStaticOnnx(w: StaticWeights, metadata: Record<string, string> = {}): Uint8Array {
  const spec: ModelSpec = {
    producer: 'genai-lens-trainer',
    opset: 17,
    graphName: 'genai_lens_static_embedding',
    docString: 'Static sentence embedding: weighted sum of int8 rows (per-row scale), L2-normalised.',
    metadata,
    initializers: [
      { name: TABLE, dims: [w.rows, w.dims], dataType: TensorType.INT8, raw: new Uint8Array(w.q.buffer, w.q.byteOffset, w.q.byteLength) },
      { name: SCALE, dims: [w.rows], dataType: TensorType.FLOAT, raw: float32Bytes(w.scales) },
      { name: 'unsqueeze_axes', dims: [1], dataType: TensorType.INT64, raw: int64Bytes([2]) },
      { name: 'reduce_axes', dims: [1], dataType: TensorType.INT64, raw: int64Bytes([1]) },
    ],
    inputs: [
      { name: INPUT_IDS, elemType: TensorType.INT64, shape: ['batch', 'len'] },
      { name: INPUT_WEIGHTS, elemType: TensorType.FLOAT, shape: ['batch', 'len'] },
    ],
    outputs: [{ name: OUTPUT, elemType: TensorType.FLOAT, shape: ['batch', w.dims] }],
    nodes: [
      { op: 'Gather', inputs: [TABLE, INPUT_IDS], outputs: ['rows_int8'], attrs: { axis: 0 } },
      { op: 'Cast', inputs: ['rows_int8'], outputs: ['rows_f'], attrs: { to: TensorType.FLOAT } },
      { op: 'Gather', inputs: [SCALE, INPUT_IDS], outputs: ['row_scale'], attrs: { axis: 0 } },
      { op: 'Mul', inputs: ['row_scale', INPUT_WEIGHTS], outputs: ['row_weight'] },
      { op: 'Unsqueeze', inputs: ['row_weight', 'unsqueeze_axes'], outputs: ['row_weight3'] },
      { op: 'Mul', inputs: ['rows_f', 'row_weight3'], outputs: ['weighted'] },
      { op: 'ReduceSum', inputs: ['weighted', 'reduce_axes'], outputs: ['pooled'], attrs: { keepdims: 0 } },
      { op: 'LpNormalization', inputs: ['pooled'], outputs: [OUTPUT], attrs: { axis: 1, p: 2 } },
    ],
  };
  return encodeModel(spec);
}

/** Reads the weights back from the ONNX bytes; throws OnnxFormatError when the file is not ours. */
export function readStaticWeights(bytes: Uint8Array): StaticWeights {
  const summary = readOnnx(bytes);
  const table = summary.initializers.get(TABLE);
  const scale = summary.initializers.get(SCALE);
  if (!table || !scale) throw new OnnxFormatError('not a GenAI Lens static embedding model (initializers missing)');
  const [rows, dims] = table.dims;
  const q = asInt8(table);
  const scales = asFloat32(scale);
  if (!rows || !dims || q.length !== rows * dims || scales.length !== rows) {
    throw new OnnxFormatError('embedding table has inconsistent dimensions');
  }
  return { rows, dims, q, scales };
}

/** The graph evaluated in float32 arithmetic, in the same order as onnxruntime. */
export function embedFeatures(w: StaticWeights, ids: Int32Array, weights: Float32Array, out = new Float32Array(w.dims)): Float32Array {
  const { dims, q, scales } = w;
  out.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0 || id >= w.rows) continue;
    const s = Math.fround(scales[id] * weights[i]);
    if (s === 0) continue;
    const o = id * dims;
    for (let d = 0; d < dims; d++) out[d] += q[o + d] * s;
  }
  return l2NormalizeInPlace(out);
}

/** Divides a vector by its L2 norm (the graph's LpNormalization); a zero vector stays zero. */
export function l2NormalizeInPlace(out: Float32Array): Float32Array {
  let n = 0;
  for (let d = 0; d < out.length; d++) n += out[d] * out[d];
  n = Math.sqrt(n);
  if (n > 0) for (let d = 0; d < out.length; d++) out[d] /= n;
  return out;
}

/**
 * Folds each in-vocabulary word's n-gram share into its own row (float table, before quantisation):
 * row_w ← (1 − share)·row_w + share·mean(rows of its n-grams). With `folded: true` in tokenizer.json
 * a known word then costs one row instead of ~20, and the pooled sum is unchanged.
 */
export function foldNgramRows(
  table: Float32Array,
  dims: number,
  vocabSize: number,
  share: number,
  ngramIds: (wordIndex: number) => ArrayLike<number>,
): Float32Array {
  const out = Float32Array.from(table);
  const acc = new Float64Array(dims);
  for (let w = 0; w < vocabSize; w++) {
    const grams = ngramIds(w);
    if (!grams.length) continue;
    acc.fill(0);
    for (let i = 0; i < grams.length; i++) {
      const o = grams[i] * dims;
      for (let d = 0; d < dims; d++) acc[d] += table[o + d];
    }
    const o = w * dims;
    for (let d = 0; d < dims; d++) out[o + d] = (1 - share) * table[o + d] + (share / grams.length) * acc[d];
  }
  return out;
}
