// BM25 field weights, fusion, metrics, dense views, the SearchIndex features and the vector cache.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/core/search/bm25';
import { fuseScores, normalizeMinMax } from '../../src/core/search/fusion';
import { queryMetrics, meanMetrics, pairedBootstrap } from '../../src/core/search/metrics';
import { gaussian, mulberry32 } from '../../scripts/train/rng';
import { loadStaticEmbedder, type Embedder } from '../../src/core/search/embedders';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { withUserQuestions } from '../../src/core/content/loadBank';
import { bankViews, DenseIndex, ViewKind } from '../../src/core/search/dense';
import { questionTexts } from '../../src/core/search/bankText';
import { DirectoryVectorCache, MemoryVectorCache, bankVectorKey } from '../../src/core/search/vectorCache';
import { makeBank, makeQuestion, writeTinyStaticModel } from './searchHelpers';

const doc = (id: string, over: Partial<{ title: string; aliases: string[]; body: string; tags: string[] }>) => ({
  id,
  title: over.title ?? '',
  aliases: over.aliases ?? [],
  tags: over.tags ?? [],
  apis: [],
  keyPoints: [],
  body: over.body ?? '',
  extra: [],
});

describe('BM25', () => {
  const index = new Bm25Index([
    doc('in-title', { title: 'Speculative decoding explained', body: 'A draft model proposes tokens.' }),
    doc('in-body', { title: 'Serving LLMs', body: 'Tricks include batching and speculative decoding among others.' }),
    doc('in-alias', { title: 'Quantization', aliases: ['make the model smaller with int4'] }),
    doc('ident', { title: 'LoRA settings', body: 'Set lora_alpha to twice the rank.' }),
  ]);

  it('weights title matches above body matches', () => {
    const hits = index.search('speculative decoding');
    expect(hits.map((h) => h.id)).toEqual(['in-title', 'in-body']);
  });

  it('matches aliases, identifiers split or whole, stems and small misspellings', () => {
    expect(index.search('smaller models')[0].id).toBe('in-alias');
    expect(index.search('lora_alpha')[0].id).toBe('ident');
    expect(index.search('alpha')[0].id).toBe('ident');
    expect(index.search('speculativ decodng')[0].id).toBe('in-title');
    expect(index.search('the of and')).toEqual([]);
  });
});

