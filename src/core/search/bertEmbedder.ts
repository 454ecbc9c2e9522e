// Bring your own model: a folder with a sentence-transformers BERT-family ONNX export (model.onnx +
// tokenizer.json). Inputs are fed as the graph declares them (input_ids, attention_mask,
// token_type_ids); `sentence_embedding` is used when the graph has it, otherwise
// `last_hidden_state` is mean-pooled over the attention mask. Vectors are L2-normalised.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { importOnnxRuntime, sha256, type Embedder, type NoticeSink, type OrtImporter, type OrtModule } from './embedders';
import { WordPieceTokenizer, type HfTokenizerJson } from './wordpiece';

export const BYO_MODEL_FILE = 'model.onnx';
export const BYO_TOKENIZER_FILE = 'tokenizer.json';

export class BertOnnxEmbedder implements Embedder {
  readonly kind = 'byo-onnx' as const;
  private constructor(
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
    readonly tokenizer: WordPieceTokenizer,
    readonly modelHash: string,
    public dims: number,
  ) {}

  /** Loads the folder; returns undefined after a notice when anything is missing or unusable. */
  static async load(dir: string, opts: { importOrt?: OrtImporter; onNotice?: NoticeSink; maxLength?: number } = {}): Promise<BertOnnxEmbedder | undefined> {
    try {
      const modelPath = join(dir, BYO_MODEL_FILE);
      const [json, info] = await Promise.all([readFile(join(dir, BYO_TOKENIZER_FILE), 'utf8'), stat(modelPath)]);
      const tokenizer = new WordPieceTokenizer(JSON.parse(json) as HfTokenizerJson, opts.maxLength ?? 256);
      const ort = await (opts.importOrt ?? importOnnxRuntime)();
      const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
      if (!session.inputNames.includes('input_ids')) throw new Error(`the model has no input_ids input (inputs: ${session.inputNames.join(', ')})`);
      const e = new BertOnnxEmbedder(ort, session, tokenizer, sha256(`${modelPath}|${info.size}|${info.mtimeMs}|${json.length}`), 0);
      const [probe] = await e.embed(['probe']);
      e.dims = probe.length;
      return e;
    } catch (err) {
      opts.onNotice?.({
        code: 'byo-failed',
        level: 'warning',
        message: `The embedding model in ${dir} could not be loaded; the bundled model is used instead.`,
        detail: err instanceof Error ? err.message : String(err),
      });
      return undefined;
    }
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const BATCH = 16;
    for (let s = 0; s < texts.length; s += BATCH) out.push(...(await this.embedBatch(texts.slice(s, s + BATCH))));
    return out;
  }

  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    const encs = texts.map((t) => this.tokenizer.encode(t).ids);
    const B = encs.length;
    const S = Math.max(...encs.map((e) => e.length));
    const ids = new BigInt64Array(B * S);
    const mask = new BigInt64Array(B * S);
    encs.forEach((e, b) =>
      e.forEach((id, j) => {
        ids[b * S + j] = BigInt(id);
        mask[b * S + j] = 1n;
      }),
    );
    const feeds: Record<string, Ort.Tensor> = {};
    for (const name of this.session.inputNames) {
      if (name === 'input_ids') feeds[name] = new this.ort.Tensor('int64', ids, [B, S]);
      else if (name === 'attention_mask') feeds[name] = new this.ort.Tensor('int64', mask, [B, S]);
      else if (name === 'token_type_ids') feeds[name] = new this.ort.Tensor('int64', new BigInt64Array(B * S), [B, S]);
      else throw new Error(`unsupported model input "${name}"`);
    }
    const outputs = this.session.outputNames;
    const result = await this.session.run(feeds);
    const vecs: Float32Array[] = [];
    if (outputs.includes('sentence_embedding')) {
      const t = result['sentence_embedding'];
      const D = t.dims[t.dims.length - 1];
      const data = t.data as Float32Array;
      for (let b = 0; b < B; b++) vecs.push(data.slice(b * D, (b + 1) * D));
    } else {
      const t = result[outputs.includes('last_hidden_state') ? 'last_hidden_state' : outputs[0]];
      if (t.dims.length !== 3) throw new Error(`expected [batch, seq, dim] hidden states, got [${t.dims.join(', ')}]`);
      const D = t.dims[2];
      const data = t.data as Float32Array;
      for (let b = 0; b < B; b++) {
        const v = new Float32Array(D);
        const n = encs[b].length;
        for (let j = 0; j < n; j++) for (let d = 0; d < D; d++) v[d] += data[(b * S + j) * D + d];
        for (let d = 0; d < D; d++) v[d] /= n;
        vecs.push(v);
      }
    }
    for (const v of vecs) {
      let n = 0;
      for (let d = 0; d < v.length; d++) n += v[d] * v[d];
      n = Math.sqrt(n);
      if (n > 0) for (let d = 0; d < v.length; d++) v[d] /= n;
    }
    return vecs;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
