// Embedders: the bundled static model run by onnxruntime-node (OnnxEmbedder) or, when the native
// runtime cannot load, by plain TypeScript from the same ONNX bytes (TsEmbedder). onnxruntime-node
// is imported lazily, on first use, once per process. Loading never throws: failures become notices.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import type * as Ort from 'onnxruntime-node';
import { StaticTokenizer, words, type Features, type StaticTokenizerSpec } from './tokenizer';
import { embedFeatures, l2NormalizeInPlace, readStaticWeights, INPUT_IDS, INPUT_WEIGHTS, OUTPUT, type StaticWeights } from './staticModel';

export type EmbedderKind = 'onnx' | 'ts' | 'byo-onnx';

export interface Embedder {
  readonly kind: EmbedderKind;
  readonly dims: number;
  /** Identifies the weights; part of the bank-vector cache key. */
  readonly modelHash: string;
  /** L2-normalised vectors, one per text (a zero vector for a text with no usable token). */
  embed(texts: string[]): Promise<Float32Array[]>;
  /**
   * Optional fast path for embedding the whole bank at once (same vectors as `embed` to 1e-5).
   * The static model sums cached per-word vectors here instead of padding thousands of rows.
   */
  embedBulk?(texts: string[]): Float32Array[];
  /**
   * Optional, static (bag-of-words) models only: the pooled sums before L2 normalisation. Sums are
   * additive, so the vector of "A. B" is the normalised sum of the sums of "A" and "B": the bank's
   * summary views are composed from their parts instead of tokenised twice.
   */
  sumBulk?(texts: string[]): Float32Array[];
  /**
   * Optional: the vectors of search queries or a learner's answer, typed by a person. The static
   * model maps unknown words to the known word they most likely stand for first (talked → talk,
   * retreival → retrieval); bank texts keep `embed`. Without it, `embed` serves (see `embedQueries`).
   */
  embedQueries?(texts: string[]): Promise<Float32Array[]>;
  /** Optional: the misspelt words `embedQueries` reads as other words, to show the learner. */
  spellingFixes?(text: string): Array<{ from: string; to: string }>;
  dispose(): Promise<void>;
}

/** Vectors of typed texts: the embedder's query path when it has one, else `embed`. */
export function embedQueries(embedder: Embedder, texts: string[]): Promise<Float32Array[]> {
  return embedder.embedQueries ? embedder.embedQueries(texts) : embedder.embed(texts);
}

/** One query's vector (`embedQueries` of one text). */
export async function embedQuery(embedder: Embedder, text: string): Promise<Float32Array> {
  const [v] = await embedQueries(embedder, [text]);
  return v;
}

export type NoticeCode = 'ts-fallback' | 'model-missing' | 'model-corrupt' | 'byo-failed';

export interface SearchNotice {
  code: NoticeCode;
  level: 'info' | 'warning';
  message: string;
  detail?: string;
}

export type NoticeSink = (notice: SearchNotice) => void;

export const MODEL_FILE = 'genai-lens-embed.onnx';
export const TOKENIZER_FILE = 'tokenizer.json';

export type OrtModule = typeof Ort;
export type OrtImporter = () => Promise<OrtModule>;

let ortPromise: Promise<OrtModule> | undefined;

/** The one lazy import of onnxruntime-node (CommonJS default export or named exports). */
export function importOnnxRuntime(): Promise<OrtModule> {
  ortPromise ??= import('onnxruntime-node').then((m) => {
    const mod = ((m as { default?: OrtModule }).default ?? m) as OrtModule;
    if (typeof mod.InferenceSession?.create !== 'function') throw new Error('onnxruntime-node has no InferenceSession');
    return mod;
  });
  return ortPromise;
}

const SESSION_OPTIONS: Ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  // 'all' spends ~150 ms optimising a graph of eight ops; 'basic' loads in a few ms.
  graphOptimizationLevel: 'basic',
  // Each query allocates kilobytes: an arena only keeps memory alive.
  enableCpuMemArena: false,
  // The graph is a handful of tiny ops: thread hand-offs cost more than they save.
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
};

/** zlib.crc32 exists from Node 20.15 / 22.2; older runtimes fall back to sha256. */
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// ---------- static model ----------

abstract class StaticEmbedderBase implements Embedder {
  abstract readonly kind: EmbedderKind;
  readonly dims: number;
  constructor(
    readonly tokenizer: StaticTokenizer,
    readonly modelHash: string,
    dims: number,
  ) {
    this.dims = dims;
  }
  abstract embed(texts: string[]): Promise<Float32Array[]>;
  spellingFixes(text: string): Array<{ from: string; to: string }> {
    return this.tokenizer.spellingFixes(text);
  }
  async dispose(): Promise<void> {}
}

