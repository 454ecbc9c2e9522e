// Bring-your-own BERT-family model: WordPiece tokenizer.json, inputs fed as the graph declares
// them, mean pooling over the mask or `sentence_embedding`, normalisation.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BertOnnxEmbedder } from '../../src/core/search/bertEmbedder';
import type { SearchNotice } from '../../src/core/search/embedders';
import { WordPieceTokenizer } from '../../src/core/search/wordpiece';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { makeBank, makeQuestion, TINY_BERT_VOCAB, writeTinyBertModel } from './searchHelpers';

function expected(ids: number[], wordEmb: Float32Array, typeEmb: Float32Array | undefined, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const id of ids) for (let d = 0; d < dims; d++) v[d] += wordEmb[id * dims + d] + (typeEmb ? typeEmb[d] : 0);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('WordPiece tokenizer', () => {
  it('normalises, splits punctuation and matches longest sub-words', () => {
    const tok = new WordPieceTokenizer({
      model: { type: 'WordPiece', vocab: Object.fromEntries(TINY_BERT_VOCAB.map((t, i) => [t, i])), unk_token: '[UNK]' },
      post_processor: { type: 'BertProcessing', cls: ['[CLS]', 2], sep: ['[SEP]', 3] },
    });
    expect(tok.encode('Hello, worlds').ids).toEqual([2, 4, 9, 5, 6, 3]);
    expect(tok.encode('LoRA rank').ids).toEqual([2, 7, 8, 10, 3]);
    expect(tok.encode('zebra').ids).toEqual([2, 1, 3]);
    expect(tok.encode('Héllo').ids).toEqual([2, 4, 3]);
  });
});

describe('BertOnnxEmbedder', () => {
  for (const variant of [
    { tokenTypes: true, sentenceEmbedding: false },
    { tokenTypes: false, sentenceEmbedding: false },
    { tokenTypes: true, sentenceEmbedding: true },
  ]) {
    it(`embeds like the reference computation (${JSON.stringify(variant)})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gl-byo-'));
      const { wordEmb, typeEmb, dims } = writeTinyBertModel(dir, variant);
      const e = (await BertOnnxEmbedder.load(dir)) as BertOnnxEmbedder;
      expect(e).toBeDefined();
      expect(e.dims).toBe(dims);
      const texts = ['hello world', 'LoRA rank adapter, hellos', 'hello'];
      const vecs = await e.embed(texts);
      texts.forEach((t, i) => {
        const ids = e.tokenizer.encode(t).ids;
        const want = expected(ids, wordEmb, variant.tokenTypes ? typeEmb : undefined, dims);
        for (let d = 0; d < dims; d++) expect(vecs[i][d]).toBeCloseTo(want[d], 5);
      });
      await e.dispose();
    });
  }

  it('reports a notice and lets the index fall back to the bundled model path when the folder is unusable', async () => {
    const notices: SearchNotice[] = [];
    const bank = makeBank([makeQuestion('kv-cache', { title: 'What is the KV cache?' })]);
    const index = new SearchIndex({ bank, byoModelDir: join(tmpdir(), 'gl-no-byo'), modelDir: join(tmpdir(), 'gl-no-model'), onNotice: (n) => notices.push(n) });
    expect((await index.search('kv cache'))[0].id).toBe('kv-cache');
    expect(notices.map((n) => n.code)).toEqual(['byo-failed', 'model-missing']);
  });

  it('serves SearchIndex from a BYO model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-byo2-'));
    writeTinyBertModel(dir, { tokenTypes: true });
    const bank = makeBank([makeQuestion('lora', { title: 'LoRA rank adapter' }), makeQuestion('hello', { title: 'hello world' })]);
    const index = new SearchIndex({ bank, byoModelDir: dir });
    const hits = await index.search('lora adapter', { mode: 'dense' });
    expect(index.embedderKind).toBe('byo-onnx');
    expect(hits[0].id).toBe('lora');
    await index.dispose();
  });
});