describe('fusion and metrics', () => {
  it('min-max normalises and combines convexly', () => {
    expect(Array.from(normalizeMinMax([2, 4, 6]))).toEqual([0, 0.5, 1]);
    expect(Array.from(normalizeMinMax([3, 3]))).toEqual([0, 0]);
    const ids = ['a', 'b', 'c'];
    const dense = [0.9, 0.5, 0.1];
    const bm = [{ id: 'c', score: 10 }, { id: 'b', score: 5 }];
    const onlyDense = fuseScores(ids, dense, bm, 1);
    expect(onlyDense[0]).toBeGreaterThan(onlyDense[1]);
    const onlyBm = fuseScores(ids, dense, bm, 0);
    expect(onlyBm[2]).toBeGreaterThan(onlyBm[1]);
    expect(onlyBm[1]).toBeGreaterThan(onlyBm[0]);
    const half = fuseScores(ids, dense, bm, 0.5);
    // a: 0.5·1 + 0 ; b: 0.5·0.5 + 0.5·0.5 ; c: 0 + 0.5·1
    expect(half[0]).toBeCloseTo(0.5, 4);
    expect(half[1]).toBeCloseTo(0.5, 4);
    expect(half[2]).toBeCloseTo(0.5, 4);
    expect(Array.from(fuseScores(ids, undefined, bm, 0.5))).toEqual([0, 0.5, 1]);
  });

  it('computes recall, MRR and nDCG with binary relevance', () => {
    const m = queryMetrics(['x', 'a', 'y', 'b'], ['a', 'b']);
    expect(m.recall1).toBe(0);
    expect(m.recall5).toBe(1);
    expect(m.mrr10).toBe(0.5);
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    expect(m.ndcg10).toBeCloseTo(dcg / (1 + 1 / Math.log2(3)), 6);
    expect(queryMetrics(['a'], ['a']).ndcg10).toBe(1);
    expect(meanMetrics([m, queryMetrics(['a'], ['a'])]).mrr10).toBe(0.75);
  });

  it('puts a paired bootstrap interval around a margin, as wide as its sampling error', () => {
    const same = [0.2, 0.9, 1, 0.5];
    expect(pairedBootstrap(same, same, mulberry32(1), { iterations: 500 })).toEqual({ mean: 0, lo: 0, hi: 0, atMost: 1 });
    const shifted = pairedBootstrap(same.map((x) => x + 0.1), same, mulberry32(1), { iterations: 500 });
    expect(shifted.lo).toBeCloseTo(0.1, 9);
    expect(shifted.hi).toBeCloseTo(0.1, 9);
    expect(shifted.atMost).toBe(0);
    // Per-query differences with mean ≈ 0.05 and spread 0.3 over 200 queries: the 95 % interval is
    // about ±1.96 · 0.3 / √200 = ±0.042 around the observed mean.
    const noise = gaussian(mulberry32(7));
    const b = Array.from({ length: 200 }, (_, i) => (i % 10) / 10);
    const a = b.map((x) => x + 0.05 + 0.3 * noise());
    const r = pairedBootstrap(a, b, mulberry32(3), { iterations: 4000, threshold: 0.05 });
    const diffs = a.map((x, i) => x - b[i]);
    const mean = diffs.reduce((s, x) => s + x, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / (diffs.length - 1));
    const halfWidth = 1.96 * sd / Math.sqrt(diffs.length);
    expect(r.mean).toBeCloseTo(mean, 12);
    expect(r.lo).toBeLessThan(r.mean);
    expect(r.hi).toBeGreaterThan(r.mean);
    expect((r.hi - r.lo) / 2 / halfWidth).toBeGreaterThan(0.85);
    expect((r.hi - r.lo) / 2 / halfWidth).toBeLessThan(1.15);
    // Share of resamples at or below 0.05: about the normal tail probability at the observed mean.
    const erf = (x: number) => {
      // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7)
      const t = 1 / (1 + 0.3275911 * Math.abs(x));
      const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
      return Math.sign(x) * y;
    };
    const tail = 0.5 * (1 + erf((0.05 - mean) / (sd / Math.sqrt(diffs.length)) / Math.SQRT2));
    expect(Math.abs(r.atMost - tail)).toBeLessThan(0.05);
    expect(pairedBootstrap(a, b, mulberry32(3), { iterations: 4000, threshold: 0.05 })).toEqual(r);
    expect(() => pairedBootstrap([1], [1, 2], mulberry32(1))).toThrow(/equal lengths/);
  });
});

describe('dense views', () => {
  // A toy embedder: one dimension per vocabulary word, L2-normalised counts.
  const vocab = ['perplexity', 'exponential', 'likelihood', 'average', 'metric', 'sampling', 'temperature'];
  const embedOne = (text: string) => {
    const v = new Float32Array(vocab.length);
    for (const w of text.toLowerCase().split(/\W+/)) if (vocab.includes(w)) v[vocab.indexOf(w)]++;
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  };
  const embedder: Embedder = { kind: 'ts', dims: vocab.length, modelHash: 'toy', embed: async (t) => t.map(embedOne), dispose: async () => {} };
  const bank = makeBank([
    makeQuestion('perplexity', {
      title: 'What is perplexity?',
      keyPoints: ['A language-model metric.', 'The exponential of the average negative log likelihood per token.'],
      body: 'Perplexity is a metric. '.repeat(3),
    }),
    makeQuestion('sampling', { title: 'Temperature sampling', keyPoints: ['Temperature rescales logits before sampling; average metric of exponential spread.'], body: 'Sampling sampling temperature.' }),
  ]);

  it('embeds each key point as its own view and scores a question by its best key point', async () => {
    const views = bankViews(questionTexts(bank));
    const passages = views.texts.filter((_, i) => views.kinds[i] === ViewKind.Passage);
    expect(passages).toEqual(['A language-model metric.', 'The exponential of the average negative log likelihood per token.', 'Temperature rescales logits before sampling; average metric of exponential spread.']);
    const index = await DenseIndex.build(views, embedder);
    const q = embedOne('exponential average likelihood');
    const withPassages = index.questionScores(q, { short: 0, summary: 0, body: 0, passage: 1 }).scores;
    // The best key point of `perplexity` shares all three words; its other key point shares none.
    expect(withPassages[0]).toBeCloseTo(1, 5);
    expect(withPassages[0]).toBeGreaterThan(withPassages[1]);
    const without = index.questionScores(q, { short: 1, summary: 0, body: 0 }).scores;
    expect(without[0]).toBe(0); // titles share no word with the query: the passage view is what finds it
  });
});