/** Plain TypeScript evaluation of the static graph; also the fastest path for single queries. */
export class TsEmbedder extends StaticEmbedderBase {
  readonly kind = 'ts' as const;
  constructor(
    tokenizer: StaticTokenizer,
    readonly weights: StaticWeights,
    modelHash: string,
  ) {
    super(tokenizer, modelHash, weights.dims);
  }
  embedSync(text: string, query = false): Float32Array {
    const f = this.tokenizer.features(text, query);
    return embedFeatures(this.weights, f.ids, f.weights);
  }
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedSync(t));
  }
  async embedQueries(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedSync(t, true));
  }

  embedBulk(texts: string[]): Float32Array[] {
    return embedBulkStatic(this.tokenizer, this.weights, texts);
  }

  sumBulk(texts: string[]): Float32Array[] {
    return embedBulkStatic(this.tokenizer, this.weights, texts, false);
  }
}

/**
 * Bank vectors in one pass, without the ONNX call overhead: per text, the rows' pooling weights are
 * merged in a reusable typed array (first-occurrence order, as `features()`), then the same float32
 * arithmetic as `embedFeatures` runs over them. With a folded model a known word is a single row.
 */
export function embedBulkStatic(tokenizer: StaticTokenizer, weights: StaticWeights, texts: string[], normalise = true): Float32Array[] {
  const { dims, q, scales, rows } = weights;
  const rowWeight = new Float64Array(rows);
  const stamp = new Int32Array(rows);
  const touched = new Int32Array(rows);
  let nTouched = 0;
  let textNo = 0;
  const add = (id: number, w: number) => {
    if (id < 0 || id >= rows) return;
    if (stamp[id] !== textNo) {
      stamp[id] = textNo;
      rowWeight[id] = 0;
      touched[nTouched++] = id;
    }
    rowWeight[id] += w;
  };
  return texts.map((text) => {
    nTouched = 0;
    textNo++;
    for (const w of words(text)) tokenizer.wordRows(w, add);
    const out = new Float32Array(dims);
    for (let k = 0; k < nTouched; k++) {
      const id = touched[k];
      const s = Math.fround(scales[id] * Math.fround(rowWeight[id]));
      if (s === 0) continue;
      const o = id * dims;
      for (let d = 0; d < dims; d++) out[d] += q[o + d] * s;
    }
    return normalise ? l2NormalizeInPlace(out) : out;
  });
}

/** The static graph run by onnxruntime-node. */
export class OnnxEmbedder extends StaticEmbedderBase {
  readonly kind = 'onnx' as const;
  constructor(
    tokenizer: StaticTokenizer,
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
    modelHash: string,
    private readonly weights: StaticWeights,
  ) {
    super(tokenizer, modelHash, weights.dims);
  }

  /** Bank vectors: the same linear graph summed per word in TypeScript (equal to 1e-5, tested). */
  embedBulk(texts: string[]): Float32Array[] {
    return embedBulkStatic(this.tokenizer, this.weights, texts);
  }

  sumBulk(texts: string[]): Float32Array[] {
    return embedBulkStatic(this.tokenizer, this.weights, texts, false);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return this.run(texts.map((t) => this.tokenizer.features(t)));
  }

  async embedQueries(texts: string[]): Promise<Float32Array[]> {
    return this.run(texts.map((t) => this.tokenizer.features(t, true)));
  }

  private async run(feats: Features[]): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array(feats.length);
    // Batch texts of similar length together so padding stays small.
    const order = feats.map((_, i) => i).filter((i) => feats[i].ids.length > 0);
    order.sort((a, b) => feats[a].ids.length - feats[b].ids.length);
    for (let i = 0; i < feats.length; i++) if (feats[i].ids.length === 0) out[i] = new Float32Array(this.dims);
    const MAX_CELLS = 1 << 16;
    let start = 0;
    while (start < order.length) {
      let end = start + 1;
      while (end < order.length && feats[order[end]].ids.length * (end - start + 1) <= MAX_CELLS && end - start < 256) end++;
      const batch = order.slice(start, end);
      const len = feats[batch[batch.length - 1]].ids.length;
      const ids = new BigInt64Array(batch.length * len);
      const ws = new Float32Array(batch.length * len);
      batch.forEach((t, b) => {
        const f = feats[t];
        for (let j = 0; j < f.ids.length; j++) {
          ids[b * len + j] = BigInt(f.ids[j]);
          ws[b * len + j] = f.weights[j];
        }
      });
      const result = await this.session.run({
        [INPUT_IDS]: new this.ort.Tensor('int64', ids, [batch.length, len]),
        [INPUT_WEIGHTS]: new this.ort.Tensor('float32', ws, [batch.length, len]),
      });
      const data = result[OUTPUT].data as Float32Array;
      batch.forEach((t, b) => (out[t] = data.slice(b * this.dims, (b + 1) * this.dims)));
      start = end;
    }
    return out;
  }

  override async dispose(): Promise<void> {
    await this.session.release();
  }
}

