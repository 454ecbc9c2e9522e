// The bundled model: loads with its declared dimensions, reproduces the reference vectors, and the
// ONNX graph and the TypeScript fallback agree to 1e-5.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embedQuery, loadStaticEmbedder, readStaticModel, type Embedder } from '../../src/core/search/embedders';
import { readOnnx } from '../../src/core/search/onnxProto';
import { loadBankFromDir } from '../../src/core/content/loadBank';
import { questionTexts } from '../../src/core/search/bankText';
import { bankViews, DenseIndex } from '../../src/core/search/dense';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { MemoryVectorCache } from '../../src/core/search/vectorCache';
import { writeTinyStaticModel } from './searchHelpers';

const MODELS = join(__dirname, '..', '..', 'models');
const reference = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'search-model-reference.json'), 'utf8')) as {
  dims: number;
  modelSha256: string;
  vectors: Array<{ text: string; vector: number[] }>;
};

function maxDiff(a: Float32Array, b: Float32Array | number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('bundled static embedding model', () => {
  it('is a real ONNX graph of the documented ops, ≤ 12 MB, with the declared dims', async () => {
    const bytes = readFileSync(join(MODELS, 'genai-lens-embed.onnx'));
    expect(bytes.length).toBeLessThanOrEqual(12_000_000);
    const summary = readOnnx(new Uint8Array(bytes));
    expect(summary.inputs).toEqual(['ids', 'weights']);
    expect(summary.outputs).toEqual(['embedding']);
    expect(summary.ops).toEqual(expect.arrayContaining(['Gather', 'Cast', 'Mul', 'ReduceSum', 'LpNormalization']));
    const model = await readStaticModel(MODELS);
    expect(model.weights.dims).toBe(reference.dims);
    expect(model.tokenizerSpec.dims).toBe(reference.dims);
    expect(model.modelHash).toBe(reference.modelSha256);
  });

  it('reproduces the reference vectors with onnxruntime and with the TypeScript fallback', async () => {
    const onnx = (await loadStaticEmbedder(MODELS)) as Embedder;
    const ts = (await loadStaticEmbedder(MODELS, { runtime: 'ts' })) as Embedder;
    expect(onnx.kind).toBe('onnx');
    expect(ts.kind).toBe('ts');
    const texts = reference.vectors.map((r) => r.text);
    const [a, b] = [await onnx.embed(texts), await ts.embed(texts)];
    reference.vectors.forEach((r, i) => {
      expect(a[i].length).toBe(reference.dims);
      expect(maxDiff(a[i], r.vector)).toBeLessThan(1e-5);
      expect(maxDiff(b[i], r.vector)).toBeLessThan(1e-5);
      expect(maxDiff(a[i], b[i])).toBeLessThan(1e-5);
    });
    await onnx.dispose();
  });

  it('ONNX and TypeScript agree to 1e-5 on arbitrary text, batched or not', async () => {
    const onnx = (await loadStaticEmbedder(MODELS)) as Embedder;
    const ts = (await loadStaticEmbedder(MODELS, { runtime: 'ts' })) as Embedder;
    const texts = [
      'why does my GAN keep making the same face',
      'top_p vs temperature',
      'lora_alpha',
      'xqzzy unseenword blorptastic',
      'how do I fine-tune a 7B model on one GPU with QLoRA and 4-bit NF4 quantization',
      '',
    ];
    const batched = await onnx.embed(texts);
    const single = await Promise.all(texts.map(async (t) => (await onnx.embed([t]))[0]));
    const viaTs = await ts.embed(texts);
    texts.forEach((_, i) => {
      expect(maxDiff(batched[i], viaTs[i])).toBeLessThan(1e-5);
      expect(maxDiff(single[i], viaTs[i])).toBeLessThan(1e-5);
    });
    const norm = Math.hypot(...batched[0]);
    expect(norm).toBeCloseTo(1, 5);
    expect(Math.hypot(...batched[5])).toBe(0);
    await onnx.dispose();
  });

  it('embeds a misspelt query as the words meant, the same in ONNX and TypeScript; embed() keeps the graph exact', async () => {
    const onnx = (await loadStaticEmbedder(MODELS)) as Embedder;
    const ts = (await loadStaticEmbedder(MODELS, { runtime: 'ts' })) as Embedder;
    const typed = 'retreival augmented genration with a knowlege base';
    const meant = 'retrieval augmented generation with a knowledge base';
    const [clean] = await onnx.embed([meant]);
    const [asIs] = await onnx.embed([typed]);
    const viaOnnx = await embedQuery(onnx, typed);
    const viaTs = await embedQuery(ts, typed);
    expect(maxDiff(viaOnnx, clean)).toBeLessThan(1e-5);
    expect(maxDiff(viaTs, clean)).toBeLessThan(1e-5);
    // Without the query path the slips are n-grams only: a different, less similar vector.
    const cos = (a: Float32Array, b: Float32Array) => a.reduce((acc, x, i) => acc + x * b[i], 0);
    expect(cos(asIs, clean)).toBeLessThan(0.99);
    // Words the model knows are untouched by the query path.
    const known = 'why does my GAN keep making the same face';
    expect(maxDiff(await embedQuery(onnx, known), (await onnx.embed([known]))[0])).toBeLessThan(1e-6);
    await onnx.dispose();
  });

  it('search reads a misspelt query as the words meant and says which words it read so', async () => {
    const { bank } = loadBankFromDir(join(__dirname, '..', '..', 'content'));
    const index = new SearchIndex({ bank, embedder: (await loadStaticEmbedder(MODELS, { runtime: 'ts' })) as Embedder, cache: new MemoryVectorCache() });
    const meant = await index.search('retrieval augmented generation knowledge base', { k: 5, mode: 'dense' });
    const typed = await index.search('retreival augmented genration knowlege base', { k: 5, mode: 'dense' });
    expect(typed.map((h) => h.id)).toEqual(meant.map((h) => h.id));
    expect(index.spellingFixes('retreival augmented genration, talked')).toEqual([
      { from: 'retreival', to: 'retrieval' },
      { from: 'genration', to: 'generation' },
    ]);
  });

  it('the bulk (bank) path equals the ONNX graph to 1e-5', async () => {
    const onnx = (await loadStaticEmbedder(MODELS)) as Embedder;
    const texts = ['LoRA freezes W and trains B·A; lora_alpha / r scales it.', 'KV cache memory grows with batch × sequence length', 'blorptastic'];
    const bulk = onnx.embedBulk!(texts);
    const viaOnnx = await onnx.embed(texts);
    texts.forEach((_, i) => expect(maxDiff(bulk[i], viaOnnx[i])).toBeLessThan(1e-5));
    await onnx.dispose();
  });

  it('bank summaries composed from their parts equal embedding the summary text', async () => {
    const ts = (await loadStaticEmbedder(MODELS, { runtime: 'ts' })) as Embedder;
    const { bank } = loadBankFromDir(join(__dirname, '..', '..', 'content'));
    const views = bankViews(questionTexts(bank));
    expect(views.composed.length).toBe(bank.questions.length);
    const composed = await DenseIndex.build(views, ts);
    // The same model seen only through embed(): every text, summaries included, tokenised whole.
    const plain = await DenseIndex.build(views, { kind: ts.kind, dims: ts.dims, modelHash: ts.modelHash, embed: (t) => ts.embed(t), dispose: async () => {} });
    expect(maxDiff(composed.matrix, plain.matrix)).toBeLessThan(1e-5);
  });

  it('a freshly written tiny model round-trips through ONNX and TypeScript identically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-tiny-'));
    writeTinyStaticModel(dir, ['lora', 'rank', 'adapter', 'gan']);
    const onnx = (await loadStaticEmbedder(dir)) as Embedder;
    const ts = (await loadStaticEmbedder(dir, { runtime: 'ts' })) as Embedder;
    const texts = ['lora rank', 'gan adapter lora', 'unknownword'];
    const [a, b] = [await onnx.embed(texts), await ts.embed(texts)];
    texts.forEach((_, i) => expect(maxDiff(a[i], b[i])).toBeLessThan(1e-5));
    await onnx.dispose();
  });
});