describe('SearchIndex', () => {
  const questions = [
    makeQuestion('lora-low-rank-adaptation', { title: 'How does LoRA work?', aliases: ['low rank adapters'], apis: ['peft:get_peft_model'], topic: 'fine-tuning' }),
    makeQuestion('lora-hyperparameters', { title: 'Choosing LoRA rank and alpha', aliases: ['what rank r to use'], topic: 'fine-tuning' }),
    makeQuestion('qlora-4bit-finetuning', { title: 'QLoRA: fine-tuning a 4-bit model', topic: 'fine-tuning' }),
    makeQuestion('kv-cache', { title: 'What is the KV cache?', topic: 'inference' }),
    makeQuestion('sampling', { title: 'Temperature and top_p sampling', topic: 'foundations' }),
  ];
  const apis = [
    { symbol: 'peft:LoraConfig', library: 'peft', title: 'LoRA adapter configuration', concept: 'LoRA', summary: 'Configures rank and alpha of LoRA adapters.', questions: ['lora-hyperparameters'], params: [{ name: 'lora_alpha', meaning: 'scaling' }], pitfalls: [], body: '' },
    { symbol: 'openai:chat.completions.create', library: 'openai', title: 'Chat completion', concept: 'Chat', summary: 'Generates a reply; temperature and top_p control sampling.', questions: ['sampling'], params: [], pitfalls: [], body: '' },
  ];
  const bank = makeBank(questions, apis);
  const dir = mkdtempSync(join(tmpdir(), 'gl-idx-'));
  writeTinyStaticModel(dir, ['lora', 'rank', 'alpha', 'cache', 'temperature', 'sampling', 'adapter']);

  it('serves hybrid, keyword and dense search with topic filter and k', async () => {
    const index = new SearchIndex({ bank, modelDir: dir, runtime: 'ts' });
    const hits = await index.search('lora rank alpha', { k: 3 });
    expect(hits).toHaveLength(3);
    expect(hits[0].id).toBe('lora-hyperparameters');
    expect(hits[0]).toMatchObject({ topic: 'fine-tuning', difficulty: 'easy' });
    expect((await index.search('lora', { topic: 'inference' })).every((h) => h.topic === 'inference')).toBe(true);
    expect((await index.search('kv cache', { mode: 'bm25' }))[0].id).toBe('kv-cache');
    expect((await index.search('kv cache', { mode: 'dense' })).length).toBeGreaterThan(0);
  });

  it('lists explicit links first for an API symbol, then similar questions', async () => {
    const index = new SearchIndex({ bank, modelDir: dir, runtime: 'ts' });
    const related = await index.relatedForSymbol('peft:LoraConfig', { k: 3 });
    expect(related[0]).toMatchObject({ id: 'lora-hyperparameters', via: 'link' });
    expect(related.slice(1).every((h) => h.via === 'similar')).toBe(true);
    expect(new Set(related.map((h) => h.id)).size).toBe(related.length);
    const fromQuestionSide = await index.relatedForSymbol('peft:get_peft_model', { k: 1 });
    expect(fromQuestionSide[0]).toMatchObject({ id: 'lora-low-rank-adaptation', via: 'link' });
  });

  it('ranks questions for a file from its symbols', async () => {
    const index = new SearchIndex({ bank, modelDir: dir, runtime: 'ts' });
    const hits = await index.questionsForSymbols(['peft:LoraConfig', 'peft:get_peft_model', 'openai:chat.completions.create'], { k: 4 });
    const linked = hits.filter((h) => h.via === 'link').map((h) => h.id);
    expect(linked).toEqual(expect.arrayContaining(['lora-hyperparameters', 'lora-low-rank-adaptation', 'sampling']));
    expect(hits.length).toBeLessThanOrEqual(4);
  });

  it('caches bank vectors on disk keyed by content and model hash', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gl-cache-'));
    const base = (await loadStaticEmbedder(dir, { runtime: 'ts' })) as Embedder;
    let calls = 0;
    const counting: Embedder = { ...base, kind: base.kind, dims: base.dims, modelHash: base.modelHash, embed: (t) => (calls++, base.embed(t)), dispose: () => base.dispose() };
    await new SearchIndex({ bank, embedder: counting, cache: cacheDir }).warmUp();
    expect(calls).toBe(1);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.f32'))).toHaveLength(1);
    const second = new SearchIndex({ bank, embedder: counting, cache: cacheDir });
    await second.warmUp();
    expect(calls).toBe(1);
    expect((await second.search('lora rank'))[0].id).toBe('lora-hyperparameters');
    expect(bankVectorKey('a', 'm', 16, 3)).not.toBe(bankVectorKey('b', 'm', 16, 3));
    expect(bankVectorKey('a', 'm', 16, 3)).not.toBe(bankVectorKey('a', 'n', 16, 3));
    const mem = new MemoryVectorCache();
    await mem.write('k', new Float32Array([1, 2]));
    expect(Array.from((await mem.read('k'))!)).toEqual([1, 2]);
    expect(await new DirectoryVectorCache(join(cacheDir, 'missing')).read('nope')).toBeUndefined();
  });

  it('computes new bank vectors when a user question is edited, not only when their number changes', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gl-user-'));
    const base = (await loadStaticEmbedder(dir, { runtime: 'ts' })) as Embedder;
    let calls = 0;
    const counting: Embedder = { ...base, kind: base.kind, dims: base.dims, modelHash: base.modelHash, embed: (t) => (calls++, base.embed(t)), dispose: () => base.dispose() };
    const team = makeQuestion('team-kv', { title: 'How do we size the KV cache?', topic: 'inference' });
    const edited = { ...team, title: 'How do we pick a LoRA rank for the team adapter?' };
    expect(withUserQuestions(bank, [])).toBe(bank);
    expect(withUserQuestions(bank, [team]).hash).toBe(withUserQuestions(bank, [{ ...team }]).hash);
    expect(withUserQuestions(bank, [edited]).hash).not.toBe(withUserQuestions(bank, [team]).hash);
    await new SearchIndex({ bank: withUserQuestions(bank, [team]), embedder: counting, cache: cacheDir }).warmUp();
    expect(calls).toBe(1);
    const after = new SearchIndex({ bank: withUserQuestions(bank, [edited]), embedder: counting, cache: cacheDir });
    await after.warmUp();
    expect(calls).toBe(2);
    const hits = await after.search('lora rank team adapter', { mode: 'dense', k: 3 });
    expect(hits.map((h) => h.id)).toContain('team-kv');
  });

  it('keeps the model until searches already running on a disposed index end, then searches by keyword', async () => {
    const base = (await loadStaticEmbedder(dir, { runtime: 'ts' })) as Embedder;
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Embedder = {
      kind: base.kind,
      dims: base.dims,
      modelHash: base.modelHash,
      embed: (t) => base.embed(t),
      embedQueries: async (t) => {
        events.push('embed query');
        await gate;
        return base.embed(t);
      },
      dispose: async () => void events.push('dispose'),
    };
    const index = new SearchIndex({ bank, embedder: slow });
    await index.warmUp();
    const running = index.search('lora rank alpha', { mode: 'dense' });
    await new Promise((r) => setTimeout(r, 0));
    const disposed = index.dispose();
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(['embed query']);
    release();
    expect((await running)[0].id).toBe('lora-hyperparameters');
    await disposed;
    await index.dispose();
    expect(events).toEqual(['embed query', 'dispose']);
    expect((await index.search('kv cache'))[0].id).toBe('kv-cache');
    expect(await index.warmUp()).toBe(false);
    expect(events).toEqual(['embed query', 'dispose']);
  });
});