export interface LoadOptions {
  /** `auto` tries onnxruntime-node then TypeScript; `ts` skips the native runtime. */
  runtime?: 'auto' | 'onnx' | 'ts';
  onNotice?: NoticeSink;
  /** Test seam: replaces the dynamic import of onnxruntime-node. */
  importOrt?: OrtImporter;
}

export interface LoadedStaticModel {
  tokenizerSpec: StaticTokenizerSpec;
  weights: StaticWeights;
  modelHash: string;
  bytes: Uint8Array;
}

/** Reads and validates models/{genai-lens-embed.onnx,tokenizer.json}; throws with a readable reason. */
export async function readStaticModel(dir: string): Promise<LoadedStaticModel> {
  const [bytes, tokText] = await Promise.all([readFile(join(dir, MODEL_FILE)), readFile(join(dir, TOKENIZER_FILE), 'utf8')]);
  const spec = JSON.parse(tokText) as StaticTokenizerSpec;
  if (spec.format !== 'genai-lens-static-embedding' || !Array.isArray(spec.vocab) || spec.vocab.length !== spec.weights?.length) {
    throw new Error('tokenizer.json is not a GenAI Lens static tokenizer');
  }
  if (spec.modelBytes !== undefined && spec.modelBytes !== bytes.byteLength) {
    throw new Error(`model file has ${bytes.byteLength} bytes, tokenizer.json expects ${spec.modelBytes}`);
  }
  // Integrity: CRC-32 of the whole file (zlib, ~2 ms for 10 MB) against the one recorded at export;
  // without a recorded CRC (or on a runtime without zlib.crc32), the full sha256 (~7–30 ms).
  let modelHash: string;
  if (spec.modelCrc32 !== undefined && spec.modelSha256 && typeof zlibCrc32 === 'function') {
    const crc = zlibCrc32(bytes);
    if (crc !== spec.modelCrc32) throw new Error(`model file CRC-32 ${crc} does not match tokenizer.json (${spec.modelCrc32})`);
    modelHash = spec.modelSha256;
  } else {
    modelHash = sha256(bytes);
    if (spec.modelSha256 && spec.modelSha256 !== modelHash) throw new Error('model file sha256 does not match tokenizer.json');
  }
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = readStaticWeights(u8);
  if (weights.dims !== spec.dims || weights.rows !== spec.vocab.length + spec.buckets) {
    throw new Error(`model shape ${weights.rows}×${weights.dims} does not match tokenizer.json`);
  }
  return { tokenizerSpec: spec, weights, modelHash, bytes: u8 };
}

/**
 * Loads the bundled model. Returns undefined (after a notice) when the model is missing or corrupt,
 * so the caller falls back to keyword search; returns a TsEmbedder (after a notice) when
 * onnxruntime-node cannot load. Never throws.
 */
export async function loadStaticEmbedder(dir: string, opts: LoadOptions = {}): Promise<Embedder | undefined> {
  const notify = opts.onNotice ?? (() => {});
  let model: LoadedStaticModel;
  try {
    model = await readStaticModel(dir);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    notify({
      code: missing ? 'model-missing' : 'model-corrupt',
      level: 'warning',
      message: missing
        ? 'The semantic search model is missing; search uses keywords only.'
        : 'The semantic search model could not be read; search uses keywords only.',
      detail: err instanceof Error ? err.message : String(err),
    });
    return undefined;
  }
  const tokenizer = new StaticTokenizer(model.tokenizerSpec);
  const ts = () => new TsEmbedder(tokenizer, model.weights, model.modelHash);
  if (opts.runtime === 'ts') return ts();
  try {
    const ort = await (opts.importOrt ?? importOnnxRuntime)();
    const session = await ort.InferenceSession.create(model.bytes, SESSION_OPTIONS);
    return new OnnxEmbedder(tokenizer, ort, session, model.modelHash, model.weights);
  } catch (err) {
    if (opts.runtime === 'onnx') throw err;
    notify({
      code: 'ts-fallback',
      level: 'info',
      message: 'onnxruntime-node is not available on this platform; semantic search runs the same model in TypeScript.',
      detail: err instanceof Error ? err.message : String(err),
    });
    return ts();
  }
}
